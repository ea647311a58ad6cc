#!/usr/bin/env python3
"""How close civiscore and the numpy peer come to regional-42's exact entropy weights.

    CIVISCORE_LIBRARY=build-bench/lib/libciviscore.so /usr/bin/python3 benchmarks/accuracy.py DATA.csv

The reference takes every normalised value z by the textbook division and every z ln z from the
C library's log, and sums them exactly (math.fsum). The entropy weight of a column is 1 - E with E
close to 1 (1 - E is 0.001-0.03 in regional-42), so an error in the sum of z ln z grows by 1/(1 - E)
in the weight: the rounding of the terms alone leaves the reference within about 1e-13 of the
exact weights, and a sum rounded in plain order, as numpy's along a column, loses several digits
more. Prints the largest relative error of the 42 weights and the largest absolute error of the
index over all units, for the numpy peer and for civiscore.
A Python loop over every value: about 30 s at 10^6 units.
"""
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
sys.path.insert(0, os.path.join(HERE, "peers"))
import civiscore  # noqa: E402
import numpy_peer  # noqa: E402
import regional42 as R  # noqa: E402


def exact_weights(X):
    """Entropy x expert weights with Σ z and Σ z ln z summed exactly, column by column, and 1 - E."""
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    d = np.empty(R.N_IND)
    for j in range(R.N_IND):
        x = X[:, j][~np.isnan(X[:, j])]
        z = ((hi[j] - x) if R.COST[j] else (x - lo[j])) / (hi[j] - lo[j]) * 100.0
        total = math.fsum(z.tolist())
        terms = math.fsum(v * math.log(v) for v in z.tolist() if v > 0)
        # Σ p ln p with p = z / Σz is Σ z ln z / Σz - ln Σz.
        d[j] = 1.0 + (terms / total - math.log(total)) / math.log(len(z))
    e = d / d.sum()
    return R.EXPERT * e / (R.EXPERT * e).sum(), d


def index_of(X, w):
    """The index from the peer's normalised values and aggregation, with the given weights."""
    lo, hi = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
    Z = np.where(R.COST, hi - X, X - lo) / (hi - lo) * 100.0
    G = numpy_peer.weighted_mean_present(Z, w, R.GROUP_OF, 14)
    wg = np.bincount(R.GROUP_OF, weights=w)
    D = numpy_peer.weighted_mean_present(G, wg, R.DIM_OF_GROUP, 5)
    wd = np.bincount(R.DIM_OF_GROUP, weights=wg)
    return numpy_peer.weighted_mean_present(D, wd, np.zeros(5, dtype=int), 1)[:, 0]


def main():
    ids, X = numpy_peer.load(sys.argv[1])
    reference, one_minus_e = exact_weights(X)
    reference_index = index_of(X, reference)
    index, _, _, weights = numpy_peer.pipeline(X)
    model = civiscore.Model.from_file(os.path.join(HERE, "models", "regional-42.json"))
    result = model.score(X, unit_ids=ids, keep="depth:1")
    ours = np.array([result.effective_weights[i] for i in R.indicator_ids()])
    print(f"units {len(ids)}, 1 - E from {one_minus_e.min():.2g} to {one_minus_e.max():.2g}")
    for name, w, ix in (("numpy peer", weights, index), ("civiscore", ours, np.asarray(result.total))):
        print(f"{name:>10}: weights max relative error {np.max(np.abs(w - reference) / reference):.1e}, "
              f"index max absolute error {np.nanmax(np.abs(ix - reference_index)):.1e}")


if __name__ == "__main__":
    main()
