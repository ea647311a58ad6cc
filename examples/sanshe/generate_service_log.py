#!/usr/bin/env python3
"""Generate the SYNTHETIC service log and priority-group registry of the 三社联动 example.

From communities.csv (made by generate_communities.py) this writes, deterministically (standard library
only, the same Random.random()-only discipline as generate_communities.py):

- service-log.csv: one row per service record on the community platform in 2025:
  unit_id, period (2025Q1..Q4), person_id, service_type, date, quantity, response_hours
    visit     a home visit to one person (quantity 1), mostly to people on the priority registry
    request   a resident's service request (quantity 1) with the hours until it was answered
    activity  a group activity without a person id; quantity = participants (person-times)
- priority-registry.csv: unit_id, person_id, group: the priority group (重点人群: elderly living alone,
  children in difficulty, disabled residents, subsistence-allowance households) of each community;
- communities-platform.csv: communities.csv without I14, I15 and I16, which the model's "logs" section
  derives from the two files above (docs/service-logs.md):
    I14 重点人群服务覆盖率 = served registry persons / registry size * 100
    I15 千人服务人次      = sum(quantity) / population * 1000
    I16 服务需求响应及时率 = requests answered within 24 h / requests * 100

The records are drawn so that the derived values land near the values communities.csv holds, so the
scores tell the same story. QX-005 (the community without any evidence) has a registry but no records:
its I14 and I15 come out 0 and its I16 missing.

    python3 examples/sanshe/generate_service_log.py            # writes the three files beside it
"""

import csv
import io
import math
import os
import random
import sys

SEED = 20251127
HERE = os.path.dirname(os.path.abspath(__file__))
DERIVED = ("I14", "I15", "I16")
GROUPS = ("独居老人", "空巢老人", "困境儿童", "残疾人", "低保对象")


class Draw:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def below(self, n):
        return min(int(self.rng.random() * n), n - 1)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.rng.random()


def day_of_2025(day):
    """ISO date and quarter of day 0..364 of 2025."""
    months = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    m = 0
    while day >= months[m]:
        day -= months[m]
        m += 1
    return "2025-%02d-%02d" % (m + 1, day + 1), "2025Q%d" % (m // 3 + 1)


def main():
    with open(os.path.join(HERE, "communities.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    d = Draw(SEED)
    log, registry = [], []
    for row in rows:
        unit, population = row["unit_id"], float(row["population"])
        size = max(6, round(population / 400))
        people = ["%s-P%03d" % (unit, j + 1) for j in range(size)]
        for p in people:
            registry.append((unit, p, GROUPS[d.below(len(GROUPS))]))
        if not any(row[k] for k in row if k.startswith("I")):
            continue  # the community without evidence: registered people, no platform records
        coverage = float(row["I14"]) if row["I14"] else d.uniform(60, 95)
        per_1000 = float(row["I15"]) if row["I15"] else d.uniform(400, 1400)
        timely = float(row["I16"]) if row["I16"] else d.uniform(80, 98)
        records = []
        served = min(size, round(coverage / 100 * size))
        for p in people[:served]:
            for _ in range(1 + d.below(2)):
                records.append(["visit", p, 1, ""])
        for j in range(d.below(4)):  # visits to people who are not on the registry
            records.append(["visit", "%s-V%03d" % (unit, j + 1), 1, ""])
        n_req = 10 + d.below(21)
        in_time = round(timely / 100 * n_req)
        for j in range(n_req):
            hours = 1 + d.below(24) if j < in_time else 25 + d.below(96)
            records.append(["request", "%s-R%03d" % (unit, j + 1), 1, str(hours)])
        remaining = round(per_1000 * population / 1000) - len(records)
        while remaining > 0:
            q = min(remaining, 80 + d.below(320))
            records.append(["activity", "", q, ""])
            remaining -= q
        # Shuffle into date order: each record gets a day of 2025.
        dated = sorted((d.below(365), i, r) for i, r in enumerate(records))
        for day, _, (kind, person, q, hours) in dated:
            date, period = day_of_2025(day)
            log.append((unit, period, person, kind, date, q, hours))

    def write(name, header, data):
        buf = io.StringIO(newline="")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
            f.write(buf.getvalue())

    write("service-log.csv", ("unit_id", "period", "person_id", "service_type", "date", "quantity",
                              "response_hours"), log)
    write("priority-registry.csv", ("unit_id", "person_id", "group"), registry)
    keep = [c for c in rows[0].keys() if c not in DERIVED]
    write("communities-platform.csv", keep, ([r[c] for c in keep] for r in rows))
    print("%d records, %d registry persons, %d communities" % (len(log), len(registry), len(rows)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
