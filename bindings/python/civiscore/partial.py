"""Partial fit statistics: fit on data split into chunks (files, Dask partitions, machines).

`Partial.compute(model, chunk)` summarises one chunk; partials merge in any order (counts, minima and
maxima exactly; means and spreads by Chan et al.'s pairwise update, equal up to rounding); `finalize()`
turns the merged partial into the same `Fitted` state `Model.fit` learns from the whole data. A partial
crosses process boundaries as JSON (`to_json()` / `Partial.from_json`), bit for bit::

    partials = [civiscore.Partial.compute(model, chunk) for chunk in chunks]
    fitted = civiscore.Partial.merge_all(partials).finalize()
"""

from __future__ import annotations

import ctypes
from typing import Iterable, Optional

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import make_dataset
from .fitted import Fitted


def _threads(threads) -> int:
    from .model import _threads as check

    return check(threads)


class Partial(OwnedHandle):
    """Mergeable fit statistics of some units for one model. Immutable: `merge` returns a new one."""

    _free_function = "civiscore_partial_free"
    _kind = "partial"

    def __init__(self, handle, model) -> None:
        super().__init__(handle)
        self._model = model

    @property
    def model(self):
        """The Model these statistics were computed for."""
        return self._model

    @classmethod
    def compute(cls, model, data, unit_ids=None, threads: int = 0,
                id_column: Optional[str] = None) -> "Partial":
        """The partial statistics of one chunk of data (any input `Model.score` accepts)."""
        n_threads = _threads(threads)
        dataset = make_dataset(data, model.input_columns, unit_ids, id_column)
        try:
            out = _native.null_handle()
            _native.lib().civiscore_partial_compute(model.handle, dataset.handle, n_threads,
                                                    ctypes.byref(out))
            return cls(out, model)
        finally:
            if dataset is not data:
                dataset.close()

    @classmethod
    def from_json(cls, model, text) -> "Partial":
        """Read partial statistics written by `to_json()`; FittedStateError if they are malformed or
        were computed for another model."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = _native.null_handle()
        _native.lib().civiscore_partial_from_json(model.handle, raw, len(raw), ctypes.byref(out))
        return cls(out, model)

    def to_json(self) -> str:
        """Canonical JSON; doubles are written so that `from_json` reads back the same bits."""
        library, handle = _native.lib(), self.handle
        return _native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_partial_to_json(handle, buf, cap, out_len))

    def merge(self, other: "Partial") -> "Partial":
        """A new partial for the units of both; FittedStateError if computed for different models."""
        if not isinstance(other, Partial):
            raise errors.InvalidArgumentError(
                f"can only merge a civiscore.Partial, not {type(other).__name__}",
                errors.ERROR_INVALID_ARGUMENT)
        out = _native.null_handle()
        _native.lib().civiscore_partial_merge(self.handle, other.handle, ctypes.byref(out))
        return Partial(out, self._model)

    def __add__(self, other: "Partial") -> "Partial":
        return self.merge(other)

    @staticmethod
    def merge_all(partials: Iterable["Partial"]) -> "Partial":
        """Merge any number of partials (at least one) pairwise, as a balanced tree."""
        level = list(partials)
        if not level:
            raise errors.InvalidArgumentError("merge_all needs at least one partial",
                                              errors.ERROR_INVALID_ARGUMENT)
        while len(level) > 1:
            merged = [level[i].merge(level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                merged.append(level[-1])
            level = merged
        return level[0]

    def finalize(self) -> Fitted:
        """The fitted state these statistics determine (what `Model.fit` learns from the same units)."""
        out = _native.null_handle()
        _native.lib().civiscore_partial_finalize(self._model.handle, self.handle, ctypes.byref(out))
        return Fitted(out, self._model)

    @property
    def unit_count(self) -> int:
        """Units summarised, over every merged chunk."""
        return int(_native.lib().civiscore_partial_unit_count(self.handle))

    def __len__(self) -> int:
        return self.unit_count

    def __repr__(self) -> str:
        if self.closed:
            return "<civiscore.Partial (closed)>"
        return f"<civiscore.Partial for model '{self._model.id}': {self.unit_count} units>"
