// Weighted means: re-weighting over present values and the limits at zero and below.
#include <civiscore/methods/aggregate.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

namespace tt = boost::test_tools;
using civiscore::methods::aggregation;
using civiscore::methods::weighted_mean;

namespace {
constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double tol = 1e-12;
}  // namespace

BOOST_AUTO_TEST_SUITE(aggregate)

BOOST_AUTO_TEST_CASE(arithmetic_weighted) {
    const double x[] = {80.0, 60.0, 90.0};
    const double w[] = {0.5, 0.3, 0.2};
    bool negative = false;
    // 40 + 18 + 18 = 76, sum w = 1.
    BOOST_TEST(weighted_mean(aggregation::arithmetic, x, w, 3, &negative) == 76.0, tt::tolerance(tol));
    BOOST_TEST(!negative);
}

BOOST_AUTO_TEST_CASE(arithmetic_reweights_when_one_missing) {
    const double x[] = {80.0, nan_v, 90.0};
    const double w[] = {0.5, 0.3, 0.2};
    // (0.5*80 + 0.2*90) / 0.7 = 58 / 0.7 = 82.857142857142857...
    BOOST_TEST(weighted_mean(aggregation::arithmetic, x, w, 3, nullptr) == 580.0 / 7.0,
               tt::tolerance(tol));
}

BOOST_AUTO_TEST_CASE(arithmetic_negative_values_allowed) {
    const double x[] = {-1.0, 3.0};
    const double w[] = {1.0, 1.0};
    bool negative = false;
    BOOST_TEST(weighted_mean(aggregation::arithmetic, x, w, 2, &negative) == 1.0, tt::tolerance(tol));
    BOOST_TEST(!negative);
}

BOOST_AUTO_TEST_CASE(geometric_weighted) {
    const double x[] = {4.0, 16.0};
    const double w[] = {1.0, 1.0};
    // sqrt(4 * 16) = 8.
    BOOST_TEST(weighted_mean(aggregation::geometric, x, w, 2, nullptr) == 8.0, tt::tolerance(tol));
    const double x3[] = {2.0, 16.0, nan_v};
    const double w3[] = {3.0, 1.0, 5.0};
    // Present weights 3 and 1 -> 2^(3/4) * 16^(1/4) = 2^(3/4) * 2 = 2^(7/4) = 3.363585661014858.
    BOOST_TEST(weighted_mean(aggregation::geometric, x3, w3, 3, nullptr) == std::pow(2.0, 1.75),
               tt::tolerance(tol));
}

BOOST_AUTO_TEST_CASE(geometric_large_values_do_not_overflow) {
    // Multiplying x^w before taking the 1/sum(w) root would need 1e200 * 1e200 = 1e400 (overflow);
    // the log-sum gives exp((460.5 + 460.5) / 2) = 1e200.
    const double x[] = {1e200, 1e200};
    const double w[] = {1.0, 1.0};
    BOOST_TEST(weighted_mean(aggregation::geometric, x, w, 2, nullptr) == 1e200, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(harmonic_weighted) {
    const double x[] = {2.0, 6.0};
    const double w[] = {1.0, 1.0};
    // 2 / (1/2 + 1/6) = 2 / (2/3) = 3.
    BOOST_TEST(weighted_mean(aggregation::harmonic, x, w, 2, nullptr) == 3.0, tt::tolerance(tol));
    const double x3[] = {nan_v, 4.0, 8.0};
    const double w3[] = {7.0, 3.0, 1.0};
    // Present weights 3, 1: 4 / (3/4 + 1/8) = 4 / (7/8) = 32/7.
    BOOST_TEST(weighted_mean(aggregation::harmonic, x3, w3, 3, nullptr) == 32.0 / 7.0,
               tt::tolerance(tol));
}

BOOST_AUTO_TEST_CASE(zero_under_geometric_and_harmonic_is_zero) {
    const double x[] = {50.0, 0.0, 80.0};
    const double w[] = {1.0, 2.0, 1.0};
    bool negative = false;
    const double g = weighted_mean(aggregation::geometric, x, w, 3, &negative);
    const double h = weighted_mean(aggregation::harmonic, x, w, 3, &negative);
    BOOST_TEST(!std::isnan(g));
    BOOST_TEST(g == 0.0);
    BOOST_TEST(!std::isnan(h));
    BOOST_TEST(h == 0.0);
    BOOST_TEST(!negative);
}

BOOST_AUTO_TEST_CASE(negative_under_geometric_and_harmonic_flags) {
    const double x[] = {50.0, -0.5, 80.0};
    const double w[] = {1.0, 1.0, 1.0};
    bool negative = false;
    BOOST_TEST(std::isnan(weighted_mean(aggregation::geometric, x, w, 3, &negative)));
    BOOST_TEST(negative);
    negative = false;
    BOOST_TEST(std::isnan(weighted_mean(aggregation::harmonic, x, w, 3, &negative)));
    BOOST_TEST(negative);
    // A zero before the negative does not hide it.
    const double xz[] = {0.0, -1.0};
    negative = false;
    BOOST_TEST(std::isnan(weighted_mean(aggregation::geometric, xz, w, 2, &negative)));
    BOOST_TEST(negative);
    // No flag pointer: still NaN, no crash.
    BOOST_TEST(std::isnan(weighted_mean(aggregation::geometric, x, w, 3, nullptr)));
}

BOOST_AUTO_TEST_CASE(all_missing_is_nan) {
    const double x[] = {nan_v, nan_v};
    const double w[] = {1.0, 2.0};
    for (aggregation a : {aggregation::arithmetic, aggregation::geometric, aggregation::harmonic}) {
        bool negative = false;
        BOOST_TEST(std::isnan(weighted_mean(a, x, w, 2, &negative)));
        BOOST_TEST(!negative);
        BOOST_TEST(std::isnan(weighted_mean(a, x, w, 0, &negative)));
    }
}

BOOST_AUTO_TEST_SUITE_END()
