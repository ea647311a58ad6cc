"""civiscore.methods: every case of tests/data/reference-vectors.json through the Python API (and so
the C ABI), within each case's tolerance, plus option and error handling."""

import json
import math
from pathlib import Path

import pytest

import civiscore
import civiscore.methods as cm

REFERENCE = json.loads((Path(__file__).resolve().parents[1] / "data" / "reference-vectors.json")
                       .read_text(encoding="utf-8"))
CASES = {case["id"]: case for case in REFERENCE["cases"]}
TESTED = set()


def case(case_id):
    TESTED.add(case_id)
    return CASES[case_id]


def close(got, expected, tol):
    got = list(got)
    assert len(got) == len(expected)
    for i, (g, e) in enumerate(zip(got, expected)):
        assert abs(g - e) <= tol, f"index {i}: got {g}, expected {e} (tolerance {tol})"


@pytest.mark.parametrize("case_id", ["entropy_elsayed2017", "entropy_skcriteria_2x2"])
def test_entropy(case_id):
    c = case(case_id)
    close(cm.weights("entropy", c["matrix"]), c["expected_weights"], c["tolerance"])


@pytest.mark.parametrize("case_id", ["critic_tus_adali2019", "critic_diakoulaki1995",
                                     "critic_diakoulaki1995_unscaled_pearson",
                                     "critic_diakoulaki1995_scaled_spearman"])
def test_critic(case_id):
    c = case(case_id)
    options = dict(c.get("variant", {}))
    got = cm.weights("critic", c["matrix"], c.get("types"), **options)
    close(got, c["expected_weights"], c["tolerance"])


@pytest.mark.parametrize("case_id,normalisation", [("topsis_opricovic2004_minmax", "min_max"),
                                                   ("topsis_tzeng2011_vector", "vector"),
                                                   ("topsis_no_normalization", "none")])
def test_topsis(case_id, normalisation):
    c = case(case_id)
    r = cm.rank("topsis", c["matrix"], c["weights"], c["types"], normalisation=normalisation)
    close(r["scores"], c["expected_preference"], c["tolerance"])
    if "expected_rank" in c:
        assert list(r["ranks"]) == c["expected_rank"]
    if "expected_ideal" in c:
        # Weights are normalised to sum 1 (1/3 each here); the case's points use w = 1.
        close([3 * v for v in r["ideal"]], c["expected_ideal"], 1e-12)
        close([3 * v for v in r["anti_ideal"]], c["expected_anti_ideal"], 1e-12)


@pytest.mark.parametrize("case_id", ["vikor_tzeng_4x3", "vikor_opricovic2004", "vikor_yang_wu2020",
                                     "vikor_opricovic2007_W1"])
def test_vikor(case_id):
    c = case(case_id)
    weights = c.get("weights", c.get("weights_raw"))
    r = cm.rank("vikor", c["matrix"], weights, c["types"], v=c["v"])
    tol = c["tolerance"]
    for key in ("S", "R", "Q"):
        if f"expected_{key}" in c:
            close(r[key], c[f"expected_{key}"], tol)
    close(r["scores"], c["expected_Q"], tol)
    assert r["higher_is_better"] is False
    if "expected_compromise_set_0based" in c:
        assert r["compromise"] == c["expected_compromise_set_0based"]
        assert r["acceptable_advantage"] == c["expected_acceptable_advantage"]
        assert r["acceptable_stability"] == c["expected_acceptable_stability"]
    if "expected_rank_by_Q" in c:
        assert list(r["ranks"]) == c["expected_rank_by_Q"]


def test_ahp_wang_chin():
    c = case("ahp_wang_chin2011_6x6")
    r = cm.ahp(c["matrix"])
    close(r["weights"], c["expected_weights"], c["tolerance"])
    d = c["derived"]
    assert abs(r["lambda_max"] - d["lambda_max"]) <= 5e-6
    assert abs(r["ci"] - d["CI"]) <= 5e-6
    assert abs(r["cr"] - d["CR"]["saaty1980_RI6=1.24"]) <= 5e-4
    assert r["table"] == "saaty1980" and r["consistent"] is False
    for table, key in [("saaty2005", "saaty2005_RI6=1.25"),
                       ("tummala_ling", "tummala_ling_RI6=1.2358"),
                       ("donegan_dodd", "donegan_dodd_RI6=1.1797")]:
        assert abs(cm.ahp(c["matrix"], ri_table=table)["cr"] - d["CR"][key]) <= 5e-4
    close(cm.ahp(c["matrix"], priority="geometric_mean")["weights"],
          d["row_geometric_mean_weights"], 5e-5)


def test_ahp_drinks():
    c = case("ahp_saaty2008_drinks_7x7")
    r = cm.ahp(c["matrix"])
    close(r["weights"], c["expected_weights"], c["tolerance"])
    assert abs(r["cr"] - c["derived"]["CR_saaty1980_RI7=1.32"]) <= 5e-5
    assert r["consistent"] is True
    assert abs(cm.ahp(c["matrix"], ri_table="saaty2005")["cr"]
               - c["expected_CR"]["saaty_RI7=1.35 (precision 3)"]) <= 5e-4
    assert abs(cm.ahp(c["matrix"], ri_table="donegan_dodd")["cr"]
               - c["expected_CR"]["donegan_dodd_RI7=1.2519 (precision 4)"]) <= 5e-5
    close(cm.ahp(c["matrix"], priority="geometric_mean")["weights"],
          c["derived"]["row_geometric_mean_weights"], 5e-5)


def test_ahp_incomplete():
    c = case("ahp_bozoki2010_incomplete")
    g = c["given_comparisons"]
    names = c["elements"]
    matrix = [[1.0 if i == j else 0.0 for j in range(4)] for i in range(4)]
    for pair, value in g.items():
        a, b = (names.index(x) for x in pair.split(">"))
        matrix[a][b] = value  # only the upper triangle: reciprocals are filled in
    r = cm.ahp(matrix, ri_table="donegan_dodd")
    assert r["missing"] == 1
    assert abs(r["completed"][2][3] - c["expected_completed"]["c>d"]) <= 1e-6
    close(r["weights"], c["expected_weights"], c["tolerance"])
    assert abs(r["cr"] - c["expected_CR_donegan_dodd"]) <= 5e-5


def test_coinr_aggregators():
    c = case("coinr_small_aggregators")
    for k in c["cases"]:
        f = k["f"]
        if f == "a_gmean":
            got = cm.aggregate("geometric", k["x"], k["w"])
        elif f == "a_hmean":
            got = cm.aggregate("harmonic", k["x"], k["w"])
        else:
            got = cm.aggregate("power", k["x"], k["w"], p=float(f.split("p=")[1]))
        assert abs(got - k["expected"]) <= 1e-12, f
    with pytest.raises(civiscore.InvalidArgumentError, match="index 1"):
        cm.aggregate("geometric", [1, 0, 3])
    assert abs(cm.aggregate("geometric", [1, None, 3], [1, 5, 1]) - math.sqrt(3)) <= 1e-12


def test_coinr_copeland():
    c = case("coinr_outranking_copeland")
    r = cm.rank("copeland", c["matrix"], c["weights"])
    for got_row, want_row in zip(r["outranking"], c["expected_outranking"]):
        close(got_row, want_row, 1e-12)
    close(r["scores"], c["expected_copeland"], 1e-12)
    assert r["n_dominant"] == c["expected_nDominant"]
    assert r["frac_dominant"] == c["expected_fracDominant"]


def test_grey_relational():
    c = case("gra_cross_check")
    r = cm.rank("grey_relational", c["matrix"], c["weights"], c["types"], rho=c["rho"])
    close(r["scores"], c["expected_grade"], c["tolerance"])


def test_every_reference_case_is_tested():
    # A new case in the reference file must get a test here: every id below is used by a test above.
    covered = {"entropy_elsayed2017", "entropy_skcriteria_2x2", "critic_tus_adali2019",
               "critic_diakoulaki1995", "critic_diakoulaki1995_unscaled_pearson",
               "critic_diakoulaki1995_scaled_spearman", "topsis_opricovic2004_minmax",
               "topsis_tzeng2011_vector", "topsis_no_normalization", "vikor_tzeng_4x3",
               "vikor_opricovic2004", "vikor_yang_wu2020", "vikor_opricovic2007_W1",
               "ahp_wang_chin2011_6x6", "ahp_saaty2008_drinks_7x7", "ahp_bozoki2010_incomplete",
               "coinr_small_aggregators", "coinr_outranking_copeland", "gra_cross_check"}
    assert set(CASES) == covered, sorted(set(CASES) ^ covered)


def test_normalize_lists_and_options():
    # x = 2, 4, 6, 10 on [0, 100]: 0, 25, 50, 100; a constant column gives the midpoint 50.
    X = [[2, 5], [4, 5], [6, 5], [10, 5]]
    got = cm.normalize("min_max", X, lo=0, hi=100)
    close([row[0] for row in got], [0, 25, 50, 100], 1e-12)
    close([row[1] for row in got], [50, 50, 50, 50], 1e-12)
    # Cost z-score with the population sd sqrt(35/4).
    z = cm.normalize("z_score", [[2], [4], [6], [10]], types=[-1], population_sd=True)
    assert abs(z[0][0] - 3.5 / math.sqrt(35 / 4)) <= 1e-12
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown option 'hgih'"):
        cm.normalize("min_max", X, hgih=1)
    with pytest.raises(civiscore.InvalidArgumentError, match="unknown normalisation method"):
        cm.normalize("minmax", X)


def test_weights_report_and_combined():
    w, report = cm.weights("combined_game_theory", [[1, 2], [2, 3], [3, 4]],
                           weights=[[0.2, 0.8], [0.6, 0.4]], report=True)
    close(w, [0.321429, 0.678571], 1e-6)
    close(report["alpha"], [0.78 / 1.12, 0.34 / 1.12], 1e-9)


def test_rank_missing_value_names_the_cell():
    with pytest.raises(civiscore.InvalidArgumentError, match="row 1, column 0"):
        cm.rank("topsis", [[1, 2], [None, 3]], [0.5, 0.5])


def test_ahp_group_and_numpy():
    np = pytest.importorskip("numpy")
    a1 = np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    a2 = a1.T.copy()  # priorities (1, 2, 4) / 7
    r = cm.ahp([a1.tolist(), a2.tolist()], group="aip_arithmetic")
    close(r["weights"], [5 / 14, 4 / 14, 5 / 14], 1e-9)
    assert len(r["experts"]) == 2
    w = cm.weights("standard_deviation", np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]))
    assert isinstance(w, np.ndarray)
    close(w, [1 / 3, 2 / 3], 1e-12)
