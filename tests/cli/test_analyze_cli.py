"""`civiscore analyze` (docs/sensitivity.md) on the ASEM example: JSON and CSV outputs agree, the same
seed gives the same output on 1 and 2 threads, a bad spec names the file and the JSON pointer, and the
output feeds `civiscore report --sensitivity`."""
import csv
import io
import json
import os
import pathlib
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
ASEM = REPO / "examples" / "asem"
BASE = [CLI, "analyze", "--model", str(ASEM / "model.json"), "--data", str(ASEM / "ASEM_iData.csv"),
        "--id-column", "uCode"]
SPEC = {"seed": 4, "replications": 100, "removal": {"indicators": ["LPI"]},
        "uncertain": [{"type": "weights", "node": "*", "percent": 40},
                      {"type": "choice", "id": "agg", "node": "Index",
                       "options": [{}, {"aggregation": "geometric"}]}],
        "sobol": {"samples": 16, "bootstrap": 20, "per_unit": False}}


def run(args, check=True):
    return subprocess.run(args, capture_output=True, text=True, check=check)


def test_json_csv_and_threads(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    one = run(BASE + ["--spec", str(spec), "--threads", "1"]).stdout
    two = run(BASE + ["--spec", str(spec), "--threads", "2", "--format", "json"]).stdout
    assert one == two
    doc = json.loads(one)
    assert doc["inputs"] == ["weights:*", "choice:agg"]
    assert len(doc["units"]) == 51 and doc["uncertainty"]["replications"] == 100
    assert doc["removal"][0]["indicator"] == "LPI" and doc["removal"][0]["mean_abs_rank_shift"] > 0
    assert [x["input"] for x in doc["sobol"]["mean_abs_rank_shift"]["inputs"]] == doc["inputs"]
    assert "unit_scores" not in doc["sobol"]
    assert any(f["type"] == "negative_with_parent" and f["node"] == "TBTs" for f in doc["audit"]["flags"])
    table = list(csv.DictReader(io.StringIO(run(BASE + ["--spec", str(spec), "--format", "csv"]).stdout)))
    assert len(table) == 51
    by_id = {u["unit"]: u for u in doc["units"]}
    for row in table:
        u = by_id[row["unit"]]
        assert float(row["rank_median"]) == u["rank"]["median"]
        assert float(row["score_p95"]) == u["score"]["p95"]
        assert int(row["nominal_rank"]) == u["nominal_rank"]
    # --out with a .csv extension picks CSV.
    out = tmp_path / "units.csv"
    run(BASE + ["--spec", str(spec), "--out", str(out)])
    assert out.read_text().startswith("unit,nominal_score,")


def test_bad_spec_names_file_and_pointer(tmp_path):
    spec = tmp_path / "bad.json"
    spec.write_text(json.dumps({"uncertain": [{"type": "weights", "node": "Index", "percent": 150}]}))
    p = run(BASE + ["--spec", str(spec)], check=False)
    assert p.returncode == 1
    assert str(spec) in p.stderr and "/uncertain/0/percent" in p.stderr
    p = run(BASE + ["--spec", str(spec), "--format", "xml"], check=False)
    assert p.returncode == 2 and "--format expects json or csv" in p.stderr
    audit_only = tmp_path / "audit.json"
    audit_only.write_text("{}")
    p = run(BASE + ["--spec", str(audit_only), "--format", "csv"], check=False)
    assert p.returncode == 2 and "no replications" in p.stderr


def test_output_feeds_the_report(tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"seed": 1, "replications": 50, "removal": False, "audit": False,
                                "uncertain": [{"type": "weights", "node": "*", "percent": 30}]}))
    analysis = tmp_path / "analysis.json"
    run(BASE + ["--spec", str(spec), "--out", str(analysis)])
    units = json.loads(analysis.read_text())["units"]
    assert all(u["rank_lo"] <= u["nominal_rank"] <= u["rank_hi"] for u in units)
    html = tmp_path / "report.html"
    p = run([CLI, "report", "--model", str(ASEM / "model.json"), "--data", str(ASEM / "ASEM_iData.csv"),
             "--id-column", "uCode", "--sensitivity", str(analysis), "--out", str(html)], check=False)
    assert p.returncode == 0, p.stderr
    assert "rank_lo" in html.read_text()
