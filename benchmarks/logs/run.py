#!/usr/bin/env python3
"""Service-log aggregation: civiscore against pandas groupby, same indicators, results compared.

    /usr/bin/python3 benchmarks/logs/run.py --civiscore build-release/bin/civiscore [--data DIR]

Both sides start from the CSV files and end with one row per unit holding the six indicators of
benchmarks/logs/model.json (count of visits, distinct persons, person-times per 1,000 residents,
registry coverage, p90 response hours, share of requests answered within 24 h). civiscore streams the
log (`civiscore aggregate-logs`); pandas reads it with read_csv (the C engine) and aggregates with
groupby. Timings are wall-clock and CPU (user + system) seconds, best of --repeat runs; peak memory is the child's max RSS (civiscore)
and this process's max RSS growth (pandas). Not a pass/fail test.
"""
import argparse
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))


def run_civiscore(exe, data, out):
    cmd = [exe, "aggregate-logs", "--model", os.path.join(HERE, "model.json"),
           "--data", os.path.join(data, "units.csv"),
           "--log", "services=" + os.path.join(data, "services.csv"),
           "--registry", "priority=" + os.path.join(data, "registry.csv"), "--out", out]
    t, r0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return time.perf_counter() - t, cpu, cmd


def run_pandas(data):
    t, cpu0 = time.perf_counter(), time.process_time()
    units = pd.read_csv(os.path.join(data, "units.csv"), dtype={"unit_id": str}).set_index("unit_id")
    reg = pd.read_csv(os.path.join(data, "registry.csv"), dtype=str)
    log = pd.read_csv(os.path.join(data, "services.csv"),
                      dtype={"unit_id": str, "period": str, "person_id": str, "service_type": str, "date": str,
                             "quantity": "float64", "response_hours": "float64"})
    log = log[log.unit_id.isin(units.index)]
    g = log.groupby("unit_id")
    out = pd.DataFrame(index=units.index)
    out["visits"] = log[log.service_type == "visit"].groupby("unit_id").size()
    out["persons"] = log.dropna(subset=["person_id"]).groupby("unit_id").person_id.nunique()
    out["person_times_per_1000"] = g.quantity.sum() / units.population * 1000
    reg = reg.drop_duplicates()
    served = log.dropna(subset=["person_id"])[["unit_id", "person_id"]].drop_duplicates()
    covered = served.merge(reg, on=["unit_id", "person_id"]).groupby("unit_id").size()
    size = reg.groupby("unit_id").size()
    out["priority_coverage"] = covered.reindex(size.index, fill_value=0) / size * 100
    req = log[log.service_type == "request"]
    rg = req.groupby("unit_id").response_hours
    out["response_p90"] = rg.quantile(0.9)
    out["answered_in_24h"] = (req.response_hours <= 24).groupby(req.unit_id).mean() * 100
    for c in ("visits", "persons", "person_times_per_1000"):
        out[c] = out[c].fillna(0)
    return time.perf_counter() - t, time.process_time() - cpu0, out, len(log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--civiscore", required=True)
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.data, "services.csv")):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", a.data], check=True)
    out_csv = os.path.join(a.data, "civiscore-out.csv")
    c_times, c_cpu = [], []
    for _ in range(a.repeat):
        t, cpu, cmd = run_civiscore(a.civiscore, a.data, out_csv)
        c_times.append(t)
        c_cpu.append(cpu)
    c_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p_times, p_cpu = [], []
    for _ in range(a.repeat):
        t, cpu, ref, n = run_pandas(a.data)
        p_times.append(t)
        p_cpu.append(cpu)
    p_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    got = pd.read_csv(out_csv, dtype={"unit_id": str}).set_index("unit_id")
    worst = 0.0
    for c in ref.columns:
        x, y = got[c].to_numpy(float), ref[c].reindex(got.index).to_numpy(float)
        if not np.array_equal(np.isnan(x), np.isnan(y)):
            sys.exit(f"{c}: missing values differ")
        ok = ~np.isnan(x)
        if not np.allclose(x[ok], y[ok], rtol=1e-12, atol=1e-9):
            sys.exit(f"{c}: values differ, e.g. {x[ok][:3]} vs {y[ok][:3]}")
        worst = max(worst, float(np.max(np.abs(x[ok] - y[ok]), initial=0.0)))
    size_mb = os.path.getsize(os.path.join(a.data, "services.csv")) / 1e6
    print(f"records: {n} ({size_mb:.0f} MB CSV), units: {len(got)}, indicators: {len(ref.columns)}")
    print(f"results equal: largest difference {worst:.3g}")
    print(f"civiscore aggregate-logs: {min(c_times):.2f} s wall, {min(c_cpu):.2f} s CPU, peak RSS {c_rss:.0f} MB")
    print(f"pandas read_csv + groupby: {min(p_times):.2f} s wall, {min(p_cpu):.2f} s CPU, "
          f"peak RSS {p_rss:.0f} MB (before: {rss0:.0f} MB)")
    print(f"ratio: {min(p_times) / min(c_times):.1f}x wall, {min(p_cpu) / min(c_cpu):.1f}x CPU")
    print("command: " + " ".join(cmd))


if __name__ == "__main__":
    main()
