// Datasets from C matrices in both layouts and from CSV text.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

std::vector<std::string> unit_ids(const civiscore_dataset* d) {
    std::vector<std::string> out;
    for (size_t i = 0; i < civiscore_dataset_unit_count(d); ++i) out.emplace_back(civiscore_dataset_unit_id(d, i));
    return out;
}

std::set<std::string> column_ids(const civiscore_dataset* d) {
    std::set<std::string> out;
    for (size_t i = 0; i < civiscore_dataset_column_count(d); ++i) out.emplace(civiscore_dataset_column_id(d, i));
    return out;
}

// The mini data transposed to column-major (element (i, j) at j * 3 + i).
std::vector<double> mini_cols() {
    const size_t nc = mini_columns.size();
    std::vector<double> out(3 * nc);
    for (size_t i = 0; i < 3; ++i)
        for (size_t j = 0; j < nc; ++j) out[j * 3 + i] = mini_rows[i * nc + j];
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dataset)

BOOST_AUTO_TEST_CASE(row_major_matrix) {
    auto d = mini_dataset();
    BOOST_TEST(civiscore_dataset_unit_count(d.get()) == 3u);
    BOOST_TEST((unit_ids(d.get()) == std::vector<std::string>{"A", "B", "C"}));
    BOOST_TEST(civiscore_dataset_column_count(d.get()) == mini_columns.size());
    for (size_t j = 0; j < mini_columns.size(); ++j)
        BOOST_TEST(std::string(civiscore_dataset_column_id(d.get(), j)) == mini_columns[j]);
    BOOST_TEST(civiscore_dataset_unit_id(d.get(), 3) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_dataset_unit_id"));
    BOOST_TEST(civiscore_dataset_column_id(d.get(), 7) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_dataset_column_id"));
}

// All ids in one call: "A\0B\0C\0" (6 bytes), snprintf-style like every text getter.
BOOST_AUTO_TEST_CASE(every_unit_id_in_one_call) {
    auto d = mini_dataset();
    size_t len = 99;
    BOOST_REQUIRE(civiscore_dataset_unit_ids(d.get(), nullptr, 0, &len) == CIVISCORE_OK);
    BOOST_TEST(len == 6u);
    std::string all(len + 1, 'x');
    BOOST_REQUIRE(civiscore_dataset_unit_ids(d.get(), all.data(), all.size(), nullptr) == CIVISCORE_OK);
    BOOST_TEST(all == std::string("A\0B\0C\0\0", 7));
    // A short buffer gets cap - 1 bytes and a NUL; the full size is still reported.
    std::string shortened(4, 'x');
    BOOST_REQUIRE(civiscore_dataset_unit_ids(d.get(), shortened.data(), shortened.size(), &len) == CIVISCORE_OK);
    BOOST_TEST(shortened == std::string("A\0B\0", 4));
    BOOST_TEST(len == 6u);
    BOOST_TEST(civiscore_dataset_unit_ids(d.get(), nullptr, 5, &len) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_dataset_unit_ids: buf is NULL"));
}

BOOST_AUTO_TEST_CASE(layouts_and_strides_give_the_same_scores) {
    auto m = load_model(mini_model_json);
    auto reference = all_scores(score(m.get(), nullptr, mini_dataset().get()).get());
    const size_t nc = mini_columns.size();

    // Column-major, dense, default unit ids "1", "2", "3".
    const auto cols = mini_cols();
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_from_matrix(cols.data(), 3, nc, CIVISCORE_COL_MAJOR, 0,
                                                        mini_column_ptrs, nullptr, &d) == CIVISCORE_OK,
                          civiscore_last_error_message());
    dataset_handle col_major(d);
    BOOST_TEST((unit_ids(col_major.get()) == std::vector<std::string>{"1", "2", "3"}));
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, col_major.get()).get()), reference));

    // Row-major with a stride of 10: three padding values (poison) after every row.
    std::vector<double> padded(3 * 10, -999.0);
    for (size_t i = 0; i < 3; ++i) std::copy_n(&mini_rows[i * nc], nc, &padded[i * 10]);
    d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_from_matrix(padded.data(), 3, nc, CIVISCORE_ROW_MAJOR, 10,
                                                        mini_column_ptrs, mini_unit_ptrs, &d) == CIVISCORE_OK,
                          civiscore_last_error_message());
    dataset_handle strided(d);
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, strided.get()).get()), reference));

    // Column-major with a stride of 5: two padding values after every column.
    std::vector<double> padded_cols(nc * 5, -999.0);
    for (size_t j = 0; j < nc; ++j) std::copy_n(&cols[j * 3], 3, &padded_cols[j * 5]);
    d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_from_matrix(padded_cols.data(), 3, nc, CIVISCORE_COL_MAJOR, 5,
                                                        mini_column_ptrs, mini_unit_ptrs, &d) == CIVISCORE_OK,
                          civiscore_last_error_message());
    dataset_handle strided_cols(d);
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, strided_cols.get()).get()), reference));
}

BOOST_AUTO_TEST_CASE(bad_matrix_arguments) {
    const size_t nc = mini_columns.size();
    civiscore_dataset* d = nullptr;
    BOOST_TEST(civiscore_dataset_from_matrix(mini_rows.data(), 3, nc, 2, 0, mini_column_ptrs, nullptr, &d) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "layout"));
    // A row-major stride shorter than a row would overlap rows.
    BOOST_TEST(civiscore_dataset_from_matrix(mini_rows.data(), 3, nc, CIVISCORE_ROW_MAJOR, 6, mini_column_ptrs,
                                             nullptr, &d) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "stride"));
    const char* dup_cols[] = {"a", "a"};
    const double two[] = {1, 2};
    BOOST_TEST(civiscore_dataset_from_matrix(two, 1, 2, CIVISCORE_ROW_MAJOR, 0, dup_cols, nullptr, &d) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "'a'"));
    const char* cols[] = {"a"};
    const char* dup_units[] = {"u", "u"};
    BOOST_TEST(civiscore_dataset_from_matrix(two, 2, 1, CIVISCORE_ROW_MAJOR, 0, cols, dup_units, &d) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "'u'"));
    BOOST_TEST(d == nullptr);
}

BOOST_AUTO_TEST_CASE(csv_from_memory) {
    // BOM, CRLF, a different column order, 是/否 and yes, NA and empty cells, an extra text column.
    const std::string csv =
        "\xEF\xBB\xBFunit_id,meetings,satisfaction,complaints,list_published,brand_projects,"
        "ledger_mismatch,ledger_missing,note\r\n"
        "A,3,80,-5,是,2,2,1,first\r\n"
        "B,5,95,-25,yes,3,0,0,\"second, quoted\"\r\n"
        "C,4,NA,,否,0,,NA,third\r\n";
    civiscore_dataset* d = nullptr;
    // Explicit length, without the NUL.
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_parse_csv(csv.data(), csv.size(), nullptr, &d) == CIVISCORE_OK,
                          civiscore_last_error_message());
    dataset_handle from_csv(d);
    BOOST_TEST((unit_ids(from_csv.get()) == std::vector<std::string>{"A", "B", "C"}));
    std::set<std::string> expected(mini_columns.begin(), mini_columns.end());
    expected.insert("note");
    BOOST_TEST((column_ids(from_csv.get()) == expected));

    // Same values as the matrix, so bit-identical scores; the text column is never read.
    auto m = load_model(mini_model_json);
    auto reference = all_scores(score(m.get(), nullptr, mini_dataset().get()).get());
    BOOST_TEST(same_bits(all_scores(score(m.get(), nullptr, from_csv.get()).get()), reference));
}

BOOST_AUTO_TEST_CASE(csv_with_another_id_column_and_errors) {
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE_MESSAGE(civiscore_dataset_parse_csv("code,x\nk1,1\nk2,2\n", static_cast<size_t>(-1), "code",
                                                      &d) == CIVISCORE_OK,
                          civiscore_last_error_message());
    dataset_handle h(d);
    BOOST_TEST((unit_ids(h.get()) == std::vector<std::string>{"k1", "k2"}));
    BOOST_TEST((column_ids(h.get()) == std::set<std::string>{"x"}));

    // Line 3 has one field too many.
    civiscore_dataset* bad = nullptr;
    BOOST_TEST(civiscore_dataset_parse_csv("unit_id,x\nA,1\nB,2,3\n", static_cast<size_t>(-1), nullptr, &bad) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), ":3"), civiscore_last_error_message());
    // No unit_id column.
    BOOST_TEST(civiscore_dataset_parse_csv("id,x\nA,1\n", static_cast<size_t>(-1), nullptr, &bad) ==
               CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "unit_id"), civiscore_last_error_message());
    BOOST_TEST(bad == nullptr);

    BOOST_TEST(civiscore_dataset_read_csv("/nonexistent-dir/data.csv", nullptr, &bad) == CIVISCORE_ERROR_IO);
    BOOST_TEST(contains(civiscore_last_error_message(), "/nonexistent-dir/data.csv"));
}

BOOST_AUTO_TEST_CASE(data_missing_a_model_column) {
    auto m = load_model(mini_model_json);
    const double v[] = {80};
    const char* cols[] = {"satisfaction"};
    civiscore_dataset* d = nullptr;
    BOOST_REQUIRE(civiscore_dataset_from_matrix(v, 1, 1, CIVISCORE_ROW_MAJOR, 0, cols, nullptr, &d) ==
                  CIVISCORE_OK);
    dataset_handle h(d);
    civiscore_result* r = nullptr;
    BOOST_TEST(civiscore_score(m.get(), nullptr, h.get(), 1, &r) == CIVISCORE_ERROR_DATA);
    BOOST_TEST(contains(civiscore_last_error_message(), "complaints"), civiscore_last_error_message());
    BOOST_TEST(r == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
