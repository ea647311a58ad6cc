"""Data-quality checks (数据真实性, docs/checks.md): flags with reasons, a verification sample, and
the flags' consequences applied to the data or the scores.

    import civiscore
    model = civiscore.Model.from_file("examples/sanshe/model.json")
    report = model.check("examples/sanshe/communities.csv", sample=0.3, seed=7, stratify="district")
    report.to_pandas()          # one row per flag
    report.sample               # the units to visit, with their reasons
    result = model.score(report.apply())   # the data with excluded / scaled values
    result = report.score()     # ... and caps and vetoes on the totals, recorded in checks_applied

Everything is computed by libciviscore (civiscore_check_* in civiscore.h), the same engine as
`civiscore check`: a report's JSON, CSV and table are exactly what the CLI prints with the same options.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import math
import numbers
import os
import sys
from typing import Any, Dict, List, Optional, Sequence

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import DEFAULT_ID_COLUMN, Dataset, make_dataset

_FORMATS = {"json": _native.FORMAT_JSON, "csv": _native.FORMAT_CSV, "table": _native.FORMAT_TABLE}


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, errors.ERROR_INVALID_ARGUMENT)


# --- data -----------------------------------------------------------------------------------------
# Checks read more than the model's input columns (verification and relation columns, the period,
# the district to stratify by, often as text), and long data repeats unit ids once per period. So
# named data (paths, DataFrames, dicts, lists of dicts) is read whole through the CSV reader with
# unique ids off; positional data (numpy arrays, lists of rows) needs its column names.

def _csv_options(id_column: Optional[str]) -> bytes:
    return json.dumps({"id_column": id_column or DEFAULT_ID_COLUMN, "unique_ids": False}).encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if isinstance(value, numbers.Integral):
            return str(int(value))
        return repr(number)  # round-trips exactly
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    return str(value)


def _parse_table(header: Sequence[str], rows, id_column: Optional[str]) -> Dataset:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([str(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    raw = text.getvalue().encode("utf-8")
    out = _native.null_handle()
    _native.lib().civiscore_dataset_parse_csv_opts(raw, len(raw), _csv_options(id_column), ctypes.byref(out))
    return Dataset(out)


def _read_path(path, id_column: Optional[str]) -> Dataset:
    out = _native.null_handle()
    _native.lib().civiscore_dataset_read_csv_opts(_native.encode(path), _csv_options(id_column),
                                                  ctypes.byref(out))
    return Dataset(out)


def _from_frame(frame, id_column: str, unit_ids) -> Dataset:
    header = [str(name) for name in frame.columns]
    if len(set(header)) != len(header):
        raise errors.DataError("the DataFrame has duplicate column names", errors.ERROR_DATA)
    columns = [frame[name].tolist() for name in frame.columns]
    if unit_ids is None and id_column not in header:
        unit_ids = [str(label) for label in frame.index]
    if unit_ids is not None:
        if id_column in header:
            raise _invalid(f"unit_ids cannot be given with a '{id_column}' column")
        header, columns = [id_column] + header, [list(unit_ids)] + columns
    return _parse_table(header, zip(*columns) if columns else [], id_column)


def _from_dict(data: dict, id_column: str, unit_ids) -> Dataset:
    header = [str(key) for key in data]
    columns = [list(data[key]) for key in data]
    if len({len(column) for column in columns}) > 1:
        sizes = ", ".join(f"{key}: {len(data[key])}" for key in data)
        raise _invalid(f"the columns of the dict have different lengths ({sizes})")
    if unit_ids is not None:
        if id_column in header:
            raise _invalid(f"unit_ids cannot be given with a '{id_column}' key")
        header, columns = [id_column] + header, [list(unit_ids)] + columns
    elif id_column not in header:
        n = len(columns[0]) if columns else 0
        header, columns = [id_column] + header, [[str(i + 1) for i in range(n)]] + columns
    return _parse_table(header, zip(*columns) if columns else [], id_column)


def _from_records(records: list, id_column: str, unit_ids) -> Dataset:
    header: List[str] = []
    for record in records:
        for key in record:
            if str(key) not in header:
                header.append(str(key))
    return _from_dict({key: [record.get(key) for record in records] for key in header},
                      id_column, unit_ids)


def check_dataset(data, columns: Sequence[str], unit_ids=None, id_column: Optional[str] = None) -> Dataset:
    """A Dataset for the checks from any supported input; unit ids may repeat (long data)."""
    if isinstance(data, Dataset):
        if unit_ids is not None:
            raise _invalid("unit_ids cannot be given with a Dataset: its units are already named")
        return data
    if isinstance(data, (str, os.PathLike)):
        if unit_ids is not None:
            raise _invalid("unit_ids cannot be given with a CSV path: the file's id column names the units")
        return _read_path(data, id_column)
    id_column = id_column or DEFAULT_ID_COLUMN
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(data, pandas.DataFrame):
        return _from_frame(data, id_column, unit_ids)
    if isinstance(data, dict):
        return _from_dict(data, id_column, unit_ids)
    if isinstance(data, (list, tuple)) and data and all(isinstance(row, dict) for row in data):
        return _from_records(list(data), id_column, unit_ids)
    # numpy arrays and lists of rows: numbers only, columns named by `columns`, ids unique.
    return make_dataset(data, list(columns), unit_ids, id_column)


# --- the report -----------------------------------------------------------------------------------

def _options(period_column, sample, seed, stratify, sample_size) -> Optional[bytes]:
    options: Dict[str, Any] = {}
    if period_column is not None:
        options["period_column"] = str(period_column)
    if sample is not None and sample is not False:
        options["sample"] = True if sample is True else float(sample)
    if sample_size is not None:
        options["sample_size"] = int(sample_size)
    if seed is not None:
        options["seed"] = int(seed)
    if stratify is not None:
        options["stratify"] = str(stratify)
    return json.dumps(options, ensure_ascii=False).encode("utf-8") if options else None


class CheckReport(OwnedHandle):
    """The flags of one check run (and the verification sample, when asked for).

    `flags`: a list of dicts (rule, severity, effect, unit, column, period, group, related, values,
    reason_zh, reason_en); `len(report)` is their number. `sample`: the chosen units with stratum,
    weight and reasons, or None when no sample was asked for. `apply()` / `score()`: the
    consequences the model's policies give the flags.
    """

    _free_function = "civiscore_check_report_free"
    _kind = "check report"

    def __init__(self, handle, model, dataset: Dataset, owns_dataset: bool, has_sample: bool) -> None:
        super().__init__(handle)
        self._model = model
        # The checked data stays with the report: apply() and score() default to it.
        self._dataset = dataset
        self._owns_dataset = owns_dataset
        self._has_sample = has_sample
        self._document: Optional[Dict[str, Any]] = None

    @classmethod
    def run(cls, model, data, period_column=None, sample=None, seed=None, stratify=None,
            sample_size=None, threads: int = 0, columns: Optional[Sequence[str]] = None,
            unit_ids=None, id_column: Optional[str] = None) -> "CheckReport":
        from .model import _threads

        n_threads = _threads(threads)
        options = _options(period_column, sample, seed, stratify, sample_size)
        dataset = check_dataset(data, columns if columns is not None else model.input_columns,
                                unit_ids, id_column)
        try:
            out = _native.null_handle()
            _native.lib().civiscore_check_run(model.handle, dataset.handle, options, n_threads,
                                              ctypes.byref(out))
        except BaseException:
            if dataset is not data:
                dataset.close()
            raise
        has_sample = (sample is not None and sample is not False) or sample_size is not None
        return cls(out, model, dataset, dataset is not data, has_sample)

    # --- output -----------------------------------------------------------------------------------

    def to_string(self, format: str = "json") -> str:
        """The report as "json", "csv" or "table", as `civiscore check --format` prints it (with a
        sample: JSON {"report", "sample"}, CSV the sample, table both)."""
        code = _FORMATS.get(format)
        if code is None:
            raise _invalid(f"format must be 'json', 'csv' or 'table', not {format!r}")
        library, handle = _native.lib(), self.handle
        return _native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_check_report_write_string(handle, code, buf, cap, out_len))

    def to_json(self) -> str:
        return self.to_string("json")

    def to_csv(self) -> str:
        return self.to_string("csv")

    def to_table(self) -> str:
        return self.to_string("table")

    def _doc(self) -> Dict[str, Any]:
        if self._document is None:
            document = json.loads(self.to_json())
            self._document = document["report"] if self._has_sample else document
        return self._document

    @property
    def flags(self) -> List[Dict[str, Any]]:
        return [dict(flag) for flag in self._doc()["flags"]]

    @property
    def summary(self) -> Dict[str, Any]:
        """units, flags, flagged_units and flags by rule."""
        return dict(self._doc()["summary"])

    @property
    def benford(self) -> List[Dict[str, Any]]:
        return list(self._doc()["benford"])

    @property
    def notes(self) -> List[str]:
        """Checks that did not run, and why."""
        return list(self._doc()["notes"])

    @property
    def periods(self) -> List[str]:
        return list(self._doc()["periods"])

    @property
    def sample(self) -> Optional[List[Dict[str, Any]]]:
        """The verification sample (unit, stratum, weight, reasons), or None if none was asked for."""
        if not self._has_sample:
            return None
        library, handle = _native.lib(), self.handle
        return json.loads(_native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_check_report_sample_json(handle, buf, cap, out_len)))

    def to_pandas(self):
        """A DataFrame with one row per flag; `values` holds the dict of values involved."""
        import pandas

        columns = ["rule", "severity", "effect", "unit", "column", "period", "group", "related",
                   "values", "reason_zh", "reason_en"]
        return pandas.DataFrame([[flag.get(key) for key in columns] for flag in self._doc()["flags"]],
                                columns=columns)

    # --- consequences -----------------------------------------------------------------------------

    def _data(self, data, unit_ids, id_column):
        if data is None:
            return self._dataset
        return check_dataset(data, self._model.input_columns, unit_ids, id_column)

    def apply(self, data=None, unit_ids=None, id_column: Optional[str] = None) -> Dataset:
        """The data (default: the data checked) with the flags' consequences: excluded values missing,
        failed self-reports scaled or zeroed. Score it with `model.score(...)`; `changes(data)` lists
        what changed. Caps and vetoes act on scores: use `score()` to have them too."""
        dataset = self._data(data, unit_ids, id_column)
        try:
            out = _native.null_handle()
            _native.lib().civiscore_check_apply(self._model.handle, dataset.handle, self.handle,
                                                ctypes.byref(out))
            return Dataset(out)
        finally:
            if dataset is not data and dataset is not self._dataset:
                dataset.close()

    def changes(self, data=None, unit_ids=None, id_column: Optional[str] = None) -> List[Dict[str, Any]]:
        """What `apply(data)` changes: unit, column, period, rule, action, before, after, reason."""
        dataset = self._data(data, unit_ids, id_column)
        try:
            library, model, handle = _native.lib(), self._model.handle, self.handle
            return json.loads(_native.read_snprintf(
                lambda buf, cap, out_len: library.civiscore_check_changes_json(
                    model, dataset.handle, handle, buf, cap, out_len)))
        finally:
            if dataset is not data and dataset is not self._dataset:
                dataset.close()

    def score(self, data=None, fitted=None, threads: int = 0, unit_ids=None,
              id_column: Optional[str] = None):
        """Score with the consequences applied (adjusted data, then caps and vetoes); the result's
        JSON carries "checks_applied", every change made."""
        from .model import _threads
        from .result import Result

        n_threads = _threads(threads)
        dataset = self._data(data, unit_ids, id_column)
        try:
            out = _native.null_handle()
            _native.lib().civiscore_check_score(self._model.handle, None if fitted is None else fitted.handle,
                                                dataset.handle, self.handle, n_threads, ctypes.byref(out))
            return Result(out, self._model)
        finally:
            if dataset is not data and dataset is not self._dataset:
                dataset.close()

    # --- display ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return _native.lib().civiscore_check_report_flag_count(self.handle)

    def __repr__(self) -> str:
        if self.closed:
            return "<civiscore.CheckReport (closed)>"
        s = self.summary
        by_rule = ", ".join(f"{rule} {count}" for rule, count in s["by_rule"].items())
        text = (f"<civiscore.CheckReport model '{self._model.id}': {s['flags']} flags on "
                f"{s['flagged_units']} of {s['units']} units")
        if by_rule:
            text += f" ({by_rule})"
        if self._has_sample:
            text += f"; sample of {len(self.sample)} units"
        return text + ">"

    def close(self) -> None:
        super().close()
        if self._owns_dataset:
            self._dataset.close()
