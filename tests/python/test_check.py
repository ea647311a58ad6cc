"""Data-quality checks through Python (`Model.check`, `CheckReport`; docs/checks.md) on the 三社联动
synthetic data with planted problems: the same findings as `civiscore check`, from paths, DataFrames,
dicts and arrays; the verification sample; the consequences applied and scored.
"""
import json
import math
import os
import subprocess
from pathlib import Path

import pytest

import civiscore

REPO = Path(__file__).resolve().parents[2]
SANSHE = REPO / "examples" / "sanshe"
MODEL = SANSHE / "model.json"
DATA = SANSHE / "communities.csv"
PERIODS = SANSHE / "communities-periods.csv"
PLANTED = json.loads((SANSHE / "planted-problems.json").read_text(encoding="utf-8"))
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))

# Reads I01 back: goalposts 0..100 score a value v as v (of 100).
PROBE = """{"civiscore_model": 1, "id": "probe", "name": "probe", "root": {"id": "r", "children": [
  {"id": "I01", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}}"""


@pytest.fixture(scope="module")
def model():
    with civiscore.Model.from_file(MODEL) as m:
        yield m


def cli(*args):
    if not os.path.isfile(CLI):
        pytest.skip(f"the civiscore CLI is not built ({CLI}); set CIVISCORE_CLI")
    p = subprocess.run([CLI, "check", "--model", str(MODEL), *map(str, args)], capture_output=True)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    return p.stdout.decode("utf-8")


def same(a, b):
    """Equal lists of scores, missing (NaN or None) equal to missing."""
    def norm(values):
        return [None if v is None or math.isnan(v) else float(v) for v in values]
    return norm(a) == norm(b)


def found(report):
    return {(f["unit"], f["rule"]) for f in report.flags if f["unit"]}


@pytest.mark.parametrize("name,path", [("communities.csv", DATA), ("communities-periods.csv", PERIODS)])
def test_every_planted_problem_is_found_and_few_clean_units_are_flagged(model, name, path):
    report = model.check(path)
    hits = found(report)
    planted = PLANTED[name]["planted"]
    assert planted
    for p in planted:
        assert any((p["unit"], rule) in hits for rule in p["rules"]), p
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        units = {row["unit_id"] for row in csv.DictReader(f)}
    not_clean = {p["unit"] for p in planted} | set(PLANTED[name].get("incomplete", []))
    clean = units - not_clean
    flagged_clean = {u for u, _ in hits if u in clean}
    assert len(flagged_clean) < 0.02 * len(clean), flagged_clean
    assert len(report) == len(report.flags) == report.summary["flags"]


def test_the_same_report_as_the_cli(model):
    report = model.check(DATA)
    text = cli("--data", DATA, "--format", "json")
    assert report.to_json() == text
    assert len(report) == len(json.loads(text)["flags"])
    assert report.to_csv() == cli("--data", DATA, "--format", "csv")
    assert report.to_table() == cli("--data", DATA, "--format", "table")
    sampled = model.check(DATA, sample=0.3, seed=7, stratify="district")
    assert sampled.to_json() == cli("--data", DATA, "--format", "json", "--sample", "0.3", "--seed", "7",
                                    "--stratify", "district")


def test_flags_as_dicts_and_a_dataframe(model):
    report = model.check(DATA)
    by = {(f["unit"], f["rule"]): f for f in report.flags if f["unit"]}
    rate = by[("JN-030", "range")]
    assert rate["column"] == "I12" and rate["values"] == {"value": 112.5, "min": 0, "max": 100}
    fake = by[("LH-015", "verification")]
    assert fake["values"]["discrepancy"] == pytest.approx(8 / 12, rel=1e-12)  # (12 - 4) / 12
    frame = report.to_pandas()
    assert len(frame) == len(report)
    assert list(frame.columns[:6]) == ["rule", "severity", "effect", "unit", "column", "period"]
    row = frame[(frame["unit"] == "JN-030") & (frame["rule"] == "range")].iloc[0]
    assert row["values"]["value"] == 112.5 and row["reason_zh"] and row["reason_en"]
    assert {b["group"] for b in report.benford} == {"rural", "urban"}
    text = repr(report)
    assert f"{len(report)} flags on" in text and "of 360 units" in text and "verification 1" in text


def test_dataframes_and_dicts_give_the_same_flags_as_the_file(model):
    pandas = pytest.importorskip("pandas")
    for path in (DATA, PERIODS):
        from_file = model.check(path).flags
        frame = pandas.read_csv(path)
        assert model.check(frame).flags == from_file
        as_dict = {column: frame[column].tolist() for column in frame.columns}
        assert model.check(as_dict).flags == from_file
    # Records (a list of dicts), and the unit ids from the index.
    frame = pandas.read_csv(DATA)
    assert model.check(frame.to_dict("records")).flags == model.check(DATA).flags
    assert model.check(frame.set_index("unit_id")).flags == model.check(DATA).flags


def test_positional_data_needs_the_columns_the_checks_read(model):
    numpy = pytest.importorskip("numpy")
    values = numpy.full((3, len(model.input_columns)), 1.0)
    # The model's relations read sw_total and sw_certified, which a matrix of its inputs lacks.
    with pytest.raises(civiscore.DataError, match="column 'sw_certified'"):
        model.check(values)
    probe = civiscore.Model.from_json(PROBE)
    report = probe.check(numpy.array([[3.0], [4.0], [112.5]]), unit_ids=["a", "b", "c"])
    # Three units are too few for most checks; none of 3, 4 and 112.5 is out of a declared range.
    assert isinstance(len(report), int) and report.summary["units"] == 3
    named = probe.check(numpy.array([[3.0, 1.0]]), columns=["I01", "other"], unit_ids=["a"])
    assert named.summary["units"] == 1


def test_sample_is_reproducible_and_follows_the_options(model):
    a = model.check(DATA, sample=0.3, seed=7, stratify="district").sample
    b = model.check(DATA, sample=0.3, seed=7, stratify="district").sample
    c = model.check(DATA, sample=0.3, seed=8, stratify="district").sample
    assert a == b
    assert [e["unit"] for e in a] != [e["unit"] for e in c]
    assert len(a) == math.ceil(0.3 * 360) == 108
    assert len({e["unit"] for e in a}) == 108
    for e in a:
        assert set(e) == {"unit", "stratum", "weight", "reasons"}
        assert (e["weight"] > 1) == bool(e["reasons"])
    assert len(model.check(DATA, sample_size=12, seed=3).sample) == 12
    # sample=True: the model's share and seed (checks.sample: 0.3, 20251126)
    assert model.check(DATA, sample=True).sample == model.check(DATA, sample=0.3, seed=20251126).sample
    assert model.check(DATA).sample is None


def test_apply_scales_the_falsified_self_report_and_score_records_it(model):
    report = model.check(DATA)
    changes = report.changes()
    assert len(changes) == 1
    change = changes[0]
    assert (change["unit"], change["column"], change["rule"], change["action"]) == (
        "LH-015", "I01", "verification", "scale")
    assert change["before"] == 12 and change["after"] == pytest.approx(12 * (1 - 8 / 12))
    adjusted = report.apply()
    assert len(adjusted) == 360
    # The adjusted value, read back through a model that scores I01 as its value.
    probe = civiscore.Model.from_json(PROBE)
    before = probe.score(DATA).score("I01")
    after = probe.score(adjusted).score("I01")
    units = probe.score(DATA).unit_ids
    lh = units.index("LH-015")
    assert before[lh] == pytest.approx(12) and after[lh] == pytest.approx(4)
    assert sum(1 for x, y in zip(before, after) if not same([x], [y])) == 1
    # In the 三社联动 model I01 is "target 4": 12 and 4 both reach the target, so the totals stay.
    plain, applied = model.score(DATA), model.score(adjusted)
    assert same(plain.total, applied.total)
    # report.score() applies the same consequences and records them, as `civiscore check --scores-out`.
    scored = report.score()
    doc = json.loads(scored.to_json())
    assert doc["checks_applied"] == changes
    assert same(scored.total, applied.total)
    # Other data in the same shape: the report's rows must be the same units.
    pandas = pytest.importorskip("pandas")
    assert report.changes(pandas.read_csv(DATA)) == changes
    with pytest.raises(civiscore.InvalidArgumentError, match="does not belong to this dataset"):
        report.apply(PERIODS)


def test_bad_options_are_errors_naming_the_option(model):
    with pytest.raises(civiscore.InvalidArgumentError, match="'seed' needs 'sample' or 'sample_size'"):
        model.check(DATA, seed=7)
    with pytest.raises(civiscore.InvalidArgumentError, match="'sample' must be a share in"):
        model.check(DATA, sample=1.5)
    with pytest.raises(civiscore.InvalidArgumentError, match="'sample_size' must be at least 1"):
        model.check(DATA, sample_size=0)
    with pytest.raises(civiscore.InvalidArgumentError, match="threads"):
        model.check(DATA, threads=-1)
    with pytest.raises(civiscore.DataError, match="appears twice"):
        model.check(PERIODS, period_column="quarter")
    with pytest.raises(civiscore.FileError):
        model.check(SANSHE / "no-such-file.csv")
    with pytest.raises(civiscore.InvalidArgumentError, match="format must be"):
        model.check(DATA).to_string("xml")


def test_close_frees_the_report(model):
    report = model.check(DATA)
    report.close()
    assert "closed" in repr(report)
    with pytest.raises(civiscore.InvalidArgumentError, match="closed"):
        len(report)
