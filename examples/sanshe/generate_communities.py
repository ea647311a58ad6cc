#!/usr/bin/env python3
"""Generate SYNTHETIC assessment data for the 三社联动 example model (examples/sanshe/model.json).

360 invented communities (社区 and 村) in six districts of a fictional city. Nothing here is real data:
names, populations and indicator values are drawn from a seeded random generator so that the file can be
reproduced byte for byte with any Python 3 (standard library only):

    python3 examples/sanshe/generate_communities.py > examples/sanshe/communities.csv
    python3 examples/sanshe/generate_communities.py --out examples/sanshe/communities.csv

How the values are made:
- every community has a latent quality level (district effect + individual effect); each of the five
  dimensions mixes that level with its own noise, and each indicator mixes its dimension with indicator
  noise, so scores correlate within and across dimensions as they do in real assessments;
- an indicator's position between its goalposts is drawn around the community's level, so values spread
  below the worst and above the best goalpost and totals range from about 40 to 98;
- rural villages are somewhat weaker on staffing and organisation indicators (certified social workers,
  training, social organisations) and have smaller populations;
- about 1.5 % of indicator cells are empty (no evidence submitted), a few communities miss several values,
  and one newly set up community has no indicator values at all.
"""

import argparse
import csv
import io
import json
import math
import random
import sys

SEED = 20251126

# Only Random.random() is used (plus the helpers below): its output is fixed for a given seed in every
# CPython 3 release, unlike gauss()/randrange()/shuffle() whose algorithms have changed between versions.


class Draw:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.rng.random()

    def normal(self, mean=0.0, sd=1.0):
        # Box-Muller; 1 - random() lies in (0, 1] so the log is finite.
        u1 = 1.0 - self.rng.random()
        u2 = self.rng.random()
        return mean + sd * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def below(self, n):
        return min(int(self.rng.random() * n), n - 1)

    def chance(self, p):
        return self.rng.random() < p

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def poisson(self, lam):
        # Knuth's method; the means used here are small.
        limit = math.exp(-lam)
        k, p = 0, self.rng.random()
        while p > limit:
            k += 1
            p *= self.rng.random()
        return k


# (code, name, number of communities, share of rural villages, district quality effect)
DISTRICTS = [
    ("JY", "建邺区", 55, 0.00, 0.35),
    ("GL", "鼓楼区", 65, 0.00, 0.20),
    ("QH", "秦淮区", 60, 0.00, 0.05),
    ("QX", "栖霞区", 60, 0.15, -0.05),
    ("JN", "江宁区", 65, 0.45, -0.05),
    ("LH", "六合区", 55, 0.70, -0.25),
]

URBAN_FIRST = "滨桃梅金凤莲兴安和清翠锦新福康宁华龙云春秀幸泰瑞朝雨东南西北"
URBAN_SECOND = ["江", "园", "花", "湖", "苑", "山", "桥", "河", "城", "林", "泉", "港", "台", "阳",
                "亭", "湾", "坊", "门", "街", "岸", "景", "庭", "里", "洲"]
RURAL_FIRST = ["王", "李", "张", "陈", "刘", "周", "吴", "徐", "孙", "朱", "马", "胡", "高", "何",
               "杏", "桃", "石", "竹", "金牛", "龙", "柳", "横", "程", "冶", "雄", "白", "黄", "荷"]
RURAL_SECOND = ["家", "庄", "桥", "圩", "岗", "营", "集", "湾", "店", "坝", "墩", "塘", "山", "林", "园", "洼"]

# Input columns in model order (I40 is read from two event-count columns).
COLUMNS = ["I%02d" % k for k in range(1, 40)] + ["I40_mismatch", "I40_missing_ledger", "I41", "I42"]

# Percentage-like indicators scored with goalposts: column -> (worst, best, dimension, shift, decimals, rural).
# shift moves the typical position between the goalposts (0 = about 80 % of the way); rural is the
# extra shift for villages (negative: weaker), applied on staffing and organisation indicators.
GOALPOSTS = {
    "I02": (50, 95, 0, 0.0, 1, 0.0),
    "I03": (70, 100, 0, 0.1, 1, -0.3),
    "I04": (50, 100, 0, 0.0, 1, 0.0),
    "I05": (60, 95, 0, 0.1, 1, 0.0),
    "I07": (20, 70, 0, -0.2, 1, 0.0),
    "I09": (50, 95, 0, 0.1, 1, 0.0),
    "I10": (70, 100, 0, 0.2, 1, 0.0),
    "I11": (60, 98, 1, 0.1, 1, 0.0),
    "I12": (70, 100, 1, 0.1, 1, 0.0),
    "I14": (40, 90, 1, 0.0, 1, -0.2),
    "I16": (70, 100, 1, 0.1, 1, 0.0),
    "I17": (50, 90, 2, 0.1, 1, 0.0),
    "I18": (60, 95, 2, 0.2, 1, 0.0),
    "I19": (30, 80, 2, -0.1, 1, 0.0),
    "I20": (50, 100, 2, 0.0, 1, 0.0),
    "I21": (80, 98, 2, 0.0, 1, 0.0),
    "I23": (50, 90, 2, 0.0, 1, 0.0),
    "I25": (5, 30, 2, -0.1, 1, 0.3),
    "I26": (3, 13, 2, -0.1, 1, 0.0),
    "I27": (40, 90, 2, 0.0, 1, 0.0),
    "I28": (80, 97, 2, 0.1, 1, 0.0),
    "I29": (15, 55, 3, -0.1, 1, -0.8),
    "I30": (60, 100, 3, 0.0, 1, -0.4),
    "I35": (0, 50, 3, -0.2, 1, -0.3),
    "I39": (60, 100, 4, 0.0, 1, 0.0),
    "I41": (20, 70, 4, -0.1, 1, 0.0),
}

MISSING_CELL = 0.0105          # chance that any single cell is empty
PATCHY_UNITS = 5               # communities that miss several values
PATCHY_CELLS = (5, 11)         # how many values they miss (inclusive range)


def make_names(draw, count, first, second, suffix, taken):
    pool = [a + b + suffix for a in first for b in second]
    draw.shuffle(pool)
    names = []
    if count == 0:
        return names
    for name in pool:
        if name not in taken:
            taken.add(name)
            names.append(name)
            if len(names) == count:
                return names
    raise RuntimeError("name pool too small for %d %s names" % (count, suffix))


def fmt(value, decimals):
    text = "%.*f" % (decimals, value)
    return text.lstrip("-") if float(text) == 0 else text  # never print "-0.0"


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def saturate(x, knee, ceiling=100.0):
    """Bend x smoothly towards the ceiling above the knee: rates pile up just below 100 %, not at it."""
    if x <= knee:
        return x
    room = ceiling - knee
    return ceiling - room * math.exp(-(x - knee) / room)


def community_values(draw, level, rural, population):
    """Raw indicator values (strings) for one community, keyed by column."""
    dims = [0.8 * level + 0.6 * draw.normal() for _ in range(5)]

    def z(dim, shift=0.0, rural_shift=0.0):
        return 0.75 * dims[dim] + 0.66 * draw.normal() + shift + (rural_shift if rural else 0.0)

    def position(dim, shift=0.0, rural_shift=0.0):
        # Position between the goalposts: 0 = worst, 1 = best; it may leave [0, 1].
        return 0.82 + 0.20 * z(dim, shift, rural_shift)

    v = {}
    for col, (worst, best, dim, shift, decimals, rural_shift) in GOALPOSTS.items():
        x = worst + position(dim, shift, rural_shift) * (best - worst)
        # Where the best goalpost is (nearly) 100 % the bend starts inside the goalposts, else halfway above them.
        knee = best - 0.3 * (best - worst) if best >= 95 else best + 0.5 * (100 - best)
        v[col] = fmt(clip(saturate(x, knee), 0.0, 100.0), decimals)

    # I01 joint meetings per year (target 4): quarterly is the norm, some meet monthly.
    v["I01"] = str(int(clip(round(3.6 + 1.3 * z(0, 0.1)), 0, 12)))
    # I06 leverage ratio of social funds over government funds.
    v["I06"] = fmt(max(0.0, 0.3 * position(0, -0.2) + draw.normal(0, 0.02)), 2)
    # I08 responsibility list adopted and published.
    v["I08"] = "true" if draw.chance(1 / (1 + math.exp(-(1.8 + 1.2 * z(0))))) else "false"
    # I13, I22 target attainment in % (target 100).
    v["I13"] = fmt(clip(saturate(100 * (0.92 + 0.08 * z(1, 0.2)), 90), 40, 100), 1)
    v["I22"] = fmt(clip(saturate(100 * (0.9 + 0.1 * z(2, 0.1)), 88), 30, 100), 1)
    # I15 service person-times per 1,000 residents per year.
    v["I15"] = str(int(round(max(30.0, 200 + 1000 * position(1, -0.1, -0.3)))))
    # I24 year-on-year change of petitions and complaints in % (lower is better).
    v["I24"] = fmt(clip(10 - 30 * position(2, -0.1) + draw.normal(0, 6), -60, 60), 1)
    # I31 social workers per 10,000 residents, derived from a whole head count.
    rate = max(0.0, 3 + 9 * position(3, -0.1, -0.4))
    workers = max(0, int(round(rate * population / 10000)))
    v["I31"] = fmt(workers * 10000 / population, 2)
    # I32 newly incubated and I33 existing community social organisations; villages have fewer.
    v["I32"] = str(draw.poisson(max(0.2, 1.8 + 0.8 * z(3) - (0.7 if rural else 0.0))))
    v["I33"] = str(max(0, int(round((6.0 if rural else 10.5) + 3.0 * z(3)))))
    # I34 brand projects, I36 innovation pilots, I37 digital-governance level 0-3.
    v["I34"] = str(draw.poisson(max(0.1, 1.9 + 0.9 * z(3))))
    v["I36"] = str(min(4, draw.poisson(max(0.1, 1.3 + 0.7 * z(3)))))
    v["I37"] = str(int(clip(round(1.9 + 0.9 * z(3, 0.0, -0.3)), 0, 3)))
    # I38 required rules in force out of 5 (checklist), as a ratio.
    v["I38"] = fmt(clip(round(5 * position(4, 0.1)), 0, 5) / 5, 1)
    # I40 ledger check: sampled entries not matching evidence, required ledgers missing.
    v["I40_mismatch"] = str(draw.poisson(max(0.05, 0.9 - 0.6 * z(4))))
    v["I40_missing_ledger"] = str(draw.poisson(max(0.02, 0.3 - 0.25 * z(4))))
    # I42 promotion points: district items 0.5, municipal 1, provincial/national 2.
    q = z(4)
    items = (0.5 * draw.poisson(max(0.1, 1.3 + 0.6 * q)) + 1.0 * draw.poisson(max(0.05, 0.5 + 0.4 * q))
             + 2.0 * draw.poisson(max(0.01, 0.1 + 0.1 * q)))
    v["I42"] = fmt(items, 0 if items == int(items) else 1)
    return v


def generate(out):
    draw = Draw(SEED)
    taken = set()
    units = []
    for code, district, count, rural_share, effect in DISTRICTS:
        n_rural = int(round(count * rural_share))
        kinds = ["rural"] * n_rural + ["urban"] * (count - n_rural)
        draw.shuffle(kinds)
        urban_names = make_names(draw, count - n_rural, URBAN_FIRST, URBAN_SECOND, "社区", taken)
        rural_names = make_names(draw, n_rural, RURAL_FIRST, RURAL_SECOND, "村", taken)
        for i, kind in enumerate(kinds, start=1):
            rural = kind == "rural"
            name = rural_names.pop() if rural else urban_names.pop()
            population = int(round(draw.uniform(1500, 5500) if rural else draw.uniform(3000, 16000), -1))
            level = effect + draw.normal(0.0, 0.85) - (0.15 if rural else 0.0)
            values = community_values(draw, level, rural, population)
            units.append({"unit_id": "%s-%03d" % (code, i), "name": name, "district": district,
                          "type": kind, "population": str(population), **values})

    # Missing evidence: scattered empty cells, a few patchy communities, one with no data at all.
    for unit in units:
        for col in COLUMNS:
            if draw.chance(MISSING_CELL):
                unit[col] = ""
    picks = list(range(len(units)))
    draw.shuffle(picks)
    for idx in picks[:PATCHY_UNITS]:
        cols = list(COLUMNS)
        draw.shuffle(cols)
        for col in cols[:PATCHY_CELLS[0] + draw.below(PATCHY_CELLS[1] - PATCHY_CELLS[0] + 1)]:
            units[idx][col] = ""
    for col in COLUMNS:
        units[picks[PATCHY_UNITS]][col] = ""

    incomplete = [units[idx]["unit_id"] for idx in picks[:PATCHY_UNITS + 1]]
    planted = add_check_columns(units)

    writer = csv.writer(out, lineterminator="\n")
    header = ["unit_id", "name", "district", "type", "population"] + COLUMNS + CHECK_COLUMNS
    writer.writerow(header)
    for unit in units:
        writer.writerow([unit[h] for h in header])
    return units, planted, incomplete


# ---- Data-quality checks (docs/checks.md): extra columns and planted problems -------------------
# Drawn from a second stream AFTER everything above, so every value above is unchanged by them.
CHECK_COLUMNS = ["I01_platform", "sw_total", "sw_certified"]
PERIODS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]


def add_check_columns(units):
    """Add the platform count of I01 and the social-worker head counts; plant one problem of each
    kind the checks must find. Returns the list of planted problems."""
    draw = Draw(SEED + 1)
    by_id = {u["unit_id"]: u for u in units}
    for u in units:
        # The platform records the meetings it hosted: the ledger's count, now and then one fewer.
        ledger = u["I01"]
        u["I01_platform"] = "" if ledger == "" else str(int(ledger) - (1 if int(ledger) >= 4 and draw.chance(0.15) else 0))
        # Social workers: a head count and the certified among them (I29 is their share in %).
        total = 3 + draw.below(20)
        share = float(u["I29"]) / 100 if u["I29"] != "" else 0.3
        u["sw_total"] = str(total)
        u["sw_certified"] = str(min(total, int(round(total * share))))

    planted = []
    # A copy-paste pair: GL-010's ledger is GL-011's, value for value.
    for col in COLUMNS + CHECK_COLUMNS:
        by_id["GL-010"][col] = by_id["GL-011"][col]
    planted.append({"unit": "GL-010", "problem": "copy of GL-011", "rules": ["duplicate"]})
    planted.append({"unit": "GL-011", "problem": "copied by GL-010", "rules": ["duplicate"]})
    # A near copy: QH-020 is QH-021 with three values changed.
    for col in COLUMNS + CHECK_COLUMNS:
        by_id["QH-020"][col] = by_id["QH-021"][col]
    for col in ("I02", "I17", "I41"):
        by_id["QH-020"][col] = fmt(float(by_id["QH-021"][col]) - 2.3, 1)
    planted.append({"unit": "QH-020", "problem": "near copy of QH-021", "rules": ["near_duplicate"]})
    planted.append({"unit": "QH-021", "problem": "nearly copied by QH-020", "rules": ["near_duplicate"]})
    # A rate above 100 %.
    by_id["JN-030"]["I12"] = "112.5"
    planted.append({"unit": "JN-030", "problem": "I12 = 112.5 %", "rules": ["range"]})
    # A heaped unit: every percentage rounded to a multiple of 5.
    for col in GOALPOSTS:
        if by_id["QX-040"][col] != "":
            by_id["QX-040"][col] = fmt(5 * round(float(by_id["QX-040"][col]) / 5), 1)
    planted.append({"unit": "QX-040", "problem": "percentages rounded to multiples of 5",
                    "rules": ["heaping"]})
    # A falsified self-report: 12 meetings in the ledger, 4 on the platform.
    by_id["LH-015"]["I01"] = "12"
    by_id["LH-015"]["I01_platform"] = "4"
    planted.append({"unit": "LH-015", "problem": "I01 ledger 12, platform 4", "rules": ["verification"]})
    # An impossible relation: more certified social workers than social workers.
    by_id["JY-020"]["sw_certified"] = str(int(by_id["JY-020"]["sw_total"]) + 4)
    planted.append({"unit": "JY-020", "problem": "sw_certified > sw_total", "rules": ["relation"]})
    return planted


def generate_periods(out, units):
    """Quarterly values of the 55 建邺区 communities (long format: a row per unit and quarter): the
    percentages and I15 move a little from quarter to quarter; JY-030 drops in 2025Q3 (a jump) and
    JY-040 reports the same ledger every quarter. Returns the planted problems."""
    draw = Draw(SEED + 2)
    moving = list(GOALPOSTS) + ["I15"]
    rows = []
    for u in units:
        if not u["unit_id"].startswith("JY-"):
            continue
        for q in PERIODS:
            row = {"unit_id": u["unit_id"], "period": q, "district": u["district"], "type": u["type"]}
            for col in COLUMNS + CHECK_COLUMNS:
                value = u[col]
                if value != "" and col in moving and u["unit_id"] != "JY-040":
                    if col == "I15":
                        value = str(max(0, int(value) + int(round(draw.uniform(-30, 30)))))
                    else:
                        value = fmt(clip(float(value) + draw.uniform(-1.5, 1.5), 0.0, 100.0), 1)
                row[col] = value
            if u["unit_id"] == "JY-030" and q in ("2025Q3", "2025Q4") and u["I17"] != "":
                row["I17"] = fmt(float(u["I17"]) - 40, 1)
            rows.append(row)
    writer = csv.writer(out, lineterminator="\n")
    header = ["unit_id", "period", "district", "type"] + COLUMNS + CHECK_COLUMNS
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[h] for h in header])
    return [{"unit": "JY-030", "problem": "I17 drops by 40 points in 2025Q3", "rules": ["jump"]},
            {"unit": "JY-040", "problem": "the same ledger in every quarter", "rules": ["constant"]}]


def main():
    parser = argparse.ArgumentParser(description="Generate synthetic 三社联动 assessment data (360 communities).")
    parser.add_argument("--out", help="write the CSV to this file instead of standard output")
    parser.add_argument("--periods-out", help="also write the quarterly long-format file (communities-periods.csv)")
    parser.add_argument("--planted-out", help="also write the list of planted data problems (planted-problems.json)")
    args = parser.parse_args()
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as f:
            units, planted, incomplete = generate(f)
    else:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        units, planted, incomplete = generate(sys.stdout)
    if args.periods_out:
        with open(args.periods_out, "w", encoding="utf-8", newline="") as f:
            planted_periods = generate_periods(f, units)
    else:
        planted_periods = generate_periods(io.StringIO(), units)
    if args.planted_out:
        with open(args.planted_out, "w", encoding="utf-8", newline="\n") as f:
            # "incomplete": the communities with missing evidence made above; not planted problems,
            # but not clean units either.
            json.dump({"communities.csv": {"planted": planted, "incomplete": incomplete},
                       "communities-periods.csv": {"planted": planted_periods}}, f,
                      ensure_ascii=False, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
