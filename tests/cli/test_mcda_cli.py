"""MCDA group aggregators through the command line: `civiscore score --format json` shows each MCDA
group's score, the VIKOR S/R/Q and compromise set and the fuzzy grade distribution B; `validate`
names the JSON pointer of a bad MCDA key; a fitted state from `fit` scores new data."""
import json
import os
import pathlib
import subprocess

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))

# Children a (weight 3) and b (weight 1) scored by goalposts 0..100 (score = raw value).
DATA = "unit_id,a,b\nu1,0,100\nu2,50,50\nu3,100,0\nu4,100,50\n"


def _model(aggregations):
    def child(gid, col, weight):
        return {"id": gid + "_" + col, "column": col, "weight": weight,
                "rule": {"type": "goalposts", "worst": 0, "best": 100}}
    groups = [{"id": gid, "aggregation": agg, "children": [child(gid, "a", 3), child(gid, "b", 1)]}
              for gid, agg in aggregations.items()]
    return {"civiscore_model": 1, "id": "mcda", "name": "mcda", "root": {"id": "root", "children": groups}}


def _run(*args, check=True):
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=check)


def test_score_json_shows_mcda_details(tmp_path):
    model = tmp_path / "m.json"
    model.write_text(json.dumps(_model({
        "V": {"type": "vikor"},
        "T": {"type": "topsis"},
        "F": {"type": "fuzzy", "grades": [{"label": "good", "value": 100}, {"label": "fair", "value": 50},
                                          {"label": "poor", "value": 0}]},
    })), encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    doc = json.loads(_run("score", "--model", str(model), "--data", str(data), "--format", "json").stdout)
    scores = {u["id"]: u["scores"] for u in doc["units"]}
    # VIKOR by hand (tests/core/test_mcda_aggregators.cpp): Q = (1, .5, .2, 0) -> 100 (1 - Q).
    assert [round(scores[u]["V"], 9) for u in ("u1", "u2", "u3", "u4")] == [0, 50, 80, 100]
    # TOPSIS closeness (.25, .5, .75, .8588121519) -> 100 C.
    assert abs(scores["u4"]["T"] - 85.88121519361606) < 1e-9 and abs(scores["u1"]["T"] - 25) < 1e-9
    v = doc["mcda"]["V"]
    assert v["compromise"] == ["u3", "u4"]
    assert v["acceptable_advantage"] is False and v["acceptable_stability"] is True
    assert [round(q, 12) for q in v["Q"]] == [1, 0.5, 0.2, 0]
    # Fuzzy: u1 (0, 100) -> B = .75 poor + .25 good = (.25, 0, .75), score 25.
    f = doc["mcda"]["F"]
    assert f["grades"] == ["good", "fair", "poor"]
    assert [round(b, 12) for b in f["B"][0]] == [0.25, 0, 0.75]
    assert abs(scores["u1"]["F"] - 25) < 1e-9
    assert doc["mcda"]["T"] == {"type": "topsis"}


def test_fit_then_score_new_data(tmp_path):
    model = tmp_path / "m.json"
    model.write_text(json.dumps(_model({"G": {"type": "grey_relational"}})), encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    fitted = tmp_path / "f.json"
    _run("fit", "--model", str(model), "--data", str(data), "--out", str(fitted))
    assert "G" in json.loads(fitted.read_text(encoding="utf-8"))["node_mcda"]
    new = tmp_path / "n.csv"
    new.write_text("unit_id,a,b\nu4,100,50\n", encoding="utf-8")
    doc = json.loads(_run("score", "--model", str(model), "--data", str(new), "--fitted", str(fitted),
                          "--format", "json").stdout)
    # u4's grade on the base data's reference: .75 * 1 + .25 * .5 = .875 -> 87.5.
    assert abs(doc["units"][0]["scores"]["G"] - 87.5) < 1e-9


def test_validate_names_the_pointer(tmp_path):
    model = tmp_path / "m.json"
    model.write_text(json.dumps(_model({"T": {"type": "topsis", "absolute": True, "ideal": [100]},
                                        "V": {"type": "vikor", "v": -1}})), encoding="utf-8")
    r = _run("validate", str(model), check=False)
    assert r.returncode != 0
    out = r.stdout + r.stderr
    assert "/root/children/0/aggregation/ideal: needs one number per child (2), not 1" in out
    assert "/root/children/1/aggregation/v: must be in [0, 1]" in out


def test_fuzzy_membership_from_survey_counts(tmp_path):
    # Child a's membership from the count columns good/fair/poor, child b's from its score.
    # u1: counts (6, 3, 1) -> (.6, .3, .1); b = 100 -> (1, 0, 0); w = (.75, .25):
    #     B = (.45 + .25, .225, .075) = (.7, .225, .075), score 70 + 11.25 = 81.25.
    # u2: no responses (0, 0, 0): a is left out, coverage .25; b = 50 -> B = (0, 1, 0), score 50.
    model = tmp_path / "m.json"
    model.write_text(json.dumps(_model({
        "F": {"type": "fuzzy", "counts": {"F_a": ["good", "fair", "poor"]},
              "grades": [{"label": "good", "value": 100}, {"label": "fair", "value": 50},
                         {"label": "poor", "value": 0}]},
    })), encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("unit_id,a,b,good,fair,poor\nu1,20,100,6,3,1\nu2,20,50,0,0,0\n", encoding="utf-8")
    doc = json.loads(_run("score", "--model", str(model), "--data", str(data), "--format", "json").stdout)
    scores = {u["id"]: u["scores"] for u in doc["units"]}
    assert abs(scores["u1"]["F"] - 81.25) < 1e-9 and abs(scores["u2"]["F"] - 50) < 1e-9
    for got, want in zip(doc["mcda"]["F"]["B"][0], [0.7, 0.225, 0.075]):
        assert abs(got - want) < 1e-12
    # A count column the data lacks is named; a bad key names its JSON pointer.
    data.write_text("unit_id,a,b,good,fair\nu1,20,100,6,3\n", encoding="utf-8")
    missing = _run("score", "--model", str(model), "--data", str(data), check=False)
    assert missing.returncode != 0 and "'poor'" in missing.stderr
    model.write_text(json.dumps(_model({"F": {"type": "fuzzy", "counts": {"F_a": ["good"]},
                                               "grades": [{"value": 100}, {"value": 0}]}})), encoding="utf-8")
    bad = _run("validate", str(model), check=False)
    assert bad.returncode != 0 and "/root/children/0/aggregation/counts/F_a" in bad.stderr
