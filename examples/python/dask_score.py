"""Score a large generated panel on Dask: fit from partial statistics, score partitions, rank globally.

Run from the repository root (a two-process LocalCluster; add --units to change the size):

    PYTHONPATH=bindings/python /usr/bin/python3 examples/python/dask_score.py --units 100000

The model (examples/python/panel_model.json) learns min/max and mean/sd from the data, so the fit must
see every partition: civiscore.dask.fit computes the partial statistics of each partition, merges them
as a tree and finalises one fitted state; civiscore.dask.score scores each partition with it and ranks
units globally from the root score column. The script compares the result with single-process
civiscore on the same data and exits non-zero on a mismatch.
"""

import argparse
import json
import sys
from pathlib import Path

import dask.dataframe as dd
import distributed
import numpy
import pandas

import civiscore
import civiscore.dask

HERE = Path(__file__).resolve().parent


def generate(n, seed):
    """Synthetic communities for the panel model (vectorised, seeded)."""
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
    frame.loc[rng.random(n) < 0.02, "satisfaction"] = numpy.nan
    return frame


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    model = civiscore.Model.from_file(HERE / "panel_model.json")
    units = generate(args.units, seed=7)
    with distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        print(f"cluster: {len(client.scheduler_info()['workers'])} workers")
        ddf = dd.from_pandas(units, npartitions=args.partitions, sort=False)

        fitted = civiscore.dask.fit(ddf, model)             # partials -> tree of merges -> state
        learned = json.loads(fitted.to_json())["indicators"]
        for indicator, stats in learned.items():
            print(f"  {indicator:16} n={stats['count']:>7}  min={stats['min']:9.3f}  "
                  f"max={stats['max']:9.3f}  mean={stats['mean']:9.3f}")

        scored = civiscore.dask.score(ddf, model, fitted)   # lazy dask DataFrame
        scored = scored.persist()   # three questions below: score the partitions once, keep them
        top = scored.nsmallest(10, "rank").compute()
        grades = scored["grade"].value_counts().compute()
        result = scored.compute()

    print("\nTop 10")
    print(top[["rank", "unit_id", "total", "grade"]].to_string(index=False,
                                                              float_format="{:.3f}".format))
    print("\nGrades")
    print(grades.reindex(model.grade_labels, fill_value=0).to_string())

    # The same data on one machine: scores within 1e-9, ranks and grades identical.
    single = model.score(units).to_pandas()
    result = result.set_index("unit_id").loc[single.index]
    worst = float(numpy.nanmax(numpy.abs(result["total"].to_numpy() - single["total"].to_numpy())))
    same_ranks = result["rank"].fillna(0).tolist() == single["rank"].fillna(0).tolist()
    same_grades = result["grade"].tolist() == single["grade"].tolist()
    print(f"\nagainst single-process civiscore: max |total difference| {worst:.2e}, "
          f"ranks {'identical' if same_ranks else 'DIFFER'}, "
          f"grades {'identical' if same_grades else 'DIFFER'}")
    if worst > 1e-9 or not same_ranks or not same_grades:
        sys.exit(1)


if __name__ == "__main__":
    main()
