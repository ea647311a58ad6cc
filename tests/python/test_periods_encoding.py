"""Encodings, derived columns and period roll-ups from Python (issue 11). The numbers are those of
tests/data/periods/README.md, computed by hand there and in tests/core/test_period_rollup.cpp."""

import codecs
import json
import math
from pathlib import Path

import pytest

import civiscore

REPO = Path(__file__).resolve().parents[2]
SANSHE = REPO / "examples" / "sanshe"
PERIODS = REPO / "tests" / "data" / "periods"


def units(result):
    return json.loads(result.to_json())["units"]


def test_gbk_copy_of_sanshe_scores_identically(tmp_path):
    text = (SANSHE / "communities.csv").read_text(encoding="utf-8")
    gbk = tmp_path / "communities-gbk.csv"
    gbk.write_bytes(codecs.encode(text, "gbk"))  # Python's own GBK codec, independent of iconv
    model = civiscore.Model.from_file(SANSHE / "model.json")
    utf8_result = model.score(str(SANSHE / "communities.csv"))
    gbk_result = model.score(civiscore.read_csv(gbk, encoding="gbk"))
    assert gbk_result.unit_ids == utf8_result.unit_ids
    assert units(gbk_result) == units(utf8_result)
    # The Chinese text columns come back as the same UTF-8 strings.
    assert civiscore.periods.to_csv(civiscore.read_csv(gbk, encoding="gb18030")) == \
        civiscore.periods.to_csv(civiscore.read_csv(SANSHE / "communities.csv"))


def test_undecodable_bytes_and_unknown_encodings_are_errors():
    with pytest.raises(civiscore.DataError, match=r"<memory>:3:3: bytes 0xFF 0xFE are not valid gbk"):
        civiscore.periods.parse_csv(b"unit_id,x\nu,1\nv,\xff\xfe\n", encoding="gbk")
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown encoding 'latin-1'"):
        civiscore.periods.parse_csv(b"unit_id,x\nu,1\n", encoding="latin-1")


def test_annual_rates_equal_the_hand_computation():
    model = civiscore.Model.from_file(PERIODS / "model.json")
    year = civiscore.rollup_periods(model, PERIODS / "quarterly.csv", "quarter")
    assert year.unit_ids == ["A", "B", "C"]
    rate = civiscore.periods.column_values(year, "cover_rate")
    assert rate[0] == pytest.approx(100 * (10 + 30 + 0 + 60) / (20 + 40 + 10 + 80))  # 66.67
    assert rate[0] != pytest.approx((50 + 75 + 0 + 75) / 4)  # not the mean of quarterly rates (50)
    assert rate[1] == pytest.approx(100 * (5 + 20) / (50 + 25))  # B's Q2 lacks eligible: left out
    assert math.isnan(rate[2])  # 0 / 0
    values = civiscore.periods.to_dict(year)
    assert values["visits"] == [20, 6, 4]
    assert values["satisfaction"] == [80, 62, 75]
    assert values["staff"] == [5, 1, 2]
    # Scoring the roll-up equals scoring the hand-made annual file.
    by_hand = units(model.score(str(PERIODS / "annual-by-hand.csv")))
    assert units(model.score(year)) == by_hand


def test_derived_columns_are_computed_and_not_asked_for():
    model = civiscore.Model.from_json("""{"civiscore_model": 1, "id": "d", "name": "d",
        "derived": {"rate": "if(workers > 0, certified / workers * 100, 0)"},
        "root": {"id": "total", "children": [
            {"id": "cert", "column": "rate", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}}""")
    assert model.input_columns == ["workers", "certified"]  # what the data must supply, first use first
    result = model.score({"unit_id": ["a", "b", "c"], "certified": [5, 0, 3], "workers": [10, 0, 4]})
    assert list(result.score("cert")) == pytest.approx([50, 0, 75])  # 5/10, guarded 0, 3/4
    with pytest.raises(civiscore.ModelError, match=r"/derived/rate: at character 1 .*unknown function 'avg'"):
        civiscore.Model.from_json("""{"civiscore_model": 1, "id": "d", "name": "d",
            "derived": {"rate": "avg(a, b)"},
            "root": {"id": "total", "children": [{"id": "x", "column": "rate", "rule": {"type": "binary"}}]}}""")
