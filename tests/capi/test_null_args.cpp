// NULL handles and out-pointers on every entry point: INVALID_ARGUMENT with a message naming the
// function and the parameter, never a crash; the _free functions accept NULL.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace capi_test;

namespace {

// The call failed as an invalid argument and the message says which function and parameter.
void expect_invalid(int status, const std::string& function, const std::string& parameter) {
    BOOST_TEST_CONTEXT(function << " / " << parameter) {
        BOOST_TEST(status == CIVISCORE_ERROR_INVALID_ARGUMENT);
        BOOST_TEST(contains(civiscore_last_error_message(), function + ": " + parameter));
    }
}

// Getters signal the same through their return value and the last error.
void expect_invalid_message(const std::string& function, const std::string& parameter) {
    BOOST_TEST(contains(civiscore_last_error_message(), function + ": " + parameter),
               function << ": " << civiscore_last_error_message());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(null_arguments)

BOOST_AUTO_TEST_CASE(free_functions_accept_null) {
    civiscore_model_free(nullptr);
    civiscore_dataset_free(nullptr);
    civiscore_fitted_free(nullptr);
    civiscore_result_free(nullptr);
    BOOST_TEST(civiscore_version_number() == CIVISCORE_VERSION_NUMBER);  // still alive
}

BOOST_AUTO_TEST_CASE(model_functions) {
    civiscore_model* out = nullptr;
    expect_invalid(civiscore_model_load_string(nullptr, 5, &out), "civiscore_model_load_string", "json is NULL");
    expect_invalid(civiscore_model_load_string(mini_model_json, static_cast<size_t>(-1), nullptr),
                   "civiscore_model_load_string", "out_model is NULL");
    expect_invalid(civiscore_model_load_file(nullptr, &out), "civiscore_model_load_file", "path is NULL");
    expect_invalid(civiscore_model_load_file("x.json", nullptr), "civiscore_model_load_file", "out_model is NULL");
    BOOST_TEST(out == nullptr);

    BOOST_TEST(civiscore_model_id(nullptr) == nullptr);
    expect_invalid_message("civiscore_model_id", "model is NULL");
    BOOST_TEST(civiscore_model_name(nullptr) == nullptr);
    expect_invalid_message("civiscore_model_name", "model is NULL");
    BOOST_TEST(civiscore_model_sha256(nullptr) == nullptr);
    expect_invalid_message("civiscore_model_sha256", "model is NULL");
    BOOST_TEST(civiscore_model_node_count(nullptr) == 0u);
    expect_invalid_message("civiscore_model_node_count", "model is NULL");
    BOOST_TEST(civiscore_model_node_id(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_model_node_id", "model is NULL");
    BOOST_TEST(civiscore_model_node_name(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_model_node_name", "model is NULL");
    BOOST_TEST(civiscore_model_node_parent(nullptr, 0) == -1);
    expect_invalid_message("civiscore_model_node_parent", "model is NULL");
    BOOST_TEST(civiscore_model_node_level(nullptr, 0) == -1);
    expect_invalid_message("civiscore_model_node_level", "model is NULL");
    BOOST_TEST(civiscore_model_node_is_indicator(nullptr, 0) == 0);
    expect_invalid_message("civiscore_model_node_is_indicator", "model is NULL");
    BOOST_TEST(civiscore_model_find_node(nullptr, "total") == -1);
    expect_invalid_message("civiscore_model_find_node", "model is NULL");
    BOOST_TEST(civiscore_model_indicator_count(nullptr) == 0u);
    expect_invalid_message("civiscore_model_indicator_count", "model is NULL");
    BOOST_TEST(civiscore_model_indicator_id(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_model_indicator_id", "model is NULL");
    BOOST_TEST(civiscore_model_input_column_count(nullptr) == 0u);
    expect_invalid_message("civiscore_model_input_column_count", "model is NULL");
    BOOST_TEST(civiscore_model_input_column(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_model_input_column", "model is NULL");
    BOOST_TEST(civiscore_model_grade_count(nullptr) == 0u);
    expect_invalid_message("civiscore_model_grade_count", "model is NULL");
    BOOST_TEST(civiscore_model_grade_label(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_model_grade_label", "model is NULL");

    auto m = load_model(mini_model_json);
    BOOST_TEST(civiscore_model_find_node(m.get(), nullptr) == -1);
    expect_invalid_message("civiscore_model_find_node", "id is NULL");
}

BOOST_AUTO_TEST_CASE(dataset_functions) {
    civiscore_dataset* out = nullptr;
    const double values[] = {1, 2};
    const char* cols[] = {"a", "b"};
    expect_invalid(civiscore_dataset_from_matrix(nullptr, 1, 2, CIVISCORE_ROW_MAJOR, 0, cols, nullptr, &out),
                   "civiscore_dataset_from_matrix", "values is NULL");
    expect_invalid(civiscore_dataset_from_matrix(values, 1, 2, CIVISCORE_ROW_MAJOR, 0, nullptr, nullptr, &out),
                   "civiscore_dataset_from_matrix", "column_ids is NULL");
    expect_invalid(civiscore_dataset_from_matrix(values, 1, 2, CIVISCORE_ROW_MAJOR, 0, cols, nullptr, nullptr),
                   "civiscore_dataset_from_matrix", "out_dataset is NULL");
    const char* one_null[] = {"a", nullptr};
    expect_invalid(civiscore_dataset_from_matrix(values, 1, 2, CIVISCORE_ROW_MAJOR, 0, one_null, nullptr, &out),
                   "civiscore_dataset_from_matrix", "column_ids[1] is NULL");
    const char* null_unit[] = {nullptr};
    expect_invalid(civiscore_dataset_from_matrix(values, 1, 2, CIVISCORE_ROW_MAJOR, 0, cols, null_unit, &out),
                   "civiscore_dataset_from_matrix", "unit_ids[0] is NULL");
    expect_invalid(civiscore_dataset_read_csv(nullptr, nullptr, &out), "civiscore_dataset_read_csv", "path is NULL");
    expect_invalid(civiscore_dataset_read_csv("x.csv", nullptr, nullptr), "civiscore_dataset_read_csv",
                   "out_dataset is NULL");
    expect_invalid(civiscore_dataset_parse_csv(nullptr, 0, nullptr, &out), "civiscore_dataset_parse_csv",
                   "text is NULL");
    expect_invalid(civiscore_dataset_parse_csv("unit_id\nA\n", static_cast<size_t>(-1), nullptr, nullptr),
                   "civiscore_dataset_parse_csv", "out_dataset is NULL");
    BOOST_TEST(out == nullptr);

    BOOST_TEST(civiscore_dataset_unit_count(nullptr) == 0u);
    expect_invalid_message("civiscore_dataset_unit_count", "dataset is NULL");
    BOOST_TEST(civiscore_dataset_unit_id(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_dataset_unit_id", "dataset is NULL");
    BOOST_TEST(civiscore_dataset_column_count(nullptr) == 0u);
    expect_invalid_message("civiscore_dataset_column_count", "dataset is NULL");
    BOOST_TEST(civiscore_dataset_column_id(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_dataset_column_id", "dataset is NULL");
}

BOOST_AUTO_TEST_CASE(fit_and_score_functions) {
    auto m = load_model(mini_model_json);
    auto d = mini_dataset();
    civiscore_fitted* f = nullptr;
    expect_invalid(civiscore_fit(nullptr, d.get(), 1, &f), "civiscore_fit", "model is NULL");
    expect_invalid(civiscore_fit(m.get(), nullptr, 1, &f), "civiscore_fit", "dataset is NULL");
    expect_invalid(civiscore_fit(m.get(), d.get(), 1, nullptr), "civiscore_fit", "out_fitted is NULL");
    expect_invalid(civiscore_fit(m.get(), d.get(), -1, &f), "civiscore_fit", "n_threads is -1");
    BOOST_TEST(f == nullptr);

    size_t len = 0;
    expect_invalid(civiscore_fitted_to_json(nullptr, nullptr, 0, &len), "civiscore_fitted_to_json",
                   "fitted is NULL");
    expect_invalid(civiscore_fitted_from_json(nullptr, "{}", 2, &f), "civiscore_fitted_from_json",
                   "model is NULL");
    expect_invalid(civiscore_fitted_from_json(m.get(), nullptr, 2, &f), "civiscore_fitted_from_json",
                   "json is NULL");
    expect_invalid(civiscore_fitted_from_json(m.get(), "{}", 2, nullptr), "civiscore_fitted_from_json",
                   "out_fitted is NULL");

    civiscore_result* r = nullptr;
    expect_invalid(civiscore_score(nullptr, nullptr, d.get(), 1, &r), "civiscore_score", "model is NULL");
    expect_invalid(civiscore_score(m.get(), nullptr, nullptr, 1, &r), "civiscore_score", "dataset is NULL");
    expect_invalid(civiscore_score(m.get(), nullptr, d.get(), 1, nullptr), "civiscore_score",
                   "out_result is NULL");
    expect_invalid(civiscore_score(m.get(), nullptr, d.get(), -3, &r), "civiscore_score", "n_threads is -3");
    BOOST_TEST(r == nullptr);
}

BOOST_AUTO_TEST_CASE(result_functions) {
    double dbl[1];
    int ints[1];
    int64_t ranks[1];
    size_t len = 0;
    char buf[8];
    BOOST_TEST(civiscore_result_unit_count(nullptr) == 0u);
    expect_invalid_message("civiscore_result_unit_count", "result is NULL");
    BOOST_TEST(civiscore_result_node_count(nullptr) == 0u);
    expect_invalid_message("civiscore_result_node_count", "result is NULL");
    BOOST_TEST(civiscore_result_unit_id(nullptr, 0) == nullptr);
    expect_invalid_message("civiscore_result_unit_id", "result is NULL");
    expect_invalid(civiscore_result_node_scores(nullptr, 0, dbl, 1), "civiscore_result_node_scores", "result is NULL");
    expect_invalid(civiscore_result_node_coverage(nullptr, 0, dbl, 1), "civiscore_result_node_coverage",
                   "result is NULL");
    expect_invalid(civiscore_result_scores(nullptr, CIVISCORE_ROW_MAJOR, dbl, 1), "civiscore_result_scores",
                   "result is NULL");
    expect_invalid(civiscore_result_statuses(nullptr, ints, 1), "civiscore_result_statuses", "result is NULL");
    expect_invalid(civiscore_result_ranks(nullptr, ranks, 1), "civiscore_result_ranks", "result is NULL");
    expect_invalid(civiscore_result_grades(nullptr, ints, 1), "civiscore_result_grades", "result is NULL");
    expect_invalid(civiscore_result_effective_weights(nullptr, dbl, 1), "civiscore_result_effective_weights",
                   "result is NULL");
    BOOST_TEST(civiscore_result_model_sha256(nullptr) == nullptr);
    expect_invalid_message("civiscore_result_model_sha256", "result is NULL");
    BOOST_TEST(civiscore_result_fitted_sha256(nullptr) == nullptr);
    expect_invalid_message("civiscore_result_fitted_sha256", "result is NULL");
    expect_invalid(civiscore_result_write_string(nullptr, CIVISCORE_FORMAT_JSON, buf, sizeof buf, &len),
                   "civiscore_result_write_string", "result is NULL");
    expect_invalid(civiscore_result_write_file(nullptr, CIVISCORE_FORMAT_JSON, "out.json"),
                   "civiscore_result_write_file", "result is NULL");

    // With a real result: NULL output buffers.
    auto m = load_model(mini_model_json);
    auto d = mini_dataset();
    auto r = score(m.get(), nullptr, d.get());
    expect_invalid(civiscore_result_node_scores(r.get(), 0, nullptr, 3), "civiscore_result_node_scores", "out is NULL");
    expect_invalid(civiscore_result_statuses(r.get(), nullptr, 3), "civiscore_result_statuses", "out is NULL");
    expect_invalid(civiscore_result_ranks(r.get(), nullptr, 3), "civiscore_result_ranks", "out is NULL");
    expect_invalid(civiscore_result_grades(r.get(), nullptr, 3), "civiscore_result_grades", "out is NULL");
    expect_invalid(civiscore_result_effective_weights(r.get(), nullptr, 6),
                   "civiscore_result_effective_weights", "out is NULL");
    expect_invalid(civiscore_result_scores(r.get(), CIVISCORE_ROW_MAJOR, nullptr, 27), "civiscore_result_scores",
                   "out is NULL");
    expect_invalid(civiscore_result_write_string(r.get(), CIVISCORE_FORMAT_JSON, nullptr, 10, &len),
                   "civiscore_result_write_string", "buf is NULL");
    expect_invalid(civiscore_result_write_file(r.get(), CIVISCORE_FORMAT_JSON, nullptr),
                   "civiscore_result_write_file", "path is NULL");
}

BOOST_AUTO_TEST_SUITE_END()
