"""`civiscore score --keep SPEC`: only the kept nodes' columns, with the full run's values.

Run with: /usr/bin/python3 -m pytest tests/cli  (the binary is $CIVISCORE_CLI or build/bin/civiscore)
"""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
MODEL = str(REPO / "examples" / "sanshe" / "model.json")
DATA = str(REPO / "examples" / "sanshe" / "communities.csv")
UNITS_DIR = REPO / "tests" / "data" / "units-links"


def run(*args, check=True):
    done = subprocess.run([CLI, *args], capture_output=True, text=True, encoding="utf-8")
    if check:
        assert done.returncode == 0, done.stderr
    return done


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def test_keep_depth_1_writes_index_dimensions_rank_grade_with_the_full_values():
    full = rows(run("score", "--model", MODEL, "--data", DATA, "--format", "csv").stdout)
    part = rows(run("score", "--model", MODEL, "--data", DATA, "--format", "csv", "--keep", "depth:1",
                    "--threads", "2").stdout)
    assert part[0] == ["unit_id", "status", "TSL", "D1", "D2", "D3", "D4", "D5", "rank", "grade"]
    header = full[0]
    wanted = [header.index(c) for c in part[0]]
    assert len(part) == len(full) > 300  # every unit, once
    for got, row in zip(part[1:], full[1:]):
        assert got == [row[i] for i in wanted]  # the same text: same bits, same rank and grade


def test_keep_ids_in_json_and_the_rollup_output(tmp_path):
    out = tmp_path / "r.json"
    run("score", "--model", MODEL, "--data", DATA, "--keep", "D2, I14", "--out", str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [n["id"] for n in doc["nodes"]] == ["TSL", "D2", "I14"]
    assert all(list(u["scores"]) == ["TSL", "D2", "I14"] for u in doc["units"])
    assert len(doc["effective_weights"]) == 42  # weights stay complete
    full = json.loads(run("score", "--model", MODEL, "--data", DATA, "--format", "json").stdout)
    for a, b in zip(doc["units"], full["units"]):
        assert a["scores"] == {k: b["scores"][k] for k in ("TSL", "D2", "I14")}
        assert (a["rank"], a["grade"], a["status"], a["coverage"]) == (b["rank"], b["grade"], b["status"], b["coverage"])
    # Roll-ups: only the kept nodes' columns.
    rollup = tmp_path / "districts.csv"
    run("score", "--model", str(UNITS_DIR / "community-model.json"), "--data", str(UNITS_DIR / "communities.csv"),
        "--keep", "depth:0", "--rollup-out", str(rollup), "--format", "csv")
    header = rows(rollup.read_text(encoding="utf-8"))[0]
    assert header[-2:] == ["weight", "total"]


def test_keep_table_shows_only_kept_dimensions():
    table = run("score", "--model", MODEL, "--data", DATA, "--format", "table", "--keep", "D3").stdout
    header = next(line for line in table.splitlines() if line.startswith("Rank"))
    assert header.split() == ["Rank", "Unit", "Score", "Grade", "Status", "D3"]


def test_keep_errors_name_the_word():
    done = run("score", "--model", MODEL, "--data", DATA, "--keep", "D1,D9", check=False)
    assert done.returncode == 1
    assert "--keep" in done.stderr and "'D9'" in done.stderr
    assert done.stdout == ""
    done = run("score", "--model", MODEL, "--data", DATA, "--keep", "depth:x", check=False)
    assert done.returncode == 1 and "'depth:x'" in done.stderr
    done = run("score", "--model", MODEL, "--data", DATA, "--keep", "", check=False)
    assert done.returncode == 1 and "--keep is empty" in done.stderr
    # A typo is reported before the data is read: a missing data file is never opened.
    done = run("score", "--model", MODEL, "--data", "/nonexistent.csv", "--keep", "D9", check=False)
    assert "'D9'" in done.stderr and "nonexistent" not in done.stderr
    # fit has no --keep.
    done = run("fit", "--model", MODEL, "--data", DATA, "--keep", "D1", check=False)
    assert done.returncode == 2


def test_usage_documents_keep():
    assert "--keep SPEC" in run("help").stdout
