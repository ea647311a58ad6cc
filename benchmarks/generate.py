#!/usr/bin/env python3
"""The regional-42 benchmark workload (issue 7): its model and deterministic data.

    /usr/bin/python3 benchmarks/generate.py model  > benchmarks/models/regional-42.json
    /usr/bin/python3 benchmarks/generate.py data 10000 100000 1000000 --out build-bench/data   # build*/ is git-ignored

Data: N units x 42 indicators, unit ids C0000001..., about 1% empty cells, columns of three realistic
kinds cycling over j (rates in [0, 100] with one decimal, money with two decimals and a long right
tail, small integer counts with many ties). Seed 20261127 + N, so each size is reproducible alone.
"""
import argparse
import json
import os
import sys

N_IND = 42
GROUPS_PER_DIM = [3, 3, 3, 3, 2]


def indicator_id(j):
    g = j // 3
    d = 0
    first = 0
    while g >= first + GROUPS_PER_DIM[d]:
        first += GROUPS_PER_DIM[d]
        d += 1
    return "D%dG%02dI%d" % (d + 1, g + 1, j % 3 + 1)


def expert_weight(j):
    return 1 + (7 * j) % 5


def is_cost(j):
    return j % 6 == 5


def model():
    dims = []
    j = 0
    g = 0
    for d, n_groups in enumerate(GROUPS_PER_DIM):
        groups = []
        for _ in range(n_groups):
            inds = []
            for _ in range(3):
                ind = {"id": indicator_id(j), "weight": expert_weight(j),
                       "rule": {"type": "min_max", "range": [0, 100]}}
                if is_cost(j):
                    ind["direction"] = "cost"
                inds.append(ind)
                j += 1
            groups.append({"id": "D%dG%02d" % (d + 1, g + 1), "children": inds})
            g += 1
        dims.append({"id": "D%d" % (d + 1), "children": groups})
    return {
        "civiscore_model": 1,
        "id": "regional-42",
        "name": "regional-42 benchmark workload (issue 7)",
        "description": "5 dimensions, 14 groups, 42 indicators; min-max onto [0, 100]; entropy weights of the "
                       "normalised columns times expert weights, summed up the tree; arithmetic means over present children.",
        "grades": [{"label": "A", "min": 90}, {"label": "B", "min": 80}, {"label": "C", "min": 60}, {"label": "D"}],
        "root": {
            "id": "index",
            "weights": {"method": "combined", "rule": "multiplicative", "over": "indicators",
                        "subjective": {"method": "explicit"}, "objective": {"method": "entropy"}},
            "children": dims,
        },
    }


def columns(n, seed):
    import numpy as np
    rng = np.random.default_rng(seed)
    cols = {}
    for j in range(N_IND):
        kind = j % 3
        if kind == 0:    # a rate in percent, skewed towards high coverage
            x = np.round(100 * rng.beta(5 + j % 4, 2, n), 1)
        elif kind == 1:  # money (yuan per resident): lognormal, two decimals
            x = np.round(rng.lognormal(6 + (j % 5) * 0.3, 0.8, n), 2)
        else:            # a count of events: few distinct values, many ties
            x = rng.poisson(2 + j % 7, n).astype(float)
        x[rng.random(n) < 0.01] = np.nan
        cols[indicator_id(j)] = (kind, x)
    return cols


def write_csv(n, path):
    import numpy as np
    cols = columns(n, 20261127 + n)
    texts = [np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 7))]
    for j in range(N_IND):
        kind, x = cols[indicator_id(j)]
        fmt = {0: "%.1f", 1: "%.2f", 2: "%.0f"}[kind]
        s = np.char.mod(fmt, np.nan_to_num(x))
        s[np.isnan(x)] = ""
        texts.append(s)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(",".join(["unit_id"] + [indicator_id(j) for j in range(N_IND)]) + "\n")
        step = 100000
        for a in range(0, n, step):
            rows = np.stack([t[a:a + step] for t in texts], axis=1)
            f.write("\n".join(",".join(r) for r in rows.tolist()) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["model", "data"])
    ap.add_argument("sizes", nargs="*", type=int)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build-bench", "data"))
    a = ap.parse_args()
    if a.what == "model":
        json.dump(model(), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    os.makedirs(a.out, exist_ok=True)
    for n in a.sizes or [10000, 100000, 1000000]:
        path = os.path.join(a.out, "regional-42-%d.csv" % n)
        write_csv(n, path)
        print(path)


if __name__ == "__main__":
    main()
