"""`pip install ./bindings/python` into a fresh virtual environment ships the shared library inside
the package: the installed package imports and scores the sanshe example without the build tree.

The package is installed from a temporary copy of bindings/python, so the source tree gets no build/
or *.egg-info. Offline: `--no-index --no-build-isolation` (setuptools from the system, which the
venv sees through --system-site-packages, as it sees numpy).
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import civiscore

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE = REPO_ROOT / "bindings" / "python"
MODEL = REPO_ROOT / "examples" / "sanshe" / "model.json"
DATA = REPO_ROOT / "examples" / "sanshe" / "communities.csv"


def build_leftovers(root):
    """What a build in place would leave in the source tree: build/, *.egg-info, copied libraries."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*")
                  if path.name == "build" or path.name.endswith(".egg-info")
                  or path.name.startswith("libciviscore"))


def make_venv(where):
    try:
        import venv  # noqa: F401
    except ImportError:
        pytest.skip("the venv module is not available (Debian: apt-get install python3-venv)")
    done = subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(where)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0 and "ensurepip" in (done.stdout + done.stderr):
        pytest.skip("venv cannot install pip (Debian: apt-get install python3-venv): "
                    + done.stderr.strip()[-200:])
    assert done.returncode == 0, done.stderr
    python = where / "bin" / "python"
    pip = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True)
    if pip.returncode != 0:
        pytest.skip("pip is not available in the venv (Debian: apt-get install python3-pip)")
    return python


def test_pip_install_into_a_fresh_venv(tmp_path):
    before = build_leftovers(SOURCE)
    copy = tmp_path / "src"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "build", "*.egg-info", "libciviscore*"))
    python = make_venv(tmp_path / "venv")

    env = dict(os.environ)
    env["CIVISCORE_LIBRARY"] = civiscore.library_path()  # what the build hook ships
    env.pop("PYTHONPATH", None)  # the in-tree package must not shadow the installed one
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-index",
                           "--no-build-isolation", str(copy)],
                          capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr

    # Installed, the package finds its own library: no environment variable, no build tree above.
    env.pop("CIVISCORE_LIBRARY")
    code = f"""
import json, civiscore
model = civiscore.Model.from_file({str(MODEL)!r})
result = model.score({str(DATA)!r})
print(json.dumps({{"file": civiscore.__file__, "library": civiscore.library_path(),
                  "version": civiscore.library_version(),
                  "total": [None if t != t else t for t in result.total.tolist()]}}))
"""
    run = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=120,
                         env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    venv_root = str((tmp_path / "venv").resolve())
    assert got["file"].startswith(venv_root), got["file"]
    assert got["library"].startswith(venv_root), got["library"]
    assert Path(got["library"]).name == "libciviscore.so.0"
    assert got["version"] == civiscore.__version__

    with civiscore.Model.from_file(MODEL) as model:
        expected = [None if t != t else t for t in model.score(DATA).total.tolist()]
    assert len(got["total"]) == 360
    assert got["total"] == expected  # the same engine on the same data: identical
    # The source tree is untouched: no build/, no egg-info, no copied library.
    assert build_leftovers(SOURCE) == before


def test_setup_fails_clearly_without_a_library(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns(
        "__pycache__", "build", "*.egg-info", "libciviscore*"))
    env = dict(os.environ)
    env["CIVISCORE_LIBRARY"] = str(tmp_path / "nowhere.so")
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py"], cwd=copy, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "CIVISCORE_LIBRARY=" in done.stderr and "is not a file" in done.stderr
