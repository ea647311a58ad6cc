"""The regional-42 workload's fixed facts, shared by the peers (issue 7): indicator order, groups,
directions, expert weights, grade bands, and the checksums every implementation prints."""
import numpy as np

N_IND = 42
GROUPS_PER_DIM = [3, 3, 3, 3, 2]
GROUP_OF = np.arange(N_IND) // 3                                   # indicator j -> group
DIM_OF_GROUP = np.repeat(np.arange(5), GROUPS_PER_DIM)             # group g -> dimension
COST = (np.arange(N_IND) % 6) == 5
EXPERT = (1 + (7 * np.arange(N_IND)) % 5).astype(float)
EXPERT /= EXPERT.sum()
GRADES = [(90.0, "A"), (80.0, "B"), (60.0, "C")]                   # else "D"


def indicator_ids():
    ids = []
    for j in range(N_IND):
        g = j // 3
        d = int(DIM_OF_GROUP[g])
        ids.append("D%dG%02dI%d" % (d + 1, g + 1, j % 3 + 1))
    return ids


def checksums(index, ranks, weights):
    """Three numbers that agree between implementations: the sum of the index over scored units,
    a position-weighted sum of the ranks (any rank swap changes it), and a position-weighted sum of
    the indicators' final weights."""
    index = np.asarray(index, dtype=float)
    ranks = np.asarray(ranks, dtype=np.int64)
    pos = (np.arange(len(ranks)) % 1000) + 1
    return (float(np.nansum(index)), int((ranks * pos).sum()),
            float((np.asarray(weights) * (np.arange(N_IND) + 1)).sum()))


def agree(a, b, rel=1e-9):
    """Checksums agree within a relative tolerance. Floats: summation order differs. Ranks: at 1M units
    some index values differ by ~1e-13 between implementations (the same sums rounded in another
    order), which can swap adjacent near-tied units; a swap moves the rank checksum by a few units in
    ~1e14, far inside 1e-9, while any real disagreement moves it by far more."""
    return all(abs(x - y) <= rel * abs(x) for x, y in zip(a, b))
