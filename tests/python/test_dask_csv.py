"""civiscore.dask.read_csv: CSV blocks parsed by the library, against whole-file reads.

Small block sizes cut a few-kilobyte file into many blocks, so every seam is exercised: the values
and ids must equal pandas' exact (round_trip) read and civiscore's whole-file read, unit by unit; a
bad cell or a repeated id deep in a later block must be reported at its line in the file, not in
the block; scoring the blocks through civiscore.dask must equal scoring the whole file.
"""

import codecs
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")
pandas = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")

import civiscore  # noqa: E402
import civiscore.dask as cdask  # noqa: E402
from civiscore import periods  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = REPO_ROOT / "examples" / "python" / "panel_model.json"
COLUMNS = ["satisfaction", "complaints", "volunteer_hours", "social_workers", "projects", "list_published"]


def csv_text(n, seed=7, newline="\n", first=0):
    """n units of the panel model with an extra text column, missing cells and long decimals."""
    rng = numpy.random.default_rng(seed)
    lines = ["unit_id,name," + ",".join(COLUMNS)]
    for u in range(first, first + n):
        cells = [f"C{u:05d}", f"\"社区 {u}, 东\""]
        for j in range(len(COLUMNS)):
            r = rng.random()
            cells.append("" if r < 0.05 else repr(float(rng.normal(50, 20))) if j < 3 else str(int(r * 10)))
        lines.append(",".join(cells))
    return newline.join(lines) + newline


def computed(ddf):
    with dask.config.set(scheduler="threads", num_workers=2):
        return ddf.compute().reset_index(drop=True)


def assert_same_frame(got, want):
    assert list(got.columns) == ["unit_id"] + COLUMNS
    assert got["unit_id"].tolist() == want["unit_id"].tolist()
    x, y = got[COLUMNS].to_numpy(), want[COLUMNS].to_numpy(dtype=float)
    assert ((x == y) | (numpy.isnan(x) & numpy.isnan(y))).all()


def pandas_read(path, encoding="utf-8"):
    return pandas.read_csv(path, dtype={"unit_id": str}, float_precision="round_trip", encoding=encoding)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blocks_equal_the_whole_file(tmp_path, newline):
    path = tmp_path / "units.csv"
    path.write_bytes(codecs.BOM_UTF8 + csv_text(400, newline=newline).encode("utf-8"))
    ddf = cdask.read_csv(str(path), COLUMNS, blocksize=1500)
    assert ddf.npartitions > 20
    got = computed(ddf)
    assert len(got) == 400
    assert_same_frame(got, pandas_read(path, encoding="utf-8-sig"))
    with civiscore.Dataset.read_csv(str(path)) as whole:
        assert got["unit_id"].tolist() == whole.unit_ids
        for column in COLUMNS:
            assert numpy.array_equal(got[column].to_numpy(), numpy.array(periods.column_values(whole, column)),
                                     equal_nan=True)


def test_scoring_the_blocks_equals_scoring_the_file(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(csv_text(600, seed=11), encoding="utf-8")
    with civiscore.Model.from_file(MODEL_PATH) as model:
        ddf = cdask.read_csv(str(path), model, blocksize=2000)  # a Model stands for its input columns
        with dask.config.set(scheduler="threads", num_workers=2):
            fitted = cdask.fit(ddf, model)
            scored = cdask.score(ddf, model, fitted).compute().reset_index(drop=True)
        with model.score(str(path)) as whole:
            want = whole.to_pandas()
    root = scored.columns[2]
    assert scored["unit_id"].tolist() == want.index.tolist()
    assert numpy.allclose(scored[root].to_numpy(dtype=float), want[root].to_numpy(dtype=float), rtol=1e-12,
                          equal_nan=True)
    assert scored["rank"].fillna(0).astype(int).tolist() == want["rank"].fillna(0).astype(int).tolist()


def test_several_files_and_an_empty_one(tmp_path):
    (tmp_path / "a.csv").write_text(csv_text(50, seed=1), encoding="utf-8")
    (tmp_path / "b.csv").write_text(csv_text(70, seed=2, first=50), encoding="utf-8")
    (tmp_path / "c.csv").write_text("unit_id,name," + ",".join(COLUMNS) + "\n", encoding="utf-8")
    got = computed(cdask.read_csv(str(tmp_path / "*.csv"), COLUMNS, blocksize=800))
    want = pandas.concat([pandas_read(tmp_path / "a.csv"), pandas_read(tmp_path / "b.csv")], ignore_index=True)
    assert_same_frame(got, want)


def test_a_gbk_file_is_cut_and_read(tmp_path):
    path = tmp_path / "gbk.csv"
    text = "unit_id,满意度\n" + "".join(f"社区{u},{u % 7 * 10.5}\n" for u in range(300))
    path.write_bytes(text.encode("gbk"))
    got = computed(cdask.read_csv(str(path), ["满意度"], blocksize=300, encoding="gbk"))
    assert got["unit_id"].tolist() == [f"社区{u}" for u in range(300)]
    assert got["满意度"].tolist() == [u % 7 * 10.5 for u in range(300)]


def test_errors_name_the_line_in_the_file(tmp_path):
    text = csv_text(300)
    lines = text.splitlines()
    lines[250] = lines[250].rsplit(",", 1)[0] + ",lots"  # line 251 of the file: a text cell
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(civiscore.DataError, match=f"^{path}:251:8: 'lots': column 'list_published' is text"):
        computed(cdask.read_csv(str(path), COLUMNS, blocksize=1000))

    lines = text.splitlines()
    lines[280] = lines[275].replace("C00274", "C00274", 1)  # line 281 repeats line 276's unit id
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(civiscore.DataError, match=rf"^{path}:281: duplicate unit id 'C00274' \(first on line 276\)"):
        computed(cdask.read_csv(str(path), COLUMNS, blocksize=3000))


def test_arguments_are_checked_before_any_block(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(csv_text(10), encoding="utf-8")
    with pytest.raises(civiscore.DataError, match=rf"^{path}:1: no column 'nothing' in the header"):
        cdask.read_csv(str(path), ["satisfaction", "nothing"])
    with pytest.raises(civiscore.DataError, match=r":1: .*'id'"):
        cdask.read_csv(str(path), COLUMNS, id_column="id")
    with pytest.raises(civiscore.InvalidArgumentError, match="no file matches"):
        cdask.read_csv(str(tmp_path / "none-*.csv"), COLUMNS)
    with pytest.raises(civiscore.InvalidArgumentError, match="columns must be"):
        cdask.read_csv(str(path), "satisfaction")
    with pytest.raises(civiscore.InvalidArgumentError, match="encoding"):
        cdask.read_csv(str(path), COLUMNS, encoding="latin-9")
    with pytest.raises(civiscore.InvalidArgumentError, match="n_threads"):
        cdask.read_csv(str(path), COLUMNS, threads=-1)
    with pytest.raises(civiscore.InvalidArgumentError, match="blocksize"):
        cdask.read_csv(str(path), COLUMNS, blocksize=0)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(civiscore.DataError, match=rf"^{empty}:1: empty file"):
        cdask.read_csv(str(empty), COLUMNS)
