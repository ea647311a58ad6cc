"""civiscore.dask against single-process civiscore, on a two-worker distributed.LocalCluster.

The model (examples/python/panel_model.json) learns min/max and mean/sd from data, so fit must see
every partition. 200,000 synthetic units in 8 partitions: the distributed fit equals `Model.fit`
(counts, minima, maxima exactly; means and m2 to 1e-12 relative), scores agree to 1e-9, ranks and
grades exactly; fitting the partitions in another order gives the same state.

Workers are separate processes (processes=True): they import civiscore from sys.path and load the
library named by $CIVISCORE_LIBRARY, both inherited from this process.
"""

import json
from pathlib import Path

import pytest

numpy = pytest.importorskip("numpy")
pandas = pytest.importorskip("pandas")
dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import civiscore  # noqa: E402
import civiscore.dask as cdask  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = REPO_ROOT / "examples" / "python" / "panel_model.json"
N_UNITS = 200_000
N_PARTITIONS = 8


def synthetic_units(n, seed):
    """Seeded, vectorised data for the panel model: some values missing, some units empty (unscored),
    integer counts and one-decimal ratings so that many units tie."""
    rng = numpy.random.default_rng(seed)
    frame = pandas.DataFrame({
        "unit_id": numpy.char.add("C", numpy.arange(n).astype(str)).astype(object),
        "satisfaction": numpy.round(rng.normal(82, 7, n).clip(30, 100), 1),
        "complaints": numpy.round(rng.gamma(2.0, 1.5, n), 2),
        "volunteer_hours": rng.lognormal(1.5, 0.6, n),
        "social_workers": rng.poisson(8, n).astype(float),
        "projects": rng.integers(0, 9, n).astype(float),
        "list_published": (rng.random(n) < 0.8).astype(float),
    })
    for column in ("satisfaction", "complaints", "volunteer_hours"):
        frame.loc[rng.random(n) < 0.02, column] = numpy.nan
    empty = rng.choice(n, size=min(25, n // 10), replace=False)
    frame.loc[empty, frame.columns[1:]] = numpy.nan
    return frame


@pytest.fixture(scope="module")
def model():
    with civiscore.Model.from_file(MODEL_PATH) as panel:
        yield panel


@pytest.fixture(scope="module")
def units():
    return synthetic_units(N_UNITS, seed=20240601)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def stats_of(fitted):
    return json.loads(fitted.to_json())["indicators"]


def assert_same_state(expected, got):
    """Exact where merging is exact, 1e-12 relative where it rounds."""
    assert expected.keys() == got.keys()
    for indicator, want in expected.items():
        have = got[indicator]
        for key in ("count", "min", "max"):
            assert have[key] == want[key], (indicator, key)
        for key in ("mean", "m2"):
            assert have[key] == pytest.approx(want[key], rel=1e-12, abs=0), (indicator, key)


def test_local_scheduler_without_a_client(model):
    # First in the file: the module's distributed Client does not exist yet.
    assert distributed.client._get_global_client() is None
    units = synthetic_units(5000, seed=3)
    ddf = dd.from_pandas(units.set_index("unit_id"), npartitions=4, sort=False)
    with dask.config.set(scheduler="threads"):
        fitted = cdask.fit(ddf, model)
        got = cdask.score(ddf, model, fitted).compute()
    expected = model.score(units.set_index("unit_id"), fitted=fitted).to_pandas()
    assert got["unit_id"].tolist() == expected.index.tolist()  # ids from the index
    numpy.testing.assert_array_equal(got[model.node_ids].to_numpy(),
                                     expected[model.node_ids].to_numpy())
    assert got["rank"].fillna(0).tolist() == expected["rank"].fillna(0).tolist()
    assert got["grade"].tolist() == expected["grade"].tolist()
    # Without a fitted state, score fits on the dask frame first.
    again = cdask.score(ddf, model).compute(scheduler="synchronous")
    numpy.testing.assert_allclose(again[model.node_ids].to_numpy(),
                                  got[model.node_ids].to_numpy(), rtol=0, atol=1e-9)


def test_distributed_equals_single_process(client, model, units):
    ddf = dd.from_pandas(units, npartitions=N_PARTITIONS, sort=False)
    assert ddf.npartitions >= 8

    single_fit = model.fit(units)
    fitted = cdask.fit(ddf, model)
    # Three data-dependent indicators; the other three learn nothing and are absent.
    assert sorted(stats_of(fitted)) == ["complaints", "satisfaction", "volunteer_hours"]
    assert_same_state(stats_of(single_fit), stats_of(fitted))
    assert json.loads(fitted.to_json())["unit_count"] == N_UNITS

    scored = cdask.score(ddf, model, fitted)
    assert isinstance(scored, dd.DataFrame)
    got = scored.compute()
    expected = model.score(units).to_pandas()

    assert len(got) == N_UNITS
    assert list(got.columns) == (["unit_id", "status"] + model.node_ids
                                 + ["coverage", "rank", "grade"])
    got = got.set_index("unit_id").loc[expected.index]
    for node in model.node_ids:
        numpy.testing.assert_allclose(got[node].to_numpy(), expected[node].to_numpy(),
                                      rtol=0, atol=1e-9, equal_nan=True)
    numpy.testing.assert_allclose(got["coverage"], expected["coverage"], rtol=0, atol=1e-12,
                                  equal_nan=True)
    assert got["status"].tolist() == expected["status"].tolist()
    assert got["rank"].fillna(0).tolist() == expected["rank"].fillna(0).tolist()
    assert got["grade"].tolist() == expected["grade"].tolist()
    # The data exercise what matters: ties, unscored units, several grades.
    assert (expected["status"] == "unscored").sum() >= 25
    assert expected["rank"].dropna().duplicated().any()
    assert expected["grade"].nunique() >= 3

    # With the same fitted state, scoring is a pure function of each row: bit-identical.
    same = model.score(units, fitted=fitted).to_pandas()
    numpy.testing.assert_array_equal(got[model.node_ids].to_numpy(),
                                     same[model.node_ids].to_numpy())
    assert got["rank"].fillna(0).tolist() == same["rank"].fillna(0).tolist()


def test_keep_and_ranks_per_partition(model, monkeypatch):
    units = synthetic_units(6000, seed=5)
    ddf = dd.from_pandas(units, npartitions=6, sort=False)
    with dask.config.set(scheduler="threads"):
        fitted = cdask.fit(ddf, model)
        # keep, as Model.score takes it: only the kept nodes' columns, the same values and ranks.
        got = cdask.score(ddf, model, fitted, keep="depth:1").compute()
        with model.score(units, fitted=fitted, keep="depth:1") as result:
            kept = result.kept_node_ids
            expected = result.to_pandas()
        assert kept == ["total", "service", "capacity"]
        assert list(got.columns) == ["unit_id", "status"] + kept + ["coverage", "rank", "grade"]
        numpy.testing.assert_array_equal(got[kept].to_numpy(), expected[kept].to_numpy())
        assert got["rank"].fillna(0).tolist() == expected["rank"].fillna(0).tolist()
        # A rank table merged two parts at a time (three levels for six partitions) is the same.
        deep = cdask.score(ddf, model, fitted, keep="depth:1", split_every=2).compute()
        assert deep["rank"].fillna(0).tolist() == expected["rank"].fillna(0).tolist()
        with pytest.raises(civiscore.InvalidArgumentError, match="nosuchnode"):
            cdask.score(ddf, model, fitted, keep="nosuchnode")
        # The rank table is made when score is called; each output partition then needs only its
        # own input: computing one scores one partition, not all six (which the whole data set's
        # worth of scored partitions kept waiting for the table before).
        calls = []
        real = cdask._score_partition
        monkeypatch.setattr(cdask, "_score_partition",
                            lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
        scored = cdask.score(ddf, model, fitted)
        first = scored.get_partition(0).compute()
        assert len(calls) == 1
        assert first["rank"].fillna(0).tolist() == expected["rank"].fillna(0).tolist()[:len(first)]


def test_fitted_state_does_not_depend_on_partition_order(client, model, units):
    ddf = dd.from_pandas(units, npartitions=N_PARTITIONS, sort=False)
    parts = ddf.to_delayed()
    order = [5, 2, 7, 0, 3, 6, 1, 4]
    shuffled = dd.from_delayed([parts[i] for i in order], meta=ddf._meta)
    first = cdask.fit(ddf, model, split_every=2)
    second = cdask.fit(shuffled, model, split_every=3)
    assert_same_state(stats_of(first), stats_of(second))


def test_models_and_fitted_states_pickle(model):
    import pickle

    units = synthetic_units(100, seed=1)
    fitted = model.fit(units)
    again = pickle.loads(pickle.dumps(model))
    assert again.sha256 == model.sha256
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.to_json() == fitted.to_json()


def test_bad_arguments(model):
    with pytest.raises(civiscore.InvalidArgumentError, match="dask DataFrame"):
        cdask.fit(pandas.DataFrame(), model)
    ddf = dd.from_pandas(synthetic_units(10, seed=2), npartitions=1)
    with pytest.raises(civiscore.InvalidArgumentError, match="split_every"):
        cdask.fit(ddf, model, split_every=1)
    with pytest.raises(civiscore.InvalidArgumentError, match="split_every must be >= 2, not 1"):
        cdask.score(ddf, model, model.fit(synthetic_units(10, seed=2)), split_every=1)
    with pytest.raises(civiscore.DataError, match="missing column.*'projects'"):
        cdask.fit(ddf.drop(columns=["projects"]), model, split_every=2)


def test_import_civiscore_does_not_import_dask():
    import subprocess
    import sys

    code = ("import sys, civiscore; print('dask' in sys.modules, 'civiscore.dask' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ,
                               "PYTHONPATH": str(REPO_ROOT / "bindings" / "python")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]
