// Every case of tests/data/reference-vectors.json (copied from the shared reference file) through
// the C++ method API, within the tolerance each case gives.
#include <civiscore/methods/ahp.hpp>
#include <civiscore/methods/catalogue.hpp>
#include <civiscore/methods/mcda.hpp>
#include <civiscore/methods/means.hpp>
#include <civiscore/methods/weights.hpp>
#include <civiscore/error.hpp>

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace m = civiscore::methods;
using json = nlohmann::json;

namespace {

const json& reference() {
    static const json j = [] {
        std::ifstream in(std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/reference-vectors.json");
        BOOST_REQUIRE(in.good());
        return json::parse(in);
    }();
    return j;
}

const json& find_case(const std::string& id) {
    for (const auto& c : reference()["cases"]) {
        if (c["id"] == id) return c;
    }
    BOOST_FAIL("no reference case " + id);
    throw;  // unreachable
}

Eigen::MatrixXd matrix_of(const json& j) {
    Eigen::MatrixXd M(static_cast<Eigen::Index>(j.size()), static_cast<Eigen::Index>(j[0].size()));
    for (std::size_t i = 0; i < j.size(); ++i) {
        for (std::size_t k = 0; k < j[i].size(); ++k) M(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = j[i][k].get<double>();
    }
    return M;
}

Eigen::VectorXd vector_of(const json& j) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(j.size()));
    for (std::size_t i = 0; i < j.size(); ++i) v(static_cast<Eigen::Index>(i)) = j[i].get<double>();
    return v;
}

std::vector<int> types_of(const json& c) {
    if (!c.contains("types")) return {};
    return c["types"].get<std::vector<int>>();
}

void check_close(const Eigen::VectorXd& got, const json& expected, double tol, const std::string& what) {
    BOOST_TEST_CONTEXT(what) {
        BOOST_REQUIRE_EQUAL(got.size(), static_cast<Eigen::Index>(expected.size()));
        for (Eigen::Index i = 0; i < got.size(); ++i) {
            BOOST_TEST_INFO("index " << i << ": got " << got(i) << ", expected " << expected[static_cast<std::size_t>(i)]);
            BOOST_TEST(std::abs(got(i) - expected[static_cast<std::size_t>(i)].get<double>()) <= tol);
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reference_vectors)

BOOST_AUTO_TEST_CASE(every_case_is_covered) {
    // A new case in the reference file must get a test here: this list names every id tested below.
    const std::vector<std::string> tested{
        "entropy_elsayed2017", "entropy_skcriteria_2x2", "critic_tus_adali2019", "critic_diakoulaki1995",
        "critic_diakoulaki1995_unscaled_pearson", "critic_diakoulaki1995_scaled_spearman",
        "topsis_opricovic2004_minmax", "topsis_tzeng2011_vector", "topsis_no_normalization", "vikor_tzeng_4x3",
        "vikor_opricovic2004", "vikor_yang_wu2020", "vikor_opricovic2007_W1", "ahp_wang_chin2011_6x6",
        "ahp_saaty2008_drinks_7x7", "ahp_bozoki2010_incomplete", "coinr_small_aggregators",
        "coinr_outranking_copeland", "gra_cross_check"};
    for (const auto& c : reference()["cases"]) {
        BOOST_TEST_INFO("case " << c["id"]);
        BOOST_TEST((std::find(tested.begin(), tested.end(), c["id"].get<std::string>()) != tested.end()));
    }
}

BOOST_AUTO_TEST_CASE(entropy) {
    for (const char* id : {"entropy_elsayed2017", "entropy_skcriteria_2x2"}) {
        const auto& c = find_case(id);
        check_close(m::entropy_weights(matrix_of(c["matrix"])), c["expected_weights"], c["tolerance"], id);
    }
}

BOOST_AUTO_TEST_CASE(critic) {
    for (const char* id : {"critic_tus_adali2019", "critic_diakoulaki1995", "critic_diakoulaki1995_unscaled_pearson",
                           "critic_diakoulaki1995_scaled_spearman"}) {
        const auto& c = find_case(id);
        bool scale = true;
        auto corr = m::correlation::pearson;
        if (c.contains("variant")) {
            scale = c["variant"]["minmax_scale_first"];
            corr = c["variant"]["correlation"] == "spearman" ? m::correlation::spearman : m::correlation::pearson;
        }
        check_close(m::critic_weights(matrix_of(c["matrix"]), types_of(c), corr, scale), c["expected_weights"],
                    c["tolerance"], id);
        if (c.contains("full_precision_reimplementation")) {
            check_close(m::critic_weights(matrix_of(c["matrix"]), types_of(c), corr, scale),
                        c["full_precision_reimplementation"], 1e-6, std::string(id) + " full precision");
        }
    }
}

BOOST_AUTO_TEST_CASE(topsis) {
    {
        const auto& c = find_case("topsis_opricovic2004_minmax");
        const auto r = m::topsis(matrix_of(c["matrix"]), vector_of(c["weights"]), types_of(c), m::topsis_normalisation::min_max);
        check_close(r.score, c["expected_preference"], c["tolerance"], "opricovic minmax");
        check_close(r.score, c["full_precision_reimplementation"], 1e-6, "opricovic full precision");
    }
    {
        const auto& c = find_case("topsis_tzeng2011_vector");
        const auto r = m::topsis(matrix_of(c["matrix"]), vector_of(c["weights"]), types_of(c), m::topsis_normalisation::vector);
        check_close(r.score, c["expected_preference"], c["tolerance"], "tzeng vector");
        check_close(r.score, c["full_precision_reimplementation"], 1e-6, "tzeng full precision");
        const auto named = m::rank_named("topsis", matrix_of(c["matrix"]), vector_of(c["weights"]), types_of(c),
                                         R"({"normalisation": "vector"})");
        BOOST_TEST(named.ranks == c["expected_rank"].get<std::vector<std::int64_t>>(), boost::test_tools::per_element());
    }
    {
        const auto& c = find_case("topsis_no_normalization");
        const auto r = m::topsis(matrix_of(c["matrix"]), vector_of(c["weights"]), types_of(c), m::topsis_normalisation::none);
        check_close(r.score, c["expected_preference"], c["tolerance"], "raw");
        // Weights are normalised to sum 1 inside (here 1/3 each); the case's ideal uses w = 1, so
        // the reported points are the expected ones divided by 3.
        check_close(r.ideal * 3.0, c["expected_ideal"], 1e-12, "ideal");
        check_close(r.anti_ideal * 3.0, c["expected_anti_ideal"], 1e-12, "anti-ideal");
    }
}

BOOST_AUTO_TEST_CASE(vikor) {
    for (const char* id : {"vikor_tzeng_4x3", "vikor_opricovic2004", "vikor_yang_wu2020", "vikor_opricovic2007_W1"}) {
        const auto& c = find_case(id);
        const double tol = c["tolerance"];
        const Eigen::VectorXd w = c.contains("weights") ? vector_of(c["weights"]) : vector_of(c["weights_raw"]);
        const auto r = m::vikor(matrix_of(c["matrix"]), w, types_of(c), c["v"]);
        if (c.contains("expected_S")) check_close(r.S, c["expected_S"], tol, std::string(id) + " S");
        if (c.contains("expected_R")) check_close(r.R, c["expected_R"], tol, std::string(id) + " R");
        check_close(r.Q, c["expected_Q"], tol, std::string(id) + " Q");
        if (c.contains("full_precision_reimplementation")) {
            const auto& f = c["full_precision_reimplementation"];
            check_close(r.S, f["S"], 1e-6, std::string(id) + " S full");
            check_close(r.R, f["R"], 1e-6, std::string(id) + " R full");
            check_close(r.Q, f["Q"], 1e-6, std::string(id) + " Q full");
        }
        if (c.contains("expected_acceptable_advantage")) {
            BOOST_TEST(r.acceptable_advantage == c["expected_acceptable_advantage"].get<bool>(), id);
            BOOST_TEST(r.acceptable_stability == c["expected_acceptable_stability"].get<bool>(), id);
            std::vector<Eigen::Index> expected = c["expected_compromise_set_0based"].get<std::vector<Eigen::Index>>();
            BOOST_TEST(r.compromise == expected, boost::test_tools::per_element());
        }
        if (c.contains("expected_rank_by_Q")) {
            BOOST_TEST(r.rank_q == c["expected_rank_by_Q"].get<std::vector<std::int64_t>>(), boost::test_tools::per_element());
        }
    }
}

BOOST_AUTO_TEST_CASE(ahp_wang_chin) {
    const auto& c = find_case("ahp_wang_chin2011_6x6");
    const Eigen::MatrixXd A = matrix_of(c["matrix"]);
    m::ahp_options o;
    const auto r = m::ahp(A, o);
    check_close(r.weights, c["expected_weights"], c["tolerance"], "eigenvector");
    const auto& d = c["derived"];
    BOOST_TEST(std::abs(r.lambda_max - d["lambda_max"].get<double>()) <= 5e-6);
    BOOST_TEST(std::abs(r.ci - d["CI"].get<double>()) <= 5e-6);
    BOOST_TEST(std::abs(r.cr - d["CR"]["saaty1980_RI6=1.24"].get<double>()) <= 5e-4);
    BOOST_TEST(!r.consistent);  // CR 0.229 > 0.1
    BOOST_TEST(r.table == "saaty1980");
    const std::pair<m::ri_table, const char*> tables[] = {{m::ri_table::saaty2005, "saaty2005_RI6=1.25"},
                                                          {m::ri_table::tummala_ling, "tummala_ling_RI6=1.2358"},
                                                          {m::ri_table::donegan_dodd, "donegan_dodd_RI6=1.1797"}};
    for (const auto& [t, key] : tables) {
        o.table = t;
        BOOST_TEST_INFO(key);
        BOOST_TEST(std::abs(m::ahp(A, o).cr - d["CR"][key].get<double>()) <= 5e-4);
    }
    o = {};
    o.priority = m::ahp_priority::geometric_mean;
    check_close(m::ahp(A, o).weights, d["row_geometric_mean_weights"], 5e-5, "geometric mean");
}

BOOST_AUTO_TEST_CASE(ahp_drinks) {
    const auto& c = find_case("ahp_saaty2008_drinks_7x7");
    const Eigen::MatrixXd A = matrix_of(c["matrix"]);
    m::ahp_options o;
    const auto r = m::ahp(A, o);
    check_close(r.weights, c["expected_weights"], c["tolerance"], "drinks");
    const auto& d = c["derived"];
    BOOST_TEST(std::abs(r.lambda_max - d["lambda_max"].get<double>()) <= 5e-6);
    BOOST_TEST(std::abs(r.ci - d["CI"].get<double>()) <= 5e-6);
    BOOST_TEST(std::abs(r.cr - d["CR_saaty1980_RI7=1.32"].get<double>()) <= 5e-5);
    BOOST_TEST(r.consistent);
    o.table = m::ri_table::saaty2005;
    BOOST_TEST(std::abs(m::ahp(A, o).cr - c["expected_CR"]["saaty_RI7=1.35 (precision 3)"].get<double>()) <= 5e-4);
    o.table = m::ri_table::donegan_dodd;
    BOOST_TEST(std::abs(m::ahp(A, o).cr - c["expected_CR"]["donegan_dodd_RI7=1.2519 (precision 4)"].get<double>()) <= 5e-5);
    o.table = m::ri_table::tummala_ling;
    BOOST_TEST(std::abs(m::ahp(A, o).cr - d["CR_tummala_ling_RI7=1.3322"].get<double>()) <= 5e-5);
    o = {};
    o.priority = m::ahp_priority::geometric_mean;
    check_close(m::ahp(A, o).weights, d["row_geometric_mean_weights"], 5e-5, "drinks geometric mean");
}

BOOST_AUTO_TEST_CASE(ahp_incomplete) {
    const auto& c = find_case("ahp_bozoki2010_incomplete");
    // Elements a, b, c, d; given a>b 1, a>c 5, a>d 2, b>c 3, b>d 4; c>d missing (0).
    Eigen::MatrixXd A = Eigen::MatrixXd::Identity(4, 4);
    const auto& g = c["given_comparisons"];
    const auto put = [&](int i, int j, double v) {
        A(i, j) = v;
        A(j, i) = 1.0 / v;
    };
    put(0, 1, g["a>b"]);
    put(0, 2, g["a>c"]);
    put(0, 3, g["a>d"]);
    put(1, 2, g["b>c"]);
    put(1, 3, g["b>d"]);
    A(2, 3) = A(3, 2) = 0.0;
    m::ahp_options o;
    o.table = m::ri_table::donegan_dodd;
    const auto r = m::ahp(A, o);
    BOOST_TEST(r.missing == 1);
    BOOST_TEST(std::abs(r.completed(2, 3) - c["expected_completed"]["c>d"].get<double>()) <= 1e-6);
    BOOST_TEST(std::abs(r.completed(3, 2) * r.completed(2, 3) - 1.0) <= 1e-12);
    check_close(r.weights, c["expected_weights"], c["tolerance"], "incomplete");
    BOOST_TEST(std::abs(r.cr - c["expected_CR_donegan_dodd"].get<double>()) <= 5e-5);
}

BOOST_AUTO_TEST_CASE(coinr_aggregators) {
    const auto& c = find_case("coinr_small_aggregators");
    for (const auto& k : c["cases"]) {
        const Eigen::VectorXd x = vector_of(k["x"]);
        const Eigen::VectorXd w = k["w"].is_null() ? Eigen::VectorXd() : vector_of(k["w"]);
        const std::string f = k["f"];
        double got = 0.0;
        m::mean_options o;
        if (f == "a_gmean") got = m::geometric_mean(x, w);
        else if (f == "a_hmean") got = m::harmonic_mean(x, w);
        else if (f == "a_genmean p=-1") { o.p = -1.0; got = m::power_mean(x, w, o); }
        else if (f == "a_genmean p=1") { o.p = 1.0; got = m::power_mean(x, w, o); }
        else BOOST_FAIL("unknown aggregator " + f);
        BOOST_TEST_INFO(f);
        BOOST_TEST(std::abs(got - k["expected"].get<double>()) <= 1e-12);
    }
    // Edge cases stated by the case: geometric errors on x <= 0, harmonic on 0; NaN dropped with its weight.
    const Eigen::VectorXd w3 = Eigen::VectorXd::Ones(3);
    BOOST_CHECK_THROW((void)m::geometric_mean(Eigen::Vector3d(1, 0, 3), w3), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::harmonic_mean(Eigen::Vector3d(1, 0, 3), w3), civiscore::invalid_argument_error);
    // x = (1, NaN, 3), w = (1, 5, 1): geometric sqrt(1*3) = 1.7320508...
    BOOST_TEST(std::abs(m::geometric_mean(Eigen::Vector3d(1, std::nan(""), 3), Eigen::Vector3d(1, 5, 1)) - std::sqrt(3.0)) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(coinr_copeland) {
    const auto& c = find_case("coinr_outranking_copeland");
    const auto r = m::copeland(matrix_of(c["matrix"]), vector_of(c["weights"]), {});
    const Eigen::MatrixXd O = matrix_of(c["expected_outranking"]);
    BOOST_TEST((r.outranking - O).cwiseAbs().maxCoeff() <= 1e-12);
    check_close(r.score, c["expected_copeland"], 1e-12, "copeland");
    BOOST_TEST(r.n_dominant == c["expected_nDominant"].get<int>());
    BOOST_TEST(r.frac_dominant == c["expected_fracDominant"].get<double>());
}

BOOST_AUTO_TEST_CASE(grey_relational) {
    const auto& c = find_case("gra_cross_check");
    const auto r = m::grey_relational(matrix_of(c["matrix"]), vector_of(c["weights"]), types_of(c), c["rho"]);
    check_close(r.grade, c["expected_grade"], c["tolerance"], "gra");
}

BOOST_AUTO_TEST_CASE(random_index_tables_match_the_file) {
    const auto& t = reference()["random_index_tables"];
    const std::pair<m::ri_table, const char*> tables[] = {
        {m::ri_table::saaty1980, "saaty1980 (used by pyDecision; n=1..10)"},
        {m::ri_table::saaty2005, "saaty2005 (AHPy random_index='saaty')"},
        {m::ri_table::donegan_dodd, "donegan_dodd1991 (AHPy default 'dd'; linear interpolation between listed n)"},
        {m::ri_table::tummala_ling, "tummala_ling1998 (pymcdm AHP.RI_M)"}};
    for (const auto& [tab, key] : tables) {
        BOOST_REQUIRE(t.contains(key));
        for (const auto& [n, v] : t[key].items()) {
            BOOST_TEST_INFO(key << " n=" << n);
            BOOST_TEST(m::random_index(tab, std::stoi(n)) == v.get<double>());
        }
    }
    // Donegan-Dodd between 20 (1.5371) and 25 (1.5619): n = 22 -> 1.5371 + 0.4 * 0.0248 = 1.54702.
    BOOST_TEST(std::abs(m::random_index(m::ri_table::donegan_dodd, 22) - 1.54702) <= 1e-12);
    BOOST_CHECK_THROW((void)m::random_index(m::ri_table::saaty1980, 11), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
