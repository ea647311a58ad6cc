"""How much to trust a ranking (docs/sensitivity.md): uncertainty analysis, Sobol sensitivity indices
and the statistical audit of an index, computed by libciviscore (civiscore_analysis_* and
civiscore_sobol_* in civiscore.h), the same engine as `civiscore analyze`.

    import civiscore
    from civiscore import analysis
    model = civiscore.Model.from_file("examples/asem/model.json")
    spec = {"seed": 1, "replications": 1000,
            "uncertain": [{"type": "weights", "node": "*", "percent": 25}]}
    a = analysis.analyze(model, "examples/asem/ASEM_iData.csv", spec, id_column="uCode")
    a.units()            # one row per unit: rank and score percentiles, grade probabilities
    a.audit["levels"]    # correlation matrices and Cronbach's alpha per level

    # Sobol indices of any function of k uniforms on (0, 1)
    s = analysis.sobol(lambda X: X[:, 0] + 2 * X[:, 1], k=2, n=4096)
    s["first"], s["total"]

Results are numpy arrays / pandas DataFrames when those are installed, lists and dicts otherwise;
the module itself needs only the standard library.
"""

from __future__ import annotations

import ctypes
import json
import math
from ctypes import c_double, c_size_t
from typing import Any, Callable, Dict, List, Optional, Union

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import make_dataset

__all__ = ["Analysis", "analyze", "sobol", "sobol_sample", "sobol_indices"]


def _numpy():
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _pandas():
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def _invalid(message: str) -> errors.InvalidArgumentError:
    return errors.InvalidArgumentError(message, errors.ERROR_INVALID_ARGUMENT)


def _array(values: List[float]):
    numpy = _numpy()
    return values if numpy is None else numpy.array(values, dtype=numpy.float64)


def _count(value, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _invalid(f"{name} must be an integer >= {minimum}, got {value!r}")
    return value


class Analysis(OwnedHandle):
    """The outcome of one analysis run; immutable. Free it with `close()` or `with`."""

    _free_function = "civiscore_analysis_free"
    _kind = "analysis"

    def __init__(self, handle, model) -> None:
        super().__init__(handle)
        self._model = model
        self._dict: Optional[Dict[str, Any]] = None

    def _text(self, fmt: int) -> str:
        library = _native.lib()
        return _native.read_snprintf(
            lambda buf, cap, out: library.civiscore_analysis_write_string(self.handle, fmt, buf, cap, out))

    def to_json(self) -> str:
        """Everything, as `civiscore analyze --format json` prints it."""
        return self._text(_native.FORMAT_JSON)

    def to_csv(self) -> str:
        """The per-unit uncertainty table, as `civiscore analyze --format csv` prints it."""
        return self._text(_native.FORMAT_CSV)

    def to_dict(self) -> Dict[str, Any]:
        if self._dict is None:
            self._dict = json.loads(self.to_json())
        return self._dict

    @property
    def unit_count(self) -> int:
        return int(_native.lib().civiscore_analysis_unit_count(self.handle))

    def _four(self, function: str) -> Dict[str, Any]:
        n = self.unit_count
        arrays = [(c_double * n)() for _ in range(4)]
        getattr(_native.lib(), function)(self.handle, *arrays, n)
        names = ("nominal", "p05", "median", "p95")
        return {name: _array(list(values)) for name, values in zip(names, arrays)}

    def rank_intervals(self) -> Dict[str, Any]:
        """Per unit (dataset order): nominal rank, 5th percentile, median, 95th percentile of the
        rank over the replications (NaN where never ranked)."""
        return self._four("civiscore_analysis_unit_ranks")

    def score_intervals(self) -> Dict[str, Any]:
        """Per unit: nominal score and the 5th percentile, median and 95th percentile of the score."""
        return self._four("civiscore_analysis_unit_scores")

    def units(self):
        """One row per unit (a DataFrame indexed by unit id with pandas, else a list of dicts)."""
        rows = []
        for u in self.to_dict().get("units", []):
            row = {"unit": u["unit"], "nominal_score": u["nominal_score"], "nominal_rank": u["nominal_rank"],
                   "nominal_grade": u["nominal_grade"], "ranked_replications": u["ranked_replications"]}
            for key in ("p05", "median", "p95", "mean"):
                row["rank_" + key] = u["rank"][key]
            for key in ("p05", "median", "p95"):
                row["score_" + key] = u["score"][key]
            for label, p in u["grade_probability"].items():
                row["p_" + label] = p
            rows.append({k: (math.nan if v is None else v) for k, v in row.items()})
        pandas = _pandas()
        if pandas is None:
            return rows
        return pandas.DataFrame(rows).set_index("unit") if rows else pandas.DataFrame(rows)

    @property
    def audit(self) -> Optional[Dict[str, Any]]:
        return self.to_dict().get("audit")

    @property
    def sobol(self) -> Optional[Dict[str, Any]]:
        return self.to_dict().get("sobol")

    @property
    def removal(self) -> Optional[List[Dict[str, Any]]]:
        return self.to_dict().get("removal")

    def audit_matrix(self, level: Optional[int] = None, node: Optional[str] = None, kind: str = "pearson"):
        """A correlation matrix of the audit: of the nodes at `level`, or of `node`'s children;
        a labelled DataFrame with pandas, else (labels, rows)."""
        audit = self.audit
        if audit is None:
            raise _invalid("this analysis ran no audit")
        if (level is None) == (node is None):
            raise _invalid("give exactly one of level= and node=")
        if kind not in ("pearson", "spearman"):
            raise _invalid(f"kind must be 'pearson' or 'spearman', got {kind!r}")
        if level is not None:
            found = [x for x in audit["levels"] if x["level"] == level]
            labels_key = "nodes"
        else:
            found = [x for x in audit["groups"] if x["node"] == node]
            labels_key = "children"
        if not found:
            raise _invalid(f"the audit has no {'level ' + str(level) if level is not None else 'group ' + repr(node)}")
        entry = found[0]
        labels = entry[labels_key]
        rows = [[math.nan if v is None else v for v in row] for row in entry[kind]]
        pandas = _pandas()
        if pandas is None:
            return labels, rows
        return pandas.DataFrame(rows, index=labels, columns=labels)


def analyze(model, data, spec: Union[str, Dict[str, Any]], threads: int = 0, unit_ids=None,
            id_column: Optional[str] = None) -> Analysis:
    """Fit `model` on `data`, score it and run the analysis `spec` (a dict or JSON text,
    docs/sensitivity.md). `data` as in `Model.score`. Results do not depend on `threads`."""
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise _invalid(f"threads must be an integer >= 0, got {threads!r}")
    text = spec if isinstance(spec, str) else json.dumps(spec)
    dataset = make_dataset(data, model._input_columns, unit_ids, id_column)
    try:
        out = _native.null_handle()
        _native.lib().civiscore_analysis_run(model.handle, dataset.handle, text.encode("utf-8"), threads,
                                             ctypes.byref(out))
        return Analysis(out, model)
    finally:
        if dataset is not data:
            dataset.close()


def sobol_sample(k: int, n: int, seed: int = 1):
    """The Saltelli design: n (k + 2) rows of k uniforms in (0, 1), blocks A, B, AB_1 .. AB_k
    (a numpy array with numpy, else a list of rows)."""
    _count(k, "k", 1)
    _count(n, "n", 1)
    _count(seed, "seed", 0)
    size = n * (k + 2) * k
    out = (c_double * size)()
    _native.lib().civiscore_sobol_sample(k, n, seed, out, size)
    numpy = _numpy()
    if numpy is not None:
        return numpy.frombuffer(out, dtype=numpy.float64).reshape(n * (k + 2), k).copy()
    flat = list(out)
    return [flat[r * k:(r + 1) * k] for r in range(n * (k + 2))]


def sobol_indices(y, k: int, n: int, bootstrap: int = 200, confidence: float = 0.95,
                  seed: int = 1) -> Dict[str, Any]:
    """Jansen first-order and total-effect indices from evaluations `y` on `sobol_sample(k, n)`'s
    rows, with bootstrap percentile intervals: {"first", "total", "first_ci", "total_ci"}."""
    _count(k, "k", 1)
    _count(n, "n", 2)
    _count(bootstrap, "bootstrap", 0)
    values = [float(v) for v in y]
    buffer = (c_double * len(values))(*values)
    first, total = (c_double * k)(), (c_double * k)()
    first_ci, total_ci = (c_double * (2 * k))(), (c_double * (2 * k))()
    _native.lib().civiscore_sobol_indices(buffer, len(values), k, n, bootstrap, float(confidence), seed,
                                          first, total, first_ci, total_ci)
    pairs = lambda a: [[a[2 * i], a[2 * i + 1]] for i in range(k)]  # noqa: E731
    numpy = _numpy()
    result = {"first": _array(list(first)), "total": _array(list(total)),
              "first_ci": pairs(first_ci), "total_ci": pairs(total_ci)}
    if numpy is not None:
        result["first_ci"] = numpy.array(result["first_ci"])
        result["total_ci"] = numpy.array(result["total_ci"])
    return result


def sobol(function: Callable, k: int, n: int, seed: int = 1, bootstrap: int = 200,
          confidence: float = 0.95, vectorized: bool = True) -> Dict[str, Any]:
    """Sobol indices of `function` of k independent U(0, 1) inputs (rescale inside the function).
    With numpy and `vectorized`, `function` gets the whole (n (k + 2)) x k design and returns one
    value per row; otherwise it is called once per row (a list of k floats)."""
    X = sobol_sample(k, n, seed)
    numpy = _numpy()
    if numpy is not None and vectorized:
        y = numpy.asarray(function(X), dtype=numpy.float64).ravel()
    else:
        y = [float(function(list(row))) for row in X]
    if len(y) != n * (k + 2):
        raise _invalid(f"the function returned {len(y)} values for {n * (k + 2)} rows")
    return sobol_indices(y, k, n, bootstrap, confidence, seed)
