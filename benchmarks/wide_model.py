#!/usr/bin/env python3
"""Time loading and scoring a very wide model: one group with N binary indicators, one unit.

Why: column binding and fitting once looked a column up by scanning every column, so a 100,000-node
model took minutes; this measures that it now scales linearly. Not a pass/fail test.

    cmake --build build --target civiscore
    CIVISCORE_LIBRARY=build/lib/libciviscore.so /usr/bin/python3 benchmarks/wide_model.py 20000 100000
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bindings", "python"))
import civiscore  # noqa: E402


def wide_model(n):
    kids = [{"id": "i%d" % k, "rule": {"type": "binary"}} for k in range(n)]
    return json.dumps({"civiscore_model": 1, "id": "wide", "name": "wide", "root": {"id": "r", "children": kids}})


def main(sizes):
    print("| indicators | load (s) | fit + score one unit (s) |")
    print("|---:|---:|---:|")
    for n in sizes:
        text = wide_model(n)
        t0 = time.perf_counter()
        model = civiscore.Model.from_json(text)
        t1 = time.perf_counter()
        result = model.score([[1.0] * n])
        t2 = time.perf_counter()
        assert result.statuses == ["ok"]
        print(f"| {n:,} | {t1 - t0:.2f} | {t2 - t1:.2f} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [20000, 100000])
