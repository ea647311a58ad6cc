// The statistics of the data checks against values worked out by hand (the arithmetic is in the
// comments), and the checks on small data sets whose flags can be counted on one's fingers.
#include <boost/test/unit_test.hpp>

#include <civiscore/check/check.hpp>
#include <civiscore/check/stats.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <string>

using namespace civiscore;
namespace ck = civiscore::check;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(check_stats)

BOOST_AUTO_TEST_CASE(median_and_mad) {
    // {1, 2, 3, 4, 100}: median 3; |x - 3| = {2, 1, 0, 1, 97}, their median 1.
    BOOST_TEST(ck::median({1, 2, 3, 4, 100}) == 3.0);
    BOOST_TEST(ck::mad({1, 2, 3, 4, 100}) == 1.0);
    // even count: (2 + 3) / 2; NaN skipped
    BOOST_TEST(ck::median({4, NAN, 1, 3, 2}) == 2.5);
}

BOOST_AUTO_TEST_CASE(incomplete_gamma_matches_closed_forms) {
    // For integer a: Q(a, x) = e^-x * sum_{k<a} x^k / k!. a = 4, x = 3:
    // e^-3 (1 + 3 + 4.5 + 4.5) = 13 e^-3 = 0.6472318887...
    BOOST_TEST(ck::gamma_q(4, 3) == 13 * std::exp(-3.0), tt::tolerance(1e-13));
    // a = 1/2: Q = erfc(sqrt(x)); x = 2 -> erfc(1.41421356) = 0.0455002638963584
    BOOST_TEST(ck::gamma_q(0.5, 2) == std::erfc(std::sqrt(2.0)), tt::tolerance(1e-13));
    // chi-square, 8 d.o.f., x = 15.507313 (the 95 % point): p = 0.05
    BOOST_TEST(ck::chi_square_sf(15.507313055865453, 8) == 0.05, tt::tolerance(1e-9));
    // large x uses the continued fraction: a = 4, x = 30 -> e^-30 (1 + 30 + 450 + 4500)
    BOOST_TEST(ck::gamma_q(4, 30) == 4981 * std::exp(-30.0), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(binomial_tail_by_hand) {
    // P(X >= 4), X ~ B(10, 0.02) = 1 - sum_{k=0}^{3} C(10,k) 0.02^k 0.98^(10-k)
    //  = 1 - (0.8170728 + 0.1667496 + 0.0153137 + 0.0008334) = 3.0505768e-05
    BOOST_TEST(ck::binomial_sf(4, 10, 0.02) == 3.0505768034427838e-05, tt::tolerance(1e-9));
    // equal p: the Poisson-binomial is the binomial
    BOOST_TEST(ck::poisson_binomial_sf(4, std::vector<double>(10, 0.02)) == 3.0505768034427838e-05,
               tt::tolerance(1e-9));
    // two coins p = 0.5 and 0.2: P(both) = 0.1, P(at least one) = 1 - 0.5 * 0.8 = 0.6
    BOOST_TEST(ck::poisson_binomial_sf(2, {0.5, 0.2}) == 0.1, tt::tolerance(1e-15));
    BOOST_TEST(ck::poisson_binomial_sf(1, {0.5, 0.2}) == 0.6, tt::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(benford_statistics_by_hand) {
    BOOST_TEST(ck::first_digit(1000) == 1);
    BOOST_TEST(ck::first_digit(0.00972) == 9);
    BOOST_TEST(ck::first_digit(-47) == 4);
    BOOST_TEST(ck::first_digit(0) == 0);
    // 20 values with first digits 1 x8, 2 x4, 3 x2, 4 x2, 5..8 x1, 9 x0.
    const std::vector<double> v{1, 12, 150, 1900, 10, 11, 13, 1.5, 2, 25, 230, 29, 3, 31, 4, 400, 5, 60, 700, 80};
    const auto b = ck::benford_test(v);
    BOOST_TEST(b.n == 20u);
    BOOST_TEST(b.observed[0] == 0.4);
    // expected counts e_d = 20 log10(1 + 1/d) = 6.0206, 3.5218, 2.4988, 1.9382, 1.5836, 1.3390,
    // 1.1598, 1.0230, 0.9151; chi-square = sum (c - e)^2 / e = 2.0558056
    BOOST_TEST(b.chi_square == 2.055805600026148, tt::tolerance(1e-12));
    // 8 d.o.f.: p = Q(4, x/2) = e^(-x/2) (1 + x/2 + (x/2)^2/2 + (x/2)^3/6) with x/2 = 1.0279028
    BOOST_TEST(b.p_value == 0.9792530798136213, tt::tolerance(1e-12));
    // MAD = mean |c/20 - log10(1 + 1/d)| = 0.0279931 -> Nigrini: nonconformity (> 0.015)
    BOOST_TEST(b.mad == 0.027993051616062477, tt::tolerance(1e-12));
    BOOST_TEST(std::string(ck::benford_conformity(b.mad)) == "nonconformity");
    BOOST_TEST(std::string(ck::benford_conformity(0.006)) == "close");
    BOOST_TEST(std::string(ck::benford_conformity(0.0121)) == "marginal");
}

BOOST_AUTO_TEST_CASE(recording_precision_and_multiples) {
    BOOST_TEST(ck::decimals_of(81.6) == 1);
    BOOST_TEST(ck::decimals_of(85.0) == 0);
    BOOST_TEST(ck::decimals_of(0.25) == 2);
    BOOST_TEST(ck::is_multiple(85.0, 5));
    BOOST_TEST(!ck::is_multiple(85.1, 5));
    BOOST_TEST(ck::is_multiple(-10, 5));
}

BOOST_AUTO_TEST_CASE(splitmix64_reference_output) {
    // splitmix64 from state 0: first output 0xE220A8397B1DCDAF (Vigna's reference implementation)
    std::uint64_t s = 0;
    BOOST_TEST(ck::splitmix64(s) == 0xE220A8397B1DCDAFULL);
    BOOST_TEST(ck::splitmix64(s) == 0x6E789E6AA1B965F4ULL);
    const double u = ck::unit_interval(0);
    BOOST_TEST((u > 0 && u < 1e-15));
}

const char* mini_model(const std::string& checks) {
    static std::string text;
    text = R"({"civiscore_model": 1, "id": "m", "name": "m", )" + checks + R"("root": {"id": "T", "children": [
        {"id": "a", "unit": "%", "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "b", "unit": "%", "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "c", "unit": "count", "rule": {"type": "target", "target": 10}}]}})";
    return text.c_str();
}

BOOST_AUTO_TEST_CASE(checks_section_errors_name_the_pointer) {
    try {
        (void)load_model(mini_model(R"("checks": {"relations": [{"left": "X", "op": "<=", "right": "a"}],
                                      "heaping": {"alpha": 2}, "wrong": 1}, )"));
        BOOST_FAIL("expected model_error");
    } catch (const model_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("/checks/relations/0/left: unknown indicator 'X'") != std::string::npos, what);
        BOOST_TEST(what.find("/checks/heaping/alpha: must be in (0, 1)") != std::string::npos, what);
        BOOST_TEST(what.find("/checks/wrong: unknown key \"wrong\"") != std::string::npos, what);
    }
}

BOOST_AUTO_TEST_CASE(small_data_flags_by_hand) {
    const auto m = load_model(mini_model(R"("checks": {"relations": [{"left": "a", "op": "<=", "right": "b"}],
        "duplicates": {"min_common": 3}, "completeness": {"min_unit_coverage": 0.6}}, )"));
    // u1 is fine; u2 has a > b and c = 2.5 (a count with a fraction); u3 has a = 101 % and only
    // one value of three (coverage 1/3 < 0.6); u4 copies u1.
    const auto d = parse_csv("unit_id,a,b,c\nu1,50.5,60.2,3\nu2,70.1,60.3,2.5\nu3,101,,\nu4,50.5,60.2,3\n", csv_options{});
    const auto r = ck::run(*m, d, ck::config_of(*m));
    std::vector<std::string> got;
    for (const auto& f : r.flags) got.push_back(f.rule + ":" + f.unit + ":" + f.column);
    const std::vector<std::string> want{"completeness:u3:", "completeness::b", "completeness::c",
                                        "range:u3:a", "range:u2:c", "relation:u2:a|b",
                                        "duplicate:u1:", "duplicate:u4:"};
    BOOST_TEST(got == want, tt::per_element());
    // b and c are present in 3 of 4 rows: 0.75 < 0.9
    BOOST_TEST(r.flags[1].values[0].second == 0.75);
}

BOOST_AUTO_TEST_CASE(heaping_flag_by_hand) {
    // 12 percent columns recorded to 1 decimal: a value is a multiple of 5 with p = 0.1/5 = 0.02.
    std::string header = "unit_id", clean = "u1", heaped = "u2";
    std::string cols;
    for (int k = 0; k < 12; ++k) {
        const std::string id = "p" + std::to_string(k);
        header += "," + id;
        cols += std::string(k ? "," : "") + R"({"id": ")" + id + R"(", "unit": "%", "rule": {"type": "goalposts", "worst": 0, "best": 100}})";
        const std::string plain = std::to_string(61 + k) + "." + std::to_string(k % 9 + 1);  // 61.1, 62.2, ..., never .0
        clean += "," + plain;
        heaped += k < 5 ? "," + std::to_string(60 + 5 * k) : "," + plain;  // 5 multiples of 5
    }
    const auto m = load_model(R"({"civiscore_model": 1, "id": "h", "name": "h", "checks": {"outliers": {"enabled": false}},
        "root": {"id": "T", "children": [)" + cols + "]}}");
    const auto d = parse_csv(header + "\n" + clean + "\n" + heaped + "\n", csv_options{});
    const auto r = ck::run(*m, d, ck::config_of(*m));
    BOOST_TEST_REQUIRE(r.flags.size() >= 1u);
    const auto& f = r.flags[0];
    BOOST_TEST(f.rule == "heaping");
    BOOST_TEST(f.unit == "u2");
    // P(X >= 5), X ~ B(12, 0.02) = 1 - sum_{k<5} C(12,k) .02^k .98^(12-k) = 2.2535e-06 (< alpha 0.001);
    // expected count 12 * 0.02 = 0.24
    BOOST_TEST(f.values[0].second == 5.0);
    BOOST_TEST(f.values[2].second == 0.24, tt::tolerance(1e-12));
    BOOST_TEST(f.values[3].second == ck::binomial_sf(5, 12, 0.02), tt::tolerance(1e-12));
    BOOST_TEST(f.values[3].second == 2.2534906805038446e-06, tt::tolerance(1e-9));
    for (const auto& g : r.flags) BOOST_TEST(g.unit != "u1");
}

BOOST_AUTO_TEST_SUITE_END()
