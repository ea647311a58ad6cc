#!/usr/bin/env python3
"""regional-42 the numpy way (issue 7's peer): what a competent analyst writes with numpy.

Fit + score + rank + grade of an N x 42 float64 matrix (NaN = missing); `pipeline` is what is timed.

    /usr/bin/python3 benchmarks/peers/numpy_peer.py build-bench/data/regional-42-10000.csv [runs]
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import regional42 as R  # noqa: E402


def weighted_mean_present(V, w, members, n_out):
    """Weighted arithmetic mean of each output's members, weights re-normalised over the present ones."""
    out = np.empty((V.shape[0], n_out))
    for g in range(n_out):
        cols = np.flatnonzero(members == g)
        sub = V[:, cols]
        present = ~np.isnan(sub)
        num = np.where(present, sub, 0.0) @ w[cols]
        den = present @ w[cols]
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, g] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    return out


def ranks_desc_min(x):
    """1 = best, ties share the lowest rank, NaN unranked (0)."""
    n = len(x)
    ok = ~np.isnan(x)
    idx = np.flatnonzero(ok)
    order = idx[np.argsort(-x[idx], kind="stable")]
    s = x[order]
    first = np.r_[True, s[1:] != s[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(len(s)), 0))
    r = np.zeros(n, dtype=np.int64)
    r[order] = start + 1
    return r


def pipeline(X):
    mn = np.nanmin(X, axis=0)
    mx = np.nanmax(X, axis=0)
    span = mx - mn
    with np.errstate(invalid="ignore", divide="ignore"):
        Z = np.where(R.COST, mx - X, X - mn) / span * 100.0
    Z[:, span == 0] = np.where(np.isnan(X[:, span == 0]), np.nan, 50.0)
    n = (~np.isnan(Z)).sum(axis=0)
    P = Z / np.nansum(Z, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    E = -plogp.sum(axis=0) / np.log(n)
    d = 1.0 - E
    e = d / d.sum()
    w = R.EXPERT * e / (R.EXPERT * e).sum()
    G = weighted_mean_present(Z, w, R.GROUP_OF, 14)
    wg = np.bincount(R.GROUP_OF, weights=w)
    D = weighted_mean_present(G, wg, R.DIM_OF_GROUP, 5)
    wd = np.bincount(R.DIM_OF_GROUP, weights=wg)
    index = weighted_mean_present(D, wd, np.zeros(5, dtype=int), 1)[:, 0]
    ranks = ranks_desc_min(index)
    grade = np.select([index >= 90, index >= 80, index >= 60, ~np.isnan(index)], ["A", "B", "C", "D"], "")
    return index, ranks, grade, w


def load(path):
    """Untimed: the in-memory benchmark starts from the matrix. round_trip parses every cell to the
    nearest double, as civiscore's reader does, so all implementations see identical inputs."""
    import pandas as pd
    df = pd.read_csv(path, dtype={"unit_id": str}, float_precision="round_trip")
    return df["unit_id"].tolist(), np.ascontiguousarray(df[R.indicator_ids()].to_numpy(dtype=float))


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    _, X = load(path)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        index, ranks, grade, w = pipeline(X)
        times.append(time.perf_counter() - t)
    print("numpy", " ".join("%.6f" % t for t in times))
    print("checksums", *R.checksums(index, ranks, w))


if __name__ == "__main__":
    main()
