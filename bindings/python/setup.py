"""Build hook: ship libciviscore inside the package, so `pip install ./bindings/python` is complete.

The library is taken from $CIVISCORE_LIBRARY (a path to libciviscore.so.0 or any of its names), else
from the repository's build tree (../../build/lib/libciviscore.so.0 next to this file), and copied
into the built package as libciviscore.so.0, the first place the loader looks. Everything else about
the package is in pyproject.toml.

    cmake -S . -B build && cmake --build build --target civiscore
    /usr/bin/python3 -m pip install --no-build-isolation --no-index ./bindings/python
"""

import os
import shutil
import sys
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
if sys.platform == "darwin":
    TARGET_NAME = "libciviscore.0.dylib"
elif sys.platform == "win32":
    TARGET_NAME = "civiscore.dll"
else:
    TARGET_NAME = "libciviscore.so.0"


def find_library() -> Path:
    explicit = os.environ.get("CIVISCORE_LIBRARY")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            sys.exit(f"civiscore setup: CIVISCORE_LIBRARY={explicit} is not a file")
        return path
    searched = []
    for name in (TARGET_NAME, "libciviscore.so"):
        candidate = HERE.parents[1] / "build" / "lib" / name
        searched.append(str(candidate))
        if candidate.is_file():
            return candidate
    sys.exit("civiscore setup: cannot find the shared library to ship in the package; build it "
             "(cmake --build build --target civiscore) or set CIVISCORE_LIBRARY to its path. "
             "Looked in: " + ", ".join(searched))


class build_py_with_library(build_py):
    """build_py, then copy the shared library into the built package (never into the source)."""

    def run(self):
        super().run()
        source = find_library()
        target = Path(self.build_lib) / "civiscore" / TARGET_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source.resolve(), target)  # resolve: copy the file, not a symlink
        print(f"civiscore setup: shipping {source} as {target}")


class BinaryDistribution(Distribution):
    """The package carries a compiled library: the wheel is platform-specific."""

    def has_ext_modules(self):
        return True


setup(cmdclass={"build_py": build_py_with_library}, distclass=BinaryDistribution)
