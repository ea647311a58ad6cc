"""Model.score(..., keep=...): only the kept nodes, with the full run's values (issue 7)."""

from pathlib import Path

import pytest

import civiscore

numpy = pytest.importorskip("numpy")
pandas = pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parents[2]
MODEL = REPO / "examples" / "sanshe" / "model.json"
DATA = REPO / "examples" / "sanshe" / "communities.csv"
DIMENSIONS = ["TSL", "D1", "D2", "D3", "D4", "D5"]


@pytest.fixture(scope="module")
def scored():
    model = civiscore.Model.from_file(MODEL)
    return model, model.score(str(DATA), threads=1)


def _same_bits(a, b):
    return numpy.array_equal(numpy.asarray(a).view(numpy.uint64), numpy.asarray(b).view(numpy.uint64))


@pytest.mark.parametrize("keep", ["depth:1", ["TSL", "D1", "D2", "D3", "D4", "D5"], ("depth:0", "D1,D2,D3,D4,D5")])
def test_depth_1_equals_the_full_result_on_the_kept_nodes(scored, keep):
    model, full = scored
    part = model.score(str(DATA), threads=2, keep=keep)
    assert part.kept_node_ids == DIMENSIONS
    assert part.node_ids == model.node_ids  # the model's nodes; kept_node_ids says which are held
    assert part.kept("D1") and not part.kept("D1.1") and not part.kept("I01")
    for node in DIMENSIONS:
        assert _same_bits(part.score(node), full.score(node)), node
        assert _same_bits(part.node_coverage(node), full.node_coverage(node)), node
    assert _same_bits(part.ranks, full.ranks)
    assert part.grades == full.grades and part.statuses == full.statuses
    assert part.effective_weights == full.effective_weights
    # numpy and pandas helpers: the kept columns only, the full run's values.
    columns = [model.node_index(n) for n in DIMENSIONS]
    assert part.scores.shape == (len(full), 6)
    assert _same_bits(part.scores, full.scores[:, columns])
    scores, coverage = part.to_numpy()
    assert _same_bits(coverage, full.to_numpy()[1][:, columns])
    wide = part.to_pandas()
    assert list(wide.columns) == ["status", *DIMENSIONS, "rank", "grade", "coverage"]
    pandas.testing.assert_frame_equal(wide, full.to_pandas()[list(wide.columns)])
    tidy = part.to_pandas("tidy")
    assert len(tidy) == 6 * len(full) and list(tidy["node"][:6]) == DIMENSIONS
    assert list(tidy["level"][:6]) == [0, 1, 1, 1, 1, 1]
    multi = part.to_pandas("multiindex")
    assert list(multi["score"].columns) == DIMENSIONS


def test_a_node_not_kept_raises_naming_it(scored):
    model, _ = scored
    part = model.score(str(DATA), keep="D2")
    with pytest.raises(civiscore.InvalidArgumentError, match=r"node 'D1' was not kept.*TSL, D2"):
        part.score("D1")
    with pytest.raises(civiscore.InvalidArgumentError, match="'I01' was not kept"):
        part.node_coverage("I01")
    with pytest.raises(civiscore.InvalidArgumentError, match="has no node 'nope'"):
        part.kept("nope")
    # The C message is clear too, for callers of the raw ABI.
    text = part.to_csv()
    assert text.splitlines()[0] == "unit_id,status,TSL,D2,rank,grade"
    with pytest.raises(civiscore.InvalidArgumentError, match="keep"):
        civiscore.report_html(part)


def test_bad_keep_values_are_errors_naming_them(scored):
    model, _ = scored
    with pytest.raises(civiscore.InvalidArgumentError, match="civiscore_score_opts.*'D9'"):
        model.score(str(DATA), keep="D1,D9")
    with pytest.raises(civiscore.InvalidArgumentError, match="'depth:x'"):
        model.score(str(DATA), keep=["depth:x"])
    for bad in (5, ["D1", 2], {"D1"}):
        with pytest.raises(civiscore.InvalidArgumentError, match="keep must be None, a string"):
            model.score(str(DATA), keep=bad)
    with pytest.raises(civiscore.InvalidArgumentError, match="'keep' must be a non-empty"):
        model.score(str(DATA), keep=[])


def test_keep_with_a_fitted_state(scored):
    model, full = scored
    fitted = model.fit(str(DATA))
    part = model.score(str(DATA), fitted=fitted, keep="indicators")
    assert part.kept_node_ids == ["TSL"] + model.indicator_ids
    for node in ("TSL", "I01", "I42"):
        assert _same_bits(part.score(node), full.score(node))


def test_rollup_tables_have_kept_nodes_only():
    units = REPO / "tests" / "data" / "units-links"
    model = civiscore.Model.from_file(units / "community-model.json")
    part = model.score(str(units / "communities.csv"), keep="a")
    full = model.score(str(units / "communities.csv"))
    table = part.rollup("district", form="dict")
    assert "a" in table and "b" not in table
    assert table["a"] == full.rollup("district", form="dict")["a"]
    assert table["total"] == full.rollup("district", form="dict")["total"]
