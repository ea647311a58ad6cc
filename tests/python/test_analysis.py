"""Issue 8 through Python: Sobol indices of the Ishigami function through the library's estimator,
the ASEM audit (pillar correlation matrices and Cronbach's alpha) against numpy, and the uncertainty
analysis of equal-weight perturbation (rank intervals for every unit, thread-count independence)."""
import json
import math
import os

import numpy as np
import pytest

import civiscore
from civiscore import analysis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ASEM = os.path.join(ROOT, "examples", "asem")


def ishigami(X, a=7.0, b=0.1):
    x = -math.pi + 2 * math.pi * np.asarray(X)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_indices():
    # Analytic values for a = 7, b = 0.1 (Ishigami & Homma 1990; Saltelli et al. 2008).
    s = analysis.sobol(ishigami, k=3, n=1 << 14, seed=3, bootstrap=100)
    assert s["first"] == pytest.approx([0.3139, 0.4424, 0.0], abs=0.03)
    assert s["total"] == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.03)
    assert np.all(s["total_ci"][:, 0] <= s["total"]) and np.all(s["total"] <= s["total_ci"][:, 1])


def test_sobol_sample_blocks_and_row_callback():
    X = analysis.sobol_sample(2, 4, seed=9)
    assert X.shape == (16, 2)
    assert np.array_equal(X[8:12, 0], X[4:8, 0]) and np.array_equal(X[8:12, 1], X[0:4, 1])
    # One call per row (no numpy needed by the function): f = x1 + 2 x2, S = (1/5, 4/5).
    s = analysis.sobol(lambda row: row[0] + 2 * row[1], k=2, n=4096, vectorized=False, bootstrap=0)
    assert s["first"] == pytest.approx([0.2, 0.8], abs=0.04)
    assert math.isnan(s["first_ci"][0][0])
    with pytest.raises(civiscore.InvalidArgumentError, match="evaluation 3 is not a finite number"):
        analysis.sobol_indices([1.0, 2.0, 3.0, float("nan"), 1.0, 2.0, 3.0, 4.0], k=2, n=2)


@pytest.fixture(scope="module")
def asem():
    model = civiscore.Model.from_file(os.path.join(ASEM, "model.json"))
    data = os.path.join(ASEM, "ASEM_iData.csv")
    return model, data


def test_asem_audit_matches_numpy(asem):
    model, data = asem
    a = analysis.analyze(model, data, {"removal": False}, id_column="uCode")
    scores = json.loads(model.score(data, id_column="uCode").to_json())["units"]
    audit = a.audit
    level = [x for x in audit["levels"] if x["level"] == 2][0]
    pillars = level["nodes"]
    assert len(pillars) == 8
    X = np.array([[u["scores"][p] for p in pillars] for u in scores])
    assert X.shape == (51, 8) and not np.isnan(X).any()
    # Pearson: numpy's corrcoef; Spearman: Pearson of pandas' average ranks.
    assert np.allclose(np.array(level["pearson"]), np.corrcoef(X, rowvar=False), atol=1e-12)
    import pandas as pd
    ranks = pd.DataFrame(X).rank(method="average").to_numpy()
    assert np.allclose(np.array(level["spearman"]), np.corrcoef(ranks, rowvar=False), atol=1e-12)
    # Cronbach's alpha = k/(k-1) (1 - sum of item variances / variance of the total).
    k = X.shape[1]
    alpha = k / (k - 1) * (1 - X.var(axis=0, ddof=1).sum() / X.sum(axis=1).var(ddof=1))
    assert level["cronbach_alpha"] == pytest.approx(alpha, abs=1e-12)
    assert level["complete_units"] == 51
    # The same matrix through the helper, labelled.
    frame = a.audit_matrix(level=2)
    assert list(frame.index) == pillars and frame.to_numpy() == pytest.approx(np.corrcoef(X, rowvar=False))
    # PCA of the Conn group: eigenvalues of its children's correlation matrix.
    conn = [g for g in audit["groups"] if g["node"] == "Conn"][0]
    C = np.array([[u["scores"][c] for c in conn["children"]] for u in scores])
    eig = np.sort(np.linalg.eigvalsh(np.corrcoef(C, rowvar=False)))[::-1]
    assert np.allclose(conn["pca"]["eigenvalues"], eig, atol=1e-10)
    assert sum(conn["pca"]["explained_variance"]) == pytest.approx(1.0)
    # Effective weights: all ASEM weights are 1, so the nominal and effective weights agree.
    for w in audit["weights"]:
        assert w["effective"] == pytest.approx(w["nominal"], abs=1e-15)


def test_asem_equal_weight_perturbation(asem):
    model, data = asem
    spec = {"seed": 7, "replications": 300, "removal": False, "audit": False,
            "uncertain": [{"type": "weights", "node": "*", "percent": 50}]}
    a = analysis.analyze(model, data, spec, threads=2, id_column="uCode")
    r = a.rank_intervals()
    assert a.unit_count == 51 and len(r["median"]) == 51
    assert np.all(r["p05"] <= r["median"]) and np.all(r["median"] <= r["p95"])
    assert np.all(r["p05"] <= r["nominal"]) and np.all(r["nominal"] <= r["p95"])
    assert (r["p95"] > r["p05"]).sum() > 10
    units = a.units()
    assert len(units) == 51 and units.loc["CHE", "nominal_rank"] == 1
    p = units[[c for c in units.columns if c.startswith("p_")]].sum(axis=1)
    assert np.allclose(p, 1.0)
    # The CSV table is the same data.
    lines = a.to_csv().splitlines()
    assert len(lines) == 52 and lines[0].startswith("unit,nominal_score,nominal_rank")
    # Identical on one thread.
    one = analysis.analyze(model, data, spec, threads=1, id_column="uCode")
    assert one.to_json() == a.to_json()


def test_spec_errors_are_invalid_argument(asem):
    model, data = asem
    with pytest.raises(civiscore.InvalidArgumentError, match=r"/uncertain/0/node: no node 'Nope'"):
        analysis.analyze(model, data, {"uncertain": [{"type": "weights", "node": "Nope"}]}, id_column="uCode")
