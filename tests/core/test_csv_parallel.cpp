// The chunked parallel CSV reader (src/io/csv_chunks.cpp): every thread count gives the same
// dataset, bit for bit, and the same first error; text with quotes falls back to the serial reader
// and gives the same dataset too. Expected values are computed independently in the generator.
#include <boost/test/unit_test.hpp>

#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using namespace civiscore;

namespace {

const int thread_counts[] = {1, 2, 3, 7};

dataset parse_with(const std::string& text, int n_threads, bool unique_ids = true) {
    csv_options o;
    o.n_threads = n_threads;
    o.unique_ids = unique_ids;
    return parse_csv(text, o, "gen.csv");
}

std::string data_error_message(const std::function<void()>& f) {
    try {
        f();
    } catch (const data_error& e) {
        return e.what();
    }
    BOOST_FAIL("expected a data_error");
    return {};
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

void require_identical(const dataset& a, const dataset& b) {
    BOOST_REQUIRE_EQUAL(a.source, b.source);
    BOOST_REQUIRE(a.unit_ids == b.unit_ids);
    BOOST_REQUIRE(a.unit_lines == b.unit_lines);
    BOOST_REQUIRE_EQUAL(a.columns.size(), b.columns.size());
    for (std::size_t j = 0; j < a.columns.size(); ++j) {
        const column& x = a.columns[j];
        const column& y = b.columns[j];
        BOOST_TEST_CONTEXT("column " << x.id) {
            BOOST_REQUIRE_EQUAL(x.id, y.id);
            BOOST_REQUIRE_EQUAL(x.numeric, y.numeric);
            BOOST_REQUIRE(same_bits(x.values, y.values));
            BOOST_REQUIRE(x.text == y.text);
            BOOST_REQUIRE_EQUAL(x.not_numeric_where, y.not_numeric_where);
        }
    }
}

// A file of `rows` units with what real files have: empty cells, negative numbers, exponents, a
// 17-digit number (beyond the fast path), a column that turns text near the end, CRLF and LF lines,
// blank lines (LF and CRLF) and a last line without a newline. The generator records what the
// reader must return.
struct generated {
    std::string text;
    std::vector<std::string> ids;
    std::vector<std::size_t> lines;
    std::vector<double> a, b, c;
    std::vector<std::string> note;
    std::size_t first_text_line = 0;  // where 'note' stops being numeric
};

generated generate(std::size_t rows) {
    generated g;
    g.text = "unit_id,a,b,c,note\n";
    std::size_t line = 2;
    for (std::size_t i = 0; i < rows; ++i) {
        if (i % 97 == 13) {  // a blank line, LF or CRLF
            g.text += i % 2 ? "\r\n" : "\n";
            ++line;
        }
        const std::string id = "U" + std::to_string(100000 + i);
        std::string a_cell, b_cell, c_cell, note_cell;
        // a: whole numbers, every tenth cell empty (missing).
        if (i % 10 == 3) {
            g.a.push_back(std::nan(""));
        } else {
            a_cell = std::to_string(i);
            g.a.push_back(static_cast<double>(i));
        }
        // b: negative quarters, exact in binary: -(k + 0.25).
        b_cell = "-" + std::to_string(i % 1000) + ".25";
        g.b.push_back(-(static_cast<double>(i % 1000) + 0.25));
        // c: exponents. k e3 = k * 1000 exactly; k e-2 is the double nearest k/100, which IEEE
        // division of the exact k by the exact 100 gives; every 250th cell has 17 significant
        // digits, which only the full algorithm reads (expected from strtod, correctly rounded).
        const std::size_t k = i % 50;
        if (i % 250 == 7) {
            c_cell = "0.12345678901234" + std::to_string(100 + i % 900);
            g.c.push_back(std::strtod(c_cell.c_str(), nullptr));
        } else if (i % 3 == 0) {
            c_cell = std::to_string(k) + "e-2";
            g.c.push_back(static_cast<double>(k) / 100.0);
        } else {
            c_cell = std::to_string(k) + "E3";
            g.c.push_back(static_cast<double>(k) * 1000.0);
        }
        // note: numbers until the last 40 rows, then words (and one padded cell, kept as is).
        if (i + 40 < rows) {
            note_cell = std::to_string(i % 7);
        } else {
            note_cell = i + 20 == rows ? "  padded " : "late " + std::to_string(i);
            if (g.first_text_line == 0)
                g.first_text_line = line;
        }
        g.note.push_back(note_cell);
        g.text += id + "," + a_cell + "," + b_cell + "," + c_cell + "," + note_cell;
        if (i + 1 < rows)
            g.text += i % 5 == 0 ? "\r\n" : "\n";
        g.ids.push_back(id);
        g.lines.push_back(line);
        ++line;
    }
    return g;
}

// The physical line of row `r` (0-based) of a generated file, and its text.
std::string line_text(const generated& g, std::size_t r) {
    return g.ids[r] + "," + (std::isnan(g.a[r]) ? "" : std::to_string(static_cast<long>(g.a[r])));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_parallel)

BOOST_AUTO_TEST_CASE(every_thread_count_reads_the_same_dataset) {
    const generated g = generate(4000);
    const dataset one = parse_with(g.text, 1);

    // Against the generator, independently of the reader.
    BOOST_REQUIRE(one.unit_ids == g.ids);
    BOOST_REQUIRE(one.unit_lines == g.lines);
    BOOST_REQUIRE_EQUAL(one.columns.size(), 4u);
    BOOST_REQUIRE(one.columns[0].numeric && one.columns[1].numeric && one.columns[2].numeric);
    BOOST_REQUIRE(same_bits(one.columns[0].values, g.a));
    BOOST_REQUIRE(same_bits(one.columns[1].values, g.b));
    BOOST_REQUIRE(same_bits(one.columns[2].values, g.c));
    const column& note = one.columns[3];
    BOOST_REQUIRE(!note.numeric);
    BOOST_REQUIRE(note.values.empty());
    BOOST_REQUIRE(note.text == g.note);
    // The first word is in field 5 of the first of the last 40 rows.
    BOOST_TEST(note.not_numeric_where ==
               "gen.csv:" + std::to_string(g.first_text_line) + ":5: 'late 3960'");

    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            require_identical(parse_with(g.text, t), one);
        }
    }
}

BOOST_AUTO_TEST_CASE(quoted_fields_fall_back_to_the_serial_reader_with_the_same_result) {
    const generated g = generate(3000);
    const dataset plain = parse_with(g.text, 3);
    // Quoting the first id (the quotes are not part of it) sends the whole file to the serial
    // record reader; the dataset must not change.
    std::string quoted = g.text;
    const std::size_t at = quoted.find(g.ids[0]);
    quoted.replace(at, g.ids[0].size(), "\"" + g.ids[0] + "\"");
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            require_identical(parse_with(quoted, t), plain);
        }
    }
    // A quoted cell with an embedded newline and a "" escape, near the end: every later line
    // number moves down by one, on every thread count.
    std::string multi = g.text;
    const std::size_t last_row = g.ids.size() - 1;
    const std::size_t id_at = multi.rfind(g.ids[last_row]);
    multi.replace(id_at, g.ids[last_row].size(), "\"two\nline \"\"id\"\"\"");
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            const dataset d = parse_with(multi, t);
            BOOST_TEST(d.unit_ids[last_row] == "two\nline \"id\"");
            BOOST_TEST(d.unit_lines[last_row] == g.lines[last_row]);
            BOOST_TEST(d.unit_ids[last_row - 1] == g.ids[last_row - 1]);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_error_in_the_last_rows_names_the_same_place_for_every_thread_count) {
    const generated g = generate(3000);
    const std::size_t r = g.ids.size() - 3;  // a row in the last chunk
    const std::string row_start = "\n" + line_text(g, r) + ",";

    // Wrong field count: a cell dropped from row r.
    std::string short_row = g.text;
    const std::size_t at = short_row.find(row_start);
    BOOST_REQUIRE(at != std::string::npos);
    const std::size_t comma = short_row.find(',', at + row_start.size());
    short_row.erase(comma, short_row.find_first_of(",\r\n", comma + 1) - comma);
    // Duplicate id: row r takes the id of row 1.
    std::string duplicate = g.text;
    duplicate.replace(duplicate.find(row_start) + 1, g.ids[r].size(), g.ids[1]);
    // Not a number: becomes text, and the column says where.
    std::string word = g.text;
    const std::size_t a_cell = word.find(row_start) + 1 + g.ids[r].size() + 1;
    word.insert(a_cell, "x");
    // Invalid UTF-8 (a lone continuation byte) after the id of row r.
    std::string bad_utf8 = g.text;
    bad_utf8.insert(bad_utf8.find(row_start) + 1 + g.ids[r].size(), "\x80");
    // Two ragged rows: the one earlier in the file wins, whichever chunk finishes first.
    std::string two_errors = short_row;
    const std::string early = "\n" + line_text(g, 2) + ",";
    two_errors.insert(two_errors.find(early) + early.size() - 1, ",9");

    const std::string line = std::to_string(g.lines[r]);
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            BOOST_TEST(data_error_message([&] { (void)parse_with(short_row, t); }) ==
                       "gen.csv:" + line + ": expected 5 fields, found 4");
            BOOST_TEST(data_error_message([&] { (void)parse_with(duplicate, t); }) ==
                       "gen.csv:" + line + ": duplicate unit id '" + g.ids[1] + "' (first on line " +
                           std::to_string(g.lines[1]) + ")");
            const dataset d = parse_with(word, t);
            BOOST_TEST(!d.columns[0].numeric);
            BOOST_TEST(d.columns[0].not_numeric_where ==
                       "gen.csv:" + line + ":2: 'x" + line_text(g, r).substr(g.ids[r].size() + 1) + "'");
            BOOST_TEST(d.columns[0].text.size() == g.ids.size());
            BOOST_TEST(d.columns[0].text[0] == "0");
            // The byte follows the 7-character id, so it is character 8 of its line.
            BOOST_TEST(data_error_message([&] { (void)parse_with(bad_utf8, t); }) ==
                       "gen.csv:" + line + ":8: invalid UTF-8 (byte 0x80); save the file as UTF-8, "
                       "or name its encoding (gbk, gb18030)");
            BOOST_TEST(data_error_message([&] { (void)parse_with(two_errors, t); }) ==
                       "gen.csv:" + std::to_string(g.lines[2]) + ": expected 5 fields, found 6");
            // With unique_ids off a repeated id is data, as in long files.
            BOOST_TEST(parse_with(duplicate, t, false).unit_ids[r] == g.ids[1]);
        }
    }
}

BOOST_AUTO_TEST_CASE(many_ids_are_checked_in_partitions_with_the_serial_message) {
    // Above the size where ids are checked by hash partitions in parallel.
    const std::size_t rows = 20000;
    std::string text = "unit_id,v\n";
    for (std::size_t i = 0; i < rows; ++i)
        text += "id" + std::to_string(i) + "," + std::to_string(i % 100) + "\n";
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            const dataset d = parse_with(text, t);
            BOOST_TEST(d.unit_count() == rows);
            BOOST_TEST(d.unit_ids[rows - 1] == "id19999");
            BOOST_TEST(d.columns[0].values[rows - 1] == 99.0);
            // Rows 19990 and 19999 (lines 19992 and 20001) both say id5: the first repeat in
            // file order is named, with the line of the first id5 (line 7).
            std::string dup = text;
            for (const char* victim : {"id19990,", "id19999,"})
                dup.replace(dup.find(std::string("\n") + victim) + 1, std::strlen(victim) - 1, "id5");
            BOOST_TEST(data_error_message([&] { (void)parse_with(dup, t); }) ==
                       "gen.csv:19992: duplicate unit id 'id5' (first on line 7)");
            // An empty id after a repeat: the repeat comes first in the file, so it is named.
            std::string empty = dup;
            empty.replace(empty.find("\nid19995,") + 1, 7, "  ");
            BOOST_TEST(data_error_message([&] { (void)parse_with(empty, t); }) ==
                       "gen.csv:19992: duplicate unit id 'id5' (first on line 7)");
            std::string only_empty = text;
            only_empty.replace(only_empty.find("\nid19995,") + 1, 7, "  ");
            BOOST_TEST(data_error_message([&] { (void)parse_with(only_empty, t); }) ==
                       "gen.csv:19997: empty unit id");
        }
    }
}

BOOST_AUTO_TEST_CASE(edge_lines_read_as_the_serial_reader_reads_them) {
    // A lone CR at the very end is a record (one empty field), not a blank line; a CR before a
    // comma is data; a CRLF blank line and an LF blank line are skipped. Padding makes the text
    // long enough to be cut into several chunks.
    std::string pad;
    for (int i = 0; i < 3000; ++i)
        pad += "p" + std::to_string(i) + ",1,2\n";
    const std::string text = "unit_id,a,b\n" + pad + "\r\n\nx,1\r,2\r\n";
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            const dataset d = parse_with(text, t);
            BOOST_TEST(d.unit_count() == 3001u);
            BOOST_TEST(d.unit_lines.back() == 3004u);  // header, 3000 rows, two blank lines
            BOOST_TEST(!d.columns[0].numeric);         // "1\r" is not a number
            BOOST_TEST(d.columns[0].text.back() == "1\r");
            BOOST_TEST(d.columns[0].not_numeric_where == "gen.csv:3004:2: '1\r'");
            BOOST_TEST(d.columns[1].values.back() == 2.0);
            BOOST_TEST(data_error_message([&] { (void)parse_with(text + "\r", t); }) ==
                       "gen.csv:3005: expected 3 fields, found 1");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_file_read_in_blocks_on_several_threads_is_the_same_text) {
    // Over 1 MiB, a file is read with pread in 1 MiB blocks on several threads.
    // About 1.7 MB for 60000 generated rows: two blocks and a partial third.
    const generated g = generate(60000);
    BOOST_REQUIRE_GT(g.text.size(), std::size_t{3} << 19);
    const auto path = std::filesystem::temp_directory_path() / "civiscore_test_csv_parallel.csv";
    {
        std::ofstream out(path, std::ios::binary);
        out << g.text;
    }
    csv_options o;
    o.n_threads = 1;
    const dataset expected = parse_csv(g.text, o, path.string());
    BOOST_REQUIRE(expected.unit_ids == g.ids);
    BOOST_REQUIRE(same_bits(expected.columns[2].values, g.c));
    for (int t : thread_counts) {
        BOOST_TEST_CONTEXT("n_threads " << t) {
            o.n_threads = t;
            require_identical(read_csv_file(path.string(), o), expected);
        }
    }
    std::filesystem::remove(path);
}

BOOST_AUTO_TEST_SUITE_END()
