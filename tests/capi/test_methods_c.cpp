// The stand-alone methods through the C ABI: layouts, snprintf-style reports, and errors that name
// the option, method or cell. Numbers themselves are checked in tests/methods and tests/python.
#include "civiscore.h"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <string>

BOOST_AUTO_TEST_SUITE(methods_c)

BOOST_AUTO_TEST_CASE(normalize_both_layouts) {
    // Columns (2, 4, 6, 10) and (1, 1, 1, 1): min-max on [0, 100] -> 0, 25, 50, 100 and the
    // constant-column midpoint 50.
    const double row_major[] = {2, 1, 4, 1, 6, 1, 10, 1};
    const double col_major[] = {2, 4, 6, 10, 1, 1, 1, 1};
    double out[8];
    BOOST_REQUIRE_EQUAL(civiscore_methods_normalize("min_max", row_major, 4, 2, CIVISCORE_ROW_MAJOR, nullptr,
                                                    R"({"lo": 0, "hi": 100})", out, 8),
                        CIVISCORE_OK);
    const double want_row[] = {0, 50, 25, 50, 50, 50, 100, 50};
    for (int i = 0; i < 8; ++i) BOOST_TEST(std::abs(out[i] - want_row[i]) <= 1e-12);
    BOOST_REQUIRE_EQUAL(civiscore_methods_normalize("min_max", col_major, 4, 2, CIVISCORE_COL_MAJOR, nullptr,
                                                    R"({"lo": 0, "hi": 100})", out, 8),
                        CIVISCORE_OK);
    const double want_col[] = {0, 25, 50, 100, 50, 50, 50, 50};
    for (int i = 0; i < 8; ++i) BOOST_TEST(std::abs(out[i] - want_col[i]) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(weights_report_length_protocol) {
    const double X[] = {1, 2, 2, 3, 3, 4};
    double w[2];
    std::size_t len = 0;
    BOOST_REQUIRE_EQUAL(civiscore_methods_weights("combined_game_theory", X, 3, 2, CIVISCORE_ROW_MAJOR, nullptr,
                                                  R"({"weights": [[0.2, 0.8], [0.6, 0.4]]})", w, 2, nullptr, 0, &len),
                        CIVISCORE_OK);
    BOOST_TEST(len > 0u);
    std::string buf(len + 1, '\0');
    BOOST_REQUIRE_EQUAL(civiscore_methods_weights("combined_game_theory", X, 3, 2, CIVISCORE_ROW_MAJOR, nullptr,
                                                  R"({"weights": [[0.2, 0.8], [0.6, 0.4]]})", w, 2, buf.data(),
                                                  buf.size(), &len),
                        CIVISCORE_OK);
    BOOST_TEST(buf.find("\"alpha\"") != std::string::npos);
    // alpha* = (0.78, 0.34) / 1.12, w = (0.321429, 0.678571) (see tests/methods/test_weights.cpp).
    BOOST_TEST(std::abs(w[0] - 0.321429) <= 1e-6);
}

BOOST_AUTO_TEST_CASE(rank_ahp_aggregate) {
    // VIKOR on Opricovic & Tzeng 2004: Q = (1, 0, 1), ranks 2, 1, 2, compromise {1}.
    const double X[] = {1, 3000, 2, 3750, 5, 4500};
    const double w[] = {0.5, 0.5};
    const int types[] = {-1, 1};
    double scores[3];
    std::int64_t ranks[3];
    char extra[512];
    BOOST_REQUIRE_EQUAL(civiscore_methods_rank("vikor", X, 3, 2, CIVISCORE_ROW_MAJOR, w, types, nullptr, scores, ranks,
                                               3, extra, sizeof extra, nullptr),
                        CIVISCORE_OK);
    BOOST_TEST(ranks[0] == 2);
    BOOST_TEST(ranks[1] == 1);
    BOOST_TEST(std::string(extra).find("\"compromise\":[1]") != std::string::npos);
    // AHP of [[1, 3], [1/3, 1]]: 0.75, 0.25.
    const double A[] = {1, 3, 1.0 / 3, 1};
    double p[2];
    BOOST_REQUIRE_EQUAL(civiscore_methods_ahp(A, 1, 2, "", p, 2, nullptr, 0, nullptr), CIVISCORE_OK);
    BOOST_TEST(std::abs(p[0] - 0.75) <= 1e-12);
    // Geometric mean of 1, 2, 3 with weights 1, 1, 2: 2.0597671439071177 (COINr).
    const double x[] = {1, 2, 3}, xw[] = {1, 1, 2};
    double m = 0;
    BOOST_REQUIRE_EQUAL(civiscore_methods_aggregate("geometric", x, xw, 3, nullptr, &m), CIVISCORE_OK);
    BOOST_TEST(std::abs(m - 2.0597671439071177) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(errors_name_key_method_and_cell) {
    const double X[] = {1, 2, NAN, 3};
    const double w[] = {0.5, 0.5};
    double scores[2] = {-7, -7};
    std::int64_t ranks[2];
    BOOST_TEST(civiscore_methods_rank("topsis", X, 2, 2, CIVISCORE_ROW_MAJOR, w, nullptr, R"({"normalization": "vector"})",
                                      scores, ranks, 2, nullptr, 0, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("unknown option 'normalization'") != std::string::npos);
    BOOST_TEST(civiscore_methods_rank("topsis", X, 2, 2, CIVISCORE_ROW_MAJOR, w, nullptr, nullptr, scores, ranks, 2,
                                      nullptr, 0, nullptr) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("row 1, column 0") != std::string::npos);
    BOOST_TEST(scores[0] == -7.0);  // outputs untouched on failure
    double out[4];
    BOOST_TEST(civiscore_methods_normalize("nope", X, 2, 2, CIVISCORE_ROW_MAJOR, nullptr, nullptr, out, 4) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("unknown normalisation method 'nope'") != std::string::npos);
    BOOST_TEST(civiscore_methods_normalize("min_max", X, 2, 2, 7, nullptr, nullptr, out, 4) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_methods_normalize("min_max", X, 2, 2, CIVISCORE_ROW_MAJOR, nullptr, "[1]", out, 4) ==
               CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(civiscore_methods_aggregate(nullptr, X, nullptr, 2, nullptr, out) == CIVISCORE_ERROR_INVALID_ARGUMENT);
    BOOST_TEST(std::string(civiscore_last_error_message()).find("method is NULL") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
