"""`civiscore import-coinr` (src/cli/cmd_import_coinr.cpp) writes exactly what
examples/asem/coinr_to_model.py writes: the committed ASEM model, byte for byte, and the same model
under every option; bad iMeta tables are errors naming the line."""
import json
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("CIVISCORE_CLI", str(REPO / "build" / "bin" / "civiscore"))
ASEM = REPO / "examples" / "asem"
META = str(ASEM / "ASEM_iMeta.csv")


def _cli(*args, check=True):
    return subprocess.run([CLI, "import-coinr", *args], capture_output=True, text=True, check=check)


def _script(*args):
    return subprocess.run([sys.executable, str(ASEM / "coinr_to_model.py"), *args],
                          capture_output=True, text=True, check=True).stdout


def test_reproduces_the_committed_model(tmp_path):
    out = _cli("--meta", META)
    committed = (ASEM / "model.json").read_text(encoding="utf-8")
    assert out.stdout == committed
    target = tmp_path / "m.json"
    _cli("--meta", META, "--out", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(committed)


def test_options_match_the_script():
    for opts in (["--no-impute"], ["--no-outliers"], ["--impute-group", "GDPpc_group", "--id", "x", "--name", "X"]):
        assert _cli("--meta", META, *opts).stdout == _script(META, *opts), opts


def test_bad_tables_are_named(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text('iCode,Weight,Parent,Type\nIndex,1,,Aggregate\na,x,Index,Indicator\n', encoding="utf-8")
    r = _cli("--meta", str(bad), check=False)
    assert r.returncode == 1 and "line 3 (a) Weight: not a number" in r.stderr
    bad.write_text('iCode,Weight,Parent,Type\nIndex,1,,Aggregate\nB,1,,Aggregate\n', encoding="utf-8")
    r = _cli("--meta", str(bad), check=False)
    assert r.returncode == 1 and "exactly one row without a Parent" in r.stderr
    r = _cli(check=False)
    assert r.returncode == 2 and "--meta" in r.stderr
