"""Loading libciviscore and declaring its C ABI (include/civiscore.h) for ctypes.

Every C function the binding calls is declared once in `_FUNCTIONS`, with its argument and result
types: an undeclared function would default to `int` arguments and silently truncate pointers and
sizes. Functions returning a status get an errcheck that raises the matching `civiscore.Error` with
the library's thread-local message, read immediately after the call on the same thread.

The library is loaded lazily on first use, so `import civiscore` always succeeds and a missing library
surfaces as a catchable `civiscore.LibraryError` that lists every place searched.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
import threading
from ctypes import (POINTER, c_char_p, c_double, c_int, c_int64, c_size_t, c_ssize_t, c_uint64, c_void_p)
from pathlib import Path
from typing import List, Optional

from . import errors

# The package version this binding was written for; the library must report the same number.
PACKAGE_VERSION = "0.1.0"


def _version_number(text: str) -> int:
    major, minor, patch = (int(part) for part in text.split("."))
    return major * 10000 + minor * 100 + patch


EXPECTED_VERSION_NUMBER = _version_number(PACKAGE_VERSION)

ENV_LIBRARY = "CIVISCORE_LIBRARY"

# Handles are opaque: ctypes only ever sees them as void pointers.
_handle = c_void_p
_handle_out = POINTER(c_void_p)
_size_out = POINTER(c_size_t)
_strings = POINTER(c_char_p)

_STATUS = "status"  # returns int status: raise on non-zero
_STRING = "string"  # returns const char* owned by a handle: decode, raise on NULL
_PLAIN = "plain"    # returns a value that needs no checking (counts, indices, void)

# name: (restype, argtypes, kind). Order follows include/civiscore.h.
_FUNCTIONS = {
    # Versions and errors
    "civiscore_version_number": (c_int, [], _PLAIN),
    "civiscore_version_string": (c_char_p, [], _STRING),
    "civiscore_last_error_message": (c_char_p, [], _PLAIN),
    "civiscore_status_string": (c_char_p, [c_int], _PLAIN),
    # Model
    "civiscore_model_load_string": (c_int, [c_char_p, c_size_t, _handle_out], _STATUS),
    "civiscore_model_load_file": (c_int, [c_char_p, _handle_out], _STATUS),
    "civiscore_model_free": (None, [_handle], _PLAIN),
    "civiscore_model_id": (c_char_p, [_handle], _STRING),
    "civiscore_model_name": (c_char_p, [_handle], _STRING),
    "civiscore_model_sha256": (c_char_p, [_handle], _STRING),
    "civiscore_model_node_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_model_node_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_model_node_name": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_model_node_parent": (c_ssize_t, [_handle, c_size_t], _PLAIN),
    "civiscore_model_node_level": (c_int, [_handle, c_size_t], _PLAIN),
    "civiscore_model_node_is_indicator": (c_int, [_handle, c_size_t], _PLAIN),
    "civiscore_model_find_node": (c_ssize_t, [_handle, c_char_p], _PLAIN),
    "civiscore_model_indicator_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_model_indicator_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_model_input_column_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_model_input_column": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_model_grade_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_model_grade_label": (c_char_p, [_handle, c_size_t], _STRING),
    # Dataset
    "civiscore_dataset_from_matrix": (
        c_int, [POINTER(c_double), c_size_t, c_size_t, c_int, c_size_t, _strings, _strings,
                _handle_out], _STATUS),
    "civiscore_dataset_read_csv": (c_int, [c_char_p, c_char_p, _handle_out], _STATUS),
    "civiscore_dataset_parse_csv": (c_int, [c_char_p, c_size_t, c_char_p, _handle_out], _STATUS),
    "civiscore_dataset_free": (None, [_handle], _PLAIN),
    "civiscore_dataset_unit_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_dataset_unit_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_dataset_unit_ids": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_dataset_column_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_dataset_column_id": (c_char_p, [_handle, c_size_t], _STRING),
    # Fit and score
    "civiscore_fit": (c_int, [_handle, _handle, c_int, _handle_out], _STATUS),
    "civiscore_fitted_free": (None, [_handle], _PLAIN),
    "civiscore_fitted_to_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_fitted_from_json": (c_int, [_handle, c_char_p, c_size_t, _handle_out], _STATUS),
    "civiscore_score": (c_int, [_handle, _handle, _handle, c_int, _handle_out], _STATUS),
    # Single-unit scoring (scorer.py)
    "civiscore_scorer_new": (c_int, [_handle, _handle, _handle_out], _STATUS),
    "civiscore_scorer_free": (None, [_handle], _PLAIN),
    "civiscore_scorer_score": (c_int, [_handle, POINTER(c_double), c_size_t, POINTER(c_double),
                                       POINTER(c_double), c_size_t, POINTER(c_int), POINTER(c_int)], _STATUS),
    "civiscore_result_free": (None, [_handle], _PLAIN),
    # Results
    "civiscore_result_unit_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_result_node_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_result_unit_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_result_unit_ids": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_result_node_scores": (
        c_int, [_handle, c_size_t, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_node_coverage": (
        c_int, [_handle, c_size_t, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_scores": (c_int, [_handle, c_int, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_statuses": (c_int, [_handle, POINTER(c_int), c_size_t], _STATUS),
    "civiscore_result_ranks": (c_int, [_handle, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_grades": (c_int, [_handle, POINTER(c_int), c_size_t], _STATUS),
    "civiscore_result_effective_weights": (
        c_int, [_handle, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_model_sha256": (c_char_p, [_handle], _STRING),
    "civiscore_result_fitted_sha256": (c_char_p, [_handle], _STRING),
    "civiscore_result_write_string": (
        c_int, [_handle, c_int, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_result_write_file": (c_int, [_handle, c_int, c_char_p], _STATUS),
    # Methods in the model: node report and data-treatment log (issue 3)
    "civiscore_result_node_report_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_result_treatments_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    # Reports (HTML, XLSX)
    "civiscore_report_write_file": (
        c_int, [_handle, _handle, c_int, c_char_p, c_char_p], _STATUS),
    "civiscore_report_write_string": (
        c_int, [_handle, _handle, c_char_p, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_report_xlsx_supported": (c_int, [], _PLAIN),
    # Partial fit statistics
    "civiscore_partial_compute": (c_int, [_handle, _handle, c_int, _handle_out], _STATUS),
    "civiscore_partial_merge": (c_int, [_handle, _handle, _handle_out], _STATUS),
    "civiscore_partial_unit_count": (c_int64, [_handle], _PLAIN),
    "civiscore_partial_to_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_partial_from_json": (c_int, [_handle, c_char_p, c_size_t, _handle_out], _STATUS),
    "civiscore_partial_finalize": (c_int, [_handle, _handle, _handle_out], _STATUS),
    "civiscore_partial_free": (None, [_handle], _PLAIN),
    "civiscore_model_grade_min": (c_double, [_handle, c_size_t], _PLAIN),
    # Stand-alone methods on a matrix
    "civiscore_methods_normalize": (
        c_int, [c_char_p, POINTER(c_double), c_size_t, c_size_t, c_int, POINTER(c_int), c_char_p,
                POINTER(c_double), c_size_t], _STATUS),
    "civiscore_methods_weights": (
        c_int, [c_char_p, POINTER(c_double), c_size_t, c_size_t, c_int, POINTER(c_int), c_char_p,
                POINTER(c_double), c_size_t, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_methods_rank": (
        c_int, [c_char_p, POINTER(c_double), c_size_t, c_size_t, c_int, POINTER(c_double),
                POINTER(c_int), c_char_p, POINTER(c_double), POINTER(c_int64), c_size_t, c_char_p,
                c_size_t, _size_out], _STATUS),
    "civiscore_methods_aggregate": (
        c_int, [c_char_p, POINTER(c_double), POINTER(c_double), c_size_t, c_char_p,
                POINTER(c_double)], _STATUS),
    "civiscore_methods_ahp": (
        c_int, [POINTER(c_double), c_size_t, c_size_t, c_char_p, POINTER(c_double), c_size_t,
                c_char_p, c_size_t, _size_out], _STATUS),
    # Assessment workflow (issue 4): plans, long tables, assessments, allocation
    "civiscore_plan_load_string": (c_int, [_handle, c_char_p, c_size_t, _handle_out], _STATUS),
    "civiscore_plan_load_file": (c_int, [_handle, c_char_p, _handle_out], _STATUS),
    "civiscore_plan_free": (None, [_handle], _PLAIN),
    "civiscore_dataset_read_long_csv": (c_int, [c_char_p, _handle_out], _STATUS),
    "civiscore_dataset_parse_long_csv": (c_int, [c_char_p, c_size_t, _handle_out], _STATUS),
    "civiscore_assess": (c_int, [_handle, _handle, _handle, _handle, c_int, _handle_out], _STATUS),
    "civiscore_assessment_free": (None, [_handle], _PLAIN),
    "civiscore_assessment_unit_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_assessment_unit_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_assessment_final_scores": (c_int, [_handle, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_assessment_grades": (c_int, [_handle, POINTER(c_int), c_size_t], _STATUS),
    "civiscore_assessment_vetoed": (c_int, [_handle, POINTER(c_int), c_size_t], _STATUS),
    "civiscore_assessment_write_string": (
        c_int, [_handle, c_int, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_allocate": (c_int, [_handle, c_char_p, c_int64, POINTER(c_int64), c_size_t], _STATUS),
    # Data-quality checks (issue 5)
    "civiscore_dataset_read_csv_opts": (c_int, [c_char_p, c_char_p, _handle_out], _STATUS),
    "civiscore_dataset_parse_csv_opts": (c_int, [c_char_p, c_size_t, c_char_p, _handle_out], _STATUS),
    "civiscore_check_run": (c_int, [_handle, _handle, c_char_p, c_int, _handle_out], _STATUS),
    "civiscore_check_report_free": (None, [_handle], _PLAIN),
    "civiscore_check_report_flag_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_check_report_write_string": (
        c_int, [_handle, c_int, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_check_report_sample_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_check_apply": (c_int, [_handle, _handle, _handle, _handle_out], _STATUS),
    "civiscore_check_changes_json": (
        c_int, [_handle, _handle, _handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_check_score": (c_int, [_handle, _handle, _handle, _handle, c_int, _handle_out], _STATUS),
    # Unit roll-ups and linked entities (issue 11)
    "civiscore_model_unit_level_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_model_unit_level_column": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_model_unit_weight_column": (c_char_p, [_handle], _STRING),
    "civiscore_result_rollup_level_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_result_rollup_level_id": (c_char_p, [_handle, c_size_t], _STRING),
    "civiscore_result_rollup_group_count": (c_size_t, [_handle, c_size_t], _PLAIN),
    "civiscore_result_rollup_group_id": (c_char_p, [_handle, c_size_t, c_size_t], _STRING),
    "civiscore_result_rollup_group_parent": (c_ssize_t, [_handle, c_size_t, c_size_t], _PLAIN),
    "civiscore_result_rollup_scores": (
        c_int, [_handle, c_size_t, c_size_t, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_rollup_counts": (
        c_int, [_handle, c_size_t, c_int, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_rollup_weights": (c_int, [_handle, c_size_t, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_result_rollup_ranks": (c_int, [_handle, c_size_t, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_rollup_ranks_in_parent": (
        c_int, [_handle, c_size_t, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_rollup_grades": (c_int, [_handle, c_size_t, POINTER(c_int), c_size_t], _STATUS),
    "civiscore_result_unit_groups": (c_int, [_handle, c_size_t, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_unit_ranks_in": (c_int, [_handle, c_size_t, POINTER(c_int64), c_size_t], _STATUS),
    "civiscore_result_rollup_write_string": (
        c_int, [_handle, c_int, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_link_entities": (c_int, [_handle, _handle, c_char_p, c_size_t, c_char_p, _handle_out], _STATUS),
    "civiscore_link_entities_file": (c_int, [_handle, _handle, c_char_p, c_char_p, _handle_out], _STATUS),
    "civiscore_linked_free": (None, [_handle], _PLAIN),
    "civiscore_linked_dataset": (c_int, [_handle, _handle_out], _STATUS),
    "civiscore_linked_report_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    # Service logs (issue 11, docs/service-logs.md)
    "civiscore_log_inputs_create": (c_int, [_handle_out], _STATUS),
    "civiscore_log_inputs_free": (None, [_handle], _PLAIN),
    "civiscore_log_inputs_add_log_file": (c_int, [_handle, c_char_p, c_char_p], _STATUS),
    "civiscore_log_inputs_add_log_text": (c_int, [_handle, c_char_p, c_char_p, c_size_t], _STATUS),
    "civiscore_log_inputs_add_registry_file": (c_int, [_handle, c_char_p, c_char_p], _STATUS),
    "civiscore_log_inputs_add_registry_text": (c_int, [_handle, c_char_p, c_char_p, c_size_t], _STATUS),
    "civiscore_logs_derive": (c_int, [_handle, _handle, _handle, _handle_out, _handle_out], _STATUS),
    "civiscore_log_summary_json": (c_int, [_handle, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_log_summary_free": (None, [_handle], _PLAIN),
    # Uncertainty, sensitivity and audit (issue 8)
    "civiscore_analysis_run": (c_int, [_handle, _handle, c_char_p, c_int, _handle_out], _STATUS),
    "civiscore_analysis_free": (None, [_handle], _PLAIN),
    "civiscore_analysis_write_string": (c_int, [_handle, c_int, c_char_p, c_size_t, _size_out], _STATUS),
    "civiscore_analysis_unit_count": (c_size_t, [_handle], _PLAIN),
    "civiscore_analysis_unit_ranks": (
        c_int, [_handle, POINTER(c_double), POINTER(c_double), POINTER(c_double), POINTER(c_double), c_size_t],
        _STATUS),
    "civiscore_analysis_unit_scores": (
        c_int, [_handle, POINTER(c_double), POINTER(c_double), POINTER(c_double), POINTER(c_double), c_size_t],
        _STATUS),
    "civiscore_sobol_sample": (c_int, [c_size_t, c_size_t, c_uint64, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_sobol_indices": (
        c_int, [POINTER(c_double), c_size_t, c_size_t, c_size_t, c_size_t, c_double, c_uint64,
                POINTER(c_double), POINTER(c_double), POINTER(c_double), POINTER(c_double)], _STATUS),
    # Period roll-ups and dataset values (issue 11)
    "civiscore_dataset_rollup_periods": (c_int, [_handle, _handle, c_char_p, _handle_out], _STATUS),
    "civiscore_dataset_column_values": (c_int, [_handle, c_size_t, POINTER(c_double), c_size_t], _STATUS),
    "civiscore_dataset_to_csv": (c_int, [_handle, c_char_p, c_char_p, c_size_t, _size_out], _STATUS),
    # Scoring with options: keep only some nodes (issue 7; keep.py)
    "civiscore_score_opts": (c_int, [_handle, _handle, _handle, c_char_p, c_int, _handle_out], _STATUS),
    "civiscore_result_node_kept": (c_int, [_handle, c_size_t, POINTER(c_int)], _STATUS),
}

# Constants from include/civiscore.h (frozen values).
ROW_MAJOR = 0
COL_MAJOR = 1
FORMAT_JSON = 0
FORMAT_CSV = 1
FORMAT_TABLE = 2
UNIT_OK = 0
UNIT_PARTIAL = 1
UNIT_UNSCORED = 2
# (size_t)-1: "the string is NUL-terminated".
NUL_TERMINATED = ctypes.c_size_t(-1).value


class _Library:
    """The loaded library: attribute access gives the declared C functions."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self._cdll = cdll
        self.path = path
        for name, (restype, argtypes, kind) in _FUNCTIONS.items():
            try:
                function = getattr(cdll, name)
            except AttributeError:
                raise errors.LibraryError(
                    f"{path} does not export {name}: it is not a civiscore {PACKAGE_VERSION} "
                    "library (or was built from another header)") from None
            function.restype = restype
            function.argtypes = argtypes
            if kind == _STATUS:
                function.errcheck = self._check_status
            elif kind == _STRING:
                function.errcheck = self._check_string
            setattr(self, name, function)

    def last_error_message(self) -> str:
        raw = self._cdll.civiscore_last_error_message()
        return raw.decode("utf-8", "replace") if raw else ""

    def _check_status(self, status, function, args):
        if status != errors.OK:
            raise errors.error_for_status(status, self.last_error_message())
        return status

    def _check_string(self, value, function, args):
        # A NULL string means the call failed (index out of range, NULL handle).
        if value is None:
            message = self.last_error_message() or f"{function.__name__} returned NULL"
            raise errors.InvalidArgumentError(message, errors.ERROR_INVALID_ARGUMENT)
        return value.decode("utf-8")


def _library_names() -> List[str]:
    if sys.platform == "darwin":
        return ["libciviscore.0.dylib", "libciviscore.dylib"]
    if sys.platform == "win32":
        return ["civiscore.dll", "libciviscore.dll"]
    return ["libciviscore.so.0", "libciviscore.so"]


def _package_dir_candidates(package_dir: Path) -> List[Path]:
    """A library copied next to the package (e.g. by a wheel build), preferring the SONAME."""
    found = []
    for name in _library_names():
        candidate = package_dir / name
        if candidate.is_file():
            found.append(candidate)
    # Fully versioned names (libciviscore.so.0.1.0) when no shorter link was copied.
    pattern = "civiscore*.dll" if sys.platform == "win32" else "libciviscore.*"
    for extra in sorted(glob.glob(str(package_dir / pattern))):
        path = Path(extra)
        if path.is_file() and path not in found and not path.name.endswith((".py", ".pyc")):
            found.append(path)
    return found


def _candidates() -> tuple:
    """(paths to try in order, human-readable list of places searched)."""
    searched: List[str] = []
    package_dir = Path(__file__).resolve().parent
    paths: List[Path] = list(_package_dir_candidates(package_dir))
    searched.append(f"{package_dir}/libciviscore.so*")
    # The build tree: bindings/python/civiscore -> ... -> <repo>/build/lib.
    for ancestor in package_dir.parents:
        lib_dir = ancestor / "build" / "lib"
        for name in _library_names():
            candidate = lib_dir / name
            searched.append(str(candidate))
            if candidate.is_file():
                paths.append(candidate)
    return paths, searched


_lock = threading.Lock()
_loaded: Optional[_Library] = None


def _open(path: str) -> _Library:
    try:
        cdll = ctypes.CDLL(path)
    except OSError as exc:
        raise errors.LibraryError(f"cannot load the civiscore library {path}: {exc}") from exc
    # Check the version before declaring the rest: a different ABI must not be called at all.
    try:
        version_number = cdll.civiscore_version_number
    except AttributeError:
        raise errors.LibraryError(f"{path} is not a civiscore library "
                                  "(no civiscore_version_number)") from None
    version_number.restype = c_int
    version_number.argtypes = []
    found = version_number()
    if found != EXPECTED_VERSION_NUMBER:
        raise errors.LibraryError(
            f"version mismatch: the civiscore Python package {PACKAGE_VERSION} needs library version "
            f"number {EXPECTED_VERSION_NUMBER}, but {path} reports {found}")
    return _Library(cdll, path)


def _load() -> _Library:
    explicit = os.environ.get(ENV_LIBRARY)
    if explicit:
        # An explicit choice is never silently replaced by another library.
        if not os.path.isfile(explicit):
            raise errors.LibraryError(
                f"{ENV_LIBRARY}={explicit} does not name a file; unset it to search the package "
                "directory and the build tree")
        return _open(explicit)
    paths, searched = _candidates()
    if not paths:
        listing = "\n  ".join([f"${ENV_LIBRARY} (not set)"] + searched)
        raise errors.LibraryError(
            "cannot find the civiscore shared library; build it (cmake --build build --target "
            f"civiscore) or set {ENV_LIBRARY} to its path. Looked in:\n  {listing}")
    return _open(str(paths[0]))


def lib() -> _Library:
    """The loaded library, loading it on first use (thread-safe)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load()
    return _loaded


def encode(text) -> bytes:
    """A Python string (or path) as the UTF-8 bytes of a NUL-terminated C string argument (paths,
    column names, options). C would read one holding a NUL only up to it (another file, another
    column), so it is refused, as Python's open() refuses such a path."""
    if isinstance(text, os.PathLike):
        text = os.fspath(text)
    raw = text if isinstance(text, bytes) else str(text).encode("utf-8")
    if b"\0" in raw:
        raise errors.InvalidArgumentError(f"{text!r} contains a NUL character, where C would end it",
                                          errors.ERROR_INVALID_ARGUMENT)
    return raw


def string_array(items) -> ctypes.Array:
    """A `const char* const*` array for the C ABI; the caller keeps it alive during the call."""
    encoded = [encode(item) for item in items]
    return (c_char_p * len(encoded))(*encoded)


def read_snprintf(call, guess: int = 0) -> str:
    """Run an snprintf-style C writer: once to learn the length and once to fill a buffer, or, with
    a `guess` of the size, first into a buffer of that size and again only if it was too small (a
    writer makes its whole text on every call: 10^6 units' CSV took two formatting passes)."""
    length = c_size_t(0)
    if guess > 0:
        buffer = ctypes.create_string_buffer(guess)
        call(buffer, guess, ctypes.byref(length))
        if length.value < guess:
            return ctypes.string_at(buffer, length.value).decode("utf-8")
    else:
        call(None, 0, ctypes.byref(length))
    buffer = ctypes.create_string_buffer(length.value + 1)
    call(buffer, len(buffer), ctypes.byref(length))
    # string_at copies the text once; buffer.raw[:n] copied the whole buffer, then the slice again.
    return ctypes.string_at(buffer, length.value).decode("utf-8")


def read_ids(call, count: int) -> List[str]:
    """The `count` ids an snprintf-style civiscore_*_unit_ids writer gives (a NUL after each), as a
    list: one call in place of one per unit, which at 10^6 units costs more than scoring them."""
    text = read_snprintf(call)
    ids = text.split("\0")[:-1] if text else []
    if len(ids) != count:  # the library refuses ids with a NUL; a shifted id per unit would be worse
        raise errors.InternalError(f"{len(ids)} unit ids read for {count} units", errors.ERROR_INTERNAL)
    return ids


def null_handle() -> c_void_p:
    return c_void_p()
