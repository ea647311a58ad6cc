"""Stand-alone methods on a matrix: normalisation, weights, AHP, means and MCDA ranking.

The same code the engine runs, through the C ABI (`civiscore_methods_*`). Matrices are units (rows)
x criteria (columns): a numpy array or a list of rows. `types` is None (all benefit) or one 1
(benefit) / -1 (cost) per column. Options are keyword arguments, sent to the library as a JSON
object; an unknown option raises `civiscore.InvalidArgumentError` naming it. Method names are the
same strings as in C++ and C (see docs/methods.md)::

    import civiscore.methods as cm
    cm.weights("entropy", X)
    cm.ahp([[1, 3], [1/3, 1]])["cr"]
    cm.rank("topsis", X, [0.5, 0.5], [1, -1], normalisation="vector")["ranks"]

Results are numpy arrays when numpy is installed, lists otherwise.
"""

from __future__ import annotations

import ctypes
import json
import math
from ctypes import c_double, c_int, c_int64, c_size_t
from typing import Any, Dict, List, Optional, Sequence

from . import _native, errors

__all__ = ["normalize", "normalise", "weights", "rank", "aggregate", "ahp"]


def _numpy():
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _matrix(X) -> tuple:
    """Row-major doubles of X (None -> NaN) with its shape; X is 2-D."""
    numpy = _numpy()
    if numpy is not None and isinstance(X, numpy.ndarray):
        if X.ndim != 2:
            raise errors.InvalidArgumentError(f"X must be 2-D (got {X.ndim}-D)", _native_error())
        rows, cols = X.shape
        flat = [float(v) for v in numpy.ascontiguousarray(X, dtype=numpy.float64).ravel()]
    else:
        rows_list = [list(row) for row in X]
        rows = len(rows_list)
        cols = len(rows_list[0]) if rows else 0
        for i, row in enumerate(rows_list):
            if len(row) != cols:
                raise errors.InvalidArgumentError(
                    f"X row {i} has {len(row)} values, row 0 has {cols}", _native_error())
        flat = [math.nan if v is None else float(v) for row in rows_list for v in row]
    return (c_double * len(flat))(*flat), rows, cols


def _native_error() -> int:
    return errors.ERROR_INVALID_ARGUMENT


def _doubles(values, n: Optional[int] = None):
    flat = [math.nan if v is None else float(v) for v in values]
    if n is not None and len(flat) != n:
        raise errors.InvalidArgumentError(f"expected {n} values, got {len(flat)}", _native_error())
    return (c_double * len(flat))(*flat)


def _types(types, cols: int):
    if types is None:
        return None
    values = [int(t) for t in types]
    if len(values) != cols:
        raise errors.InvalidArgumentError(
            f"{len(values)} types for {cols} columns", _native_error())
    return (c_int * cols)(*values)


def _options(options: Dict[str, Any]) -> bytes:
    def plain(value):
        numpy = _numpy()
        if numpy is not None and isinstance(value, numpy.ndarray):
            return value.tolist()
        if isinstance(value, float) and math.isinf(value):
            return "inf" if value > 0 else "-inf"
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return json.dumps({k: plain(v) for k, v in options.items()}).encode("utf-8")


def _array(values, integer: bool = False):
    numpy = _numpy()
    if numpy is None:
        return list(values)
    return numpy.array(list(values), dtype=numpy.int64 if integer else numpy.float64)


def _text(call) -> str:
    """Call `call(buf, cap, out_len)` twice: learn the length, then fill (snprintf semantics)."""
    length = c_size_t(0)
    call(None, 0, length)
    buffer = ctypes.create_string_buffer(length.value + 1)
    call(buffer, length.value + 1, length)
    return buffer.value.decode("utf-8")


def normalize(method: str, X, types: Optional[Sequence[int]] = None, **options):
    """Normalise each column of X; returns a rows x cols matrix (list of rows without numpy).

    Methods: min_max, z_score, distance_to_target, distance_to_best, rank, percentile_rank, vector,
    sum, max, log_min_max, categorical. Options: lo, hi, mean, sd, population_sd, targets, cap,
    ties, categories.
    """
    data, rows, cols = _matrix(X)
    out = (c_double * (rows * cols))()
    _native.lib().civiscore_methods_normalize(
        method.encode("utf-8"), data, rows, cols, _native.ROW_MAJOR, _types(types, cols),
        _options(options), out, rows * cols)
    flat = list(out)
    numpy = _numpy()
    if numpy is not None:
        return numpy.array(flat, dtype=numpy.float64).reshape(rows, cols)
    return [[None if math.isnan(v) else v for v in flat[i * cols:(i + 1) * cols]]
            for i in range(rows)]


normalise = normalize


def weights(method: str, X, types: Optional[Sequence[int]] = None, *, report: bool = False,
            **options):
    """Weights of the criteria of X (sum 1). With report=True, returns (weights, report dict),
    e.g. the game-theory alpha or PCA eigenvalues."""
    data, rows, cols = _matrix(X)
    out = (c_double * cols)()
    library = _native.lib()
    encoded = _options(options)
    text = _text(lambda buf, cap, length: library.civiscore_methods_weights(
        method.encode("utf-8"), data, rows, cols, _native.ROW_MAJOR, _types(types, cols), encoded,
        out, cols, buf, cap, length))
    result = _array(out)
    return (result, json.loads(text)) if report else result


def rank(method: str, X, weights: Sequence[float], types: Optional[Sequence[int]] = None,
         **options) -> Dict[str, Any]:
    """Rank the rows of X: a dict with "scores", "ranks" (1 = best) and the method's details
    (VIKOR "S", "R", "Q", "compromise"; fuzzy "B"; TOPSIS "d_plus", "d_minus", ...)."""
    data, rows, cols = _matrix(X)
    w = _doubles(weights, cols)
    scores = (c_double * rows)()
    ranks = (c_int64 * rows)()
    library = _native.lib()
    encoded = _options(options)
    text = _text(lambda buf, cap, length: library.civiscore_methods_rank(
        method.encode("utf-8"), data, rows, cols, _native.ROW_MAJOR, w, _types(types, cols),
        encoded, scores, ranks, rows, buf, cap, length))
    result = json.loads(text)
    result["scores"] = _array(scores)
    result["ranks"] = _array(ranks, integer=True)
    return result


def aggregate(method: str, x: Sequence[float], w: Optional[Sequence[float]] = None,
              **options) -> float:
    """Weighted mean of x: arithmetic, geometric, harmonic, power (p=...), median, minimum,
    maximum. None/NaN values are dropped with their weights; all missing gives NaN."""
    values = list(x)
    xs = _doubles(values)
    ws = None if w is None else _doubles(w, len(values))
    out = c_double(math.nan)
    _native.lib().civiscore_methods_aggregate(
        method.encode("utf-8"), xs, ws, len(values), _options(options), out)
    return out.value


def ahp(matrix, **options) -> Dict[str, Any]:
    """AHP priorities and consistency of a pairwise matrix (0 or None/NaN = missing judgement), or
    of a list of experts' matrices (group="aij" | "aip_geometric" | "aip_arithmetic").

    Returns a dict: weights, lambda_max, ci, cr, ri, ri_table, threshold, consistent, missing,
    completed (and experts for groups). Options: priority, ri_table, threshold, saaty_scale,
    tolerance, group, expert_weights."""
    numpy = _numpy()
    if numpy is not None and isinstance(matrix, numpy.ndarray):
        matrix = matrix.tolist()
    matrix = list(matrix)
    group = bool(matrix) and isinstance(matrix[0], (list, tuple)) and bool(matrix[0]) and \
        isinstance(matrix[0][0], (list, tuple))
    matrices = matrix if group else [matrix]
    n = len(matrices[0])
    flat: List[float] = []
    for e, m in enumerate(matrices):
        rows = [list(r) for r in m]
        if len(rows) != n or any(len(r) != n for r in rows):
            raise errors.InvalidArgumentError(f"matrix {e} is not {n} x {n}", _native_error())
        flat.extend(math.nan if v is None else float(v) for r in rows for v in r)
    data = (c_double * len(flat))(*flat)
    out = (c_double * n)()
    library = _native.lib()
    encoded = _options(options)
    text = _text(lambda buf, cap, length: library.civiscore_methods_ahp(
        data, len(matrices), n, encoded, out, n, buf, cap, length))
    report = json.loads(text)
    report["weights"] = _array(out)
    report["table"] = report["ri_table"]
    return report
