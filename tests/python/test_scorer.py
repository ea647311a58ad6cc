"""Single-unit scoring through the Python binding equals batch scoring; weights learned over the
indicators (regional-42) agree with an independent numpy computation."""

import math
import os
import sys
from pathlib import Path

import numpy as np
import pytest

import civiscore

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks" / "peers"))
sys.path.insert(0, str(REPO / "benchmarks"))
import accuracy  # noqa: E402
import numpy_peer  # noqa: E402
import regional42  # noqa: E402

MODEL = REPO / "benchmarks" / "models" / "regional-42.json"


def regional_data(n=500, seed=7):
    rng = np.random.default_rng(seed)
    X = np.empty((n, 42))
    for j in range(42):
        kind = j % 3
        X[:, j] = (np.round(100 * rng.beta(5, 2, n), 1) if kind == 0 else
                   np.round(rng.lognormal(6, 0.8, n), 2) if kind == 1 else rng.poisson(3, n).astype(float))
    X[rng.random((n, 42)) < 0.01] = np.nan
    return X


def test_regional42_agrees_with_the_numpy_peer():
    X = regional_data()
    model = civiscore.Model.from_file(MODEL)
    result = model.score(X, threads=2)
    index, ranks, grade, w = numpy_peer.pipeline(X)
    # civiscore reads each column once (E = -(sum z ln z / S - ln S)/ln n), the peer forms p = z/S:
    # the same quantity rounded differently, so agreement is to 1e-9 rather than bit for bit.
    np.testing.assert_allclose(result.total, index, rtol=1e-9, equal_nan=True)
    assert (result.ranks == ranks).all()
    weights = np.array([result.effective_weights[i] for i in regional42.indicator_ids()])
    np.testing.assert_allclose(weights, w, rtol=1e-9)
    labels = [g or "" for g in result.grades]
    assert labels == list(grade)


def test_regional42_weights_match_exact_sums():
    """Against weights from exactly summed z ln z (benchmarks/accuracy.py): 1 - E is small, so the
    sums' rounding shows in the weights; civiscore keeps them to about 1e-12 where the peer's plain
    sums reach 1e-9 at 10^6 units."""
    X = regional_data(n=20000, seed=11)
    reference, _ = accuracy.exact_weights(X)
    result = civiscore.Model.from_file(MODEL).score(X, threads=2, keep="depth:1")
    weights = np.array([result.effective_weights[i] for i in regional42.indicator_ids()])
    np.testing.assert_allclose(weights, reference, rtol=1e-11, atol=0)
    np.testing.assert_allclose(result.total, accuracy.index_of(X, reference), rtol=0, atol=1e-10)


def test_scorer_equals_batch_for_every_unit():
    X = regional_data(200, seed=11)
    model = civiscore.Model.from_file(MODEL)
    fitted = model.fit(X)
    batch = model.score(X, fitted=fitted)
    scores = batch.scores
    scorer = civiscore.Scorer(model, fitted)
    for u in range(X.shape[0]):
        one = scorer.score([None if math.isnan(v) else v for v in X[u]])
        got = np.array(list(one.scores.values()))
        np.testing.assert_array_equal(got, scores[u])
        assert one.status == batch.statuses[u]
        assert one.grade == batch.grades[u]
    # The allocation-free path with numpy buffers gives the same.
    out, cov = np.empty(len(model.node_ids)), np.empty(len(model.node_ids))
    status, grade = scorer.score_into(np.ascontiguousarray(X[3]), out, cov)
    np.testing.assert_array_equal(out, scores[3])


def test_scorer_errors():
    model = civiscore.Model.from_file(MODEL)
    scorer = civiscore.Scorer(model, model.fit(regional_data(50)))
    with pytest.raises(civiscore.InvalidArgumentError, match="41 values given"):
        scorer.score([1.0] * 41)
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown input column"):
        scorer.score({"nope": 1})
    geometric = civiscore.Model.from_json(
        '{"civiscore_model": 1, "id": "g", "name": "g", "root": {"id": "r", "aggregation": "geometric",'
        ' "children": [{"id": "a", "rule": {"type": "binary"}}]}}')
    with pytest.raises(civiscore.InvalidArgumentError, match="node 'r'.*arithmetic"):
        civiscore.Scorer(geometric, geometric.fit([[1.0]]))
