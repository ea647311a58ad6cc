// Issue 3 methods used inside a model: weights (AHP, learned, combined), aggregations, data
// treatment; every expected value computed by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

using namespace civiscore;
namespace tt = boost::test_tools;
using json = nlohmann::json;

namespace {

dataset data(std::vector<std::string> cols, std::vector<std::vector<double>> rows) {
    std::vector<double> v;
    for (const auto& r : rows) v.insert(v.end(), r.begin(), r.end());
    return dataset_from_matrix(v.data(), rows.size(), cols.size(), matrix_layout::row_major, 0, cols, {});
}

std::string indicator(const std::string& id, const std::string& extra = "") {
    return R"({"id": ")" + id + R"(", "rule": {"type": "goalposts", "worst": 0, "best": 10})" + extra + "}";
}

model_ptr model_with(const std::string& root, const std::string& top = "") {
    return load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", )" + top + R"("root": )" + root + "}");
}

const json* group(const json& report, const std::string& id) {
    for (const auto& g : report["groups"])
        if (g["id"] == id) return &g;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(methods_in_model)

BOOST_AUTO_TEST_CASE(ahp_at_two_levels_reports_cr_and_effective_weights) {
    // Root: [[1, 3], [1/3, 1]] -> (3/4, 1/4), n = 2 so CR = 0.
    // D1: [[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]] is consistent: w = (4/7, 2/7, 1/7), lambda_max = 3, CR = 0.
    // D2: equal. Effective: a 3/4 * 4/7 = 3/7, b 3/14, c 3/28, d = e = 1/8.
    const auto m = model_with(R"({"id": "root", "weights": {"method": "ahp", "matrix": [[1, 3], [0.3333333333333333, 1]]},
        "children": [
          {"id": "D1", "weights": {"method": "ahp", "matrix": [[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]},
           "children": [)" + indicator("a") + "," + indicator("b") + "," + indicator("c") + R"(]},
          {"id": "D2", "children": [)" + indicator("d") + "," + indicator("e") + "]}]}");
    const auto d = data({"a", "b", "c", "d", "e"}, {{10, 0, 0, 0, 0}, {0, 10, 10, 10, 10}});
    const auto r = score(m, d, 1);
    BOOST_TEST(r.effective_weights[0] == 3.0 / 7, tt::tolerance(1e-9));
    BOOST_TEST(r.effective_weights[1] == 3.0 / 14, tt::tolerance(1e-9));
    BOOST_TEST(r.effective_weights[2] == 3.0 / 28, tt::tolerance(1e-9));
    BOOST_TEST(r.effective_weights[3] == 1.0 / 8, tt::tolerance(1e-9));
    BOOST_TEST(r.effective_weights[4] == 1.0 / 8, tt::tolerance(1e-9));
    // Unit 1: only a at 100 -> D1 = 400/7, D2 = 0, root = 3/4 * 400/7 = 300/7.
    BOOST_TEST(r.score(0, 0) == 300.0 / 7, tt::tolerance(1e-9));
    const auto report = json::parse(r.node_report);
    const auto* root = group(report, "root");
    const auto* d1 = group(report, "D1");
    BOOST_REQUIRE(root && d1);
    BOOST_TEST((*root)["weights"]["ahp"][0]["cr"].get<double>() == 0.0, tt::tolerance(1e-9));
    BOOST_TEST((*d1)["weights"]["ahp"][0]["lambda_max"].get<double>() == 3.0, tt::tolerance(1e-9));
    BOOST_TEST((*d1)["weights"]["ahp"][0]["cr"].get<double>() == 0.0, tt::tolerance(1e-9));
    BOOST_TEST((*d1)["weights"]["ahp"][0]["ri_table"].get<std::string>() == "saaty1980");
    BOOST_TEST((*d1)["weights"]["children"][0]["weight"].get<double>() == 4.0 / 7, tt::tolerance(1e-9));
}

namespace {
// Cyclic judgements a > b > c > a: far from consistent (CR >> 0.1).
const char* inconsistent = R"([[1, 9, 0.1111111111111111], [0.1111111111111111, 1, 9], [9, 0.1111111111111111, 1]])";
}

BOOST_AUTO_TEST_CASE(inconsistent_ahp_warns_or_errors_naming_the_node) {
    const std::string kids = indicator("a") + "," + indicator("b") + "," + indicator("c");
    const auto warn = model_with(R"({"id": "root", "children": [{"id": "G", "weights": {"method": "ahp", "matrix": )" +
                                 std::string(inconsistent) + R"(}, "children": [)" + kids + "]}]}");
    const auto& g = warn->nodes[static_cast<std::size_t>(warn->find("G"))];
    BOOST_REQUIRE(g.warnings.size() == 1u);
    BOOST_TEST(g.warnings[0].find("/root/children/0/weights: AHP matrix is inconsistent: CR") == 0u);
    const auto r = score(warn, data({"a", "b", "c"}, {{1, 2, 3}}), 1);
    const auto report = json::parse(r.node_report);
    BOOST_TEST((*group(report, "G"))["warnings"].size() == 1u);
    BOOST_TEST((*group(report, "G"))["weights"]["ahp"][0]["consistent"].get<bool>() == false);
    BOOST_TEST((*group(report, "G"))["weights"]["ahp"][0]["cr"].get<double>() > 0.1);
    try {
        (void)model_with(R"({"id": "root", "children": [{"id": "G", "weights": {"method": "ahp", "on_inconsistent": "error", "matrix": )" +
                         std::string(inconsistent) + R"(}, "children": [)" + kids + "]}]}");
        BOOST_FAIL("an inconsistent matrix with on_inconsistent error must not load");
    } catch (const model_error& e) {
        BOOST_TEST(std::string(e.what()).find("/root/children/0/weights: AHP matrix is inconsistent") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(entropy_weights_are_learned_in_fit_and_round_trip) {
    // Scores a = (0, 50, 100), b = (50, 50, 100). p_a = (0, 1/3, 2/3): E_a = (1/3 ln 3 + 2/3 ln 1.5) / ln 3
    // = 0.579380; p_b = (1/4, 1/4, 1/2): E_b = (1/2 ln 4 + 1/2 ln 2) / ln 3 = 0.946395;
    // d = (0.420620, 0.053605) -> w = (0.886962, 0.113038); unit 1 = 0.113038 * 50 = 5.651890.
    const auto m = model_with(R"({"id": "root", "weights": {"method": "entropy"}, "children": [)" + indicator("a") + "," +
                              indicator("b") + "]}");
    const auto d = data({"a", "b"}, {{0, 5}, {5, 5}, {10, 10}});
    const auto f = fit(*m, d, 1);
    BOOST_REQUIRE(f.node_weights.size() == 1u);
    BOOST_TEST(f.node_weights[0].weights[0] == 0.88696221, tt::tolerance(1e-7));
    BOOST_TEST(f.node_weights[0].method == "entropy");
    const auto r = score(m, f, d, 1);
    BOOST_TEST(r.score(0, 0) == 5.65188955, tt::tolerance(1e-7));
    BOOST_TEST(r.effective_weights[0] == 0.88696221, tt::tolerance(1e-7));
    const auto again = fitted_from_json(*m, f.to_json());
    BOOST_TEST(again.to_json() == f.to_json());
    const auto r2 = score(m, again, d, 2);
    BOOST_TEST(r2.scores == r.scores);
    // A fitted state without the learned weights is refused, naming them.
    auto doc = json::parse(f.to_json());
    doc.erase("node_weights");
    BOOST_CHECK_THROW((void)fitted_from_json(*m, doc.dump()), fitted_error);
}

BOOST_AUTO_TEST_CASE(combined_weights_linear_of_ahp_and_entropy) {
    // Subjective AHP [[1, 3], [1/3, 1]] = (0.75, 0.25); objective entropy (0.886962, 0.113038) as above;
    // linear alpha 0.5: (0.818481, 0.181519).
    const auto m = model_with(R"({"id": "root", "weights": {"method": "combined", "rule": "linear", "alpha": 0.5,
        "subjective": {"method": "ahp", "matrix": [[1, 3], [0.3333333333333333, 1]]}, "objective": {"method": "entropy"}},
        "children": [)" + indicator("a") + "," + indicator("b") + "]}");
    const auto f = fit(*m, data({"a", "b"}, {{0, 5}, {5, 5}, {10, 10}}), 1);
    BOOST_TEST(f.node_weights[0].weights[0] == (0.75 + 0.88696221) / 2, tt::tolerance(1e-7));
    BOOST_TEST(f.node_weights[0].method == "combined/linear");
}

BOOST_AUTO_TEST_CASE(aggregations_power_median_minimum_mazziotta_pareto) {
    // Children scores 20, 10, 60 (goalposts 0..10 of 2, 1, 6), equal weights.
    const std::string kids = indicator("a") + "," + indicator("b") + "," + indicator("c");
    const auto d = data({"a", "b", "c"}, {{2, 1, 6}});
    auto root_with = [&](const std::string& agg) {
        return score(model_with(R"({"id": "root", "aggregation": )" + agg + R"(, "children": [)" + kids + "]}"), d, 1).score(0, 0);
    };
    // power p = 2: sqrt((400 + 100 + 3600) / 3) = sqrt(1366.667) = 36.968455
    BOOST_TEST(root_with(R"({"type": "power", "p": 2})") == std::sqrt(4100.0 / 3), tt::tolerance(1e-9));
    BOOST_TEST(root_with(R"("median")") == 20.0, tt::tolerance(1e-12));
    BOOST_TEST(root_with(R"("minimum")") == 10.0, tt::tolerance(1e-12));
    // M = 30, S^2 = (100 + 400 + 900) / 3 = 466.667, S * cv = S^2 / M = 15.555556 -> 14.444444
    BOOST_TEST(root_with(R"({"type": "mazziotta_pareto", "penalty": "negative"})") == 30 - 1400.0 / 90, tt::tolerance(1e-9));
    BOOST_TEST(root_with(R"({"type": "mazziotta_pareto", "penalty": "positive"})") == 30 + 1400.0 / 90, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(zero_policy_under_a_geometric_mean) {
    const std::string kids = indicator("a") + "," + indicator("b");
    const auto d = data({"a", "b"}, {{0, 10}});
    // Default: 0 is the limit of the geometric mean.
    BOOST_TEST(score(model_with(R"({"id": "root", "aggregation": "geometric", "children": [)" + kids + "]}"), d, 1).score(0, 0) == 0.0);
    // "error": a zero is refused, naming the unit and the node.
    try {
        (void)score(model_with(R"({"id": "root", "aggregation": "geometric", "zero_policy": "error", "children": [)" + kids + "]}"), d, 1);
        BOOST_FAIL("zero_policy error must refuse a zero");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("node 'root'") != std::string::npos);
    }
    // "shift": s = eps - 0; sqrt((0 + eps)(100 + eps)) - eps with eps = 1e-6 ~= 0.01 - 1e-6.
    const double eps = 1e-6;
    BOOST_TEST(score(model_with(R"({"id": "root", "aggregation": "geometric", "zero_policy": "shift", "children": [)" + kids + "]}"), d, 1).score(0, 0) ==
                   std::sqrt(eps * (100 + eps)) - eps, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(treatment_denominator_impute_and_winsorise) {
    // x / pop; unit 3 missing -> mean of (2, 4, 6, 100) ... the mean of the denominated present
    // values: (1/1, 4/2, 9/3, 100/4) = (1, 2, 3, 25) -> mean 7.75.
    const auto m = model_with(R"({"id": "root", "children": [{"id": "x", "denominator": "pop",
        "impute": {"method": "mean"}, "rule": {"type": "min_max"}}]})");
    const double nan = NAN;
    const auto d = data({"x", "pop"}, {{1, 1}, {4, 2}, {9, 3}, {100, 4}, {nan, 5}});
    const auto r = score(m, d, 1);
    BOOST_REQUIRE(r.treatments.size() == 1u);
    BOOST_TEST(r.treatments[0].unit == 4u);
    BOOST_TEST(r.treatments[0].treated == 7.75, tt::tolerance(1e-12));
    BOOST_TEST(r.treatments[0].reason == "imputed: mean");
    // min-max over (1, 2, 3, 25, 7.75): unit 5 = (7.75 - 1) / 24 * 100 = 28.125
    BOOST_TEST(r.score(4, 0) == 28.125, tt::tolerance(1e-9));

    // Winsorise at [0.25, 0.75] of (1, 2, 3, 4, 100): type-7 quantiles 2 and 4 -> (2, 2, 3, 4, 4).
    const auto w = model_with(R"({"id": "root", "children": [{"id": "x", "outliers": {"method": "winsorise", "quantiles": [0.25, 0.75]},
        "rule": {"type": "min_max"}}]})");
    const auto rw = score(w, data({"x"}, {{1}, {2}, {3}, {4}, {100}}), 2);
    BOOST_TEST(rw.treatments.size() == 2u);
    BOOST_TEST(rw.treatments[1].raw == 100.0);
    BOOST_TEST(rw.treatments[1].treated == 4.0);
    BOOST_TEST(rw.score(2, 0) == 50.0, tt::tolerance(1e-9));  // (3 - 2) / (4 - 2)
}

BOOST_AUTO_TEST_CASE(coinr_rule_winsorises_then_logs) {
    // (1, 1, 1, 1, 1, 1, 1, 1, 1, 50): skew 3.16, kurtosis 10 -> one step sets 50 to 1: constant,
    // which no longer fails (NaN skew) -> winsorised with bound hi = 1.
    std::vector<double> x(9, 1.0);
    x.push_back(50);
    const auto f = methods::coinr_outliers(x, 2, 3.5, 5);
    BOOST_TEST(static_cast<int>(f.action) == static_cast<int>(methods::outlier_action::winsorise));
    BOOST_TEST(f.winsorised == 1);
    BOOST_TEST(f.hi == 1.0);
    BOOST_TEST(f.skew_before == std::sqrt(10.0), tt::tolerance(1e-9));  // type-2 skew of one outlier in 10 = sqrt(n) = 3.1623
    // With no winsorising allowed the original values are logged: ln(x - 1 + 0.49).
    const auto g = methods::coinr_outliers(x, 2, 3.5, 0);
    BOOST_TEST(static_cast<int>(g.action) == static_cast<int>(methods::outlier_action::log));
    BOOST_TEST(methods::apply_outliers(g, 50) == std::log(49.49), tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(model_errors_name_the_place) {
    auto message = [](const std::string& root) {
        try {
            (void)model_with(root);
        } catch (const model_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    BOOST_TEST(message(R"({"id": "r", "weights": {"method": "ahp", "matrix": [[1, 2]]}, "children": [{"id": "a", "rule": {"type": "binary"}}, {"id": "b", "rule": {"type": "binary"}}]})")
                   .find("/root/weights/matrix") != std::string::npos);
    BOOST_TEST(message(R"({"id": "r", "weights": {"method": "entropy", "wrong": 1}, "children": [{"id": "a", "rule": {"type": "binary"}}]})")
                   .find("/root/weights/wrong: unknown key") != std::string::npos);
    BOOST_TEST(message(R"({"id": "r", "children": [{"id": "a", "impute": {"method": "group_mean"}, "rule": {"type": "binary"}}]})")
                   .find("/root/children/0/impute/group_column: required") != std::string::npos);
    BOOST_TEST(message(R"({"id": "r", "aggregation": {"type": "power"}, "children": [{"id": "a", "rule": {"type": "binary"}}]})")
                   .find("/root/aggregation/p: required") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
