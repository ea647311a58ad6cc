// Mergeable column statistics: hand values, chunked == one pass, merge order.
#include <civiscore/methods/stats.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace tt = boost::test_tools;
using civiscore::methods::column_stats;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();

Eigen::ArrayXd col(std::initializer_list<double> v) {
    Eigen::ArrayXd a(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (double d : v) a[i++] = d;
    return a;
}

// A deterministic column with an offset large enough to punish a naive sum-of-squares formula.
Eigen::ArrayXd test_column(Eigen::Index n) {
    Eigen::ArrayXd x(n);
    std::uint64_t state = 88172645463325252ull;
    for (Eigen::Index i = 0; i < n; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        const double u = static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
        x[i] = (i % 97 == 5) ? nan_v : 1e6 + 10.0 * u;
    }
    return x;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(stats)

BOOST_AUTO_TEST_CASE(hand_computed) {
    column_stats s;
    s.add(col({2.0, nan_v, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}));
    // 8 values, sum 40, mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample sd sqrt(32/7).
    BOOST_TEST(s.count == 8);
    BOOST_TEST(s.min == 2.0);
    BOOST_TEST(s.max == 9.0);
    BOOST_TEST(s.mean == 5.0, tt::tolerance(1e-15));
    BOOST_TEST(s.m2 == 32.0, tt::tolerance(1e-15));
    BOOST_TEST(s.sample_sd() == std::sqrt(32.0 / 7.0), tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(empty_and_single) {
    column_stats s;
    BOOST_TEST(s.sample_sd() == 0.0);
    s.add(col({nan_v, nan_v}));  // an all-NaN column adds nothing
    BOOST_TEST(s.count == 0);
    s.add(col({3.5}));
    BOOST_TEST(s.count == 1);
    BOOST_TEST(s.min == 3.5);
    BOOST_TEST(s.max == 3.5);
    BOOST_TEST(s.mean == 3.5);
    BOOST_TEST(s.sample_sd() == 0.0);  // n - 1 = 0: no spread defined
}

BOOST_AUTO_TEST_CASE(empty_partials_are_identity) {
    column_stats a;
    a.add(col({-3.0, -1.0}));  // mean -2, m2 = 1 + 1 = 2; min -3 must survive the empty default 0
    column_stats empty;
    column_stats left = empty;
    left.merge(a);
    column_stats right = a;
    right.merge(empty);
    for (const column_stats* s : {&left, &right}) {
        BOOST_TEST(s->count == 2);
        BOOST_TEST(s->min == -3.0);
        BOOST_TEST(s->max == -1.0);
        BOOST_TEST(s->mean == -2.0);
        BOOST_TEST(s->m2 == 2.0);
    }
}

BOOST_AUTO_TEST_CASE(two_chunks_by_hand) {
    // {1, 2, 3} and {10, 20}: means 2 and 15, m2 2 and 50; delta 13, n 5:
    // mean = 2 + 13 * 2/5 = 7.2; m2 = 2 + 50 + 169 * 3*2/5 = 52 + 202.8 = 254.8.
    // Check: values 1,2,3,10,20 sum 36 mean 7.2; deviations^2 38.44+27.04+17.64+7.84+163.84 = 254.8.
    column_stats a;
    a.add(col({1.0, 2.0, 3.0}));
    column_stats b;
    b.add(col({10.0, 20.0}));
    a.merge(b);
    BOOST_TEST(a.count == 5);
    BOOST_TEST(a.min == 1.0);
    BOOST_TEST(a.max == 20.0);
    BOOST_TEST(a.mean == 7.2, tt::tolerance(1e-14));
    BOOST_TEST(a.m2 == 254.8, tt::tolerance(1e-14));
    BOOST_TEST(a.sample_sd() == std::sqrt(254.8 / 4.0), tt::tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(chunked_equals_one_pass) {
    const Eigen::ArrayXd x = test_column(10007);
    column_stats whole;
    whole.add(x);

    // Reference in long double, two passes, independent of the code under test.
    long double sum = 0.0L;
    std::int64_t n = 0;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        sum += x[i];
        ++n;
        lo = std::fmin(lo, x[i]);
        hi = std::fmax(hi, x[i]);
    }
    const long double mean = sum / n;
    long double m2 = 0.0L;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (!std::isnan(x[i])) m2 += (x[i] - mean) * (x[i] - mean);
    }
    const double ref_sd = static_cast<double>(std::sqrt(m2 / (n - 1)));
    BOOST_TEST(whole.count == n);
    BOOST_TEST(whole.min == lo);
    BOOST_TEST(whole.max == hi);
    BOOST_TEST(whole.mean == static_cast<double>(mean), tt::tolerance(1e-12));
    BOOST_TEST(whole.sample_sd() == ref_sd, tt::tolerance(1e-12));

    for (Eigen::Index chunk : {1, 7, 1000, 4096}) {
        BOOST_TEST_CONTEXT("chunk size " << chunk) {
            // Partials per chunk, merged in order, as fit does across blocks.
            column_stats merged;
            for (Eigen::Index start = 0; start < x.size(); start += chunk) {
                column_stats part;
                part.add(x.segment(start, std::min(chunk, x.size() - start)));
                merged.merge(part);
            }
            BOOST_TEST(merged.count == whole.count);
            BOOST_TEST(merged.min == whole.min);
            BOOST_TEST(merged.max == whole.max);
            BOOST_TEST(merged.mean == whole.mean, tt::tolerance(1e-12));
            BOOST_TEST(merged.sample_sd() == whole.sample_sd(), tt::tolerance(1e-12));
        }
    }
}

BOOST_AUTO_TEST_CASE(merge_order_independent) {
    const Eigen::ArrayXd x = test_column(3001);
    std::vector<column_stats> parts(6);
    // Uneven chunks, one of them empty (500..500).
    const Eigen::Index bounds[] = {0, 10, 500, 500, 1700, 2999, 3001};
    for (std::size_t p = 0; p < parts.size(); ++p) {
        parts[p].add(x.segment(bounds[p], bounds[p + 1] - bounds[p]));
    }
    column_stats forward;
    for (const auto& p : parts) forward.merge(p);
    column_stats backward;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) backward.merge(*it);
    // Tree order: ((0 1)(2 3))((4 5)).
    column_stats a = parts[0], b = parts[2], c = parts[4];
    a.merge(parts[1]);
    b.merge(parts[3]);
    c.merge(parts[5]);
    a.merge(b);
    a.merge(c);
    for (const column_stats* s : {&backward, &a}) {
        BOOST_TEST(s->count == forward.count);
        BOOST_TEST(s->min == forward.min);
        BOOST_TEST(s->max == forward.max);
        BOOST_TEST(s->mean == forward.mean, tt::tolerance(1e-12));
        BOOST_TEST(s->m2 == forward.m2, tt::tolerance(1e-10));
        BOOST_TEST(s->sample_sd() == forward.sample_sd(), tt::tolerance(1e-12));
    }
}

BOOST_AUTO_TEST_SUITE_END()
