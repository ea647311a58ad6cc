"""Input encodings and period roll-ups (issue 11; docs/python.md).

`read_csv(path, encoding="gbk")` reads CSV exported from Chinese Excel; `rollup_periods(model, data,
"quarter")` turns a row per unit and quarter into one row per unit by the model's "period_rollup" rules
(counts summed, rates recomputed from summed numerators and denominators, last, mean, max, min). The
result is a `Dataset`: pass it to `Model.score`. Derived columns (the model's "derived" section) need
nothing here: fit and score compute them.
"""

from __future__ import annotations

import ctypes
import json
import os
from ctypes import c_double
from typing import Dict, List, Optional

from . import _native, errors
from .dataset import Dataset

ENCODINGS = ("utf-8", "gbk", "gb18030")


def _options(id_column: Optional[str], encoding: str, unique_ids: bool) -> bytes:
    options = {"encoding": encoding, "unique_ids": unique_ids}
    if id_column is not None:
        options["id_column"] = id_column
    return json.dumps(options).encode("utf-8")


def read_csv(path, id_column: Optional[str] = None, encoding: str = "utf-8",
             unique_ids: bool = True) -> Dataset:
    """Read a CSV file in `encoding` ("utf-8", "gbk" or "gb18030"; a UTF-8 BOM always means UTF-8).
    `unique_ids=False` reads long data, a row per unit and period. An undecodable byte raises
    `DataError` naming file:line:column."""
    out = _native.null_handle()
    _native.lib().civiscore_dataset_read_csv_opts(
        _native.encode(os.fspath(path)), _options(id_column, encoding, unique_ids), ctypes.byref(out))
    return Dataset(out)


def parse_csv(data: bytes, id_column: Optional[str] = None, encoding: str = "utf-8",
              unique_ids: bool = True) -> Dataset:
    """As read_csv, from the file's bytes (e.g. GBK bytes) in memory."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    out = _native.null_handle()
    _native.lib().civiscore_dataset_parse_csv_opts(
        raw, len(raw), _options(id_column, encoding, unique_ids), ctypes.byref(out))
    return Dataset(out)


def rollup_periods(model, data, period_column: str, id_column: Optional[str] = None,
                   encoding: str = "utf-8") -> Dataset:
    """One row per unit from long data (a CSV path, CSV bytes, or a Dataset read with unique_ids=False)
    by `model`'s "period_rollup" rules over `period_column`."""
    if isinstance(data, Dataset):
        long_data = data
    elif isinstance(data, (bytes, bytearray)):
        long_data = parse_csv(data, id_column, encoding, unique_ids=False)
    elif isinstance(data, (str, os.PathLike)):
        long_data = read_csv(data, id_column, encoding, unique_ids=False)
    else:
        raise errors.InvalidArgumentError(
            f"rollup_periods reads a CSV path, CSV bytes or a Dataset, not {type(data).__name__}",
            errors.ERROR_INVALID_ARGUMENT)
    out = _native.null_handle()
    _native.lib().civiscore_dataset_rollup_periods(model.handle, long_data.handle,
                                                   _native.encode(period_column), ctypes.byref(out))
    return Dataset(out)


def column_values(dataset: Dataset, column: str) -> List[float]:
    """The values of a numeric column of `dataset` (NaN = missing)."""
    ids = dataset.column_ids
    if column not in ids:
        raise errors.InvalidArgumentError(f"no column {column!r} (columns: {', '.join(ids)})",
                                          errors.ERROR_INVALID_ARGUMENT)
    n = len(dataset)
    values = (c_double * n)()
    _native.lib().civiscore_dataset_column_values(dataset.handle, ids.index(column), values, n)
    return list(values)


def to_dict(dataset: Dataset) -> Dict[str, List[float]]:
    """Every numeric column of `dataset` by name, in column order."""
    out = {}
    for name in dataset.column_ids:
        try:
            out[name] = column_values(dataset, name)
        except errors.DataError:
            continue  # a text column
    return out


def to_csv(dataset: Dataset, id_column: Optional[str] = None) -> str:
    """`dataset` as CSV text; numbers read back to the same doubles."""
    handle = dataset.handle
    name = None if id_column is None else _native.encode(id_column)
    return _native.read_snprintf(
        lambda buf, cap, length: _native.lib().civiscore_dataset_to_csv(handle, name, buf, cap, length))
