"""Exceptions of civiscore: one class per C status code (include/civiscore.h).

The C library reports failures as an int status plus a thread-local message; the binding turns them
into these exceptions, so callers can catch one family (`civiscore.Error`) or one cause. Classes also
derive from the matching built-in exception where one exists, so code that already catches `OSError`
or `MemoryError` keeps working.
"""

from __future__ import annotations

from typing import Optional

# Frozen values from include/civiscore.h.
OK = 0
ERROR_INVALID_ARGUMENT = 1
ERROR_MODEL = 2
ERROR_DATA = 3
ERROR_IO = 4
ERROR_OUT_OF_MEMORY = 5
ERROR_FITTED = 6
ERROR_INTERNAL = 7


class Error(Exception):
    """Base class of every civiscore error; `.status` is the C status code (None when the failure
    happened before reaching the library, e.g. while loading it)."""

    status: Optional[int] = None

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message


class LibraryError(Error, ImportError):
    """The shared library could not be found or loaded, or its version does not match this package."""


class InvalidArgumentError(Error, ValueError):
    """A bad argument: wrong shape, unknown node, closed handle, out-of-range option."""

    status = ERROR_INVALID_ARGUMENT


class ModelError(Error):
    """The model JSON is unreadable or invalid; the message lists every problem with its JSON pointer."""

    status = ERROR_MODEL


class DataError(Error):
    """The data is unreadable or inconsistent with the model (missing column, duplicate unit, ...)."""

    status = ERROR_DATA


class FileError(Error, OSError):
    """A file could not be opened, read or written."""

    status = ERROR_IO


class OutOfMemoryError(Error, MemoryError):
    status = ERROR_OUT_OF_MEMORY


class FittedStateError(Error):
    """A fitted state is unreadable or was made for another model."""

    status = ERROR_FITTED


class InternalError(Error):
    """A bug in civiscore: please report it with the message."""

    status = ERROR_INTERNAL


_BY_STATUS = {
    cls.status: cls
    for cls in (InvalidArgumentError, ModelError, DataError, FileError, OutOfMemoryError,
                FittedStateError, InternalError)
}


def error_for_status(status: int, message: str) -> Error:
    """The exception for a non-zero C status; an unknown (newer) status still yields an `Error`."""
    cls = _BY_STATUS.get(status)
    if cls is None:
        return Error(message or f"civiscore status {status}", status)
    return cls(message or f"civiscore status {status}", status)
