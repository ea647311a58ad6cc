"""End-to-end tests of the civiscore command-line tool.

Run with: /usr/bin/python3 -m pytest tests/cli
The binary is $CIVISCORE_CLI, or <repo>/build/bin/civiscore.
"""

import csv
import hashlib
import io
import json
import math
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))

# The mini model of docs/model-format.md, with one addition: the root has "min_coverage": 0.5.
# Without it the mini model can never leave a unit unscored (D2 uses "missing": "zero", so D2 and hence
# the root always have a score), and the tests need an unscored unit.
MINI_MODEL = {
    "civiscore_model": 1,
    "id": "mini",
    "name": "社区服务评估（示例）",
    "name_en": "Community service assessment (example)",
    "scores": "points",
    "grades": [
        {"label": "优秀", "label_en": "excellent", "min": 90},
        {"label": "良好", "label_en": "good", "min": 80},
        {"label": "合格", "label_en": "pass", "min": 60},
        {"label": "不合格", "label_en": "fail"},
    ],
    "root": {
        "id": "total",
        "name": "总分",
        "min_coverage": 0.5,
        "children": [
            {
                "id": "D1", "name": "服务成效", "points": 60, "min_coverage": 0.5,
                "children": [
                    {"id": "satisfaction", "name": "居民满意度", "unit": "score 0-100", "points": 30,
                     "rule": {"type": "goalposts", "worst": 50, "best": 90}},
                    {"id": "complaints", "name": "投诉量同比变化率", "unit": "% change",
                     "direction": "cost", "points": 20,
                     "rule": {"type": "goalposts", "worst": 10, "best": -20}},
                    {"id": "meetings", "name": "联席会议次数", "unit": "times/year", "points": 10,
                     "rule": {"type": "target", "target": 4}},
                ],
            },
            {
                "id": "D2", "name": "能力建设", "points": 40, "missing": "zero",
                "children": [
                    {"id": "list_published", "name": "责任清单公开", "unit": "yes/no", "points": 10,
                     "rule": {"type": "binary"}},
                    {"id": "brand_projects", "name": "品牌项目数", "unit": "count", "points": 20,
                     "rule": {"type": "tiers",
                              "tiers": [{"min": 1, "fraction": 0.5}, {"min": 3, "fraction": 1}]}},
                    {"id": "ledger", "name": "台账规范", "unit": "points", "points": 10,
                     "rule": {"type": "deduction", "floor": 0,
                              "deductions": [
                                  {"column": "ledger_mismatch", "name": "抽查不符", "per_event": 0.5},
                                  {"column": "ledger_missing", "name": "台账缺失", "per_event": 1}]}},
                ],
            },
        ],
    },
}

NODE_IDS = ["total", "D1", "satisfaction", "complaints", "meetings",
            "D2", "list_published", "brand_projects", "ledger"]
INDICATOR_IDS = [n for n in NODE_IDS if n not in ("total", "D1", "D2")]

# Columns in a different order from the model, plus an extra column, on purpose.
MINI_CSV = """unit_id,region,meetings,satisfaction,complaints,list_published,brand_projects,ledger_mismatch,ledger_missing
东城社区,东城,6,80,-5,是,2,2,1
U1,西城,4,95,-30,yes,3,0,0
U3,朝阳,2,,10,,0,,0
U4,海淀,,,,,,,
"""

# Hand-computed expectations (points model: an indicator scores fraction x its points).
#
# 东城社区:
#   satisfaction 80: (80-50)/(90-50) = 0.75     -> 0.75 x 30 = 22.5
#   complaints  -5 : (-5-10)/(-20-10) = 0.5     -> 0.5  x 20 = 10
#   meetings     6 : min(6/4, 1) = 1            -> 1    x 10 = 10
#   D1 = 22.5 + 10 + 10 = 42.5
#   list_published 是 = 1                       -> 10
#   brand_projects 2: tier min 1 -> 0.5         -> 0.5 x 20 = 10
#   ledger: 10 - (2 x 0.5 + 1 x 1) = 8          -> 8
#   D2 = 10 + 10 + 8 = 28
#   total = 42.5 + 28 = 70.5 -> 合格 (60 <= 70.5 < 80); coverage 1 -> ok
#
# U1: every indicator at its best -> D1 60, D2 40, total 100 -> 优秀, rank 1
#
# U3 (satisfaction and list_published missing, ledger_mismatch missing):
#   D1 (skip): complaints 10 -> fraction 0; meetings 2 -> 2/4 = 0.5
#     present points 20 + 10 = 30; fraction (0 x 20 + 0.5 x 10)/30 = 1/6 -> D1 = 60/6 = 10
#     coverage D1 = 30/60 = 0.5 (>= min_coverage 0.5, so scored)
#   D2 (zero): list_published missing -> 0; brand_projects 0 -> below first tier -> 0;
#     ledger: a missing count is zero events -> 10 - 0 = 10;  D2 = 0 + 0 + 10 = 10
#     coverage D2 = (20 + 10)/40 = 0.75
#   total = 10 + 10 = 20 -> 不合格; root coverage (60 x 0.5 + 40 x 0.75)/100 = 0.6 -> partial
#
# U4: nothing: D1 missing (coverage 0); D2 = 0 with coverage 0 (the ledger with every count
#   missing is missing, zero policy -> 0); root coverage 0 < 0.5 -> unscored, no rank, no grade.
EXPECTED_TOTAL = {"东城社区": 70.5, "U1": 100.0, "U3": 20.0}
EXPECTED_STATUS = {"东城社区": "ok", "U1": "ok", "U3": "partial", "U4": "unscored"}
EXPECTED_RANK = {"U1": 1, "东城社区": 2, "U3": 3, "U4": None}
EXPECTED_GRADE = {"U1": "优秀", "东城社区": "合格", "U3": "不合格", "U4": None}
UNIT_ORDER = ["东城社区", "U1", "U3", "U4"]


def run(*args, cwd=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, cwd=cwd, timeout=60)


def out(proc):
    return proc.stdout.decode("utf-8")


def err(proc):
    return proc.stderr.decode("utf-8")


@pytest.fixture(scope="session", autouse=True)
def _binary_exists():
    if not os.access(CLI, os.X_OK):
        pytest.fail(f"civiscore binary not found at {CLI}; build target civiscore_cli or set CIVISCORE_CLI")


@pytest.fixture
def mini(tmp_path):
    model = tmp_path / "mini.json"
    model.write_text(json.dumps(MINI_MODEL, ensure_ascii=False, indent=1), encoding="utf-8")
    data = tmp_path / "mini.csv"
    data.write_text(MINI_CSV, encoding="utf-8")
    return model, data


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


# ---------------------------------------------------------------------------------------------- validate

def test_validate_ok(mini):
    model, _ = mini
    p = run("validate", model)
    assert p.returncode == 0, err(p)
    line = out(p).strip()
    m = re.fullmatch(re.escape(str(model)) + r": valid \((\d+) nodes, (\d+) indicators, sha256 ([0-9a-f]{64})\)",
                     line)
    assert m, line
    assert int(m.group(1)) == len(NODE_IDS)
    assert int(m.group(2)) == len(INDICATOR_IDS)


def test_validate_docs_example_verbatim(tmp_path):
    """The complete example of docs/model-format.md must be a valid model."""
    text = (REPO / "docs" / "model-format.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```json\n(.*?)```", text, re.S) if '"civiscore_model"' in b]
    assert blocks, "no example model in docs/model-format.md"
    f = tmp_path / "example.json"
    f.write_text(blocks[-1], encoding="utf-8")
    p = run("validate", f)
    assert p.returncode == 0, err(p)
    assert "valid (9 nodes, 6 indicators" in out(p)


def test_validate_reports_every_problem(tmp_path):
    bad = {
        "civiscore_model": 1, "id": "bad", "name": "三处错误",
        "root": {
            "id": "total", "weights": "explicit",
            "children": [
                # mistake 1: negative weight
                {"id": "a", "weight": -1, "rule": {"type": "goalposts", "worst": 0, "best": 1}},
                # mistake 2: duplicate id "a"
                {"id": "a", "weight": 1, "rule": {"type": "goalposts", "worst": 0, "best": 1}},
                # mistake 3: unknown key "colour"
                {"id": "c", "weight": 1, "colour": "red",
                 "rule": {"type": "goalposts", "worst": 0, "best": 1}},
            ],
        },
    }
    model = tmp_path / "bad.json"
    model.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    p = run("validate", model)
    assert p.returncode == 1
    assert out(p) == ""
    lines = err(p).strip().splitlines()
    assert all(line.startswith(f"{model}: /") for line in lines), lines
    assert any("/root/children/0/weight" in line for line in lines), lines
    assert any("/root/children/1" in line and "a" in line.split(": ", 2)[2] for line in lines), lines
    assert any("/root/children/2" in line and "colour" in line for line in lines), lines
    assert len(lines) >= 3


def test_validate_unreadable_file(tmp_path):
    p = run("validate", tmp_path / "nope.json")
    assert p.returncode == 1
    assert err(p).startswith("civiscore: ")
    assert "nope.json" in err(p)


def test_validate_not_json(tmp_path):
    model = tmp_path / "broken.json"
    model.write_text('{"civiscore_model": 1, "id": ', encoding="utf-8")
    p = run("validate", model)
    assert p.returncode == 1
    assert str(model) in err(p)


# ---------------------------------------------------------------------------------------------- score

def test_score_json(mini):
    model, data = mini
    p = run("score", "--model", model, "--data", data, "--format", "json")
    assert p.returncode == 0, err(p)
    doc = json.loads(out(p))
    assert list(doc) == ["civiscore_version", "model", "fitted_sha256", "nodes", "units",
                         "effective_weights"]
    assert list(doc["model"]) == ["id", "sha256"]
    assert doc["model"]["id"] == "mini"
    assert re.fullmatch(r"[0-9a-f]{64}", doc["model"]["sha256"])
    assert re.fullmatch(r"[0-9a-f]{64}", doc["fitted_sha256"])

    version = out(run("--version")).split()[-1]
    assert doc["civiscore_version"] == version

    assert [n["id"] for n in doc["nodes"]] == NODE_IDS
    for n in doc["nodes"]:
        assert list(n) == ["id", "name", "parent", "level"]
    by_id = {n["id"]: n for n in doc["nodes"]}
    assert by_id["total"]["parent"] is None and by_id["total"]["level"] == 0
    assert by_id["D1"]["parent"] == "total" and by_id["D1"]["level"] == 1
    assert by_id["ledger"]["parent"] == "D2" and by_id["ledger"]["level"] == 2
    assert by_id["satisfaction"]["name"] == "居民满意度"

    assert [u["id"] for u in doc["units"]] == UNIT_ORDER
    for u in doc["units"]:
        assert list(u) == ["id", "status", "scores", "rank", "grade", "coverage"]
        assert list(u["scores"]) == NODE_IDS
        assert u["status"] == EXPECTED_STATUS[u["id"]]
        assert u["rank"] == EXPECTED_RANK[u["id"]]
        assert u["grade"] == EXPECTED_GRADE[u["id"]]
        if u["id"] in EXPECTED_TOTAL:
            assert u["scores"]["total"] == pytest.approx(EXPECTED_TOTAL[u["id"]], abs=1e-9)

    units = {u["id"]: u for u in doc["units"]}
    d = units["东城社区"]["scores"]
    assert d["D1"] == pytest.approx(42.5, abs=1e-9)
    assert d["satisfaction"] == pytest.approx(22.5, abs=1e-9)
    assert d["D2"] == pytest.approx(28.0, abs=1e-9)
    assert d["ledger"] == pytest.approx(8.0, abs=1e-9)
    assert units["东城社区"]["coverage"] == pytest.approx(1.0)
    assert units["U3"]["scores"]["satisfaction"] is None
    assert units["U3"]["scores"]["D1"] == pytest.approx(10.0, abs=1e-9)
    assert units["U3"]["coverage"] == pytest.approx(0.6, abs=1e-12)
    u4 = units["U4"]
    assert u4["scores"]["total"] is None and u4["rank"] is None and u4["grade"] is None

    # Effective weights: points / 100 in a points model (30/100, 20/100, ...), summing to 1.
    w = doc["effective_weights"]
    assert list(w) == INDICATOR_IDS
    expected_w = {"satisfaction": 0.3, "complaints": 0.2, "meetings": 0.1,
                  "list_published": 0.1, "brand_projects": 0.2, "ledger": 0.1}
    for k, v in expected_w.items():
        assert w[k] == pytest.approx(v, abs=1e-12)
    assert math.fsum(w.values()) == pytest.approx(1.0, abs=1e-12)

    # UTF-8, not \u escapes.
    assert "东城社区" in out(p)


def test_score_csv(mini):
    model, data = mini
    p = run("score", "--model", model, "--data", data, "--format", "csv")
    assert p.returncode == 0, err(p)
    text = out(p)
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[0] == "unit_id,status," + ",".join(NODE_IDS) + ",rank,grade"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["unit_id"] for r in rows] == UNIT_ORDER
    for r in rows:
        uid = r["unit_id"]
        assert r["status"] == EXPECTED_STATUS[uid]
        rank = EXPECTED_RANK[uid]
        assert r["rank"] == ("" if rank is None else str(rank))
        assert r["grade"] == (EXPECTED_GRADE[uid] or "")
        if uid in EXPECTED_TOTAL:
            assert float(r["total"]) == pytest.approx(EXPECTED_TOTAL[uid], abs=1e-9)
    u4 = rows[3]
    assert u4["total"] == "" and u4["D1"] == "" and u4["rank"] == "" and u4["grade"] == ""
    assert rows[2]["satisfaction"] == ""


def test_csv_and_json_agree_to_the_last_bit(mini):
    model, data = mini
    j = json.loads(out(run("score", "--model", model, "--data", data, "--format", "json")))
    rows = list(csv.DictReader(io.StringIO(out(run("score", "--model", model, "--data", data,
                                                   "--format", "csv")))))
    for u, r in zip(j["units"], rows):
        for node in NODE_IDS:
            v = u["scores"][node]
            assert (r[node] == "") == (v is None)
            if v is not None:
                assert float(r[node]) == v  # exact: both are round-trip forms


def test_score_table(mini):
    model, data = mini
    p = run("score", "--model", model, "--data", data, "--format", "table")
    assert p.returncode == 0, err(p)
    lines = out(p).rstrip("\n").split("\n")
    assert "社区服务评估（示例）" in lines[0] and "mini" in lines[0]
    assert lines[1].startswith("4 units: 2 ok, 1 partial, 1 unscored")
    assert "优秀 1" in lines[1] and "良好 0" in lines[1] and "合格 1" in lines[1] and "不合格 1" in lines[1]
    header = lines[3]
    assert header.split() == ["Rank", "Unit", "Score", "Grade", "Status", "D1", "D2"]
    rows = lines[5:]
    # Sorted by rank, the unscored unit last; every unit exactly once.
    assert [r.split()[1] for r in rows] == ["U1", "东城社区", "U3", "U4"]
    assert rows[1].split()[:5] == ["2", "东城社区", "70.50", "合格", "ok"]
    assert rows[1].split()[5:] == ["42.50", "28.00"]
    assert rows[3].split()[:5] == ["-", "U4", "-", "-", "unscored"]

    # Alignment in terminal columns: the right edge of every Score cell and the left edge of every
    # Status cell fall in the same column as in the header, despite the Chinese ids and grades.
    def right_edge(line, token, start=0):
        i = line.index(token, start)
        return display_width(line[:i + len(token)])

    def left_edge(line, token):
        return display_width(line[:line.index(token)])

    score_edge = right_edge(header, "Score")
    status_edge = left_edge(header, "Status")
    d2_edge = right_edge(header, "D2")
    expected = [("U1", "100.00", "ok"), ("东城社区", "70.50", "ok"), ("U3", "20.00", "partial"),
                ("U4", "-", "unscored")]
    for r, (unit, score, status) in zip(rows, expected):
        after_unit = r.index(unit) + len(unit)
        assert right_edge(r, score, after_unit) == score_edge, r
        assert left_edge(r, status) == status_edge, r
        assert display_width(r.rstrip()) == d2_edge, r


def test_default_format(mini, tmp_path):
    model, data = mini
    # Not a terminal: CSV.
    p = run("score", "--model", model, "--data", data)
    assert p.returncode == 0, err(p)
    assert out(p).startswith("unit_id,status,total,")
    # By extension of --out.
    for name, check in [("r.json", lambda t: json.loads(t)["model"]["id"] == "mini"),
                        ("r.CSV", lambda t: t.startswith("unit_id,status,")),
                        ("r.txt", lambda t: t.split("\n")[1].startswith("4 units:"))]:
        target = tmp_path / name
        p = run("score", "--model", model, "--data", data, "--out", target)
        assert p.returncode == 0, err(p)
        assert out(p) == ""
        assert check(target.read_text(encoding="utf-8")), name
    # An explicit --format wins over the extension.
    target = tmp_path / "forced.json"
    p = run("score", "--model", model, "--data", data, "--out", target, "--format=csv")
    assert p.returncode == 0, err(p)
    assert target.read_text(encoding="utf-8").startswith("unit_id,status,")


def test_default_format_on_a_terminal_is_table(mini):
    import pty
    model, data = mini
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen([CLI, "score", "--model", str(model), "--data", str(data)],
                                stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO once the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
        proc.stderr.close()
    finally:
        os.close(master)
    text = b"".join(chunks).decode("utf-8")
    assert "4 units: 2 ok, 1 partial, 1 unscored" in text
    assert "unit_id,status" not in text


def test_id_column_and_threads(mini, tmp_path):
    model, data = mini
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(MINI_CSV.replace("unit_id,", "社区,", 1), encoding="utf-8")
    base = out(run("score", "--model", model, "--data", data, "--format", "json"))
    for threads in ("1", "2", "0"):
        p = run("score", "--model", model, "--data", renamed, "--id-column", "社区",
                "--threads", threads, "--format", "json")
        assert p.returncode == 0, err(p)
        assert out(p) == base  # identical bytes whatever the thread count


def test_fit_then_score_with_fitted(mini, tmp_path):
    model, data = mini
    fitted = tmp_path / "fitted.json"
    p = run("fit", "--model", model, "--data", data, "--out", fitted)
    assert p.returncode == 0, err(p)
    text = fitted.read_text(encoding="utf-8")
    json.loads(text)
    # fit to stdout prints the same JSON plus a line break.
    assert out(run("fit", "--model", model, "--data", data)) == text + "\n"

    direct = json.loads(out(run("score", "--model", model, "--data", data, "--format", "json")))
    p = run("score", "--model", model, "--data", data, "--fitted", fitted, "--format", "json")
    assert p.returncode == 0, err(p)
    via = json.loads(out(p))
    assert via == direct
    assert via["fitted_sha256"] == hashlib.sha256(fitted.read_bytes()).hexdigest()


def test_fitted_for_another_model_is_refused(mini, tmp_path):
    model, data = mini
    fitted = tmp_path / "fitted.json"
    assert run("fit", "--model", model, "--data", data, "--out", fitted).returncode == 0
    other = json.loads(json.dumps(MINI_MODEL))
    other["id"] = "mini2"
    other_path = tmp_path / "other.json"
    other_path.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    p = run("score", "--model", other_path, "--data", data, "--fitted", fitted)
    assert p.returncode == 1
    assert err(p).startswith("civiscore: ")


# ---------------------------------------------------------------------------------------------- errors

def test_missing_indicator_column(mini, tmp_path):
    model, _ = mini
    rows = list(csv.reader(io.StringIO(MINI_CSV)))
    k = rows[0].index("meetings")
    data = tmp_path / "no_meetings.csv"
    data.write_text("\n".join(",".join(r[:k] + r[k + 1:]) for r in rows) + "\n", encoding="utf-8")
    p = run("score", "--model", model, "--data", data)
    assert p.returncode == 1
    assert out(p) == ""
    assert err(p).startswith("civiscore: ")
    assert "meetings" in err(p)


def test_bad_csv_names_the_line(mini, tmp_path):
    model, _ = mini
    lines = MINI_CSV.splitlines()
    lines[2] += ",extra"  # line 3 has one field too many
    data = tmp_path / "bad.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = run("score", "--model", model, "--data", data)
    assert p.returncode == 1
    assert err(p).startswith("civiscore: ")
    assert "bad.csv:3" in err(p), err(p)


def test_text_in_a_number_column_names_the_cell(mini, tmp_path):
    model, _ = mini
    data = tmp_path / "text.csv"
    data.write_text(MINI_CSV.replace("U1,西城,4,95", "U1,西城,4,很好"), encoding="utf-8")
    p = run("score", "--model", model, "--data", data)
    assert p.returncode == 1
    assert "text.csv:3" in err(p) and "satisfaction" in err(p), err(p)


def test_invalid_model_in_score_lists_problems(mini, tmp_path):
    _, data = mini
    bad = json.loads(json.dumps(MINI_MODEL))
    bad["root"]["children"][0]["children"][0]["points"] = -3
    model = tmp_path / "bad.json"
    model.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    p = run("score", "--model", model, "--data", data)
    assert p.returncode == 1
    assert f"{model}: /root/children/0/children/0/points" in err(p), err(p)


def test_unwritable_output(mini, tmp_path):
    model, data = mini
    p = run("score", "--model", model, "--data", data, "--out", tmp_path / "no" / "such" / "dir.csv")
    assert p.returncode == 1
    assert err(p).startswith("civiscore: ") and "dir.csv" in err(p)


@pytest.mark.parametrize("args", [
    [],
    ["frobnicate"],
    ["--frobnicate"],
    ["score", "--model"],
    ["score", "--model", "m.json", "--data", "d.csv", "--colour", "red"],
    ["score", "--model", "m.json", "--data", "d.csv", "--format", "xml"],
    ["score", "--model", "m.json", "--data", "d.csv", "--threads", "-1"],
    ["score", "--model", "m.json", "--data", "d.csv", "--threads", "two"],
    ["score", "--model", "a.json", "--model", "b.json", "--data", "d.csv"],
    ["score", "--data", "d.csv"],
    ["fit", "--model", "m.json", "--data", "d.csv", "--format", "json"],
    ["validate"],
    ["validate", "a.json", "b.json"],
])
def test_usage_errors(args):
    p = run(*args)
    assert p.returncode == 2, (args, err(p))
    assert out(p) == ""
    assert err(p).startswith("civiscore: ")
    assert "usage: civiscore" in err(p)


# ---------------------------------------------------------------------------------------------- misc

def test_version():
    p = run("--version")
    assert p.returncode == 0
    header = (REPO / "include" / "civiscore.h").read_text(encoding="utf-8")
    parts = [re.search(rf"#define CIVISCORE_VERSION_{k} (\d+)", header).group(1)
             for k in ("MAJOR", "MINOR", "PATCH")]
    assert out(p) == f"civiscore {'.'.join(parts)}\n"


@pytest.mark.parametrize("flag", ["help", "-h", "--help"])
def test_help(flag):
    p = run(flag)
    assert p.returncode == 0
    text = out(p)
    for word in ("validate", "score", "fit", "--model", "--data", "--id-column", "--fitted",
                 "--threads", "--out", "--format", "--version"):
        assert word in text, word


def test_sanshe_example_structure(tmp_path):
    """The shipped example scores every community exactly once (structure only, not numbers)."""
    model = REPO / "examples" / "sanshe" / "model.json"
    data = REPO / "examples" / "sanshe" / "communities.csv"
    if not (model.exists() and data.exists()):
        pytest.skip("examples/sanshe not present")
    p = run("validate", model)
    assert p.returncode == 0, err(p)
    p = run("score", "--model", model, "--data", data, "--format", "json")
    assert p.returncode == 0, err(p)
    doc = json.loads(out(p))
    with open(data, encoding="utf-8-sig", newline="") as f:
        ids = [r["unit_id"] for r in csv.DictReader(f)]
    assert [u["id"] for u in doc["units"]] == ids
    levels = [n["level"] for n in doc["nodes"]]
    assert levels.count(0) == 1
    assert len(doc["effective_weights"]) == len(doc["nodes"]) - sum(
        1 for n in doc["nodes"] if any(c["parent"] == n["id"] for c in doc["nodes"]))
    assert math.fsum(doc["effective_weights"].values()) == pytest.approx(1.0, abs=1e-9)
    for u in doc["units"]:
        assert u["status"] in ("ok", "partial", "unscored")
        assert (u["rank"] is None) == (u["status"] == "unscored")
    p = run("score", "--model", model, "--data", data, "--format", "table")
    assert p.returncode == 0, err(p)
    assert len(out(p).rstrip("\n").split("\n")) == 5 + len(ids)
