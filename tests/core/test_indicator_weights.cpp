// Weights learned "over": "indicators" (regional-42 of issue 7) and single-unit scoring against batch.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include "engine/unit_scorer.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

using namespace civiscore;
namespace tt = boost::test_tools;

namespace {

dataset rows_data(std::vector<std::string> cols, std::vector<std::vector<double>> rows) {
    std::vector<double> v;
    for (const auto& r : rows) v.insert(v.end(), r.begin(), r.end());
    return dataset_from_matrix(v.data(), rows.size(), cols.size(), matrix_layout::row_major, 0, cols, {});
}

model_ptr over_model(const std::string& weights = R"({"method": "combined", "rule": "multiplicative", "over": "indicators",
        "subjective": {"method": "explicit"}, "objective": {"method": "entropy"}})") {
    return load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", "grades": [{"label": "A", "min": 80}, {"label": "B"}],
      "root": {"id": "root", "weights": )" + weights + R"(, "children": [
        {"id": "G1", "children": [
          {"id": "a", "weight": 1, "rule": {"type": "min_max"}},
          {"id": "b", "weight": 3, "rule": {"type": "min_max"}}]},
        {"id": "G2", "children": [
          {"id": "c", "weight": 2, "direction": "cost", "rule": {"type": "min_max"}}]}]}})");
}

std::string load_error(const std::string& weights, const std::string& g1_extra = "") {
    try {
        (void)load_model(R"({"civiscore_model": 1, "id": "t", "name": "t", "root": {"id": "root", "weights": )" + weights +
                         R"(, "children": [{"id": "G1", )" + g1_extra + R"("children": [{"id": "a", "weight": 1, "rule": {"type": "min_max"}},
                         {"id": "b", "weight": 1, "rule": {"type": "min_max"}}]}]}})");
    } catch (const model_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(indicator_weights)

// a = 0, 5, 10 -> min-max z = 0, 50, 100; b = 1, 2, missing -> z = 0, 100 (n = 2); c (cost) = 2, 4, 6
// -> z = 100, 50, 0. Entropy per column over its present values, p = z / sum z, E = -sum p ln p / ln n:
//   a, c: p = (0, 1/3, 2/3), E = (1/3 ln 3 + 2/3 ln 1.5)/ln 3 = 0.5793801642856949, d = 1 - E = 0.42061983571430506
//   b:    p = (0, 1),        E = 0, d = 1
// e = d / sum d; expert a = (1, 3, 2)/6; w = a.e / sum(a.e) = (0.0986939703219551, 0.7039180890341347,
// 0.1973879406439102). G1 weighs w_a + w_b = 0.8026120593560898, G2 w_c.
//   unit 1: G1 = 0, G2 = 100                                  -> index 100 w_c = 19.73879406439102
//   unit 2: G1 = (50 w_a + 100 w_b)/(w_a + w_b), G2 = 50       -> 85.19590445170672
//   unit 3: G1 = a alone = 100 (b missing, re-weighted), G2 = 0 -> 100 (w_a + w_b) = 80.26120593560897
BOOST_AUTO_TEST_CASE(entropy_times_expert_weights_summed_up_the_tree) {
    const auto m = over_model();
    const auto d = rows_data({"a", "b", "c"}, {{0, 1, 2}, {5, 2, 4}, {10, NAN, 6}});
    for (int threads : {1, 2, 3}) {
        const auto r = score(m, d, threads);
        BOOST_TEST(r.effective_weights[0] == 0.0986939703219551, tt::tolerance(1e-12));
        BOOST_TEST(r.effective_weights[1] == 0.7039180890341347, tt::tolerance(1e-12));
        BOOST_TEST(r.effective_weights[2] == 0.1973879406439102, tt::tolerance(1e-12));
        BOOST_TEST(r.score(0, 0) == 19.73879406439102, tt::tolerance(1e-12));
        BOOST_TEST(r.score(1, 0) == 85.19590445170672, tt::tolerance(1e-12));
        BOOST_TEST(r.score(2, 0) == 80.26120593560897, tt::tolerance(1e-12));
        BOOST_TEST(r.rank == (std::vector<std::int64_t>{3, 1, 2}), tt::per_element());
        BOOST_TEST(static_cast<int>(r.status[2]) == static_cast<int>(unit_status::partial));
        BOOST_TEST(r.grade == (std::vector<int>{1, 0, 0}), tt::per_element());
    }
}

BOOST_AUTO_TEST_CASE(fitted_state_round_trips_and_scores_new_data_on_the_old_weights) {
    const auto m = over_model();
    const auto d = rows_data({"a", "b", "c"}, {{0, 1, 2}, {5, 2, 4}, {10, NAN, 6}});
    const auto f = fit(*m, d, 1);
    const auto back = fitted_from_json(*m, f.to_json());
    BOOST_TEST(back.sha256() == f.sha256());
    // A new unit a = 5 (z 50), b = 1 (z 0), c = 6 (z 0): G1 = 50 w_a/(w_a + w_b) = 6.1494...; index
    // = (w_a + w_b) G1 = 50 w_a = 4.934698516097755.
    const auto r = score(m, back, rows_data({"a", "b", "c"}, {{5, 1, 6}}), 1);
    BOOST_TEST(r.score(0, 0) == 50 * 0.0986939703219551, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(entropy_alone_over_indicators) {
    // No expert part: w = e = d / sum d = (0.42062, 1, 0.42062)/1.84124 = (0.228444..., 0.543112..., 0.228444...).
    const auto m = over_model(R"({"method": "entropy", "over": "indicators"})");
    const auto r = score(m, rows_data({"a", "b", "c"}, {{0, 1, 2}, {5, 2, 4}, {10, NAN, 6}}), 1);
    const double d = 0.42061983571430506, s = 2 * d + 1;
    BOOST_TEST(r.effective_weights[0] == d / s, tt::tolerance(1e-12));
    BOOST_TEST(r.effective_weights[1] == 1 / s, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(errors_name_the_place) {
    BOOST_TEST(load_error(R"({"method": "entropy", "over": "children"})").find("/root/weights/over: must be \"indicators\"") !=
               std::string::npos);
    BOOST_TEST(load_error(R"({"method": "critic", "over": "indicators"})").find("/root/weights/method: weights learned \"over\"") !=
               std::string::npos);
    BOOST_TEST(load_error(R"({"method": "entropy", "over": "indicators"})", R"("weights": "equal", )")
                   .find("/root/children/0/weights: not allowed below") != std::string::npos);
    BOOST_TEST(load_error(R"({"method": "combined", "rule": "multiplicative", "over": "indicators",
        "subjective": {"method": "explicit", "values": [1]}, "objective": {"method": "entropy"}})")
                   .find("/root/weights/subjective/values: must be an array of 2") != std::string::npos);
    // Fewer than 2 values of an indicator: fit names the node and the indicator.
    const auto m = over_model();
    try {
        (void)fit(*m, rows_data({"a", "b", "c"}, {{0, 1, 2}, {5, NAN, 4}}), 1);
        BOOST_FAIL("fit accepted an indicator with one value");
    } catch (const fitted_error& e) {
        BOOST_TEST(std::string(e.what()).find("node 'root' (/root/weights): indicator 'b' has 1 values") != std::string::npos);
    }
}

// The single-unit scorer gives each unit exactly what batch scoring gives it.
BOOST_AUTO_TEST_CASE(unit_scorer_equals_batch) {
    const auto m = load_model(R"({"civiscore_model": 1, "id": "u", "name": "u",
      "grades": [{"label": "A", "min": 60}, {"label": "B"}],
      "root": {"id": "root", "children": [
        {"id": "D1", "weight": 3, "min_coverage": 0.5, "children": [
          {"id": "x", "weight": 3, "rule": {"type": "min_max", "range": [0, 100]}},
          {"id": "y", "weight": 2, "direction": "cost", "rule": {"type": "goalposts", "worst": 10, "best": 0}},
          {"id": "z", "weight": 1, "rule": {"type": "target", "target": 4}}]},
        {"id": "D2", "weight": 2, "missing": "zero", "children": [
          {"id": "t", "weight": 1, "rule": {"type": "binary"}},
          {"id": "u", "weight": 2, "rule": {"type": "tiers", "tiers": [{"min": 1, "fraction": 0.5}, {"min": 3, "fraction": 1}]}},
          {"id": "v", "weight": 1, "missing": "not_applicable", "rule": {"type": "z_score", "mean": 50, "sd": 10}}]}]}})");
    std::vector<std::vector<double>> rows;
    for (int u = 0; u < 64; ++u) {
        std::vector<double> r{static_cast<double>((u * 37) % 101), static_cast<double>(u % 12), static_cast<double>(u % 7),
                              static_cast<double>(u % 2), static_cast<double>(u % 5), static_cast<double>((u * 13) % 29)};
        for (std::size_t j = 0; j < r.size(); ++j)
            if ((u + static_cast<int>(j) * 5) % 9 == 0) r[j] = NAN;
        rows.push_back(r);
    }
    rows[7] = {NAN, NAN, NAN, NAN, NAN, NAN};  // unscored
    const auto d = rows_data({"x", "y", "z", "t", "u", "v"}, rows);
    const auto f = fit(*m, d, 1);
    const auto batch = score(m, f, d, 2);
    const unit_scorer s(m, f);
    std::vector<double> values(s.input_count()), sc(s.node_count()), cov(s.node_count());
    for (std::size_t u = 0; u < rows.size(); ++u) {
        for (std::size_t c = 0; c < values.size(); ++c) {
            const int col = d.find_column(m->input_columns[c]);
            values[c] = d.columns[static_cast<std::size_t>(col)].values[u];
        }
        unit_status st{};
        int grade = -2;
        s.score(values.data(), sc.data(), cov.data(), st, grade);
        for (std::size_t n = 0; n < s.node_count(); ++n) {
            const double b = batch.score(u, n), c = batch.node_coverage(u, n);
            BOOST_TEST((std::isnan(b) ? std::isnan(sc[n]) : b == sc[n]), "unit " << u << " node " << n << ": " << b << " vs " << sc[n]);
            BOOST_TEST((std::isnan(c) ? std::isnan(cov[n]) : c == cov[n]), "unit " << u << " node " << n << " coverage");
        }
        BOOST_TEST(static_cast<int>(st) == static_cast<int>(batch.status[u]));
        BOOST_TEST(grade == batch.grade[u]);
    }
    BOOST_TEST(static_cast<int>(batch.status[7]) == static_cast<int>(unit_status::unscored));
}

BOOST_AUTO_TEST_CASE(unit_scorer_with_weights_over_indicators_and_refusals) {
    const auto m = over_model();
    const auto d = rows_data({"a", "b", "c"}, {{0, 1, 2}, {5, 2, 4}, {10, NAN, 6}});
    const auto f = fit(*m, d, 1);
    const unit_scorer s(m, f);
    std::vector<double> sc(s.node_count()), cov(s.node_count());
    const double unit2[] = {5, 2, 4};
    unit_status st{};
    int grade = -1;
    s.score(unit2, sc.data(), cov.data(), st, grade);
    BOOST_TEST(sc[0] == 85.19590445170672, tt::tolerance(1e-12));
    BOOST_TEST(grade == 0);
    // A geometric mean is not taken one unit at a time: refused naming the node.
    const auto g = load_model(R"({"civiscore_model": 1, "id": "g", "name": "g", "root": {"id": "root", "aggregation": "geometric",
        "children": [{"id": "a", "rule": {"type": "binary"}}]}})");
    try {
        const unit_scorer bad(g, fit(*g, rows_data({"a"}, {{1}}), 1));
        BOOST_FAIL("a geometric root was accepted");
    } catch (const invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("node 'root' (/root): only the arithmetic mean") != std::string::npos);
    }
}

// CIVISCORE_THREADS sets the thread count when the API passes 0; results are identical; a bad value
// is an error naming the variable.
BOOST_AUTO_TEST_CASE(civiscore_threads_environment_variable) {
    const auto m = over_model();
    std::vector<std::vector<double>> rows;
    for (int u = 0; u < 5000; ++u) rows.push_back({static_cast<double>(u % 97), static_cast<double>((u * 7) % 13), static_cast<double>(u % 31)});
    const auto d = rows_data({"a", "b", "c"}, rows);
    const auto one = score(m, d, 1);
    ::setenv("CIVISCORE_THREADS", "2", 1);
    const auto env = score(m, d, 0);
    BOOST_TEST(env.scores == one.scores, tt::per_element());
    ::setenv("CIVISCORE_THREADS", "two", 1);
    try {
        (void)score(m, d, 0);
        BOOST_FAIL("CIVISCORE_THREADS=two was accepted");
    } catch (const invalid_argument_error& e) {
        BOOST_TEST(std::string(e.what()).find("CIVISCORE_THREADS: must be a whole number >= 1, not 'two'") != std::string::npos);
    }
    ::unsetenv("CIVISCORE_THREADS");
}

BOOST_AUTO_TEST_SUITE_END()
