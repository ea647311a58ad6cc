"""Service logs from Python (docs/service-logs.md). The numbers of tests/data/logs are computed by hand
in tests/core/test_logs.cpp: A visits 4, distinct persons 4, 34.5 person-times per 1,000, registry
coverage 50 %, p50 response 9 h, 75 % within 24 h; the sanshe worked example's log gives I14 75,
I15 900, I16 85 (tests/core/test_sanshe_logs.cpp). Here: the same numbers through the binding, a
DataFrame log equal to the file, errors, and the 360-community sanshe log against pandas groupby."""

import math
from pathlib import Path

import pandas as pd
import pytest

import civiscore

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "logs"
SANSHE = REPO / "examples" / "sanshe"


@pytest.fixture(scope="module")
def model():
    return civiscore.Model.from_file(DATA / "model.json")


def column(dataset_result, column, unit):
    return dataset_result.loc[unit, column]


def test_derived_columns_and_score(model):
    d = civiscore.derive_logs(model, str(DATA / "units.csv"), logs={"services": str(DATA / "services.csv")},
                              registries={"priority": str(DATA / "registry.csv")})
    assert d.dataset.column_ids[-6:] == ["visits", "persons", "service_per_1000", "reg_coverage", "resp_p50",
                                         "timely"]
    assert d.summary["logs"][0]["unknown_unit_records"] == 1
    assert d.summary["logs"][0]["unknown_unit_examples"] == [{"unit": "Z", "line": 9}]
    assert d.summary["registries"][0]["duplicates"] == 1
    assert len(d.warnings()) == 2
    r = model.score(d.dataset)
    scores = dict(zip(r.unit_ids, r.score("total")))
    # (50 + 50 + 34.5 + 50 + 81.25 + 75 + 80) / 7 and C: 70 / 4
    assert scores["A"] == pytest.approx(420.75 / 7, abs=1e-12)
    assert scores["C"] == pytest.approx(17.5, abs=1e-12)


def test_dataframe_log_equals_the_file(model):
    log = pd.read_csv(DATA / "services.csv", dtype=str, keep_default_na=False)
    reg = pd.read_csv(DATA / "registry.csv", dtype=str)
    a = civiscore.derive_logs(model, str(DATA / "units.csv"), logs={"services": log}, registries={"priority": reg})
    b = civiscore.derive_logs(model, str(DATA / "units.csv"), logs={"services": str(DATA / "services.csv")},
                              registries={"priority": str(DATA / "registry.csv")})
    ra, rb = model.score(a.dataset), model.score(b.dataset)
    for x, y in zip(ra.total, rb.total):
        assert x == y


def test_errors_name_the_line(model, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_id,period,person_id,service_type,date,quantity,response_hours\n"
                   "A,2025Q1,p1,visit,2025-01-05,lots,2\n", encoding="utf-8")
    with pytest.raises(civiscore.DataError, match=r"bad\.csv:2: column 'quantity' \(field 6\): 'lots' is not a number"):
        civiscore.derive_logs(model, str(DATA / "units.csv"), logs={"services": str(bad)},
                              registries={"priority": str(DATA / "registry.csv")})
    with pytest.raises(civiscore.InvalidArgumentError, match="declares no log 'visits'"):
        civiscore.derive_logs(model, str(DATA / "units.csv"), logs={"visits": str(bad)})


def test_sanshe_log_equals_pandas_groupby():
    """The example's three derived indicators for all 360 communities, computed independently here."""
    model = civiscore.Model.from_file(SANSHE / "model.json")
    d = civiscore.derive_logs(model, str(SANSHE / "communities-platform.csv"),
                              logs={"services": str(SANSHE / "service-log.csv")},
                              registries={"priority": str(SANSHE / "priority-registry.csv")})
    assert d.summary["logs"][0]["unknown_unit_records"] == 0
    r = model.score(d.dataset)
    units = pd.read_csv(SANSHE / "communities-platform.csv").set_index("unit_id")
    log = pd.read_csv(SANSHE / "service-log.csv", dtype={"person_id": str})
    reg = pd.read_csv(SANSHE / "priority-registry.csv", dtype=str)
    served = log.dropna(subset=["person_id"])[["unit_id", "person_id"]].drop_duplicates()
    covered = served.merge(reg[["unit_id", "person_id"]], on=["unit_id", "person_id"]).groupby("unit_id").size()
    i14 = (covered.reindex(units.index, fill_value=0) / reg.groupby("unit_id").size().reindex(units.index) * 100)
    i15 = log.groupby("unit_id").quantity.sum().reindex(units.index, fill_value=0) / units.population * 1000
    req = log[log.service_type == "request"]
    i16 = (req.response_hours <= 24).groupby(req.unit_id).mean().reindex(units.index) * 100
    # The derived inputs are not in the Result; score them back through goalposts and compare points.
    points = {"I14": (i14, 40, 90, 2), "I15": (i15, 200, 1200, 2), "I16": (i16, 70, 100, 1)}
    for node, (values, worst, best, p) in points.items():
        got = dict(zip(r.unit_ids, r.score(node)))
        for unit, x in values.items():
            expected = 0.0 if math.isnan(x) else p * min(1.0, max(0.0, (x - worst) / (best - worst)))
            assert got[unit] == pytest.approx(expected, abs=1e-9), (node, unit)
    # A unit without records (QX-005): I15 = 0 person-times, I16 missing -> "no evidence, no points".
    assert i15["QX-005"] == 0 and math.isnan(i16["QX-005"])
