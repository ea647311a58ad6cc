// Derived columns ("derived" in the model): parsing and validation with JSON pointer and position,
// column-wise evaluation checked against hand arithmetic, undefined cells audited, and the columns
// working through fit, score, partial fit/merge and the checks.
#include <boost/test/unit_test.hpp>

#include <civiscore/check/check.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstring>
#include <string>

using namespace civiscore;

namespace {

std::string model_with(const std::string& derived, const std::string& column = "rate") {
    return R"J({"civiscore_model": 1, "id": "d", "name": "d", "derived": )J" + derived +
           R"J(, "root": {"id": "total", "children": [
              {"id": "ind", "column": ")J" + column + R"J(", "rule": {"type": "min_max"}},
              {"id": "other", "rule": {"type": "goalposts", "worst": 0, "best": 10}}]}})J";
}

// Every problem of loading `json`, joined.
std::string problems_of(const std::string& json) {
    try {
        (void)load_model(json);
    } catch (const model_error& e) {
        std::string out;
        for (const auto& p : e.problems()) out += p.pointer + ": " + p.message + "\n";
        return out;
    }
    return "";
}

// The derived value of every unit, read back through score: goalposts 0..1000 on the scale 0..1000
// report a raw value in [0, 1000] unchanged.
std::vector<double> derived_values(const std::string& expression, const std::string& csv) {
    const std::string json = R"J({"civiscore_model": 1, "id": "v", "name": "v", "scale": {"min": 0, "max": 1000},
        "derived": {"x": ")J" + expression + R"J("}, "root": {"id": "total", "children": [
        {"id": "ind", "column": "x", "rule": {"type": "goalposts", "worst": 0, "best": 1000}}]}})J";
    const auto m = load_model(json);
    const result r = score(m, parse_csv(csv, csv_options{}), 1);
    std::vector<double> out;
    for (std::size_t u = 0; u < r.n_units; ++u) out.push_back(r.score(u, 1));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(derived_columns)

BOOST_AUTO_TEST_CASE(parse_errors_name_pointer_and_position) {
    const std::string p = problems_of(model_with(R"J({
        "rate": "x / (y + 1", "b": "mean(x, y)", "c": "clamp(x, 1)", "d": "x = 1", "e": "f + 1",
        "f": "e * 2", "g": "x y", "h": "", "i": "2 * abs()", "j": "1 < x < 2", "k": 3, "a/b": "max(1)"})J"));
    BOOST_TEST(p.find("/derived/rate: at character 11 of \"x / (y + 1\": missing ')' for the '(' at character 5") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/b: at character 1 of \"mean(x, y)\": unknown function 'mean' (known: abs, clamp, if, log, max, min)") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/c: at character 1 of \"clamp(x, 1)\": clamp() takes 3 arguments, got 2") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/d: at character 3 of \"x = 1\": '=' is not an operator") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/e: derived columns read each other in a cycle") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/g: at character 3 of \"x y\": unexpected 'y' (is an operator missing?)") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/h: must be an expression text") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/i: at character 5 of \"2 * abs()\": abs() takes 1 argument, got 0") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/j: at character 7 of \"1 < x < 2\": comparisons do not chain") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/k: must be an expression text") != std::string::npos, p);
    BOOST_TEST(p.find("/derived/a~1b: at character 1 of \"max(1)\": max() takes at least 2 arguments, got 1") != std::string::npos, p);
    BOOST_TEST(problems_of(model_with(R"J({"rate": "rate + 1"})J")).find("/derived/rate: at character 1 of \"rate + 1\": derived column 'rate' cannot read itself") != std::string::npos);
    BOOST_TEST(problems_of(model_with(R"J(["rate"])J")).find("/derived: must be an object") != std::string::npos);
    // Position counts characters, not bytes: 持证社工 is 4 characters of 3 bytes each.
    BOOST_TEST(problems_of(model_with(R"J({"rate": "持证社工 / 社工总数 ^ 2"})J")).find("at character 13") != std::string::npos);
}

// The read-back through goalposts (x/1000*1000) may differ in the last bit: compare with a tolerance.
BOOST_AUTO_TEST_CASE(arithmetic_by_hand, *boost::unit_test::tolerance(1e-9)) {
    const std::string csv = "unit_id,a,b\nu1,6,3\nu2,-4,2\nu3,,5\n";
    // Values are kept inside the read-back range [0, 1000] with abs() and + 100.
    auto v = derived_values("abs((a + b) * 2 - a / b) + 100", csv);
    BOOST_TEST(v[0] == 116.0);            // |(6+3)*2 - 2| + 100
    BOOST_TEST(v[1] == 102.0);            // |(-2)*2 + 2| + 100
    BOOST_TEST(std::isnan(v[2]));         // a missing: missing
    v = derived_values("-a * -1 + 10 - (2 - b)", csv);  // unary minus binds tighter than *
    BOOST_TEST(v[0] == 17.0);             // 6 + 10 - (2 - 3)
    v = derived_values("max(a, b, 1) + min(a, b) * 0 + clamp(a, 0, 5)", csv);
    BOOST_TEST(v[0] == 11.0);             // 6 + 0 + 5
    BOOST_TEST(v[1] == 2.0);              // max(-4, 2, 1) = 2; clamp(-4, 0, 5) = 0
    v = derived_values("log(b) * 100", csv);
    BOOST_TEST(v[0] == std::log(3.0) * 100, boost::test_tools::tolerance(1e-12));  // 109.861...
    v = derived_values("if(a > b and not (b == 2) or a == 0, 500, 7) + (a != b) + (a <= 6) + (b >= 3) + (a < 0)", csv);
    BOOST_TEST(v[0] == 503.0);            // 6 > 3 and b != 2: 500; + 1 + 1 + 1 + 0
    BOOST_TEST(v[1] == 10.0);             // -4 > 2 false, a == 0 false: 7; + 1 + 1 + 0 + 1
    BOOST_TEST(std::isnan(v[2]));         // missing a: the condition is unknown, so is the value
    v = derived_values("`a` * 1e2 + .5", csv);  // back-quoted name, exponent, leading point
    BOOST_TEST(v[0] == 600.5);
}

BOOST_AUTO_TEST_CASE(division_by_zero_is_missing_and_audited) {
    const auto m = load_model(model_with(R"J({"rate": "certified / workers * 100", "safe": "if(workers > 0, certified / workers, 0)",
                                             "ln": "log(workers)"})J"));
    const dataset d = parse_csv("unit_id,certified,workers,other\nu1,5,10,1\nu2,0,0,2\nu3,1,4,3\n", csv_options{});
    const result r = score(m, d, 1);
    // rate: u1 50, u2 0/0 -> missing (never inf or NaN with a number), u3 25; min_max over 25..50.
    BOOST_TEST(r.score(0, 1) == 100.0);
    BOOST_TEST(std::isnan(r.score(1, 1)));
    BOOST_TEST(r.score(2, 1) == 0.0);
    BOOST_TEST((r.status[1] == unit_status::partial));
    // One audit record: unit u2, indicator "ind"; the guarded division and the unread log add none.
    BOOST_REQUIRE_EQUAL(r.treatments.size(), 1u);
    BOOST_TEST(r.treatments[0].unit == 1u);
    BOOST_TEST(m->nodes[static_cast<std::size_t>(r.treatments[0].indicator)].id == "ind");
    BOOST_TEST(r.treatments[0].reason.find("derived 'rate' = certified / workers * 100: division by zero at character 11 -> missing") != std::string::npos,
               r.treatments[0].reason);
    // log of <= 0 read by an indicator is audited too.
    const auto ml = load_model(model_with(R"J({"rate": "log(workers)"})J"));
    const result rl = score(ml, d, 1);
    BOOST_REQUIRE_EQUAL(rl.treatments.size(), 1u);
    BOOST_TEST(rl.treatments[0].reason.find("logarithm of a value <= 0 at character 1") != std::string::npos);
    // Overflow is missing too, never inf: 1e308 * 10.
    const auto mo = load_model(model_with(R"J({"rate": "workers * 1e308 * 10"})J"));
    const result ro = score(mo, d, 1);
    BOOST_TEST(std::isnan(ro.score(0, 1)));
    BOOST_REQUIRE_EQUAL(ro.treatments.size(), 2u);  // u1 (10) and u3 (4) overflow; u2 is 0 * 1e308 * 10 = 0
    BOOST_TEST(ro.treatments[0].reason.find("overflow") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(data_errors_name_the_column) {
    const auto m = load_model(model_with(R"J({"rate": "certified / workers"})J"));
    auto message = [&](const std::string& csv) {
        try {
            (void)score(m, parse_csv(csv, csv_options{}, "d.csv"), 1);
        } catch (const data_error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    BOOST_TEST(message("unit_id,certified,other\nu,1,1\n").find("d.csv: column 'workers' is missing; the model's derived column 'rate' (/derived/rate, character 13") != std::string::npos);
    BOOST_TEST(message("unit_id,certified,workers,other\nu,1,many,1\n").find("d.csv:2:3: 'many': column 'workers' is read by the derived column 'rate'") != std::string::npos);
    BOOST_TEST(message("unit_id,certified,workers,rate,other\nu,1,2,3,1\n").find("column 'rate' is in the data, but the model derives it (/derived/rate") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(input_columns_are_the_data_columns) {
    const auto m = load_model(model_with(R"J({"rate": "share * 2", "share": "certified / workers"})J"));
    // Derived columns may read each other in any key order; the data supplies only raw columns.
    BOOST_TEST(m->data_columns == (std::vector<std::string>{"other", "certified", "workers"}));
    BOOST_TEST(m->derived.front().name == "share");  // computed before the column reading it
}

BOOST_AUTO_TEST_CASE(fit_partial_merge_and_threads_agree) {
    const auto m = load_model(model_with(R"J({"rate": "if(workers > 0, certified / workers * 100, 0) + ratio", "ratio": "other / 10"})J"));
    std::string csv = "unit_id,certified,workers,other\n";
    for (int u = 0; u < 5000; ++u)
        csv += "u" + std::to_string(u) + "," + std::to_string(u % 17) + "," + std::to_string(u % 23) + "," +
               std::to_string(u % 11) + "\n";
    const dataset d = parse_csv(csv, csv_options{});
    const result one = score(m, d, 1), four = score(m, d, 4);
    BOOST_TEST(std::memcmp(one.scores.data(), four.scores.data(), one.scores.size() * sizeof(double)) == 0);
    // Partial statistics of two halves, merged, give the whole fit's min and max of the derived column.
    const dataset first = parse_csv(csv.substr(0, csv.find("u2500,")), csv_options{});
    const dataset second = parse_csv("unit_id,certified,workers,other\n" + csv.substr(csv.find("u2500,")), csv_options{});
    partial_stats p = partial_fit(*m, first, 1);
    p.merge(partial_fit(*m, second, 1));
    const fitted merged = finalize(*m, p), whole = fit(*m, d, 1);
    BOOST_TEST(merged.stats[0].min == whole.stats[0].min);
    BOOST_TEST(merged.stats[0].max == whole.stats[0].max);
    BOOST_TEST(whole.stats[0].min == 0.0);  // u = 0: workers 0 -> 0, ratio 0
    const result rm = score(m, merged, d, 2);
    BOOST_TEST(std::memcmp(rm.scores.data(), one.scores.data(), rm.scores.size() * sizeof(double)) == 0);
}

BOOST_AUTO_TEST_CASE(checks_see_derived_columns) {
    const std::string json = R"J({"civiscore_model": 1, "id": "c", "name": "c",
        "derived": {"rate": "certified / workers * 100"},
        "checks": {"columns": ["limit"], "relations": [{"left": "rate", "op": "<=", "right": "limit"}]},
        "root": {"id": "total", "children": [{"id": "ind", "column": "rate", "rule": {"type": "min_max"}}]}})J";
    const auto m = load_model(json);
    const dataset d = parse_csv("unit_id,certified,workers,limit\nu1,5,10,100\nu2,30,10,100\n", csv_options{});
    const check::report rep = check::run(*m, d, check::config_of(*m));
    bool flagged_u1 = false, flagged_u2 = false;
    for (const auto& f : rep.flags) {
        flagged_u1 = flagged_u1 || (f.unit == "u1" && f.rule == "relation");
        flagged_u2 = flagged_u2 || (f.unit == "u2" && f.rule == "relation");
    }
    BOOST_TEST(!flagged_u1);  // 5 / 10 * 100 = 50 <= 100
    BOOST_TEST(flagged_u2);   // 30 / 10 * 100 = 300 > 100
}

BOOST_AUTO_TEST_SUITE_END()
