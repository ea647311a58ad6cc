// The data-quality checks through the C ABI (civiscore_check_*, docs/checks.md) on the 三社联动
// synthetic data with planted problems: every planted problem found, few clean units flagged, the
// output identical to `civiscore check`, the sample reproducible by seed, consequences applied and
// listed, bad arguments reported. nlohmann/json only reads the JSON the library writes.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

using namespace capi_test;
using nlohmann::json;

namespace {

const std::string sanshe = std::string(CIVISCORE_SOURCE_DIR) + "/examples/sanshe/";
const std::string model_path = sanshe + "model.json";
const std::string data_path = sanshe + "communities.csv";
const std::string periods_path = sanshe + "communities-periods.csv";

struct report_deleter {
    void operator()(civiscore_check_report* p) const noexcept { civiscore_check_report_free(p); }
};
using report_handle = std::unique_ptr<civiscore_check_report, report_deleter>;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

model_handle sanshe_model() {
    civiscore_model* m = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_model_load_file(model_path.c_str(), &m) == CIVISCORE_OK,
                          civiscore_last_error_message());
    return model_handle(m);
}

// Long data repeats units once per period: read with unique ids off, as the CLI does.
dataset_handle read_data(const std::string& path) {
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_read_csv_opts(path.c_str(), R"({"unique_ids": false})", &d) ==
                              CIVISCORE_OK,
                          civiscore_last_error_message());
    return dataset_handle(d);
}

report_handle run(const civiscore_model* m, const civiscore_dataset* d, const char* options = nullptr) {
    civiscore_check_report* r = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_check_run(m, d, options, 0, &r) == CIVISCORE_OK, civiscore_last_error_message());
    return report_handle(r);
}

template <class Writer>
std::string snprintf_text(Writer write) {
    size_t len = 0;
    BOOST_REQUIRE_MESSAGE(write(nullptr, 0, &len) == CIVISCORE_OK, civiscore_last_error_message());
    std::string out(len + 1, '\0');
    size_t again = 0;
    BOOST_REQUIRE(write(out.data(), out.size(), &again) == CIVISCORE_OK);
    BOOST_REQUIRE(again == len);
    out.resize(len);
    return out;
}

std::string write(const civiscore_check_report* r, int format) {
    return snprintf_text([&](char* b, size_t c, size_t* l) { return civiscore_check_report_write_string(r, format, b, c, l); });
}

json report_json(const civiscore_check_report* r) { return json::parse(write(r, CIVISCORE_FORMAT_JSON)); }

json sample_json(const civiscore_check_report* r) {
    return json::parse(
        snprintf_text([&](char* b, size_t c, size_t* l) { return civiscore_check_report_sample_json(r, b, c, l); }));
}

std::vector<std::string> sample_units(const json& sample) {
    std::vector<std::string> out;
    for (const auto& e : sample) out.push_back(e["unit"]);
    return out;
}

#ifdef CIVISCORE_CLI_PATH
// stdout of `civiscore check --model <sanshe model> <args>`.
std::string cli_check(const std::string& args) {
    const std::string command = std::string("\"") + CIVISCORE_CLI_PATH + "\" check --model \"" + model_path + "\" " + args;
    std::FILE* pipe = ::popen(command.c_str(), "r");
    BOOST_REQUIRE(pipe != nullptr);
    std::string out;
    std::array<char, 4096> chunk{};
    size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) out.append(chunk.data(), n);
    BOOST_REQUIRE_MESSAGE(::pclose(pipe) == 0, command);
    return out;
}
#endif

std::set<std::string> column_units(const std::string& path) {
    // Unit ids of a CSV whose first column is unit_id.
    std::set<std::string> out;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) out.insert(line.substr(0, line.find(',')));
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(check_capi)

BOOST_AUTO_TEST_CASE(every_planted_problem_is_found_and_few_clean_units_are_flagged) {
    const json planted_doc = json::parse(read_text(sanshe + "planted-problems.json"));
    const auto model = sanshe_model();
    for (const std::string name : {"communities.csv", "communities-periods.csv"}) {
        BOOST_TEST_CONTEXT(name) {
            const auto data = read_data(sanshe + name);
            const auto report = run(model.get(), data.get());
            const json doc = report_json(report.get());
            BOOST_TEST(civiscore_check_report_flag_count(report.get()) == doc["flags"].size());
            BOOST_TEST(doc["summary"]["flags"] == doc["flags"].size());
            std::set<std::pair<std::string, std::string>> found;
            std::set<std::string> flagged;
            for (const auto& f : doc["flags"]) {
                if (f["unit"].is_null()) continue;
                found.emplace(f["unit"], f["rule"]);
                flagged.insert(f["unit"]);
                BOOST_TEST(!f["reason_zh"].get<std::string>().empty());
                BOOST_TEST(!f["reason_en"].get<std::string>().empty());
            }
            const json& planted = planted_doc[name]["planted"];
            BOOST_REQUIRE(!planted.empty());
            std::set<std::string> not_clean;
            for (const auto& p : planted) {
                not_clean.insert(p["unit"]);
                bool hit = false;
                for (const auto& rule : p["rules"]) hit = hit || found.count({p["unit"], rule}) > 0;
                BOOST_TEST(hit, "planted problem not found: " << p.dump());
            }
            if (planted_doc[name].contains("incomplete"))
                for (const auto& u : planted_doc[name]["incomplete"]) not_clean.insert(u);
            std::size_t clean = 0, clean_flagged = 0;
            for (const auto& u : column_units(sanshe + name)) {
                if (not_clean.count(u)) continue;
                ++clean;
                clean_flagged += flagged.count(u);
            }
            BOOST_TEST(clean + not_clean.size() == column_units(sanshe + name).size());
            BOOST_TEST(static_cast<double>(clean_flagged) < 0.02 * static_cast<double>(clean));
        }
    }
}

BOOST_AUTO_TEST_CASE(flags_carry_the_values_involved) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const json doc = report_json(run(model.get(), data.get()).get());
    const json* rate = nullptr;
    const json* fake = nullptr;
    for (const auto& f : doc["flags"]) {
        if (f["unit"] == "JN-030" && f["rule"] == "range") rate = &f;
        if (f["unit"] == "LH-015" && f["rule"] == "verification") fake = &f;
    }
    BOOST_REQUIRE(rate != nullptr);
    BOOST_REQUIRE(fake != nullptr);
    BOOST_TEST((*rate)["column"] == "I12");
    BOOST_TEST((*rate)["values"]["value"].get<double>() == 112.5);
    // Ledger 12 meetings, platform 4: over-reported share (12 - 4) / 12 = 2/3.
    BOOST_TEST((*fake)["values"]["self_report"].get<double>() == 12.0);
    BOOST_TEST((*fake)["values"]["verified"].get<double>() == 4.0);
    BOOST_TEST(std::fabs((*fake)["values"]["discrepancy"].get<double>() - 8.0 / 12.0) < 1e-12);
}

#ifdef CIVISCORE_CLI_PATH
BOOST_AUTO_TEST_CASE(output_is_what_the_cli_prints) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const auto periods = read_data(periods_path);
    const auto plain = run(model.get(), data.get());
    const std::string cli_json = cli_check("--data \"" + data_path + "\" --format json");
    BOOST_TEST(json::parse(cli_json)["flags"].size() == civiscore_check_report_flag_count(plain.get()));
    BOOST_TEST(write(plain.get(), CIVISCORE_FORMAT_JSON) == cli_json);
    BOOST_TEST(write(plain.get(), CIVISCORE_FORMAT_CSV) == cli_check("--data \"" + data_path + "\" --format csv"));
    BOOST_TEST(write(plain.get(), CIVISCORE_FORMAT_TABLE) == cli_check("--data \"" + data_path + "\" --format table"));
    const auto long_report = run(model.get(), periods.get());
    BOOST_TEST(write(long_report.get(), CIVISCORE_FORMAT_JSON) ==
               cli_check("--data \"" + periods_path + "\" --format json"));
    const auto sampled = run(model.get(), data.get(), R"({"sample": 0.3, "seed": 7, "stratify": "district"})");
    BOOST_TEST(write(sampled.get(), CIVISCORE_FORMAT_JSON) ==
               cli_check("--data \"" + data_path + "\" --format json --sample 0.3 --seed 7 --stratify district"));
    BOOST_TEST(write(sampled.get(), CIVISCORE_FORMAT_CSV) ==
               cli_check("--data \"" + data_path + "\" --format csv --sample 0.3 --seed 7 --stratify district"));
}
#endif

BOOST_AUTO_TEST_CASE(sample_is_reproducible_and_follows_the_options) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const char* seven = R"({"sample": 0.3, "seed": 7, "stratify": "district"})";
    const json a = sample_json(run(model.get(), data.get(), seven).get());
    const json b = sample_json(run(model.get(), data.get(), seven).get());
    const json c = sample_json(run(model.get(), data.get(), R"({"sample": 0.3, "seed": 8, "stratify": "district"})").get());
    BOOST_TEST(a == b);
    BOOST_TEST(sample_units(a) != sample_units(c));
    BOOST_TEST(a.size() == 108u);  // ceil(0.3 x 360)
    const auto units = sample_units(a);
    const std::set<std::string> distinct(units.begin(), units.end());
    BOOST_TEST(distinct.size() == 108u);
    // The sample is also inside the report JSON, as the CLI writes it.
    const json wrapped = report_json(run(model.get(), data.get(), seven).get());
    BOOST_TEST(wrapped["sample"] == a);
    BOOST_TEST(wrapped["report"]["flags"].is_array());
    // An exact size, and the model's default share and seed (checks.sample: 0.3, 20251126).
    BOOST_TEST(sample_json(run(model.get(), data.get(), R"({"sample_size": 12, "seed": 3})").get()).size() == 12u);
    const json by_default = sample_json(run(model.get(), data.get(), R"({"sample": true})").get());
    const json explicit_seed =
        sample_json(run(model.get(), data.get(), R"({"sample": 0.3, "seed": 20251126})").get());
    BOOST_TEST(by_default == explicit_seed);
    // Flagged units weigh more: 1 + 2 points per error flag; units without flags weigh 1.
    for (const auto& e : a) BOOST_TEST((e["weight"].get<double>() > 1.0) == !e["reasons"].empty());
    // No sample asked for: an error, not an empty list.
    const auto plain = run(model.get(), data.get());
    size_t len = 99;
    BOOST_TEST(civiscore_check_report_sample_json(plain.get(), nullptr, 0, &len) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(len == 99u);
    BOOST_TEST(contains(civiscore_last_error_message(), "no sample"));
}

BOOST_AUTO_TEST_CASE(apply_scales_the_falsified_self_report) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const auto report = run(model.get(), data.get());
    const json changes = json::parse(snprintf_text([&](char* b, size_t c, size_t* l) {
        return civiscore_check_changes_json(model.get(), data.get(), report.get(), b, c, l);
    }));
    // The only consequence in the example's policies: LH-015's I01 scaled by 1 - 8/12: 12 -> 4.
    BOOST_REQUIRE(changes.size() == 1u);
    BOOST_TEST(changes[0]["unit"] == "LH-015");
    BOOST_TEST(changes[0]["column"] == "I01");
    BOOST_TEST(changes[0]["action"] == "scale");
    BOOST_TEST(changes[0]["before"].get<double>() == 12.0);
    BOOST_TEST(std::fabs(changes[0]["after"].get<double>() - 4.0) < 1e-12);

    civiscore_dataset* adjusted_raw = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_check_apply(model.get(), data.get(), report.get(), &adjusted_raw) == CIVISCORE_OK,
                          civiscore_last_error_message());
    const dataset_handle adjusted(adjusted_raw);
    BOOST_TEST(civiscore_dataset_unit_count(adjusted.get()) == 360u);
    // Read I01 back through a probe model: goalposts 0..100 score a value v as v / 100 of 100.
    const auto probe = load_model(R"({"civiscore_model": 1, "id": "probe", "name": "probe", "root": {"id": "r", "children": [
        {"id": "I01", "rule": {"type": "goalposts", "worst": 0, "best": 100}}]}})");
    const auto before = score(probe.get(), nullptr, data.get());
    const auto after = score(probe.get(), nullptr, adjusted.get());
    const auto b = all_scores(before.get(), CIVISCORE_ROW_MAJOR);
    const auto a = all_scores(after.get(), CIVISCORE_ROW_MAJOR);
    const size_t nodes = civiscore_result_node_count(before.get());
    std::size_t changed = 0;
    for (size_t u = 0; u < 360; ++u) {
        const std::string id = civiscore_result_unit_id(before.get(), u);
        const double leaf_b = b[u * nodes + 1], leaf_a = a[u * nodes + 1];
        if (id == "LH-015") {
            BOOST_TEST(close(leaf_b, 12.0, 1e-9), leaf_b);
            BOOST_TEST(close(leaf_a, 4.0, 1e-9), leaf_a);
        }
        if (!close(leaf_a, leaf_b, 0.0)) ++changed;
    }
    BOOST_TEST(changed == 1u);

    // Scored with the consequences: the result records them (checks_applied).
    civiscore_result* scored_raw = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_check_score(model.get(), nullptr, data.get(), report.get(), 1, &scored_raw) ==
                              CIVISCORE_OK,
                          civiscore_last_error_message());
    const result_handle scored(scored_raw);
    size_t len = 0;
    BOOST_REQUIRE(civiscore_result_write_string(scored.get(), CIVISCORE_FORMAT_JSON, nullptr, 0, &len) == CIVISCORE_OK);
    std::string text(len + 1, '\0');
    BOOST_REQUIRE(civiscore_result_write_string(scored.get(), CIVISCORE_FORMAT_JSON, text.data(), text.size(), nullptr) ==
                  CIVISCORE_OK);
    text.resize(len);
    const json result = json::parse(text);
    BOOST_REQUIRE(result["checks_applied"].size() == 1u);
    BOOST_TEST(result["checks_applied"][0]["unit"] == "LH-015");
    BOOST_TEST(result["checks_applied"][0]["before"].get<double>() == 12.0);
}

BOOST_AUTO_TEST_CASE(a_report_belongs_to_its_model_and_data) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const auto periods = read_data(periods_path);
    const auto report = run(model.get(), data.get());
    const auto other = load_model(mini_model_json);
    civiscore_dataset* out = nullptr;
    BOOST_TEST(civiscore_check_apply(other.get(), data.get(), report.get(), &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "made for model"));
    BOOST_TEST(out == nullptr);
    // The quarterly file has other units at the flagged rows.
    BOOST_TEST(civiscore_check_apply(model.get(), periods.get(), report.get(), &out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "does not belong to this dataset"));
    BOOST_TEST(out == nullptr);
}

BOOST_AUTO_TEST_CASE(long_data_and_the_options_reader) {
    const auto model = sanshe_model();
    civiscore_dataset* d = nullptr;
    // Unit ids repeat once per quarter: the default reader refuses them, naming both lines.
    BOOST_TEST(civiscore_dataset_read_csv_opts(periods_path.c_str(), nullptr, &d) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "duplicate unit id"));
    BOOST_TEST(civiscore_dataset_read_csv_opts(periods_path.c_str(), R"({"unique_ids": true})", &d) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(d == nullptr);
    const auto periods = read_data(periods_path);
    BOOST_TEST(civiscore_dataset_unit_count(periods.get()) == 4 * 55u);  // 55 communities, 4 quarters
    const json doc = report_json(run(model.get(), periods.get()).get());
    BOOST_TEST(doc["periods"] == json({"2025Q1", "2025Q2", "2025Q3", "2025Q4"}));
    // Without the period column the same rows are a unit given four times: a data error.
    civiscore_check_report* r = nullptr;
    BOOST_TEST(civiscore_check_run(model.get(), periods.get(), R"({"period_column": "quarter"})", 0, &r) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "appears twice"));
    BOOST_TEST(r == nullptr);
    // A (unit, period) given twice names both rows: the quarterly file with its first row repeated.
    std::string text = read_text(periods_path);
    const auto first_end = text.find('\n', text.find('\n') + 1);
    text += text.substr(text.find('\n') + 1, first_end - text.find('\n'));
    BOOST_REQUIRE(civiscore_dataset_parse_csv_opts(text.c_str(), text.size(), R"({"unique_ids": false})", &d) ==
                  CIVISCORE_OK);
    const dataset_handle repeated(d);
    BOOST_TEST(civiscore_check_run(model.get(), repeated.get(), nullptr, 0, &r) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "period '2025Q1' given twice"), civiscore_last_error_message());
    BOOST_TEST(contains(civiscore_last_error_message(), ":222"), civiscore_last_error_message());  // header + 220 rows + 1
    BOOST_TEST(r == nullptr);
    // Another id column.
    const std::string renamed = "code,I01\nX,3\nY,4\n";
    d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_parse_csv_opts(renamed.c_str(), static_cast<size_t>(-1), R"({"id_column": "code"})",
                                                   &d) == CIVISCORE_OK);
    const dataset_handle coded(d);
    BOOST_TEST(std::string(civiscore_dataset_unit_id(coded.get(), 1)) == "Y");
    // Options are checked.
    d = nullptr;
    BOOST_TEST(civiscore_dataset_parse_csv_opts(renamed.c_str(), renamed.size(), R"({"idcolumn": "code"})", &d) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "'idcolumn' is unknown"));
    BOOST_TEST(civiscore_dataset_parse_csv_opts(renamed.c_str(), renamed.size(), R"({"unique_ids": "no"})", &d) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "'unique_ids'"));
    BOOST_TEST(d == nullptr);
}

BOOST_AUTO_TEST_CASE(bad_options_name_the_key) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    struct bad {
        const char* options;
        const char* expected;
    };
    const bad cases[] = {
        {R"({"sampel": 0.3})", "key 'sampel' is unknown"},
        {R"({"sample": 1.5})", "key 'sample' must be a share in (0, 1]"},
        {R"({"sample": "0.3"})", "key 'sample'"},
        {R"({"sample_size": 0})", "key 'sample_size' must be at least 1"},
        {R"({"sample_size": -2})", "key 'sample_size' must be a non-negative integer"},
        {R"({"sample": 0.3, "seed": 1.5})", "key 'seed' must be a non-negative integer"},
        {R"({"seed": 7})", "key 'seed' needs 'sample' or 'sample_size'"},
        {R"({"stratify": "district"})", "key 'stratify' needs 'sample' or 'sample_size'"},
        {R"({"period_column": 3})", "key 'period_column' must be a string"},
        {R"([1, 2])", "must be a JSON object"},
        {R"({"sample": )", "not valid JSON"},
        {R"({"sample_size": 999})", "sample size 999 is more than the 360 units"},
        {R"({"sample": 0.3, "stratify": "no_such_column"})", "stratify column 'no_such_column'"},
    };
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.options) {
            civiscore_check_report* r = nullptr;
            const int status = civiscore_check_run(model.get(), data.get(), c.options, 0, &r);
            BOOST_TEST(status != CIVISCORE_OK);
            BOOST_TEST(contains(civiscore_last_error_message(), c.expected), civiscore_last_error_message());
            BOOST_TEST(r == nullptr);
        }
    }
    civiscore_check_report* r = nullptr;
    BOOST_TEST(civiscore_check_run(model.get(), data.get(), R"({"sampel": 0.3})", 0, &r) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    // An empty text is no options.
    BOOST_REQUIRE(civiscore_check_run(model.get(), data.get(), "", 0, &r) == CIVISCORE_OK);
    const report_handle empty_options(r);
    BOOST_TEST(civiscore_check_report_flag_count(empty_options.get()) ==
               civiscore_check_report_flag_count(run(model.get(), data.get()).get()));
    size_t len = 0;
    BOOST_TEST(civiscore_check_report_write_string(empty_options.get(), 7, nullptr, 0, &len) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "format is 7"));
}

BOOST_AUTO_TEST_CASE(null_arguments) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const auto report = run(model.get(), data.get());
    auto expect = [](int status, const std::string& where) {
        BOOST_TEST_CONTEXT(where) {
            BOOST_TEST(status == CIVISCORE_ERROR_INVALID_ARGUMENT);
            BOOST_TEST(contains(civiscore_last_error_message(), where), civiscore_last_error_message());
        }
    };
    civiscore_check_report* r = nullptr;
    expect(civiscore_check_run(nullptr, data.get(), nullptr, 0, &r), "civiscore_check_run: model is NULL");
    expect(civiscore_check_run(model.get(), nullptr, nullptr, 0, &r), "civiscore_check_run: dataset is NULL");
    expect(civiscore_check_run(model.get(), data.get(), nullptr, 0, nullptr), "civiscore_check_run: out_report is NULL");
    expect(civiscore_check_run(model.get(), data.get(), nullptr, -1, &r), "civiscore_check_run: n_threads is -1");
    BOOST_TEST(r == nullptr);
    BOOST_TEST(civiscore_check_report_flag_count(nullptr) == 0u);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_check_report_flag_count: report is NULL"));
    size_t len = 0;
    expect(civiscore_check_report_write_string(nullptr, CIVISCORE_FORMAT_JSON, nullptr, 0, &len),
           "civiscore_check_report_write_string: report is NULL");
    expect(civiscore_check_report_write_string(report.get(), CIVISCORE_FORMAT_JSON, nullptr, 10, &len),
           "civiscore_check_report_write_string: buf is NULL");
    expect(civiscore_check_report_sample_json(nullptr, nullptr, 0, &len), "civiscore_check_report_sample_json: report is NULL");
    civiscore_dataset* d = nullptr;
    expect(civiscore_check_apply(nullptr, data.get(), report.get(), &d), "civiscore_check_apply: model is NULL");
    expect(civiscore_check_apply(model.get(), nullptr, report.get(), &d), "civiscore_check_apply: dataset is NULL");
    expect(civiscore_check_apply(model.get(), data.get(), nullptr, &d), "civiscore_check_apply: report is NULL");
    expect(civiscore_check_apply(model.get(), data.get(), report.get(), nullptr), "civiscore_check_apply: out_adjusted is NULL");
    expect(civiscore_check_changes_json(model.get(), data.get(), nullptr, nullptr, 0, &len),
           "civiscore_check_changes_json: report is NULL");
    civiscore_result* res = nullptr;
    expect(civiscore_check_score(model.get(), nullptr, data.get(), nullptr, 0, &res), "civiscore_check_score: report is NULL");
    expect(civiscore_check_score(model.get(), nullptr, data.get(), report.get(), 0, nullptr),
           "civiscore_check_score: out_result is NULL");
    expect(civiscore_dataset_read_csv_opts(nullptr, nullptr, &d), "civiscore_dataset_read_csv_opts: path is NULL");
    expect(civiscore_dataset_read_csv_opts(data_path.c_str(), nullptr, nullptr),
           "civiscore_dataset_read_csv_opts: out_dataset is NULL");
    expect(civiscore_dataset_parse_csv_opts(nullptr, 0, nullptr, &d), "civiscore_dataset_parse_csv_opts: text is NULL");
    BOOST_TEST(d == nullptr);
    BOOST_TEST(res == nullptr);
    civiscore_check_report_free(nullptr);
}

BOOST_AUTO_TEST_CASE(snprintf_semantics) {
    const auto model = sanshe_model();
    const auto data = read_data(data_path);
    const auto report = run(model.get(), data.get());
    const std::string full = write(report.get(), CIVISCORE_FORMAT_CSV);
    char small[16];
    size_t len = 0;
    BOOST_REQUIRE(civiscore_check_report_write_string(report.get(), CIVISCORE_FORMAT_CSV, small, sizeof small, &len) ==
                  CIVISCORE_OK);
    BOOST_TEST(len == full.size());
    BOOST_TEST(std::string(small) == full.substr(0, sizeof small - 1));
    BOOST_TEST(full.rfind("rule,severity,effect,unit,column,period", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
