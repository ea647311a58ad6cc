// Weighted means of a vector: power means, median, limits and the non-positive policy; the
// COINr cases are in test_reference_vectors.cpp.
#include <civiscore/error.hpp>
#include <civiscore/methods/catalogue.hpp>
#include <civiscore/methods/means.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace m = civiscore::methods;

namespace {
const double nan_v = std::numeric_limits<double>::quiet_NaN();
const Eigen::VectorXd none;  // equal weights
bool near(double a, double b) { return std::abs(a - b) <= 1e-9; }
}  // namespace

BOOST_AUTO_TEST_SUITE(means)

BOOST_AUTO_TEST_CASE(power_means_and_limits) {
    const Eigen::Vector3d x(1, 2, 3);
    m::mean_options o;
    o.p = 2;  // sqrt((1 + 4 + 9) / 3) = sqrt(14/3) = 2.160247
    BOOST_TEST(near(m::power_mean(x, none, o), std::sqrt(14.0 / 3)));
    o.p = std::numeric_limits<double>::infinity();
    BOOST_TEST(m::power_mean(x, none, o) == 3.0);
    o.p = -std::numeric_limits<double>::infinity();
    BOOST_TEST(m::power_mean(x, none, o) == 1.0);
    // Minimum/maximum ignore zero-weight values: x = 1, 5, 3 with w = 1, 0, 1 -> max 3.
    BOOST_TEST(m::maximum(Eigen::Vector3d(1, 5, 3), Eigen::Vector3d(1, 0, 1)) == 3.0);
    BOOST_TEST(m::minimum(Eigen::Vector3d(1, 5, 3), none) == 1.0);
    // Arithmetic takes negatives: (-1 + 3) / 2 = 1.
    BOOST_TEST(near(m::arithmetic_mean(Eigen::Vector2d(-1, 3), none), 1.0));
    // Every value missing: the missing result.
    BOOST_TEST(std::isnan(m::geometric_mean(Eigen::Vector2d(nan_v, nan_v), none)));
}

BOOST_AUTO_TEST_CASE(weighted_median_rule) {
    BOOST_TEST(m::weighted_median(Eigen::Vector4d(4, 1, 3, 2), none) == 2.5);  // even n: midpoint
    BOOST_TEST(m::weighted_median(Eigen::Vector3d(3, 1, 2), none) == 2.0);
    // w = 1, 1, 3 (W = 5, half 2.5): cumulative 1, 2, 5 -> 3.
    BOOST_TEST(m::weighted_median(Eigen::Vector3d(1, 2, 3), Eigen::Vector3d(1, 1, 3)) == 3.0);
    // w = 2, 1, 1 (half 2): the cumulative weight is exactly half at 1 -> (1 + 2) / 2.
    BOOST_TEST(m::weighted_median(Eigen::Vector3d(1, 2, 3), Eigen::Vector3d(2, 1, 1)) == 1.5);
}

BOOST_AUTO_TEST_CASE(nonpositive_policy) {
    try {
        (void)m::geometric_mean(Eigen::Vector3d(2, 0, 3), none);
        BOOST_FAIL("no error for a zero");
    } catch (const civiscore::invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("index 1") != std::string::npos);
    }
    m::mean_options o;
    o.policy = m::nonpositive_policy::shift_epsilon;
    o.epsilon = 1.0;
    // x = 0, 4: shift 1 - 0 = 1 -> sqrt(1 * 5) - 1 = 1.236068.
    BOOST_TEST(near(m::geometric_mean(Eigen::Vector2d(0, 4), none, o), std::sqrt(5.0) - 1.0));
    // x = -1, 3: shift 1 - (-1) = 2 -> sqrt(5) - 2 = 0.236068.
    BOOST_TEST(near(m::geometric_mean(Eigen::Vector2d(-1, 3), none, o), std::sqrt(5.0) - 2.0));
    // Harmonic, x = 0, 4, shift 1: 2 / (1 + 1/5) - 1 = 5/3 - 1 = 2/3.
    BOOST_TEST(near(m::harmonic_mean(Eigen::Vector2d(0, 4), none, o), 2.0 / 3));
    // p = 0.5 with a negative value is undefined too; with a zero it is fine: ((0 + 2) / 2)^2 = 1.
    o = {};
    o.p = 0.5;
    BOOST_CHECK_THROW((void)m::power_mean(Eigen::Vector2d(-1, 4), none, o), civiscore::invalid_argument_error);
    BOOST_TEST(near(m::power_mean(Eigen::Vector2d(0, 4), none, o), 1.0));
}

BOOST_AUTO_TEST_CASE(named) {
    const Eigen::VectorXd x = Eigen::Vector3d(1, 2, 3);
    BOOST_TEST(near(m::aggregate_named("power", x, none, R"({"p": 2})"), std::sqrt(14.0 / 3)));
    BOOST_TEST(m::aggregate_named("power", x, none, R"({"p": "-inf"})") == 1.0);
    BOOST_TEST(near(m::aggregate_named("geometric", Eigen::Vector2d(0, 4), none,
                                       R"({"policy": "shift_epsilon", "epsilon": 1})"), std::sqrt(5.0) - 1.0));
    BOOST_CHECK_THROW((void)m::aggregate_named("median", x, none, R"({"p": 2})"), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::aggregate_named("mode", x, none, ""), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::aggregate_named("power", x, none, ""), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
