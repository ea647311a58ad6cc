"""civiscore: score hierarchical indicator systems (composite indicators, 三社联动 assessments).

A ctypes binding over the C ABI of libciviscore (include/civiscore.h); standard library only, with
numpy and pandas used when installed::

    import civiscore
    with civiscore.Model.from_file("model.json") as model:
        result = model.score("units.csv")
        print(result.to_table())

Fitting on data split into chunks or partitions: `civiscore.Partial`; on Dask: `civiscore.dask`
(imported on its own, `import civiscore.dask`, so this package never needs Dask).

The shared library is found through $CIVISCORE_LIBRARY, next to this package, or in a build tree
above it (build/lib); see `library_path()`.
"""

from ._native import PACKAGE_VERSION as __version__
from .assess import Assessment, Plan, assess
from .check import CheckReport
from .dataset import Dataset
from .errors import (DataError, Error, FileError, FittedStateError, InternalError,
                     InvalidArgumentError, LibraryError, ModelError, OutOfMemoryError)
from .fitted import Fitted
from .link import Linked, link
from .logs import DerivedLogs, derive_logs
from .model import Model, Node
from .partial import Partial
from .result import Result
from .scorer import Scorer
from .report import report_html, write_report, xlsx_supported
from . import methods
from . import periods
from .periods import read_csv, rollup_periods
from . import analysis

__all__ = [
    "__version__", "library_path", "library_version",
    "Model", "Node", "Plan", "Assessment", "assess", "CheckReport", "Fitted", "Partial", "Result", "Scorer", "Dataset",
    "write_report", "report_html", "xlsx_supported", "methods", "periods", "read_csv", "rollup_periods", "analysis", "link", "Linked", "derive_logs", "DerivedLogs",
    "Error", "LibraryError", "InvalidArgumentError", "ModelError", "DataError", "FileError",
    "OutOfMemoryError", "FittedStateError", "InternalError",
]


def library_path() -> str:
    """Path of the loaded shared library (loading it if needed)."""
    from . import _native

    return _native.lib().path


def library_version() -> str:
    """The shared library's run-time version string, "MAJOR.MINOR.PATCH"."""
    from . import _native

    return _native.lib().civiscore_version_string()
