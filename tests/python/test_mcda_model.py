"""MCDA methods as group aggregators inside a model (docs/methods.md "MCDA aggregators"): on the
fitting data, each group's values are exactly the stand-alone civiscore.methods.rank results on the
children's score matrix, mapped onto the model scale; the VIKOR compromise set and the fuzzy grade
distribution reach Python; the fitted reference scores new data; bad keys name their JSON pointer."""
import json
import math

import pytest

import civiscore
import civiscore.methods as cm

# Eight units, three raw columns (no ties, so the rankings are strict).
X1 = [12.0, 35.0, 7.0, 51.0, 28.0, 44.0, 19.0, 60.0]
X2 = [3.1, 0.4, 2.2, 1.7, 4.8, 0.9, 3.9, 2.6]
X3 = [71.0, 55.0, 90.0, 62.0, 48.0, 83.0, 66.0, 39.0]
DATA = {"unit_id": ["u%d" % i for i in range(8)], "x1": X1, "x2": X2, "x3": X3}
WEIGHTS = [2.0, 1.0, 1.5]

AGGREGATIONS = {
    "T": {"type": "topsis"},
    "TV": {"type": "topsis", "normalisation": "vector"},
    "V": {"type": "vikor", "v": 0.4},
    "G": {"type": "grey_relational", "rho": 0.5},
    "C": {"type": "copeland"},
    "F": {"type": "fuzzy", "operator": "weighted_sum",
          "grades": [{"label": "优秀", "value": 95}, {"label": "良好", "value": 75},
                     {"label": "合格", "value": 50}, {"label": "不合格", "value": 20}]},
}


def _group(gid, aggregation):
    # x2 is a cost indicator: its rule turns it round, so every child's score is "higher is better".
    children = [
        {"id": gid + "_1", "column": "x1", "weight": WEIGHTS[0], "rule": {"type": "min_max"}},
        {"id": gid + "_2", "column": "x2", "weight": WEIGHTS[1], "direction": "cost", "rule": {"type": "min_max"}},
        {"id": gid + "_3", "column": "x3", "weight": WEIGHTS[2], "rule": {"type": "goalposts", "worst": 30, "best": 95}},
    ]
    return {"id": gid, "aggregation": aggregation, "children": children}


def _model(groups=AGGREGATIONS):
    return civiscore.Model.from_json(json.dumps({
        "civiscore_model": 1, "id": "mcda", "name": "MCDA groups",
        "root": {"id": "root", "children": [_group(g, a) for g, a in groups.items()]}}))


def _children_matrix(result, gid):
    cols = [result.score(gid + "_%d" % k) for k in (1, 2, 3)]
    return [[float(cols[k][i]) for k in range(3)] for i in range(len(X1))]


def _competition_ranks(values, higher_is_better=True):
    s = [v if higher_is_better else -v for v in values]
    return [1 + sum(1 for o in s if o > v) for v in s]


def _close(got, want):
    assert len(got) == len(want)
    for i, (g, w) in enumerate(zip(got, want)):
        assert math.isclose(g, w, rel_tol=0, abs_tol=1e-9), (i, g, w)


@pytest.fixture(scope="module")
def scored():
    model = _model()
    return model, model.score(DATA)


def test_topsis_vikor_gra_copeland_equal_stand_alone_rank(scored):
    _, result = scored
    m = len(X1)
    mapping = {
        "T": ("topsis", {"normalisation": "min_max"}, lambda s, d: 100 * s),
        "TV": ("topsis", {"normalisation": "vector"}, lambda s, d: 100 * s),
        "V": ("vikor", {"v": 0.4}, lambda s, d: 100 * (1 - s)),
        "G": ("grey_relational", {"rho": 0.5}, lambda s, d: 100 * s),
        "C": ("copeland", {}, lambda s, d: 100 * (s + m) / (2 * m)),
    }
    for gid, (method, options, to_scale) in mapping.items():
        X = _children_matrix(result, gid)
        want = cm.rank(method, X, WEIGHTS, **options)
        got = [float(v) for v in result.score(gid)]
        _close(got, [to_scale(float(s), want) for s in want["scores"]])
        assert _competition_ranks(got) == [int(r) for r in want["ranks"]], gid


def test_vikor_compromise_set_and_fuzzy_distribution_reach_python(scored):
    _, result = scored
    doc = json.loads(result.to_json())
    X = _children_matrix(result, "V")
    want = cm.rank("vikor", X, WEIGHTS, v=0.4)
    details = doc["mcda"]["V"]
    assert details["compromise"] == ["u%d" % i for i in want["compromise"]]
    assert details["acceptable_advantage"] == want["acceptable_advantage"]
    assert details["acceptable_stability"] == want["acceptable_stability"]
    _close(details["S"], want["S"])
    _close(details["R"], want["R"])
    _close(details["Q"], want["Q"])

    # Fuzzy: triangular membership peaking at the grade values, as rank("fuzzy", peaks=...).
    values = [95, 75, 50, 20]
    X = _children_matrix(result, "F")
    fz = cm.rank("fuzzy", X, WEIGHTS, operator="weighted_sum", grade_values=values, peaks=[values] * 3)
    _close([float(v) for v in result.score("F")], [float(s) for s in fz["scores"]])
    fuzzy = doc["mcda"]["F"]
    assert fuzzy["grades"] == ["优秀", "良好", "合格", "不合格"] and fuzzy["grade_values"] == values
    for got, want_b in zip(fuzzy["B"], fz["B"]):
        _close(got, want_b)
    # The node report names the aggregation and what fit learned.
    groups = {g["id"]: g for g in result.node_report()["groups"]}
    assert groups["V"]["aggregation"] == "vikor" and groups["V"]["mcda"]["learned"]["rows"] == 8
    assert groups["F"]["mcda"]["operator"] == "weighted_sum"


def test_fitted_reference_scores_new_units_alone(scored):
    model, result = scored
    fitted = model.fit(DATA)
    # The fitted state holds each learning group's reference and round-trips through JSON.
    state = json.loads(fitted.to_json())
    assert set(state["node_mcda"]) == {"T", "TV", "V", "G", "C"}
    assert len(state["node_mcda"]["C"]["matrix"]) == 8
    # A fitted unit scored alone gets its value from the whole fit.
    one = {"unit_id": ["u3"], "x1": [X1[3]], "x2": [X2[3]], "x3": [X3[3]]}
    alone = model.score(one, fitted=fitted)
    for gid in AGGREGATIONS:
        assert math.isclose(float(alone.score(gid)[0]), float(result.score(gid)[3]), abs_tol=1e-9), gid
    # A missing child is left out (weights re-normalised), coverage drops, the unit keeps its row.
    gap = {"unit_id": ["n1"], "x1": [30.0], "x2": [float("nan")], "x3": [70.0]}
    partial = model.score(gap, fitted=fitted)
    assert partial.statuses == ["partial"]
    assert not math.isnan(float(partial.score("T")[0]))
    assert math.isclose(float(partial.node_coverage("T")[0]), 3.5 / 4.5)


def test_bad_configuration_names_its_pointer():
    with pytest.raises(civiscore.Error) as e:
        _model({"V": {"type": "vikor", "v": 1.5}})
    assert "/root/children/0/aggregation/v: must be in [0, 1]" in str(e.value)
    with pytest.raises(civiscore.Error) as e:
        _model({"F": {"type": "fuzzy", "grades": [{"label": "good"}]}})
    assert "/root/children/0/aggregation/grades" in str(e.value)
