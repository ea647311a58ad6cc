"""Reports people read (docs/report.md): a self-contained HTML file and an Excel workbook.

    import civiscore
    model = civiscore.Model.from_file("examples/sanshe/model.json")
    data = civiscore.Dataset.read_csv("examples/sanshe/communities.csv")
    result = model.score(data)
    civiscore.write_report(result, "report.html", data=data, data_file="examples/sanshe/communities.csv")
    civiscore.write_report(result, "report.xlsx", data=data, lang="en")

Optional inputs (assessment, checks, previous, sensitivity) are JSON documents given as dicts or
text, in the formats of docs/report.md.
"""

from __future__ import annotations

import json
from typing import Any, Optional, Sequence

from . import _native
from .dataset import Dataset
from .result import Result

HTML = 0
XLSX = 1


def _options(lang: str, group_columns: Optional[Sequence[str]], data_file, title, date,
             assessment, checks, previous, sensitivity, label_column) -> bytes:
    options: dict = {"lang": lang}
    if group_columns is not None:
        options["group_columns"] = [str(column) for column in group_columns]
    for key, value in (("data_file", None if data_file is None else str(data_file)), ("title", title),
                       ("date", date), ("label_column", label_column), ("assessment", assessment),
                       ("checks", checks), ("previous", previous), ("sensitivity", sensitivity)):
        if value is not None:
            options[key] = value
    return json.dumps(options, ensure_ascii=False).encode("utf-8")


def xlsx_supported() -> bool:
    """Whether the loaded library writes XLSX workbooks (built with libxlsxwriter)."""
    return bool(_native.lib().civiscore_report_xlsx_supported())


def write_report(result: Result, path, data: Optional[Dataset] = None, format: Optional[str] = None,
                 lang: str = "zh", group_columns: Optional[Sequence[str]] = None, data_file=None,
                 title: Optional[str] = None, date: Optional[str] = None, assessment: Any = None,
                 checks: Any = None, previous: Any = None, sensitivity: Any = None,
                 label_column: Optional[str] = None) -> None:
    """Write the report of `result` to `path`: "html" or "xlsx" (default: from the extension).

    `data` is the Dataset the result was scored on (for summaries by district/type, names, raw
    values); `data_file` a path whose SHA-256 goes into the provenance.
    """
    if format is None:
        format = "xlsx" if str(path).lower().endswith(".xlsx") else "html"
    if format not in ("html", "xlsx"):
        raise ValueError(f"format must be 'html' or 'xlsx', not {format!r}")
    options = _options(lang, group_columns, data_file, title, date, assessment, checks, previous,
                       sensitivity, label_column)
    _native.lib().civiscore_report_write_file(
        result.handle, None if data is None else data.handle, XLSX if format == "xlsx" else HTML,
        options, _native.encode(path))


def report_html(result: Result, data: Optional[Dataset] = None, lang: str = "zh",
                group_columns: Optional[Sequence[str]] = None, data_file=None,
                title: Optional[str] = None, date: Optional[str] = None, assessment: Any = None,
                checks: Any = None, previous: Any = None, sensitivity: Any = None,
                label_column: Optional[str] = None) -> str:
    """The HTML report as a string (see write_report)."""
    options = _options(lang, group_columns, data_file, title, date, assessment, checks, previous,
                       sensitivity, label_column)
    library = _native.lib()
    data_handle = None if data is None else data.handle
    return _native.read_snprintf(
        lambda buf, cap, out_len: library.civiscore_report_write_string(
            result.handle, data_handle, options, buf, cap, out_len))
