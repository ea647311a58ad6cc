"""The assessment workflow through Python (civiscore.Plan, civiscore.assess, Assessment).

Every number is computed by hand in the comments; the same cases are checked in C++ in
tests/core/test_assess_workflow.cpp.
"""

import json
import math
from pathlib import Path

import pytest

import civiscore

REPO = Path(__file__).resolve().parents[2]
SANSHE = REPO / "examples" / "sanshe"

TINY = {
    "civiscore_model": 1, "id": "tiny", "name": "tiny", "scores": "points",
    "grades": [{"label": "优秀", "min": 90}, {"label": "良好", "min": 80}, {"label": "合格", "min": 60},
               {"label": "不合格"}],
    "root": {"id": "T", "name": "T", "points": 100, "children": [
        {"id": "A", "name": "A", "points": 50, "children": [
            {"id": "a", "name": "a", "points": 50, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]},
        {"id": "B", "name": "B", "points": 50, "children": [
            {"id": "b", "name": "b", "points": 50, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}]},
}


@pytest.fixture(scope="module")
def sanshe():
    return civiscore.Model.from_file(SANSHE / "model.json")


def worked_with_type(kind):
    lines = (SANSHE / "worked-example.csv").read_text(encoding="utf-8").splitlines()
    return f"{lines[0]},type\n{lines[1]},{kind}\n"


def test_rural_profile_of_the_worked_example(sanshe):
    plan_doc = json.loads((SANSHE / "plan.json").read_text(encoding="utf-8"))
    plan = civiscore.Plan.from_json(sanshe, {"civiscore_plan": 1, "profiles": plan_doc["profiles"]})
    a = sanshe.assess(worked_with_type("rural"), plan)
    # urban 73.39596985109833 + rural changes I14 +0.4, I15 +0.6, I25 -0.56, I29 +0.4455, I32 +1, I33 +0.4
    assert a.final_scores[0] == pytest.approx(75.68146985109833, abs=1e-9)
    assert a.grades == ["合格"]
    assert a.units[0]["profile"] == "rural"


def test_rater_360_of_the_worked_example(sanshe):
    plan_doc = json.loads((SANSHE / "plan.json").read_text(encoding="utf-8"))
    raters = dict(plan_doc["raters"])
    raters.pop("sources")
    a = civiscore.assess(sanshe, worked_with_type("urban"), {"civiscore_plan": 1, "raters": raters})
    # 0.4 * 100 * 6.247058823529411 / 8 + 0.3 * 100 * 25.96865079365079 / 36
    #   + 0.3 * 100 * 41.180260233918126 / 56 = 74.93669014243123
    assert a.final_scores[0] == pytest.approx(74.93669014243123, abs=1e-9)
    assert a.source_weights == pytest.approx({"residents": 0.4, "third_party": 0.3, "department": 0.3})
    assert a.effective_weights["I17"] == pytest.approx(0.4 * 4 / 8)
    assert sum(a.effective_weights.values()) == pytest.approx(1.0)


def test_rectification_names_the_largest_losses_first(sanshe):
    a = civiscore.assess(sanshe, (SANSHE / "worked-example.csv").read_text(encoding="utf-8"),
                         {"civiscore_plan": 1})
    items = a.rectification("示例社区")
    # I42 3 - 1.5, I36 3 - 1.8, I30 3 - 1.875, I24 2 - 1, I32 2 - 1, then the s/P < 0.6 ones
    assert [i["id"] for i in items] == ["I42", "I36", "I30", "I24", "I32", "I31", "I39", "I35", "I16"]
    assert items[0]["loss"] == pytest.approx(1.5)
    assert items[0]["deadline_days"] == 60


def test_quota_allocation_and_errors():
    model = civiscore.Model.from_json(json.dumps(TINY))
    plan = civiscore.Plan.from_json(model, {
        "civiscore_plan": 1,
        "quotas": [{"grade": "优秀", "max_share": 0.3, "tie_break": ["B", "A"]}],
        "adjustments": {"vetoes": [{"id": "V1", "column": "fake", "zero_fund": True}]},
        "allocation": {"rule": "proportional", "threshold": 60}})
    data = ("unit_id,a,b,fake\nu4,100,100,0\nu3,80,100,0\nk1,90,90,0\nk0,90,90,0\nu2,100,80,0\n"
            "x1,70,70,0\nx2,60,60,0\nx3,85,85,0\nx4,50,50,1\nx5,40,90,0\n")
    a = model.assess(data, plan)
    # floor(0.3 * 10) = 3 keep 优秀: u4 (100), u3 (90, B 50), k0 (ties k1 on T, B, A; id first)
    assert [u for u, g in zip(a.unit_ids, a.grades) if g == "优秀"] == ["u4", "u3", "k0"]
    assert [u["unit_id"] for u in a.units if u["demoted"]] == ["k1", "u2"]
    # proportional above 60: weights u4 40, u3 30, k1 30, k0 30, u2 30, x1 10, x2 0, x3 25, x4 0 (veto),
    # x5 5 = 200. 1.00 yuan = 100 cents: 20, 15, 15, 15, 15, 5, 0, 12.5, 0, 2.5 -> floors 99, one cent
    # to the first of the tied remainders 0.5 (x3 before x5): x3 13, x5 2.
    x = a.allocate("1.00")
    assert x == {"u4": 20, "u3": 15, "k1": 15, "k0": 15, "u2": 15, "x1": 5, "x2": 0, "x3": 13, "x4": 0, "x5": 2}
    assert sum(a.allocate("123456.78", rule="grade", coefficients={"优秀": 1.2, "良好": 1, "合格": 0.8}).values()) \
        == 12345678
    with pytest.raises(civiscore.ModelError) as e:
        civiscore.Plan.from_json(model, {"civiscore_plan": 1, "quotas": [{"grade": "top"}], "typo": 1})
    assert "/typo: unknown key" in str(e.value)
    assert "/quotas/0/grade: unknown grade 'top'" in str(e.value)


def test_sanshe_periods_with_ratings(sanshe):
    plan = civiscore.Plan.from_file(sanshe, SANSHE / "plan.json")
    a = civiscore.assess(sanshe, SANSHE / "periods.csv", plan, ratings=SANSHE / "ratings.csv")
    assert len(a) == 24
    frame = a.to_pandas()
    assert list(frame["unit_id"])[:2] == ["JY-01", "JY-02"]
    lh06 = a.unit("LH-06")
    assert lh06["accountability"]["rule"] == "A1"  # 不合格 in 2024 and 2025
    assert a.unit("LH-04")["vetoed"] and a.unit("LH-04")["grade"] == "不合格"
    assert a.unit("JY-03")["bonus"] == 3.0
    for rule in ("proportional", "grade", "base_plus"):
        amounts = a.allocate("1000000", rule=rule)
        assert sum(amounts.values()) == 100000000
        assert amounts["LH-06"] == 0
    doc = a.to_json()
    assert any(c["unit_id"] == "GL-02" and c["column"] == "I05" and c["period"] == "2025Q3"
               for c in doc["carried_forward"])
    w = [g["kendall_w"] for g in doc["agreement"]]
    assert all(0 <= x <= 1 for x in w)
    assert "change_and_trend" in doc
    assert math.isfinite(doc["change_and_trend"][0]["change"]["TSL"])
