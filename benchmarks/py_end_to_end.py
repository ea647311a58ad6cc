#!/usr/bin/env python3
"""regional-42 through the Python binding (ctypes over the C ABI): fit + score + rank + grade of an
in-memory numpy matrix keeping the index and its dimensions (keep="depth:1"), timed per run, with the
checksums of benchmarks/peers/regional42.py so the result is checked against the numpy peer in the
same run.

    CIVISCORE_LIBRARY=build-bench/lib/libciviscore.so /usr/bin/python3 benchmarks/py_end_to_end.py DATA.csv [runs] [threads]
"""
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
sys.path.insert(0, os.path.join(HERE, "peers"))
import civiscore  # noqa: E402
import numpy_peer  # noqa: E402
import regional42 as R  # noqa: E402


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    ids, X = numpy_peer.load(path)
    model = civiscore.Model.from_file(os.path.join(HERE, "models", "regional-42.json"))
    assert model.input_columns == R.indicator_ids()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = model.score(X, unit_ids=ids, threads=threads, keep="depth:1")  # index and dimensions
        index, ranks = result.total, result.ranks
        times.append(time.perf_counter() - t)
    weights = np.array([result.effective_weights[i] for i in R.indicator_ids()])
    print("python", " ".join("%.6f" % t for t in times))
    print("checksums", *R.checksums(index, ranks, weights))


if __name__ == "__main__":
    main()
