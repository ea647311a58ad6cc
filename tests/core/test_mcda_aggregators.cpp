// MCDA methods as group aggregators (TOPSIS, VIKOR, GRA, fuzzy, Copeland): every expected value is
// computed by hand in the comments, on one small model.
//
// Data (children a, b scored by goalposts 0..100, so a child's score is its raw value), weights
// a : b = 3 : 1, i.e. w = (0.75, 0.25):
//   u1 (0, 100)   u2 (50, 50)   u3 (100, 0)   u4 (100, 50)
// Min-max fractions: a (0, .5, 1, 1), b (1, .5, 0, .5).
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

dataset data(std::vector<std::vector<double>> rows) {
    std::vector<double> v;
    std::vector<std::string> ids;
    for (const auto& r : rows) v.insert(v.end(), r.begin(), r.end());
    for (std::size_t i = 0; i < rows.size(); ++i) ids.push_back("u" + std::to_string(i + 1));
    return dataset_from_matrix(v.data(), rows.size(), 2, matrix_layout::row_major, 0, {"a", "b"}, ids);
}

dataset fitting_data() { return data({{0, 100}, {50, 50}, {100, 0}, {100, 50}}); }

model_ptr model_with(const std::string& aggregation, const std::string& top = "") {
    return load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", )" + top + R"("root": {"id": "G", "aggregation": )" +
                      aggregation + R"(, "children": [
        {"id": "a", "weight": 3, "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "b", "weight": 1, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})");
}

std::vector<double> root_scores(const result& r) { return {r.scores.begin(), r.scores.begin() + static_cast<long>(r.n_units)}; }

void check(const std::vector<double>& got, const std::vector<double>& want) {
    BOOST_REQUIRE_EQUAL(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) BOOST_TEST(got[i] == want[i], tt::tolerance(1e-9));
}

// The model problems as "pointer: message" lines.
std::string problems_of(const std::string& aggregation, const std::string& top = "") {
    try {
        (void)model_with(aggregation, top);
    } catch (const model_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mcda_aggregators)

BOOST_AUTO_TEST_CASE(topsis_min_max_closeness_on_the_scale) {
    // V = (.75 n_a, .25 n_b), ideal (.75, .25), anti-ideal (0, 0).
    // u1 V (0, .25): D+ = .75, D- = .25, C = .25.  u2 V (.375, .125): D+ = D- = sqrt(.15625), C = .5.
    // u3 V (.75, 0): D+ = .25, D- = .75, C = .75.  u4 V (.75, .125): D+ = .125, D- = sqrt(.578125),
    // C = .7603453 / .8853453 = .8588121519.  Score = 100 C.
    const auto r = score(model_with(R"({"type": "topsis"})"), fitting_data(), 1);
    check(root_scores(r), {25, 50, 75, 85.88121519361606});
    BOOST_TEST(r.rank[3] == 1);
    BOOST_TEST(r.rank[0] == 4);
}

BOOST_AUTO_TEST_CASE(topsis_vector_normalisation) {
    // ||a|| = sqrt(0 + 2500 + 10000 + 10000) = 150, ||b|| = sqrt(15000). V_a = .75 a / 150 = a / 200,
    // V_b = .25 b / sqrt(15000); ideal (.5, .25*100/sqrt(15000) = 1/sqrt(24)), anti-ideal (0, 0).
    // u1 V (0, 1/sqrt 24): D+ = .5, D- = 1/sqrt 24, C = .2041241/.7041241 = .2898979486.
    // u2 V (.25, 1/sqrt 96): D+ = D- -> C = .5.  u3 V (.5, 0): D+ = 1/sqrt 24, D- = .5, C = .7101020514.
    // u4 V (.5, 1/sqrt 96): D+ = 1/sqrt 96, D- = sqrt(.25 + 1/96) = 5/sqrt 96, C = 5/6.
    const auto r = score(model_with(R"({"type": "topsis", "normalisation": "vector"})"), fitting_data(), 1);
    check(root_scores(r), {28.989794855663564, 50, 71.01020514433644, 500.0 / 6});
}

BOOST_AUTO_TEST_CASE(absolute_topsis_uses_the_goalposts_and_learns_nothing) {
    // ideal 100 for both, anti-ideal (50, 0): n_a = clamp((a - 50)/50), n_b = b/100.
    // u2: n = (0, .5), V = (0, .125): D+ = sqrt(.75^2 + .125^2) = sqrt(.578125), D- = .125,
    // C = .125 / .8853453 = .1411878481.  u4: n = (1, .5): V = (.75, .125): D+ = .125, D- = sqrt(.578125): .8588121519.
    const auto m = model_with(R"({"type": "topsis", "absolute": true, "anti_ideal": [50, 0]})");
    BOOST_TEST(!needs_whole_data(*m));
    const auto r = score(m, fitting_data(), 1);
    BOOST_TEST(r.score(1, 0) == 14.118784806383944, tt::tolerance(1e-9));
    BOOST_TEST(r.score(3, 0) == 85.88121519361606, tt::tolerance(1e-9));
    // The same unit scores the same whatever else is scored with it (no fit involved).
    const auto alone = score(m, data({{100, 50}}), 1);
    BOOST_TEST(alone.score(0, 0) == 85.88121519361606, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(vikor_q_mapped_and_compromise_set_reported) {
    // d_a = .75 (100 - a)/100, d_b = .25 (100 - b)/100.
    // S = (.75, .5, .25, .125), R = (.75, .375, .25, .125); S* = R* = .125, S- = R- = .75.
    // Q = .5 (S - .125)/.625 + .5 (R - .125)/.625 = (1, .5, .2, 0); score = 100 (1 - Q) = (0, 50, 80, 100).
    // Compromise: Q order u4, u3, u2, u1; DQ = 1/3; C1: .2 - 0 < 1/3 fails; C2: u4 best by S holds;
    // so every unit with Q - Q(u4) < 1/3: {u3, u4}.
    const auto r = score(model_with(R"({"type": "vikor", "v": 0.5})"), fitting_data(), 1);
    check(root_scores(r), {0, 50, 80, 100});
    const json details = json::parse(r.mcda)["G"];
    BOOST_TEST(details["type"] == "vikor");
    BOOST_TEST(details["S"][1].get<double>() == 0.5, tt::tolerance(1e-12));
    BOOST_TEST(details["R"][1].get<double>() == 0.375, tt::tolerance(1e-12));
    BOOST_TEST(details["Q"][2].get<double>() == 0.2, tt::tolerance(1e-12));
    BOOST_TEST(details["compromise"] == json::parse(R"(["u3", "u4"])"));
    BOOST_TEST(details["acceptable_advantage"] == false);
    BOOST_TEST(details["acceptable_stability"] == true);
    // The node report carries the parameters and what fit learned.
    const json report = json::parse(r.node_report)["groups"][0];
    BOOST_TEST(report["aggregation"] == "vikor");
    BOOST_TEST(report["mcda"]["learned"]["s_worst"].get<double>() == 0.75, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(grey_relational_grade_on_the_scale) {
    // Delta = 1 - n: a (1, .5, 0, 0), b (0, .5, 1, .5); Dmin 0, Dmax 1; xi = .5/(Delta + .5):
    // Delta 0 -> 1, .5 -> .5, 1 -> 1/3. Grades: u1 .75/3 + .25 = .5; u2 .5; u3 .75 + .25/3 = .8333;
    // u4 .75 + .125 = .875. Score = 100 grade.
    const auto r = score(model_with(R"({"type": "grey_relational"})"), fitting_data(), 1);
    check(root_scores(r), {50, 50, 250.0 / 3, 87.5});
}

BOOST_AUTO_TEST_CASE(copeland_net_wins_over_the_fitted_units) {
    // O(u1,u2) = .25 (wins b only) -> -1; u1 loses to all: -3. u2: beats u1 (.75), loses u3 (.25),
    // loses u4 (a < and b =: .125): -1. u3: beats u1, u2 (.75), loses u4 (a = .375, b < 0): +1.
    // u4: +3. Mapping (C + m)/(2m) with m = 4: (1, 3, 5, 7)/8 -> 12.5, 37.5, 62.5, 87.5.
    const auto r = score(model_with(R"({"type": "copeland"})"), fitting_data(), 1);
    check(root_scores(r), {12.5, 37.5, 62.5, 87.5});
}

BOOST_AUTO_TEST_CASE(fuzzy_grade_distribution_for_each_operator) {
    // Grades good/fair/poor with values 100/50/0 and triangular membership peaking at the values.
    // One unit a = 25, b = 100: R_a = (0, .5, .5), R_b = (1, 0, 0); w = (.75, .25).
    //   M(.,+):  B = (.25, .375, .375), score 25 + 18.75 = 43.75
    //   M(^,v):  (max(min(.75,0), min(.25,1)), min(.75,.5), min(.75,.5)) = (.25, .5, .5) / 1.25 = (.2, .4, .4): 40
    //   M(.,v):  (.25, .375, .375): 43.75
    //   M(^,+):  (.25, .5, .5) -> (.2, .4, .4): 40
    const std::string grades = R"("grades": [{"label": "good", "value": 100}, {"label": "fair", "value": 50},
                                             {"label": "poor", "value": 0}])";
    const std::vector<std::pair<std::string, std::vector<double>>> cases = {
        {"weighted_sum", {.25, .375, .375}}, {"min_max", {.2, .4, .4}}, {"product_max", {.25, .375, .375}}, {"min_bounded", {.2, .4, .4}}};
    for (const auto& [op, b] : cases) {
        const auto m = model_with(R"({"type": "fuzzy", "operator": ")" + op + R"(", )" + grades + "}");
        const auto r = score(m, data({{25, 100}}), 1);
        BOOST_TEST_CONTEXT(op) {
            BOOST_TEST(r.score(0, 0) == 100 * b[0] + 50 * b[1], tt::tolerance(1e-9));
            const json B = json::parse(r.mcda)["G"]["B"][0];
            for (std::size_t k = 0; k < 3; ++k) BOOST_TEST(B[k].get<double>() == b[k], tt::tolerance(1e-12));
        }
    }
    // A plateau: "good" for every value in [80, 100]; 90 is fully good.
    const auto m = model_with(R"({"type": "fuzzy", "grades": [{"value": 100, "plateau": [80, 100]}, {"value": 0, "peak": 0}]})");
    BOOST_TEST(score(m, data({{90, 90}}), 1).score(0, 0) == 100.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(new_units_score_on_the_fitted_reference_with_missing_children_left_out) {
    // Fit on the four units; score u5 (50, missing): TOPSIS over a alone: V_a = .375, ideal .75, anti 0:
    // C = .5 -> 50, coverage .75. A unit beyond the fitted best is clamped to it: (100, 120) is at the
    // ideal: C = 1. The values do not depend on the other units scored with them.
    const auto m = model_with(R"({"type": "topsis"})");
    const fitted f = fit(*m, fitting_data(), 1);
    const auto r = score(m, f, data({{50, NAN}, {100, 120}}), 1);
    BOOST_TEST(r.score(0, 0) == 50.0, tt::tolerance(1e-9));
    BOOST_TEST(r.node_coverage(0, 0) == 0.75, tt::tolerance(1e-12));
    BOOST_TEST(r.score(1, 0) == 100.0, tt::tolerance(1e-9));
    BOOST_TEST(score(m, f, data({{100, 120}}), 1).score(0, 0) == 100.0, tt::tolerance(1e-9));
    // min_coverage: a group needing every child leaves u5 unscored.
    const auto strict = load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", "root": {"id": "G",
        "aggregation": {"type": "vikor"}, "min_coverage": 1, "children": [
        {"id": "a", "weight": 3, "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "b", "weight": 1, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})");
    const auto rs = score(strict, fit(*strict, fitting_data(), 1), data({{50, NAN}, {50, 50}}), 1);
    BOOST_TEST(std::isnan(rs.score(0, 0)));
    BOOST_TEST((rs.status[0] == unit_status::unscored));
    BOOST_TEST(rs.score(1, 0) == 50.0, tt::tolerance(1e-9));  // u2's values: Q = .5 as in the fit
}

BOOST_AUTO_TEST_CASE(fitted_reference_round_trips_through_json) {
    for (const std::string agg : {R"({"type": "topsis", "normalisation": "vector"})", R"({"type": "vikor", "v": 0.3})",
                                  R"({"type": "grey_relational", "rho": 0.4})", R"({"type": "copeland"})"}) {
        BOOST_TEST_CONTEXT(agg) {
            const auto m = model_with(agg);
            const fitted f = fit(*m, fitting_data(), 2);
            const fitted back = fitted_from_json(*m, f.to_json());
            BOOST_TEST(back.to_json() == f.to_json());
            const auto d = data({{30, 70}, {100, 0}, {10, NAN}});
            const auto a = score(m, f, d, 1), b = score(m, back, d, 3);
            for (std::size_t u = 0; u < 3; ++u) BOOST_TEST(a.score(u, 0) == b.score(u, 0));
            BOOST_CHECK_THROW(require_mergeable(*m), invalid_argument_error);
        }
    }
    // A damaged fitted state names the field.
    const auto m = model_with(R"({"type": "vikor"})");
    auto doc = json::parse(fit(*m, fitting_data(), 1).to_json());
    doc["node_mcda"]["G"]["best"] = json::array({100});
    try {
        (void)fitted_from_json(*m, doc.dump());
        BOOST_FAIL("expected a fitted_error");
    } catch (const fitted_error& e) {
        BOOST_TEST(std::string(e.what()).find("/node_mcda/G/best") != std::string::npos);
    }
    // A span that overflows (1e308 - -1e308) would make every distance NaN: refused by name.
    auto huge = json::parse(fit(*m, fitting_data(), 1).to_json());
    huge["node_mcda"]["G"]["best"] = json::array({1e308, 100});
    huge["node_mcda"]["G"]["worst"] = json::array({-1e308, 0});
    BOOST_CHECK_EXCEPTION((void)fitted_from_json(*m, huge.dump()), fitted_error, [](const fitted_error& e) {
        return std::string(e.what()).find("/node_mcda/G/worst/0") != std::string::npos;
    });
    // An entry for a node that learns nothing is refused rather than ignored.
    auto extra = json::parse(fit(*m, fitting_data(), 1).to_json());
    extra["node_mcda"]["a"] = extra["node_mcda"]["G"];
    BOOST_CHECK_THROW((void)fitted_from_json(*m, extra.dump()), fitted_error);
    doc.erase("node_mcda");
    BOOST_CHECK_THROW((void)fitted_from_json(*m, doc.dump()), fitted_error);
}

BOOST_AUTO_TEST_CASE(bad_configurations_name_their_json_pointer) {
    BOOST_TEST(problems_of(R"({"type": "vikor", "v": 2})").find("/root/aggregation/v: must be in [0, 1]") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "grey_relational", "rho": 0})").find("/root/aggregation/rho: must be in (0, 1]") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "topsis", "normalisation": "l3"})").find("/root/aggregation/normalisation:") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "topsis", "ideal": 90})").find("/root/aggregation/ideal: only for an absolute TOPSIS") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "topsis", "absolute": true, "ideal": [1, 2, 3]})").find("/root/aggregation/ideal: needs one number per child (2)") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "fuzzy"})").find("/root/aggregation/grades: required") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "fuzzy", "grades": [{"value": 0}, {"value": 100}, {"value": 50}]})")
                   .find("/root/aggregation/grades/2: grade peaks") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "fuzzy", "operator": "max", "grades": [{"value": 0}, {"value": 1}]})")
                   .find("/root/aggregation/operator:") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "copeland", "v": 1})").find("/root/aggregation/v: unknown key") != std::string::npos);
    BOOST_TEST(problems_of(R"({"type": "topsis"})", R"("scores": "points", )").find("/root/aggregation: an MCDA aggregation (topsis) gives no points") !=
               std::string::npos);
    BOOST_TEST(problems_of(R"("topsis")").empty());  // a bare name takes the defaults
}

BOOST_AUTO_TEST_CASE(learned_weights_are_the_criteria_weights) {
    // Entropy weights are learned first, then the TOPSIS reference with them: the node equals the
    // stand-alone topsis on the children's scores with the learned weights (fitted data).
    const auto m = load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", "root": {"id": "G",
        "aggregation": "topsis", "weights": {"method": "entropy"}, "children": [
        {"id": "a", "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "b", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})");
    const auto d = data({{10, 100}, {50, 50}, {100, 20}, {100, 50}, {70, 90}});
    const auto r = score(m, d, 1);
    const json report = json::parse(r.node_report)["groups"][0];
    const auto lw = report["weights"]["learned"]["weights"].get<std::vector<double>>();
    Eigen::MatrixXd X(5, 2);
    X << 10, 100, 50, 50, 100, 20, 100, 50, 70, 90;
    const auto want = methods::topsis(X, Eigen::Vector2d(lw[0], lw[1]), {}, methods::topsis_normalisation::min_max);
    for (Eigen::Index u = 0; u < 5; ++u)
        BOOST_TEST(r.score(static_cast<std::size_t>(u), 0) == 100 * want.score(u), tt::tolerance(1e-9));
    BOOST_TEST(lw[0] != lw[1]);  // the weights really were learned, not equal
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_thread_count) {
    std::vector<std::vector<double>> rows;
    for (int i = 0; i < 3000; ++i) rows.push_back({static_cast<double>((i * 37) % 101), static_cast<double>((i * 53) % 97)});
    const auto d = data(rows);
    for (const std::string agg : {R"({"type": "vikor"})", R"({"type": "grey_relational"})", R"({"type": "topsis"})"}) {
        const auto m = model_with(agg);
        const auto a = score(m, d, 1), b = score(m, d, 2);
        BOOST_TEST(a.scores == b.scores);
        BOOST_TEST(a.mcda == b.mcda);
    }
}

BOOST_AUTO_TEST_SUITE_END()
