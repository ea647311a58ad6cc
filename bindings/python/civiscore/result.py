"""Results of one scoring run: scores of every node for every unit, statuses, ranks and grades.

Arrays come from the library in one call each (never one call per unit) into buffers Python allocates:
numpy arrays when numpy is installed, plain lists otherwise, where missing values are None.
"""

from __future__ import annotations

import math
from ctypes import POINTER, byref, c_double, c_int, c_int64
from typing import Dict, List, Optional

from . import _native, errors
from ._handle import OwnedHandle

STATUS_NAMES = {_native.UNIT_OK: "ok", _native.UNIT_PARTIAL: "partial",
                _native.UNIT_UNSCORED: "unscored"}

_FORMATS = {"json": _native.FORMAT_JSON, "csv": _native.FORMAT_CSV, "table": _native.FORMAT_TABLE}

_numpy_module = None
_numpy_checked = False


def _numpy():
    """numpy if it can be imported, else None (checked once: import is not free)."""
    global _numpy_module, _numpy_checked
    if not _numpy_checked:
        try:
            import numpy
        except ImportError:
            numpy = None
        _numpy_module, _numpy_checked = numpy, True
    return _numpy_module


def _nan_to_none(values) -> list:
    return [None if math.isnan(value) else value for value in values]


def _ints(values) -> List[int]:
    """Python ints of a numpy array (in one call: comparing numpy scalars one by one took a second
    per 10^6 units) or of a list."""
    return values.tolist() if hasattr(values, "tolist") else [int(value) for value in values]


class Result(OwnedHandle):
    """Scores of every unit (rows, in data order) for every node (columns, in model order).

    A result scored with `keep` (Model.score) holds only the kept nodes (`kept_node_ids`): the
    matrix, numpy and pandas helpers have their columns only, and asking for another node's scores
    raises InvalidArgumentError naming it.
    """

    _free_function = "civiscore_result_free"
    _kind = "result"

    def __init__(self, handle, model) -> None:
        super().__init__(handle)
        library = _native.lib()
        self._model = model
        self._node_ids = model.node_ids
        self._n_units = library.civiscore_result_unit_count(handle)
        n_nodes = library.civiscore_result_node_count(handle)
        if n_nodes != len(self._node_ids):
            raise errors.InternalError(
                f"result has {n_nodes} nodes but model '{model.id}' has {len(self._node_ids)}",
                errors.ERROR_INTERNAL)
        self._unit_id_list: Optional[List[str]] = None  # read when first needed (_unit_ids)
        flag = c_int()
        self._kept = []
        for index in range(n_nodes):
            library.civiscore_result_node_kept(handle, index, byref(flag))
            self._kept.append(bool(flag.value))
        self._kept_indices = [index for index, kept in enumerate(self._kept) if kept]
        self._kept_ids = [self._node_ids[index] for index in self._kept_indices]
        self._model_sha256 = library.civiscore_result_model_sha256(handle)
        self._fitted_sha256 = library.civiscore_result_fitted_sha256(handle)
        self._cache: Dict[str, object] = {}

    @property
    def _unit_ids(self) -> List[str]:
        # Read on first use and in one call: many callers want only scores and ranks, and at 10^6
        # units a call per id took 0.7 s, five times the scoring.
        if self._unit_id_list is None:
            library, handle = _native.lib(), self.handle
            self._unit_id_list = _native.read_ids(
                lambda buf, cap, length: library.civiscore_result_unit_ids(handle, buf, cap, length),
                self._n_units)
        return self._unit_id_list

    # --- raw reads --------------------------------------------------------------------------------

    def _read(self, key: str, ctype, n: int, call):
        """Fill a buffer of `n` `ctype` with `call(pointer, n)`; cached, read-only when numpy."""
        if key in self._cache:
            return self._cache[key]
        numpy = _numpy()
        if numpy is not None:
            dtype = {c_double: numpy.float64, c_int: numpy.intc, c_int64: numpy.int64}[ctype]
            values = numpy.empty(n, dtype=dtype)
            call(values.ctypes.data_as(POINTER(ctype)), n)
            values.flags.writeable = False  # shared by every caller of the cache
        else:
            buffer = (ctype * n)()
            call(buffer, n)
            values = list(buffer)
        self._cache[key] = values
        return values

    def _require_kept(self, index: int) -> None:
        """InvalidArgumentError naming a node the result did not keep (clearer than the C message)."""
        if not self._kept[index]:
            raise errors.InvalidArgumentError(
                f"node {self._node_ids[index]!r} was not kept in this result (scored with keep=..., "
                f"keeping {', '.join(self._kept_ids)}); score again with a keep that includes it",
                errors.ERROR_INVALID_ARGUMENT)

    def _node_scores(self, index: int):
        self._require_kept(index)
        library, handle = _native.lib(), self.handle
        return self._read(f"scores:{index}", c_double, self._n_units,
                          lambda out, n: library.civiscore_result_node_scores(handle, index, out, n))

    def _node_coverage(self, index: int):
        self._require_kept(index)
        library, handle = _native.lib(), self.handle
        return self._read(f"coverage:{index}", c_double, self._n_units,
                          lambda out, n: library.civiscore_result_node_coverage(handle, index, out, n))

    def _column(self, values, integer_missing_zero: bool = False):
        """A per-unit column for the caller: the numpy array, or a fresh list with None for missing."""
        if _numpy() is not None:
            return values.copy()
        if integer_missing_zero:
            return [None if value == 0 else value for value in values]
        return _nan_to_none(values)

    # --- identity ---------------------------------------------------------------------------------

    @property
    def model(self):
        return self._model

    @property
    def unit_ids(self) -> List[str]:
        return list(self._unit_ids)

    @property
    def node_ids(self) -> List[str]:
        return list(self._node_ids)

    @property
    def model_sha256(self) -> str:
        return self._model_sha256

    @property
    def fitted_sha256(self) -> str:
        return self._fitted_sha256

    @property
    def kept_node_ids(self) -> List[str]:
        """The nodes whose scores the result holds, model order (every node unless scored with keep)."""
        return list(self._kept_ids)

    def kept(self, node_id: str) -> bool:
        """Whether the result holds `node_id`'s scores; InvalidArgumentError for an unknown id."""
        return self._kept[self._model.node_index(node_id)]

    def __len__(self) -> int:
        return self._n_units

    # --- values -----------------------------------------------------------------------------------

    @property
    def scores(self):
        """Units x nodes: a 2-D float64 numpy array (NaN = not scored), or a list of rows with None.
        The columns are `kept_node_ids` (every node unless scored with keep)."""
        if len(self._kept_ids) != len(self._node_ids):
            return self._kept_scores()
        library, handle = _native.lib(), self.handle
        n_nodes = len(self._node_ids)
        flat = self._read("scores", c_double, self._n_units * n_nodes,
                          lambda out, n: library.civiscore_result_scores(
                              handle, _native.ROW_MAJOR, out, n))
        if _numpy() is not None:
            return flat.reshape(self._n_units, n_nodes).copy()
        return [_nan_to_none(flat[i * n_nodes:(i + 1) * n_nodes]) for i in range(self._n_units)]

    def _kept_scores(self):
        """Units x kept nodes of a result scored with keep, one library call per kept node."""
        columns = [self._node_scores(index) for index in self._kept_indices]
        numpy = _numpy()
        if numpy is not None:
            return numpy.column_stack(columns)
        return [_nan_to_none(row) for row in zip(*columns)] if self._n_units else []

    def score(self, node_id: str):
        """The scores of one node for every unit; InvalidArgumentError for a node not kept."""
        return self._column(self._node_scores(self._model.node_index(node_id)))

    def node_coverage(self, node_id: str):
        """The coverage of one node for every unit (NaN/None where not applicable)."""
        return self._column(self._node_coverage(self._model.node_index(node_id)))

    @property
    def total(self):
        """The root's score for every unit."""
        return self._column(self._node_scores(0))

    @property
    def coverage(self):
        """The root's coverage for every unit: the weight share of indicators that had data."""
        return self._column(self._node_coverage(0))

    def _raw_ranks(self):
        library, handle = _native.lib(), self.handle
        return self._read("ranks", c_int64, self._n_units,
                          lambda out, n: library.civiscore_result_ranks(handle, out, n))

    @property
    def ranks(self):
        """1 = best, ties share the lowest rank. numpy: int64 with 0 = unranked; lists: None."""
        return self._column(self._raw_ranks(), integer_missing_zero=True)

    def _raw_statuses(self) -> List[int]:
        library, handle = _native.lib(), self.handle
        return _ints(self._read("statuses", c_int, self._n_units,
                                lambda out, n: library.civiscore_result_statuses(handle, out, n)))

    @property
    def statuses(self) -> List[str]:
        """"ok", "partial" (scored with some data missing) or "unscored" per unit."""
        return [STATUS_NAMES[value] if value in STATUS_NAMES else f"status {value}"
                for value in self._raw_statuses()]

    @property
    def grade_indices(self) -> List[Optional[int]]:
        """Index into `model.grade_labels` per unit; None for no grade."""
        library, handle = _native.lib(), self.handle
        raw = self._read("grades", c_int, self._n_units,
                         lambda out, n: library.civiscore_result_grades(handle, out, n))
        return [None if value < 0 else value for value in _ints(raw)]

    @property
    def grades(self) -> List[Optional[str]]:
        """Grade label per unit; None for no grade (unscored, or the model has no grades)."""
        labels = self._model.grade_labels
        return [None if index is None else labels[index] for index in self.grade_indices]

    @property
    def effective_weights(self) -> Dict[str, float]:
        """Effective weight of every indicator in the root score (sums to 1)."""
        library, handle = _native.lib(), self.handle
        indicators = self._model.indicator_ids
        raw = self._read("weights", c_double, len(indicators),
                         lambda out, n: library.civiscore_result_effective_weights(handle, out, n))
        return {indicator: float(weight) for indicator, weight in zip(indicators, raw)}

    # --- output -----------------------------------------------------------------------------------

    def to_string(self, format: str = "json") -> str:
        """The result as "json", "csv" or "table" (docs/output-formats.md)."""
        code = _format_code(format)
        library, handle = _native.lib(), self.handle
        # Room for a typical row (JSON's are longer): usually one pass of the writer, not two.
        per_unit = 64 + len(self._kept_ids) * (24 if format == "csv" else 96)
        return _native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_result_write_string(
                handle, code, buf, cap, out_len), guess=4096 + self._n_units * per_unit)

    def to_json(self) -> str:
        return self.to_string("json")

    def node_report(self) -> dict:
        """Per group: the weights used (AHP lambda_max/CI/CR and table, weights learned in fit),
        warnings, and the effective weight of every indicator (docs/methods.md)."""
        import json
        library, handle = _native.lib(), self.handle
        return json.loads(_native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_result_node_report_json(handle, buf, cap, out_len)))

    def treatments(self) -> list:
        """Every cell changed by imputation or outlier treatment: dicts with unit, indicator, raw
        (None when imputed), treated and reason."""
        import json
        library, handle = _native.lib(), self.handle
        return json.loads(_native.read_snprintf(
            lambda buf, cap, out_len: library.civiscore_result_treatments_json(handle, buf, cap, out_len)))

    # --- unit roll-ups (docs/units-and-links.md; civiscore/rollup.py) ------------------------------

    @property
    def rollup_levels(self) -> List[str]:
        """The model's unit levels, lowest first ("street", "district"); [] without a units section."""
        from . import rollup
        return rollup.levels(self)

    def rollup(self, level: str, form: str = "pandas"):
        """One row per group of `level`: parent, rank, rank_in_parent, grade, units, scored, unscored,
        no_weight, weight and the weighted mean score of every node. form "pandas" (a DataFrame
        indexed by group) or "dict" (equal-length columns, "group" first; no pandas needed)."""
        from . import rollup
        if form == "dict":
            return rollup.table(self, level)
        if form == "pandas":
            return rollup.frame(self, level)
        raise errors.InvalidArgumentError(f"form must be 'pandas' or 'dict', not {form!r}",
                                          errors.ERROR_INVALID_ARGUMENT)

    def ranks_in(self, level: str) -> List[Optional[int]]:
        """Each unit's rank within its group at `level` (its street, its district); None = unranked."""
        from . import rollup
        return rollup.ranks_in(self, level)

    def groups_in(self, level: str) -> List[Optional[str]]:
        """Each unit's group at `level`; None where its level cell is missing."""
        from . import rollup
        return rollup.groups_in(self, level)

    def rollup_string(self, format: str = "json") -> str:
        """Every level's table as "json", "csv" (one row per level and group) or "table"."""
        from . import rollup
        return rollup.to_string(self, format)

    def to_csv(self) -> str:
        return self.to_string("csv")

    def to_table(self) -> str:
        return self.to_string("table")

    def write(self, path, format: str = "json") -> None:
        """Write the result to a file (created or truncated); FileError if it cannot be written."""
        _native.lib().civiscore_result_write_file(self.handle, _format_code(format),
                                                  _native.encode(path))

    def to_numpy(self):
        """(scores, coverage): two units x nodes float64 arrays, filled by the library in place;
        the columns are `kept_node_ids`."""
        import numpy

        scores = self.scores
        coverage = numpy.empty_like(scores)
        for column, index in enumerate(self._kept_indices):
            coverage[:, column] = self._node_coverage(index)
        return scores, coverage

    def to_pandas(self, form: str = "wide"):
        """The result as a pandas DataFrame, in one of three forms (every node below means every
        kept node, `kept_node_ids`, for a result scored with keep):

        - "wide" (default): indexed by unit_id; columns status, the score of every node (model
          order), rank (nullable Int64, NA = unranked), grade (None = no grade), coverage (root).
        - "tidy": one row per unit and node: columns unit_id, node, level, score, coverage; units in
          data order, nodes in model order (for plotting and group-bys).
        - "multiindex": indexed by unit_id; column MultiIndex (quantity, node) with quantities
          "score" and "coverage" for every node, then ("status", ""), ("rank", ""), ("grade", "");
          `frame["score"]` is the wide score table, `frame["coverage"]` the coverage table.
        """
        import numpy
        import pandas

        if form not in ("wide", "tidy", "multiindex"):
            raise errors.InvalidArgumentError(
                f"unknown form {form!r}: use 'wide', 'tidy' or 'multiindex'",
                errors.ERROR_INVALID_ARGUMENT)
        index = pandas.Index(self._unit_ids, name="unit_id", dtype=object)
        raw_ranks = numpy.asarray(self._raw_ranks(), dtype=numpy.int64)
        ranks = pandas.array(raw_ranks, dtype="Int64")
        ranks[raw_ranks == 0] = pandas.NA
        if form == "wide":
            frame = pandas.DataFrame(self.scores, index=index, columns=self._kept_ids)
            # allow_duplicates: a node may well be called "rank" or "status".
            frame.insert(0, "status", self.statuses, allow_duplicates=True)
            frame.insert(len(frame.columns), "rank", ranks, allow_duplicates=True)
            frame.insert(len(frame.columns), "grade", self.grades, allow_duplicates=True)
            frame.insert(len(frame.columns), "coverage", numpy.asarray(self._node_coverage(0)),
                         allow_duplicates=True)
            return frame
        scores, coverage = self.to_numpy()
        if form == "tidy":
            n_nodes = len(self._kept_ids)
            levels = self._model.node_levels
            return pandas.DataFrame({
                "unit_id": numpy.repeat(numpy.asarray(self._unit_ids, dtype=object), n_nodes),
                "node": numpy.tile(numpy.asarray(self._kept_ids, dtype=object), self._n_units),
                "level": numpy.tile(numpy.asarray([levels[i] for i in self._kept_indices], dtype=numpy.int64),
                                    self._n_units),
                "score": scores.ravel(),  # row-major: unit by unit, nodes in model order
                "coverage": coverage.ravel(),
            })
        columns = pandas.MultiIndex.from_tuples(
            [("score", node) for node in self._kept_ids]
            + [("coverage", node) for node in self._kept_ids]
            + [("status", ""), ("rank", ""), ("grade", "")], names=["quantity", "node"])
        frame = pandas.DataFrame(numpy.hstack([scores, coverage]), index=index,
                                 columns=columns[:2 * len(self._kept_ids)])
        frame[("status", "")] = self.statuses
        frame[("rank", "")] = ranks
        frame[("grade", "")] = self.grades
        frame.columns = columns
        return frame

    def __repr__(self) -> str:
        if self.closed:
            return "<civiscore.Result (closed)>"
        counts: Dict[str, int] = {}
        for status in self.statuses:
            counts[status] = counts.get(status, 0) + 1
        summary = ", ".join(f"{name} {counts[name]}" for name in ("ok", "partial", "unscored")
                            if name in counts)
        ranks = [int(rank) for rank in self._raw_ranks()]
        totals = list(self._node_scores(0))
        grades = self.grades
        ranked = sorted((rank, i) for i, rank in enumerate(ranks) if rank > 0)[:3]
        top = "; ".join(
            f"{rank}. {self._unit_ids[i]} {totals[i]:.2f}" + (f" {grades[i]}" if grades[i] else "")
            for rank, i in ranked)
        return (f"<civiscore.Result of model '{self._model.id}': {self._n_units} units"
                f"{' (' + summary + ')' if summary else ''}" + (f"; top: {top}" if top else "") + ">")


def _format_code(format: str) -> int:
    try:
        return _FORMATS[format]
    except KeyError:
        raise errors.InvalidArgumentError(
            f"unknown format {format!r}: use one of {', '.join(_FORMATS)}",
            errors.ERROR_INVALID_ARGUMENT) from None
