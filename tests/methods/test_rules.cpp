// Scoring rules against values worked out by hand (arithmetic in the comments).
#include <civiscore/error.hpp>
#include <civiscore/methods/rules.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace tt = boost::test_tools;
using namespace civiscore::methods;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double tol = 1e-12;

Eigen::ArrayXd col(std::initializer_list<double> v) {
    Eigen::ArrayXd a(static_cast<Eigen::Index>(v.size()));
    Eigen::Index i = 0;
    for (double d : v) a[i++] = d;
    return a;
}

// Element-wise comparison where NaN must meet NaN.
void check_equal(const Eigen::ArrayXd& got, const Eigen::ArrayXd& want) {
    BOOST_TEST_REQUIRE(got.size() == want.size());
    for (Eigen::Index i = 0; i < got.size(); ++i) {
        BOOST_TEST_CONTEXT("index " << i << ": got " << got[i] << ", want " << want[i]) {
            if (std::isnan(want[i])) {
                BOOST_TEST(std::isnan(got[i]));
            } else {
                BOOST_TEST(got[i] == want[i], tt::tolerance(tol));
            }
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(rules)

BOOST_AUTO_TEST_CASE(rule_properties) {
    rule r;
    r.kind = rule_kind::min_max;
    r.range_lo = 40.0;
    BOOST_TEST(is_data_dependent(r));
    BOOST_TEST(!yields_fraction(r));
    BOOST_TEST(lowest_output(r) == 40.0);
    r.dir = direction::cost;  // the lowest min-max output is still l, whichever the direction
    BOOST_TEST(lowest_output(r) == 40.0);

    r.kind = rule_kind::z_score;
    BOOST_TEST(is_data_dependent(r));
    BOOST_TEST(!yields_fraction(r));
    BOOST_TEST(std::isnan(lowest_output(r)));

    for (rule_kind k : {rule_kind::goalposts, rule_kind::target, rule_kind::binary, rule_kind::tiers,
                        rule_kind::deduction}) {
        r.kind = k;
        BOOST_TEST(!is_data_dependent(r));
        BOOST_TEST(yields_fraction(r));
        BOOST_TEST(lowest_output(r) == 0.0);
    }
}

BOOST_AUTO_TEST_CASE(min_max_benefit_and_cost) {
    const Eigen::ArrayXd x = col({10.0, 15.0, 30.0, nan_v});
    Eigen::ArrayXd out(4);
    // min 10, max 30, onto [0, 100]: (15-10)/20*100 = 25.
    min_max(x, 10.0, 30.0, 0.0, 100.0, direction::benefit, out);
    check_equal(out, col({0.0, 25.0, 100.0, nan_v}));
    // cost: (30-15)/20*100 = 75.
    min_max(x, 10.0, 30.0, 0.0, 100.0, direction::cost, out);
    check_equal(out, col({100.0, 75.0, 0.0, nan_v}));
    // onto [60, 100]: 60 + 5/20*40 = 70.
    min_max(x, 10.0, 30.0, 60.0, 100.0, direction::benefit, out);
    check_equal(out, col({60.0, 70.0, 100.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(min_max_outside_fitted_range_not_clamped) {
    // Old fit [10, 30] applied to new data: 50 -> (50-10)/20*100 = 200; 0 -> -50.
    const Eigen::ArrayXd x = col({50.0, 0.0});
    Eigen::ArrayXd out(2);
    min_max(x, 10.0, 30.0, 0.0, 100.0, direction::benefit, out);
    check_equal(out, col({200.0, -50.0}));
}

BOOST_AUTO_TEST_CASE(min_max_constant_column_midpoint) {
    const Eigen::ArrayXd x = col({7.0, 7.0, nan_v});
    Eigen::ArrayXd out(3);
    // (20 + 80) / 2 = 50 for every present value, both directions.
    min_max(x, 7.0, 7.0, 20.0, 80.0, direction::benefit, out);
    check_equal(out, col({50.0, 50.0, nan_v}));
    min_max(x, 7.0, 7.0, 20.0, 80.0, direction::cost, out);
    check_equal(out, col({50.0, 50.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(min_max_all_nan_column) {
    const Eigen::ArrayXd x = col({nan_v, nan_v});
    Eigen::ArrayXd out(2);
    min_max(x, 0.0, 0.0, 0.0, 100.0, direction::benefit, out);  // what fit of no data yields
    check_equal(out, col({nan_v, nan_v}));
    min_max(x, 1.0, 3.0, 0.0, 100.0, direction::benefit, out);
    check_equal(out, col({nan_v, nan_v}));
}

BOOST_AUTO_TEST_CASE(z_score_benefit_cost_constant) {
    const Eigen::ArrayXd x = col({2.0, 4.0, 6.0, nan_v});
    Eigen::ArrayXd out(4);
    // mean 4, sd 2: z = -1, 0, 1; output 50 + 10 z.
    z_score(x, 4.0, 2.0, 50.0, 10.0, direction::benefit, out);
    check_equal(out, col({40.0, 50.0, 60.0, nan_v}));
    z_score(x, 4.0, 2.0, 50.0, 10.0, direction::cost, out);
    check_equal(out, col({60.0, 50.0, 40.0, nan_v}));
    // Standard output (0, 1): z itself.
    z_score(x, 4.0, 2.0, 0.0, 1.0, direction::benefit, out);
    check_equal(out, col({-1.0, 0.0, 1.0, nan_v}));
    // sd 0 (constant column) and non-finite sd: everyone at mean_out.
    z_score(x, 4.0, 0.0, 50.0, 10.0, direction::benefit, out);
    check_equal(out, col({50.0, 50.0, 50.0, nan_v}));
    z_score(x, 4.0, nan_v, 50.0, 10.0, direction::cost, out);
    check_equal(out, col({50.0, 50.0, 50.0, nan_v}));
    z_score(x, 4.0, std::numeric_limits<double>::infinity(), 50.0, 10.0, direction::benefit, out);
    check_equal(out, col({50.0, 50.0, 50.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(z_score_all_nan_column) {
    const Eigen::ArrayXd x = col({nan_v, nan_v, nan_v});
    Eigen::ArrayXd out(3);
    z_score(x, 0.0, 0.0, 0.0, 1.0, direction::benefit, out);
    check_equal(out, col({nan_v, nan_v, nan_v}));
}

BOOST_AUTO_TEST_CASE(goalposts_benefit_with_clamping) {
    // worst 50, best 90: 70 -> 20/40 = 0.5; 60 -> 0.25; 40 below worst -> 0; 95 above best -> 1.
    const Eigen::ArrayXd x = col({70.0, 60.0, 40.0, 95.0, 50.0, 90.0, nan_v});
    Eigen::ArrayXd out(7);
    goalposts(x, 50.0, 90.0, out);
    check_equal(out, col({0.5, 0.25, 0.0, 1.0, 0.0, 1.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(goalposts_cost) {
    // Complaints change, worst +10 %, best -20 %: x = -5 -> (-5-10)/(-20-10) = -15/-30 = 0.5;
    // x = 4 -> -6/-30 = 0.2; x = 25 (worse than worst) -> 0; x = -40 (better than best) -> 1.
    const Eigen::ArrayXd x = col({-5.0, 4.0, 25.0, -40.0, nan_v});
    Eigen::ArrayXd out(5);
    goalposts(x, 10.0, -20.0, out);
    check_equal(out, col({0.5, 0.2, 0.0, 1.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(goalposts_equal_posts_rejected) {
    const Eigen::ArrayXd x = col({1.0});
    Eigen::ArrayXd out(1);
    BOOST_CHECK_THROW(goalposts(x, 3.0, 3.0, out), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(target_benefit_over_achievement_capped) {
    // target 4: 2 -> 0.5; 3 -> 0.75; 4 -> 1; 6 over-achieves -> 1 (not 1.5); 0 -> 0.
    const Eigen::ArrayXd x = col({2.0, 3.0, 4.0, 6.0, 0.0, nan_v});
    Eigen::ArrayXd out(6);
    target_ratio(x, 4.0, direction::benefit, out);
    check_equal(out, col({0.5, 0.75, 1.0, 1.0, 0.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(target_cost) {
    // target 5: 3 <= 5 -> 1; 5 -> 1; 10 -> 5/10 = 0.5; 20 -> 0.25.
    const Eigen::ArrayXd x = col({3.0, 5.0, 10.0, 20.0, nan_v});
    Eigen::ArrayXd out(5);
    target_ratio(x, 5.0, direction::cost, out);
    check_equal(out, col({1.0, 1.0, 0.5, 0.25, nan_v}));
}

BOOST_AUTO_TEST_CASE(target_non_positive_rejected) {
    const Eigen::ArrayXd x = col({1.0});
    Eigen::ArrayXd out(1);
    BOOST_CHECK_THROW(target_ratio(x, 0.0, direction::benefit, out), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(binary_both_directions) {
    const Eigen::ArrayXd x = col({1.0, 0.0, 2.5, -1.0, nan_v});
    Eigen::ArrayXd out(5);
    binary(x, direction::benefit, out);
    check_equal(out, col({1.0, 0.0, 1.0, 1.0, nan_v}));
    binary(x, direction::cost, out);
    check_equal(out, col({0.0, 1.0, 0.0, 0.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(tiers_benefit) {
    // min 2 -> 0.5, min 4 -> 0.8, min 6 -> 1.
    const std::vector<tier> tiers{{2.0, 0.5}, {4.0, 0.8}, {6.0, 1.0}};
    // 1 below the first tier -> 0; 2 exactly at a threshold -> 0.5; 3 -> 0.5; 4 -> 0.8;
    // 5.99 -> 0.8; 6 -> 1; 100 -> 1.
    const Eigen::ArrayXd x = col({1.0, 2.0, 3.0, 4.0, 5.99, 6.0, 100.0, nan_v});
    Eigen::ArrayXd out(8);
    tiered(x, tiers, direction::benefit, out);
    check_equal(out, col({0.0, 0.5, 0.5, 0.8, 0.8, 1.0, 1.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(tiers_cost) {
    // max 1 -> 1, max 3 -> 0.6, max 5 -> 0.2 (fewer incidents earn more).
    const std::vector<tier> tiers{{1.0, 1.0}, {3.0, 0.6}, {5.0, 0.2}};
    // 0 -> 1; 1 exactly at a threshold -> 1; 2 -> 0.6; 3 -> 0.6; 4 -> 0.2; 5 -> 0.2;
    // 6 above the last tier -> 0.
    const Eigen::ArrayXd x = col({0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, nan_v});
    Eigen::ArrayXd out(8);
    tiered(x, tiers, direction::cost, out);
    check_equal(out, col({1.0, 1.0, 0.6, 0.6, 0.2, 0.2, 0.0, nan_v}));
}

BOOST_AUTO_TEST_CASE(tiers_unsorted_rejected) {
    const std::vector<tier> tiers{{4.0, 0.8}, {2.0, 0.5}};
    const Eigen::ArrayXd x = col({3.0});
    Eigen::ArrayXd out(1);
    BOOST_CHECK_THROW(tiered(x, tiers, direction::benefit, out), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(deduction_plain_and_floor) {
    // Two events: "incident" 2 points each, "complaint" 0.5 each; full 10, floor 0, no cap.
    const std::vector<deduction_item> items{{"inc", "incident", 2.0}, {"cpl", "complaint", 0.5}};
    Eigen::ArrayXXd counts(3, 2);
    counts << 0.0, 0.0,   // nothing: 10/10 = 1
        1.0, 2.0,         // 2*1 + 0.5*2 = 3 -> 7/10 = 0.7
        4.0, 6.0;         // 8 + 3 = 11 -> max(0, -1) = 0
    Eigen::ArrayXd out(3);
    deduction(counts, items, 10.0, 0.0, 0.0, out);
    check_equal(out, col({1.0, 0.7, 0.0}));
    // floor 2: the third unit stops at 2 -> 0.2; the others are above the floor.
    deduction(counts, items, 10.0, 2.0, 0.0, out);
    check_equal(out, col({1.0, 0.7, 0.2}));
}

BOOST_AUTO_TEST_CASE(deduction_cap) {
    const std::vector<deduction_item> items{{"inc", "incident", 2.0}, {"cpl", "complaint", 0.5}};
    Eigen::ArrayXXd counts(3, 2);
    counts << 1.0, 2.0,  // 3 < cap 5 -> 7/10 = 0.7
        2.0, 2.0,        // 4 + 1 = 5 = cap -> 5/10 = 0.5
        4.0, 6.0;        // 11 capped at 5 -> 0.5
    Eigen::ArrayXd out(3);
    deduction(counts, items, 10.0, 0.0, 5.0, out);
    check_equal(out, col({0.7, 0.5, 0.5}));
    // cap 9 with floor 3: 11 -> min(9, 11) = 9 -> 10 - 9 = 1 -> max(3, 1) = 3 -> 0.3.
    deduction(counts, items, 10.0, 3.0, 9.0, out);
    check_equal(out, col({0.7, 0.5, 0.3}));
}

BOOST_AUTO_TEST_CASE(deduction_missing_counts) {
    const std::vector<deduction_item> items{{"inc", "incident", 2.0}, {"cpl", "complaint", 0.5}};
    Eigen::ArrayXXd counts(4, 2);
    counts << 1.0, nan_v,  // complaint missing = 0 events: 2 -> 8/10 = 0.8
        nan_v, 4.0,        // incident missing: 2 -> 0.8
        nan_v, nan_v,      // every count missing: the unit is missing
        nan_v, 0.0;        // one count recorded as 0: scored, full marks
    Eigen::ArrayXd out(4);
    deduction(counts, items, 10.0, 0.0, 0.0, out);
    check_equal(out, col({0.8, 0.8, nan_v, 1.0}));
}

BOOST_AUTO_TEST_CASE(deduction_shape_mismatch_rejected) {
    const std::vector<deduction_item> items{{"inc", "incident", 2.0}};
    Eigen::ArrayXXd counts = Eigen::ArrayXXd::Zero(2, 2);
    Eigen::ArrayXd out(2);
    BOOST_CHECK_THROW(deduction(counts, items, 10.0, 0.0, 0.0, out), civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(output_size_mismatch_rejected) {
    const Eigen::ArrayXd x = col({1.0, 2.0});
    Eigen::ArrayXd out(3);
    BOOST_CHECK_THROW(binary(x, direction::benefit, out), civiscore::invalid_argument_error);
    BOOST_CHECK_THROW(min_max(x, 0.0, 1.0, 0.0, 100.0, direction::benefit, out),
                      civiscore::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(rules_work_on_blocks_of_a_larger_array) {
    // The engine passes column segments; Ref must accept them without copying the result elsewhere.
    Eigen::ArrayXd x = col({99.0, 60.0, 70.0, 99.0});
    Eigen::ArrayXd out = Eigen::ArrayXd::Constant(4, -1.0);
    goalposts(x.segment(1, 2), 50.0, 90.0, out.segment(1, 2));
    // 60 -> 0.25, 70 -> 0.5; the untouched ends stay -1.
    check_equal(out, col({-1.0, 0.25, 0.5, -1.0}));
}

BOOST_AUTO_TEST_SUITE_END()
