// Service logs through the C ABI (civiscore_log_inputs_*, civiscore_logs_derive, docs/service-logs.md):
// tests/data/logs aggregated and scored (numbers by hand in tests/core/test_logs.cpp), the summary,
// in-memory text equal to files, and the error statuses.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

using namespace capi_test;

namespace {

const std::string dir = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/logs/";

struct inputs_deleter {
    void operator()(civiscore_log_inputs* p) const noexcept { civiscore_log_inputs_free(p); }
};
struct summary_deleter {
    void operator()(civiscore_log_summary* p) const noexcept { civiscore_log_summary_free(p); }
};
using inputs_handle = std::unique_ptr<civiscore_log_inputs, inputs_deleter>;
using summary_handle = std::unique_ptr<civiscore_log_summary, summary_deleter>;

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

model_handle logs_model() {
    civiscore_model* m = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_file((dir + "model.json").c_str(), &m), CIVISCORE_OK);
    return model_handle(m);
}

dataset_handle units() {
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv((dir + "units.csv").c_str(), nullptr, &d), CIVISCORE_OK);
    return dataset_handle(d);
}

std::vector<double> totals(const civiscore_model* m, const civiscore_dataset* d) {
    civiscore_result* r = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_score(m, nullptr, d, 1, &r), CIVISCORE_OK);
    result_handle hold(r);
    std::vector<double> t(civiscore_result_unit_count(r));
    BOOST_REQUIRE_EQUAL(civiscore_result_node_scores(r, 0, t.data(), t.size()), CIVISCORE_OK);
    return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(logs_capi)

BOOST_AUTO_TEST_CASE(derive_and_score) {
    const auto m = logs_model();
    const auto u = units();
    civiscore_log_inputs* raw = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_create(&raw), CIVISCORE_OK);
    inputs_handle in(raw);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_log_file(raw, "services", (dir + "services.csv").c_str()), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_registry_file(raw, "priority", (dir + "registry.csv").c_str()),
                        CIVISCORE_OK);
    civiscore_dataset* out = nullptr;
    civiscore_log_summary* s = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_logs_derive(m.get(), u.get(), raw, &out, &s), CIVISCORE_OK);
    dataset_handle derived(out);
    summary_handle summary(s);
    BOOST_TEST(civiscore_dataset_column_count(out) == 2u + 6u);
    BOOST_TEST(std::string(civiscore_dataset_column_id(out, 2)) == "visits");
    // A: (50+50+34.5+50+81.25+75+80)/7; C: 70/4 (tests/core/test_logs.cpp)
    const auto t = totals(m.get(), out);
    BOOST_TEST(close(t[0], 420.75 / 7.0, 1e-12));
    BOOST_TEST(close(t[2], 17.5, 1e-12));

    std::size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_log_summary_json(s, nullptr, 0, &len), CIVISCORE_OK);
    std::string json(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_log_summary_json(s, json.data(), json.size(), &len), CIVISCORE_OK);
    json.resize(len);
    BOOST_TEST(contains(json.c_str(), "\"unknown_unit_records\":1"));
    BOOST_TEST(contains(json.c_str(), "\"duplicates\":1"));

    // The same logs as text give the same scores; the summary is optional.
    civiscore_log_inputs* raw2 = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_create(&raw2), CIVISCORE_OK);
    inputs_handle in2(raw2);
    const std::string log_text = slurp(dir + "services.csv"), reg_text = slurp(dir + "registry.csv");
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_log_text(raw2, "services", log_text.data(), log_text.size()), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_registry_text(raw2, "priority", reg_text.c_str(), (size_t)-1), CIVISCORE_OK);
    civiscore_dataset* out2 = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_logs_derive(m.get(), u.get(), raw2, &out2, nullptr), CIVISCORE_OK);
    dataset_handle derived2(out2);
    const auto t2 = totals(m.get(), out2);
    BOOST_TEST(same_bits(t, t2));
}

BOOST_AUTO_TEST_CASE(errors) {
    const auto m = logs_model();
    const auto u = units();
    civiscore_log_inputs* raw = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_create(&raw), CIVISCORE_OK);
    inputs_handle in(raw);
    BOOST_TEST(civiscore_log_inputs_add_log_file(raw, nullptr, "x.csv") == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_log_inputs_add_log_file: name is NULL"));
    BOOST_TEST(civiscore_log_inputs_add_log_file(raw, "services", nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_log_inputs_add_log_text(nullptr, "services", "x", 1) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    civiscore_dataset* out = nullptr;
    BOOST_TEST(civiscore_logs_derive(m.get(), u.get(), raw, nullptr, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    // A log the model does not declare
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_log_text(raw, "visits", "unit_id\n", (size_t)-1), CIVISCORE_OK);
    BOOST_TEST(civiscore_logs_derive(m.get(), u.get(), raw, &out, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "declares no log 'visits'"));
    BOOST_TEST(out == nullptr);
    // A bad record: CIVISCORE_ERROR_DATA naming the line; a missing file: CIVISCORE_ERROR_IO
    civiscore_log_inputs* raw2 = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_create(&raw2), CIVISCORE_OK);
    inputs_handle in2(raw2);
    const char* bad = "unit_id,period,person_id,service_type,date,quantity,response_hours\nA,2025Q1,p,visit,2025-01-01,x,1\n";
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_log_text(raw2, "services", bad, (size_t)-1), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_registry_file(raw2, "priority", (dir + "registry.csv").c_str()), CIVISCORE_OK);
    BOOST_TEST(civiscore_logs_derive(m.get(), u.get(), raw2, &out, nullptr) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "<services>:2: column 'quantity' (field 6): 'x' is not a number"));
    civiscore_log_inputs* raw3 = nullptr;
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_create(&raw3), CIVISCORE_OK);
    inputs_handle in3(raw3);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_log_file(raw3, "services", (dir + "none.csv").c_str()), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_log_inputs_add_registry_file(raw3, "priority", (dir + "registry.csv").c_str()), CIVISCORE_OK);
    BOOST_TEST(civiscore_logs_derive(m.get(), u.get(), raw3, &out, nullptr) == CIVISCORE_ERROR_IO);
    civiscore_log_inputs_free(nullptr);
    civiscore_log_summary_free(nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
