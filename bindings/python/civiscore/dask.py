"""civiscore on Dask: fit and score data that does not fit on one machine (docs/distributed.md).

The fit/score split of the engine maps onto Dask directly:

- `fit(ddf, model)`: the partial fit statistics of every partition (`civiscore.Partial`, shipped as
  JSON), merged as a tree (`split_every` at a time), finalised into one `civiscore.Fitted` state.
- `score(ddf, model, fitted)`: every partition scored on its own with the same fitted state
  (`map_partitions`). Global ranks come from the root score column alone: a first pass scores only
  the root of every partition, the count of each distinct score (sorted arrays merged as a tree)
  becomes "1 + the number of strictly greater scores" per distinct score, and each partition of the
  lazy output looks its units up while it is scored. Grades and statuses depend on a unit's own row
  only, so each partition's engine run already gives the global ones.

The output stays lazy; what it needs of the whole data (the fitted state when none is given, the
rank table) is computed when `score` is called, each in its own pass, so no partition of the output
waits for the others and memory stays per partition. Runs on whatever scheduler is active: a
`distributed.Client` or Dask's local schedulers. Models and fitted states travel to workers as their
JSON (pickling re-creates them; a worker loads each model once). This module is imported on its own (`import civiscore.dask`), so
`import civiscore` never needs Dask.
"""

from __future__ import annotations

from typing import List, Optional, Sequence

import dask
import dask.dataframe as dd
import numpy
import pandas
from dask import delayed

from . import errors
from .fitted import Fitted
from .model import Model
from .dask_csv import read_csv
from .partial import Partial

__all__ = ["fit", "fit_delayed", "score", "partial_statistics", "result_meta", "read_csv"]

DEFAULT_ID_COLUMN = "unit_id"


def _check_model(model) -> Model:
    if not isinstance(model, Model):
        raise errors.InvalidArgumentError(
            f"model must be a civiscore.Model, not {type(model).__name__}",
            errors.ERROR_INVALID_ARGUMENT)
    return model


def _check_frame(ddf) -> dd.DataFrame:
    if not isinstance(ddf, dd.DataFrame):
        raise errors.InvalidArgumentError(
            f"expected a dask DataFrame, not {type(ddf).__name__} (use civiscore.Model.fit / score "
            "for pandas frames)", errors.ERROR_INVALID_ARGUMENT)
    return ddf


def _unit_ids(frame: pandas.DataFrame, id_column: str) -> Sequence:
    return frame[id_column] if id_column in frame.columns else frame.index


def _check_split_every(split_every: int) -> int:
    if split_every < 2:  # one part per merge would never end
        raise errors.InvalidArgumentError(f"split_every must be >= 2, not {split_every}",
                                          errors.ERROR_INVALID_ARGUMENT)
    return split_every


def _merged_as_tree(level: list, merge, split_every: int, *leading):
    """One delayed value from `level`: `merge(*leading, *parts)` of `split_every` parts at a time,
    level by level, until one is left."""
    while len(level) > 1:
        level = [delayed(merge, pure=True)(*leading, *level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    return level[0]


# --- fit ------------------------------------------------------------------------------------------

def _partition_partial(frame: pandas.DataFrame, model: Model, id_column: str,
                       threads: int) -> str:
    with Partial.compute(model, frame, unit_ids=_unit_ids(frame, id_column), threads=threads,
                         id_column=id_column) as partial:
        return partial.to_json()


def _merge_partials(model: Model, *texts: str) -> str:
    partials = [Partial.from_json(model, text) for text in texts]
    try:
        merged = Partial.merge_all(partials)
        return merged.to_json()
    finally:
        for partial in partials:
            partial.close()


def partial_statistics(ddf, model: Model, id_column: str = DEFAULT_ID_COLUMN,
                       threads: int = 1) -> List:
    """One delayed JSON partial per partition, in partition order."""
    _check_model(model)
    return [delayed(_partition_partial, pure=True)(part, model, id_column, threads)
            for part in _check_frame(ddf).to_delayed()]


def fit_delayed(ddf, model: Model, split_every: int = 8, id_column: str = DEFAULT_ID_COLUMN,
                threads: int = 1):
    """The merged partial statistics of every partition as a delayed JSON string (a tree of merges,
    `split_every` partials per merge); `Partial.from_json(model, text).finalize()` gives the state."""
    _check_split_every(split_every)
    level = partial_statistics(ddf, model, id_column, threads)
    if not level:
        raise errors.InvalidArgumentError("the dask DataFrame has no partitions",
                                          errors.ERROR_INVALID_ARGUMENT)
    return _merged_as_tree(level, _merge_partials, split_every, model)


def fit(ddf, model: Model, split_every: int = 8, id_column: str = DEFAULT_ID_COLUMN,
        threads: int = 1) -> Fitted:
    """Fit `model` on every partition of `ddf` (columns by input column id; extra columns ignored):
    partial statistics per partition, a tree reduction, one fitted state. Equals `model.fit` on the
    concatenated data: counts, minima and maxima exactly, means and standard deviations up to
    rounding (relative 1e-12). `threads` is the engine's thread count per task."""
    (text,) = dask.compute(fit_delayed(ddf, model, split_every, id_column, threads))
    with Partial.from_json(model, text) as merged:
        return merged.finalize()


# --- score ----------------------------------------------------------------------------------------

def result_meta(model: Model, ranked: bool = True,
                node_ids: Optional[Sequence[str]] = None) -> pandas.DataFrame:
    """The empty frame describing `score`'s output columns and dtypes (`node_ids`: the kept nodes'
    columns, by default every node's)."""
    columns = {"unit_id": pandas.Series([], dtype=object),
               "status": pandas.Series([], dtype=object)}
    for node in model.node_ids if node_ids is None else node_ids:
        columns[node] = pandas.Series([], dtype=numpy.float64)
    columns["coverage"] = pandas.Series([], dtype=numpy.float64)
    if ranked:
        columns["rank"] = pandas.Series([], dtype="Int64")
    columns["grade"] = pandas.Series([], dtype=object)
    return pandas.DataFrame(columns)


def _score_partition(frame: pandas.DataFrame, model: Model, fitted: Fitted, id_column: str,
                     threads: int, keep=None, rank_table: Optional[tuple] = None) -> pandas.DataFrame:
    ids = _unit_ids(frame, id_column)
    with model.score(frame, fitted=fitted, unit_ids=ids, threads=threads, id_column=id_column,
                     keep=keep) as result:
        out = pandas.DataFrame(result.scores, index=frame.index, columns=result.kept_node_ids)
        out.insert(0, "unit_id", pandas.array([str(unit) for unit in ids], dtype=object))
        out.insert(1, "status", result.statuses)
        out["coverage"] = numpy.asarray(result.coverage)
        out["grade"] = pandas.array(result.grades, dtype=object)
    return out if rank_table is None else _attach_ranks(out, rank_table, model.node_ids[0])


def _root_counts(frame: pandas.DataFrame, model: Model, fitted: Fitted, id_column: str,
                 threads: int) -> tuple:
    """The partition's distinct root scores (ascending, NaN left out) and how many units have each."""
    root = model.node_ids[0]
    with model.score(frame, fitted=fitted, unit_ids=_unit_ids(frame, id_column), threads=threads,
                     id_column=id_column, keep=[root]) as result:
        scores = numpy.asarray(result.total, dtype=numpy.float64)
    return numpy.unique(scores[~numpy.isnan(scores)], return_counts=True)


def _merge_counts(*parts: tuple) -> tuple:
    """Distinct scores and counts of several parts as one (equal scores' counts added)."""
    scores, inverse = numpy.unique(numpy.concatenate([part[0] for part in parts]), return_inverse=True)
    counts = numpy.bincount(inverse, weights=numpy.concatenate([part[1] for part in parts]),
                            minlength=len(scores))
    return scores, counts.astype(numpy.int64)


def _kept_node_ids(model: Model, fitted: Fitted, keep) -> List[str]:
    """The node columns `keep` leaves, resolved (and checked) by the engine on no units."""
    if keep is None:
        return model.node_ids
    empty = pandas.DataFrame({column: pandas.Series([], dtype=numpy.float64)
                              for column in model.input_columns})
    with model.score(empty, fitted=fitted, keep=keep) as result:
        return result.kept_node_ids


def _rank_table(counted: tuple) -> tuple:
    """Distinct root scores (ascending) and their competition ranks: 1 + the number of strictly
    greater scores. Plain numpy arrays, which several partitions may read at once (a pandas index
    would build its hash table lazily, without a lock)."""
    scores, counts = counted
    return scores, counts.sum() - numpy.cumsum(counts) + 1


def _attach_ranks(frame: pandas.DataFrame, table: tuple, root: str) -> pandas.DataFrame:
    scores, ranks = table
    values = frame[root].to_numpy(dtype=numpy.float64)
    found = numpy.zeros(len(values), dtype=bool)
    out = numpy.zeros(len(values), dtype=numpy.int64)
    if len(scores):
        at = numpy.minimum(numpy.searchsorted(scores, values), len(scores) - 1)
        found = ~numpy.isnan(values) & (scores[at] == values)
        out = numpy.where(found, ranks[at], 0)
    rank = pandas.array(out, dtype="Int64")
    rank[~found] = pandas.NA  # unscored (NaN) units are unranked
    frame.insert(len(frame.columns) - 1, "rank", rank)
    return frame


def _made_now(value):
    """`value` (a Delayed) computed now, where the active scheduler keeps results: on a distributed
    cluster it stays there, a single key every task reads (16 bytes per distinct score would be
    too much to ride in each graph); on a local scheduler, in this process."""
    (value,) = dask.persist(value)
    try:
        from distributed import futures_of, wait
    except ImportError:
        return value
    futures = futures_of(value)
    if futures:
        wait(futures)  # persist returns at once on a cluster; the pass must end here
    for future in futures:
        if future.status == "error":
            future.result()  # raises the task's error now, not at the output's compute
    return value


def score(ddf, model: Model, fitted: Optional[Fitted] = None, ranks: bool = True,
          id_column: str = DEFAULT_ID_COLUMN, threads: int = 1,
          split_every: Optional[int] = None, keep=None) -> dd.DataFrame:
    """Score every unit of `ddf` (a lazy dask DataFrame out; `.compute()` or write it to Parquet).

    Output per unit, partitioned and indexed like the input: unit_id (from the `id_column` column,
    else the index), status, the score of every node (model order; with `keep`, as in
    `Model.score`, only the kept nodes, the root always), coverage, rank (global: 1 = best, ties
    share the lowest rank, NA = unranked) and grade (None = no grade).

    Passes over the data made here, before the lazy output is returned: without `fitted`, `fit`;
    with `ranks`, the root scores of every partition, reduced to the global rank table. The output
    then scores each partition and looks its ranks up in one task, so partitions never wait for
    one another and the peak memory is a few partitions, not the data set.
    """
    _check_model(model)
    _check_frame(ddf)
    every = 8 if split_every is None else _check_split_every(split_every)
    if fitted is None:
        fitted = fit(ddf, model, id_column=id_column, threads=threads)
    elif not isinstance(fitted, Fitted):
        raise errors.InvalidArgumentError(
            f"fitted must be a civiscore.Fitted, not {type(fitted).__name__}",
            errors.ERROR_INVALID_ARGUMENT)
    node_ids = _kept_node_ids(model, fitted, keep)
    table = None
    if ranks:
        # A tree of merges of sorted (score, count) arrays: numpy's sort where dask's value_counts
        # hashed every score into pandas objects (5 s of a 30 s streamed run of 5M units).
        counts = [delayed(_root_counts, pure=True)(part, model, fitted, id_column, threads)
                  for part in ddf.to_delayed()]
        table = _made_now(delayed(_rank_table, pure=True)(_merged_as_tree(counts, _merge_counts, every)))
    return ddf.map_partitions(_score_partition, model, fitted, id_column, threads, keep, table,
                              meta=result_meta(model, ranked=ranks, node_ids=node_ids),
                              enforce_metadata=False)
