#!/usr/bin/env python3
"""regional-42 the pandas way (issue 7's peer): DataFrame operations throughout.

    /usr/bin/python3 benchmarks/peers/pandas_peer.py DATA.csv [runs]            # in memory: fit + score + rank + grade
    /usr/bin/python3 benchmarks/peers/pandas_peer.py DATA.csv [runs] --csv OUT  # read_csv + numpy pipeline + to_csv

The second form is the CSV -> scored CSV peer of issue 7: pandas read_csv, the numpy peer's pipeline,
then to_csv of the index, rank and grade.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy_peer  # noqa: E402
import regional42 as R  # noqa: E402

IDS = R.indicator_ids()
GROUP_IDS = ["G%02d" % (g + 1) for g in range(14)]
DIM_IDS = ["D%d" % (d + 1) for d in range(5)]


def mean_present(df, w, members):
    """Weighted mean per member set, weights re-normalised over present cells."""
    out = {}
    for name, cols in members.items():
        sub = df[cols]
        ww = pd.Series(w, index=df.columns)[cols]
        num = sub.mul(ww, axis=1).sum(axis=1, min_count=1)
        den = sub.notna().mul(ww, axis=1).sum(axis=1)
        out[name] = num / den.where(den > 0)
    return pd.DataFrame(out, index=df.index)


def pipeline(df):
    mn, mx = df.min(), df.max()
    span = mx - mn
    cost = df.columns[R.COST]
    Z = df.sub(mn)
    Z[cost] = mx[cost] - df[cost]
    Z = Z.div(span).mul(100.0)
    Z.loc[:, span == 0] = df.loc[:, span == 0].notna().replace({True: 50.0, False: np.nan})
    P = Z / Z.sum()
    plogp = (P * np.log(P.where(P > 0))).fillna(0.0).where(P.notna())
    E = -plogp.sum() / np.log(Z.count())
    d = 1.0 - E
    e = d / d.sum()
    w = pd.Series(R.EXPERT, index=df.columns) * e
    w = w / w.sum()
    groups = {GROUP_IDS[g]: [IDS[j] for j in range(R.N_IND) if R.GROUP_OF[j] == g] for g in range(14)}
    G = mean_present(Z, w.to_numpy(), groups)
    wg = pd.Series({GROUP_IDS[g]: w[groups[GROUP_IDS[g]]].sum() for g in range(14)})
    dims = {DIM_IDS[d]: [GROUP_IDS[g] for g in range(14) if R.DIM_OF_GROUP[g] == d] for d in range(5)}
    D = mean_present(G, wg.to_numpy(), dims)
    wd = pd.Series({k: wg[v].sum() for k, v in dims.items()})
    index = mean_present(D, wd.to_numpy(), {"index": DIM_IDS})["index"]
    rank = index.rank(method="min", ascending=False).fillna(0).astype(np.int64)
    grade = pd.cut(index, [-np.inf, 60, 80, 90, np.inf], right=False, labels=["D", "C", "B", "A"])
    return index, rank, grade, w


def csv_to_csv(path, out):
    df = pd.read_csv(path, dtype={"unit_id": str}, float_precision="round_trip")
    index, ranks, grade, w = numpy_peer.pipeline(np.ascontiguousarray(df[IDS].to_numpy(dtype=float)))
    pd.DataFrame({"unit_id": df["unit_id"], "index": index, "rank": ranks, "grade": grade}).to_csv(out, index=False)
    return index, ranks, w


def main():
    args = sys.argv[1:]
    out = None
    if "--csv" in args:
        i = args.index("--csv")
        out = args[i + 1]
        del args[i:i + 2]
    path = args[0]
    runs = int(args[1]) if len(args) > 1 else 5
    times = []
    if out:
        for _ in range(runs):
            t = time.perf_counter()
            index, ranks, w = csv_to_csv(path, out)
            times.append(time.perf_counter() - t)
        print("pandas_csv", " ".join("%.6f" % t for t in times))
    else:
        df = pd.read_csv(path, dtype={"unit_id": str}, float_precision="round_trip").set_index("unit_id")
        for _ in range(runs):
            t = time.perf_counter()
            index, ranks, grade, w = pipeline(df)
            times.append(time.perf_counter() - t)
        print("pandas", " ".join("%.6f" % t for t in times))
        index, ranks, w = index.to_numpy(), ranks.to_numpy(), w.to_numpy()
    print("checksums", *R.checksums(index, ranks, w))


if __name__ == "__main__":
    main()
