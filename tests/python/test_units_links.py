"""Unit roll-ups and linked entities from Python (docs/units-and-links.md). Numbers are computed by
hand in tests/core/test_rollup.cpp and test_link.cpp: streets S1 55, S2 70, S3 50; districts
D1 62.5, D2 75; org_score c1 (10*80 + 30*60)/40 = 65."""

import math
from pathlib import Path

import pytest

import civiscore

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "units-links"


@pytest.fixture(scope="module")
def result():
    model = civiscore.Model.from_file(DATA / "community-model.json")
    return model.score(str(DATA / "communities.csv"))


def test_rollup_frame(result):
    assert result.rollup_levels == ["street", "district"]
    df = result.rollup("district")
    assert list(df.index) == ["D1", "D2"]
    assert df.loc["D1", "total"] == pytest.approx(62.5, abs=1e-12)
    assert df.loc["D2", "total"] == pytest.approx(75.0, abs=1e-12)
    assert df.loc["D1", "b"] == pytest.approx(350000 / 6000, abs=1e-12)
    assert int(df.loc["D2", "rank"]) == 1 and df.loc["D1", "grade"] == "良"
    assert (df.loc["D2", "units"], df.loc["D2", "scored"], df.loc["D2", "unscored"], df.loc["D2", "no_weight"]) == (4, 2, 1, 1)
    streets = result.rollup("street")
    assert streets.loc["S2", "parent"] == "D1" and int(streets.loc["S2", "rank_in_parent"]) == 1
    assert streets.loc["S1", "weight"] == 4000


def test_rollup_dict_and_unit_ranks(result):
    table = result.rollup("street", form="dict")
    assert table["group"] == ["S1", "S2", "S3"]
    assert table["total"] == pytest.approx([55.0, 70.0, 50.0], abs=1e-12)
    assert result.ranks_in("district") == [2, 4, 1, 3, 2, None, 1, 3]
    assert result.groups_in("street") == ["S1", "S1", "S2", "S2", "S3", "S3", None, "S3"]
    assert "district,D1," in result.rollup_string("csv")
    with pytest.raises(civiscore.InvalidArgumentError, match="no unit level 'city'"):
        result.rollup("city")


def test_link_and_score():
    orgs = civiscore.Model.from_file(DATA / "org-model.json").score(str(DATA / "orgs.csv"), id_column="org_id")
    linked = civiscore.link(orgs, str(DATA / "communities.csv"), str(DATA / "links.csv"), weight="hours",
                            as_="org_score")
    assert linked.report["unlinked"] == ["c4", "c5", "c6", "c7", "c8"]
    assert "org_score" in linked.dataset.column_ids
    model = civiscore.Model.from_json("""{"civiscore_model": 1, "id": "o", "name": "o", "root": {"id": "t",
        "children": [{"id": "org", "column": "org_score", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}}""")
    total = list(model.score(linked.dataset).total)
    assert total[0] == pytest.approx(65.0, abs=1e-12)
    assert total[1] == pytest.approx(80.0, abs=1e-12)
    assert total[2] is None or math.isnan(total[2])


def test_link_errors():
    orgs = civiscore.Model.from_file(DATA / "org-model.json").score(str(DATA / "orgs.csv"), id_column="org_id")
    pandas = pytest.importorskip("pandas")
    links = pandas.DataFrame({"entity_id": ["O1", "O7"], "community_id": ["c1", "c2"], "weight": [1, 2]})
    with pytest.raises(civiscore.DataError, match=r"<links>:3: entity 'O7'"):
        civiscore.link(orgs, str(DATA / "communities.csv"), links)


def test_a_dataframe_keeps_its_level_columns():
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(DATA / "communities.csv")
    model = civiscore.Model.from_file(DATA / "community-model.json")
    result = model.score(frame)
    assert result.unit_ids[0] == "c1"
    df = result.rollup("district")
    assert df.loc["D1", "total"] == pytest.approx(62.5, abs=1e-12)
    assert df.loc["D2", "total"] == pytest.approx(75.0, abs=1e-12)
    assert result.groups_in("street")[6] is None
    with pytest.raises(civiscore.DataError, match="'population'"):
        model.score(frame.drop(columns=["population"]))
