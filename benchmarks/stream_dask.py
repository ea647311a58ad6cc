#!/usr/bin/env python3
"""A CSV larger than the memory the run uses, scored by streaming (issue 7, scale curves).

regional-42 with fixed expert weights (models/regional-42.json without its learned root weights: a
group weighs the sum of its indicators' expert weights, a dimension the sum of its groups'), so fit is
mergeable: the CSV is read in blocks (by default civiscore.dask.read_csv, each block parsed by the
library; `--reader pandas` for dask.dataframe.read_csv), each block's partial statistics (count, min,
max, mean, m2 per indicator) are merged in a tree, and every block is then scored with the merged
state, with global competition ranks from the partitions' counts of distinct root scores
(civiscore.dask.score). Nothing holds the whole file. The scored parts are written as CSV files (unit_id, status, index, rank, grade).

Prints the wall time, the peak resident memory of the process (dask's threads included) and the
input size; then checks the streamed result against the same model scored in memory by the CLI when
--check is given (Σ index and the rank checksum of benchmarks/peers/regional42.py).

    /usr/bin/python3 benchmarks/generate.py data 5000000 --out build-bench/data
    CIVISCORE_LIBRARY=build-bench/lib/libciviscore.so /usr/bin/python3 benchmarks/stream_dask.py \\
        build-bench/data/regional-42-5000000.csv build-bench/stream-out [--blocksize 32MB] [--check]
"""
import argparse
import glob
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))

import dask  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import numpy as np  # noqa: E402

import civiscore  # noqa: E402
import civiscore.dask as cdask  # noqa: E402


def fixed_weight_model():
    """regional-42 with the expert weights summed up the tree instead of learned entropy weights."""
    doc = json.load(open(os.path.join(HERE, "models", "regional-42.json"), encoding="utf-8"))
    root = doc["root"]
    del root["weights"]
    doc["id"] = "regional-42-fixed"
    doc["name"] = "regional-42 with fixed expert weights (mergeable fit)"
    for dim in root["children"]:
        for group in dim["children"]:
            group["weight"] = sum(ind["weight"] for ind in group["children"])
        dim["weight"] = sum(group["weight"] for group in dim["children"])
    return doc


def rank_checksum(ranks):
    r = np.asarray(ranks, dtype=np.int64)
    return int((r * (np.arange(len(r)) % 1000 + 1)).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--blocksize", default="32MB")
    ap.add_argument("--threads", type=int, default=2, help="dask worker threads")
    ap.add_argument("--reader", choices=["civiscore", "pandas"], default="civiscore",
                    help="who parses each block: civiscore.dask.read_csv or dask.dataframe.read_csv")
    ap.add_argument("--check", action="store_true", help="compare with the CLI scoring the file in memory")
    a = ap.parse_args()
    doc = fixed_weight_model()
    model = civiscore.Model.from_json(json.dumps(doc))
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)

    t = time.perf_counter()
    with dask.config.set(scheduler="threads", num_workers=a.threads):
        if a.reader == "civiscore":  # every block parsed by the library (civiscore.dask.read_csv)
            ddf = cdask.read_csv(a.data, model, blocksize=a.blocksize)
        else:
            ddf = dd.read_csv(a.data, blocksize=a.blocksize, dtype={"unit_id": str}, assume_missing=True,
                              float_precision="round_trip")
        # Three passes over the file, each holding only the blocks in flight: fit (partial statistics
        # merged), the root scores' value counts (the global rank table, made inside score), then
        # scoring again with the table and writing.
        root = model.node_ids[0]
        fitted = cdask.fit(ddf, model)
        scored = cdask.score(ddf, model, fitted, keep=[root])
        scored[["unit_id", "status", root, "rank", "grade"]].to_csv(os.path.join(a.out, "part-*.csv"), index=False)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    size = os.path.getsize(a.data)
    print(f"stream reader {a.reader} units_file_bytes {size} partitions {ddf.npartitions} seconds {seconds:.2f} "
          f"peak_rss_bytes {peak} peak_over_file {peak / size:.2f}")

    if a.check:
        import pandas as pd
        parts = sorted(glob.glob(os.path.join(a.out, "part-*.csv")), key=lambda p: int(p.rsplit("-", 1)[1][:-4]))
        got = pd.concat([pd.read_csv(p, dtype={"unit_id": str}) for p in parts], ignore_index=True)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "model.json")
            json.dump(doc, open(path, "w", encoding="utf-8"))
            cli = os.path.join(os.path.dirname(os.environ.get("CIVISCORE_LIBRARY", "build-bench/lib/x")), "..", "bin",
                               "civiscore")
            out = os.path.join(tmp, "scored.csv")
            subprocess.run([cli, "score", "--model", path, "--data", a.data, "--out", out, "--format", "csv",
                            "--keep", "index"], check=True)
            want = pd.read_csv(out, dtype={"unit_id": str})
        root = model.node_ids[0]
        same_ids = bool((got["unit_id"].to_numpy() == want["unit_id"].to_numpy()).all())
        max_diff = float(np.nanmax(np.abs(got[root].to_numpy() - want[root].to_numpy())))
        ranks_equal = bool((got["rank"].fillna(0).to_numpy(dtype=np.int64) ==
                            want["rank"].fillna(0).to_numpy(dtype=np.int64)).all())
        print(f"check units {len(got)} same_ids {same_ids} max_abs_index_diff {max_diff:.3g} ranks_equal {ranks_equal} "
              f"rank_checksum {rank_checksum(got['rank'].fillna(0))}")
        if not (same_ids and max_diff < 1e-9 and ranks_equal):
            sys.exit("the streamed result differs from the in-memory one")


if __name__ == "__main__":
    main()
