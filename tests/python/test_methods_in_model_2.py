"""Issue 3 part 2 through Python: normalisers as indicator rules give the same numbers as the
stand-alone civiscore.methods.normalize on the fitted column, and a whole-column rule's fit
round-trips through JSON and scores new data on the base data's statistics."""
import json
import math

import civiscore
import civiscore.methods as cm

X = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]

RULES = {
    "dt": ({"type": "distance_to_target", "target": 8}, "distance_to_target", {"targets": [8]}, 1),
    "db": ({"type": "distance_to_best"}, "distance_to_best", {}, 1),
    "dbc": ({"type": "distance_to_best"}, "distance_to_best", {}, -1),
    "rk": ({"type": "rank", "ties": "average"}, "rank", {"ties": "average"}, 1),
    "pr": ({"type": "percentile_rank"}, "percentile_rank", {}, 1),
    "prc": ({"type": "percentile_rank"}, "percentile_rank", {}, -1),
    "vec": ({"type": "vector", "range": [0, 1]}, "vector", {}, 1),
    "sumc": ({"type": "sum"}, "sum", {}, -1),
    "max": ({"type": "max", "range": [10, 20]}, "max", {"lo": 10, "hi": 20}, 1),
    "log": ({"type": "log_min_max"}, "log_min_max", {}, 1),
    "zp": ({"type": "z_score", "sd_type": "population"}, "z_score", {"population_sd": True}, 1),
}


def _model():
    children = []
    for key, (rule, _, _, t) in RULES.items():
        child = {"id": key, "column": "x", "rule": rule}
        if t < 0:
            child["direction"] = "cost"
        children.append(child)
    return civiscore.Model.from_json(json.dumps({
        "civiscore_model": 1, "id": "n", "name": "n", "root": {"id": "root", "children": children}}))


def _scores(result, key):
    units = json.loads(result.to_json())["units"]
    return [u["scores"][key] for u in units]


def test_rules_equal_stand_alone_normalize():
    result = _model().score({"x": X})
    for key, (rule, method, options, t) in RULES.items():
        opts = dict(options)
        if "range" in rule:
            opts.setdefault("lo", rule["range"][0])
            opts.setdefault("hi", rule["range"][1])
        elif method not in ("rank", "z_score"):
            opts.setdefault("lo", 0)
            opts.setdefault("hi", 100)
        want = cm.normalize(method, [[v] for v in X], [t], **opts)
        got = _scores(result, key)
        for i, v in enumerate(got):
            w = float(want[i][0])
            assert math.isclose(v, w, rel_tol=1e-12, abs_tol=1e-12), (key, i, v, w)


def test_percentile_rank_by_hand_and_new_data():
    # x sorted: 1 1 2 3 4 5 6 9 (m = 8); ties = min: 1 -> rank 1, 3 -> rank 4 -> (4 - 1) / 7
    model = _model()
    fitted = model.fit({"x": X})
    result = model.score({"x": [3.0, 10.0, 1.5]}, fitted=fitted)
    pr = _scores(result, "pr")
    # new 3 beats 1, 1, 2 -> 3 / 7; 10 beats all 8 -> min(1, 8/7) = 1; 1.5 beats 1, 1 -> 2 / 7
    assert math.isclose(pr[0], 300 / 7) and pr[1] == 100 and math.isclose(pr[2], 200 / 7)
    # sum of 1/x over the fitted column (cost): 1/3 + 1 + 1/4 + 1 + 1/5 + 1/9 + 1/2 + 1/6
    inv = 1 / 3 + 1 + 1 / 4 + 1 + 1 / 5 + 1 / 9 + 1 / 2 + 1 / 6
    assert math.isclose(_scores(result, "sumc")[0], 100 * (1 / 3) / inv)
