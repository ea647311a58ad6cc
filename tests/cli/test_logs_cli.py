"""`civiscore aggregate-logs` and `score --log/--registry` (docs/service-logs.md). The numbers are
computed by hand in tests/core/test_logs.cpp (tests/data/logs) and tests/core/test_sanshe_logs.cpp
(the sanshe worked example: I14 75, I15 900, I16 85, total 995689727/13566000)."""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
DATA = REPO / "tests" / "data" / "logs"
SANSHE = REPO / "examples" / "sanshe"


def run(*args, check=True):
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}: {p.stderr}")
    return p


LOGS = ("--log", f"services={DATA / 'services.csv'}", "--registry", f"priority={DATA / 'registry.csv'}")


def test_aggregate_logs_writes_the_derived_columns(tmp_path):
    summary = tmp_path / "summary.json"
    p = run("aggregate-logs", "--model", DATA / "model.json", "--data", DATA / "units.csv", *LOGS,
            "--summary", summary)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert list(rows[0]) == ["unit_id", "visits", "persons", "service_per_1000", "reg_coverage", "resp_p50",
                             "timely"]
    a, b, c = rows
    assert (a["visits"], a["persons"], a["service_per_1000"], a["reg_coverage"], a["resp_p50"], a["timely"]) == \
        ("4", "4", "34.5", "50", "9", "75")
    assert float(b["reg_coverage"]) == pytest.approx(100 / 3, abs=1e-12)
    assert (c["visits"], c["reg_coverage"], c["resp_p50"]) == ("0", "", "")  # no records; empty registry
    # The unknown unit Z is reported, not dropped silently.
    assert "1 record(s) of 1 unit(s) not in the data were not counted, e.g. 'Z' (line 9)" in p.stderr
    doc = json.loads(summary.read_text(encoding="utf-8"))
    assert doc["logs"][0]["records"] == 11 and doc["logs"][0]["unknown_unit_records"] == 1


def test_score_with_logs():
    p = run("score", "--model", DATA / "model.json", "--data", DATA / "units.csv", *LOGS, "--format", "json")
    units = {u["id"]: u for u in json.loads(p.stdout)["units"]}
    assert len(units) == 3


def test_sanshe_worked_example_from_its_log():
    p = run("score", "--model", SANSHE / "model.json", "--data", SANSHE / "worked-example-platform.csv",
            "--log", f"services={SANSHE / 'worked-example-services.csv'}",
            "--registry", f"priority={SANSHE / 'worked-example-registry.csv'}", "--format", "csv")
    row = next(csv.DictReader(io.StringIO(p.stdout)))
    assert float(row["TSL"]) == pytest.approx(995689727 / 13566000, abs=1e-9)
    # points: I14 2*(75-40)/(90-40) = 1.4, I15 2*(900-200)/(1200-200) = 1.4, I16 1*(85-70)/(100-70) = 0.5
    for node, points in (("I14", 1.4), ("I15", 1.4), ("I16", 0.5)):
        assert float(row[node]) == pytest.approx(points, abs=1e-12)


def test_errors():
    p = run("score", "--model", DATA / "model.json", "--data", DATA / "units.csv", "--log", "services", check=False)
    assert p.returncode == 2 and "--log expects NAME=PATH" in p.stderr
    p = run("score", "--model", DATA / "model.json", "--data", DATA / "units.csv",
            "--log", f"services={DATA / 'services.csv'}", check=False)
    assert p.returncode == 1 and "needs the registry 'priority'" in p.stderr
    p = run("aggregate-logs", "--model", DATA / "model.json", "--data", DATA / "units.csv", check=False)
    assert p.returncode == 2 and "missing required option --log" in p.stderr


def test_aggregate_logs_threads_give_the_same_output_and_are_checked():
    base = ("aggregate-logs", "--model", DATA / "model.json", "--data", DATA / "units.csv", *LOGS)
    one, two = run(*base, "--threads", "1"), run(*base, "--threads", "2")
    assert one.stdout == two.stdout and "4,4,34.5,50,9,75" in one.stdout  # unit A, as above
    bad = run(*base, "--threads", "two", check=False)
    assert bad.returncode != 0 and "--threads expects an integer from 0 to 4096, got 'two'" in bad.stderr
