"""Unit roll-ups (docs/units-and-links.md): a result's scores per street, district, ... as the model's
"units" section declares them, read from the library in one call per array.

`Result.rollup("district")` gives one row per district: parent, rank, rank_in_parent, grade, counts,
total weight and the weighted mean score of every node; `Result.ranks_in("district")` every unit's
rank within its district; `Result.groups_in("street")` every unit's street.
"""

from __future__ import annotations

import math
from ctypes import POINTER, c_double, c_int, c_int64
from typing import Dict, List, Optional

from . import _native, errors

# Kinds of civiscore_result_rollup_counts (frozen values in civiscore.h).
_COUNTS = {"units": 0, "scored": 1, "unscored": 2, "no_weight": 3}


def _array(ctype, n: int, call) -> list:
    buffer = (ctype * n)()
    call(buffer, n)
    return list(buffer)


def levels(result) -> List[str]:
    """Ids of the model's unit levels, lowest first ([] without a "units" section)."""
    library, handle = _native.lib(), result.handle
    return [library.civiscore_result_rollup_level_id(handle, i)
            for i in range(library.civiscore_result_rollup_level_count(handle))]


def _level_index(result, level: str) -> int:
    known = levels(result)
    if level not in known:
        raise errors.InvalidArgumentError(
            f"no unit level '{level}': the model declares {known or 'none (no units section)'}",
            errors.ERROR_INVALID_ARGUMENT)
    return known.index(level)


def table(result, level: str) -> Dict[str, list]:
    """The groups of `level` as a dict of equal-length columns: group, parent, rank, rank_in_parent,
    grade, units, scored, unscored, no_weight, weight, then one score column per (kept) node (model order).
    Missing scores, ranks, parents and grades are None."""
    library, handle = _native.lib(), result.handle
    li = _level_index(result, level)
    n = library.civiscore_result_rollup_group_count(handle, li)
    groups = [library.civiscore_result_rollup_group_id(handle, li, g) for g in range(n)]
    parents: List[Optional[str]] = []
    for g in range(n):
        p = library.civiscore_result_rollup_group_parent(handle, li, g)
        parents.append(None if p < 0 else library.civiscore_result_rollup_group_id(handle, li + 1, p))
    ranks = _array(c_int64, n, lambda b, k: library.civiscore_result_rollup_ranks(handle, li, b, k))
    in_parent = _array(c_int64, n, lambda b, k: library.civiscore_result_rollup_ranks_in_parent(handle, li, b, k))
    grade_index = _array(c_int, n, lambda b, k: library.civiscore_result_rollup_grades(handle, li, b, k))
    labels = result.model.grade_labels
    out: Dict[str, list] = {
        "group": groups,
        "parent": parents,
        "rank": [r if r > 0 else None for r in ranks],
        "rank_in_parent": [r if r > 0 else None for r in in_parent],
        "grade": [None if g < 0 else labels[g] for g in grade_index],
    }
    for name, kind in _COUNTS.items():
        out[name] = _array(c_int64, n, lambda b, k, kind=kind: library.civiscore_result_rollup_counts(handle, li, kind, b, k))
    out["weight"] = _array(c_double, n, lambda b, k: library.civiscore_result_rollup_weights(handle, li, b, k))
    for node, node_id in enumerate(result.node_ids):
        if not result.kept(node_id):
            continue  # scored with keep: only the kept nodes' means were computed
        values = _array(c_double, n, lambda b, k, node=node: library.civiscore_result_rollup_scores(handle, li, node, b, k))
        out[node_id] = [None if math.isnan(v) else v for v in values]
    return out


def frame(result, level: str):
    """`table` as a pandas DataFrame indexed by the group label (named after the level); rank,
    rank_in_parent nullable Int64."""
    import pandas

    columns = table(result, level)
    groups = columns.pop("group")
    df = pandas.DataFrame(columns, index=pandas.Index(groups, name=level))
    for name in ("rank", "rank_in_parent"):
        df[name] = df[name].astype("Int64")
    return df


def ranks_in(result, level: str) -> List[Optional[int]]:
    """Every unit's rank within its group at `level` (data order); None = unranked or no group."""
    library, handle = _native.lib(), result.handle
    li = _level_index(result, level)
    n = len(result)
    return [r if r > 0 else None
            for r in _array(c_int64, n, lambda b, k: library.civiscore_result_unit_ranks_in(handle, li, b, k))]


def groups_in(result, level: str) -> List[Optional[str]]:
    """Every unit's group at `level` (data order); None where the unit's level cell is missing."""
    library, handle = _native.lib(), result.handle
    li = _level_index(result, level)
    index = _array(c_int64, len(result), lambda b, k: library.civiscore_result_unit_groups(handle, li, b, k))
    return [None if g < 0 else library.civiscore_result_rollup_group_id(handle, li, g) for g in index]


def to_string(result, format: str = "json") -> str:
    """All roll-up tables as "json", "csv" (one row per level and group) or "table"."""
    codes = {"json": _native.FORMAT_JSON, "csv": _native.FORMAT_CSV, "table": _native.FORMAT_TABLE}
    if format not in codes:
        raise errors.InvalidArgumentError(f"format must be json, csv or table, not {format!r}",
                                          errors.ERROR_INVALID_ARGUMENT)
    library, handle = _native.lib(), result.handle
    return _native.read_snprintf(
        lambda buf, cap, out_len: library.civiscore_result_rollup_write_string(handle, codes[format], buf, cap, out_len))


def unit_columns(model) -> List[str]:
    """The data columns a model's "units" section reads: level columns, then the weight column."""
    library, handle = _native.lib(), model.handle
    columns = [library.civiscore_model_unit_level_column(handle, i)
               for i in range(library.civiscore_model_unit_level_count(handle))]
    weight = library.civiscore_model_unit_weight_column(handle)
    return columns + ([weight] if columns and weight else [])


def dataframe_dataset(model, data, unit_ids, id_column: Optional[str]):
    """A Dataset for a model with unit levels given a pandas DataFrame, or None otherwise. Level
    columns are text, which the numeric matrix path cannot carry, so the DataFrame's id, input, level
    and weight columns go through the library's CSV reader (floats written in their round-trip form)."""
    pandas = __import__("sys").modules.get("pandas")
    if pandas is None or not isinstance(data, pandas.DataFrame):
        return None
    extra = unit_columns(model)
    if not extra:
        return None
    from .dataset import DEFAULT_ID_COLUMN, Dataset

    id_name = id_column or DEFAULT_ID_COLUMN
    missing = [c for c in extra if c not in data.columns]
    if missing:
        raise errors.DataError(f"the DataFrame has no column {missing[0]!r}, which the model's units section reads",
                               errors.ERROR_DATA)
    if unit_ids is not None:
        ids = [str(u) for u in unit_ids]
    elif id_name in data.columns:
        ids = [str(u) for u in data[id_name]]
    else:
        ids = [str(u) for u in data.index]
    wanted = [c for c in dict.fromkeys(list(model.input_columns) + extra) if c in data.columns and c != id_name]
    frame = data[wanted].copy()
    for c in wanted:
        if pandas.api.types.is_bool_dtype(frame[c].dtype):
            frame[c] = frame[c].astype("float64")
    frame.insert(0, id_name, ids)
    return Dataset.parse_csv(frame.to_csv(index=False), id_name)
