"""Ownership of C handles: freed exactly once, by `close()`, `with`, or garbage collection.

`weakref.finalize` (rather than `__del__`) frees the handle: it runs at most once, survives reference
cycles, and also runs at interpreter exit while the library is still loaded.
"""

from __future__ import annotations

import weakref
from ctypes import c_void_p

from . import _native, errors


class OwnedHandle:
    """Base of the Python objects that own one C handle."""

    _free_function = ""  # name of the civiscore_*_free function for this handle type
    _kind = "handle"     # what to call it in messages

    def __init__(self, handle: c_void_p) -> None:
        if not handle:
            raise errors.InternalError(f"civiscore returned a NULL {self._kind}",
                                       errors.ERROR_INTERNAL)
        self._handle = handle
        free = getattr(_native.lib(), self._free_function)
        self._finalizer = weakref.finalize(self, free, handle)

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Free the C handle now; later use raises InvalidArgumentError. Calling twice is harmless."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        self.close()

    @property
    def handle(self) -> c_void_p:
        """The live C handle; raises if the object was closed (a freed handle must never reach C)."""
        if not self._finalizer.alive:
            raise errors.InvalidArgumentError(f"this civiscore {self._kind} has been closed",
                                              errors.ERROR_INVALID_ARGUMENT)
        return self._handle
