"""`civiscore assess` and `civiscore allocate` end to end on the sanshe multi-period example."""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
SANSHE = REPO / "examples" / "sanshe"
BASE = ["--model", str(SANSHE / "model.json"), "--plan", str(SANSHE / "plan.json"),
        "--data", str(SANSHE / "periods.csv"), "--ratings", str(SANSHE / "ratings.csv")]


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8")


def test_assess_json_carries_everything():
    r = run("assess", *BASE, "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["period"] == "2025"
    assert len(doc["units"]) == 24
    lh04 = next(u for u in doc["units"] if u["unit_id"] == "LH-04")
    assert lh04["vetoed"] and lh04["grade"] == "不合格"
    assert lh04["rectification"][0]["kind"] == "veto"
    # 20% of 24 units: floor(4.8) = 4 keep 优秀
    assert sum(1 for u in doc["units"] if u["grade"] == "优秀") <= 4


def test_assess_csv_and_table():
    r = run("assess", *BASE, "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 24
    assert next(row for row in rows if row["unit_id"] == "LH-06")["accountability_rule"] == "A1"
    t = run("assess", *BASE, "--format", "table")
    assert "整改清单" in t.stdout


def test_allocate_is_exact():
    for rule in ("proportional", "grade", "base_plus"):
        r = run("allocate", *BASE, "--budget", "1000000.01", "--rule", rule, "--format", "csv")
        assert r.returncode == 0, r.stderr
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert sum(int(row["amount_cents"]) for row in rows) == 100000001
        assert all(int(row["amount_cents"]) == 0 for row in rows if row["eligible"] == "false")


def test_errors_name_the_place(tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"civiscore_plan": 1, "quotas": [{"grade": "优秀", "tie_break": ["D9"]}]}', encoding="utf-8")
    r = run("assess", "--model", str(SANSHE / "model.json"), "--plan", str(bad), "--data",
            str(SANSHE / "worked-example.csv"))
    assert r.returncode == 1
    assert "/quotas/0/tie_break/0: unknown node 'D9'" in r.stderr
    r = run("allocate", *BASE, "--budget", "12.345")
    assert r.returncode == 1
    assert "more decimals" in r.stderr
    r = run("allocate", *BASE, "--budget", "10", "--rule", "magic")
    assert r.returncode == 2
