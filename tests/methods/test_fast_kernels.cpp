// The speed kernels under the engine (issue 7): the entropy logarithm, the radix sort behind ranks
// and the unit-id check, each against the plain standard-library computation.
#include <boost/test/unit_test.hpp>

#include <civiscore/data.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>

#include "util/radix_sort.hpp"
#include "util/xlogx.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace civiscore;

BOOST_AUTO_TEST_SUITE(fast_kernels)

BOOST_AUTO_TEST_CASE(log_positive_is_within_two_ulp_of_max_1_ln_x_and_vectors_round_as_scalars) {
    std::vector<double> xs = {1.0, 2.0, 0.5, 3.0, 10.0, 100.0, 0.1, 1e-300, 4.9e-324, 2.2250738585072014e-308,
                              1.5e-310, 1e300, 1.7976931348623157e308, 0.7071067811865476, 1.4142135623730951,
                              std::nextafter(1.0, 0.0), std::nextafter(1.0, 2.0), 1.0 + 1.0 / 256, 1.0 + 1.0 / 128};
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> expo(-700, 700), unit(0, 1);
    for (int i = 0; i < 20000; ++i) xs.push_back(std::exp(expo(rng)) * (0.5 + unit(rng)));
    for (int i = 0; i < 20000; ++i) xs.push_back(100 * unit(rng));  // the scale of scored values
    for (int i = 0; i < 2000; ++i) xs.push_back(std::ldexp(static_cast<double>(rng() % 1000 + 1), -1074));  // subnormals
    for (double x : xs) {
        if (!(x > 0)) continue;
        const double want = std::log(x), got = log_positive(x);
        // The documented bound: within 2 ulp of max(1, |ln x|), absolute near x = 1 (util/xlogx.cpp).
        const double tol = 2 * std::numeric_limits<double>::epsilon() * std::max(std::fabs(want), 1.0);
        BOOST_TEST(std::fabs(got - want) <= tol, "x = " << x << ": " << got << " vs " << want);
        // Eight at a time (vectors) and one alone (scalar) give the same bits: x in lane 0.
        const double eight[8] = {x, 0, 0, 0, 0, 0, 0, 0};
        const double a = xlogx_sum(eight, 8), b = xlogx_sum(&x, 1);
        BOOST_TEST(std::memcmp(&a, &b, sizeof a) == 0, "x = " << x << ": " << a << " vs " << b);
    }
}

BOOST_AUTO_TEST_CASE(xlogx_sum_skips_missing_zero_and_negative) {
    std::vector<double> x;
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> unit(0, 100);
    double want = 0;
    for (int i = 0; i < 1003; ++i) {  // not a multiple of 8 or of the 256-value chunk
        double v = unit(rng);
        if (i % 17 == 0) v = NAN;
        if (i % 23 == 0) v = 0.0;
        if (i % 29 == 0) v = -3.0;
        x.push_back(v);
        if (v > 0) want += v * std::log(v);
    }
    const double got = xlogx_sum(x.data(), x.size());
    BOOST_TEST(got == want, boost::test_tools::tolerance(1e-13));
    BOOST_TEST(xlogx_sum(x.data(), 0) == 0.0);
    // Hand value: 2 ln 2 + e ln e = 1.3862943611198906 + 2.718281828459045.
    const double two[] = {2.0, std::exp(1.0), NAN, 0.0};
    BOOST_TEST(xlogx_sum(two, 4) == 2 * std::log(2.0) + std::exp(1.0), boost::test_tools::tolerance(1e-15));
    const double inf[] = {1.0, std::numeric_limits<double>::infinity()};
    BOOST_TEST(std::isinf(xlogx_sum(inf, 2)));
}

BOOST_AUTO_TEST_CASE(radix_sort_is_a_stable_sort_by_key) {
    std::mt19937_64 rng(3);
    for (const std::uint64_t range : {std::uint64_t{5}, std::uint64_t{3000}, ~std::uint64_t{0}}) {
        std::vector<keyed> v(5000);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = {range == ~std::uint64_t{0} ? rng() : rng() % range, i};
        std::vector<keyed> want = v;
        std::stable_sort(want.begin(), want.end(), [](const keyed& a, const keyed& b) { return a.first < b.first; });
        radix_sort(v);
        BOOST_TEST((v == want), "range " << range);
    }
    std::vector<keyed> empty;
    radix_sort(empty);
    BOOST_TEST(empty.empty());
}

BOOST_AUTO_TEST_CASE(order_key_orders_doubles) {
    const std::vector<double> xs = {-std::numeric_limits<double>::infinity(), -1e300, -2.5, -1.0, -4.9e-324, 0.0,
                                    4.9e-324, 1.0, 2.5, 1e300, std::numeric_limits<double>::infinity()};
    for (std::size_t i = 1; i < xs.size(); ++i) BOOST_TEST(order_key(xs[i - 1]) < order_key(xs[i]));
    BOOST_TEST(order_key(-0.0) == order_key(0.0));
}

BOOST_AUTO_TEST_CASE(competition_ranks_match_a_comparison_sort) {
    std::mt19937_64 rng(5);
    std::vector<double> s(4000);
    for (auto& v : s) v = static_cast<double>(rng() % 300) / 4 - 20;  // many ties, negatives
    s[10] = NAN;
    s[11] = -0.0;
    s[12] = 0.0;
    const auto r = methods::competition_ranks(s);
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (std::isnan(s[i])) {
            BOOST_TEST(r[i] == 0);
            continue;
        }
        std::int64_t greater = 0;  // competition rank = 1 + the number of strictly greater scores
        for (double o : s) greater += (o > s[i]) ? 1 : 0;
        BOOST_TEST(r[i] == greater + 1, "unit " << i);
    }
}

// Above 65,536 scores each radix pass is split between the threads: the ranks must not change.
BOOST_AUTO_TEST_CASE(competition_ranks_are_the_same_on_any_thread_count) {
    std::mt19937_64 rng(11);
    std::vector<double> s(200003);
    for (auto& v : s) v = (rng() % 5 == 0) ? static_cast<double>(rng() % 50) : static_cast<double>(rng()) * 0x1p-58 - 3.0;
    for (std::size_t i = 0; i < s.size(); i += 997) s[i] = NAN;
    std::vector<double> sorted;
    for (double v : s)
        if (!std::isnan(v)) sorted.push_back(v);
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    const auto one = methods::competition_ranks(s, 1);
    for (std::size_t i = 0; i < s.size(); i += 101) {  // 1 + the count strictly greater, by binary search
        const auto want = std::isnan(s[i]) ? 0
                                           : 1 + (std::lower_bound(sorted.begin(), sorted.end(), s[i], std::greater<>()) - sorted.begin());
        BOOST_TEST(one[i] == want, "unit " << i);
    }
    for (int threads : {2, 3, 7}) BOOST_TEST((methods::competition_ranks(s, threads) == one), threads << " threads");
}

// Scores a 2^-32 of their range apart share a quantised key (sorted by score within it); an
// infinite score sends the ranking through the full-key radix sort. Both rank as a comparison does.
BOOST_AUTO_TEST_CASE(competition_ranks_of_near_ties_and_infinities) {
    std::mt19937_64 rng(13);
    for (const bool with_infinity : {false, true}) {
        std::vector<double> s(70001);
        for (auto& v : s) v = std::nextafter(50.0, 100.0 * static_cast<double>(rng() % 2)) + static_cast<double>(rng() % 3) * 1e-13;
        s[5] = 0.0;
        s[6] = 100.0;
        if (with_infinity) s[7] = -std::numeric_limits<double>::infinity();
        std::vector<double> sorted = s;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        for (int threads : {1, 2}) {
            const auto r = methods::competition_ranks(s, threads);
            for (std::size_t i = 0; i < s.size(); i += 7)
                BOOST_TEST(r[i] == 1 + (std::lower_bound(sorted.begin(), sorted.end(), s[i], std::greater<>()) - sorted.begin()),
                           "unit " << i << ", " << threads << " threads, infinity " << with_infinity);
        }
    }
}

BOOST_AUTO_TEST_CASE(unit_id_check_names_the_first_duplicate_in_row_order) {
    dataset d;
    d.source = "t.csv";
    d.unit_ids = {"a", "b", "c", "b", "a", "c"};
    d.unit_lines = {2, 3, 4, 5, 6, 7};
    try {
        check_unit_ids(d);
        BOOST_FAIL("no error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()) == "t.csv:5: duplicate unit id 'b' (first on line 3)");
    }
    d.unit_ids = {"a", "b", "", "b"};
    d.unit_lines = {2, 3, 4, 5};
    try {
        check_unit_ids(d);
        BOOST_FAIL("no error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()) == "t.csv:4: empty unit id");
    }
    std::vector<std::string> many;
    for (int i = 0; i < 50000; ++i) many.push_back("C" + std::to_string(i));
    d.unit_ids = many;
    d.unit_lines.clear();
    BOOST_CHECK_NO_THROW(check_unit_ids(d));
    d.unit_ids.push_back("C49999");
    try {
        check_unit_ids(d);
        BOOST_FAIL("no error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()) == "t.csv: unit at row 50001: duplicate unit id 'C49999' (first on row 50000)");
    }
}

BOOST_AUTO_TEST_SUITE_END()
