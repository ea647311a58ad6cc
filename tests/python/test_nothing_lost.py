"""Property tests: nothing is lost.

Over many random models and data sets (seeded): every input unit appears exactly once, with a status, in
every output (the result arrays, JSON, CSV and the table); and CSV -> results -> CSV round-trips unit ids
(Chinese, quoted, with commas and quotes) and every value exactly.
"""
import csv
import io
import json
import math
import random

import pytest

import civiscore

RULES = [
    {"type": "goalposts", "worst": 0, "best": 10},
    {"type": "goalposts", "worst": 10, "best": 0},
    {"type": "target", "target": 7},
    {"type": "min_max"},
    {"type": "binary"},
    {"type": "tiers", "tiers": [{"min": 2, "fraction": 0.5}, {"min": 5, "fraction": 1}]},
]
POLICIES = ["skip", "zero", "not_applicable"]
ID_PARTS = ["社区", "村", "A", "b,c", 'say "hi"', " x ", "7", "é"]


def random_model(rng):
    groups = []
    k = 0
    for g in range(rng.randint(1, 4)):
        children = []
        for _ in range(rng.randint(1, 4)):
            children.append({"id": f"i{k}", "rule": rng.choice(RULES), "missing": rng.choice(POLICIES),
                             "weight": rng.choice([1, 2, 3])})
            k += 1
        groups.append({"id": f"g{g}", "weight": rng.choice([1, 2]), "children": children,
                       "aggregation": rng.choice(["arithmetic", "geometric", "harmonic"]),
                       "min_coverage": rng.choice([0, 0, 0.5])})
    return {"civiscore_model": 1, "id": "p", "name": "性质", "root": {"id": "r", "children": groups},
            "grades": [{"label": "优", "min": 60}, {"label": "差"}]}


def random_unit_ids(rng, n):
    ids = set()
    while len(ids) < n:
        ids.add("".join(rng.choice(ID_PARTS) for _ in range(rng.randint(1, 3))).strip() + str(len(ids)))
    return sorted(ids, key=lambda _: rng.random())


def random_value(rng):
    r = rng.random()
    if r < 0.15:
        return None
    if r < 0.2:
        return 0.0
    return rng.choice([rng.uniform(0, 12), float(rng.randint(0, 9)), rng.uniform(0, 12) * 1e-7])


def csv_text(ids, columns, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["unit_id"] + columns)
    for uid, row in zip(ids, rows):
        w.writerow([uid] + ["" if v is None else repr(v) for v in row])
    return out.getvalue()


@pytest.mark.parametrize("seed", range(40))
def test_every_unit_once_in_every_output_and_csv_round_trips(seed, tmp_path):
    rng = random.Random(seed)
    model = civiscore.Model.from_json(json.dumps(random_model(rng)))
    columns = list(model.input_columns)
    n = rng.randint(1, 60)
    ids = random_unit_ids(rng, n)
    rows = [[random_value(rng) for _ in columns] for _ in ids]
    path = tmp_path / "data.csv"
    path.write_text(csv_text(ids, columns, rows), encoding="utf-8")

    result = model.score(str(path))
    # the result arrays: one row per input unit, in input order, each with a status
    assert list(result.unit_ids) == ids
    assert len(result.statuses) == n and set(result.statuses) <= {"ok", "partial", "unscored"}

    # JSON: every unit once, same ids, same scores
    doc = json.loads(result.to_json())
    assert [u["id"] for u in doc["units"]] == ids
    assert all(u["status"] in ("ok", "partial", "unscored") for u in doc["units"])

    # CSV: every unit once; ids and every value round-trip exactly
    back = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert [r["unit_id"] for r in back] == ids
    node_ids = list(result.node_ids)
    scores = result.scores
    for u, r in enumerate(back):
        assert r["status"] == result.statuses[u]
        for j, node in enumerate(node_ids):
            expected = scores[u][j]
            if expected is None or (isinstance(expected, float) and math.isnan(expected)):
                assert r[node] == ""
            else:
                assert float(r[node]) == expected  # exact: shortest round-trip representation

    # table: every unit id appears on exactly one line
    table_lines = result.to_table().splitlines()
    for uid in ids:
        printable = uid.replace("\n", " ")
        assert sum(1 for line in table_lines if f" {printable} " in f" {line} ") == 1

    # CSV -> results -> CSV -> results: the results CSV read back as data scores the same ids
    path2 = tmp_path / "again.csv"
    path2.write_text(csv_text(ids, columns, rows), encoding="utf-8")
    again = model.score(str(path2))
    assert list(again.unit_ids) == ids
    assert again.to_csv() == result.to_csv()
