// Fuzzy comprehensive evaluation with membership from survey level counts ("counts" in a fuzzy
// group, docs/methods.md "MCDA aggregators"): every expected value is computed by hand below.
//
// Grades 很满意 / 满意 / 一般 / 不满意 with values 100, 75, 50, 0. Children, weights 3 : 1, so
// w = (.75, .25):
//   svc: residents' answers counted per grade in columns s1..s4 (membership = count / total); the
//        indicator itself reads column "svc" (goalposts 0..100), which decides only applicability;
//   env: a score (goalposts 0..100) with triangular membership peaking at the grade values.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace civiscore;
namespace tt = boost::test_tools;
using json = nlohmann::json;

namespace {

const std::vector<std::string> columns = {"svc", "env", "s1", "s2", "s3", "s4"};

dataset survey(std::vector<std::vector<double>> rows) {
    std::vector<double> v;
    std::vector<std::string> ids;
    for (const auto& r : rows) v.insert(v.end(), r.begin(), r.end());
    for (std::size_t i = 0; i < rows.size(); ++i) ids.push_back("u" + std::to_string(i + 1));
    return dataset_from_matrix(v.data(), rows.size(), columns.size(), matrix_layout::row_major, 0, columns, ids);
}

std::string model_text(const std::string& op, const std::string& counts) {
    return R"({"civiscore_model": 1, "id": "t", "name": "t", "root": {"id": "G", "aggregation": {"type": "fuzzy",
        "operator": ")" + op + R"(", "grades": [{"label": "很满意", "value": 100}, {"label": "满意", "value": 75},
        {"label": "一般", "value": 50}, {"label": "不满意", "value": 0}], "counts": )" + counts + R"(},
        "children": [
        {"id": "svc", "weight": 3, "rule": {"type": "goalposts", "worst": 0, "best": 100}},
        {"id": "env", "weight": 1, "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})";
}

model_ptr survey_model(const std::string& op = "weighted_sum") {
    return load_model(model_text(op, R"({"svc": ["s1", "s2", "s3", "s4"]})"));
}

std::string problems_of(const std::string& counts) {
    try {
        (void)load_model(model_text("weighted_sum", counts));
    } catch (const model_error& e) {
        return e.what();
    }
    return "";
}

void check_b(const json& got, const std::vector<double>& want) {
    BOOST_REQUIRE_EQUAL(got.size(), want.size());
    for (std::size_t k = 0; k < want.size(); ++k) BOOST_TEST(got[k].get<double>() == want[k], tt::tolerance(1e-12));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mcda_fuzzy_counts)

BOOST_AUTO_TEST_CASE(membership_from_counts_combined_with_a_function_membership) {
    // u1: counts (6, 3, 1, 0) of 10 -> R_svc = (.6, .3, .1, 0); the svc column (20) plays no part.
    //     env = 87.5, halfway between the peaks 100 and 75 -> R_env = (.5, .5, 0, 0).
    //     M(.,+): B = .75 R_svc + .25 R_env = (.575, .35, .075, 0); score 57.5 + 26.25 + 3.75 = 87.5.
    // u2: no responses (0, 0, 0, 0): svc is missing, coverage .25; env = 50 -> B = (0, 0, 1, 0), 50.
    // u3: counts (1, 1, 1, 1), env missing: B = (.25, .25, .25, .25), 25 + 18.75 + 12.5 = 56.25; coverage .75.
    // u4: a missing count (s3) makes svc missing like no responses: B from env = 75 -> (0, 1, 0, 0), 75.
    const auto r = score(survey_model(), survey({{20, 87.5, 6, 3, 1, 0},
                                                 {20, 50, 0, 0, 0, 0},
                                                 {20, NAN, 1, 1, 1, 1},
                                                 {20, 75, 2, 2, NAN, 2}}),
                         1);
    BOOST_TEST(r.score(0, 0) == 87.5, tt::tolerance(1e-9));
    BOOST_TEST(r.score(1, 0) == 50.0, tt::tolerance(1e-9));
    BOOST_TEST(r.score(2, 0) == 56.25, tt::tolerance(1e-9));
    BOOST_TEST(r.score(3, 0) == 75.0, tt::tolerance(1e-9));
    BOOST_TEST(r.node_coverage(0, 0) == 1.0, tt::tolerance(1e-12));
    BOOST_TEST(r.node_coverage(1, 0) == 0.25, tt::tolerance(1e-12));
    BOOST_TEST(r.node_coverage(2, 0) == 0.75, tt::tolerance(1e-12));
    const json B = json::parse(r.mcda)["G"]["B"];
    check_b(B[0], {.575, .35, .075, 0});
    check_b(B[1], {0, 0, 1, 0});
    check_b(B[2], {.25, .25, .25, .25});
    check_b(B[3], {0, 1, 0, 0});
}

BOOST_AUTO_TEST_CASE(counts_under_the_bounded_operator) {
    // u1 as above under M(^,+): b_k = min(1, sum_j min(w_j, r_jk)):
    //   (min(.75,.6) + min(.25,.5), .3 + .25, .1 + 0, 0) = (.85, .55, .1, 0), sum 1.5 -> B = (17/30, 11/30, 1/15, 0);
    //   score = (85 + 41.25 + 5) / 1.5 = 87.5.
    // u5: counts (0, 0, 2, 8), env = 0: R_svc = (0, 0, .2, .8), R_env = (0, 0, 0, 1):
    //   (0, 0, .2, min(.75,.8) + .25 = 1 -> 1), sum 1.2 -> B = (0, 0, 1/6, 5/6); score 50/6 = 8.3333.
    const auto r = score(survey_model("min_bounded"), survey({{20, 87.5, 6, 3, 1, 0}, {20, 0, 0, 0, 2, 8}}), 1);
    BOOST_TEST(r.score(0, 0) == 87.5, tt::tolerance(1e-9));
    BOOST_TEST(r.score(1, 0) == 50.0 / 6.0, tt::tolerance(1e-9));
    const json B = json::parse(r.mcda)["G"]["B"];
    check_b(B[0], {17.0 / 30, 11.0 / 30, 1.0 / 15, 0});
    check_b(B[1], {0, 0, 1.0 / 6, 5.0 / 6});
}

BOOST_AUTO_TEST_CASE(counts_whose_sum_overflows_are_scaled_first) {
    // Counts (1e308, 1e308, 0, 0) sum to +inf; divided by the largest first they give (.5, .5, 0, 0).
    // With env = 87.5 -> (.5, .5, 0, 0): B = (.5, .5, 0, 0), score 50 + 37.5 = 87.5 (not NaN).
    const auto r = score(survey_model(), survey({{20, 87.5, 1e308, 1e308, 0, 0}}), 1);
    BOOST_TEST(r.score(0, 0) == 87.5, tt::tolerance(1e-9));
    check_b(json::parse(r.mcda)["G"]["B"][0], {.5, .5, 0, 0});
}

BOOST_AUTO_TEST_CASE(the_counts_columns_are_model_inputs_and_bad_counts_name_the_place) {
    const auto m = survey_model();
    // The count columns are read from the data like indicator columns.
    for (const char* c : {"s1", "s2", "s3", "s4"})
        BOOST_TEST((std::find(m->input_columns.begin(), m->input_columns.end(), c) != m->input_columns.end()), c);
    // A negative count is a data error naming the unit, the node and the column.
    try {
        (void)score(m, survey({{20, 50, 1, -2, 0, 0}}), 1);
        BOOST_FAIL("a negative count was accepted");
    } catch (const data_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("u1") != std::string::npos, what);
        BOOST_TEST(what.find("node 'G'") != std::string::npos, what);
        BOOST_TEST(what.find("column 's2'") != std::string::npos, what);
    }
    // The node report names each child's count columns (null: membership from its score).
    const auto r = score(m, survey({{20, 50, 1, 1, 0, 0}}), 1);
    const json report = json::parse(r.node_report)["groups"][0];
    BOOST_TEST(report["id"].get<std::string>() == "G");
    BOOST_TEST(report["mcda"]["counts"] == json::parse(R"([["s1", "s2", "s3", "s4"], null])"));
}

BOOST_AUTO_TEST_CASE(bad_counts_keys_name_their_json_pointer) {
    BOOST_TEST(problems_of(R"({"svx": ["s1", "s2", "s3", "s4"]})").find("/root/aggregation/counts/svx: \"svx\" is not a child") !=
               std::string::npos);
    BOOST_TEST(problems_of(R"({"svc": ["s1", "s2", "s3"]})").find("/root/aggregation/counts/svc: needs one count column per grade (4)") !=
               std::string::npos);
    BOOST_TEST(problems_of(R"({"svc": ["s1", "s2", 3, "s4"]})").find("/root/aggregation/counts/svc/2: must be a column name") !=
               std::string::npos);
    BOOST_TEST(problems_of(R"({"svc": ["s1", "s2", "s1", "s4"]})").find("/root/aggregation/counts/svc/2: column \"s1\" is used twice") !=
               std::string::npos);
    BOOST_TEST(problems_of(R"(["s1"])").find("/root/aggregation/counts: must be an object") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
