// Period roll-ups: annual values from quarterly rows by the model's rules, against the hand
// computation of tests/data/periods/annual-by-hand.csv (arithmetic below and in its README).
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/io/csv_writer.hpp>
#include <civiscore/model.hpp>
#include <civiscore/period_rollup.hpp>

#include <cmath>
#include <cstring>
#include <string>

using namespace civiscore;

namespace {

const std::string dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/periods/";

dataset quarterly(const std::string& path = dir + "quarterly.csv") {
    csv_options o;
    o.unique_ids = false;
    return read_csv_file(path, o);
}

const column& col(const dataset& d, const std::string& id) {
    const int c = d.find_column(id);
    BOOST_REQUIRE(c >= 0);
    return d.columns[static_cast<std::size_t>(c)];
}

std::string rollup_error(const std::string& csv) {
    const auto m = load_model_file(dir + "model.json");
    csv_options o;
    o.unique_ids = false;
    try {
        (void)rollup_periods(*m, parse_csv(csv, o, "q.csv"), "quarter");
    } catch (const data_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(period_rollup)

BOOST_AUTO_TEST_CASE(annual_values_equal_the_hand_computation) {
    const auto m = load_model_file(dir + "model.json");
    const dataset y = rollup_periods(*m, quarterly(), "quarter");
    BOOST_TEST(y.unit_ids == (std::vector<std::string>{"A", "B", "C"}));
    const auto& rate = col(y, "cover_rate").values;
    // A: 100 * (10 + 30 + 0 + 60) / (20 + 40 + 10 + 80) = 100 * 100 / 150
    BOOST_TEST(rate[0] == 100.0 * 100.0 / 150.0, boost::test_tools::tolerance(1e-12));
    // ... and not the mean of the quarterly rates, (50 + 75 + 0 + 75) / 4 = 50.
    BOOST_TEST(std::fabs(rate[0] - 50.0) > 16.0);
    // B: Q2 has no eligible count, so Q2 is left out of both sums: 100 * (5 + 20) / (50 + 25).
    BOOST_TEST(rate[1] == 100.0 * 25.0 / 75.0, boost::test_tools::tolerance(1e-12));
    // C: 0 / 0 -> missing.
    BOOST_TEST(std::isnan(rate[2]));
    // Sums (the default): visits A 5 + 7 + 0 + 8 = 20, B 3 + 1 + 2 = 6; served B 20 + 5 + 45 = 70.
    BOOST_TEST(col(y, "visits").values == (std::vector<double>{20, 6, 4}));
    BOOST_TEST(col(y, "served").values == (std::vector<double>{100, 70, 0}));
    // Mean of present quarters: A (80 + 90 + 70) / 3 = 80, B (60 + 62 + 64) / 3 = 62.
    BOOST_TEST(col(y, "satisfaction").values == (std::vector<double>{80, 62, 75}));
    // Last present value in quarter order (B's rows are out of order; A's Q3 is empty): A 5, B 1.
    BOOST_TEST(col(y, "staff").values == (std::vector<double>{5, 1, 2}));
    // Max: A max(4, 9, 2, 6) = 9, B max(10, 12, 8) = 12.
    BOOST_TEST(col(y, "peak_queue").values == (std::vector<double>{9, 12, 3}));
    // Text columns keep their label; the period column is gone.
    BOOST_TEST(col(y, "district").text == (std::vector<std::string>{"建邺区", "鼓楼区", "鼓楼区"}));
    BOOST_TEST(y.find_column("quarter") < 0);
}

BOOST_AUTO_TEST_CASE(scores_of_the_rollup_equal_scores_of_the_hand_made_year) {
    const auto m = load_model_file(dir + "model.json");
    const dataset y = rollup_periods(*m, quarterly(), "quarter");
    const dataset hand = read_csv_file(dir + "annual-by-hand.csv", csv_options{});
    const result a = score(m, y, 1), b = score(m, hand, 1);
    BOOST_TEST(a.scores.size() == b.scores.size());
    for (std::size_t k = 0; k < a.scores.size(); ++k)
        BOOST_TEST((a.scores[k] == b.scores[k] || (std::isnan(a.scores[k]) && std::isnan(b.scores[k]))),
                   "score " << k << ": " << a.scores[k] << " vs " << b.scores[k]);
    // The written CSV reads back to the same dataset values.
    const dataset again = parse_csv(dataset_to_csv(y), csv_options{});
    BOOST_TEST(col(again, "cover_rate").values[0] == col(y, "cover_rate").values[0]);
    BOOST_TEST(col(again, "district").text == col(y, "district").text);
}

BOOST_AUTO_TEST_CASE(numeric_periods_order_numerically) {
    // Periods 2, 10, 9 as numbers: last = period 10, not "9" as text would have it.
    const std::string json = R"J({"civiscore_model": 1, "id": "n", "name": "n",
        "period_rollup": {"columns": {"x": "last"}},
        "root": {"id": "total", "children": [{"id": "x", "rule": {"type": "goalposts", "worst": 0, "best": 10}}]}})J";
    const auto m = load_model(json);
    csv_options o;
    o.unique_ids = false;
    const dataset y = rollup_periods(*m, parse_csv("unit_id,month,x\nu,2,1\nu,10,7\nu,9,3\n", o), "month");
    BOOST_TEST(col(y, "x").values[0] == 7.0);
}

BOOST_AUTO_TEST_CASE(errors_name_the_place) {
    const std::string head = "unit_id,quarter,district,served,eligible,visits,satisfaction,staff,peak_queue\n";
    BOOST_TEST(rollup_error(head + "A,Q1,d,1,2,3,4,5,6\nA,Q1,d,1,2,3,4,5,6\n").find("q.csv:3: unit 'A' has period 'Q1' twice (also q.csv:2)") != std::string::npos);
    BOOST_TEST(rollup_error(head + "A,,d,1,2,3,4,5,6\n").find("q.csv:2: empty period") != std::string::npos);
    BOOST_TEST(rollup_error("unit_id,quarter,served\nA,Q1,1\n").find("column 'eligible' is missing; /period_rollup/columns/cover_rate sums it") != std::string::npos);
    const auto m = load_model_file(dir + "model.json");
    BOOST_CHECK_THROW((void)rollup_periods(*m, quarterly(), "year"), data_error);
    const auto plain = load_model(R"J({"civiscore_model": 1, "id": "p", "name": "p",
        "root": {"id": "total", "children": [{"id": "x", "rule": {"type": "binary"}}]}})J");
    BOOST_CHECK_THROW((void)rollup_periods(*plain, quarterly(), "quarter"), invalid_argument_error);
    // A column the model reads needs a rule when there is no default.
    const auto strict = load_model(R"J({"civiscore_model": 1, "id": "s", "name": "s",
        "period_rollup": {"columns": {"y": "sum"}},
        "root": {"id": "total", "children": [{"id": "x", "rule": {"type": "binary"}}]}})J");
    csv_options o;
    o.unique_ids = false;
    try {
        (void)rollup_periods(*strict, parse_csv("unit_id,q,x,y\nu,1,1,1\n", o, "s.csv"), "q");
        BOOST_FAIL("expected a data_error");
    } catch (const data_error& e) {
        BOOST_TEST(std::string(e.what()).find("column 'x' is read by the model but /period_rollup gives it no rule") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(model_validation) {
    try {
        (void)load_model(R"J({"civiscore_model": 1, "id": "v", "name": "v",
            "period_rollup": {"default": "avg", "extra": 1, "columns": {"r": {"rule": "rate", "numerator": "n", "scale": -1},
                              "s": {"rule": "rate", "numerator": "s", "denominator": "d"}, "t": {"rule": "sum"}}},
            "root": {"id": "total", "children": [{"id": "x", "rule": {"type": "binary"}}]}})J");
        BOOST_FAIL("expected a model_error");
    } catch (const model_error& e) {
        std::string all;
        for (const auto& p : e.problems()) all += p.pointer + ": " + p.message + "\n";
        BOOST_TEST(all.find("/period_rollup/default: unknown roll-up rule \"avg\"") != std::string::npos, all);
        BOOST_TEST(all.find("/period_rollup/extra: unknown key") != std::string::npos, all);
        BOOST_TEST(all.find("/period_rollup/columns/r/denominator: required") != std::string::npos, all);
        BOOST_TEST(all.find("/period_rollup/columns/r/scale: must be a number > 0") != std::string::npos, all);
        BOOST_TEST(all.find("/period_rollup/columns/s: a rate cannot sum itself") != std::string::npos, all);
        BOOST_TEST(all.find("/period_rollup/columns/t/rule: must be \"rate\"") != std::string::npos, all);
    }
}

BOOST_AUTO_TEST_SUITE_END()
