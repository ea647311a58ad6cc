"""The report writers through the Python binding and the CLI (docs/report.md).

The XLSX workbook is re-read with openpyxl and every cell of its ranking sheet is compared with the
CSV output of the same result (`civiscore score --format csv` through the CLI, `Result.to_csv()`
through the binding); the rectification sheet is compared with the built-in rule recomputed here
from the CSV scores and the model's points. The HTML is checked for its embedded document and for
having no external asset; the browser test (tests/report/browser_check.py) checks it in Chromium.
"""

import csv
import io
import json
import math
import os
import re
import subprocess
from pathlib import Path

import pytest

import civiscore

openpyxl = pytest.importorskip("openpyxl", reason="python3-openpyxl (Debian) is needed")

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "examples" / "sanshe" / "model.json"
DATA = REPO / "examples" / "sanshe" / "communities.csv"
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))


@pytest.fixture(scope="module")
def scored():
    model = civiscore.Model.from_file(MODEL)
    data = civiscore.Dataset.read_csv(DATA)
    return model, data, model.score(data)


def _csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def _embedded_document(html):
    m = re.search(r'<script type="application/json" id="cs-data">(.*?)</script>', html, re.S)
    assert m, "no embedded report document"
    return json.loads(m.group(1))


def _compare_ranking(path, csv_text, model):
    """Every cell of the CSV equals the ranking sheet's cell of the same unit and column."""
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["排名", "整改清单"] and "指标体系" in wb.sheetnames
    ws = wb["排名"]
    header = [c.value for c in ws[1]]
    rows = _csv_rows(csv_text)
    csv_columns = list(rows[0].keys())
    assert header[:len(csv_columns)] == csv_columns  # the CSV's columns first, same order
    assert ws.freeze_panes == "B3"                   # two header rows and the id column frozen
    assert ws.column_dimensions["A"].width >= 8
    names = [c.value for c in ws[2]]
    assert names[2] == model.node_names[0]          # second header row: node names (Chinese)
    sheet = {}
    for r in ws.iter_rows(min_row=3, values_only=True):
        sheet[r[0]] = r
    assert len(sheet) == len(rows) == 360
    numeric = set(csv_columns) - {"unit_id", "status", "grade"}
    checked = 0
    for row in rows:
        cells = sheet[row["unit_id"]]
        for j, col in enumerate(csv_columns):
            want, got = row[col], cells[j]
            if want == "":
                assert got is None, (row["unit_id"], col, got)
            elif col in numeric:
                # a number cell, not text; libxlsxwriter writes 16 significant digits
                assert isinstance(got, (int, float)), (row["unit_id"], col, got)
                assert got == pytest.approx(float(want), rel=1e-15, abs=1e-12), (row["unit_id"], col)
            else:
                assert got == want, (row["unit_id"], col)
            checked += 1
    assert checked == 360 * len(csv_columns)
    # rows are in rank order, unscored last
    ranks = [r[header.index("rank")] for r in ws.iter_rows(min_row=3, values_only=True)]
    ranked = [r for r in ranks if r is not None]
    assert ranked == sorted(ranked) and ranks[:len(ranked)] == ranked
    return wb


def _expected_rectification(csv_text):
    """The built-in rule recomputed from the CSV and the model's points: an indicator is listed when
    score / points < 0.6, or when it is among the 5 largest losses (points - score) that are > 0
    (ties in model order);
    in a points model the gain in the total equals the points lost."""
    doc = json.loads(MODEL.read_text(encoding="utf-8"))
    points = {}

    def walk(node):
        if "children" in node:
            for child in node["children"]:
                walk(child)
        else:
            points[node["id"]] = float(node["points"])

    walk(doc["root"])
    out = {}
    for row in _csv_rows(csv_text):
        if row["status"] == "unscored":
            continue
        items = []
        for k, (ind, pts) in enumerate(points.items()):
            if row[ind] == "":
                continue
            s = float(row[ind])
            items.append((pts - s, k, ind, s / pts))
        # equal losses tie (compared at 1e-9 points) and keep model order
        items.sort(key=lambda t: (-math.floor(t[0] * 1e9 + 0.5), t[1]))
        chosen = [ind for i, (loss, _, ind, f) in enumerate(items) if f < 0.6 or (i < 5 and loss > 0)]
        out[row["unit_id"]] = chosen
    return out


def test_xlsx_from_the_cli_equals_the_csv(tmp_path):
    if not Path(CLI).exists():
        pytest.fail(f"civiscore binary not found at {CLI}; build civiscore_cli or set CIVISCORE_CLI")
    csv_text = subprocess.run([CLI, "score", "--model", MODEL, "--data", DATA, "--format", "csv"],
                              check=True, capture_output=True, text=True).stdout
    out = tmp_path / "report.xlsx"
    subprocess.run([CLI, "report", "--model", MODEL, "--data", DATA, "--out", out, "--checks"],
                   check=True, capture_output=True)
    model = civiscore.Model.from_file(MODEL)
    wb = _compare_ranking(out, csv_text, model)
    # the flags sheet is there because --checks ran
    assert "数据质量标记" in wb.sheetnames
    # the rectification sheet holds exactly the built-in rule's items, units in input order
    expected = _expected_rectification(csv_text)
    ws = wb["整改清单"]
    assert ws.freeze_panes == "B2"
    got = {}
    for r in ws.iter_rows(min_row=2, values_only=True):
        got.setdefault(r[0], []).append(r[3])
    assert {u: v for u, v in expected.items() if v} == got
    assert sum(len(v) for v in got.values()) > 360  # not an empty sheet
    tree = wb["指标体系"]
    assert tree.max_row == 1 + 61 and tree["B2"].value == "TSL"


def test_xlsx_from_python_equals_to_csv(scored, tmp_path):
    model, data, result = scored
    assert civiscore.xlsx_supported(), "this build has no XLSX support: install libxlsxwriter-dev"
    out = tmp_path / "report.xlsx"
    civiscore.write_report(result, out, data=data, data_file=DATA)
    _compare_ranking(out, result.to_csv(), model)


def test_xlsx_in_english(scored, tmp_path):
    _, data, result = scored
    out = tmp_path / "report-en.xlsx"
    civiscore.write_report(result, out, data=data, lang="en")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["ranking", "rectification", "model"]  # no flags, no allocations given
    assert wb["ranking"]["C2"].value == "Total score"


def test_html_document(scored):
    _, data, result = scored
    html = civiscore.report_html(result, data=data, data_file=DATA, date="2025-01-31")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    # no external asset: no src= at all, the only href is the inline icon and in-page anchors
    assert not re.search(r"\ssrc\s*=", html)
    hrefs = set(re.findall(r'href="([^"#][^"]*)"', html))
    assert hrefs <= {"data:,"}, hrefs
    assert "http://" not in html and "https://" not in html
    doc = _embedded_document(html)
    csv_rows = _csv_rows(result.to_csv())
    assert len(doc["units"]) == 360 and [u["id"] for u in doc["units"]] == [r["unit_id"] for r in csv_rows]
    assert doc["group_columns"] == ["district", "type"]
    summary = doc["summary"]
    grades = [g["label"] for g in doc["grades"]]
    assert summary["grade_counts"] == [sum(r["grade"] == g for r in csv_rows) for g in grades]
    scored_units = sum(r["status"] != "unscored" for r in csv_rows)
    assert sum(summary["hist"]["counts"]) == scored_units
    # by district: counts add up, and each group's mean is the mean of its members' totals
    district = summary["groups"][0]
    assert sum(r["n"] for r in district["rows"]) == 360
    with open(DATA, encoding="utf-8") as f:
        by_unit = {r["unit_id"]: r["district"] for r in csv.DictReader(f)}
    first = district["rows"][0]
    totals = [float(r["TSL"]) for r in csv_rows if by_unit[r["unit_id"]] == first["value"] and r["TSL"]]
    assert first["mean"] == pytest.approx(sum(totals) / len(totals), rel=1e-12)
    prov = doc["provenance"]
    import hashlib
    assert prov["data_sha256"] == hashlib.sha256(DATA.read_bytes()).hexdigest()
    assert prov["data_name"] == "communities.csv" and prov["date"] == "2025-01-31"
    assert prov["model_sha256"] == result.model_sha256
    assert doc["checks"] is None and doc["rectification_source"] == "builtin"


def test_html_optional_inputs(scored):
    _, data, result = scored
    full = json.loads(result.to_json())
    root = full["nodes"][0]["id"]
    previous = {"nodes": full["nodes"], "units": [
        {"id": u["id"], "rank": u["rank"],
         "scores": {root: None if u["scores"][root] is None else u["scores"][root] - 1.5}}
        for u in full["units"]]}
    checks = {"flags": [{"rule": "range", "severity": "error", "unit": "JY-001", "column": "I02",
                         "reason_zh": "超出范围", "reason_en": "out of range"}], "notes": []}
    sensitivity = {"units": {"JY-001": {"rank_lo": 3, "rank_hi": 9}}}
    doc = _embedded_document(civiscore.report_html(result, data=data, previous=previous,
                                                   checks=checks, sensitivity=sensitivity))
    u = doc["units"][0]
    assert u["id"] == "JY-001"
    assert u["change"] == pytest.approx(1.5, abs=1e-12)
    assert u["flags"][0]["reason_zh"] == "超出范围"
    assert (u["rank_lo"], u["rank_hi"]) == (3, 9)
    assert doc["has_previous"] and doc["has_sensitivity"] and doc["checks"]["flags"]


def test_html_english_labels(scored):
    _, data, result = scored
    html = civiscore.report_html(result, data=data, lang="en")
    assert '<html lang="en">' in html and '"summary":"Summary"' in html
    assert _embedded_document(html)["nodes"][0]["name"] == "Total score"


def test_bad_options_name_the_problem(scored, tmp_path):
    _, data, result = scored
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown key /colour"):
        civiscore._native.lib().civiscore_report_write_string(
            result.handle, data.handle, b'{"colour": "red"}', None, 0, None)
    with pytest.raises(civiscore.DataError, match="group column 'ward'"):
        civiscore.report_html(result, data=data, group_columns=["ward"])
    with pytest.raises(civiscore.InvalidArgumentError, match="lang"):
        civiscore.report_html(result, data=data, lang="fr")
    other = civiscore.Dataset.parse_csv("unit_id,x\nA,1\n")
    with pytest.raises(civiscore.DataError, match="units"):
        civiscore.report_html(result, data=other)
    with pytest.raises(civiscore.DataError, match="assessment"):
        civiscore.report_html(result, data=data, assessment="{not json")
    with pytest.raises(ValueError):
        civiscore.write_report(result, tmp_path / "r.pdf", format="pdf")


PLAN = REPO / "examples" / "sanshe" / "plan.json"
PERIODS = REPO / "examples" / "sanshe" / "periods.csv"
RATINGS = REPO / "examples" / "sanshe" / "ratings.csv"


def test_plan_report_from_long_data_xlsx(tmp_path):
    """`report --plan` on long data (periods + ratings): the workbook of the assessed period agrees with
    `civiscore assess` and `civiscore allocate` run on the same inputs."""
    if not Path(CLI).exists():
        pytest.fail(f"civiscore binary not found at {CLI}; build civiscore_cli or set CIVISCORE_CLI")
    common = ["--model", MODEL, "--plan", PLAN, "--data", PERIODS, "--ratings", RATINGS]
    out = tmp_path / "plan.xlsx"
    subprocess.run([CLI, "report", *common, "--budget", "1000000", "--out", out], check=True, capture_output=True)
    assessed = json.loads(subprocess.run([CLI, "assess", *common, "--format", "json"],
                                         check=True, capture_output=True, text=True).stdout)
    alloc = json.loads(subprocess.run([CLI, "allocate", *common, "--budget", "1000000", "--format", "json"],
                                      check=True, capture_output=True, text=True).stdout)
    assert assessed["period"] == "2025" and len(assessed["units"]) == 24
    wb = openpyxl.load_workbook(out)
    assert {"排名", "整改清单", "资金分配"} <= set(wb.sheetnames)

    # Ranking: the 24 units of 2025, root change equal to the assessment's change since 2024.
    ws = wb["排名"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {u["unit_id"] for u in assessed["units"]}
    for ct in assessed["change_and_trend"]:
        assert rows[ct["unit_id"]]["change"] == pytest.approx(ct["change"]["TSL"], rel=1e-12, abs=1e-12)
    assert rows["JY-01"]["district"] == "建邺区"  # the period's rows give the group columns

    # Rectification: the plan's lists, item by item.
    want = {u["unit_id"]: [it["id"] for it in u["rectification"]] for u in assessed["units"] if u["rectification"]}
    got = {}
    for r in wb["整改清单"].iter_rows(min_row=2, values_only=True):
        got.setdefault(r[0], []).append(r[3])
    assert got == want and sum(len(v) for v in got.values()) > 0
    # LH-04 carries the veto V2 in its list
    assert "V2" in got["LH-04"]

    # Allocations: one row per unit, amounts in yuan summing to the budget, equal to `allocate`.
    ws = wb["资金分配"]
    header = [c.value for c in ws[1]]
    amounts = {r[header.index("unit")]: r[header.index("amount")] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(amounts) == 24
    assert sum(round(a * 100) for a in amounts.values()) == 100_000_000  # 1,000,000 yuan in cents
    assert alloc["unit"] == "cents" and alloc["total"] == 100_000_000
    for a in alloc["allocations"]:
        assert round(amounts[a["unit_id"]] * 100) == a["amount"]
    assert amounts["LH-06"] == 0  # rule A1: no funds


def test_plan_report_options_need_a_plan(tmp_path):
    for opt in (["--ratings", str(RATINGS)], ["--period-column", "period"]):
        p = subprocess.run([CLI, "report", "--model", MODEL, "--data", DATA, *opt, "--out", tmp_path / "x.html"],
                           capture_output=True, text=True)
        assert p.returncode != 0 and "needs --plan" in p.stderr
