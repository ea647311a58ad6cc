// Result accessors on the mini example, checked against hand-computed values, and the writers.
#include "test_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

using namespace capi_test;

namespace {

struct mini_run {
    model_handle model = load_model(mini_model_json);
    dataset_handle data = mini_dataset();
    result_handle result = score(model.get(), nullptr, data.get());
};

std::string write_all(const civiscore_result* r, int format) {
    size_t len = 0;
    BOOST_REQUIRE_MESSAGE(civiscore_result_write_string(r, format, nullptr, 0, &len) == CIVISCORE_OK,
                          civiscore_last_error_message());
    std::string out(len + 1, '\0');
    BOOST_REQUIRE(civiscore_result_write_string(r, format, out.data(), out.size(), nullptr) == CIVISCORE_OK);
    out.resize(len);
    return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(result, mini_run)

BOOST_AUTO_TEST_CASE(shape_and_ids) {
    BOOST_TEST(civiscore_result_unit_count(result.get()) == 3u);
    BOOST_TEST(civiscore_result_node_count(result.get()) == 9u);
    BOOST_TEST(std::string(civiscore_result_unit_id(result.get(), 0)) == "A");
    BOOST_TEST(std::string(civiscore_result_unit_id(result.get(), 2)) == "C");
    BOOST_TEST(civiscore_result_unit_id(result.get(), 3) == nullptr);
    BOOST_TEST(contains(civiscore_last_error_message(), "civiscore_result_unit_id"));
    size_t len = 0;
    BOOST_REQUIRE(civiscore_result_unit_ids(result.get(), nullptr, 0, &len) == CIVISCORE_OK);
    std::string all(len + 1, 'x');
    BOOST_REQUIRE(civiscore_result_unit_ids(result.get(), all.data(), all.size(), nullptr) == CIVISCORE_OK);
    BOOST_TEST(all == std::string("A\0B\0C\0\0", 7));
    BOOST_TEST(std::string(civiscore_result_model_sha256(result.get())) == civiscore_model_sha256(model.get()));
    BOOST_TEST(std::string(civiscore_result_fitted_sha256(result.get())).size() == 64u);
}

BOOST_AUTO_TEST_CASE(node_scores_match_the_hand_computation) {
    // One unit by hand (A, the root): satisfaction 0.75 x 30 = 22.5, complaints 0.5 x 20 = 10,
    // meetings 0.75 x 10 = 7.5, published 10, 2 projects 0.5 x 20 = 10, ledger 10 - 2 = 8:
    // 22.5 + 10 + 7.5 + 10 + 10 + 8 = 68.
    std::vector<double> v(3);
    BOOST_REQUIRE(civiscore_result_node_scores(result.get(), 0, v.data(), 3) == CIVISCORE_OK);
    BOOST_TEST(close(v[0], 22.5 + 10 + 7.5 + 10 + 10 + 8));
    for (size_t node = 0; node < 9; ++node) {
        BOOST_REQUIRE(civiscore_result_node_scores(result.get(), node, v.data(), 3) == CIVISCORE_OK);
        for (size_t unit = 0; unit < 3; ++unit) {
            BOOST_TEST(close(v[unit], mini_expected[unit][node]),
                       "unit " << unit << " node " << mini_node_ids[node] << ": " << v[unit] << " vs "
                               << mini_expected[unit][node]);
        }
    }
}

BOOST_AUTO_TEST_CASE(score_matrix_layouts) {
    const auto row = all_scores(result.get(), CIVISCORE_ROW_MAJOR);
    const auto col = all_scores(result.get(), CIVISCORE_COL_MAJOR);
    for (size_t i = 0; i < 3; ++i) {
        for (size_t j = 0; j < 9; ++j) {
            BOOST_TEST(close(row[i * 9 + j], mini_expected[i][j]), "row-major " << i << "," << j);
            BOOST_TEST(close(col[j * 3 + i], mini_expected[i][j]), "col-major " << i << "," << j);
        }
    }
    std::vector<double> out(27);
    BOOST_TEST(civiscore_result_scores(result.get(), 5, out.data(), out.size()) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "layout"));
}

BOOST_AUTO_TEST_CASE(coverage) {
    // C: satisfaction and complaints missing, meetings present: D1 = 10/60. D2: published and
    // projects present, both ledger counts missing: (10 + 20)/40 = 0.75. D1 ended missing
    // (1/6 < min_coverage 0.5) so it counts 0 at the root: (60 x 0 + 40 x 0.75)/100 = 0.3.
    const std::vector<double> c = {0.3, 1.0 / 6, 0, 0, 1, 0.75, 1, 1, 0};
    std::vector<double> v(3);
    for (size_t node = 0; node < 9; ++node) {
        BOOST_REQUIRE(civiscore_result_node_coverage(result.get(), node, v.data(), 3) == CIVISCORE_OK);
        BOOST_TEST(close(v[0], 1.0), "A node " << mini_node_ids[node]);
        BOOST_TEST(close(v[1], 1.0), "B node " << mini_node_ids[node]);
        BOOST_TEST(close(v[2], c[node]), "C node " << mini_node_ids[node] << ": " << v[2]);
    }
}

BOOST_AUTO_TEST_CASE(statuses_ranks_grades) {
    int st[3];
    BOOST_REQUIRE(civiscore_result_statuses(result.get(), st, 3) == CIVISCORE_OK);
    BOOST_TEST(st[0] == CIVISCORE_UNIT_OK);
    BOOST_TEST(st[1] == CIVISCORE_UNIT_OK);
    BOOST_TEST(st[2] == CIVISCORE_UNIT_PARTIAL);  // root coverage 0.3 < 1
    int64_t rk[3];
    BOOST_REQUIRE(civiscore_result_ranks(result.get(), rk, 3) == CIVISCORE_OK);
    // 68, 100, 0 -> B first, A second, C third.
    BOOST_TEST(rk[0] == 2);
    BOOST_TEST(rk[1] == 1);
    BOOST_TEST(rk[2] == 3);
    int gr[3];
    BOOST_REQUIRE(civiscore_result_grades(result.get(), gr, 3) == CIVISCORE_OK);
    BOOST_TEST(gr[0] == 2);  // 68: 合格 (>= 60, < 80)
    BOOST_TEST(gr[1] == 0);  // 100: 优秀
    BOOST_TEST(gr[2] == 3);  // 0: the catch-all 不合格
}

BOOST_AUTO_TEST_CASE(effective_weights) {
    // Points: D1 60 and D2 40 of 100; each indicator's effective weight is its points / 100.
    const double expected[] = {0.3, 0.2, 0.1, 0.1, 0.2, 0.1};
    std::vector<double> w(6);
    BOOST_REQUIRE(civiscore_result_effective_weights(result.get(), w.data(), w.size()) == CIVISCORE_OK);
    for (size_t i = 0; i < 6; ++i) BOOST_TEST(close(w[i], expected[i]), "indicator " << i);
    BOOST_TEST(close(std::accumulate(w.begin(), w.end(), 0.0), 1.0, 1e-12));
}

BOOST_AUTO_TEST_CASE(buffer_size_mismatch) {
    std::vector<double> d(30);
    std::vector<int> i(4);
    std::vector<int64_t> r(4);
    BOOST_TEST(civiscore_result_node_scores(result.get(), 0, d.data(), 2) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "n is 2 but 3"), civiscore_last_error_message());
    BOOST_TEST(civiscore_result_node_scores(result.get(), 0, d.data(), 4) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_result_node_scores(result.get(), 9, d.data(), 3) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "node index 9"));
    BOOST_TEST(civiscore_result_node_coverage(result.get(), 0, d.data(), 1) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_result_scores(result.get(), CIVISCORE_ROW_MAJOR, d.data(), 26) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "n is 26 but 27"), civiscore_last_error_message());
    BOOST_TEST(civiscore_result_statuses(result.get(), i.data(), 4) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_result_ranks(result.get(), r.data(), 2) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_result_grades(result.get(), i.data(), 0) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    // Effective weights are per indicator (6), not per input column (7) or node (9).
    BOOST_TEST(civiscore_result_effective_weights(result.get(), d.data(), 7) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "n is 7 but 6"), civiscore_last_error_message());
    // Nothing was written by the failed calls.
    BOOST_TEST(d[0] == 0.0);
}

BOOST_AUTO_TEST_CASE(write_string_snprintf_semantics) {
    const std::string full = write_all(result.get(), CIVISCORE_FORMAT_JSON);
    BOOST_REQUIRE(full.size() > 10);
    BOOST_TEST(contains(full.c_str(), civiscore_model_sha256(model.get())));

    // cap 0 with a buffer: nothing written, length reported.
    char guard_byte = 'x';
    size_t len = 0;
    BOOST_REQUIRE(civiscore_result_write_string(result.get(), CIVISCORE_FORMAT_JSON, &guard_byte, 0, &len) ==
                  CIVISCORE_OK);
    BOOST_TEST(guard_byte == 'x');
    BOOST_TEST(len == full.size());

    // A small cap truncates to cap - 1 bytes and terminates.
    std::vector<char> small(8, 'x');
    BOOST_REQUIRE(civiscore_result_write_string(result.get(), CIVISCORE_FORMAT_JSON, small.data(), 5, &len) ==
                  CIVISCORE_OK);
    BOOST_TEST(len == full.size());
    BOOST_TEST(std::string(small.data()) == full.substr(0, 4));
    BOOST_TEST(small[5] == 'x');  // nothing beyond cap

    // Exact cap (length + 1) holds everything.
    std::vector<char> exact(full.size() + 1, 'x');
    BOOST_REQUIRE(civiscore_result_write_string(result.get(), CIVISCORE_FORMAT_JSON, exact.data(), exact.size(),
                                                &len) == CIVISCORE_OK);
    BOOST_TEST(std::string(exact.data()) == full);
    // cap == length: one byte short, so the last character gives way to the NUL.
    BOOST_REQUIRE(civiscore_result_write_string(result.get(), CIVISCORE_FORMAT_JSON, exact.data(), full.size(),
                                                &len) == CIVISCORE_OK);
    BOOST_TEST(std::string(exact.data()) == full.substr(0, full.size() - 1));
    // cap 1: just the NUL.
    BOOST_REQUIRE(civiscore_result_write_string(result.get(), CIVISCORE_FORMAT_JSON, exact.data(), 1, &len) ==
                  CIVISCORE_OK);
    BOOST_TEST(exact[0] == '\0');

    BOOST_TEST(civiscore_result_write_string(result.get(), 3, nullptr, 0, &len) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(contains(civiscore_last_error_message(), "format"));
}

BOOST_AUTO_TEST_CASE(csv_and_table_formats) {
    const std::string csv = write_all(result.get(), CIVISCORE_FORMAT_CSV);
    BOOST_TEST(contains(csv.c_str(), "A"));
    BOOST_TEST(contains(csv.c_str(), "ledger"));
    const std::string table = write_all(result.get(), CIVISCORE_FORMAT_TABLE);
    BOOST_TEST(!table.empty());
    BOOST_TEST(table != csv);
}

BOOST_AUTO_TEST_CASE(write_file_matches_write_string) {
    const std::string path = "capi_test_result.csv";
    BOOST_REQUIRE_MESSAGE(civiscore_result_write_file(result.get(), CIVISCORE_FORMAT_CSV, path.c_str()) ==
                              CIVISCORE_OK,
                          civiscore_last_error_message());
    std::ifstream in(path, std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    in.close();
    std::remove(path.c_str());
    BOOST_TEST(text == write_all(result.get(), CIVISCORE_FORMAT_CSV));

    BOOST_TEST(civiscore_result_write_file(result.get(), CIVISCORE_FORMAT_CSV, "/nonexistent-dir/out.csv") ==
               CIVISCORE_ERROR_IO);
    BOOST_TEST(contains(civiscore_last_error_message(), "/nonexistent-dir/out.csv"));
}

BOOST_AUTO_TEST_SUITE_END()
