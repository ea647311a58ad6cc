// The C ABI of issue 11's input side: GBK through civiscore_dataset_parse_csv_opts, derived columns
// through civiscore_score (undefined cells listed in the treatments), and period roll-ups with
// civiscore_dataset_column_values / civiscore_dataset_to_csv. Numbers: tests/data/periods/README.md.
#include <boost/test/unit_test.hpp>

#include "civiscore.h"

#include <cmath>
#include <string>
#include <vector>

namespace {

const std::string periods = std::string(CIVISCORE_SOURCE_DIR) + "/tests/data/periods/";

struct handles {
    civiscore_model* model = nullptr;
    civiscore_dataset* data = nullptr;
    civiscore_dataset* year = nullptr;
    civiscore_result* result = nullptr;
    ~handles() {
        civiscore_result_free(result);
        civiscore_dataset_free(year);
        civiscore_dataset_free(data);
        civiscore_model_free(model);
    }
};

std::size_t column_index(const civiscore_dataset* d, const std::string& id) {
    for (std::size_t j = 0; j < civiscore_dataset_column_count(d); ++j)
        if (id == civiscore_dataset_column_id(d, j)) return j;
    BOOST_FAIL("no column " + id);
    return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(periods_capi)

BOOST_AUTO_TEST_CASE(gbk_text_reads_as_utf8) {
    handles h;
    // unit_id,name / u1,社区 with 社区 in GBK (C9 E7 C7 F8).
    const char gbk[] = "unit_id,name,x\nu1,\xC9\xE7\xC7\xF8,1\n";
    BOOST_REQUIRE_EQUAL(civiscore_dataset_parse_csv_opts(gbk, sizeof gbk - 1, R"({"encoding": "gbk"})", &h.data), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_column_count(h.data), 2u);
    char buf[128];
    size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_dataset_to_csv(h.data, nullptr, buf, sizeof buf, &len), CIVISCORE_OK);
    BOOST_TEST(std::string(buf) == "unit_id,name,x\nu1,\xE7\xA4\xBE\xE5\x8C\xBA,1\n");
    // The name is text: no values.
    double v[1];
    BOOST_TEST(civiscore_dataset_column_values(h.data, 0, v, 1) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(civiscore_dataset_column_values(h.data, 1, v, 1) == CIVISCORE_OK);
    BOOST_TEST(v[0] == 1.0);
    BOOST_TEST(civiscore_dataset_column_values(h.data, 1, v, 2) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    civiscore_dataset* bad = nullptr;
    BOOST_TEST(civiscore_dataset_parse_csv_opts(gbk, sizeof gbk - 1, R"({"encoding": "big5"})", &bad) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("unknown encoding 'big5'") != std::string::npos);
    const char broken[] = "unit_id,x\nu,\xFF\n";
    BOOST_TEST(civiscore_dataset_parse_csv_opts(broken, sizeof broken - 1, R"({"encoding": "gb18030"})", &bad) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("<memory>:2:3: bytes 0xFF are not valid gb18030") != std::string::npos,
               civiscore_last_error_message());
    BOOST_TEST(bad == nullptr);
}

BOOST_AUTO_TEST_CASE(rollup_and_score) {
    handles h;
    BOOST_REQUIRE_EQUAL(civiscore_model_load_file((periods + "model.json").c_str(), &h.model), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_read_csv_opts((periods + "quarterly.csv").c_str(), R"({"unique_ids": false})", &h.data),
                        CIVISCORE_OK);
    {
        // Data read with unique_ids false (long data) is checked when scored: one output row per unit.
        std::string header = "unit_id", row;
        for (std::size_t i = 0; i < civiscore_model_input_column_count(h.model); ++i) {
            header += std::string(",") + civiscore_model_input_column(h.model, i);
            row += ",1";
        }
        const std::string text = header + "\nA" + row + "\nB" + row + "\nA" + row + "\n";
        civiscore_dataset* twice = nullptr;
        BOOST_REQUIRE_EQUAL(civiscore_dataset_parse_csv_opts(text.c_str(), text.size(), R"({"unique_ids": false})", &twice),
                            CIVISCORE_OK);
        civiscore_result* r = nullptr;
        BOOST_TEST(civiscore_score(h.model, nullptr, twice, 1, &r) == CIVISCORE_ERROR_DATA);
        BOOST_TEST(std::string(civiscore_last_error_message()).find("duplicate unit id 'A'") != std::string::npos,
                   civiscore_last_error_message());
        BOOST_TEST(r == nullptr);
        civiscore_dataset_free(twice);
    }
    BOOST_TEST(civiscore_dataset_rollup_periods(h.model, h.data, "", &h.year) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_dataset_rollup_periods(h.model, h.data, "month", &h.year) == CIVISCORE_ERROR_DATA);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_rollup_periods(h.model, h.data, "quarter", &h.year), CIVISCORE_OK);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_unit_count(h.year), 3u);
    std::vector<double> rate(3);
    BOOST_REQUIRE_EQUAL(civiscore_dataset_column_values(h.year, column_index(h.year, "cover_rate"), rate.data(), 3), CIVISCORE_OK);
    BOOST_TEST(rate[0] == 100.0 * 100.0 / 150.0, boost::test_tools::tolerance(1e-12));  // not (50+75+0+75)/4
    BOOST_TEST(rate[1] == 100.0 * 25.0 / 75.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(std::isnan(rate[2]));
    // The model's input columns are what the data supplies: served_share is derived, not asked for.
    bool asks_for_derived = false;
    for (std::size_t i = 0; i < civiscore_model_input_column_count(h.model); ++i)
        asks_for_derived = asks_for_derived || std::string(civiscore_model_input_column(h.model, i)) == "served_share";
    BOOST_TEST(!asks_for_derived);
    BOOST_REQUIRE_EQUAL(civiscore_score(h.model, nullptr, h.year, 1, &h.result), CIVISCORE_OK);
    std::vector<double> share(3);
    // Node 2 is "share" (goalposts 0..100 of served_share): A 100 * 100 / 150.
    BOOST_REQUIRE_EQUAL(civiscore_result_node_scores(h.result, 2, share.data(), 3), CIVISCORE_OK);
    BOOST_TEST(share[0] == 100.0 * 100.0 / 150.0, boost::test_tools::tolerance(1e-9));
    // C: served 0 / eligible 0 -> missing, and listed among the treatments.
    BOOST_TEST(std::isnan(share[2]));
    std::size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_result_treatments_json(h.result, nullptr, 0, &len), CIVISCORE_OK);
    std::string json(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_result_treatments_json(h.result, json.data(), json.size(), &len), CIVISCORE_OK);
    BOOST_TEST(json.find("division by zero") != std::string::npos, json);
}

BOOST_AUTO_TEST_SUITE_END()
