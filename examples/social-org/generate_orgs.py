#!/usr/bin/env python3
"""Generate SYNTHETIC assessment data for examples/social-org/model.json: 50 invented social
organisations (deterministic; standard library only, Random.random() only). The first row, SO-000
示例社工服务中心, holds the README's hand-worked inputs; the others are drawn around a hidden quality level.

    python3 examples/social-org/generate_orgs.py > examples/social-org/organisations.csv
"""
import csv
import math
import random
import sys

rng = random.Random(20251127)
KINDS = ("社工服务中心", "志愿者协会", "养老服务中心", "青少年服务社", "社区发展基金会")
PLACES = ("春晖", "和美", "同心", "睦邻", "阳光", "益众", "安康", "乐群", "启航", "仁爱")
HEADER = ["org_id", "name", "kind", "B1", "B2", "B3", "B4", "B5", "G1", "G2", "G3", "G4_violations",
          "G4_receipts", "G5", "G6", "W1", "W2", "W3", "W4", "W5", "S1", "S2", "S3"]
WORKED = ["SO-000", "示例社工服务中心", "社工服务中心", "true", "true", 70, 4, 26.5, "true", 3, 45, 1, 2,
          2, 90, 4, 12400, 92, 155, 2, 88, 84, 3]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def normal():
    u1, u2 = 1.0 - rng.random(), rng.random()
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def main():
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(HEADER)
    w.writerow(WORKED)
    for i in range(1, 50):
        q = clamp(0.6 + 0.22 * normal(), 0.05, 1.0)  # hidden quality

        def around(lo, hi, digits=0):
            v = clamp(lo + (hi - lo) * (q + 0.15 * normal()), lo * 0.5, hi * 1.2)
            return round(v, digits) if digits else int(round(v))

        name = PLACES[i % len(PLACES)] + KINDS[(i * 7) % len(KINDS)]
        w.writerow([f"SO-{i:03d}", f"{name}{i:02d}", KINDS[(i * 7) % len(KINDS)],
                    "true" if rng.random() < 0.97 else "false", "true" if rng.random() < 0.9 * q + 0.1 else "false",
                    around(10, 130), around(1, 7), around(2, 60, 1), "true" if rng.random() < q + 0.2 else "false",
                    around(0, 5), around(0, 70, 1), max(0, int(round(2 * (1 - q) * rng.random() * 2))),
                    max(0, int(round(6 * (1 - q) * rng.random()))), clamp(around(0, 3.4), 0, 3),
                    clamp(around(40, 100, 1), 0, 100), around(0, 7), around(500, 24000), clamp(around(55, 100, 1), 0, 100),
                    around(5, 320, 1), around(0, 5), clamp(around(55, 98, 1), 0, 100), clamp(around(55, 100, 1), 0, 100),
                    around(0, 6)])


if __name__ == "__main__":
    main()
