#!/usr/bin/env python3
"""Synthetic service log for the log-aggregation benchmark (needs numpy and pandas; /usr/bin/python3).

    /usr/bin/python3 benchmarks/logs/generate.py [--records 10000000] [--units 100000] [--out DIR]

Writes DIR/units.csv (unit_id, population), DIR/registry.csv (unit_id, person_id: 8 priority persons
per unit) and DIR/services.csv: records in date order within each block of a million (not grouped by unit), columns unit_id, period,
person_id, service_type, date, quantity, response_hours:
  visit 50 % (quantity 1, a person of the unit, a third of them on its registry),
  request 20 % (quantity 1, a person, response hours 1..120),
  activity 30 % (no person, quantity 10..200 participants).
Seeded: the same arguments give the same files.
"""
import argparse
import os

import numpy as np
import pandas as pd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=10_000_000)
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(20251127)
    n, m = a.records, a.units
    unit_names = np.array(["U%06d" % i for i in range(m)], dtype=object)
    pd.DataFrame({"unit_id": unit_names, "population": rng.integers(1500, 16000, m)}).to_csv(
        os.path.join(a.out, "units.csv"), index=False)
    reg_units = np.repeat(np.arange(m), 8)
    reg_people = np.tile(np.arange(8), m)
    pd.DataFrame({"unit_id": unit_names[reg_units],
                  "person_id": [f"{unit_names[u]}-P{k:03d}" for u, k in zip(reg_units, reg_people)]}).to_csv(
        os.path.join(a.out, "registry.csv"), index=False)

    chunk = 1_000_000
    path = os.path.join(a.out, "services.csv")
    days = pd.date_range("2025-01-01", "2025-12-31").strftime("%Y-%m-%d").to_numpy()
    for start in range(0, n, chunk):
        k = min(chunk, n - start)
        unit = rng.integers(0, m, k)
        kind = rng.choice(np.array(["visit", "request", "activity"]), k, p=[0.5, 0.2, 0.3])
        # visits: persons 0..23 of the unit (0..7 are the registry); requests: 100..159
        person_no = np.where(kind == "visit", rng.integers(0, 24, k), rng.integers(100, 160, k))
        person = pd.Series(unit_names[unit]) + "-P" + pd.Series(person_no).map("{:03d}".format)
        person[kind == "activity"] = ""
        quantity = np.where(kind == "activity", rng.integers(10, 201, k), 1)
        hours = pd.Series(rng.integers(1, 121, k).astype(str))
        hours[kind != "request"] = ""
        day = np.sort(rng.integers(0, 365, k))
        date = days[day]
        period = pd.Series(date).str.slice(0, 4) + "Q" + ((pd.Series(day) * 4 // 365) + 1).astype(str)
        pd.DataFrame({"unit_id": unit_names[unit], "period": period, "person_id": person,
                      "service_type": kind, "date": date, "quantity": quantity,
                      "response_hours": hours}).to_csv(path, index=False, header=start == 0,
                                                       mode="w" if start == 0 else "a")
        print(f"{start + k} records", flush=True)


if __name__ == "__main__":
    main()
