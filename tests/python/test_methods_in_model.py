"""Issue 3 through Python: the ASEM example, the node report (AHP CR, effective weights) and the
data-treatment log, all via the C ABI."""
import json
import os

import civiscore

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASEM = os.path.join(ROOT, "examples", "asem")


def test_asem_reproduces_coinr_and_logs_treatment():
    model = civiscore.Model.from_file(os.path.join(ASEM, "model.json"))
    result = model.score(os.path.join(ASEM, "ASEM_iData.csv"), id_column="uCode")
    frame = result.to_json()
    rows = {u["id"]: u for u in json.loads(frame)["units"]}
    assert round(rows["CHE"]["scores"]["Index"], 2) == 68.38
    assert rows["CHE"]["rank"] == 1
    assert round(rows["IND"]["scores"]["Index"], 2) == 39.79
    assert rows["IND"]["rank"] == 45
    treated = result.treatments()
    imputed = [t for t in treated if t["reason"].startswith("imputed: group_mean")]
    assert len(imputed) == 65 and all(t["raw"] is None for t in imputed)
    report = result.node_report()
    assert abs(sum(report["effective_weights"].values()) - 1) < 1e-12
    # Index -> Conn (1/2) -> Physical (1/5) -> LPI (1/8): 1/80
    assert abs(report["effective_weights"]["LPI"] - 1 / 80) < 1e-15


def test_node_report_has_ahp_consistency():
    model = civiscore.Model.from_json(json.dumps({
        "civiscore_model": 1, "id": "t", "name": "t",
        "root": {"id": "r", "weights": {"method": "ahp", "matrix": [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]},
                 "children": [{"id": k, "rule": {"type": "goalposts", "worst": 0, "best": 10}} for k in "abc"]}}))
    result = model.score({"a": [1.0], "b": [2.0], "c": [3.0]})
    group = result.node_report()["groups"][0]
    assert group["weights"]["ahp"][0]["cr"] > 0.1
    assert group["weights"]["ahp"][0]["ri_table"] == "saaty1980"
    assert "/root/weights: AHP matrix is inconsistent" in group["warnings"][0]
