"""Single-unit scoring for online platforms: a `Scorer` is prepared once from a model and a fitted
state; `score(values)` then scores one unit through the C ABI without allocating in the library, and
gives exactly what batch scoring with the same fitted state gives that unit."""

from __future__ import annotations

import ctypes
import math
from ctypes import POINTER, c_double, c_int
from typing import Dict, Mapping, Optional, Sequence, Union

from . import _native
from ._handle import OwnedHandle
from .result import STATUS_NAMES


class UnitScore:
    """One unit's scores: `scores` (node id -> score, NaN = not scored), `coverage`, `status`,
    `grade` (label or None) and `total` (the root's score)."""

    __slots__ = ("scores", "coverage", "status", "grade")

    def __init__(self, scores: Dict[str, float], coverage: Dict[str, float], status: str, grade: Optional[str]):
        self.scores, self.coverage, self.status, self.grade = scores, coverage, status, grade

    @property
    def total(self) -> float:
        return next(iter(self.scores.values()))

    def __repr__(self) -> str:
        return f"UnitScore(total={self.total:.6g}, status={self.status!r}, grade={self.grade!r})"


class Scorer(OwnedHandle):
    """Scores one unit at a time with a fitted state: `Scorer(model, fitted)`.

    Refused (InvalidArgumentError naming the node) for models that cannot be scored unit by unit
    (data treatment, whole-column normalisers, deduction rules, non-arithmetic aggregation, MCDA).
    Safe to use from many threads at once."""

    _free_function = "civiscore_scorer_free"
    _kind = "scorer"

    def __init__(self, model, fitted) -> None:
        out = _native.null_handle()
        _native.lib().civiscore_scorer_new(model.handle, fitted.handle, ctypes.byref(out))
        super().__init__(out)
        self._model = model
        self._columns = model.input_columns
        self._nodes = model.node_ids
        self._values = (c_double * len(self._columns))()
        self._scores = (c_double * len(self._nodes))()
        self._coverage = (c_double * len(self._nodes))()

    @property
    def model(self):
        return self._model

    def score_into(self, values, scores, coverage) -> tuple:
        """The fast path: `values` (ctypes double array or a float64 numpy array of the input columns,
        in `model.input_columns` order, NaN = missing) scored into the preallocated `scores` and
        `coverage` arrays (one per node). Returns (status code, grade index or -1)."""
        status, grade = c_int(), c_int()
        _native.lib().civiscore_scorer_score(self.handle, _doubles(values), len(self._columns), _doubles(scores),
                                             _doubles(coverage), len(self._nodes), ctypes.byref(status),
                                             ctypes.byref(grade))
        return status.value, grade.value

    def score(self, values: Union[Sequence[Optional[float]], Mapping[str, Optional[float]]]) -> UnitScore:
        """Score one unit given its values as a sequence in `model.input_columns` order or a mapping
        by column id (absent keys and None are missing)."""
        if isinstance(values, Mapping):
            unknown = set(values) - set(self._columns)
            if unknown:
                from . import errors
                raise errors.InvalidArgumentError(
                    f"unknown input column(s) {sorted(unknown)}; the model reads {self._columns}",
                    errors.ERROR_INVALID_ARGUMENT)
            row = [values.get(c) for c in self._columns]
        else:
            row = list(values)
        if len(row) != len(self._columns):
            from . import errors
            raise errors.InvalidArgumentError(
                f"{len(row)} values given, the model reads {len(self._columns)} input columns",
                errors.ERROR_INVALID_ARGUMENT)
        for i, v in enumerate(row):
            self._values[i] = math.nan if v is None else float(v)
        status, grade = self.score_into(self._values, self._scores, self._coverage)
        labels = self._model.grade_labels
        return UnitScore(dict(zip(self._nodes, list(self._scores))), dict(zip(self._nodes, list(self._coverage))),
                         STATUS_NAMES.get(status, f"status {status}"), labels[grade] if grade >= 0 else None)


def _doubles(a):
    if isinstance(a, ctypes.Array):
        return ctypes.cast(a, POINTER(c_double))
    # numpy float64, C-contiguous: pass its buffer without copying.
    if getattr(a, "dtype", None) is None or str(a.dtype) != "float64" or not a.flags["C_CONTIGUOUS"]:
        from . import errors
        raise errors.InvalidArgumentError("score_into needs ctypes double arrays or C-contiguous float64 numpy arrays",
                                          errors.ERROR_INVALID_ARGUMENT)
    return a.ctypes.data_as(POINTER(c_double))
