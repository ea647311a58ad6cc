// The CSV reader: RFC 4180 details, missing values, text columns, and error positions.
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <boost/test/unit_test.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace civiscore;

namespace {

const double nan_v = std::numeric_limits<double>::quiet_NaN();

std::string data_error_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const data_error& e) {
        return e.what();
    }
    BOOST_FAIL("expected a data_error");
    return {};
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

civiscore::dataset parse(std::string_view text, std::string id_column = "unit_id") {
    csv_options o;
    o.id_column = std::move(id_column);
    return parse_csv(text, o);
}

const column& col(const civiscore::dataset& d, std::string_view id) {
    const int j = d.find_column(id);
    BOOST_REQUIRE_MESSAGE(j >= 0, "no column " << id);
    return d.columns[static_cast<std::size_t>(j)];
}

// NaN == NaN here: missing must stay missing.
void check_values(const column& c, const std::vector<double>& expected) {
    BOOST_TEST_REQUIRE(c.numeric, c.id << " is not numeric: " << c.not_numeric_where);
    BOOST_REQUIRE_EQUAL(c.values.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        if (std::isnan(expected[i]))
            BOOST_TEST(std::isnan(c.values[i]), c.id << "[" << i << "] = " << c.values[i]);
        else
            BOOST_TEST(c.values[i] == expected[i], boost::test_tools::tolerance(1e-12));
    }
}

using strings = std::vector<std::string>;
using lines = std::vector<std::size_t>;

}  // namespace

BOOST_AUTO_TEST_SUITE(csv)

BOOST_AUTO_TEST_CASE(bom_and_crlf) {
    const auto d = parse("\xEF\xBB\xBFunit_id,a,b\r\nA,1,2.5\r\nB,3,-4e2\r\n");
    BOOST_TEST(d.unit_ids == (strings{"A", "B"}));
    BOOST_TEST(d.unit_lines == (lines{2, 3}));
    BOOST_REQUIRE_EQUAL(d.columns.size(), 2u);
    BOOST_TEST(d.columns[0].id == "a");
    check_values(d.columns[0], {1, 3});
    check_values(d.columns[1], {2.5, -400});  // -4e2 = -400
    BOOST_TEST(d.source == "<memory>");
}

BOOST_AUTO_TEST_CASE(quoted_fields_with_commas_quotes_and_newlines) {
    const auto d = parse(
        "unit_id,name,x\n"
        "\"A, Inc\",\"He said \"\"hi\"\"\",1\n"
        "B,\"line1\nline2\",\"2\"\n"
        "C,plain,3\n");
    BOOST_TEST(d.unit_ids == (strings{"A, Inc", "B", "C"}));
    // B's record spans lines 3 and 4, so C is on line 5.
    BOOST_TEST(d.unit_lines == (lines{2, 3, 5}));
    const column& name = col(d, "name");
    BOOST_TEST(!name.numeric);
    BOOST_TEST(name.values.empty());
    BOOST_TEST(name.text == (strings{"He said \"hi\"", "line1\nline2", "plain"}));
    BOOST_TEST(name.not_numeric_where == "<memory>:2:2: 'He said \"hi\"'");
    check_values(col(d, "x"), {1, 2, 3});
}

BOOST_AUTO_TEST_CASE(crlf_inside_quotes_counts_lines) {
    const auto d = parse("unit_id,note\r\nA,\"a\r\nb\r\nc\"\r\nB,d\r\n");
    BOOST_TEST(d.unit_lines == (lines{2, 5}));
    BOOST_TEST(col(d, "note").text == (strings{"a\r\nb\r\nc", "d"}));
}

BOOST_AUTO_TEST_CASE(empty_cells_and_na_are_missing) {
    const auto d = parse("unit_id,a,b\nA,,1\nB,NA,\"\"\nC,n/a,2\nD, nan ,3\nE,7,N/A\n");
    check_values(col(d, "a"), {nan_v, nan_v, nan_v, nan_v, 7});
    check_values(col(d, "b"), {1, nan_v, 2, 3, nan_v});
}

BOOST_AUTO_TEST_CASE(chinese_ids_and_column_names_round_trip) {
    csv_options o;
    o.id_column = "社区";
    const auto d = parse_csv("社区,得分,备注\n鼓楼街道,85.5,好\n玄武区 ,是,否\n", o, "三社.csv");
    BOOST_TEST(d.unit_ids == (strings{"鼓楼街道", "玄武区"}));
    BOOST_REQUIRE_EQUAL(d.columns.size(), 2u);
    BOOST_TEST(d.columns[0].id == "得分");
    BOOST_TEST(d.columns[1].id == "备注");
    check_values(d.columns[0], {85.5, 1});
    BOOST_TEST(d.columns[1].text == (strings{"好", "否"}));
    BOOST_TEST(d.columns[1].not_numeric_where == "三社.csv:2:3: '好'");
    BOOST_TEST(d.describe_unit(1) == "unit '玄武区' (三社.csv:3)");
}

BOOST_AUTO_TEST_CASE(booleans) {
    const auto d = parse("unit_id,b\nA,TRUE\nB,false\nC,Yes\nD,no\nE,是\nF,否\n");
    check_values(col(d, "b"), {1, 0, 1, 0, 1, 0});
}

BOOST_AUTO_TEST_CASE(id_column_named_differently) {
    const auto d = parse("name,code,x\nAlpha,c1,1\nBeta,c2,2\n", "code");
    BOOST_TEST(d.unit_ids == (strings{"c1", "c2"}));
    BOOST_REQUIRE_EQUAL(d.columns.size(), 2u);
    BOOST_TEST(d.columns[0].id == "name");
    BOOST_TEST(d.columns[1].id == "x");
    BOOST_TEST(d.find_column("code") == -1);
}

BOOST_AUTO_TEST_CASE(missing_id_column) {
    const auto msg = data_error_message([] { (void)parse("id,a,b\n1,2,3\n"); });
    BOOST_TEST(msg == "<memory>:1: no unit-id column 'unit_id' (columns: id, a, b)");
}

BOOST_AUTO_TEST_CASE(duplicate_unit_ids_name_both_lines) {
    csv_options o;
    // The blank line 4 is skipped but still counted.
    const auto msg = data_error_message(
        [&] { (void)parse_csv("unit_id,a\nA,1\nB,2\n\nA,3\n", o, "communities.csv"); });
    BOOST_TEST(msg == "communities.csv:5: duplicate unit id 'A' (first on line 2)");
}

BOOST_AUTO_TEST_CASE(empty_unit_id) {
    const auto msg = data_error_message([] { (void)parse("unit_id,a\nA,1\n  ,2\n"); });
    BOOST_TEST(msg == "<memory>:3: empty unit id");
}

BOOST_AUTO_TEST_CASE(duplicate_header_names) {
    const auto msg = data_error_message([] { (void)parse("unit_id,a,b, a \nX,1,2,3\n"); });
    BOOST_TEST(msg == "<memory>:1: duplicate column name 'a' (columns 2 and 4)");
}

BOOST_AUTO_TEST_CASE(header_names_and_ids_trimmed) {
    const auto d = parse(" unit_id , a \n  A  , 1 \n");
    BOOST_TEST(d.unit_ids == (strings{"A"}));
    BOOST_TEST(d.columns[0].id == "a");
    check_values(d.columns[0], {1});
}

BOOST_AUTO_TEST_CASE(ragged_row_names_its_line) {
    const auto short_row = data_error_message([] { (void)parse("unit_id,a,b\nA,1,2\nB,1\n"); });
    BOOST_TEST(short_row == "<memory>:3: expected 3 fields, found 2");
    const auto long_row =
        data_error_message([] { (void)parse("unit_id,a\r\nA,1\r\n\r\nB,1,\r\n"); });
    BOOST_TEST(long_row == "<memory>:4: expected 2 fields, found 3");
}

BOOST_AUTO_TEST_CASE(unterminated_quote_names_where_it_opened) {
    // The quote is the third character of line 3; the text after it runs to the end.
    const auto msg = data_error_message([] { (void)parse("unit_id,a\nA,1\nB,\"abc\nC,2\n"); });
    BOOST_TEST(contains(msg, "<memory>:3:3: unterminated quoted field"), msg);
    // Columns count characters, not bytes: "社区" is two characters.
    const auto wide = data_error_message([] { (void)parse("unit_id,a\n社区,\"x\n", "unit_id"); });
    BOOST_TEST(contains(wide, "<memory>:2:4: unterminated"), wide);
}

BOOST_AUTO_TEST_CASE(text_after_closing_quote) {
    const auto msg = data_error_message([] { (void)parse("unit_id,a\nA,\"1\"x\n"); });
    BOOST_TEST(contains(msg, "<memory>:2:6: unexpected text after a closing quote"), msg);
}

BOOST_AUTO_TEST_CASE(text_column_found_late_keeps_every_cell) {
    const auto d = parse("unit_id,a,b,c\nA,1,x1,5\nB,2,3,6\nC,oops,4,7\nD,\"9\",5,8\n");
    const column& a = col(d, "a");
    BOOST_TEST(!a.numeric);
    BOOST_TEST(a.values.empty());
    BOOST_TEST(a.text == (strings{"1", "2", "oops", "9"}));
    BOOST_TEST(a.not_numeric_where == "<memory>:4:2: 'oops'");
    const column& b = col(d, "b");
    BOOST_TEST(!b.numeric);
    BOOST_TEST(b.text == (strings{"x1", "3", "4", "5"}));
    BOOST_TEST(b.not_numeric_where == "<memory>:2:3: 'x1'");
    check_values(col(d, "c"), {5, 6, 7, 8});
}

BOOST_AUTO_TEST_CASE(extra_columns_kept_in_order) {
    const auto d = parse("region,unit_id,I01,comment,I02,year\nN,A,1,ok,2,2023\n");
    BOOST_REQUIRE_EQUAL(d.columns.size(), 5u);
    const strings expected{"region", "I01", "comment", "I02", "year"};
    for (std::size_t j = 0; j < expected.size(); ++j)
        BOOST_TEST(d.columns[j].id == expected[j]);
    check_values(col(d, "year"), {2023});
    BOOST_TEST(col(d, "region").text == (strings{"N"}));
}

BOOST_AUTO_TEST_CASE(no_trailing_newline_and_trailing_blank_lines) {
    const auto d = parse("unit_id,a\nA,1\nB,2");
    BOOST_TEST(d.unit_ids == (strings{"A", "B"}));
    check_values(col(d, "a"), {1, 2});
    const auto e = parse("unit_id,a\r\nA,1\r\nB,2\r\n\r\n\n");
    BOOST_TEST(e.unit_ids == (strings{"A", "B"}));
    check_values(col(e, "a"), {1, 2});
    const auto quoted_last = parse("unit_id,a\nA,\"1\"");
    check_values(col(quoted_last, "a"), {1});
}

BOOST_AUTO_TEST_CASE(empty_input) {
    const auto msg = data_error_message([] { (void)parse(""); });
    BOOST_TEST(contains(msg, "<memory>:1: empty file"), msg);
    const auto only_header = parse("unit_id,a\n");
    BOOST_TEST(only_header.unit_count() == 0u);
    BOOST_TEST(only_header.columns.size() == 1u);
}

BOOST_AUTO_TEST_CASE(parse_cell_accepts_numbers_missing_and_booleans) {
    double v = -1;
    BOOST_TEST(parse_cell("+1.5", v));
    BOOST_TEST(v == 1.5);
    BOOST_TEST(parse_cell(" 2 ", v));
    BOOST_TEST(v == 2.0);
    BOOST_TEST(parse_cell("1E+2", v));
    BOOST_TEST(v == 100.0);
    BOOST_TEST(parse_cell("-.25", v));
    BOOST_TEST(v == -0.25);
    BOOST_TEST(parse_cell("1e-3", v));
    BOOST_TEST(v == 0.001, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(parse_cell("1e-999", v));  // underflow rounds to zero
    BOOST_TEST(v == 0.0);
    for (const char* m : {"", "  ", "NA", "na", "N/A", "NaN", "nan"}) {
        v = 0;
        BOOST_TEST(parse_cell(m, v), "'" << m << "'");
        BOOST_TEST(std::isnan(v), "'" << m << "'");
    }
    BOOST_TEST(parse_cell("False", v));
    BOOST_TEST(v == 0.0);
    BOOST_TEST(parse_cell("YES", v));
    BOOST_TEST(v == 1.0);
}

BOOST_AUTO_TEST_CASE(parse_cell_rejects_non_numbers) {
    for (const char* bad : {"inf", "-inf", "Infinity", "1e999", "-1e999", "12abc", "1,5", "-", "+",
                            ".", "+-1", "0x10", "1e", "abc", "1 2", "null"}) {
        double v = 42;
        BOOST_TEST(!parse_cell(bad, v), "'" << bad << "'");
        BOOST_TEST(v == 42.0, "'" << bad << "' wrote " << v);
    }
}

BOOST_AUTO_TEST_CASE(parse_cell_rounds_like_from_chars) {
    // parse_cell takes a shortcut for short decimals; std::from_chars (correctly rounded) is the
    // reference, so both must give the same bits for every string.
    std::mt19937_64 rng(20240531);
    std::size_t mismatches = 0;
    for (int k = 0; k < 200000; ++k) {
        std::string s;
        if (rng() % 2)
            s += '-';
        const int n_digits = 1 + static_cast<int>(rng() % 18);
        const int point = static_cast<int>(rng() % static_cast<std::uint64_t>(n_digits + 1));
        for (int i = 0; i < n_digits; ++i) {
            if (i == point && i > 0)
                s += '.';
            s += static_cast<char>('0' + rng() % 10);
        }
        if (rng() % 3 == 0)
            s += "e" + std::to_string(static_cast<int>(rng() % 61) - 30);
        double expected = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), expected);
        if (ec != std::errc{} || ptr != s.data() + s.size())
            continue;  // out of range: not this test
        double got = 0;
        if (!parse_cell(s, got) || std::memcmp(&got, &expected, sizeof got) != 0) {
            if (++mismatches < 5)
                BOOST_TEST_MESSAGE("'" << s << "': " << std::setprecision(17) << got << " vs "
                                       << expected);
        }
    }
    BOOST_TEST(mismatches == 0u);
}

BOOST_AUTO_TEST_CASE(many_rows_read_exactly) {
    // Row i: unit "u<i>", a = i, b = i / 4 (exact in binary), c missing when i is a multiple of 7.
    std::string text = "unit_id,a,b,c\n";
    const std::size_t n = 20000;
    for (std::size_t i = 0; i < n; ++i) {
        text += "u" + std::to_string(i) + "," + std::to_string(i) + "," +
                std::to_string(static_cast<double>(i) / 4) + "," + (i % 7 == 0 ? "" : "1") + "\n";
    }
    const auto d = parse(text);
    BOOST_REQUIRE_EQUAL(d.unit_count(), n);
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (d.columns[0].values[i] != static_cast<double>(i))
            ++wrong;
        if (d.columns[1].values[i] != static_cast<double>(i) / 4)
            ++wrong;
        if (std::isnan(d.columns[2].values[i]) != (i % 7 == 0))
            ++wrong;
        if (d.unit_lines[i] != i + 2)
            ++wrong;
    }
    BOOST_TEST(wrong == 0u);
    BOOST_TEST(d.unit_ids[n - 1] == "u19999");
}

BOOST_AUTO_TEST_CASE(read_file_and_missing_file) {
    char name[] = "/tmp/civiscore_csv_XXXXXX";
    const int fd = mkstemp(name);
    BOOST_REQUIRE(fd >= 0);
    close(fd);
    const std::string path = name;
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBFunit_id,x\r\nA,1\r\nB,x\r\n";
    }
    const auto d = read_csv_file(path, csv_options{});
    BOOST_TEST(d.source == path);
    BOOST_TEST(d.unit_ids == (strings{"A", "B"}));
    BOOST_TEST(col(d, "x").not_numeric_where == path + ":3:2: 'x'");
    std::remove(path.c_str());

    try {
        (void)read_csv_file(path, csv_options{});
        BOOST_FAIL("expected an io_error");
    } catch (const io_error& e) {
        BOOST_TEST(std::string(e.what()) ==
                   "cannot open '" + path + "': No such file or directory");
    }
    BOOST_CHECK_THROW((void)read_csv_file("/tmp", csv_options{}), io_error);
}

BOOST_AUTO_TEST_SUITE_END()
