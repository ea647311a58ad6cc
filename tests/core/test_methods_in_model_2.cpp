// Issue 3, part 2: methods::normalise's normalisers as indicator rules (model JSON), learned in fit
// and applied in score; every expected value computed by hand in the comments.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/normalise.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace civiscore;
namespace tt = boost::test_tools;

namespace {

dataset column_x(const std::vector<double>& x) {
    return dataset_from_matrix(x.data(), x.size(), 1, matrix_layout::row_major, 0, {"x"}, {});
}

// Every indicator reads column x = (1, 2, 2, 5).
const char* k_model = R"({"civiscore_model": 1, "id": "n", "name": "n", "root": {"id": "root", "children": [
  {"id": "dt", "column": "x", "rule": {"type": "distance_to_target", "target": 4}},
  {"id": "db", "column": "x", "rule": {"type": "distance_to_best"}},
  {"id": "rk", "column": "x", "rule": {"type": "rank"}},
  {"id": "rkc", "column": "x", "direction": "cost", "rule": {"type": "rank"}},
  {"id": "pr", "column": "x", "rule": {"type": "percentile_rank"}},
  {"id": "vec", "column": "x", "rule": {"type": "vector"}},
  {"id": "sum", "column": "x", "rule": {"type": "sum"}},
  {"id": "max", "column": "x", "rule": {"type": "max", "range": [0, 10]}},
  {"id": "log", "column": "x", "rule": {"type": "log_min_max"}},
  {"id": "zp", "column": "x", "rule": {"type": "z_score", "mean": 50, "sd": 10, "sd_type": "population"}},
  {"id": "zs", "column": "x", "rule": {"type": "z_score", "mean": 50, "sd": 10}}]}})";

// Categorical learns nothing and refuses values outside its table, so it has a model of its own.
const char* k_categorical = R"({"civiscore_model": 1, "id": "c", "name": "c", "root": {"id": "root", "children": [
  {"id": "cat", "column": "x", "rule": {"type": "categorical", "categories": [
      {"value": 1, "score": 10}, {"value": 2, "score": 50}, {"value": 5, "score": 90}]}}]}})";

double at(const result& r, const model& m, const char* id, std::size_t unit) {
    return r.scores[static_cast<std::size_t>(m.find(id)) * r.n_units + unit];
}

void expect(const result& r, const model& m, const char* id, std::vector<double> want) {
    BOOST_TEST_CONTEXT("indicator " << id) {
        for (std::size_t u = 0; u < want.size(); ++u) BOOST_TEST(at(r, m, id, u) == want[u], tt::tolerance(1e-9));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(normalisers_as_rules)

BOOST_AUTO_TEST_CASE(each_normaliser_by_hand) {
    const auto m = load_model(k_model);
    const auto r = score(m, column_x({1, 2, 2, 5}), 1);
    // distance to target 4: (x - 1) / (4 - 1), capped at 1 -> 0, 1/3, 1/3, 1 on [0, 100]
    expect(r, *m, "dt", {0, 100.0 / 3, 100.0 / 3, 100});
    // distance to best: x / 5
    expect(r, *m, "db", {20, 40, 40, 100});
    // rank, ties = min: 1, 2, 2, 4; cost ranks the descending order: 5 -> 1, 2 -> 2, 1 -> 4
    expect(r, *m, "rk", {1, 2, 2, 4});
    expect(r, *m, "rkc", {4, 2, 2, 1});
    // percentile rank (rank_min - 1) / (4 - 1)
    expect(r, *m, "pr", {0, 100.0 / 3, 100.0 / 3, 100});
    // vector: ||x|| = sqrt(1 + 4 + 4 + 25) = sqrt(34)
    const double norm = std::sqrt(34.0);
    expect(r, *m, "vec", {100 / norm, 200 / norm, 200 / norm, 500 / norm});
    // sum: x / 10
    expect(r, *m, "sum", {10, 20, 20, 50});
    // max onto [0, 10]: x / 5 * 10
    expect(r, *m, "max", {2, 4, 4, 10});
    // log: ln(x - 1 + 1) / ln(5 - 1 + 1) = ln x / ln 5
    expect(r, *m, "log", {0, 100 * std::log(2.0) / std::log(5.0), 100 * std::log(2.0) / std::log(5.0), 100});
    const auto c = load_model(k_categorical);
    BOOST_TEST(!needs_whole_data(*c));
    expect(score(c, column_x({1, 2, 2, 5}), 1), *c, "cat", {10, 50, 50, 90});
    // mean 2.5; population sd sqrt((2.25 + 0.25 + 0.25 + 6.25) / 4) = 1.5 -> z = -1, -1/3, -1/3, 5/3
    expect(r, *m, "zp", {40, 50 - 10.0 / 3, 50 - 10.0 / 3, 50 + 50.0 / 3});
    // sample sd sqrt(9 / 3) = sqrt(3)
    expect(r, *m, "zs", {50 - 15 / std::sqrt(3.0), 50 - 5 / std::sqrt(3.0), 50 - 5 / std::sqrt(3.0), 50 + 25 / std::sqrt(3.0)});
    // root: arithmetic mean of the 12 indicators (rank raw, as the rule gives it)
    BOOST_CHECK(r.status[0] == unit_status::ok);
}

BOOST_AUTO_TEST_CASE(same_numbers_as_stand_alone_normalise) {
    const auto m = load_model(k_model);
    const std::vector<double> x{3, 1, 4, 1, 5, 9, 2, 6};
    const auto r = score(m, column_x(x), 1);
    const Eigen::MatrixXd X = Eigen::Map<const Eigen::VectorXd>(x.data(), 8);
    for (const char* id : {"dt", "db", "rk", "rkc", "pr", "vec", "sum", "max", "log"}) {
        const node& n = m->nodes[static_cast<std::size_t>(m->find(id))];
        const int type = n.rule.dir == methods::direction::benefit ? 1 : -1;
        const Eigen::MatrixXd want = methods::normalise(n.rule.norm, X, {type}, n.rule.norm_options);
        BOOST_TEST_CONTEXT("indicator " << id) {
            for (Eigen::Index u = 0; u < 8; ++u) BOOST_TEST(at(r, *m, id, static_cast<std::size_t>(u)) == want(u, 0), tt::tolerance(1e-12));
        }
    }
}

BOOST_AUTO_TEST_CASE(new_data_with_an_old_fit_and_json_round_trip) {
    const auto m = load_model(k_model);
    const fitted f = fit(*m, column_x({1, 2, 2, 5}), 1);
    BOOST_TEST(f.normalisers.size() == m->indicators.size());
    const fitted back = fitted_from_json(*m, f.to_json());
    BOOST_TEST(back.to_json() == f.to_json());
    const auto r = score(m, back, column_x({3, 6}), 1);
    // 3 beats 1, 2, 2 of the fitted column: rank 4, percentile 3 / 3 = 1; 6 beats all four: rank 5,
    // percentile min(1, 4 / 3) = 1. Cost rank: 3 is beaten only by 5 -> 2; 6 -> 1.
    expect(r, *m, "rk", {4, 5});
    expect(r, *m, "rkc", {2, 1});
    expect(r, *m, "pr", {100, 100});
    // The fitted sum 10, norm sqrt(34) and best 5 stay: 3 / 10, 3 / sqrt(34), 3 / 5 (6 / 5 = 1.2: not clamped)
    expect(r, *m, "sum", {30, 60});
    expect(r, *m, "vec", {300 / std::sqrt(34.0), 600 / std::sqrt(34.0)});
    expect(r, *m, "db", {60, 120});
    // distance to target: (3 - 1) / 3, (6 - 1) / 3 capped at 1
    expect(r, *m, "dt", {200.0 / 3, 100});
}

BOOST_AUTO_TEST_CASE(partial_fit_is_refused_clearly) {
    const auto m = load_model(k_model);
    BOOST_TEST(needs_whole_data(*m));
    const auto d = column_x({1, 2, 2, 5});
    const fitted f = finalize(*m, partial_fit(*m, d, 1));
    BOOST_CHECK_EXCEPTION((void)score(m, f, d, 1), fitted_error, [](const fitted_error& e) {
        return std::string(e.what()).find("whole-column normaliser") != std::string::npos;
    });
    // A model with only mergeable normalisers (distance to target, log, categorical, z-score) does not need the whole data.
    const auto light = load_model(R"({"civiscore_model": 1, "id": "l", "name": "l", "root": {"id": "root", "children": [
      {"id": "dt", "column": "x", "rule": {"type": "distance_to_target", "target": 4}},
      {"id": "log", "column": "x", "rule": {"type": "log_min_max", "range": [0, 1]}}]}})");
    BOOST_TEST(!needs_whole_data(*light));
    const auto r = score(light, finalize(*light, partial_fit(*light, d, 1)), d, 1);
    BOOST_TEST(at(r, *light, "log", 3) == 1.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(bad_values_and_bad_rules_are_named) {
    const auto m = load_model(k_categorical);
    const fitted f = fit(*m, column_x({1, 2, 2, 5}), 1);
    // 7 is not a category; the message names the unit and the indicator.
    BOOST_CHECK_EXCEPTION((void)score(m, f, column_x({1, 7}), 1), data_error, [](const data_error& e) {
        const std::string w = e.what();
        return w.find("indicator 'cat'") != std::string::npos && w.find("not in the category table") != std::string::npos;
    });
    auto bad = [](const std::string& rule) {
        return R"({"civiscore_model": 1, "id": "b", "name": "b", "root": {"id": "root", "children": [{"id": "a", "rule": )" + rule + "}]}}";
    };
    BOOST_CHECK_EXCEPTION((void)load_model(bad(R"({"type": "distance_to_target"})")), model_error, [](const model_error& e) {
        return std::string(e.what()).find("/root/children/0/rule/target") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION((void)load_model(bad(R"({"type": "rank", "ties": "max"})")), model_error, [](const model_error& e) {
        return std::string(e.what()).find("/root/children/0/rule/ties") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION((void)load_model(bad(R"({"type": "z_score", "sd_type": "n"})")), model_error, [](const model_error& e) {
        return std::string(e.what()).find("/root/children/0/rule/sd_type") != std::string::npos;
    });
    BOOST_CHECK_EXCEPTION((void)load_model(bad(R"({"type": "categorical", "categories": [{"value": 1, "score": 2}, {"value": 1, "score": 3}]})")),
                          model_error, [](const model_error& e) {
                              return std::string(e.what()).find("/root/children/0/rule/categories/1/value") != std::string::npos;
                          });
    // Negative values have no vector norm: a data error naming the indicator when fitting.
    const auto v = load_model(bad(R"({"type": "vector"})"));
    const std::vector<double> neg{1, -2};
    const auto d = dataset_from_matrix(neg.data(), 2, 1, matrix_layout::row_major, 0, {"a"}, {});
    BOOST_CHECK_EXCEPTION((void)fit(*v, d, 1), data_error, [](const data_error& e) {
        return std::string(e.what()).find("indicator 'a'") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(constant_column_gives_the_midpoint) {
    const auto m = load_model(k_model);
    const auto r = score(m, column_x({3, 3, 3}), 1);  // every learning normaliser: the midpoint
    for (const char* id : {"dt", "db", "pr", "vec", "sum", "log"}) expect(r, *m, id, {50, 50, 50});
    expect(r, *m, "max", {5, 5, 5});
    expect(r, *m, "rk", {1, 1, 1});
    expect(r, *m, "zp", {50, 50, 50});
}

BOOST_AUTO_TEST_SUITE_END()
