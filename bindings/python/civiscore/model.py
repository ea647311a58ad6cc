"""The indicator model: load, inspect, fit and score."""

from __future__ import annotations

import ctypes
import math
import operator
import threading
from typing import Dict, List, NamedTuple, Optional, Tuple

from . import _native, errors
from ._handle import OwnedHandle
from .dataset import make_dataset
from .fitted import Fitted
from .result import Result


class Node(NamedTuple):
    """One node of the tree, in model order (pre-order: the root first)."""

    index: int
    id: str
    name: str
    parent: Optional[str]  # the parent's id; None for the root
    level: int             # 0 for the root
    is_indicator: bool


def _threads(threads) -> int:
    count = operator.index(threads)
    if count < 0:
        raise errors.InvalidArgumentError(f"threads must be >= 0 (0 = all cores), not {count}",
                                          errors.ERROR_INVALID_ARGUMENT)
    return count


class Model(OwnedHandle):
    """A validated, immutable indicator model (docs/model-format.md).

    Build with `Model.from_file(path)` or `Model.from_json(text)`; a `ModelError` lists every problem
    with its JSON pointer. Safe to share between threads. Use `with` or `close()` to free it early;
    results and fitted states made from it stay usable after it is closed.
    """

    _free_function = "civiscore_model_free"
    _kind = "model"

    def __init__(self, handle) -> None:
        super().__init__(handle)
        # The model is immutable: read its description once instead of crossing into C per access.
        library = _native.lib()
        self._id = library.civiscore_model_id(handle)
        self._name = library.civiscore_model_name(handle)
        self._sha256 = library.civiscore_model_sha256(handle)
        node_count = library.civiscore_model_node_count(handle)
        ids = [library.civiscore_model_node_id(handle, i) for i in range(node_count)]
        nodes = []
        for i in range(node_count):
            parent = library.civiscore_model_node_parent(handle, i)
            nodes.append(Node(i, ids[i], library.civiscore_model_node_name(handle, i),
                              None if parent < 0 else ids[parent],
                              library.civiscore_model_node_level(handle, i),
                              library.civiscore_model_node_is_indicator(handle, i) == 1))
        self._nodes: Tuple[Node, ...] = tuple(nodes)
        self._node_index = {node.id: node.index for node in nodes}
        self._indicator_ids = tuple(
            library.civiscore_model_indicator_id(handle, i)
            for i in range(library.civiscore_model_indicator_count(handle)))
        self._input_columns = tuple(
            library.civiscore_model_input_column(handle, i)
            for i in range(library.civiscore_model_input_column_count(handle)))
        self._grade_labels = tuple(
            library.civiscore_model_grade_label(handle, i)
            for i in range(library.civiscore_model_grade_count(handle)))
        self._grade_mins = tuple(library.civiscore_model_grade_min(handle, i)
                                 for i in range(len(self._grade_labels)))
        if any(math.isnan(value) for value in self._grade_mins):
            raise errors.InternalError("civiscore_model_grade_min failed: "
                                       + library.last_error_message(), errors.ERROR_INTERNAL)
        # The JSON the model was loaded from, so it can be pickled (e.g. to Dask workers).
        self._source: Optional[bytes] = None

    # --- construction -----------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path) -> "Model":
        """Load a model JSON file; FileError if unreadable, ModelError if invalid."""
        out = _native.null_handle()
        _native.lib().civiscore_model_load_file(_native.encode(path), ctypes.byref(out))
        model = cls(out)
        try:
            with open(path, "rb") as source:
                model._source = source.read()
        except OSError:
            model._source = None  # loaded, but not picklable
        return model

    @classmethod
    def from_json(cls, text) -> "Model":
        """Load a model from JSON text (str or UTF-8 bytes); ModelError if invalid."""
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = _native.null_handle()
        _native.lib().civiscore_model_load_string(raw, len(raw), ctypes.byref(out))
        model = cls(out)
        model._source = raw
        return model

    def __reduce__(self):
        # A C handle cannot cross processes; the model's JSON can. The receiving side checks the hash,
        # so a file changed between loading and pickling is caught, not silently used.
        if self._source is None:
            raise errors.InvalidArgumentError(
                f"model '{self._id}' cannot be pickled: its JSON source is not available",
                errors.ERROR_INVALID_ARGUMENT)
        return (_unpickle_model, (self._source, self._sha256))

    # --- description ------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self._id

    @property
    def name(self) -> str:
        return self._name

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the canonical JSON: the same for any formatting of the same model."""
        return self._sha256

    @property
    def nodes(self) -> List[Node]:
        return list(self._nodes)

    @property
    def node_ids(self) -> List[str]:
        return [node.id for node in self._nodes]

    @property
    def node_names(self) -> List[str]:
        return [node.name for node in self._nodes]

    @property
    def node_parents(self) -> List[Optional[str]]:
        return [node.parent for node in self._nodes]

    @property
    def node_levels(self) -> List[int]:
        return [node.level for node in self._nodes]

    @property
    def indicator_ids(self) -> List[str]:
        return list(self._indicator_ids)

    @property
    def input_columns(self) -> List[str]:
        """The data columns the model reads, in the order positional data (arrays, rows) must use."""
        return list(self._input_columns)

    @property
    def grade_labels(self) -> List[str]:
        return list(self._grade_labels)

    @property
    def grade_thresholds(self) -> Dict[str, float]:
        """Lowest root score of each grade band, best first; -inf for a catch-all last band. A score
        gets the first band it reaches (allowing 1e-9 relative for rounding of sums)."""
        return dict(zip(self._grade_labels, self._grade_mins))

    def node_index(self, node_id: str) -> int:
        """Position of a node in model order; InvalidArgumentError for an unknown id."""
        try:
            return self._node_index[node_id]
        except KeyError:
            raise errors.InvalidArgumentError(
                f"model '{self._id}' has no node '{node_id}'", errors.ERROR_INVALID_ARGUMENT) from None

    # --- fit and score ----------------------------------------------------------------------------

    def fit(self, data, unit_ids=None, threads: int = 0, id_column: Optional[str] = None) -> Fitted:
        """Learn the data-dependent parameters (min/max, mean/sd) from `data`; see `score` for the
        accepted data. Results do not depend on `threads` (0 = all cores)."""
        n_threads = _threads(threads)
        dataset = make_dataset(data, self._input_columns, unit_ids, id_column)
        try:
            out = _native.null_handle()
            _native.lib().civiscore_fit(self.handle, dataset.handle, n_threads, ctypes.byref(out))
            return Fitted(out, self)
        finally:
            if dataset is not data:
                dataset.close()

    def score(self, data, fitted: Optional[Fitted] = None, unit_ids=None, threads: int = 0,
              id_column: Optional[str] = None, keep=None) -> Result:
        """Score every unit of `data`.

        `data` is a 2-D numpy array or a list of rows (columns = `input_columns`, in order), a pandas
        DataFrame or a dict of columns (by column id, any order, extra columns ignored), a CSV path
        (its `id_column`, default "unit_id", names the units) or a `civiscore.Dataset`. Unit ids come
        from `unit_ids`, else an "unit_id" column/key, else the DataFrame index; otherwise "1", "2", ...
        Without `fitted`, the model is fitted on `data` first.

        `keep` (None = every node) keeps only some nodes' scores, for large runs that need the index
        and perhaps its dimensions: a string of comma-separated node ids and the words "all",
        "groups", "indicators", "depth:N" ("depth:1" = the root and its dimensions), or a list of
        node ids and such words. The root is always kept; statuses, ranks and grades are unchanged
        (civiscore/keep.py).
        """
        n_threads = _threads(threads)
        from .keep import options_json
        options = options_json(keep)  # a wrong type fails before the data is converted
        if fitted is not None and not isinstance(fitted, Fitted):
            raise errors.InvalidArgumentError(
                f"fitted must be a civiscore.Fitted, not {type(fitted).__name__}",
                errors.ERROR_INVALID_ARGUMENT)
        from .rollup import dataframe_dataset  # a DataFrame's street/district text columns
        dataset = (dataframe_dataset(self, data, unit_ids, id_column)
                   or make_dataset(data, self._input_columns, unit_ids, id_column))
        try:
            out = _native.null_handle()
            if options is None:
                _native.lib().civiscore_score(self.handle, None if fitted is None else fitted.handle,
                                              dataset.handle, n_threads, ctypes.byref(out))
            else:
                _native.lib().civiscore_score_opts(self.handle, None if fitted is None else fitted.handle,
                                                   dataset.handle, _native.encode(options), n_threads,
                                                   ctypes.byref(out))
            return Result(out, self)
        finally:
            if dataset is not data:
                dataset.close()

    def check(self, data, period_column: Optional[str] = None, sample=None, seed: Optional[int] = None,
              stratify: Optional[str] = None, sample_size: Optional[int] = None, threads: int = 0,
              columns=None, unit_ids=None, id_column: Optional[str] = None):
        """Data-quality checks (docs/checks.md) on `data`, as `civiscore check`: a `CheckReport`.

        `data` as in `score`, but read whole: every column (verification, relation, period and
        stratify columns too) and, with a period column, one row per unit and period. Numpy arrays
        and lists of rows need `columns` unless they hold exactly `input_columns`. `sample` (a share,
        or True for the model's) or `sample_size` choose a verification sample, with `seed` and
        `stratify`; the other options default to the model's "checks" section."""
        from .check import CheckReport

        return CheckReport.run(self, data, period_column, sample, seed, stratify, sample_size,
                               threads, columns, unit_ids, id_column)

    def fitted_from_json(self, text) -> Fitted:
        return Fitted.from_json(self, text)

    def partial(self, data, unit_ids=None, threads: int = 0, id_column: Optional[str] = None):
        """Mergeable fit statistics of one chunk of data: see `civiscore.Partial`."""
        from .partial import Partial

        return Partial.compute(self, data, unit_ids, threads, id_column)

    def partial_from_json(self, text):
        from .partial import Partial

        return Partial.from_json(self, text)

    # --- display ----------------------------------------------------------------------------------

    def tree(self) -> str:
        """The tree, one node per line, indented by level; indicators marked with '*'."""
        lines = []
        for node in self._nodes:
            marker = "* " if node.is_indicator else ""
            label = node.id if node.name == node.id else f"{node.id}  {node.name}"
            lines.append(f"{'  ' * node.level}{marker}{label}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        state = " (closed)" if self.closed else ""
        header = (f"<civiscore.Model '{self._id}' {self._name}{state}: {len(self._nodes)} nodes, "
                  f"{len(self._indicator_ids)} indicators, sha256 {self._sha256[:12]}>")
        return header + "\n" + self.tree()

    def __eq__(self, other) -> bool:
        return isinstance(other, Model) and other._sha256 == self._sha256

    def __hash__(self) -> int:
        return hash(self._sha256)


# Unpickled models by hash: a Dask worker receiving the same model with every task loads it once.
_unpickled: Dict[str, Model] = {}
_unpickled_lock = threading.Lock()


def _unpickle_model(source: bytes, sha256: str) -> Model:
    with _unpickled_lock:
        model = _unpickled.get(sha256)
        if model is None or model.closed:
            model = Model.from_json(source)
            if model.sha256 != sha256:
                raise errors.ModelError(
                    f"the pickled model's JSON has SHA-256 {model.sha256}, not {sha256}: its file "
                    "changed after it was loaded", errors.ERROR_MODEL)
            _unpickled[sha256] = model
    return model
