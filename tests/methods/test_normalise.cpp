// Stand-alone normalisers against hand-computed values (arithmetic in the comments).
#include <civiscore/error.hpp>
#include <civiscore/methods/catalogue.hpp>
#include <civiscore/methods/normalise.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

namespace m = civiscore::methods;
namespace tt = boost::test_tools;

namespace {
const double nan_v = std::numeric_limits<double>::quiet_NaN();

Eigen::MatrixXd col(std::initializer_list<double> v) {
    Eigen::MatrixXd X(static_cast<Eigen::Index>(v.size()), 1);
    Eigen::Index i = 0;
    for (double x : v) X(i++, 0) = x;
    return X;
}

void expect(const Eigen::MatrixXd& got, std::initializer_list<double> want, double tol = 1e-9) {
    BOOST_REQUIRE_EQUAL(got.rows(), static_cast<Eigen::Index>(want.size()));
    Eigen::Index i = 0;
    for (double w : want) {
        BOOST_TEST_INFO("row " << i << ": got " << got(i, 0) << ", want " << w);
        if (std::isnan(w)) {
            BOOST_TEST(std::isnan(got(i, 0)));
        } else {
            BOOST_TEST(std::abs(got(i, 0) - w) <= tol);
        }
        ++i;
    }
}

m::normalise_options range(double lo, double hi) {
    m::normalise_options o;
    o.lo = lo;
    o.hi = hi;
    return o;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(normalise)

BOOST_AUTO_TEST_CASE(min_max_with_range_and_cost) {
    // x = 2, 4, 6, 10: min 2, span 8 -> 0, 0.25, 0.5, 1; on [0, 100] -> 0, 25, 50, 100.
    expect(m::normalise(m::normaliser::min_max, col({2, 4, 6, 10}), {}, range(0, 100)), {0, 25, 50, 100});
    // cost: (10 - x) / 8 -> 1, 0.75, 0.5, 0.
    expect(m::normalise(m::normaliser::min_max, col({2, 4, 6, 10}), {-1}), {1, 0.75, 0.5, 0});
    // NaN is skipped when learning and stays NaN: 2, NaN, 6 -> 0, NaN, 1.
    expect(m::normalise(m::normaliser::min_max, col({2, nan_v, 6}), {}), {0, nan_v, 1});
}

BOOST_AUTO_TEST_CASE(z_score_sample_and_population) {
    // mean 5.5; deviations -3.5 -1.5 0.5 4.5; squares sum 35; sample sd sqrt(35/3) = 3.415650;
    // population sd sqrt(35/4) = 2.958040.
    const double s = std::sqrt(35.0 / 3.0), p = std::sqrt(35.0 / 4.0);
    expect(m::normalise(m::normaliser::z_score, col({2, 4, 6, 10}), {}), {-3.5 / s, -1.5 / s, 0.5 / s, 4.5 / s});
    m::normalise_options o;
    o.population_sd = true;
    o.mean_out = 100;
    o.sd_out = 10;
    expect(m::normalise(m::normaliser::z_score, col({2, 4, 6, 10}), {}, o),
           {100 - 35 / p, 100 - 15 / p, 100 + 5 / p, 100 + 45 / p});
    // -3.5 / 3.415650 = -1.024695 (sample, the default).
    BOOST_TEST(std::abs(m::normalise(m::normaliser::z_score, col({2, 4, 6, 10}), {})(0, 0) + 1.024695) <= 1e-6);
}

BOOST_AUTO_TEST_CASE(distance_to_target) {
    m::normalise_options o;
    o.targets = {8};
    // (x - 2) / (8 - 2): 0, 1/3, 2/3, 8/6 capped to 1.
    expect(m::normalise(m::normaliser::distance_to_target, col({2, 4, 6, 10}), {}, o), {0, 1.0 / 3, 2.0 / 3, 1});
    o.cap = false;
    expect(m::normalise(m::normaliser::distance_to_target, col({2, 4, 6, 10}), {}, o), {0, 1.0 / 3, 2.0 / 3, 4.0 / 3});
    // cost, target 3: (10 - x) / (10 - 3): 8/7 capped 1, 6/7, 4/7, 0.
    o = {};
    o.targets = {3};
    expect(m::normalise(m::normaliser::distance_to_target, col({2, 4, 6, 10}), {-1}, o), {1, 6.0 / 7, 4.0 / 7, 0});
    BOOST_CHECK_THROW((void)m::normalise(m::normaliser::distance_to_target, col({2, 4}), {}), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(distance_to_best_max_vector_sum) {
    // best unit: x / 10 and, cost, 2 / x.
    expect(m::normalise(m::normaliser::distance_to_best, col({2, 4, 6, 10}), {}), {0.2, 0.4, 0.6, 1});
    expect(m::normalise(m::normaliser::distance_to_best, col({2, 4, 6, 10}), {-1}), {1, 0.5, 2.0 / 6, 0.2});
    // max: x / 10; cost 1 - x / 10.
    expect(m::normalise(m::normaliser::max, col({2, 4, 6, 10}), {-1}), {0.8, 0.6, 0.4, 0});
    // vector: 3, 4 / 5 -> 0.6, 0.8; cost 1 - that -> 0.4, 0.2.
    expect(m::normalise(m::normaliser::vector, col({3, 4}), {}), {0.6, 0.8});
    expect(m::normalise(m::normaliser::vector, col({3, 4}), {-1}), {0.4, 0.2});
    // sum: 1, 3 / 4 -> 0.25, 0.75; cost (1/x) / sum(1/x) = 1, 1/3 over 4/3 -> 0.75, 0.25.
    expect(m::normalise(m::normaliser::sum, col({1, 3}), {}), {0.25, 0.75});
    expect(m::normalise(m::normaliser::sum, col({1, 3}), {-1}), {0.75, 0.25});
    BOOST_CHECK_THROW((void)m::normalise(m::normaliser::sum, col({0, 3}), {-1}), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(rank_and_percentile_rank) {
    m::normalise_options o;
    // 3, 1, 3, 2 ascending: 1 -> 1, 2 -> 2, the two 3s share 3 (min) or 3.5 (average).
    expect(m::normalise(m::normaliser::rank, col({3, 1, 3, 2}), {}, o), {3, 1, 3, 2});
    o.ties = m::rank_ties::average;
    expect(m::normalise(m::normaliser::rank, col({3, 1, 3, 2}), {}, o), {3.5, 1, 3.5, 2});
    // cost ranks -x: the 3s are worst (1), then 2 (3), then 1 (4).
    expect(m::normalise(m::normaliser::rank, col({3, 1, 3, 2}), {-1}), {1, 4, 1, 3});
    // percentile: (min rank - 1) / (4 - 1) -> 2/3, 0, 2/3, 1/3.
    expect(m::normalise(m::normaliser::percentile_rank, col({3, 1, 3, 2}), {}), {2.0 / 3, 0, 2.0 / 3, 1.0 / 3});
}

BOOST_AUTO_TEST_CASE(log_then_min_max) {
    // x = 0, e - 1, e^2 - 1: ln(x - 0 + 1) = 0, 1, 2 -> 0, 0.5, 1.
    const double e = std::exp(1.0);
    expect(m::normalise(m::normaliser::log_min_max, col({0, e - 1, e * e - 1}), {}), {0, 0.5, 1});
}

BOOST_AUTO_TEST_CASE(categorical_table) {
    m::normalise_options o;
    o.categories = {{1, 10}, {2, 50}, {3, 100}};
    expect(m::normalise(m::normaliser::categorical, col({3, 1, nan_v}), {}, o), {100, 10, nan_v});
    try {
        (void)m::normalise(m::normaliser::categorical, col({3, 4}), {}, o);
        BOOST_FAIL("no error for an unknown category");
    } catch (const civiscore::invalid_argument_error& err) {
        BOOST_TEST(std::string(err.what()).find("row 1, column 0") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(constant_column_is_the_midpoint_everywhere) {
    const Eigen::MatrixXd X = col({5, 5, nan_v});
    m::normalise_options o = range(0, 100);
    o.targets = {10};
    for (auto n : {m::normaliser::min_max, m::normaliser::distance_to_target, m::normaliser::distance_to_best,
                   m::normaliser::percentile_rank, m::normaliser::vector, m::normaliser::sum, m::normaliser::max,
                   m::normaliser::log_min_max}) {
        BOOST_TEST_CONTEXT(m::normaliser_name(n)) { expect(m::normalise(n, X, {}, o), {50, 50, nan_v}); }
    }
    o.mean_out = 7;
    expect(m::normalise(m::normaliser::z_score, X, {}, o), {7, 7, nan_v});
    expect(m::normalise(m::normaliser::rank, X, {}, o), {1, 1, nan_v});  // all tied, rule "min"
}

BOOST_AUTO_TEST_CASE(named_options_and_errors) {
    expect(m::normalise_named("min_max", col({2, 4, 6, 10}), {}, R"({"lo": 0, "hi": 100})"), {0, 25, 50, 100});
    expect(m::normalise_named("categorical", col({2}), {}, R"({"categories": [[1, 10], [2, 50]]})"), {50});
    try {
        (void)m::normalise_named("min_max", col({1, 2}), {}, R"({"hi": 1, "hgih": 2})");
        BOOST_FAIL("no error for an unknown key");
    } catch (const civiscore::invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("unknown option 'hgih'") != std::string::npos);
    }
    BOOST_CHECK_THROW((void)m::normalise_named("minmax", col({1, 2}), {}, ""), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::normalise_named("min_max", col({1, 2}), {}, R"({"lo": "a"})"), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::normalise(m::normaliser::min_max, col({1, 2}), {2}), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW((void)m::normalise(m::normaliser::min_max, col({1, 2}), {1, 1}), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_SUITE_END()
