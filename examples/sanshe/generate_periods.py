#!/usr/bin/env python3
"""Generate the multi-period 三社联动 example for `civiscore assess` (examples/sanshe/ASSESSMENT.md).

Writes, next to this script:
  periods.csv  -- 24 synthetic communities (12 urban, 12 rural, 3 districts) x 10 periods
                  (2024Q1..2024Q4, 2024, 2025Q1..2025Q4, 2025), long format with a `period` column,
                  every model input column, and the plan's adjustment columns (bonus, deduction,
                  rectification and veto flags).
  ratings.csv  -- rater layers for the annual periods: I17 (resident survey, 4 survey teams) and
                  I18 (third party, 3 assessors), long format: unit_id,indicator,source,rater,value,period.

Every value is invented (seeded random, standard library only, deterministic on any Python 3).
Planted cases:
  JY-03  bonus case: a provincial honour (B2) and a municipal honour (B1) in 2025
  LH-04  veto case: a major safety incident (V2) in 2025
  LH-06  fails both years (不合格 2024 and 2025) -> accountability rule A1 (exit)
  JY-05  a complaint deduction (M1) not rectified at re-visit (M3 doubles it) in 2025
  GL-02  I05 missing in 2025Q3 -> carried forward from 2025Q2
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(20251127)

# (worst, best) of each goalpost indicator, urban defaults (model.json); targets and others by hand.
GOALPOSTS = {
    "I02": (50, 95), "I03": (70, 100), "I04": (50, 100), "I05": (60, 95), "I06": (0, 0.3), "I07": (20, 70),
    "I09": (50, 95), "I10": (70, 100), "I11": (60, 98), "I12": (70, 100), "I14": (40, 90), "I15": (200, 1200),
    "I16": (70, 100), "I17": (50, 90), "I18": (60, 95), "I19": (30, 80), "I20": (50, 100), "I21": (80, 98),
    "I23": (50, 90), "I24": (10, -20), "I25": (5, 30), "I26": (3, 13), "I27": (40, 90), "I28": (80, 97),
    "I29": (15, 55), "I30": (60, 100), "I31": (3, 12), "I35": (0, 50), "I38": (0, 1), "I39": (60, 100),
    "I41": (20, 70),
}
TARGETS = {"I01": 4, "I13": 100, "I22": 100, "I32": 2, "I33": 10}
TIERS = {"I34": 3, "I36": 2, "I37": 3, "I42": 3}
COLUMNS = ["I%02d" % i for i in range(1, 40)] + ["I40_mismatch", "I40_missing_ledger", "I41", "I42"]
ADJUST = ["B1_municipal_honours", "B2_provincial_honours", "M1_complaints", "M2_notices", "M3_unresolved",
          "V1_falsification", "V2_incidents", "V3_misappropriation", "V4_blacklisted"]
PERIODS = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025"]
DISTRICTS = [("JY", "建邺区", "urban"), ("GL", "鼓楼区", "urban"), ("LH", "六合区", "rural"), ("JN", "江宁区", "rural")]
NAMES = "安和宁泰华康福瑞兴祥德顺"


def value(col, q):
    """A raw value for quality q in [0, 1.1] (1 = at the best goalpost)."""
    q = max(0.0, q + RNG.gauss(0, 0.12))
    if col in GOALPOSTS:
        w, b = GOALPOSTS[col]
        x = w + (b - w) * min(q, 1.15)
        if col in ("I01", "I26", "I31", "I15"):
            return str(round(x))
        return "%.2f" % x if col in ("I06", "I38") else "%.1f" % x
    if col in TARGETS:
        t = TARGETS[col]
        return str(round(t * min(q, 1.2))) if t < 20 else "%.1f" % (t * min(q, 1.0))
    if col in TIERS:
        return str(min(TIERS[col], round(TIERS[col] * q)))
    if col == "I08":
        return "true" if q > 0.35 else "false"
    if col == "I40_mismatch":
        return str(max(0, round((1 - q) * 3)))
    if col == "I40_missing_ledger":
        return str(1 if q < 0.4 else 0)
    raise KeyError(col)


def main():
    units = []
    for code, district, kind in DISTRICTS:
        for k in range(1, 7):
            units.append(("%s-%02d" % (code, k), NAMES[(k * 5 + len(units)) % len(NAMES)] + ("社区" if kind == "urban" else "村"),
                          district, kind))
    # Latent quality per unit; planted: JY-01..JY-03 and GL-01, GL-02 near the top; LH-06 weak both years.
    quality = {u[0]: 0.55 + 0.35 * RNG.random() for u in units}
    for uid in ("JY-01", "JY-02", "JY-03", "GL-01", "GL-02", "JN-01"):
        quality[uid] = 1.05
    quality["LH-06"] = 0.15
    rows = []
    for period in PERIODS:
        year = period[:4]
        for uid, name, district, kind in units:
            q = quality[uid] + (0.03 if year == "2025" else 0.0)
            pop = 3000 + (sum(map(ord, uid)) * 37) % 9000
            row = {"unit_id": uid, "name": name, "district": district, "type": kind, "population": pop, "period": period}
            for col in COLUMNS:
                row[col] = value(col, q)
            for col in ADJUST:
                row[col] = "0"
            rows.append(row)
    at = {(r["unit_id"], r["period"]): r for r in rows}
    at[("JY-03", "2025")]["B2_provincial_honours"] = "1"
    at[("JY-03", "2025")]["B1_municipal_honours"] = "1"
    at[("LH-04", "2025")]["V2_incidents"] = "1"
    at[("JY-05", "2025")]["M1_complaints"] = "2"
    at[("JY-05", "2025")]["M3_unresolved"] = "1"
    at[("GL-02", "2025Q3")]["I05"] = ""
    header = ["unit_id", "name", "district", "type", "population", "period"] + COLUMNS + ADJUST
    with open(os.path.join(HERE, "periods.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(HERE, "ratings.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit_id", "indicator", "source", "rater", "value", "period"])
        for period in ("2024", "2025"):
            for uid, _, _, _ in units:
                base17 = float(at[(uid, period)]["I17"])
                base18 = float(at[(uid, period)]["I18"])
                for t in range(1, 5):
                    w.writerow([uid, "I17", "resident_survey", "team%d" % t, "%.1f" % (base17 + RNG.gauss(0, 3)), period])
                for t in range(1, 4):
                    w.writerow([uid, "I18", "third_party", "assessor%d" % t, "%.1f" % (base18 + RNG.gauss(0, 4)), period])


if __name__ == "__main__":
    main()
