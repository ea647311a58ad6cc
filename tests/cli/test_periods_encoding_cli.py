"""`--encoding`, derived columns and `rollup-periods` / `score --period-column` on the command line
(issue 11). Numbers: tests/data/periods/README.md (hand computation)."""

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
SANSHE = REPO / "examples" / "sanshe"
PERIODS = REPO / "tests" / "data" / "periods"


def run(*args, check=True):
    p = subprocess.run([CLI, *map(str, args)], capture_output=True)
    if check and p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}: {p.stderr.decode()}")
    return p


def test_gbk_sanshe_scores_like_utf8(tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((SANSHE / "communities.csv").read_text(encoding="utf-8").encode("gbk"))
    utf8 = run("score", "--model", SANSHE / "model.json", "--data", SANSHE / "communities.csv", "--format", "csv").stdout
    for enc in ("gbk", "GB18030"):
        assert run("score", "--model", SANSHE / "model.json", "--data", gbk, "--encoding", enc,
                   "--format", "csv").stdout == utf8
    # Without --encoding the file is refused, naming the place and the option.
    p = run("score", "--model", SANSHE / "model.json", "--data", gbk, check=False)
    assert p.returncode == 1
    assert b"gbk.csv:2:" in p.stderr and b"invalid UTF-8" in p.stderr and b"gbk" in p.stderr
    # The checks read GBK too.
    assert run("check", "--model", SANSHE / "model.json", "--data", gbk, "--encoding", "gbk",
               "--format", "csv").stdout == run("check", "--model", SANSHE / "model.json", "--data",
                                                SANSHE / "communities.csv", "--format", "csv").stdout


def test_unknown_encoding_is_a_usage_error():
    p = run("score", "--model", SANSHE / "model.json", "--data", SANSHE / "communities.csv",
            "--encoding", "big5", check=False)
    assert p.returncode == 2 and b"unknown encoding 'big5' (known: utf-8, gbk, gb18030)" in p.stderr


def test_rollup_periods_writes_the_hand_computed_year():
    out = run("rollup-periods", "--model", PERIODS / "model.json", "--data", PERIODS / "quarterly.csv",
              "--period-column", "quarter").stdout.decode()
    rows = {r["unit_id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert float(rows["A"]["cover_rate"]) == pytest.approx(100 * 100 / 150)  # not (50+75+0+75)/4 = 50
    assert float(rows["B"]["cover_rate"]) == pytest.approx(100 * 25 / 75)
    assert rows["C"]["cover_rate"] == ""  # 0 / 0: missing
    assert (rows["A"]["visits"], rows["B"]["staff"], rows["A"]["district"]) == ("20", "1", "建邺区")
    # score --period-column rolls up first: the same as scoring the year made by hand.
    rolled = run("score", "--model", PERIODS / "model.json", "--data", PERIODS / "quarterly.csv",
                 "--period-column", "quarter", "--format", "csv").stdout
    assert rolled == run("score", "--model", PERIODS / "model.json", "--data", PERIODS / "annual-by-hand.csv",
                         "--format", "csv").stdout


def test_rollup_errors(tmp_path):
    twice = tmp_path / "twice.csv"
    twice.write_text("unit_id,quarter,served,eligible,visits,satisfaction,staff,peak_queue\n"
                     "A,Q1,1,2,3,4,5,6\nA,Q1,1,2,3,4,5,6\n", encoding="utf-8")
    p = run("rollup-periods", "--model", PERIODS / "model.json", "--data", twice, "--period-column", "quarter",
            check=False)
    assert p.returncode == 1 and b"twice.csv:3: unit 'A' has period 'Q1' twice (also " in p.stderr
    p = run("score", "--model", SANSHE / "model.json", "--data", SANSHE / "communities.csv",
            "--period-column", "quarter", check=False)
    assert p.returncode == 2 and b"period_rollup" in p.stderr


def test_derived_model_errors_name_pointer_and_character(tmp_path):
    model = tmp_path / "m.json"
    model.write_text('{"civiscore_model": 1, "id": "d", "name": "d", "derived": {"r": "a / (b"},'
                     '"root": {"id": "t", "children": [{"id": "x", "column": "r", "rule": {"type": "min_max"}}]}}')
    p = run("validate", model, check=False)
    assert p.returncode == 1
    assert b"/derived/r: at character 7 of \"a / (b\": missing ')' for the '(' at character 5" in p.stderr


def test_assess_reads_gbk_long_data_and_ratings(tmp_path):
    files = {}
    for name in ("periods.csv", "ratings.csv"):
        files[name] = tmp_path / name
        files[name].write_bytes((SANSHE / name).read_text(encoding="utf-8").encode("gbk"))
    common = ("assess", "--model", SANSHE / "model.json", "--plan", SANSHE / "plan.json", "--format", "csv")
    utf8 = run(*common, "--data", SANSHE / "periods.csv", "--ratings", SANSHE / "ratings.csv").stdout
    gbk = run(*common, "--data", files["periods.csv"], "--ratings", files["ratings.csv"], "--encoding", "gbk").stdout
    assert gbk == utf8


def test_check_and_rollup_periods_take_threads():
    commands = {
        "check": ["check", "--model", SANSHE / "model.json", "--data", SANSHE / "communities.csv", "--format", "csv"],
        "rollup-periods": ["rollup-periods", "--model", PERIODS / "model.json", "--data", PERIODS / "quarterly.csv",
                           "--period-column", "quarter"],
    }
    for name, args in commands.items():
        default = run(*args).stdout
        assert default
        for threads in ("1", "2"):
            assert run(*args, "--threads", threads).stdout == default, (name, threads)
        bad = run(*args, "--threads", "many", check=False)
        assert bad.returncode == 2 and b"--threads expects an integer from 0 to 4096, got 'many'" in bad.stderr, name
