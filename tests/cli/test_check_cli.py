"""`civiscore check` on the 三社联动 synthetic data with planted problems (docs/checks.md).

Acceptance (issue 5): every planted problem is found, fewer than 2 % of the clean units are flagged;
the verification sample is identical for a seed, changes with another, and its size and strata follow
the options; consequences applied to scoring are recorded in the result.
"""
import csv
import json
import math
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
SANSHE = REPO / "examples" / "sanshe"
MODEL = SANSHE / "model.json"
DATA = SANSHE / "communities.csv"
PERIODS = SANSHE / "communities-periods.csv"
PLANTED = json.loads((SANSHE / "planted-problems.json").read_text(encoding="utf-8"))


def check(*args):
    p = subprocess.run([CLI, "check", "--model", str(MODEL), *map(str, args)], capture_output=True)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    return p.stdout.decode("utf-8")


def report(data, *extra):
    return json.loads(check("--data", data, "--format", "json", *extra))


def unit_ids(path):
    with open(path, encoding="utf-8", newline="") as f:
        return sorted({r["unit_id"] for r in csv.DictReader(f)})


def district_of(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {r["unit_id"]: r["district"] for r in csv.DictReader(f)}


@pytest.mark.parametrize("name,path", [("communities.csv", DATA), ("communities-periods.csv", PERIODS)])
def test_every_planted_problem_is_found_and_few_clean_units_are_flagged(name, path):
    doc = report(path)
    found = {(f["unit"], f["rule"]) for f in doc["flags"] if f["unit"]}
    planted = PLANTED[name]["planted"]
    assert planted, "the generator plants problems"
    for p in planted:
        assert any((p["unit"], rule) in found for rule in p["rules"]), p
    not_clean = {p["unit"] for p in planted} | set(PLANTED[name].get("incomplete", []))
    clean = [u for u in unit_ids(path) if u not in not_clean]
    flagged_clean = sorted({f["unit"] for f in doc["flags"] if f["unit"] in clean})
    assert len(flagged_clean) < 0.02 * len(clean), flagged_clean
    # every flag carries its reasons in both languages
    for f in doc["flags"]:
        assert f["reason_zh"] and f["reason_en"] and f["severity"] in ("info", "warning", "error", "veto")


def test_flags_name_the_values_involved():
    doc = report(DATA)
    by = {(f["unit"], f["rule"]): f for f in doc["flags"] if f["unit"]}
    rate = by[("JN-030", "range")]
    assert rate["column"] == "I12" and rate["values"] == {"value": 112.5, "min": 0, "max": 100}
    fake = by[("LH-015", "verification")]
    # ledger 12, platform 4: over-reported share (12 - 4) / 12
    assert fake["values"]["self_report"] == 12 and fake["values"]["verified"] == 4
    assert fake["values"]["discrepancy"] == pytest.approx(8 / 12, rel=1e-12)
    assert by[("GL-010", "duplicate")]["related"] == "GL-011"
    assert by[("QH-020", "near_duplicate")]["values"]["share"] == pytest.approx(40 / 43, rel=1e-12)
    assert {b["group"]: b["conformity"] for b in doc["benford"]} == {
        "rural": "not applicable", "urban": "not applicable"}


def test_period_file_jump_names_period_and_values():
    doc = report(PERIODS)
    assert doc["periods"] == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    jump = [f for f in doc["flags"] if f["rule"] == "jump"]
    assert [(f["unit"], f["column"], f["period"]) for f in jump] == [("JY-030", "I17", "2025Q3")]
    assert jump[0]["values"]["change"] == pytest.approx(-40, abs=1.6)  # -40 plus the quarterly noise


def sample(seed, share="0.3", stratify="district"):
    doc = report(DATA, "--sample", share, "--seed", seed, "--stratify", stratify)
    return doc["sample"]


def test_sample_is_reproducible_and_follows_the_options():
    a, b, c = sample("7"), sample("7"), sample("8")
    assert a == b
    assert [e["unit"] for e in a] != [e["unit"] for e in c]
    ids = unit_ids(DATA)
    assert len(a) == math.ceil(0.3 * len(ids)) == 108
    # proportional allocation by district: 108 * N_h / 360, largest remainder
    districts = Counter(district_of(DATA).values())
    got = Counter(e["stratum"] for e in a)
    for d, n in districts.items():
        quota = 108 * n / 360
        assert math.floor(quota) <= got[d] <= math.ceil(quota), (d, got[d], quota)
    assert sum(got.values()) == 108
    assert all(district_of(DATA)[e["unit"]] == e["stratum"] for e in a)
    assert len({e["unit"] for e in a}) == len(a)
    # every flagged unit is listed with its reasons when chosen
    for e in a:
        assert (e["weight"] > 1) == bool(e["reasons"])


def test_flagged_units_are_chosen_more_often():
    flagged = {"GL-010", "GL-011", "QH-020", "QH-021", "JN-030", "QX-040", "LH-015", "JY-020"}
    hits = Counter()
    for seed in range(1, 21):
        chosen = {e["unit"] for e in sample(str(seed))}
        hits["flagged"] += len(chosen & flagged)
        hits["all"] += len(chosen)
    # a unit without flags is chosen with probability about 0.3; flagged ones far more often
    assert hits["flagged"] / (20 * len(flagged)) > 0.6


def test_sample_size_option():
    doc = report(DATA, "--sample-size", "12", "--seed", "3")
    assert len(doc["sample"]) == 12


def test_scores_with_checks_applied_are_recorded(tmp_path):
    out = tmp_path / "scores.json"
    check("--data", DATA, "--format", "json", "--scores-out", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    applied = doc["checks_applied"]
    assert applied == [{"unit": "LH-015", "column": "I01", "period": None, "rule": "verification",
                        "action": "scale", "before": 12, "after": pytest.approx(12 * (1 - 8 / 12)),
                        "reason": applied[0]["reason"]}]
    assert len(doc["units"]) == 360


def test_bad_period_data_is_an_error(tmp_path):
    bad = tmp_path / "dup.csv"
    lines = PERIODS.read_text(encoding="utf-8").splitlines(keepends=True)
    bad.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # JY-001 2025Q1 twice
    p = subprocess.run([CLI, "check", "--model", str(MODEL), "--data", str(bad)], capture_output=True)
    assert p.returncode == 1
    assert f"{bad}:{len(lines) + 1}" in p.stderr.decode() and "period '2025Q1' given twice" in p.stderr.decode()
    # a declared relation whose columns are missing is an error, not a pass
    bad.write_text("unit_id,I01\nA,3\n", encoding="utf-8")
    p = subprocess.run([CLI, "check", "--model", str(MODEL), "--data", str(bad)], capture_output=True)
    assert p.returncode == 1 and "column 'sw_certified'" in p.stderr.decode()
