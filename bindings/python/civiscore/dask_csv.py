"""CSV files larger than memory as a dask DataFrame, each block parsed by civiscore's own CSV reader
(`civiscore.dask.read_csv`).

`dask.dataframe.read_csv` parses every block with pandas; with `float_precision="round_trip"` (the
exact doubles civiscore's reader and CLI give) that is most of a streamed run's time, paid again in
every pass (`fit`, the rank table, scoring). Here a block is cut at line ends as dask cuts it, the
file's header put in front, and the text parsed by the library (`std::from_chars`, exact). Errors
name the file, line and column in the file, as `civiscore score` would, not in the block.

A field holding a line break inside quotes cannot be cut this way (nor can dask's reader); such
files must be read whole. UTF-8, GBK and GB18030 can be cut at b"\\n": no multi-byte character of
theirs contains that byte.
"""

from __future__ import annotations

import ctypes
import json
import re
from typing import List, Optional, Sequence

import dask.dataframe as dd
import fsspec
import numpy
import pandas
from dask import delayed
from dask.utils import parse_bytes
from fsspec.utils import read_block

from . import _native, errors
from .dataset import Dataset

_MEMORY_PLACE = re.compile(r"<memory>:(\d+)")
_FIRST_ON_LINE = re.compile(r"\(first on line (\d+)\)")


def _parse(text: bytes, id_column: str, encoding: str, threads: int) -> Dataset:
    options = json.dumps({"id_column": id_column, "encoding": encoding, "n_threads": threads})
    out = _native.null_handle()
    _native.lib().civiscore_dataset_parse_csv_opts(text, len(text), _native.encode(options),
                                                   ctypes.byref(out))
    return Dataset(out)


def _header(path: str, fs) -> bytes:
    with fs.open(path, "rb") as f:
        line = f.readline()
    if not line.strip():
        raise errors.DataError(f"{path}:1: empty file, expected a header row", errors.ERROR_DATA)
    return line if line.endswith(b"\n") else line + b"\n"


def _lines_before(fs, path: str, offset: int) -> int:
    """Line ends in the file's first `offset` bytes: read only when a block's error is reported."""
    count, done = 0, 0
    with fs.open(path, "rb") as f:
        while done < offset:
            chunk = f.read(min(1 << 24, offset - done))
            if not chunk:
                break
            count += chunk.count(b"\n")
            done += len(chunk)
    return count


def _located(error: errors.Error, fs, path: str, offset: int) -> errors.Error:
    """`error` from parsing one block, its places ("<memory>:L", "first on line L") made the file's.
    A later block is the file's header (its line 1) and then the lines after the first line end at
    or past `offset`: its line L is the file's line L + (line ends before `offset`)."""
    shift = _lines_before(fs, path, offset) if offset else 0
    message = _MEMORY_PLACE.sub(lambda m: f"{path}:{int(m.group(1)) + shift}", str(error))
    message = _FIRST_ON_LINE.sub(lambda m: f"(first on line {int(m.group(1)) + shift})", message)
    return type(error)(message, error.status)


def _empty(id_column: str, columns: Sequence[str]) -> pandas.DataFrame:
    frame = {id_column: pandas.Series([], dtype=object)}
    for column in columns:
        frame[column] = pandas.Series([], dtype=numpy.float64)
    return pandas.DataFrame(frame)


def _block_frame(fs, path: str, offset: int, length: int, header: bytes, id_column: str,
                 columns: List[str], encoding: str, threads: int) -> pandas.DataFrame:
    with fs.open(path, "rb") as f:
        raw = read_block(f, offset, length, delimiter=b"\n")
    if offset and not raw.strip():
        return _empty(id_column, columns)
    try:
        with _parse(raw if offset == 0 else header + raw, id_column, encoding, threads) as dataset:
            n = len(dataset)
            found = dataset.column_ids
            frame = {id_column: pandas.array(dataset.unit_ids, dtype=object)}
            for column in columns:
                values = numpy.empty(n, dtype=numpy.float64)
                pointer = values.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
                _native.lib().civiscore_dataset_column_values(dataset.handle, found.index(column), pointer, n)
                frame[column] = values
    except errors.Error as error:
        raise _located(error, fs, path, offset) from None
    return pandas.DataFrame(frame)


def read_csv(urlpath, columns, blocksize="64MB", id_column: str = "unit_id", encoding: str = "utf-8",
             threads: int = 1) -> dd.DataFrame:
    """A dask DataFrame of CSV file(s) `urlpath` (a path, a glob, a list, or any fsspec URL), one
    partition per block of about `blocksize` bytes, each parsed by civiscore's CSV reader.

    Columns: `id_column` (the unit ids, as strings) and `columns`, as float64 with NaN for empty cells
    (a list of column names, or a `civiscore.Model` for its input columns); other columns of the file
    are not kept. Every file needs a header row naming `id_column` and every one of `columns`
    (checked here, before any block is read). `encoding` is "utf-8", "gbk" or "gb18030"; `threads`
    are the library's parsing threads per block (1 suits Dask's own parallelism). A bad cell, a
    repeated unit id within a block or a text value in a numeric column raises the library's error
    when the block is computed, naming file:line:column.
    """
    from .model import Model

    if isinstance(columns, Model):
        columns = columns.input_columns
    if isinstance(columns, str) or not all(isinstance(column, str) for column in columns):
        raise errors.InvalidArgumentError("columns must be a list of column names or a civiscore.Model",
                                          errors.ERROR_INVALID_ARGUMENT)
    columns = list(columns)
    size = parse_bytes(blocksize) if isinstance(blocksize, str) else int(blocksize)
    if size < 1:
        raise errors.InvalidArgumentError(f"blocksize must be at least one byte, not {blocksize!r}",
                                          errors.ERROR_INVALID_ARGUMENT)
    files = fsspec.open_files(urlpath, "rb")
    if not files:
        raise errors.InvalidArgumentError(f"no file matches {urlpath!r}", errors.ERROR_INVALID_ARGUMENT)
    fs = files[0].fs
    parts = []
    for path in (file.path for file in files):
        header = _header(path, fs)
        try:
            with _parse(header, id_column, encoding, threads) as dataset:  # a bad option fails here
                found = dataset.column_ids
        except errors.Error as error:
            raise _located(error, fs, path, 0) from None
        absent = [column for column in columns if column not in found]
        if absent:
            raise errors.DataError(f"{path}:1: no column {', '.join(map(repr, absent))} in the header "
                                   f"(columns: {', '.join(found)})", errors.ERROR_DATA)
        total = fs.size(path)
        for offset in range(0, max(total, 1), size):
            parts.append(delayed(_block_frame, pure=True)(fs, path, offset, size, header, id_column, columns,
                                                          encoding, threads))
    return dd.from_delayed(parts, meta=_empty(id_column, columns), verify_meta=False)
