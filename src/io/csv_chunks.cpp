// The chunked CSV reader: data rows without any '"' are lines, so the text can be cut at line starts
// and the pieces parsed on several threads. A first pass over each chunk counts its lines and
// records (and checks UTF-8 and looks for quotes); from those counts every chunk knows the physical
// line and the dataset row of its first record, so the second pass writes numbers straight into the
// final columns and formats errors with their real line numbers. Errors are thrown per chunk and
// parallel_for_blocks rethrows the one of the lowest chunk, which is the first in file order.
#include "io/csv_detail.hpp"

#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include "util/parallel.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace csv_detail {

namespace {

// A chunk smaller than this costs more in thread hand-off than it saves.
constexpr std::size_t min_chunk_bytes = 16 * 1024;
// A few chunks per thread even out lines of uneven length and cores shared with other work.
constexpr std::size_t chunks_per_thread = 4;

struct chunk {
    std::size_t begin = 0;  // byte offset of a line start
    std::size_t end = 0;    // one past its last '\n' (or the end of the text)
    // First pass.
    std::size_t bad_utf8 = std::string_view::npos;
    bool has_quote = false;
    std::size_t lines = 0;    // '\n' in the chunk
    std::size_t records = 0;  // non-blank lines
    // Known before the second pass.
    std::size_t first_line = 0;  // physical line of `begin`
    std::size_t first_row = 0;   // dataset row of its first record
};

// Cuts [from, text.size()) into about `wanted` pieces, each starting at a line start.
std::vector<chunk> cut(std::string_view text, std::size_t from, std::size_t wanted) {
    std::vector<chunk> out;
    const std::size_t n = text.size();
    const std::size_t step = (n - from) / wanted + 1;
    std::size_t begin = from;
    while (begin < n) {
        std::size_t end = n;
        if (n - begin > step) {
            const void* nl = std::memchr(text.data() + begin + step, '\n', n - begin - step);
            end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1 : n;
        }
        chunk c;
        c.begin = begin;
        c.end = end;
        out.push_back(c);
        begin = end;
    }
    return out;
}

// Walks the lines of [begin, end) as the serial record reader does: a line is blank (skipped) when
// it is empty or a lone CR before its '\n'; a last line without '\n' is a record even if it is "\r".
// fn(line_index_in_chunk, first, last_before_newline) is called for every record and returns false
// to stop.
template <class Fn>
void for_each_record(std::string_view text, std::size_t begin, std::size_t end, Fn&& fn) {
    const char* p = text.data() + begin;
    const char* const e = text.data() + end;
    std::size_t line = 0;
    while (p < e) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
        if (nl != nullptr) {
            const bool blank = nl == p || (nl == p + 1 && *p == '\r');
            if (!blank && !fn(line, p, nl))
                return;
            p = nl + 1;
            ++line;
        } else {
            fn(line, p, e);
            return;
        }
    }
}

void scan_chunk(std::string_view text, chunk& c) {
    c.has_quote = std::memchr(text.data() + c.begin, '"', c.end - c.begin) != nullptr;
    c.bad_utf8 = first_invalid_utf8(text.substr(0, c.end), c.begin);
    const char* p = text.data() + c.begin;
    const char* const e = text.data() + c.end;
    while (p < e) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
        if (nl == nullptr) {
            ++c.records;  // a last line without '\n' is never blank
            break;
        }
        if (!(nl == p || (nl == p + 1 && *p == '\r')))
            ++c.records;
        ++c.lines;
        p = nl + 1;
    }
}

[[nodiscard]] std::size_t count_fields(const char* p, const char* last) {
    return 1 + static_cast<std::size_t>(std::count(p, last, ','));
}

// What one chunk found out about the columns: from which of its rows a column is text, and the
// text cells from there on (the rows before are read again only if the column is text overall).
struct chunk_text {
    std::vector<std::size_t> since;               // per column: chunk row of the first non-number
    std::vector<std::string> where;               // per column: "file:line:col: 'cell'"
    std::vector<std::vector<std::string>> cells;  // per column: cells from `since` on
};

void parse_chunk(std::string_view text, const chunk& c, const row_layout& layout,
                 const std::string& source, dataset& d, chunk_text& t) {
    const std::size_t n_columns = layout.field_of_column.size();
    const std::size_t n_fields = n_columns + 1;
    // Per CSV field: its dataset column, or no_index for the id.
    std::vector<std::size_t> column_of_field(n_fields, no_index);
    for (std::size_t j = 0; j < n_columns; ++j)
        column_of_field[layout.field_of_column[j]] = j;
    std::vector<double*> values(n_columns);
    for (std::size_t j = 0; j < n_columns; ++j)
        values[j] = d.columns[j].values.data() + c.first_row;
    t.since.assign(n_columns, no_index);
    t.where.assign(n_columns, std::string());
    t.cells.assign(n_columns, {});

    // Raw pointers for the hot loop: the compiler cannot keep vector members in registers across
    // the stores into the columns.
    double* const* const column_values = values.data();
    std::size_t* const since = t.since.data();
    const std::size_t* const column_of = column_of_field.data();
    std::size_t row = 0;
    for_each_record(text, c.begin, c.end, [&](std::size_t line_in_chunk, const char* p, const char* le) {
        const std::size_t line = c.first_line + line_in_chunk;
        const std::size_t r = row;
        // The CR of a CRLF ends the record (the serial reader strips it from the last field only,
        // which is the same thing: a CR before a comma is data).
        const char* last = (le > p && le[-1] == '\r') ? le - 1 : le;
        const char* f = p;
        bool more = true;  // is there a field starting at f?
        for (std::size_t k = 0; k < n_fields; ++k) {
            if (!more)
                throw data_error(source + ":" + std::to_string(line) + ": expected " +
                                 std::to_string(n_fields) + " fields, found " +
                                 std::to_string(count_fields(p, last)));
            const std::size_t j = column_of[k];
            const char* stop = nullptr;
            if (j != no_index && since[j] == no_index) {
                double v = 0.0;
                const char* s = fast_decimal_prefix(f, last, v);
                if (s != nullptr && (s == last || *s == ',')) {
                    column_values[j][r] = v;
                    stop = s;
                }
            }
            if (stop == nullptr) {
                const void* comma = std::memchr(f, ',', static_cast<std::size_t>(last - f));
                stop = comma ? static_cast<const char*>(comma) : last;
                const std::string_view cell(f, static_cast<std::size_t>(stop - f));
                if (j == no_index) {
                    d.unit_ids[c.first_row + r].assign(trim(cell));
                } else if (since[j] != no_index) {
                    t.cells[j].emplace_back(cell);
                } else {
                    double v = 0.0;
                    if (parse_cell(cell, v)) {
                        column_values[j][r] = v;
                    } else {
                        since[j] = r;
                        t.where[j] = source + ":" + std::to_string(line) + ":" + std::to_string(k + 1) +
                                     ": '" + std::string(cell) + "'";
                        t.cells[j].emplace_back(cell);
                    }
                }
            }
            more = stop != last;
            f = more ? stop + 1 : last;
        }
        if (more)
            throw data_error(source + ":" + std::to_string(line) + ": expected " +
                             std::to_string(n_fields) + " fields, found " +
                             std::to_string(count_fields(p, last)));
        d.unit_lines[c.first_row + r] = line;
        row = r + 1;
        return true;
    });
}

// The text of the first `rows` records of a chunk, for the columns in `wanted` (per column: how
// many leading rows it needs).
std::vector<std::vector<std::string>> reread_prefix(std::string_view text, const chunk& c,
                                                    const row_layout& layout,
                                                    const std::vector<std::size_t>& wanted) {
    const std::size_t n_columns = layout.field_of_column.size();
    std::vector<std::vector<std::string>> out(n_columns);
    std::size_t rows = 0;
    for (std::size_t j = 0; j < n_columns; ++j) {
        rows = std::max(rows, wanted[j]);
        out[j].reserve(wanted[j]);
    }
    if (rows == 0)
        return out;
    std::vector<std::string_view> fields;
    std::size_t row = 0;
    for_each_record(text, c.begin, c.end, [&](std::size_t, const char* p, const char* le) {
        const char* last = (le > p && le[-1] == '\r') ? le - 1 : le;
        fields.clear();
        for (const char* f = p;;) {
            const void* comma = std::memchr(f, ',', static_cast<std::size_t>(last - f));
            const char* stop = comma ? static_cast<const char*>(comma) : last;
            fields.emplace_back(f, static_cast<std::size_t>(stop - f));
            if (stop == last)
                break;
            f = stop + 1;
        }
        for (std::size_t j = 0; j < n_columns; ++j)
            if (row < wanted[j])
                out[j].emplace_back(fields[layout.field_of_column[j]]);
        return ++row < rows;
    });
    return out;
}

}  // namespace

bool read_unquoted_rows(std::string_view text, const row_layout& layout, int n_threads,
                        const std::string& source, dataset& d, std::size_t& first_bad_utf8) {
    first_bad_utf8 = std::string_view::npos;
    const std::size_t n = text.size();
    const int threads = resolve_threads(n_threads);
    const std::size_t from = layout.data_pos;
    std::size_t wanted = 1;
    if (threads > 1 && n > from) {
        wanted = std::min(static_cast<std::size_t>(threads) * chunks_per_thread,
                          (n - from) / min_chunk_bytes + 1);
    }
    std::vector<chunk> chunks = from < n ? cut(text, from, wanted) : std::vector<chunk>{};

    parallel_for_blocks(chunks.size(), threads, [&](std::size_t b) { scan_chunk(text, chunks[b]); });
    for (const chunk& c : chunks) {
        if (c.bad_utf8 != std::string_view::npos) {
            first_bad_utf8 = c.bad_utf8;
            return false;
        }
    }
    for (const chunk& c : chunks)
        if (c.has_quote)
            return false;

    std::size_t line = layout.data_line;
    std::size_t rows = 0;
    for (chunk& c : chunks) {
        c.first_line = line;
        c.first_row = rows;
        line += c.lines;
        rows += c.records;
    }

    // Sizing (and first touching) the columns of a big file is spread over the threads too.
    const std::size_t n_columns = d.columns.size();
    const int sizing_threads = rows * (n_columns + 1) >= (std::size_t{1} << 20) ? threads : 1;
    parallel_for_blocks(n_columns + 2, sizing_threads, [&](std::size_t b) {
        if (b < n_columns) d.columns[b].values.resize(rows);
        else if (b == n_columns) d.unit_ids.resize(rows);
        else d.unit_lines.resize(rows);
    });

    std::vector<chunk_text> texts(chunks.size());
    parallel_for_blocks(chunks.size(), threads, [&](std::size_t b) {
        parse_chunk(text, chunks[b], layout, source, d, texts[b]);
    });

    // A column is text when any chunk found a non-number in it; its text is every cell in file
    // order, so the rows a chunk only kept as numbers are read again.
    std::vector<bool> is_text(n_columns, false);
    bool any_text = false;
    for (const chunk_text& t : texts)
        for (std::size_t j = 0; j < n_columns; ++j)
            if (t.since[j] != no_index) {
                is_text[j] = true;
                any_text = true;
            }
    if (!any_text)
        return true;

    std::vector<std::vector<std::vector<std::string>>> prefixes(chunks.size());
    parallel_for_blocks(chunks.size(), threads, [&](std::size_t b) {
        std::vector<std::size_t> wanted_rows(n_columns, 0);
        for (std::size_t j = 0; j < n_columns; ++j)
            if (is_text[j])
                wanted_rows[j] = texts[b].since[j] == no_index ? chunks[b].records : texts[b].since[j];
        prefixes[b] = reread_prefix(text, chunks[b], layout, wanted_rows);
    });
    for (std::size_t j = 0; j < n_columns; ++j) {
        if (!is_text[j])
            continue;
        column& col = d.columns[j];
        col.numeric = false;
        col.values = {};
        col.text.reserve(rows);
        for (std::size_t b = 0; b < chunks.size(); ++b) {
            if (col.not_numeric_where.empty() && texts[b].since[j] != no_index)
                col.not_numeric_where = std::move(texts[b].where[j]);
            auto& pre = prefixes[b][j];
            col.text.insert(col.text.end(), std::make_move_iterator(pre.begin()),
                            std::make_move_iterator(pre.end()));
            auto& rest = texts[b].cells[j];
            col.text.insert(col.text.end(), std::make_move_iterator(rest.begin()),
                            std::make_move_iterator(rest.end()));
        }
    }
    return true;
}

}  // namespace csv_detail
}  // namespace v0
}  // namespace civiscore
