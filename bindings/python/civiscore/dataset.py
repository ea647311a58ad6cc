"""Datasets: the units x columns of raw values that fit and score read.

Python data of many shapes (numpy arrays, pandas DataFrames, lists of rows, dicts of columns, CSV
paths) becomes one C dataset handle. Matching columns to the model, reporting missing ones and
checking unit ids is the C library's job, so every input shape gets the same messages; this module
only moves values, without copying a float64 numpy array the library can read in place.
"""

from __future__ import annotations

import ctypes
import math
import numbers
import os
import sys
from ctypes import POINTER, c_double
from typing import Any, List, Optional, Sequence

from . import _native, errors
from ._handle import OwnedHandle

DEFAULT_ID_COLUMN = "unit_id"

# Cell texts read as booleans, as the CSV reader does (docs/model-format.md, binary rule).
_TRUE_TEXTS = {"true", "yes", "是"}
_FALSE_TEXTS = {"false", "no", "否"}
_MISSING_TEXTS = {"", "na", "nan"}


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, errors.ERROR_INVALID_ARGUMENT)


class Dataset(OwnedHandle):
    """A dataset handle. Build one explicitly to fit and score the same data without converting it twice;
    otherwise `Model.fit` and `Model.score` build one from whatever they are given."""

    _free_function = "civiscore_dataset_free"
    _kind = "dataset"

    @classmethod
    def read_csv(cls, path, id_column: Optional[str] = None) -> "Dataset":
        """Read a CSV file with a header row and a unit-id column (`id_column`, default "unit_id")."""
        out = _native.null_handle()
        _native.lib().civiscore_dataset_read_csv(
            _native.encode(path), None if id_column is None else _native.encode(id_column),
            ctypes.byref(out))
        return cls(out)

    @classmethod
    def parse_csv(cls, text: str, id_column: Optional[str] = None) -> "Dataset":
        """As read_csv, from CSV text in memory."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = _native.null_handle()
        _native.lib().civiscore_dataset_parse_csv(
            raw, len(raw), None if id_column is None else _native.encode(id_column), ctypes.byref(out))
        return cls(out)

    @classmethod
    def from_matrix(cls, values, column_ids: Sequence[str],
                    unit_ids: Optional[Sequence[Any]] = None) -> "Dataset":
        """From a 2-D numpy array or a list of rows whose columns are `column_ids`, in order."""
        column_ids = [str(column) for column in column_ids]
        if _is_numpy_array(values):
            return _from_numpy(values, column_ids, unit_ids)
        return _from_rows(values, column_ids, unit_ids)

    @property
    def unit_ids(self) -> List[str]:
        library, handle = _native.lib(), self.handle
        return _native.read_ids(lambda buf, cap, length: library.civiscore_dataset_unit_ids(handle, buf, cap, length),
                                library.civiscore_dataset_unit_count(handle))

    @property
    def column_ids(self) -> List[str]:
        library, handle = _native.lib(), self.handle
        return [library.civiscore_dataset_column_id(handle, j)
                for j in range(library.civiscore_dataset_column_count(handle))]

    def __len__(self) -> int:
        return _native.lib().civiscore_dataset_unit_count(self.handle)

    def __repr__(self) -> str:
        if self.closed:
            return "<civiscore.Dataset (closed)>"
        return f"<civiscore.Dataset {len(self)} units x {len(self.column_ids)} columns>"


def make_dataset(data, input_columns: Sequence[str], unit_ids=None,
                 id_column: Optional[str] = None) -> Dataset:
    """A Dataset from any supported input; `input_columns` (the model's, in order) name the columns of
    positional inputs (numpy arrays, lists of rows) and select the columns of named ones."""
    if isinstance(data, Dataset):
        if unit_ids is not None:
            raise _invalid("unit_ids cannot be given with a Dataset: its units are already named")
        return data
    if isinstance(data, (str, os.PathLike)):
        if unit_ids is not None:
            raise _invalid("unit_ids cannot be given with a CSV path: the file's id column names "
                           "the units (choose it with id_column=)")
        return Dataset.read_csv(data, id_column)
    if _is_dataframe(data):
        return _from_dataframe(data, input_columns, unit_ids, id_column or DEFAULT_ID_COLUMN)
    if isinstance(data, dict):
        return _from_dict(data, input_columns, unit_ids, id_column or DEFAULT_ID_COLUMN)
    if _is_numpy_array(data):
        return _from_numpy(data, list(input_columns), unit_ids)
    if isinstance(data, (list, tuple)):
        return _from_rows(data, list(input_columns), unit_ids)
    raise _invalid(f"cannot read data of type {type(data).__name__}: pass a numpy array, a pandas "
                   "DataFrame, a list of rows, a dict of columns, a CSV path or a civiscore.Dataset")


# --- input detection without importing numpy or pandas (a module not yet imported cannot have
# --- produced the object) -------------------------------------------------------------------------

def _is_numpy_array(data) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(data, numpy.ndarray)


def _is_dataframe(data) -> bool:
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(data, pandas.DataFrame)


# --- cells ----------------------------------------------------------------------------------------

def to_float(value, column: str, unit: str) -> float:
    """One cell as a double: None/NaN/NA/"" missing, booleans and yes/no/是/否 as 1/0."""
    if value is None:
        return math.nan
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        lowered = text.lower()
        if lowered in _MISSING_TEXTS:
            return math.nan
        if lowered in _TRUE_TEXTS:
            return 1.0
        if lowered in _FALSE_TEXTS:
            return 0.0
        try:
            return float(text)
        except ValueError:
            pass
    elif type(value).__name__ in ("NAType", "NaTType"):  # pandas missing markers
        return math.nan
    else:
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    raise errors.DataError(f"column '{column}', unit {unit}: {value!r} is not a number",
                           errors.ERROR_DATA)


def _unit_label(unit_ids, row: int) -> str:
    if unit_ids is not None and row < len(unit_ids):
        return f"'{unit_ids[row]}'"
    return f"{row + 1}"


def _unit_id_strings(unit_ids, n_units: int) -> Optional[List[str]]:
    if unit_ids is None:
        return None
    if isinstance(unit_ids, (str, bytes)):
        raise _invalid("unit_ids must be a sequence of ids, not a single string")
    ids = list(map(str, unit_ids))
    if len(ids) != n_units:
        raise _invalid(f"unit_ids has {len(ids)} ids for {n_units} units")
    return ids


# --- building the C dataset -----------------------------------------------------------------------

def _build(pointer, n_units: int, column_ids: List[str], layout: int, stride: int,
           unit_ids: Optional[List[str]]) -> Dataset:
    columns = _native.string_array(column_ids)
    units, alive = (None, None) if unit_ids is None else _unit_id_array(unit_ids)
    out = _native.null_handle()
    _native.lib().civiscore_dataset_from_matrix(pointer, n_units, len(column_ids), layout, stride,
                                                columns, units, ctypes.byref(out))
    del alive  # the ids' bytes stayed referenced until the library had copied them
    return Dataset(out)


def _unit_id_array(unit_ids: List[str]):
    """The ids as a `const char* const*` for the C ABI, and the objects that must outlive the call.

    All ids go into one UTF-8 buffer with a NUL after each; with numpy the pointers into it come
    from one vectorised step (10^6 ids: tens of milliseconds, where one bytes object and one array
    element per id took 1.5 s, ten times the scoring). An id holding a NUL character would reach C
    cut short at it, so it is refused, naming it."""
    joined = "\0".join(unit_ids).encode("utf-8") + b"\0"
    try:
        import numpy
    except ImportError:
        numpy = None
    if numpy is None or not unit_ids:
        pieces = joined.split(b"\0")[:-1] if unit_ids else []
        _check_no_nul(unit_ids, len(pieces))
        return (ctypes.c_char_p * len(pieces))(*pieces), pieces
    buffer = numpy.frombuffer(joined, dtype=numpy.uint8)
    ends = numpy.flatnonzero(buffer == 0)
    _check_no_nul(unit_ids, len(ends))
    pointers = numpy.empty(len(ends), dtype=numpy.uintp)
    pointers[0] = 0
    pointers[1:] = ends[:-1] + 1
    pointers += buffer.ctypes.data
    return pointers.ctypes.data_as(POINTER(ctypes.c_char_p)), (joined, buffer, pointers)


def _check_no_nul(unit_ids: List[str], n_pieces: int) -> None:
    if n_pieces != len(unit_ids):
        row = next(i for i, unit in enumerate(unit_ids) if "\0" in unit)
        raise _invalid(f"unit id {unit_ids[row]!r} (unit {row + 1}) contains a NUL character")


def _numpy_layout(array):
    """(layout, stride) for a float64 array the library can read in place, or None."""
    if not array.flags.aligned:
        return None
    if array.flags.c_contiguous:
        return _native.ROW_MAJOR, 0
    if array.flags.f_contiguous:
        return _native.COL_MAJOR, 0
    item = array.itemsize
    row_step, column_step = array.strides
    # Row or column slices of a larger matrix: rows (or columns) are dense but spaced apart.
    if column_step == item and row_step > 0 and row_step % item == 0:
        return _native.ROW_MAJOR, row_step // item
    if row_step == item and column_step > 0 and column_step % item == 0:
        return _native.COL_MAJOR, column_step // item
    return None


def _from_numpy(array, column_ids: List[str], unit_ids) -> Dataset:
    import numpy

    if array.ndim != 2:
        raise _invalid(f"a numpy array of data must be 2-D (units x columns), not {array.ndim}-D")
    n_units, n_columns = array.shape
    if n_columns != len(column_ids):
        raise _invalid(f"the array has {n_columns} columns but the model reads "
                       f"{len(column_ids)} columns: " + ", ".join(column_ids))
    ids = _unit_id_strings(unit_ids, n_units)
    layout = _numpy_layout(array) if array.dtype == numpy.float64 else None
    if layout is None:
        array = _numpy_as_float64(array, column_ids, ids)
        layout = (_native.ROW_MAJOR, 0)
    pointer = array.ctypes.data_as(POINTER(c_double))
    # `array` stays referenced until the call returns; the library copies the values.
    return _build(pointer, n_units, column_ids, layout[0], layout[1], ids)


def _numpy_as_float64(array, column_ids: List[str], unit_ids):
    import numpy

    if array.dtype.kind in "biuf":
        return numpy.ascontiguousarray(array, dtype=numpy.float64)
    # Objects or text: convert cell by cell so "是", None and "" mean what they mean in a CSV.
    converted = numpy.empty(array.shape, dtype=numpy.float64)
    for i in range(array.shape[0]):
        for j in range(array.shape[1]):
            converted[i, j] = to_float(array[i, j], column_ids[j], _unit_label(unit_ids, i))
    return converted


def _from_rows(rows, column_ids: List[str], unit_ids) -> Dataset:
    rows = list(rows)
    n_columns = len(column_ids)
    ids = _unit_id_strings(unit_ids, len(rows))
    flat = (c_double * (len(rows) * n_columns))()
    for i, row in enumerate(rows):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__len__"):
            raise _invalid(f"row {i + 1} is a {type(row).__name__}, not a sequence of values")
        if len(row) != n_columns:
            raise _invalid(f"row {i + 1} has {len(row)} values but the model reads {n_columns} "
                           "columns: " + ", ".join(column_ids))
        for j, value in enumerate(row):
            flat[i * n_columns + j] = to_float(value, column_ids[j], _unit_label(ids, i))
    return _build(flat, len(rows), column_ids, _native.ROW_MAJOR, 0, ids)


def _named_columns(available, input_columns: Sequence[str], id_column: str) -> List:
    """The keys of `available` that the model reads, in their given order; extra ones are dropped
    here (they may hold text such as names), missing ones are left for the library to report."""
    wanted = set(input_columns)
    return [key for key in available if str(key) in wanted and str(key) != id_column]


def _from_dict(data: dict, input_columns: Sequence[str], unit_ids, id_column: str) -> Dataset:
    keys = _named_columns(data.keys(), input_columns, id_column)
    lengths = {len(data[key]) for key in list(keys) + ([id_column] if id_column in data else [])}
    if len(lengths) > 1:
        sizes = ", ".join(f"{key}: {len(data[key])}" for key in data)
        raise _invalid(f"the columns of the dict have different lengths ({sizes})")
    if lengths:
        n_units = lengths.pop()
    elif unit_ids is not None:
        n_units = len(unit_ids)
    else:
        n_units = 0
    if unit_ids is None and id_column in data:
        unit_ids = data[id_column]
    ids = _unit_id_strings(unit_ids, n_units)
    flat = (c_double * (n_units * len(keys)))()
    for j, key in enumerate(keys):
        for i, value in enumerate(data[key]):
            flat[j * n_units + i] = to_float(value, str(key), _unit_label(ids, i))
    return _build(flat, n_units, [str(key) for key in keys], _native.COL_MAJOR, 0, ids)


def _from_dataframe(frame, input_columns: Sequence[str], unit_ids, id_column: str) -> Dataset:
    import numpy
    import pandas

    n_units = len(frame)
    if unit_ids is None:
        unit_ids = frame[id_column] if id_column in frame.columns else frame.index
    ids = _unit_id_strings(unit_ids, n_units)
    keys = _named_columns(frame.columns, input_columns, id_column)
    matrix = numpy.empty((n_units, len(keys)), dtype=numpy.float64, order="F")
    for j, key in enumerate(keys):
        series = frame[key]
        if isinstance(series, pandas.DataFrame):  # duplicate labels select several columns
            raise errors.DataError(f"duplicate column '{key}' in the DataFrame", errors.ERROR_DATA)
        if pandas.api.types.is_numeric_dtype(series.dtype) or pandas.api.types.is_bool_dtype(
                series.dtype):
            matrix[:, j] = series.to_numpy(dtype=numpy.float64, na_value=numpy.nan)
        else:
            matrix[:, j] = [to_float(value, str(key), _unit_label(ids, i))
                            for i, value in enumerate(series.tolist())]
    pointer = matrix.ctypes.data_as(POINTER(c_double))
    return _build(pointer, n_units, [str(key) for key in keys], _native.COL_MAJOR, 0, ids)
