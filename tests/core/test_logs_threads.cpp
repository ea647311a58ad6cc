// Service logs on several threads: the log is parsed in slices and folded by unit block, so the
// result must be bit-identical for 1, 2 and 3 threads, across the 16 MiB read batches, across the
// switch to the quote-aware reader, and errors must still name the first bad line of the file.
#include <boost/test/unit_test.hpp>

#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>
#include <civiscore/logs.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace civiscore;
namespace tt = boost::test_tools;

namespace {

const std::string data_dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/logs/";
constexpr std::size_t n_records = 400000;  // about 17 MB: more than one 16 MiB batch

std::string unit_of(std::size_t i) { return i == 350001 ? "Y" : std::string(1, "ABCZ"[i % 4]); }

// Record i of the generated log (line i + 2 of the file).
std::string record(std::size_t i) {
    return unit_of(i) + ",2025Q" + std::to_string(1 + i % 4) + ",p" + std::to_string(i % 5003) + "," +
           (i % 3 == 0 ? "visit" : "activity") + ",2025-0" + std::to_string(1 + i % 9) + "-15,0." +
           std::to_string(i % 7) + "," + std::to_string(i % 50) + "\n";
}

std::string log_text() {
    std::string s = "unit_id,period,person_id,service_type,date,quantity,response_hours\n";
    for (std::size_t i = 0; i < n_records; ++i) s += record(i);
    return s;
}

logs::input text_input(const std::string& name, std::string text) {
    logs::input in;
    in.name = name;
    in.text = std::move(text);
    in.in_memory = true;
    in.label = "log.csv";
    return in;
}

const std::string registry = "unit_id,person_id\nA,p0\nA,p4\nA,nobody\n";

// Same values (bit for bit) and, when `same_source`, the same summary JSON (it names the file).
bool same(const logs::derived& a, const logs::derived& b, bool same_source = true) {
    if (a.data.columns.size() != b.data.columns.size()) return false;
    if (same_source && a.report.to_json() != b.report.to_json()) return false;
    if (a.report.logs.at(0).records != b.report.logs.at(0).records ||
        a.report.logs.at(0).unknown_examples != b.report.logs.at(0).unknown_examples)
        return false;
    for (std::size_t c = 0; c < a.data.columns.size(); ++c)
        for (std::size_t u = 0; u < a.data.unit_count(); ++u) {
            const double x = a.data.columns[c].values[u], y = b.data.columns[c].values[u];
            if (std::memcmp(&x, &y, sizeof x) != 0) return false;  // bit-identical, NaN included
        }
    return true;
}

double value(const dataset& d, const std::string& column, std::size_t unit) {
    return d.columns[static_cast<std::size_t>(d.find_column(column))].values[unit];
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_logs_threads)

BOOST_AUTO_TEST_CASE(one_two_and_three_threads_give_identical_results) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const auto path = std::filesystem::temp_directory_path() / "civiscore_test_logs_threads.csv";
    const std::string text = log_text();
    {
        std::ofstream f(path, std::ios::binary);
        f << text;
    }
    logs::input file;
    file.name = "services";
    file.path = path.string();
    const auto d1 = logs::derive(*m, units, {file}, {text_input("priority", registry)}, 1);
    const auto d2 = logs::derive(*m, units, {file}, {text_input("priority", registry)}, 2);
    const auto d3 = logs::derive(*m, units, {file}, {text_input("priority", registry)}, 3);
    // The same text in memory: one batch, sliced differently from the file's two batches.
    const auto dm = logs::derive(*m, units, {text_input("services", text)}, {text_input("priority", registry)}, 2);
    std::filesystem::remove(path);
    BOOST_TEST(same(d1, d2));
    BOOST_TEST(same(d1, d3));
    BOOST_TEST(same(d1, dm, false));  // the summary names a different source

    // The expected values, computed here record by record (every date is in 2025, every period a quarter).
    std::map<std::string, double> visits, quantity, timely;
    std::map<std::string, std::set<std::size_t>> persons;
    for (std::size_t i = 0; i < n_records; ++i) {
        const std::string u = unit_of(i);
        persons[u].insert(i % 5003);
        quantity[u] += std::stod("0." + std::to_string(i % 7));
        if (i % 3 == 0) {
            visits[u] += 1.0;
            if (i % 50 <= 24) timely[u] += 1.0;
        }
    }
    const std::map<std::string, double> population = {{"A", 2000.0}, {"B", 500.0}, {"C", 1000.0}};
    for (const auto& [u, pop] : population) {
        const std::size_t k = static_cast<std::size_t>(u[0] - 'A');
        BOOST_TEST(value(d2.data, "visits", k) == visits[u]);
        BOOST_TEST(value(d2.data, "persons", k) == static_cast<double>(persons[u].size()));
        BOOST_TEST(value(d2.data, "service_per_1000", k) == quantity[u] / pop * 1000.0, tt::tolerance(1e-9));
        BOOST_TEST(value(d2.data, "timely", k) == timely[u] / visits[u] * 100.0, tt::tolerance(1e-12));
    }
    // A's registry {p0, p4, nobody}: p0 is visited at i = 0; p4 at i = 4 + 5003k with i = 0 mod 12
    // (an A visit): 5003 = 11 mod 12, so k = 4, i = 20016. Two of three: 66.67 %.
    BOOST_TEST(value(d2.data, "reg_coverage", 0) == 200.0 / 3.0, tt::tolerance(1e-12));
    // Unknown units keep their first lines, across slices: Z first at i = 3 (line 5), Y at i = 350001.
    const auto& log = d2.report.logs.at(0);
    BOOST_TEST(log.records == n_records);
    BOOST_TEST(log.unknown_units == 2u);
    BOOST_TEST(log.unknown_examples.at(0).first == "Z");
    BOOST_TEST(log.unknown_examples.at(0).second == 5u);
    BOOST_TEST(log.unknown_examples.at(1).first == "Y");
    BOOST_TEST(log.unknown_examples.at(1).second == 350003u);
}

// From the first quote on, the rest is read record by record; the result does not change.
BOOST_AUTO_TEST_CASE(a_quote_late_in_the_log_reads_the_same) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    const std::string text = log_text();
    std::string quoted = text;
    const std::string line = record(300000);
    const std::size_t at = quoted.find("\n" + line) + 1;
    quoted.replace(at, line.size(), "\"" + line.substr(0, 1) + "\"" + line.substr(1));
    const auto plain = logs::derive(*m, units, {text_input("services", text)}, {text_input("priority", registry)}, 2);
    const auto q2 = logs::derive(*m, units, {text_input("services", quoted)}, {text_input("priority", registry)}, 2);
    const auto q1 = logs::derive(*m, units, {text_input("services", quoted)}, {text_input("priority", registry)}, 1);
    BOOST_TEST(same(plain, q2));
    BOOST_TEST(same(plain, q1));
}

// The first bad record of the file is reported, whichever slice or thread parsed it.
BOOST_AUTO_TEST_CASE(errors_name_the_first_bad_line_whatever_the_threads) {
    const auto m = load_model_file(data_dir + "model.json");
    const dataset units = read_csv_file(data_dir + "units.csv", csv_options{});
    std::string text = log_text();
    const auto spoil = [&](std::size_t i, const std::string& from, const std::string& to) {
        const std::string line = record(i);
        const std::size_t at = text.find("\n" + line) + 1;
        std::string bad = line;
        bad.replace(bad.find(from), from.size(), to);
        text.replace(at, line.size(), bad);
    };
    spoil(390000, ",2025-04-15,", ",15.4.2025,");  // i = 390000: 1 + 390000 % 9 = 4; line 390002
    for (int threads : {1, 2, 3}) {
        std::string e;
        try {
            (void)logs::derive(*m, units, {text_input("services", text)}, {text_input("priority", registry)}, threads);
        } catch (const data_error& x) {
            e = x.what();
        }
        BOOST_TEST(e.find("log.csv:390002: column 'date' (field 5): '15.4.2025' is not a date") != std::string::npos, e);
    }
    spoil(250000, ",2025-08-15,", ",2025-08-15,x");  // 1 + 250000 % 9 = 8; a bad number, line 250002
    for (int threads : {1, 2, 3}) {
        std::string e;
        try {
            (void)logs::derive(*m, units, {text_input("services", text)}, {text_input("priority", registry)}, threads);
        } catch (const data_error& x) {
            e = x.what();
        }
        BOOST_TEST(e.find("log.csv:250002: column 'quantity' (field 6): 'x0.") != std::string::npos, e);
    }
}

BOOST_AUTO_TEST_SUITE_END()
