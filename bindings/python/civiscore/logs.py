"""Service logs (docs/service-logs.md): the model's "logs" section derives input columns from long
record tables (unit, period, person, service type, date, quantity, duration) and person registries,
streamed by the library so a log of millions of records is never held whole::

    derived = civiscore.derive_logs(model, "communities-platform.csv",
                                    logs={"services": "service-log.csv"},
                                    registries={"priority": "priority-registry.csv"})
    derived.summary["logs"][0]["unknown_unit_records"]   # records of units not in the data
    result = model.score(derived.dataset)

A log or registry may be a CSV path or a pandas DataFrame (passed to the library as CSV text).
"""

from __future__ import annotations

import ctypes
import json
import os
from typing import Mapping, Optional

from . import _native, errors
from .dataset import Dataset


class DerivedLogs:
    """The outcome of `derive_logs`: `dataset` (the units plus the derived columns) and `summary`
    ({"logs", "registries", "columns", "not_given"}: records read, records of unknown units, per
    column what was counted and which units were left missing)."""

    def __init__(self, dataset: Dataset, summary: dict):
        self.dataset = dataset
        self.summary = summary

    def warnings(self):
        """One line per log or registry with rows of units that are not in the data."""
        out = []
        for kind, rows_key in (("logs", "unknown_unit_records"), ("registries", "unknown_unit_rows")):
            for item in self.summary[kind]:
                if item[rows_key]:
                    out.append(f"{item['source']}: {item[rows_key]} row(s) of {item['unknown_units']} unit(s) "
                               f"not in the data were not counted")
        return out

    def close(self):
        self.dataset.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _add(library, handle, name, value, kind):
    encoded_name = _native.encode(name)
    if isinstance(value, (str, os.PathLike)):
        getattr(library, f"civiscore_log_inputs_add_{kind}_file")(handle, encoded_name, _native.encode(value))
    elif hasattr(value, "to_csv"):
        text = value.to_csv(index=False).encode("utf-8")
        getattr(library, f"civiscore_log_inputs_add_{kind}_text")(handle, encoded_name, text, len(text))
    else:
        raise errors.InvalidArgumentError(f"{kind} '{name}' must be a CSV path or a pandas DataFrame",
                                          errors.ERROR_INVALID_ARGUMENT)


def derive_logs(model, units, logs: Mapping[str, object], registries: Optional[Mapping[str, object]] = None,
                id_column: Optional[str] = None) -> DerivedLogs:
    """Aggregate `logs` ({name: CSV path or DataFrame}, names from the model's /logs/sources) and
    `registries` into the model's derived columns, appended to `units` (a Dataset or a CSV path).
    Errors (civiscore.DataError and friends) name the log file's line and column."""
    owned = None
    if isinstance(units, Dataset):
        data = units
    elif isinstance(units, (str, os.PathLike)):
        data = owned = Dataset.read_csv(units, id_column)
    else:
        raise errors.InvalidArgumentError("units must be a civiscore.Dataset or a CSV path",
                                          errors.ERROR_INVALID_ARGUMENT)
    library = _native.lib()
    inputs = _native.null_handle()
    library.civiscore_log_inputs_create(ctypes.byref(inputs))
    try:
        for name, value in logs.items():
            _add(library, inputs, name, value, "log")
        for name, value in (registries or {}).items():
            _add(library, inputs, name, value, "registry")
        out, summary = _native.null_handle(), _native.null_handle()
        library.civiscore_logs_derive(model.handle, data.handle, inputs, ctypes.byref(out), ctypes.byref(summary))
        try:
            text = _native.read_snprintf(
                lambda buf, cap, out_len: library.civiscore_log_summary_json(summary, buf, cap, out_len))
        finally:
            library.civiscore_log_summary_free(summary)
        return DerivedLogs(Dataset(out), json.loads(text))
    finally:
        library.civiscore_log_inputs_free(inputs)
        if owned is not None:
            owned.close()
