"""`civiscore score` with a model's unit levels (street, district) and `civiscore link`
(docs/units-and-links.md). The data are tests/data/units-links; tests/core/test_rollup.cpp and
test_link.cpp compute every number used here by hand (e.g. district D1: (1000*70 + 3000*50 +
2000*80 + 2000*60)/8000 = 62.5; D2: (1000*50 + 1000*100)/2000 = 75)."""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
DATA = REPO / "tests" / "data" / "units-links"


def run(*args, check=True):
    p = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"exit {p.returncode}: {p.stderr}")
    return p


def score(fmt, *extra):
    return run("score", "--model", DATA / "community-model.json", "--data", DATA / "communities.csv",
               "--format", fmt, *extra).stdout


def test_csv_has_the_groups_and_ranks_within_them():
    rows = list(csv.DictReader(io.StringIO(score("csv"))))
    assert len(rows) == 8  # every unit keeps its row
    by_id = {r["unit_id"]: r for r in rows}
    assert (by_id["c1"]["street"], by_id["c1"]["rank_in_street"]) == ("S1", "1")
    assert (by_id["c1"]["district"], by_id["c1"]["rank_in_district"]) == ("D1", "2")
    assert by_id["c2"]["rank_in_district"] == "4"
    assert (by_id["c7"]["street"], by_id["c7"]["rank_in_street"], by_id["c7"]["rollup_status"]) == ("", "", "no street")
    assert by_id["c8"]["rollup_status"] == "no weight"
    assert by_id["c6"]["rank_in_street"] == ""  # unscored: unranked


def test_json_has_the_rollup_section():
    doc = json.loads(score("json"))
    districts = {g["id"]: g for g in doc["rollup"]["levels"][1]["groups"]}
    assert districts["D1"]["scores"]["total"] == pytest.approx(62.5, abs=1e-12)
    assert districts["D2"]["scores"]["total"] == pytest.approx(75.0, abs=1e-12)
    assert (districts["D2"]["rank"], districts["D1"]["rank"]) == (1, 2)
    assert districts["D1"]["grade"] == "良"
    streets = {g["id"]: g for g in doc["rollup"]["levels"][0]["groups"]}
    assert (streets["S2"]["rank_in_parent"], streets["S1"]["rank_in_parent"]) == (1, 2)
    assert doc["units"][2]["rollup"]["street"] == {"group": "S2", "rank": 1}


def test_table_lists_every_level():
    text = score("table")
    assert "街道 (street): 3 groups, weighted by population" in text
    assert "区 (district): 2 groups" in text
    district_lines = [l for l in text.splitlines() if l.split()[:2] in (["1", "D2"], ["2", "D1"])]
    assert len(district_lines) == 2
    assert "62.50" in district_lines[1] and "75.00" in district_lines[0]


def test_rollup_out_file(tmp_path):
    out = tmp_path / "rollup.csv"
    score("csv", "--rollup-out", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    s1 = next(r for r in rows if r["level"] == "street" and r["group"] == "S1")
    assert float(s1["total"]) == pytest.approx(55.0, abs=1e-12)  # (1000*70 + 3000*50)/4000
    assert (s1["parent"], s1["rank"], s1["rank_in_parent"], s1["units"]) == ("D1", "2", "2", "2")
    bad = run("score", "--model", DATA / "org-model.json", "--data", DATA / "orgs.csv", "--id-column", "org_id",
              "--rollup-out", tmp_path / "x.csv", check=False)
    assert bad.returncode == 2 and "needs a model with a \"units\" section" in bad.stderr


def test_link_then_score(tmp_path):
    out = tmp_path / "with_org.csv"
    report = tmp_path / "link.json"
    p = run("link", "--entity-model", DATA / "org-model.json", "--entity-data", DATA / "orgs.csv",
            "--entity-id-column", "org_id", "--links", DATA / "links.csv", "--weight", "hours",
            "--as", "org_score", "--data", DATA / "communities.csv", "--out", out, "--report", report)
    assert "no link (org_score missing): c4, c5, c6, c7, c8" in p.stderr
    rows = {r["unit_id"]: r for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert len(rows) == 8
    assert float(rows["c1"]["org_score"]) == pytest.approx(65.0, abs=1e-12)  # (10*80 + 30*60)/40
    assert float(rows["c2"]["org_score"]) == pytest.approx(80.0, abs=1e-12)
    assert rows["c3"]["org_score"] == "" and rows["c3"]["org_score_links"] == "0"
    assert rows["c7"]["street"] == ""
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["no_scored_entity"] == ["c3"] and rep["unscored_entities"] == ["O3"]
    # The linked file scores with the community model (its units section still works).
    doc = json.loads(run("score", "--model", DATA / "community-model.json", "--data", out,
                         "--format", "json").stdout)
    assert doc["rollup"]["levels"][1]["groups"][0]["scores"]["total"] == pytest.approx(62.5, abs=1e-12)


def test_link_takes_threads(tmp_path):
    args = ["link", "--entity-model", DATA / "org-model.json", "--entity-data", DATA / "orgs.csv",
            "--entity-id-column", "org_id", "--links", DATA / "links.csv", "--weight", "hours",
            "--as", "org_score", "--data", DATA / "communities.csv"]
    default = run(*args).stdout
    assert "org_score" in default
    for threads in ("1", "2"):
        assert run(*args, "--threads", threads).stdout == default
    bad = run(*args, "--threads", "-1", check=False)
    assert bad.returncode == 2 and "--threads expects an integer from 0 to 4096, got '-1'" in bad.stderr


def test_link_errors_name_the_line(tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("entity_id,community_id,hours\nO1,c1,10\nO1,c404,3\n", encoding="utf-8")
    p = run("link", "--entity-model", DATA / "org-model.json", "--entity-data", DATA / "orgs.csv",
            "--entity-id-column", "org_id", "--links", links, "--weight", "hours", "--as", "org_score",
            "--data", DATA / "communities.csv", check=False)
    assert p.returncode == 1
    assert f"{links}:3: community 'c404'" in p.stderr
    p = run("link", "--entity-model", DATA / "org-model.json", check=False)
    assert p.returncode == 2 and "missing required option" in p.stderr
