"""The analyst-facing additions of the binding: zero-copy numpy input, the three pandas output forms,
grade thresholds, and partial fit statistics (civiscore.Partial)."""

import ctypes
import json
import math

import pytest

import civiscore
from civiscore import _native

numpy = pytest.importorskip("numpy")
pandas = pytest.importorskip("pandas")

from test_binding import (EXPECTED_TOTAL, MINI_JSON, NODE_IDS, ROWS, UNIT_IDS,  # noqa: E402
                          min_max_model_json)


@pytest.fixture(scope="module")
def model():
    with civiscore.Model.from_json(MINI_JSON) as mini:
        yield mini


def test_numpy_input_is_not_copied(model, monkeypatch):
    """The library receives the address of the array's own buffer for C-contiguous float64."""
    library = _native.lib()
    original = library.civiscore_dataset_from_matrix
    seen = []

    def spy(values, *rest):
        seen.append(ctypes.cast(values, ctypes.c_void_p).value)
        return original(values, *rest)

    monkeypatch.setattr(library, "civiscore_dataset_from_matrix", spy)
    array = numpy.ascontiguousarray(ROWS, dtype=numpy.float64)
    fortran = numpy.asfortranarray(array)
    total = model.score(array).total
    model.score(fortran)
    model.score(array.astype(numpy.float32))  # must be converted: a different address
    assert seen[0] == array.ctypes.data
    assert seen[1] == fortran.ctypes.data
    assert seen[2] not in (array.ctypes.data, fortran.ctypes.data)
    numpy.testing.assert_allclose(total, EXPECTED_TOTAL, equal_nan=True)


def test_to_pandas_forms(model):
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    wide = result.to_pandas()
    tidy = result.to_pandas(form="tidy")
    multi = result.to_pandas(form="multiindex")

    assert list(tidy.columns) == ["unit_id", "node", "level", "score", "coverage"]
    assert len(tidy) == len(UNIT_IDS) * len(NODE_IDS)
    assert tidy["node"].tolist()[:len(NODE_IDS)] == NODE_IDS
    row = tidy[(tidy["unit_id"] == "东城社区") & (tidy["node"] == "D1")].iloc[0]
    assert row["score"] == pytest.approx(40) and row["level"] == 1  # 22.5 + 10 + 7.5 (by hand)
    # U3's D1: coverage 30 of 60 points had data (satisfaction missing).
    assert tidy[(tidy["unit_id"] == "U3") & (tidy["node"] == "D1")]["coverage"].item() == 0.5
    pivot = tidy.pivot(index="unit_id", columns="node", values="score").loc[UNIT_IDS, NODE_IDS]
    numpy.testing.assert_array_equal(pivot.to_numpy(), wide[NODE_IDS].to_numpy())

    assert multi.columns.names == ["quantity", "node"]
    assert list(multi["score"].columns) == NODE_IDS
    numpy.testing.assert_array_equal(multi["score"].to_numpy(), wide[NODE_IDS].to_numpy())
    assert multi[("coverage", "total")].tolist()[:3] == pytest.approx([1.0, 1.0, 0.6])
    assert multi[("grade", "")].tolist() == wide["grade"].tolist()
    assert multi[("rank", "")].fillna(0).tolist() == [2, 1, 3, 0, 4]
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown form 'long'"):
        result.to_pandas(form="long")


def test_dataframe_index_or_column_names_units(model):
    frame = pandas.DataFrame(ROWS, columns=model.input_columns)
    by_index = model.score(frame.set_axis(UNIT_IDS))
    by_column = model.score(frame.assign(code=UNIT_IDS), id_column="code")
    assert by_index.unit_ids == UNIT_IDS == by_column.unit_ids
    numpy.testing.assert_array_equal(by_index.scores, by_column.scores)


def test_grade_thresholds(model):
    thresholds = model.grade_thresholds
    assert list(thresholds) == ["优秀", "良好", "合格", "不合格"]
    assert list(thresholds.values())[:3] == [90.0, 80.0, 60.0]
    assert math.isinf(thresholds["不合格"]) and thresholds["不合格"] < 0


def test_partials_merge_to_the_fit_of_the_whole():
    with civiscore.Model.from_json(min_max_model_json()) as fitting:
        rows = [[60, 0, 4, 1, 3, 0, 0], [100, 0, 4, 1, 3, 0, 0], [80, 0, 4, 1, 3, 0, 0],
                [float("nan"), 0, 4, 1, 3, 0, 0], [70, 0, 4, 1, 3, 0, 0]]
        whole = json.loads(fitting.fit(rows).to_json())
        parts = [fitting.partial(rows[:2]), fitting.partial(rows[2:3]), fitting.partial(rows[3:])]
        assert [len(p) for p in parts] == [2, 1, 2]
        for merged in (civiscore.Partial.merge_all(parts), parts[2] + parts[0] + parts[1]):
            assert merged.unit_count == 5 and "5 units" in repr(merged)
            state = json.loads(merged.finalize().to_json())
            got, want = state["indicators"]["satisfaction"], whole["indicators"]["satisfaction"]
            # satisfaction 60, 100, 80, 70 (one missing): n 4, min 60, max 100, mean 77.5,
            # m2 = 17.5^2 + 22.5^2 + 2.5^2 + 7.5^2 = 306.25 + 506.25 + 6.25 + 56.25 = 875.
            assert (got["count"], got["min"], got["max"]) == (4, 60, 100)
            assert got["mean"] == pytest.approx(77.5, rel=1e-15)
            assert got["m2"] == pytest.approx(875, rel=1e-14)
            assert got["m2"] == pytest.approx(want["m2"], rel=1e-12)
        text = parts[0].to_json()
        again = civiscore.Partial.from_json(fitting, text)
        assert again.to_json() == text
        with pytest.raises(civiscore.FittedStateError, match="civiscore_partial"):
            civiscore.Partial.from_json(fitting, fitting.fit(rows).to_json())
        with civiscore.Model.from_json(MINI_JSON) as other:
            with pytest.raises(civiscore.FittedStateError, match="different models"):
                parts[0].merge(other.partial(rows))
        with pytest.raises(civiscore.InvalidArgumentError, match="at least one"):
            civiscore.Partial.merge_all([])
