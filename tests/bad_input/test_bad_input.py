"""The hostile-input table (cases.tsv) through the C ABI (raw ctypes), the CLI and the Python binding.

Each case names a model, a data CSV and optionally a fitted state; every channel must end with the
documented status (civiscore.h codes; the CLI exits 1 for any of them, 0 for success) and a message
containing the fragment, which names the place (JSON pointer, line and column, file:line). Nothing
may crash, hang or succeed silently. Needs CIVISCORE_LIBRARY and CIVISCORE_CLI (set by ctest).
"""
import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "bindings" / "python"))
import make_cases  # noqa: E402

import civiscore  # noqa: E402

LIB_PATH = os.environ.get("CIVISCORE_LIBRARY")
CLI = os.environ.get("CIVISCORE_CLI")
EXCEPTIONS = {2: civiscore.ModelError, 3: civiscore.DataError, 6: civiscore.FittedStateError}
# Generous: a case that takes longer is a finding.
SECONDS_PER_CASE = 60


def read_cases():
    rows = []
    for line in (HERE / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cid, model, data, fitted, status, fragment = (line.split("\t") + [""])[:6]
        rows.append((cid, model, data, None if fitted == "-" else fitted, int(status), fragment))
    return rows


CASES = read_cases()


def test_table_is_large_enough():
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES), "case ids must be unique"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad_input")
    for name, make in make_cases.GENERATED.items():
        (d / name).write_bytes(make())
    header = "unit_id," + ",".join("i%d" % k for k in range(100000))
    (d / "gen_nodes_data.csv").write_text(header + "\nu1," + ",".join("1" for _ in range(100000)) + "\n")
    return d


def source(workdir, name):
    if name in make_cases.GENERATED or name == "gen_nodes_data.csv":
        return (workdir / name).read_bytes()
    return (HERE / "files" / name).read_bytes()


def fitted_text(raw, sha):
    """FITTED:{...} in the table is the indicators object of a state made for the case's model."""
    text = raw.decode("utf-8")
    if text.startswith("FITTED:"):
        return json.dumps({"civiscore_fitted": 1, "model_sha256": sha, "unit_count": 3,
                           "indicators": json.loads(text[len("FITTED:"):])}).encode()
    return raw


def stage(workdir, case):
    """Writes the case's files where every channel reads them; returns (model, data path, fitted)."""
    cid, model, data, fitted, _, _ = case
    d = workdir / cid
    d.mkdir(exist_ok=True)
    (d / "bad.json").write_bytes(source(workdir, model))
    (d / "bad.csv").write_bytes(source(workdir, data))
    return d / "bad.json", d / "bad.csv", (source(workdir, fitted) if fitted else None)


@pytest.fixture(scope="module")
def clib():
    if not LIB_PATH:
        pytest.fail("CIVISCORE_LIBRARY is not set")
    lib = ctypes.CDLL(LIB_PATH)
    h = ctypes.c_void_p
    lib.civiscore_last_error_message.restype = ctypes.c_char_p
    lib.civiscore_model_load_string.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(h)]
    lib.civiscore_model_sha256.argtypes = [h]
    lib.civiscore_model_sha256.restype = ctypes.c_char_p
    lib.civiscore_dataset_read_csv.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(h)]
    lib.civiscore_fitted_from_json.argtypes = [h, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(h)]
    lib.civiscore_score.argtypes = [h, h, h, ctypes.c_int, ctypes.POINTER(h)]
    for name in ("model", "dataset", "fitted", "result"):
        getattr(lib, "civiscore_%s_free" % name).argtypes = [h]
        getattr(lib, "civiscore_%s_free" % name).restype = None
    return lib


def run_c_abi(lib, model_bytes, csv_path, fitted_raw):
    """Returns (status, message) of the first step that fails, or (0, "")."""
    h = ctypes.c_void_p
    model, data, fitted, result = h(), h(), h(), h()
    try:
        st = lib.civiscore_model_load_string(model_bytes, len(model_bytes), ctypes.byref(model))
        if st:
            assert not model.value, "a failed call must leave *out NULL"
            return st, lib.civiscore_last_error_message().decode("utf-8", "replace")
        st = lib.civiscore_dataset_read_csv(str(csv_path).encode(), None, ctypes.byref(data))
        if st:
            return st, lib.civiscore_last_error_message().decode("utf-8", "replace")
        if fitted_raw is not None:
            text = fitted_text(fitted_raw, lib.civiscore_model_sha256(model).decode())
            st = lib.civiscore_fitted_from_json(model, text, len(text), ctypes.byref(fitted))
            if st:
                return st, lib.civiscore_last_error_message().decode("utf-8", "replace")
        st = lib.civiscore_score(model, fitted, data, 2, ctypes.byref(result))
        if st:
            return st, lib.civiscore_last_error_message().decode("utf-8", "replace")
        return 0, ""
    finally:
        lib.civiscore_result_free(result)
        lib.civiscore_fitted_free(fitted)
        lib.civiscore_dataset_free(data)
        lib.civiscore_model_free(model)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_c_abi(case, workdir, clib):
    model_path, csv_path, fitted_raw = stage(workdir, case)
    start = time.monotonic()
    status, message = run_c_abi(clib, model_path.read_bytes(), csv_path, fitted_raw)
    assert time.monotonic() - start < SECONDS_PER_CASE
    assert (status, case[5] in message) == (case[4], True), message[:2000]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_python(case, workdir):
    model_path, csv_path, fitted_raw = stage(workdir, case)
    expected = EXCEPTIONS.get(case[4])
    try:
        with civiscore.Model.from_json(model_path.read_bytes()) as model:
            dataset = civiscore.Dataset.read_csv(str(csv_path))
            fitted = None
            if fitted_raw is not None:
                fitted = model.fitted_from_json(fitted_text(fitted_raw, model.sha256).decode())
            result = model.score(dataset, fitted=fitted, threads=2)
            assert result.unit_ids == dataset.unit_ids  # every unit, once, in input order
    except civiscore.Error as e:
        assert expected is not None, "unexpected %s: %s" % (type(e).__name__, e)
        assert type(e) is expected, "%s: %s" % (type(e).__name__, e)
        assert case[5] in str(e), str(e)[:2000]
    else:
        assert expected is None, "expected %s, got success" % expected.__name__


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_cli(case, workdir, tmp_path):
    if not CLI:
        pytest.fail("CIVISCORE_CLI is not set")
    model_path, csv_path, fitted_raw = stage(workdir, case)
    args = [CLI, "score", "--model", str(model_path), "--data", str(csv_path), "--format", "csv",
            "--out", str(tmp_path / "out.csv")]
    if fitted_raw is not None:
        with civiscore.Model.from_json(model_path.read_bytes()) as m:
            sha = m.sha256
        (tmp_path / "fitted.json").write_bytes(fitted_text(fitted_raw, sha))
        args += ["--fitted", str(tmp_path / "fitted.json")]
    p = subprocess.run(args, capture_output=True, timeout=SECONDS_PER_CASE)
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == (0 if case[4] == 0 else 1), err[:2000]
    assert case[5] in err, err[:2000]
    assert "internal error" not in err
