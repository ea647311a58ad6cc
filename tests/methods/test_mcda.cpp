// MCDA methods the reference file lacks (absolute TOPSIS, fuzzy evaluation, MPI, Copeland with cost
// criteria) against hand computations; TOPSIS/VIKOR/GRA/Copeland published cases are in
// test_reference_vectors.cpp.
#include <civiscore/error.hpp>
#include <civiscore/methods/catalogue.hpp>
#include <civiscore/methods/mcda.hpp>

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

BOOST_AUTO_TEST_SUITE(mcda)

BOOST_AUTO_TEST_CASE(absolute_topsis_on_goalposts) {
    // Criterion 0 benefit with goalposts 0 -> 100, criterion 1 cost with 10 -> 0; w = 0.5, 0.5.
    // Unit (50, 5): n = (0.5, 0.5), v = (0.25, 0.25); ideal (0.5, 0.5), anti 0: D+ = D- -> 0.5.
    // Unit (100, 0): n = (1, 1) -> 1. Unit (150, 20): clamped n = (1, 0): D+ = D- = 0.5 -> 0.5.
    Eigen::MatrixXd X(3, 2);
    X << 50, 5, 100, 0, 150, 20;
    const auto r = m::topsis_absolute(X, Eigen::Vector2d(0.5, 0.5), Eigen::Vector2d(100, 0), Eigen::Vector2d(0, 10));
    expect(r.score, {0.5, 1.0, 0.5});
    const auto named = m::rank_named("topsis_absolute", X, Eigen::Vector2d(1, 1), {},
                                     R"({"ideal": [100, 0], "anti_ideal": [0, 10]})");
    expect(named.score, {0.5, 1.0, 0.5});
    BOOST_TEST(named.ranks == (std::vector<std::int64_t>{2, 1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(fuzzy_operators) {
    // R = [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]], w = (0.6, 0.4), grade values (90, 75, 60).
    Eigen::MatrixXd R(2, 3);
    R << 0.2, 0.5, 0.3, 0.6, 0.3, 0.1;
    const Eigen::Vector2d w(0.6, 0.4);
    const Eigen::Vector3d g(90, 75, 60);
    // M(.,+): (0.12 + 0.24, 0.30 + 0.12, 0.18 + 0.04) = (0.36, 0.42, 0.22); score 32.4 + 31.5 + 13.2.
    auto r = m::fuzzy_evaluate(R, w, g, m::fuzzy_operator::weighted_sum);
    expect(r.b, {0.36, 0.42, 0.22});
    BOOST_TEST(std::abs(r.score - 77.1) <= 1e-9);
    // M(^,v): (max(0.2, 0.4), max(0.5, 0.3), max(0.3, 0.1)) = (0.4, 0.5, 0.3) / 1.2; score 76.25.
    r = m::fuzzy_evaluate(R, w, g, m::fuzzy_operator::min_max);
    expect(r.b, {1.0 / 3, 5.0 / 12, 0.25});
    BOOST_TEST(std::abs(r.score - 76.25) <= 1e-9);
    // M(.,v): (max(0.12, 0.24), max(0.30, 0.12), max(0.18, 0.04)) = (0.24, 0.30, 0.18) / 0.72.
    r = m::fuzzy_evaluate(R, w, g, m::fuzzy_operator::product_max);
    expect(r.b, {1.0 / 3, 5.0 / 12, 0.25});
    // M(^,+): (0.2 + 0.4, 0.5 + 0.3, 0.3 + 0.1) = (0.6, 0.8, 0.4) / 1.8; score 30 + 33.33 + 13.33.
    r = m::fuzzy_evaluate(R, w, g, m::fuzzy_operator::min_bounded);
    expect(r.b, {1.0 / 3, 4.0 / 9, 2.0 / 9});
    BOOST_TEST(std::abs(r.score - 230.0 / 3) <= 1e-9);
    // Survey counts (2, 5, 3) and (6, 3, 1) respondents give the same R.
    Eigen::MatrixXd counts(2, 3);
    counts << 2, 5, 3, 6, 3, 1;
    BOOST_TEST((m::membership_from_counts(counts) - R).cwiseAbs().maxCoeff() <= 1e-15);
    counts.row(1).setZero();
    BOOST_CHECK_THROW((void)m::membership_from_counts(counts), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(membership_functions) {
    // Triangular peaks 90, 75, 60 (grades good, fair, poor): x = 80 is 10 from 90 and 5 from 75 ->
    // good 1/3, fair 2/3. Beyond the end peaks: full membership of the end grade.
    const Eigen::Vector3d peaks(90, 75, 60);
    expect(m::trapezoidal_membership(80, peaks, peaks), {1.0 / 3, 2.0 / 3, 0});
    expect(m::trapezoidal_membership(95, peaks, peaks), {1, 0, 0});
    expect(m::trapezoidal_membership(50, peaks, peaks), {0, 0, 1});
    // Trapezoids [0, 30], [40, 60], [70, 100]: 35 is half way between plateaus 1 and 2; 50 inside 2.
    const Eigen::Vector3d lo(0, 40, 70), hi(30, 60, 100);
    expect(m::trapezoidal_membership(35, lo, hi), {0.5, 0.5, 0});
    expect(m::trapezoidal_membership(50, lo, hi), {0, 1, 0});
    BOOST_CHECK_THROW((void)m::trapezoidal_membership(1, Eigen::Vector2d(0, 0), Eigen::Vector2d(1, 1)),
                      civiscore::invalid_argument_error);
    // One unit, one criterion, through rank_named: x = 80 -> B (1/3, 2/3, 0); score 30 + 50 = 80.
    const auto r = m::rank_named("fuzzy", Eigen::MatrixXd::Constant(1, 1, 80.0), Eigen::VectorXd::Ones(1), {},
                                 R"({"peaks": [[90, 75, 60]], "grade_values": [90, 75, 60]})");
    BOOST_TEST(std::abs(r.score(0) - 80.0) <= 1e-9);
    const auto extra = nlohmann::json::parse(r.extra_json);
    BOOST_TEST(std::abs(extra["B"][0][1].get<double>() - 2.0 / 3) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(mazziotta_pareto_index) {
    // Columns (10, 20, 30) and (20, 10, 30): mean 20, population sd sqrt(200/3) = 8.164966, so
    // z = 100 -+ 12.247449 or 100. Unit 0: z = (87.752551, 100): M = 93.876276, S = 6.123724,
    // cv = S / M; MPI- = M - S * cv = 93.476814; unit 2: z = 112.247449 twice, S = 0.
    Eigen::MatrixXd X(3, 2);
    X << 10, 20, 20, 10, 30, 30;
    const double z = 100.0 / std::sqrt(200.0 / 3), M = (200.0 - z) / 2, S = z / 2;
    expect(m::mazziotta_pareto(X, Eigen::Vector2d(1, 1), {}, -1), {M - S * S / M, M - S * S / M, 100 + z}, 1e-9);
    expect(m::mazziotta_pareto(X, Eigen::Vector2d(1, 1), {}, 1), {M + S * S / M, M + S * S / M, 100 + z}, 1e-9);
    BOOST_TEST(std::abs(M - S * S / M - 93.476814) <= 1e-6);
}

BOOST_AUTO_TEST_CASE(copeland_with_cost_and_missing_values) {
    // One cost criterion: the lower value outranks: O_01 = 1, O_10 = 0 -> Copeland (1, -1).
    Eigen::MatrixXd X(2, 1);
    X << 1, 2;
    const auto r = m::copeland(X, Eigen::VectorXd::Ones(1), {-1});
    expect(r.score, {1, -1});
    X(1, 0) = std::numeric_limits<double>::quiet_NaN();
    try {
        (void)m::topsis(X, Eigen::VectorXd::Ones(1), {}, m::topsis_normalisation::min_max);
        BOOST_FAIL("no error for NaN");
    } catch (const civiscore::invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("row 1, column 0") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(vikor_named_extra_and_errors) {
    Eigen::MatrixXd X(3, 2);
    X << 1, 3000, 2, 3750, 5, 4500;
    const auto r = m::rank_named("vikor", X, Eigen::Vector2d(0.5, 0.5), {-1, 1}, R"({"v": 0.5})");
    BOOST_TEST(!r.higher_is_better);
    BOOST_TEST(r.ranks == (std::vector<std::int64_t>{2, 1, 2}), boost::test_tools::per_element());
    const auto extra = nlohmann::json::parse(r.extra_json);
    BOOST_TEST(extra["compromise"] == nlohmann::json::array({1}));
    BOOST_CHECK_THROW((void)m::rank_named("vikor", X, Eigen::Vector2d(1, 1), {}, R"({"w": 0.5})"),
                      civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::rank_named("electre", X, Eigen::Vector2d(1, 1), {}, ""), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::rank_named("topsis", X, Eigen::Vector3d(1, 1, 1), {}, ""), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
