// Versions, status names and the last-error contract.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace capi_test;

BOOST_AUTO_TEST_SUITE(version_and_errors)

BOOST_AUTO_TEST_CASE(run_time_version_matches_the_header) {
    BOOST_TEST(civiscore_version_number() == CIVISCORE_VERSION_NUMBER);
    // 0 * 10000 + 1 * 100 + 0
    BOOST_TEST(civiscore_version_number() == 100);
    const std::string expected = std::to_string(CIVISCORE_VERSION_MAJOR) + "." +
                                 std::to_string(CIVISCORE_VERSION_MINOR) + "." +
                                 std::to_string(CIVISCORE_VERSION_PATCH);
    BOOST_TEST(std::string(civiscore_version_string()) == expected);
    BOOST_TEST(std::string(civiscore_version_string()) == "0.1.0");
    // Static storage: the same pointer every time.
    BOOST_TEST(civiscore_version_string() == civiscore_version_string());
}

BOOST_AUTO_TEST_CASE(status_strings_are_fixed) {
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_OK)) == "ok");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_INVALID_ARGUMENT)) ==
               "invalid argument");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_MODEL)) == "model error");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_DATA)) == "data error");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_IO)) == "i/o error");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_OUT_OF_MEMORY)) ==
               "out of memory");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_FITTED)) ==
               "fitted-state error");
    BOOST_TEST(std::string(civiscore_status_string(CIVISCORE_ERROR_INTERNAL)) == "internal error");
    BOOST_TEST(std::string(civiscore_status_string(8)) == "unknown status");
    BOOST_TEST(std::string(civiscore_status_string(-1)) == "unknown status");
}

BOOST_AUTO_TEST_CASE(frozen_status_values) {
    BOOST_TEST(CIVISCORE_OK == 0);
    BOOST_TEST(CIVISCORE_ERROR_INVALID_ARGUMENT == 1);
    BOOST_TEST(CIVISCORE_ERROR_MODEL == 2);
    BOOST_TEST(CIVISCORE_ERROR_DATA == 3);
    BOOST_TEST(CIVISCORE_ERROR_IO == 4);
    BOOST_TEST(CIVISCORE_ERROR_OUT_OF_MEMORY == 5);
    BOOST_TEST(CIVISCORE_ERROR_FITTED == 6);
    BOOST_TEST(CIVISCORE_ERROR_INTERNAL == 7);
}

BOOST_AUTO_TEST_CASE(last_error_is_set_by_a_failure_and_cleared_by_a_success) {
    civiscore_model* m = nullptr;
    BOOST_TEST(civiscore_model_load_string(nullptr, 0, &m) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_model_load_string: json is NULL"));
    // Reading the message, the version or a status name does not clear it.
    (void)civiscore_version_string();
    (void)civiscore_status_string(1);
    BOOST_TEST(std::string(civiscore_last_error_message()).size() > 0);
    // Freeing does not clear it either: callers free, then report.
    civiscore_model_free(nullptr);
    BOOST_TEST(std::string(civiscore_last_error_message()).size() > 0);

    auto model = load_model(mini_model_json);
    BOOST_TEST(std::string(civiscore_last_error_message()).empty());
    BOOST_TEST(civiscore_last_error_message() != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
