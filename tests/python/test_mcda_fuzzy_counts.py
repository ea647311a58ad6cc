"""A fuzzy group whose membership comes from survey level counts ("counts", docs/methods.md "MCDA
aggregators"): the model's grade distribution B and score equal the stand-alone
civiscore.methods.rank("fuzzy", ..., counts=...) on the same counts, for every operator; bad counts
name their JSON pointer or the unit and column."""
import json
import math

import pytest

import civiscore
import civiscore.methods as cm

GRADES = [("很满意", 100.0), ("满意", 80.0), ("一般", 60.0), ("不满意", 20.0)]
VALUES = [v for _, v in GRADES]
# Two survey questions (counts per grade) and one scored indicator, six communities.
SERVICE = [[12, 5, 2, 1], [3, 9, 6, 2], [0, 4, 10, 6], [20, 0, 0, 0], [7, 7, 3, 3], [1, 2, 3, 14]]
SAFETY = [[5, 5, 5, 5], [10, 6, 3, 1], [2, 8, 8, 2], [9, 1, 0, 0], [0, 0, 12, 8], [6, 6, 4, 4]]
ENV = [88.0, 64.0, 45.0, 97.0, 72.0, 30.0]
WEIGHTS = [0.5, 0.3, 0.2]


def _data():
    data = {"unit_id": ["c%d" % i for i in range(6)], "env": ENV,
            # the survey children read their respondent count (applicability only)
            "svc_n": [float(sum(r)) for r in SERVICE], "saf_n": [float(sum(r)) for r in SAFETY]}
    for prefix, table in (("svc", SERVICE), ("saf", SAFETY)):
        for k in range(4):
            data["%s_%d" % (prefix, k)] = [float(r[k]) for r in table]
    return data


def _model(operator, counts=None):
    counts = counts or {"svc": ["svc_%d" % k for k in range(4)], "saf": ["saf_%d" % k for k in range(4)]}
    return civiscore.Model.from_json(json.dumps({
        "civiscore_model": 1, "id": "survey", "name": "survey",
        "root": {"id": "S", "aggregation": {
            "type": "fuzzy", "operator": operator, "counts": counts,
            "grades": [{"label": label, "value": value} for label, value in GRADES]},
            "children": [
                {"id": "svc", "column": "svc_n", "weight": WEIGHTS[0], "rule": {"type": "goalposts", "worst": 0, "best": 100}},
                {"id": "saf", "column": "saf_n", "weight": WEIGHTS[1], "rule": {"type": "goalposts", "worst": 0, "best": 100}},
                {"id": "env", "column": "env", "weight": WEIGHTS[2], "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}}))


def _close(got, want, what):
    assert len(got) == len(want), what
    for i, (g, w) in enumerate(zip(got, want)):
        assert math.isclose(g, w, rel_tol=0, abs_tol=1e-9), (what, i, g, w)


@pytest.mark.parametrize("operator", ["weighted_sum", "min_max", "product_max", "min_bounded"])
def test_model_b_equals_stand_alone_rank_on_the_same_counts(operator):
    result = _model(operator).score(_data())
    doc = json.loads(result.to_json())["mcda"]["S"]
    assert doc["grades"] == [label for label, _ in GRADES]
    # Stand-alone: the same counts, and the env criterion through triangular membership at the
    # grade values (null counts); the survey columns' X values are not read.
    X = [[0.0, 0.0, e] for e in ENV]
    counts = [[SERVICE[i], SAFETY[i], None] for i in range(6)]
    want = cm.rank("fuzzy", X, WEIGHTS, operator=operator, grade_values=VALUES, peaks=[VALUES] * 3,
                   counts=counts)
    for i in range(6):
        _close(doc["B"][i], want["B"][i], (operator, i))
    _close([float(v) for v in result.score("S")], [float(s) for s in want["scores"]], operator)


def test_hand_computed_unit():
    # c3 under M(.,+): service (20, 0, 0, 0) -> (1, 0, 0, 0); safety (9, 1, 0, 0) -> (.9, .1, 0, 0);
    # env 97 lies between the peaks 80 and 100: (97 - 80) / 20 = .85 -> (.85, .15, 0, 0).
    # B = .5 (1, 0, 0, 0) + .3 (.9, .1, 0, 0) + .2 (.85, .15, 0, 0) = (.94, .06, 0, 0); score 94 + 4.8 = 98.8.
    result = _model("weighted_sum").score(_data())
    doc = json.loads(result.to_json())["mcda"]["S"]
    _close(doc["B"][3], [0.94, 0.06, 0.0, 0.0], "c3")
    assert math.isclose(float(result.score("S")[3]), 98.8, abs_tol=1e-9)


def test_stand_alone_counts_only():
    # Every criterion from counts: no membership functions needed. (1, 1) and (3, 1) of grades 100/0,
    # w = (.5, .5): B = (.5 * .5 + .5 * .75, ...) = (.625, .375); score 62.5.
    got = cm.rank("fuzzy", [[0.0, 0.0]], [1.0, 1.0], grade_values=[100, 0], counts=[[[1, 1], [3, 1]]])
    _close(got["B"][0], [0.625, 0.375], "B")
    assert math.isclose(float(got["scores"][0]), 62.5, abs_tol=1e-12)
    with pytest.raises(civiscore.Error, match=r"counts\[0\]\[1\]: fuzzy: criterion 0 has no responses"):
        cm.rank("fuzzy", [[0.0, 0.0]], [1.0, 1.0], grade_values=[100, 0], counts=[[[1, 1], [0, 0]]])
    with pytest.raises(civiscore.Error, match=r"counts\[0\]\[1\] is null"):
        cm.rank("fuzzy", [[0.0, 0.0]], [1.0, 1.0], grade_values=[100, 0], counts=[[[1, 1], None]])


def test_bad_counts_name_the_place():
    with pytest.raises(civiscore.Error, match=r"/root/aggregation/counts/svc: needs one count column per grade \(4\)"):
        _model("weighted_sum", {"svc": ["svc_0"]})
    with pytest.raises(civiscore.Error, match=r"/root/aggregation/counts/nope: \"nope\" is not a child"):
        _model("weighted_sum", {"nope": ["svc_%d" % k for k in range(4)]})
    data = _data()
    data["saf_2"][4] = -1.0
    with pytest.raises(civiscore.Error, match=r"c4.*node 'S'.*column 'saf_2'"):
        _model("weighted_sum").score(data)
