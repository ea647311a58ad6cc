"""Fitted states: what `Model.fit` learned from data, reusable to score new data on the same scale."""

from __future__ import annotations

import ctypes

from . import _native
from ._handle import OwnedHandle


class Fitted(OwnedHandle):
    """A fitted state for one model. Serialise with `to_json()`, restore with
    `Fitted.from_json(model, text)` (FittedStateError if it was made for another model)."""

    _free_function = "civiscore_fitted_free"
    _kind = "fitted state"

    def __init__(self, handle, model) -> None:
        super().__init__(handle)
        self._model = model

    @property
    def model(self):
        """The Model this state was fitted for."""
        return self._model

    @classmethod
    def from_json(cls, model, text) -> "Fitted":
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = _native.null_handle()
        _native.lib().civiscore_fitted_from_json(model.handle, raw, len(raw), ctypes.byref(out))
        return cls(out, model)

    def to_json(self) -> str:
        """The state as canonical JSON (sorted keys, no white space), stamped with the model SHA-256."""
        library, handle = _native.lib(), self.handle
        return _native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_fitted_to_json(handle, buf, cap, out_len))

    def __reduce__(self):
        # Crosses processes (Dask workers) as its model and its JSON; restored by from_json, which
        # checks that the state was made for that model.
        return (Fitted.from_json, (self._model, self.to_json()))

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the state's canonical JSON (what results carry as `fitted_sha256`)."""
        import hashlib

        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        state = " (closed)" if self.closed else ""
        return f"<civiscore.Fitted for model '{self._model.id}'{state}>"
