// Objective and combined weights against hand-computed values (arithmetic in the comments); the
// published cases (entropy, CRITIC) are in test_reference_vectors.cpp.
#include <civiscore/error.hpp>
#include <civiscore/methods/catalogue.hpp>
#include <civiscore/methods/weights.hpp>

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace m = civiscore::methods;

namespace {
void expect(const Eigen::VectorXd& got, std::initializer_list<double> want, double tol = 1e-6) {
    BOOST_REQUIRE_EQUAL(got.size(), static_cast<Eigen::Index>(want.size()));
    Eigen::Index i = 0;
    for (double w : want) {
        BOOST_TEST_INFO("index " << i << ": got " << got(i) << ", want " << w);
        BOOST_TEST(std::abs(got(i) - w) <= tol);
        ++i;
    }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(weights)

BOOST_AUTO_TEST_CASE(equal_sd_cv_gini) {
    expect(m::equal_weights(4), {0.25, 0.25, 0.25, 0.25});
    Eigen::MatrixXd X(3, 2);
    X << 1, 2, 2, 3, 3, 4;
    // sd: both columns have sd 1 -> 0.5, 0.5.
    expect(m::standard_deviation_weights(X), {0.5, 0.5});
    // cv: 1/2 and 1/3 -> (1/2, 1/3) / (5/6) = 0.6, 0.4.
    expect(m::coefficient_of_variation_weights(X), {0.6, 0.4});
    // Gini: sum over ordered pairs |x_a - x_b| = 2 * (1 + 2 + 1) = 8 for both; / (2 m^2 mean):
    // 8 / 36 = 0.2222 and 8 / 54 = 0.1481 -> 0.6, 0.4.
    expect(m::gini_weights(X), {0.6, 0.4});
    Eigen::MatrixXd Y(3, 2);
    Y << 1, 2, 2, 4, 3, 6;
    // sd 1 and 2 -> 1/3, 2/3.
    expect(m::standard_deviation_weights(Y), {1.0 / 3, 2.0 / 3});
}

BOOST_AUTO_TEST_CASE(merec_two_by_two) {
    // X = [[1, 1], [2, 4]], benefit: n = min / x -> col0 1, 0.5; col1 1, 0.25.
    // |ln n|: row0 (0, 0); row1 (ln 2, ln 4). Row 0 contributes nothing.
    // Row 1: S = ln(1 + (ln2 + ln4)/2) = 0.712813; without col0 ln(1 + ln4/2) = 0.526589;
    // without col1 ln(1 + ln2/2) = 0.297563. E = (0.186224, 0.415250) -> 0.309613, 0.690387.
    Eigen::MatrixXd X(2, 2);
    X << 1, 1, 2, 4;
    expect(m::merec_weights(X, {}), {0.309613, 0.690387});
    // Cost: n = x / max -> row0 (0.5, 0.25), row1 (1, 1): the same removal effects.
    expect(m::merec_weights(X, {-1, -1}), {0.309613, 0.690387});
    X(0, 0) = 0;
    BOOST_CHECK_THROW((void)m::merec_weights(X, {}), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(pca_squared_loadings) {
    // c0 = 1,2,3,4; c1 = 1,3,2,4; c2 = 1,-1,-1,1. Centred c2 is orthogonal to centred c0 and c1,
    // and r(c0, c1) = (2.25 - 0.25 - 0.25 + 2.25) / 5 = 0.8. Correlation eigenvalues 1.8, 1, 0.2 with
    // vectors (1,1,0)/sqrt2, (0,0,1), (1,-1,0)/sqrt2.
    Eigen::MatrixXd X(4, 3);
    X << 1, 1, 1, 2, 3, -1, 3, 2, -1, 4, 4, 1;
    m::weights_options o;
    o.retain = m::pca_retain::count;
    o.n_components = 2;
    // Two components: c0, c1 take component 1 (scaled squared loading 0.5, component share
    // 1.8 / 2.8), c2 takes component 2 (1, share 1 / 2.8): 0.9/2.8, 0.9/2.8, 1/2.8.
    const auto r = m::pca_weights(X, o);
    expect(r.weights, {0.9 / 2.8, 0.9 / 2.8, 1.0 / 2.8});
    expect(r.eigenvalues, {1.8, 1.0, 0.2}, 1e-12);
    BOOST_TEST(r.retained == 2);
    // Cumulative variance 0.6, 0.933: threshold 0.9 keeps two components, the same weights.
    o.retain = m::pca_retain::variance;
    o.variance_threshold = 0.9;
    expect(m::pca_weights(X, o).weights, {0.9 / 2.8, 0.9 / 2.8, 1.0 / 2.8});
    // Kaiser on c0, c1 alone: eigenvalues 1.8, 0.2 -> one component, squared loadings 0.5, 0.5.
    expect(m::pca_weights(X.leftCols(2)).weights, {0.5, 0.5});
}

BOOST_AUTO_TEST_CASE(combinations) {
    const Eigen::Vector2d w1(0.2, 0.8), w2(0.6, 0.4);
    // 0.25 * 0.2 + 0.75 * 0.6 = 0.5; 0.25 * 0.8 + 0.75 * 0.4 = 0.5.
    expect(m::combine_linear(w1, w2, 0.25), {0.5, 0.5});
    // 0.12, 0.32 over 0.44.
    expect(m::combine_multiplicative(w1, w2), {0.12 / 0.44, 0.32 / 0.44});
    // Game theory: G = [[0.68, 0.44], [0.44, 0.52]], b = (0.68, 0.52); det 0.16;
    // a = (0.52 * 0.24, 0.68 * 0.08) / 0.16 = (0.78, 0.34); alpha* = (0.78, 0.34) / 1.12;
    // w = 0.696429 * w1 + 0.303571 * w2 = (0.321429, 0.678571).
    const auto g = m::combine_game_theory({w1, w2});
    expect(g.alpha, {0.78 / 1.12, 0.34 / 1.12});
    expect(g.weights, {0.321429, 0.678571});
    // Identical vectors (singular system): alpha* = 1/2 each, weights unchanged.
    const auto same = m::combine_game_theory({w1, w1});
    expect(same.alpha, {0.5, 0.5});
    expect(same.weights, {0.2, 0.8});
}

BOOST_AUTO_TEST_CASE(named_combined_reports_alpha) {
    Eigen::MatrixXd X(3, 2);
    X << 1, 2, 2, 3, 3, 4;
    const auto r = m::weights_named("combined_game_theory", X, {}, R"({"weights": [[0.2, 0.8], [0.6, 0.4]]})");
    expect(r.weights, {0.321429, 0.678571});
    const auto rep = nlohmann::json::parse(r.report_json);
    BOOST_TEST(std::abs(rep["alpha"][0].get<double>() - 0.78 / 1.12) <= 1e-9);
    // "of" learns each method from X: coefficient of variation (0.6, 0.4) and sd (0.5, 0.5), alpha 0.5.
    expect(m::weights_named("combined_linear", X, {}, R"({"of": ["coefficient_of_variation", "standard_deviation"]})").weights,
           {0.55, 0.45});
    BOOST_CHECK_THROW((void)m::weights_named("entropy", X, {}, R"({"alpah": 1})"), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::weights_named("entropie", X, {}, ""), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(missing_and_degenerate_are_errors) {
    Eigen::MatrixXd X(2, 2);
    X << 1, 1, std::numeric_limits<double>::quiet_NaN(), 2;
    try {
        (void)m::entropy_weights(X);
        BOOST_FAIL("no error for NaN");
    } catch (const civiscore::invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("row 1, column 0") != std::string::npos);
    }
    // Entropy: a constant column has E = 1 (d = 0); X = [[1, 1], [2, 1]] -> weights (1, 0).
    X << 1, 1, 2, 1;
    expect(m::entropy_weights(X), {1.0, 0.0});
    X << 1, 1, 1, 1;
    BOOST_CHECK_THROW((void)m::entropy_weights(X), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
