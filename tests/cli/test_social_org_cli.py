"""examples/social-org: the 1000-point social-organisation assessment scored by the CLI, with the
worked organisation SO-000 computed by hand (examples/social-org/README.md) and the 5A-1A cut-offs."""

import csv
import io
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
EX = REPO / "examples" / "social-org"


@pytest.fixture(scope="module")
def rows():
    p = subprocess.run([CLI, "score", "--model", EX / "model.json", "--data", EX / "organisations.csv",
                        "--id-column", "org_id", "--format", "csv"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return {r["unit_id"]: r for r in csv.DictReader(io.StringIO(p.stdout))}


def test_worked_organisation(rows):
    r = rows["SO-000"]
    # B: 20 + 20 + 20*(70-20)/100 = 10 + 20*4/5 = 16 + 20*(26.5-3)/47 = 10              -> 76
    # G: 30 + 60*3/4 = 45 + 60*45/60 = 45 + (100 - 1*20 - 2*5) = 70 + 50*0.8 = 40 + 50*(90-50)/50 = 40 -> 270
    # W: 80*0.7 = 56 + 100*(12400-1000)/19000 = 60 + 80*(92-60)/40 = 64 + 60*(155-10)/290 = 30 + 80*0.75 = 60 -> 270
    # S: 60*(88-60)/35 = 48 + 40*(84-60)/40 = 24 + 50*0.8 = 40                          -> 112
    expected = {"B": 76, "G": 270, "W": 270, "S": 112, "G4": 70, "W2": 60, "TOTAL": 728}
    for node, points in expected.items():
        assert float(r[node]) == pytest.approx(points, abs=1e-9), node
    assert r["grade"] == "3A"  # 600 <= 728 < 750


def test_grades_follow_the_cut_offs(rows):
    assert len(rows) == 50
    cuts = [(900, "5A"), (750, "4A"), (600, "3A"), (450, "2A"), (300, "1A")]
    for r in rows.values():
        total = float(r["TOTAL"])
        label = next((g for m, g in cuts if total >= m), "未定级")
        assert r["grade"] == label, r["unit_id"]
        assert 0 <= total <= 1000
