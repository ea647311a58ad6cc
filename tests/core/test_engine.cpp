// Engine tests: fit and score on small models whose every number is computed by hand below.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <random>
#include <string>

using namespace civiscore;

namespace {

const std::string data_dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/";

model_ptr mini_model() { return load_model_file(data_dir + "mini-model.json"); }

dataset mini_units() { return read_csv_file(data_dir + "mini-units.csv", csv_options{}); }

double score_of(const result& r, const std::string& unit, const std::string& node) {
    for (std::size_t u = 0; u < r.n_units; ++u) {
        if (r.unit_ids[u] == unit) return r.score(u, static_cast<std::size_t>(r.model->find(node)));
    }
    BOOST_FAIL("no unit " + unit);
    return NAN;
}

std::size_t unit_index(const result& r, const std::string& unit) {
    for (std::size_t u = 0; u < r.n_units; ++u) {
        if (r.unit_ids[u] == unit) return u;
    }
    BOOST_FAIL("no unit " + unit);
    return 0;
}

// A small scale-mode model: two groups with different aggregators, explicit weights 2:1 at the root.
const char* scale_model = R"({
  "civiscore_model": 1, "id": "scale", "name": "scale model",
  "grades": [{"label": "A", "min": 75}, {"label": "B", "min": 50}],
  "root": {"id": "root", "children": [
    {"id": "G1", "weight": 2, "aggregation": "geometric", "children": [
      {"id": "a", "rule": {"type": "goalposts", "worst": 0, "best": 10}},
      {"id": "b", "rule": {"type": "min_max", "range": [0, 100]}}]},
    {"id": "G2", "weight": 1, "aggregation": "harmonic", "children": [
      {"id": "c", "rule": {"type": "target", "target": 10}},
      {"id": "d", "missing": "not_applicable", "rule": {"type": "binary"}}]}]}
})";

dataset scale_data() {
    // columns a, b, c, d; units u1..u4
    const double nan = NAN;
    const std::vector<double> rows = {
        5, 10, 5, 1,    // u1
        10, 30, 10, 0,  // u2
        2, 20, 20, nan, // u3
        0, nan, nan, nan // u4
    };
    return dataset_from_matrix(rows.data(), 4, 4, matrix_layout::row_major, 0, {"a", "b", "c", "d"},
                               {"u1", "u2", "u3", "u4"});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(engine)

BOOST_AUTO_TEST_CASE(mini_model_points_by_hand) {
    const auto m = mini_model();
    const auto r = score(m, mini_units(), 1);
    BOOST_REQUIRE_EQUAL(r.n_units, 4u);
    // Unit A: satisfaction (80-50)/(90-50) = 0.75 of 30 = 22.5; complaints (-5-10)/(-20-10) = 0.5 of 20 = 10;
    // meetings 3/4 = 0.75 of 10 = 7.5; D1 = 40. list yes = 10; brand 2 -> tier min 1 = 0.5 of 20 = 10;
    // ledger 10 - (2*0.5 + 1*1) = 8; D2 = 28. Total 68 -> 合格.
    BOOST_TEST(score_of(r, "A", "satisfaction") == 22.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "complaints") == 10.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "meetings") == 7.5, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "D1") == 40.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "ledger") == 8.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "D2") == 28.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(score_of(r, "A", "total") == 68.0, boost::test_tools::tolerance(1e-12));
    // Unit B: everything at or beyond the best (clamped) -> 100 -> 优秀.
    BOOST_TEST(score_of(r, "B", "total") == 100.0, boost::test_tools::tolerance(1e-12));
    // Unit C: D1 has only meetings (10 of 60 points) -> coverage 1/6 < min_coverage 0.5 -> D1 missing.
    // D2 "zero": list, brand, ledger missing -> 0 points each, coverage 0. The root would re-weight to D2
    // alone (0 points), but its coverage is 0 (D1 missing counts 0, D2 had no data): unscored.
    BOOST_TEST(std::isnan(score_of(r, "C", "D1")));
    BOOST_TEST(score_of(r, "C", "D2") == 0.0);
    BOOST_TEST(std::isnan(score_of(r, "C", "total")));
    BOOST_TEST(score_of(r, "C", "meetings") == 10.0, boost::test_tools::tolerance(1e-12));
    const auto a = unit_index(r, "A"), b = unit_index(r, "B"), c = unit_index(r, "C"), d = unit_index(r, "D");
    const auto d1 = static_cast<std::size_t>(m->find("D1"));
    BOOST_TEST(r.node_coverage(c, d1) == 10.0 / 60.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.node_coverage(c, 0) == 0.0);
    // Ranks: B 1, A 2; C and D (no data under the root) unranked and ungraded, but kept.
    BOOST_TEST(r.rank[b] == 1);
    BOOST_TEST(r.rank[a] == 2);
    BOOST_TEST(r.rank[c] == 0);
    BOOST_TEST(r.rank[d] == 0);
    BOOST_TEST(m->grades[static_cast<std::size_t>(r.grade[a])].label == "合格");
    BOOST_TEST(m->grades[static_cast<std::size_t>(r.grade[b])].label == "优秀");
    BOOST_TEST(r.grade[d] == -1);
    BOOST_TEST(static_cast<int>(r.status[a]) == static_cast<int>(unit_status::ok));
    BOOST_TEST(static_cast<int>(r.status[c]) == static_cast<int>(unit_status::unscored));
    BOOST_TEST(static_cast<int>(r.status[d]) == static_cast<int>(unit_status::unscored));
    // Effective weights: points / 100.
    const auto& ew = r.effective_weights;
    BOOST_REQUIRE_EQUAL(ew.size(), 6u);
    BOOST_TEST(ew[0] == 0.30, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(ew[5] == 0.10, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.model_sha256 == m->sha256);
    BOOST_TEST(r.fitted_sha256.size() == 64u);
}

BOOST_AUTO_TEST_CASE(scale_model_geometric_harmonic_not_applicable) {
    const auto m = load_model(scale_model);
    const auto r = score(m, scale_data(), 1);
    // b is min-max over fitted min 10, max 30: u1 0, u2 100, u3 50, u4 missing.
    // u1: a 50, b 0 -> geometric with a zero = 0 (the limit, not NaN). c 5/10 = 50, d yes = 100 ->
    //     harmonic 2/(1/50 + 1/100) = 66.666...; root (2*0 + 1*66.667)/3 = 22.222...
    BOOST_TEST(r.score(0, 1) == 0.0);
    BOOST_TEST(r.score(0, 4) == 200.0 / 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.score(0, 0) == 200.0 / 9.0, boost::test_tools::tolerance(1e-12));
    // u2: a 100, b 100 -> 100; c 100, d no = 0 -> harmonic with a zero = 0; root 200/3.
    BOOST_TEST(r.score(1, 0) == 200.0 / 3.0, boost::test_tools::tolerance(1e-12));
    // u3: a 20, b 50 -> sqrt(1000) = 31.6227766...; c 20/10 clamped = 100, d not applicable ->
    //     G2 = 100 with coverage 1 (d left out); root (2*31.6227766 + 100)/3.
    BOOST_TEST(r.score(2, 1) == std::sqrt(1000.0), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.score(2, 4) == 100.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r.node_coverage(2, 4) == 1.0);
    BOOST_TEST(std::isnan(r.node_coverage(2, 6)));  // d itself: not applicable
    BOOST_TEST(r.score(2, 0) == (2 * std::sqrt(1000.0) + 100) / 3, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(static_cast<int>(r.status[2]) == static_cast<int>(unit_status::ok));
    // u4: a 0 -> G1 = 0 with coverage 1/2 (b missing, skipped); c missing; d not applicable ->
    //     G2 has an applicable child (c) but no value: missing, coverage 0. Root: G1 alone = 0,
    //     coverage (2*0.5 + 1*0)/3 = 1/3 -> partial.
    BOOST_TEST(r.score(3, 0) == 0.0);
    BOOST_TEST(r.node_coverage(3, 0) == 1.0 / 3.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(static_cast<int>(r.status[3]) == static_cast<int>(unit_status::partial));
    // Grades: u3 = 54.4 -> B; u1 = 22.2 -> none (no catch-all band).
    BOOST_TEST(m->grades[static_cast<std::size_t>(r.grade[2])].label == "B");
    BOOST_TEST(r.grade[0] == -1);
}

BOOST_AUTO_TEST_CASE(unit_with_every_value_missing_is_unscored_but_kept) {
    const auto m = load_model(scale_model);
    const double nan = NAN;
    const std::vector<double> rows = {1, 2, 3, 1, nan, nan, nan, nan};
    const auto d = dataset_from_matrix(rows.data(), 2, 4, matrix_layout::row_major, 0, {"a", "b", "c", "d"}, {"x", "empty"});
    const auto r = score(m, d, 1);
    BOOST_REQUIRE_EQUAL(r.n_units, 2u);
    BOOST_TEST(static_cast<int>(r.status[1]) == static_cast<int>(unit_status::unscored));
    BOOST_TEST(r.rank[1] == 0);
    BOOST_TEST(r.grade[1] == -1);
    BOOST_TEST(std::isnan(r.score(1, 0)));
    BOOST_TEST(r.rank[0] == 1);
}

BOOST_AUTO_TEST_CASE(constant_and_all_missing_columns) {
    const auto m = load_model(scale_model);
    const double nan = NAN;
    // b constant 7 -> min-max midpoint 50 for every unit; nothing is NaN.
    const std::vector<double> rows = {10, 7, 10, 1, 10, 7, 10, 1};
    const auto r = score(m, dataset_from_matrix(rows.data(), 2, 4, matrix_layout::row_major, 0, {"a", "b", "c", "d"}, {}), 1);
    BOOST_TEST(r.score(0, 3) == 50.0);
    BOOST_TEST(r.score(1, 3) == 50.0);
    // b all missing: fit learns nothing, every b is missing and skipped; G1 = a alone.
    const std::vector<double> rows2 = {10, nan, 10, 1, 5, nan, 10, 1};
    const auto r2 = score(m, dataset_from_matrix(rows2.data(), 2, 4, matrix_layout::row_major, 0, {"a", "b", "c", "d"}, {}), 1);
    BOOST_TEST(r2.score(1, 1) == 50.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(r2.node_coverage(1, 1) == 0.5);
}

BOOST_AUTO_TEST_CASE(fitted_state_round_trips_and_checks_the_model) {
    const auto m = load_model(scale_model);
    const auto d = scale_data();
    const auto f = fit(*m, d, 1);
    const auto json = f.to_json();
    const auto back = fitted_from_json(*m, json);
    BOOST_TEST(back.to_json() == json);
    const auto r1 = score(m, f, d, 1);
    const auto r2 = score(m, back, d, 1);
    for (std::size_t i = 0; i < r1.scores.size(); ++i) {
        BOOST_TEST((r1.scores[i] == r2.scores[i] || (std::isnan(r1.scores[i]) && std::isnan(r2.scores[i]))));
    }
    const auto other = mini_model();
    BOOST_CHECK_THROW((void)fitted_from_json(*other, json), fitted_error);
    BOOST_CHECK_THROW((void)fitted_from_json(*m, "{\"civiscore_fitted\": 1}"), fitted_error);
    BOOST_CHECK_THROW((void)fitted_from_json(*m, "not json"), fitted_error);
}

BOOST_AUTO_TEST_CASE(results_identical_whatever_the_thread_count) {
    const auto m = load_model(scale_model);
    const std::size_t n = 10'000;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0, 12);
    std::vector<double> rows(n * 4);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = (i % 37 == 0) ? NAN : u(rng);
    for (std::size_t i = 0; i < n; ++i) rows[i * 4 + 3] = std::floor(rows[i * 4 + 3]) > 5 ? 1 : 0;
    const auto d = dataset_from_matrix(rows.data(), n, 4, matrix_layout::row_major, 0, {"a", "b", "c", "d"}, {});
    const auto r1 = score(m, d, 1);
    const auto r2 = score(m, d, 2);
    const auto r8 = score(m, d, 8);
    BOOST_TEST(r1.fitted_sha256 == r8.fitted_sha256);
    bool same = true;
    for (std::size_t i = 0; i < r1.scores.size(); ++i) {
        const bool eq1 = r1.scores[i] == r2.scores[i] || (std::isnan(r1.scores[i]) && std::isnan(r2.scores[i]));
        const bool eq8 = r1.scores[i] == r8.scores[i] || (std::isnan(r1.scores[i]) && std::isnan(r8.scores[i]));
        same = same && eq1 && eq8;
    }
    BOOST_TEST(same);
    BOOST_TEST(r1.rank == r8.rank);
}

BOOST_AUTO_TEST_CASE(missing_policy_error_names_unit_and_indicator) {
    const auto m = load_model(R"({"civiscore_model": 1, "id": "e", "name": "e", "missing": "error",
      "root": {"id": "r", "children": [{"id": "x", "rule": {"type": "binary"}}]}})");
    const double v[] = {1, NAN};
    const auto d = dataset_from_matrix(v, 2, 1, matrix_layout::row_major, 0, {"x"}, {"first", "second"});
    try {
        (void)score(m, d, 1);
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("second") != std::string::npos);
        BOOST_TEST(what.find("'x'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(geometric_mean_of_a_negative_value_names_unit_and_node) {
    const auto m = load_model(R"({"civiscore_model": 1, "id": "g", "name": "g",
      "root": {"id": "r", "aggregation": "geometric", "children": [
        {"id": "x", "rule": {"type": "z_score"}}, {"id": "y", "rule": {"type": "z_score"}}]}})");
    const double v[] = {1, 2, 3, 4};
    const auto d = dataset_from_matrix(v, 2, 2, matrix_layout::row_major, 0, {"x", "y"}, {"p", "q"});
    try {
        (void)score(m, d, 1);
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("node 'r'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(missing_and_text_columns_are_named) {
    const auto m = mini_model();
    const auto d = parse_csv("unit_id,satisfaction\nA,1\n", csv_options{}, "x.csv");
    try {
        (void)score(m, d, 1);
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("'complaints'") != std::string::npos);
        BOOST_TEST(what.find("'ledger_missing'") != std::string::npos);
    }
    const auto text = parse_csv(
        "unit_id,satisfaction,complaints,meetings,list_published,brand_projects,ledger_mismatch,ledger_missing\n"
        "A,1,2,3,1,2,0,0\nB,1,2,three,1,2,0,0\n",
        csv_options{}, "t.csv");
    try {
        (void)score(m, text, 1);
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("t.csv:3:4") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(grade_threshold_survives_rounding) {
    const auto m = mini_model();
    // 89.99999999999999 is 90 up to floating-point noise and must reach 优秀's threshold.
    BOOST_TEST(m->grades[static_cast<std::size_t>(m->grade_of(89.99999999999999))].label == "优秀");
    BOOST_TEST(m->grades[static_cast<std::size_t>(m->grade_of(89.99))].label == "良好");
    BOOST_TEST(m->grade_of(NAN) == -1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(engine_data_checks)

BOOST_AUTO_TEST_CASE(negative_event_count_is_a_data_error) {
    const auto m = load_model(R"({"civiscore_model": 1, "id": "d", "name": "d",
      "root": {"id": "r", "children": [{"id": "x", "points": 4, "rule": {"type": "deduction",
        "deductions": [{"column": "n", "per_event": 1}]}}]}})");
    const double v[] = {1, -2};
    const auto d = dataset_from_matrix(v, 2, 1, matrix_layout::row_major, 0, {"n"}, {"ok", "bad"});
    try {
        (void)score(m, d, 1);
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("'bad'") != std::string::npos);
        BOOST_TEST(what.find("column 'n'") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
