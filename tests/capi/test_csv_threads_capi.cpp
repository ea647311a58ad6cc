// The C ABI's CSV readers with "n_threads" in their options: the same dataset for every count, and
// a bad count refused naming the key.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

// 3000 rows (long enough to be cut into chunks): id, i, -i/4 (exact in binary), and a column that
// turns text on the last row.
std::string rows_text() {
    std::string t = "unit_id,x,y,z\n";
    for (int i = 0; i < 3000; ++i)
        t += "u" + std::to_string(i) + "," + std::to_string(i) + ",-" + std::to_string(i) + "e0," +
             (i == 2999 ? "word" : "1") + "\n";
    return t;
}

dataset_handle parse(const std::string& text, const std::string& options) {
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_parse_csv_opts(text.c_str(), text.size(), options.c_str(), &d) ==
                              CIVISCORE_OK,
                          civiscore_last_error_message());
    return dataset_handle(d);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_threads_capi)

BOOST_AUTO_TEST_CASE(every_thread_count_gives_the_same_dataset) {
    const std::string text = rows_text();
    for (int t : {1, 2, 3, 7}) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            const dataset_handle d = parse(text, R"({"n_threads": )" + std::to_string(t) + "}");
            BOOST_REQUIRE_EQUAL(civiscore_dataset_unit_count(d.get()), 3000u);
            BOOST_REQUIRE_EQUAL(civiscore_dataset_column_count(d.get()), 3u);
            BOOST_TEST(std::string(civiscore_dataset_unit_id(d.get(), 2999)) == "u2999");
            std::vector<double> x(3000), y(3000);
            BOOST_REQUIRE(civiscore_dataset_column_values(d.get(), 0, x.data(), x.size()) == CIVISCORE_OK);
            BOOST_REQUIRE(civiscore_dataset_column_values(d.get(), 1, y.data(), y.size()) == CIVISCORE_OK);
            for (int i = 0; i < 3000; ++i) {
                BOOST_REQUIRE_EQUAL(x[i], static_cast<double>(i));
                BOOST_REQUIRE_EQUAL(y[i], -static_cast<double>(i));  // "-ie0" = -i exactly
            }
            // z became text on the last row, line 3001 (header + 3000), field 4.
            BOOST_TEST(civiscore_dataset_column_values(d.get(), 2, x.data(), x.size()) == CIVISCORE_ERROR_DATA);
            BOOST_TEST(std::strstr(civiscore_last_error_message(), ":3001:4: 'word'") != nullptr,
                       civiscore_last_error_message());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bad_thread_count_names_the_key) {
    const std::string text = rows_text();
    for (const char* bad : {R"({"n_threads": -1})", R"({"n_threads": 2.5})", R"({"n_threads": "2"})",
                            R"({"n_threads": 5000})"}) {
        BOOST_TEST_CONTEXT(bad) {
            civiscore_dataset* d = nullptr;
            BOOST_TEST(civiscore_dataset_parse_csv_opts(text.c_str(), text.size(), bad, &d) ==
                       CIVISCORE_ERROR_INVALID_ARGUMENT);
            BOOST_TEST(std::strstr(civiscore_last_error_message(), "'n_threads' must be an integer from 0 to 4096") !=
                       nullptr, civiscore_last_error_message());
            BOOST_TEST(d == nullptr);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
