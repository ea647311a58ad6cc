// Service logs (docs/service-logs.md): derived columns against hand computations, streaming across
// chunk boundaries, and the errors that name file:line, column and JSON pointer.
#include <boost/test/unit_test.hpp>

#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/logs.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace civiscore;
namespace tt = boost::test_tools;

namespace {

const std::string data_dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/logs/";

logs::input file_input(const std::string& name, const std::string& file) {
    logs::input in;
    in.name = name;
    in.path = data_dir + file;
    return in;
}

logs::input text_input(const std::string& name, std::string text) {
    logs::input in;
    in.name = name;
    in.text = std::move(text);
    in.in_memory = true;
    return in;
}

std::string read(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

double value(const dataset& d, const std::string& column, std::size_t unit) {
    return d.columns[static_cast<std::size_t>(d.find_column(column))].values[unit];
}

template <class E>
std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "(no exception)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(service_logs)

// tests/data/logs/services.csv by hand (2025 records; A's 2024-12-30 visit is outside every date filter):
//   A: visits p1 (2 h), p1 (30 h), p2 (12 h), x9 (6 h); activities (no person, 40), (p3, 25)
//   B: visits q1 (48 h), q1 (4 h); activity (no person, 30);  C: nothing;  Z: not a unit of the data
BOOST_AUTO_TEST_CASE(derived_columns_equal_the_hand_computation) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const auto d = logs::derive(*m, units, {file_input("services", "services.csv")},
                                {file_input("priority", "registry.csv")});
    // visits: A 4, B 2, C 0 (no records: 0 services)
    BOOST_TEST(value(d.data, "visits", 0) == 4.0);
    BOOST_TEST(value(d.data, "visits", 1) == 2.0);
    BOOST_TEST(value(d.data, "visits", 2) == 0.0);
    // distinct persons, every type: A {p1, p2, x9, p3} = 4, B {q1} = 1 (records without a person add none)
    BOOST_TEST(value(d.data, "persons", 0) == 4.0);
    BOOST_TEST(value(d.data, "persons", 1) == 1.0);
    // quantity per 1,000 residents: A (1+1+1+1+40+25)/2000*1000 = 34.5; B (1+1+30)/500*1000 = 64; C 0
    BOOST_TEST(value(d.data, "service_per_1000", 0) == 34.5, tt::tolerance(1e-12));
    BOOST_TEST(value(d.data, "service_per_1000", 1) == 64.0, tt::tolerance(1e-12));
    BOOST_TEST(value(d.data, "service_per_1000", 2) == 0.0);
    // registry coverage by visits: A {p1, p2} of {p1..p4} = 50 %; B {q1} of {q1, q2, q3} = 33.33 %;
    // C has an empty registry: missing (nothing to cover)
    BOOST_TEST(value(d.data, "reg_coverage", 0) == 50.0, tt::tolerance(1e-12));
    BOOST_TEST(value(d.data, "reg_coverage", 1) == 100.0 / 3.0, tt::tolerance(1e-12));
    BOOST_TEST(std::isnan(value(d.data, "reg_coverage", 2)));
    // p50 of visit response hours: A [2, 6, 12, 30] -> h = 1.5 -> 6 + 0.5*6 = 9; B [4, 48] -> 26; C missing
    BOOST_TEST(value(d.data, "resp_p50", 0) == 9.0, tt::tolerance(1e-12));
    BOOST_TEST(value(d.data, "resp_p50", 1) == 26.0, tt::tolerance(1e-12));
    BOOST_TEST(std::isnan(value(d.data, "resp_p50", 2)));
    // share of visits answered within 24 h: A 3/4 = 75 %, B 1/2 = 50 %, C missing
    BOOST_TEST(value(d.data, "timely", 0) == 75.0, tt::tolerance(1e-12));
    BOOST_TEST(value(d.data, "timely", 1) == 50.0, tt::tolerance(1e-12));
    BOOST_TEST(std::isnan(value(d.data, "timely", 2)));

    // Nothing dropped silently: Z's record and registry row are counted, the duplicate A,p2 too.
    BOOST_TEST(d.report.logs.at(0).records == 11u);
    BOOST_TEST(d.report.logs.at(0).unknown_unit_records == 1u);
    BOOST_TEST(d.report.logs.at(0).unknown_examples.at(0).first == "Z");
    BOOST_TEST(d.report.logs.at(0).unknown_examples.at(0).second == 9u);
    BOOST_TEST(d.report.registries.at(0).persons == 7u);
    BOOST_TEST(d.report.registries.at(0).duplicates == 1u);
    BOOST_TEST(d.report.registries.at(0).unknown_unit_rows == 1u);
    BOOST_TEST(d.report.warnings().size() == 2u);

    // Scored: equal weights over 7 indicators, skip-and-re-weight for missing.
    // A: visits 4/8 -> 50, persons 50, 34.5, 50, resp (9-48)/(0-48) = 81.25, 75, satisfaction 80
    //    (50+50+34.5+50+81.25+75+80)/7 = 420.75/7
    // C: 0, 0, 0, satisfaction 70 (the three missing are skipped) -> 70/4 = 17.5
    const auto r = score(m, d.data, 1);
    BOOST_TEST(r.score(0, 0) == 420.75 / 7.0, tt::tolerance(1e-12));
    BOOST_TEST(r.score(2, 0) == 17.5, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(text_quotes_and_crlf_read_like_the_file) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    std::string text = read(data_dir + "services.csv");
    // Quote every unit id and use CRLF line ends: the same records.
    std::string quoted;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto comma = line.find(',');
        quoted += "\"" + line.substr(0, comma) + "\"" + line.substr(comma) + "\r\n";
    }
    const auto a = logs::derive(*m, units, {text_input("services", quoted)},
                                {text_input("priority", read(data_dir + "registry.csv"))});
    const auto b = logs::derive(*m, units, {file_input("services", "services.csv")},
                                {file_input("priority", "registry.csv")});
    for (const char* c : {"visits", "persons", "service_per_1000", "reg_coverage", "resp_p50", "timely"})
        for (std::size_t u = 0; u < 3; ++u) {
            const double x = value(a.data, c, u), y = value(b.data, c, u);
            BOOST_TEST((x == y || (std::isnan(x) && std::isnan(y))), c << " unit " << u);
        }
}

// A file larger than the 4 MiB read chunk: records cut at a chunk boundary must not be lost or split.
BOOST_AUTO_TEST_CASE(streams_across_chunks) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const auto path = std::filesystem::temp_directory_path() / "civiscore_test_logs_stream.csv";
    const std::size_t n = 200000;  // about 9 MB
    {
        std::ofstream f(path, std::ios::binary);
        f << "unit_id,period,person_id,service_type,date,quantity,response_hours\n";
        for (std::size_t i = 0; i < n; ++i)
            f << (i % 2 ? "A" : "B") << ",2025Q1,person-" << (i % 1000) << ",visit,2025-01-0" << (1 + i % 9)
              << ",2," << (i % 48) << "\n";
    }
    logs::input in;
    in.name = "services";
    in.path = path.string();
    const auto d = logs::derive(*m, units, {in}, {text_input("priority", "unit_id,person_id\nA,person-1\nA,x\n")});
    std::filesystem::remove(path);
    BOOST_TEST(d.report.logs.at(0).records == n);
    // Even i (B) and odd i (A) alternate: 100000 visits each; persons: A the 500 odd, B the 500 even ids
    BOOST_TEST(value(d.data, "visits", 0) == 100000.0);
    BOOST_TEST(value(d.data, "visits", 1) == 100000.0);
    BOOST_TEST(value(d.data, "persons", 0) == 500.0);
    BOOST_TEST(value(d.data, "persons", 1) == 500.0);
    // 100000 records x quantity 2 / 2000 residents x 1000 = 100000
    BOOST_TEST(value(d.data, "service_per_1000", 0) == 100000.0, tt::tolerance(1e-12));
    // A's registry {person-1, x}: person-1 (odd) visited, x not: 50 %
    BOOST_TEST(value(d.data, "reg_coverage", 0) == 50.0, tt::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(errors_name_the_place) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const auto reg = text_input("priority", "unit_id,person_id\nA,p1\n");
    const std::string header = "unit_id,period,person_id,service_type,date,quantity,response_hours\n";
    auto derive_text = [&](const std::string& body) {
        logs::input in = text_input("services", header + body);
        in.label = "log.csv";
        return logs::derive(*m, units, {in}, {reg});
    };
    std::string e = message_of<data_error>([&] { (void)derive_text("A,2025Q1,p1,visit,2025-01-05,lots,2\n"); });
    BOOST_TEST(has(e, "log.csv:2: column 'quantity' (field 6): 'lots' is not a number"), e);
    e = message_of<data_error>([&] { (void)derive_text("A,2025Q1,p1,visit,2025-01-05,1,2\nA,2025Q1,p1,visit,5.1.2025,1,2\n"); });
    BOOST_TEST(has(e, "log.csv:3: column 'date' (field 5): '5.1.2025' is not a date YYYY-MM-DD"), e);
    e = message_of<data_error>([&] { (void)derive_text(",2025Q1,p1,visit,2025-01-05,1,2\n"); });
    BOOST_TEST(has(e, "log.csv:2: column 'unit_id' (field 1): empty"), e);
    e = message_of<data_error>([&] { (void)derive_text("A,2025Q1,p1,visit\n"); });
    BOOST_TEST(has(e, "log.csv:2: 4 fields, but the header has 7"), e);
    e = message_of<data_error>([&] { (void)derive_text("A,2025Q1,\"p1,visit,2025-01-05,1,2\n"); });
    BOOST_TEST(has(e, "log.csv:2: a quoted field is not closed"), e);
    e = message_of<data_error>([&] {
        logs::input in = text_input("services", "unit_id,period,person_id,service_type,date,quantity\n");
        in.label = "log.csv";
        (void)logs::derive(*m, units, {in}, {reg});
    });
    BOOST_TEST(has(e, "log.csv:1: no column 'response_hours'"), e);
    // A derived column may come from one place only.
    const dataset with_visits = parse_csv("unit_id,population,satisfaction,visits\nA,1,1,1\n", csv_options{}, "u.csv");
    e = message_of<data_error>([&] { (void)logs::derive(*m, with_visits, {text_input("services", header)}, {reg}); });
    BOOST_TEST(has(e, "u.csv: has a column 'visits', which the model derives from log 'services' (/logs/columns/0)"), e);
    // per_1000 needs a population > 0
    const dataset no_pop = parse_csv("unit_id,population,satisfaction\nA,,1\n", csv_options{}, "u.csv");
    e = message_of<data_error>([&] { (void)logs::derive(*m, no_pop, {text_input("services", header)}, {reg}); });
    BOOST_TEST(has(e, "unit 'A' (u.csv:2): population 'population' is missing or not > 0"), e);
    // Names the model does not declare, and a registry left out.
    e = message_of<invalid_argument_error>([&] { (void)logs::derive(*m, units, {text_input("visits", header)}, {}); });
    BOOST_TEST(has(e, "declares no log 'visits' (its logs: services)"), e);
    e = message_of<invalid_argument_error>([&] { (void)logs::derive(*m, units, {text_input("services", header)}, {}); });
    BOOST_TEST(has(e, "column 'reg_coverage' (/logs/columns/3) needs the registry 'priority'"), e);
    e = message_of<io_error>([&] { (void)logs::derive(*m, units, {file_input("services", "no-such.csv")}, {reg}); });
    BOOST_TEST(has(e, "cannot open log file"), e);
}

BOOST_AUTO_TEST_CASE(without_the_log_the_column_comes_from_the_data) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const auto d = logs::derive(*m, units, {}, {});
    BOOST_TEST(d.data.columns.size() == units.columns.size());
    BOOST_TEST(d.report.not_given.at(0) == "services");
}

BOOST_AUTO_TEST_CASE(model_section_is_validated_with_pointers) {
    const std::string base = R"({"civiscore_model": 1, "id": "m", "name": "m",
      "root": {"id": "r", "children": [{"id": "x", "rule": {"type": "goalposts", "worst": 0, "best": 1}}]},
      "logs": )";
    const auto problems = [&](const std::string& logs) {
        return message_of<model_error>([&] { (void)load_model(base + logs + "}"); });
    };
    std::string e = problems(R"({"sources": {"s": {}}, "columns": [{"column": "x", "log": "s", "statistic": "mean"}]})");
    BOOST_TEST(has(e, "/logs/columns/0/statistic: unknown statistic \"mean\""), e);
    e = problems(R"({"sources": {"s": {"unit_colum": "u"}}, "columns": [{"column": "y", "log": "t", "statistic": "count"}]})");
    BOOST_TEST(has(e, "/logs/sources/s/unit_colum: unknown key"), e);
    BOOST_TEST(has(e, "/logs/columns/0/column: no indicator reads column \"y\""), e);
    BOOST_TEST(has(e, "/logs/columns/0/log: no log source \"t\""), e);
    e = problems(R"({"sources": {"s": {}}, "columns": [{"column": "x", "log": "s", "statistic": "percentile", "p": 0}]})");
    BOOST_TEST(has(e, "/logs/columns/0/p: must be in (0, 100]"), e);
    BOOST_TEST(has(e, "/logs/columns/0/value_column: required"), e);
    e = problems(R"({"sources": {"s": {}}, "columns": [{"column": "x", "log": "s", "statistic": "registry_coverage", "registry": "r", "date_from": "2025-13-01"}]})");
    BOOST_TEST(has(e, "/logs/columns/0/registry: no registry \"r\""), e);
    BOOST_TEST(has(e, "/logs/columns/0/date_from: must be a date YYYY-MM-DD"), e);
    e = problems(R"({"sources": {"s": {}}, "columns": [{"column": "x", "log": "s", "statistic": "count", "limit": 3}]})");
    BOOST_TEST(has(e, "/logs/columns/0/limit: not used by this statistic"), e);
}

BOOST_AUTO_TEST_SUITE_END()
