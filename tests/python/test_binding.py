"""Tests of the Python binding (bindings/python/civiscore) against the real shared library.

Run: /usr/bin/python3 -m pytest tests/python
The library is found through $CIVISCORE_LIBRARY or build/lib above the package.
"""

import csv
import ctypes
import gc
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import civiscore
from civiscore import _native

numpy = pytest.importorskip("numpy")

PACKAGE_PARENT = Path(civiscore.__file__).resolve().parents[1]

# The complete example of docs/model-format.md, verbatim.
MINI_JSON = """
{
  "civiscore_model": 1,
  "id": "mini",
  "name": "社区服务评估（示例）",
  "name_en": "Community service assessment (example)",
  "scores": "points",
  "grades": [
    {"label": "优秀", "label_en": "excellent", "min": 90},
    {"label": "良好", "label_en": "good", "min": 80},
    {"label": "合格", "label_en": "pass", "min": 60},
    {"label": "不合格", "label_en": "fail"}
  ],
  "root": {
    "id": "total",
    "name": "总分",
    "children": [
      {
        "id": "D1", "name": "服务成效", "points": 60, "min_coverage": 0.5,
        "children": [
          {"id": "satisfaction", "name": "居民满意度", "unit": "score 0-100", "points": 30,
           "rule": {"type": "goalposts", "worst": 50, "best": 90}},
          {"id": "complaints", "name": "投诉量同比变化率", "unit": "% change", "direction": "cost",
           "points": 20, "rule": {"type": "goalposts", "worst": 10, "best": -20}},
          {"id": "meetings", "name": "联席会议次数", "unit": "times/year", "points": 10,
           "rule": {"type": "target", "target": 4}}
        ]
      },
      {
        "id": "D2", "name": "能力建设", "points": 40, "missing": "zero",
        "children": [
          {"id": "list_published", "name": "责任清单公开", "unit": "yes/no", "points": 10,
           "rule": {"type": "binary"}},
          {"id": "brand_projects", "name": "品牌项目数", "unit": "count", "points": 20,
           "rule": {"type": "tiers", "tiers": [{"min": 1, "fraction": 0.5}, {"min": 3, "fraction": 1}]}},
          {"id": "ledger", "name": "台账规范", "unit": "points", "points": 10,
           "rule": {"type": "deduction", "floor": 0,
                    "deductions": [{"column": "ledger_mismatch", "name": "抽查不符", "per_event": 0.5},
                                   {"column": "ledger_missing", "name": "台账缺失", "per_event": 1}]}}
        ]
      }
    ]
  }
}
"""

INPUT_COLUMNS = ["satisfaction", "complaints", "meetings", "list_published", "brand_projects",
                 "ledger_mismatch", "ledger_missing"]
NODE_IDS = ["total", "D1", "satisfaction", "complaints", "meetings", "D2", "list_published",
            "brand_projects", "ledger"]
NAN = float("nan")

# Five units; Chinese unit ids must survive every path.
UNIT_IDS = ["东城社区", "U2", "U3", "U4", "U5"]
ROWS = [
    # satisfaction, complaints, meetings, list_published, brand_projects, mismatch, missing
    [80.0, -5.0, 3.0, 1.0, 2.0, 2.0, 1.0],
    [90.0, -20.0, 4.0, 1.0, 3.0, 0.0, 0.0],
    [NAN, 0.0, 2.0, 0.0, 0.0, NAN, NAN],
    [NAN, NAN, NAN, NAN, NAN, NAN, NAN],
    [50.0, 10.0, 0.0, 0.0, 1.0, 30.0, 0.0],
]

# Unit 东城社区 by hand (points model: score = fraction x points):
#   satisfaction  goalposts 50..90:  (80-50)/(90-50) = 0.75 -> 0.75*30 = 22.5
#   complaints    cost, 10..-20:     (-5-10)/(-20-10) = 0.5 -> 0.5*20  = 10
#   meetings      target 4:          3/4 = 0.75             -> 0.75*10 = 7.5
#   D1 = 22.5 + 10 + 7.5 = 40
#   list_published binary 1          -> 10
#   brand_projects tiers, 2 >= 1     -> 0.5*20 = 10
#   ledger        10 - (2*0.5 + 1*1) = 8 -> 8/10*10 = 8
#   D2 = 10 + 10 + 8 = 28
#   total = 40 + 28 = 68 -> grade 合格 (60 <= 68 < 80)
# Unit U2 gets every point: 30+20+10 + 10+20+10 = 100 -> 优秀.
# Unit U3: satisfaction missing (skip), complaints 0 -> (0-10)/(-30) = 1/3 -> 6.666..,
#   meetings 2/4 -> 5; D1 has coverage 30/60 = 0.5 >= min_coverage 0.5, so it is scored and
#   re-weighted over the 30 points present: (6.666.. + 5)/30*60 = 23.333..;
#   D2: 0 + 0 + ledger (both counts missing -> missing -> zero policy -> 0) = 0, with coverage
#   (10 + 20)/40 = 0.75 (the zero-filled ledger had no data);
#   total = 23.333.., root coverage (60*0.5 + 40*0.75)/100 = 0.6 -> partial, grade 不合格.
# Unit U4 has no data: D1 is missing (coverage 0 < 0.5), D2 is zero-filled to 0, but the root's
#   coverage is 0 (nothing under it had data), so it is unscored: no total, rank or grade.
# Unit U5: satisfaction 0, complaints 0, meetings 0; list 0, brand 10, ledger 10-15 -> floor 0;
#   total = 10 -> 不合格, rank 4 (below U3's 23.3).
EXPECTED_TOTAL = [68.0, 100.0, 70.0 / 3.0, NAN, 10.0]


@pytest.fixture(scope="module")
def model():
    with civiscore.Model.from_json(MINI_JSON) as mini:
        yield mini


def write_csv(path, rows, unit_ids, columns=INPUT_COLUMNS, id_column="unit_id"):
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([id_column] + list(columns))
        for unit, row in zip(unit_ids, rows):
            writer.writerow([unit] + ["" if math.isnan(v) else repr(v) for v in row])


def assert_same_result(a, b):
    assert a.unit_ids == b.unit_ids
    numpy.testing.assert_array_equal(a.scores, b.scores)  # NaN equals NaN here
    numpy.testing.assert_array_equal(a.ranks, b.ranks)
    numpy.testing.assert_array_equal(a.coverage, b.coverage)
    assert a.grades == b.grades
    assert a.statuses == b.statuses
    assert a.fitted_sha256 == b.fitted_sha256
    assert a.to_json() == b.to_json()


# --- loading the library --------------------------------------------------------------------------

def run_python(code, env_changes, cwd=None):
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_library_found_through_environment_variable():
    path = civiscore.library_path()
    done = run_python(f"""
        import sys; sys.path.insert(0, {str(PACKAGE_PARENT)!r})
        import civiscore
        print(civiscore.library_path()); print(civiscore.library_version())
        """, {"CIVISCORE_LIBRARY": path})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [path, "0.1.0"]


def test_bad_environment_variable_is_an_error_naming_it():
    done = run_python(f"""
        import sys; sys.path.insert(0, {str(PACKAGE_PARENT)!r})
        import civiscore
        try:
            civiscore.Model.from_json('{{}}')
        except civiscore.LibraryError as e:
            assert isinstance(e, civiscore.Error) and isinstance(e, ImportError)
            print(e)
        """, {"CIVISCORE_LIBRARY": "/nonexistent/libciviscore.so"})
    assert done.returncode == 0, done.stderr
    assert "CIVISCORE_LIBRARY=/nonexistent/libciviscore.so" in done.stdout


def test_missing_library_lists_where_it_looked(tmp_path):
    import shutil

    shutil.copytree(Path(civiscore.__file__).parent, tmp_path / "civiscore",
                    ignore=shutil.ignore_patterns("*.so*", "__pycache__"))
    done = run_python("""
        import civiscore
        try:
            civiscore.library_path()
        except civiscore.Error as e:
            print(e)
        """, {"CIVISCORE_LIBRARY": None, "PYTHONPATH": str(tmp_path)}, cwd=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "cannot find the civiscore shared library" in done.stdout
    assert f"{tmp_path}/civiscore/libciviscore.so*" in done.stdout
    assert f"{tmp_path}/build/lib/libciviscore.so.0" in done.stdout
    assert "CIVISCORE_LIBRARY (not set)" in done.stdout


def test_version_handshake_rejects_another_version(monkeypatch):
    monkeypatch.setattr(_native, "EXPECTED_VERSION_NUMBER", 9999)
    with pytest.raises(civiscore.LibraryError, match="version mismatch.*9999.*reports 100"):
        _native._open(civiscore.library_path())


def test_the_table_declares_exactly_the_functions_of_the_header():
    import re

    header = (PACKAGE_PARENT.parents[1] / "include" / "civiscore.h").read_text(encoding="utf-8")
    declared = set(re.findall(r"CIVISCORE_API[^;(]*?\b(civiscore_\w+)\s*\(", header))
    assert len(declared) > 40
    assert declared == set(_native._FUNCTIONS)
    library = _native.lib()
    for name in declared:
        assert getattr(library, name).argtypes is not None, name


# --- the model ------------------------------------------------------------------------------------

def test_model_description(model):
    assert model.id == "mini"
    assert model.name == "社区服务评估（示例）"
    assert model.node_ids == NODE_IDS
    assert model.node_names == ["总分", "服务成效", "居民满意度", "投诉量同比变化率", "联席会议次数",
                                "能力建设", "责任清单公开", "品牌项目数", "台账规范"]
    assert model.node_parents == [None, "total", "D1", "D1", "D1", "total", "D2", "D2", "D2"]
    assert model.node_levels == [0, 1, 2, 2, 2, 1, 2, 2, 2]
    assert model.indicator_ids == ["satisfaction", "complaints", "meetings", "list_published",
                                   "brand_projects", "ledger"]
    assert model.input_columns == INPUT_COLUMNS
    assert model.grade_labels == ["优秀", "良好", "合格", "不合格"]
    assert len(model.sha256) == 64 and int(model.sha256, 16) >= 0


def test_model_hash_ignores_formatting_but_not_content(model):
    document = json.loads(MINI_JSON)
    with civiscore.Model.from_json(json.dumps(document, ensure_ascii=False, sort_keys=True)) as same:
        assert same.sha256 == model.sha256
    document["root"]["children"][0]["children"][0]["rule"]["best"] = 95
    with civiscore.Model.from_json(json.dumps(document)) as changed:
        assert changed.sha256 != model.sha256


def test_model_repr_shows_the_tree(model):
    text = repr(model)
    assert "'mini'" in text and "9 nodes" in text and "6 indicators" in text
    lines = text.splitlines()
    assert "total  总分" in lines
    assert "  D2  能力建设" in lines
    assert "    * ledger  台账规范" in lines


def test_model_from_file_with_chinese_path(tmp_path, model):
    path = tmp_path / "模型.json"
    path.write_text(MINI_JSON, encoding="utf-8")
    with civiscore.Model.from_file(path) as loaded:
        assert loaded.sha256 == model.sha256
        assert loaded.name == model.name


# --- scoring: one hand-checked unit, and every input shape gives the same result ------------------

def test_scores_checked_by_hand(model):
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    assert result.unit_ids == UNIT_IDS
    assert result.node_ids == NODE_IDS
    total = result.total
    numpy.testing.assert_allclose(total, EXPECTED_TOTAL, atol=1e-9)
    first = dict(zip(NODE_IDS, result.scores[0]))
    assert first == pytest.approx({"total": 68, "D1": 40, "satisfaction": 22.5, "complaints": 10,
                                   "meetings": 7.5, "D2": 28, "list_published": 10,
                                   "brand_projects": 10, "ledger": 8}, abs=1e-9)
    numpy.testing.assert_allclose(result.score("D1"), [40, 60, 70 / 3, NAN, 0], atol=1e-9)
    assert result.score("D1").dtype == numpy.float64
    assert result.grades[:3] == ["合格", "优秀", "不合格"]
    assert result.statuses[2] == "partial"
    numpy.testing.assert_allclose(result.coverage, [1, 1, 0.6, 0, 1], atol=1e-12)
    assert result.statuses == ["ok", "ok", "partial", "unscored", "ok"]
    assert result.ranks.dtype == numpy.int64
    assert list(result.ranks) == [2, 1, 3, 0, 4]


def test_scores_shape_and_order(model):
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    assert result.scores.shape == (5, 9)
    for j, node in enumerate(NODE_IDS):
        numpy.testing.assert_array_equal(result.scores[:, j], result.score(node))
    assert len(result) == 5


def test_every_input_shape_gives_the_same_result(model, tmp_path):
    reference = model.score(numpy.array(ROWS, order="C"), unit_ids=UNIT_IDS)

    fortran = numpy.asfortranarray(numpy.array(ROWS))
    assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous
    assert_same_result(reference, model.score(fortran, unit_ids=UNIT_IDS))

    # A column slice of a wider matrix: rows are dense but further apart (stride != columns).
    wide = numpy.zeros((5, 10))
    wide[:, :7] = ROWS
    sliced = wide[:, :7]
    assert not sliced.flags.c_contiguous and not sliced.flags.f_contiguous
    assert_same_result(reference, model.score(sliced, unit_ids=UNIT_IDS))

    # A float32 array is converted (the library reads only float64).
    assert_same_result(reference, model.score(numpy.array(ROWS, dtype=numpy.float32),
                                              unit_ids=UNIT_IDS))

    rows_with_none = [[None if math.isnan(v) else v for v in row] for row in ROWS]
    assert_same_result(reference, model.score(rows_with_none, unit_ids=UNIT_IDS))

    columns = {"unit_id": UNIT_IDS}
    for j, column in reversed(list(enumerate(INPUT_COLUMNS))):
        columns[column] = [row[j] for row in ROWS]
    columns["notes"] = ["文本"] * 5  # extra text column: ignored
    assert_same_result(reference, model.score(columns))

    path = tmp_path / "units.csv"
    write_csv(path, ROWS, UNIT_IDS)
    assert_same_result(reference, model.score(path))
    assert_same_result(reference, model.score(str(path)))

    with civiscore.Dataset.read_csv(path) as dataset:
        assert dataset.unit_ids == UNIT_IDS
        assert_same_result(reference, model.score(dataset))


def test_csv_path_with_another_id_column(model, tmp_path):
    path = tmp_path / "units.csv"
    write_csv(path, ROWS, UNIT_IDS, id_column="社区")
    reference = model.score(ROWS, unit_ids=UNIT_IDS)
    assert_same_result(reference, model.score(path, id_column="社区"))


def test_pandas_dataframe_shuffled_and_extra_columns(model):
    pandas = pytest.importorskip("pandas")
    reference = model.score(numpy.array(ROWS), unit_ids=UNIT_IDS)
    frame = pandas.DataFrame(ROWS, columns=INPUT_COLUMNS)
    frame["name"] = ["甲", "乙", "丙", "丁", "戊"]
    frame["unit_id"] = UNIT_IDS
    shuffled = frame[["ledger_missing", "name", "meetings", "unit_id", "satisfaction",
                      "brand_projects", "complaints", "ledger_mismatch", "list_published"]]
    assert_same_result(reference, model.score(shuffled))

    # Unit ids from the index when there is no unit_id column; unit_ids= wins over both.
    by_index = shuffled.drop(columns="unit_id").set_index(pandas.Index(UNIT_IDS))
    assert_same_result(reference, model.score(by_index))
    renamed = model.score(shuffled, unit_ids=[f"X{i}" for i in range(5)])
    assert renamed.unit_ids == ["X0", "X1", "X2", "X3", "X4"]

    # Text cells read as in a CSV: 是/否 and empty strings.
    texts = shuffled.copy()
    texts["list_published"] = ["是", "是", "否", None, "否"]
    assert_same_result(reference, model.score(texts))


def test_pandas_missing_column_names_it(model):
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(ROWS, columns=INPUT_COLUMNS).drop(columns="meetings")
    with pytest.raises(civiscore.DataError, match="meetings") as caught:
        model.score(frame)
    assert caught.value.status == 3
    assert "satisfaction" not in str(caught.value)


def test_to_pandas(model):
    pandas = pytest.importorskip("pandas")
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    frame = result.to_pandas()
    assert list(frame.columns) == ["status"] + NODE_IDS + ["rank", "grade", "coverage"]
    assert list(frame.index) == UNIT_IDS and frame.index.name == "unit_id"
    assert frame.loc["东城社区", "total"] == pytest.approx(68)
    assert frame.loc["东城社区", "grade"] == "合格"
    assert frame.loc["U3", "status"] == "partial"
    assert [None if pandas.isna(r) else r for r in frame["rank"].tolist()] == [2, 1, 3, None, 4]


# --- statuses, unscored units ---------------------------------------------------------------------

def skip_model_json():
    """The mini model with D2 skipping missing values instead of zero-filling them, so a unit with no
    data at all has nothing to score."""
    document = json.loads(MINI_JSON)
    del document["root"]["children"][1]["missing"]
    return json.dumps(document, ensure_ascii=False)


def test_all_missing_unit_is_unscored_and_unranked():
    with civiscore.Model.from_json(skip_model_json()) as skipping:
        result = skipping.score(ROWS, unit_ids=UNIT_IDS)
        assert result.statuses[3] == "unscored"
        assert math.isnan(result.total[3])
        assert numpy.isnan(result.scores[3]).all()
        assert result.ranks[3] == 0
        assert result.grades[3] is None
        assert 0 not in [result.ranks[i] for i in (0, 1, 2, 4)]
        assert "unscored 1" in repr(result)
        pandas = pytest.importorskip("pandas")
        assert pandas.isna(result.to_pandas().loc["U4", "rank"])


def test_lists_without_numpy():
    """Without numpy the binding returns lists, with None for missing scores and unranked units."""
    done = run_python(f"""
        import sys, json
        sys.modules["numpy"] = None   # make `import numpy` fail
        sys.modules["pandas"] = None
        sys.path.insert(0, {str(PACKAGE_PARENT)!r})
        import civiscore
        model = civiscore.Model.from_json({skip_model_json()!r})
        nan = float("nan")
        result = model.score({ROWS!r}, unit_ids={UNIT_IDS!r})
        try:
            model.score({ROWS!r}, unit_ids=["A", "B\\0", "C", "D", "E"])
            refused = ""
        except civiscore.InvalidArgumentError as error:
            refused = str(error)
        print(json.dumps({{"total": result.total, "ranks": result.ranks, "grades": result.grades,
                          "statuses": result.statuses, "scores": result.scores,
                          "coverage": result.coverage, "unit_ids": result.unit_ids,
                          "refused": refused}}, ensure_ascii=False))
        """, {"CIVISCORE_LIBRARY": civiscore.library_path()})
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["unit_ids"] == UNIT_IDS
    assert "'B\\x00' (unit 2) contains a NUL character" in got["refused"]
    assert got["ranks"][3] is None and got["total"][3] is None
    assert got["statuses"][3] == "unscored" and got["grades"][3] is None
    assert got["scores"][3] == [None] * 9
    with civiscore.Model.from_json(skip_model_json()) as skipping:
        expected = skipping.score(ROWS, unit_ids=UNIT_IDS)
        assert got["ranks"] == [None if r == 0 else int(r) for r in expected.ranks]
        assert got["grades"] == expected.grades
        assert got["total"] == [None if math.isnan(v) else v for v in expected.total]


# --- fit ------------------------------------------------------------------------------------------

def min_max_model_json():
    """Satisfaction scored by min-max (learned from data) instead of fixed goalposts."""
    document = json.loads(MINI_JSON)
    document["id"] = "mini_fit"
    document["root"]["children"][0]["children"][0]["rule"] = {"type": "min_max"}
    return json.dumps(document, ensure_ascii=False)


def test_fit_round_trip_and_reuse():
    with civiscore.Model.from_json(min_max_model_json()) as fitting:
        history = [[60, 0, 4, 1, 3, 0, 0], [100, 0, 4, 1, 3, 0, 0], [80, 0, 4, 1, 3, 0, 0]]
        with fitting.fit(history, threads=1) as fitted:
            text = fitted.to_json()
            assert json.loads(text)  # valid JSON
            restored = civiscore.Fitted.from_json(fitting, text)
            assert restored.to_json() == text
            new = [[90, 0, 4, 1, 3, 0, 0]]
            direct = fitting.score(new, fitted=fitted)
            again = fitting.score(new, fitted=restored)
            assert_same_result(direct, again)
            # min 60, max 100 learned from history: (90-60)/(100-60) = 0.75 -> 0.75*30 = 22.5
            assert direct.score("satisfaction")[0] == pytest.approx(22.5)
            # Without the fit, the single unit is a constant column: the midpoint, 0.5*30 = 15.
            assert fitting.score(new).score("satisfaction")[0] == pytest.approx(15)
            # Fitting on the same data as scoring is what score does without `fitted`.
            assert_same_result(fitting.score(history), fitting.score(history, fitted=fitted))


def test_fitted_state_of_another_model_is_rejected(model):
    with civiscore.Model.from_json(min_max_model_json()) as other:
        text = other.fit(ROWS).to_json()
    with pytest.raises(civiscore.FittedStateError) as caught:
        civiscore.Fitted.from_json(model, text)
    assert caught.value.status == 6


def test_thread_count_does_not_change_results(model):
    assert_same_result(model.score(ROWS, threads=1), model.score(ROWS, threads=2))
    with pytest.raises(civiscore.InvalidArgumentError, match="threads"):
        model.score(ROWS, threads=-1)


# --- outputs --------------------------------------------------------------------------------------

def test_text_outputs(model):
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    document = json.loads(result.to_json())
    assert [unit["id"] for unit in document["units"]] == UNIT_IDS
    assert document["units"][0]["scores"]["total"] == pytest.approx(68)
    assert document["model"]["sha256"] == model.sha256 == result.model_sha256
    assert document["fitted_sha256"] == result.fitted_sha256
    rows = list(csv.reader(result.to_csv().splitlines()))
    assert rows[0][:3] == ["unit_id", "status", "total"]
    assert rows[1][0] == "东城社区"
    table = result.to_table()
    assert "东城社区" in table and "优秀" in table
    weights = result.effective_weights
    assert list(weights) == model.indicator_ids
    assert sum(weights.values()) == pytest.approx(1)
    assert weights["satisfaction"] == pytest.approx(0.3)  # 60/100 * 30/60
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown format"):
        result.to_string("xml")


def test_write_file(model, tmp_path):
    result = model.score(ROWS, unit_ids=UNIT_IDS)
    path = tmp_path / "结果.csv"
    result.write(path, "csv")
    assert path.read_text(encoding="utf-8") == result.to_csv()
    with pytest.raises(civiscore.FileError) as caught:
        result.write(tmp_path / "no" / "such" / "dir.json")
    assert isinstance(caught.value, OSError)


def test_result_repr(model):
    text = repr(model.score(ROWS, unit_ids=UNIT_IDS))
    assert "5 units" in text and "ok 3" in text and "partial 1" in text and "unscored 1" in text
    assert "1. U2 100.00 优秀" in text and "2. 东城社区 68.00 合格" in text


# --- errors ---------------------------------------------------------------------------------------

def test_model_errors_carry_json_pointers():
    document = json.loads(MINI_JSON)
    document["root"]["children"][0]["children"][2]["points"] = -10
    document["root"]["children"][1]["children"][1]["rule"]["wrost"] = 1
    with pytest.raises(civiscore.ModelError) as caught:
        civiscore.Model.from_json(json.dumps(document))
    message = str(caught.value)
    assert caught.value.status == civiscore.ModelError.status == 2
    assert "/root/children/0/children/2/points" in message
    assert "/root/children/1/children/1/rule" in message and "wrost" in message


def test_each_status_has_its_exception(model, tmp_path):
    with pytest.raises(civiscore.FileError) as caught:
        civiscore.Model.from_file(tmp_path / "missing.json")
    assert caught.value.status == 4 and isinstance(caught.value, OSError)
    assert "missing.json" in str(caught.value)

    with pytest.raises(civiscore.FileError, match="nothing.csv"):
        model.score(tmp_path / "nothing.csv")

    with pytest.raises(civiscore.DataError, match="ledger_missing"):
        model.score({column: [1.0] for column in INPUT_COLUMNS[:-1]})

    with pytest.raises(civiscore.DataError, match="U2") as caught:
        model.score(ROWS[:2], unit_ids=["U2", "U2"])
    assert caught.value.status == 3

    with pytest.raises(civiscore.DataError, match="'meetings'.*'lots' is not a number"):
        model.score([[80, 0, "lots", 1, 1, 0, 0]])

    with pytest.raises(civiscore.InvalidArgumentError, match="7 columns"):
        model.score(numpy.zeros((2, 6)))
    with pytest.raises(civiscore.InvalidArgumentError, match="2 ids for 5 units"):
        model.score(ROWS, unit_ids=["a", "b"])
    with pytest.raises(civiscore.InvalidArgumentError, match="no node 'D9'"):
        model.score(ROWS).score("D9")
    with pytest.raises(civiscore.FittedStateError, match=r"\S"):
        civiscore.Fitted.from_json(model, "{}")
    with pytest.raises(civiscore.ModelError, match="line 1"):
        civiscore.Model.from_json("{")

    # Every status has its class, all under civiscore.Error.
    classes = {civiscore.InvalidArgumentError: 1, civiscore.ModelError: 2, civiscore.DataError: 3,
               civiscore.FileError: 4, civiscore.OutOfMemoryError: 5,
               civiscore.FittedStateError: 6, civiscore.InternalError: 7}
    for cls, status in classes.items():
        error = civiscore.errors.error_for_status(status, "message")
        assert type(error) is cls and error.status == status and str(error) == "message"
        assert isinstance(error, civiscore.Error)
    assert isinstance(civiscore.errors.error_for_status(5, "m"), MemoryError)


# --- handles --------------------------------------------------------------------------------------

def test_with_frees_handles_and_closed_handles_refuse_use():
    with civiscore.Model.from_json(MINI_JSON) as mini:
        with mini.fit(ROWS) as fitted, mini.score(ROWS, fitted=fitted) as result:
            assert not (mini.closed or fitted.closed or result.closed)
        assert fitted.closed and result.closed
        with pytest.raises(civiscore.InvalidArgumentError, match="closed"):
            result.to_json()
        with pytest.raises(civiscore.InvalidArgumentError, match="closed"):
            mini.score(ROWS, fitted=fitted)
        kept = mini.score(ROWS, unit_ids=UNIT_IDS)
    assert mini.closed
    with pytest.raises(civiscore.InvalidArgumentError, match="model has been closed"):
        mini.score(ROWS)
    # A result holds its own reference to the model inside the library.
    assert kept.total[0] == pytest.approx(68)
    assert "东城社区" in kept.to_table()
    mini.close()  # closing twice is harmless


def test_garbage_collection_frees_handles():
    model = civiscore.Model.from_json(MINI_JSON)
    finalizer = model._finalizer
    result = model.score(ROWS)
    result_finalizer = result._finalizer
    del model, result
    gc.collect()
    assert not finalizer.alive and not result_finalizer.alive


def test_temporary_datasets_are_freed(model, monkeypatch):
    created = []
    original = civiscore.dataset.Dataset.__init__

    def tracking_init(self, handle):
        original(self, handle)
        created.append(self)

    monkeypatch.setattr(civiscore.dataset.Dataset, "__init__", tracking_init)
    model.score(ROWS)
    model.fit({column: [1.0, 2.0] for column in INPUT_COLUMNS})
    assert len(created) == 2 and all(dataset.closed for dataset in created)


# --- zero-copy and import-time dependencies -------------------------------------------------------

def test_float64_arrays_are_passed_in_place(model, monkeypatch):
    from civiscore import dataset

    def no_conversion(*args):
        raise AssertionError("a float64 array was converted")

    monkeypatch.setattr(dataset, "_numpy_as_float64", no_conversion)
    c_order = numpy.array(ROWS)
    wide = numpy.zeros((5, 10))
    wide[:, :7] = ROWS
    # (layout, stride): row-major dense, column-major dense, row-major rows 10 elements apart.
    assert dataset._numpy_layout(c_order) == (_native.ROW_MAJOR, 0)
    assert dataset._numpy_layout(numpy.asfortranarray(c_order)) == (_native.COL_MAJOR, 0)
    assert dataset._numpy_layout(wide[:, :7]) == (_native.ROW_MAJOR, 10)
    assert dataset._numpy_layout(numpy.asfortranarray(wide)[:, :7]) == (_native.COL_MAJOR, 0)
    assert dataset._numpy_layout(c_order[::2]) == (_native.ROW_MAJOR, 14)
    for array in (c_order, numpy.asfortranarray(c_order), wide[:, :7]):
        model.score(array)
    with pytest.raises(AssertionError, match="converted"):
        model.score(c_order.astype(numpy.float32))


def test_import_needs_only_the_standard_library():
    done = run_python(f"""
        import sys; sys.path.insert(0, {str(PACKAGE_PARENT)!r})
        import civiscore
        civiscore.Model.from_json({MINI_JSON!r})
        print(sorted(name for name in ("numpy", "pandas") if name in sys.modules))
        """, {"CIVISCORE_LIBRARY": civiscore.library_path()})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_unit_ids_cross_in_one_buffer(model):
    """Ids go to C as one UTF-8 buffer with a NUL after each and come back in one call (the
    no-numpy path is in test_lists_without_numpy); C would cut an id at a NUL, so one is refused."""
    ids = ["社区,01", "\t", "U 3", '"q"\n', "é" * 40]
    assert model.score(numpy.array(ROWS), unit_ids=ids).unit_ids == ids
    with civiscore.Dataset.from_matrix(numpy.array(ROWS), model.input_columns, ids) as dataset:
        assert dataset.unit_ids == ids
        assert model.score(dataset).unit_ids == ids
    with pytest.raises(civiscore.InvalidArgumentError, match=r"'U\\x003' \(unit 3\) contains a NUL"):
        model.score(numpy.array(ROWS), unit_ids=["A", "B", "U\x003", "D", "E"])


def test_reading_ids_and_texts_from_c():
    """Ids come back NUL-separated; a count that does not match is an error, never shifted ids."""
    def writer(text):
        def call(buf, cap, length):
            length._obj.value = len(text)
            if buf is not None:
                ctypes.memmove(buf, text + b"\0", min(cap, len(text) + 1))
        return call
    assert _native.read_ids(writer("东城\0U 2\0".encode()), 2) == ["东城", "U 2"]
    assert _native.read_ids(writer(b""), 0) == []
    with pytest.raises(civiscore.InternalError, match="3 unit ids read for 2 units"):
        _native.read_ids(writer(b"a\0b\0c\0"), 2)

    # Texts: with a guess of the size, one call when it fits, a second with the exact size when not.
    calls = []

    def counted(buf, cap, length):
        calls.append(cap)
        writer("总分 95.5".encode())(buf, cap, length)
    assert _native.read_snprintf(counted, guess=64) == "总分 95.5" and calls == [64]
    calls.clear()
    assert _native.read_snprintf(counted, guess=4) == "总分 95.5" and calls == [4, 12]
    calls.clear()
    assert _native.read_snprintf(counted) == "总分 95.5" and calls == [0, 12]


def test_nul_in_a_c_string_argument_is_refused(model, tmp_path):
    """Paths, column names and options reach C NUL-terminated: one holding a NUL would be read cut
    short (another file), so it is refused before the call."""
    path = tmp_path / "mini.json"
    path.write_text(MINI_JSON, encoding="utf-8")
    for call in (lambda: civiscore.Model.from_file(str(path) + "\0.bak"),
                 lambda: civiscore.Dataset.read_csv(tmp_path / "d.csv", id_column="unit\0id"),
                 lambda: model.score(ROWS, unit_ids=UNIT_IDS).write(str(tmp_path / "out.json") + "\0x")):
        with pytest.raises(civiscore.InvalidArgumentError, match="contains a NUL character, where C would end it"):
            call()
    assert not (tmp_path / "out.json").exists()


def test_empty_data_gives_an_empty_result(model):
    result = model.score([])
    assert len(result) == 0 and result.scores.shape == (0, 9) and result.unit_ids == []
