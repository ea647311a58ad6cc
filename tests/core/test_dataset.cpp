// dataset_from_matrix, check_unit_ids and the dataset helpers.
#include <civiscore/data.hpp>
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace civiscore;

namespace {

const double nan_v = std::numeric_limits<double>::quiet_NaN();
const double inf_v = std::numeric_limits<double>::infinity();

// The message of the data_error `f` throws; fails the test if it throws nothing or something else.
std::string data_error_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const data_error& e) {
        return e.what();
    }
    BOOST_FAIL("expected a data_error");
    return {};
}

// CIVISCORE_THREADS set for one scope, then restored as it was.
struct scoped_env {
    std::string name;
    std::optional<std::string> before;
    scoped_env(const char* n, const char* value) : name(n) {
        if (const char* old = std::getenv(n)) before = old;
        ::setenv(n, value, 1);
    }
    ~scoped_env() { before ? (void)::setenv(name.c_str(), before->c_str(), 1) : (void)::unsetenv(name.c_str()); }
};

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Compares values with NaN == NaN, since NaN (missing) must survive the copy.
void check_column(const column& c, const std::vector<double>& expected) {
    BOOST_TEST(c.numeric);
    BOOST_REQUIRE_EQUAL(c.values.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (std::isnan(expected[i]))
            BOOST_TEST(std::isnan(c.values[i]), "value " << i << " of " << c.id << " not NaN");
        else
            BOOST_TEST(c.values[i] == expected[i], boost::test_tools::tolerance(1e-12));
    }
}

// 3 units x 2 columns: a = (1, 3, 5), b = (2, NaN, 6).
void check_three_by_two(const civiscore::dataset& d) {
    BOOST_REQUIRE_EQUAL(d.columns.size(), 2u);
    BOOST_TEST(d.columns[0].id == "a");
    BOOST_TEST(d.columns[1].id == "b");
    check_column(d.columns[0], {1, 3, 5});
    check_column(d.columns[1], {2, nan_v, 6});
    BOOST_TEST(d.unit_ids == (std::vector<std::string>{"u1", "u2", "u3"}));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dataset)

BOOST_AUTO_TEST_CASE(layouts_and_strides_give_the_same_dataset) {
    const std::vector<std::string> cols{"a", "b"};
    const std::vector<std::string> units{"u1", "u2", "u3"};
    const double row_major[] = {1, 2, 3, nan_v, 5, 6};
    const double col_major[] = {1, 3, 5, 2, nan_v, 6};
    // Padding cells (99, inf) must never be read: an inf there would throw.
    const double row_strided[] = {1, 2, 99, 3, nan_v, inf_v, 5, 6, 99};
    const double col_strided[] = {1, 3, 5, 99, 99, 2, nan_v, 6};

    check_three_by_two(
        dataset_from_matrix(row_major, 3, 2, matrix_layout::row_major, 0, cols, units));
    check_three_by_two(
        dataset_from_matrix(row_major, 3, 2, matrix_layout::row_major, 2, cols, units));
    check_three_by_two(
        dataset_from_matrix(col_major, 3, 2, matrix_layout::col_major, 0, cols, units));
    check_three_by_two(
        dataset_from_matrix(row_strided, 3, 2, matrix_layout::row_major, 3, cols, units));
    check_three_by_two(
        dataset_from_matrix(col_strided, 3, 2, matrix_layout::col_major, 5, cols, units));
}

BOOST_AUTO_TEST_CASE(default_unit_ids_are_one_based_rows) {
    const double v[] = {10, 20, 30};
    const auto d = dataset_from_matrix(v, 3, 1, matrix_layout::col_major, 0, {"x"}, {});
    BOOST_TEST(d.unit_ids == (std::vector<std::string>{"1", "2", "3"}));
    BOOST_TEST(d.unit_lines.empty());
    BOOST_TEST(d.source == "<memory>");
    BOOST_TEST(d.unit_count() == 3u);
    BOOST_TEST(d.describe_unit(1) == "unit '2'");
    check_column(d.columns[0], {10, 20, 30});
}

BOOST_AUTO_TEST_CASE(empty_matrix) {
    const auto d = dataset_from_matrix(nullptr, 0, 2, matrix_layout::row_major, 0, {"a", "b"}, {});
    BOOST_TEST(d.unit_count() == 0u);
    BOOST_REQUIRE_EQUAL(d.columns.size(), 2u);
    BOOST_TEST(d.columns[1].values.empty());
}

BOOST_AUTO_TEST_CASE(duplicate_and_empty_column_ids) {
    const double v[] = {1, 2, 3};
    const auto dup = data_error_message([&] {
        (void)dataset_from_matrix(v, 1, 3, matrix_layout::row_major, 0, {"a", "b", "a"}, {});
    });
    BOOST_TEST(contains(dup, "duplicate column id 'a' (columns 1 and 3)"), dup);
    const auto empty = data_error_message([&] {
        (void)dataset_from_matrix(v, 1, 3, matrix_layout::row_major, 0, {"a", "", "c"}, {});
    });
    BOOST_TEST(contains(empty, "column 2 has an empty id"), empty);
}

BOOST_AUTO_TEST_CASE(size_mismatches) {
    const double v[] = {1, 2, 3, 4};
    const auto cols = data_error_message(
        [&] { (void)dataset_from_matrix(v, 2, 2, matrix_layout::row_major, 0, {"a"}, {}); });
    BOOST_TEST(contains(cols, "1 column ids for 2 columns"), cols);
    const auto units = data_error_message([&] {
        (void)dataset_from_matrix(v, 2, 2, matrix_layout::row_major, 0, {"a", "b"}, {"x"});
    });
    BOOST_TEST(contains(units, "1 unit ids for 2 units"), units);
}

BOOST_AUTO_TEST_CASE(stride_too_small_is_an_argument_error) {
    const double v[] = {1, 2, 3, 4};
    BOOST_CHECK_THROW(
        (void)dataset_from_matrix(v, 2, 2, matrix_layout::row_major, 1, {"a", "b"}, {}),
        invalid_argument_error);
    BOOST_CHECK_THROW(
        (void)dataset_from_matrix(v, 2, 2, matrix_layout::col_major, 1, {"a", "b"}, {}),
        invalid_argument_error);
    BOOST_CHECK_THROW(
        (void)dataset_from_matrix(nullptr, 2, 2, matrix_layout::col_major, 0, {"a", "b"}, {}),
        invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(infinite_value_names_unit_and_column) {
    // Row-major 3 x 2; unit '7' is the third row, column I03 the second: index 2 * 2 + 1 = 5.
    const double v[] = {1, 2, 3, 4, 5, inf_v};
    const auto msg = data_error_message([&] {
        (void)dataset_from_matrix(v, 3, 2, matrix_layout::row_major, 0, {"I02", "I03"},
                                  {"5", "6", "7"});
    });
    BOOST_TEST(msg == "unit '7', column 'I03': value is infinite");
    const double w[] = {-inf_v};
    const auto neg = data_error_message(
        [&] { (void)dataset_from_matrix(w, 1, 1, matrix_layout::row_major, 0, {"x"}, {}); });
    BOOST_TEST(neg == "unit '1', column 'x': value is infinite");
}

// Many copy blocks (512 units each; threads from 2^16 values on), both layouts, padded strides:
// every value lands in its unit and column; an infinite value deep inside is named, whatever the
// thread count.
BOOST_AUTO_TEST_CASE(large_matrices_copy_every_value_to_its_place) {
    constexpr std::size_t n = 22000, m = 3;
    const auto value = [](std::size_t i, std::size_t j) { return i % 2 == 0 && j == 1 ? nan_v : i * 10.0 + j; };
    std::vector<double> rows(n * (m + 2)), cols((n + 5) * m);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) {
            rows[i * (m + 2) + j] = value(i, j);
            cols[j * (n + 5) + i] = value(i, j);
        }
    for (const char* threads : {"1", "2"}) {
        scoped_env env("CIVISCORE_THREADS", threads);
        for (const auto& d : {dataset_from_matrix(rows.data(), n, m, matrix_layout::row_major, m + 2,
                                                  {"a", "b", "c"}, {}),
                              dataset_from_matrix(cols.data(), n, m, matrix_layout::col_major, n + 5,
                                                  {"a", "b", "c"}, {})}) {
            BOOST_TEST_REQUIRE(d.unit_ids.size() == n);
            BOOST_TEST(d.unit_ids[n - 1] == "22000");
            std::size_t wrong = 0;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < m; ++j) {
                    const double got = d.columns[j].values[i], want = value(i, j);
                    wrong += std::isnan(want) ? !std::isnan(got) : got != want;
                }
            BOOST_TEST(wrong == 0u);
        }
        rows[21000 * (m + 2) + 2] = inf_v;
        const auto msg = data_error_message([&] {
            (void)dataset_from_matrix(rows.data(), n, m, matrix_layout::row_major, m + 2, {"a", "b", "c"}, {});
        });
        BOOST_TEST(msg == "unit '21001', column 'c': value is infinite");
        rows[21000 * (m + 2) + 2] = value(21000, 2);
    }
}

BOOST_AUTO_TEST_CASE(duplicate_unit_ids_from_arrays) {
    const double v[] = {1, 2, 3};
    const auto msg = data_error_message([&] {
        (void)dataset_from_matrix(v, 3, 1, matrix_layout::col_major, 0, {"x"}, {"A", "B", "A"});
    });
    BOOST_TEST(msg == "<memory>: unit at row 3: duplicate unit id 'A' (first on row 1)");
}

BOOST_AUTO_TEST_CASE(check_unit_ids_names_both_lines) {
    civiscore::dataset d;
    d.source = "communities.csv";
    d.unit_ids = {"A", "B", "A"};
    d.unit_lines = {5, 9, 12};
    const auto dup = data_error_message([&] { check_unit_ids(d); });
    BOOST_TEST(dup == "communities.csv:12: duplicate unit id 'A' (first on line 5)");

    d.unit_ids = {"A", "", "C"};
    const auto empty = data_error_message([&] { check_unit_ids(d); });
    BOOST_TEST(empty == "communities.csv:9: empty unit id");

    d.unit_lines.clear();
    d.source = "<memory>";
    const auto empty_row = data_error_message([&] { check_unit_ids(d); });
    BOOST_TEST(empty_row == "<memory>: unit at row 2: empty unit id");

    d.unit_ids = {"A", "B", "C"};
    BOOST_CHECK_NO_THROW(check_unit_ids(d));
}

// A NUL byte inside an id (a corrupt CSV cell, or C++ data) is refused and shown as \0: a C
// string would end at it, and the C ABI's civiscore_*_unit_ids separate ids by NUL. Serial and
// parallel checks (the latter from 16,384 ids) and the CSV reader say the same.
BOOST_AUTO_TEST_CASE(unit_id_with_a_nul_byte) {
    civiscore::dataset d;
    d.source = "<memory>";
    d.unit_ids = {"A", std::string("B\0C\0", 4), "A"};
    const auto serial = data_error_message([&] { check_unit_ids(d); });
    BOOST_TEST(serial == "<memory>: unit at row 2: unit id 'B\\0C\\0' contains a NUL character");
    d.unit_ids.clear();
    for (int i = 0; i < 20000; ++i) d.unit_ids.push_back("u" + std::to_string(i));
    d.unit_ids[15000] += std::string(1, '\0');
    const auto parallel = data_error_message([&] { check_unit_ids(d, 2); });
    BOOST_TEST(parallel == "<memory>: unit at row 15001: unit id 'u15000\\0' contains a NUL character");
    const auto csv = data_error_message([] {
        (void)parse_csv(std::string("unit_id,x\nA,1\nB") + '\0' + ",2\n", csv_options{});
    });
    BOOST_TEST(csv == "<memory>:3: unit id 'B\\0' contains a NUL character", csv);
}

BOOST_AUTO_TEST_CASE(find_column_and_describe_unit) {
    civiscore::dataset d;
    d.source = "file.csv";
    d.unit_ids = {"X", "Y"};
    d.unit_lines = {2, 12};
    d.columns.resize(3);
    d.columns[0].id = "I01";
    d.columns[1].id = "治理绩效";
    d.columns[2].id = "I03";
    BOOST_TEST(d.find_column("I01") == 0);
    BOOST_TEST(d.find_column("治理绩效") == 1);
    BOOST_TEST(d.find_column("I03") == 2);
    BOOST_TEST(d.find_column("I0") == -1);
    BOOST_TEST(d.find_column("") == -1);
    BOOST_TEST(d.describe_unit(1) == "unit 'Y' (file.csv:12)");
}

BOOST_AUTO_TEST_SUITE_END()
