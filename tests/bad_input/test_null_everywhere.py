"""Every exported C function called with NULL for every pointer and 0 for every number.

The hand-written NULL tests (tests/capi/test_null_args.cpp) check messages function by function; this
sweep reads the declarations from civiscore.h itself, so a function added later is covered the day it
is declared. Each call must return (no crash, no hang); a function returning an int status must fail
with CIVISCORE_ERROR_INVALID_ARGUMENT and a last-error message naming itself, unless it takes no
pointer at all. Needs CIVISCORE_LIBRARY (set by ctest).
"""
import ctypes
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HEADER = Path(__file__).resolve().parents[2] / "include" / "civiscore.h"
LIB_PATH = os.environ.get("CIVISCORE_LIBRARY")
INVALID_ARGUMENT = 1

# Functions whose int result is not a status but a count, a flag, a level or a version part: they
# must still record an error naming themselves.
NOT_A_STATUS = re.compile(r"(_count|_supported|_major|_minor|_patch|_number|_level|_is_\w+)$")


def declarations():
    """(return type, name, [parameter types]) for every CIVISCORE_API function."""
    text = re.sub(r"/\*.*?\*/", " ", HEADER.read_text(encoding="utf-8"), flags=re.S)
    found = []
    for match in re.finditer(r"CIVISCORE_API\s+([^;]*?)\b(civiscore_\w+)\s*\(([^)]*)\)\s*;", text):
        ret, name, params = match.group(1).strip(), match.group(2), match.group(3).strip()
        types = [] if params in ("", "void") else [p.strip() for p in params.split(",")]
        found.append((ret, name, types))
    return found


DECLS = declarations()


def test_header_parses_to_the_export_list():
    exports = (HEADER.parents[1] / "abi" / "exports.txt").read_text().split()
    assert sorted(name for _, name, _ in DECLS) == sorted(exports)


# The child process: calls each function named on its command line with NULL / 0 arguments and prints
# "name status message" per call, flushing first so a crash names the function that caused it.
CHILD = r"""
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
errors = ctypes.CDLL(sys.argv[1])  # its own function objects: the loop re-types lib's
errors.civiscore_last_error_message.restype = ctypes.c_char_p
for spec in sys.argv[2:]:
    name, ret, kinds = spec.split(":")
    print("calling", name, flush=True)
    f = getattr(lib, name)
    f.restype = {"int": ctypes.c_int, "ptr": ctypes.c_void_p, "size": ctypes.c_size_t,
                 "double": ctypes.c_double, "void": None}[ret]
    args = []
    for k in kinds.split(",") if kinds else []:
        args.append({"ptr": ctypes.c_void_p(None), "double": ctypes.c_double(0.0),
                     "int": ctypes.c_int(0), "size": ctypes.c_size_t(0), "i64": ctypes.c_int64(0)}[k])
    result = f(*args)
    message = (errors.civiscore_last_error_message() or b"").decode("utf-8", "replace").replace("\n", " ")
    print("result", name, result, message, flush=True)
"""


def kind(ctype):
    if "*" in ctype:
        return "ptr"
    base = re.sub(r"\b(const|struct)\b", "", ctype).split()
    base = base[0] if base else ctype
    if base in ("double", "float"):
        return "double"
    if base in ("size_t",):
        return "size"
    if base in ("int64_t", "ptrdiff_t", "uint64_t"):
        return "i64"
    if base == "void":
        return "void"
    return "int"


def ret_kind(ret):
    k = kind(ret)
    return {"i64": "size"}.get(k, k)


@pytest.mark.skipif(not LIB_PATH, reason="CIVISCORE_LIBRARY not set")
def test_every_function_survives_null_arguments():
    specs = []
    for ret, name, types in DECLS:
        kinds = ",".join(kind(t) for t in types)
        specs.append("%s:%s:%s" % (name, ret_kind(ret), kinds))
    proc = subprocess.run([sys.executable, "-c", CHILD, LIB_PATH] + specs,
                          capture_output=True, text=True, timeout=300)
    called = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("calling ")]
    assert proc.returncode == 0, "crashed in %s: %s" % (called[-1] if called else "?", proc.stderr[-2000:])

    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("result "):
            _, name, value, *message = line.split(" ")
            results[name] = (value, " ".join(message))
    assert len(results) == len(DECLS)

    wrong = []
    for ret, name, types in DECLS:
        takes_pointer = any("*" in t for t in types)
        if kind(ret) != "int" or not takes_pointer:
            continue
        value, message = results[name]
        status_ok = NOT_A_STATUS.search(name) or int(value) == INVALID_ARGUMENT
        if not status_ok or name not in message:
            wrong.append("%s -> %s (%s)" % (name, value, message))
    assert not wrong, "\n".join(wrong)
