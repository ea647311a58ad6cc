// CSV (RFC 4180) into a dataset in one pass: numeric cells go straight into column vectors without
// being copied as strings; only columns that turn out to be text keep their cells.
#include <civiscore/error.hpp>
#include <civiscore/io/csv.hpp>

#include "io/csv_detail.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace civiscore {
inline namespace v0 {

namespace {

using csv_detail::fast_decimal;
using csv_detail::first_invalid_utf8;
using csv_detail::no_index;
using csv_detail::trim;

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (x != b[i])
            return false;  // b is lower case
    }
    return true;
}

// Column of byte `pos` on its line, counted in UTF-8 characters (1-based) as editors show it.
// Only used when building an error message.
[[nodiscard]] std::size_t char_column(std::string_view text, std::size_t pos) {
    const std::size_t nl = pos == 0 ? std::string_view::npos : text.rfind('\n', pos - 1);
    const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
    std::size_t col = 1;
    for (std::size_t i = start; i < pos; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++col;
    // A BOM on the first line is invisible to the user.
    if (start == 0 && text.substr(0, 3) == "\xEF\xBB\xBF" && pos >= 3)
        --col;
    return col;
}

// Splits the text into records. Fields are views into the text, or into a scratch buffer for
// quoted fields that contain "" escapes; they stay valid until the next call to next().
class record_reader {
public:
    record_reader(std::string_view text, const std::string& source, std::size_t pos,
                  std::size_t line)
        : text_(text), source_(source), pos_(pos), line_(line) {}

    // Reads the next record, skipping blank lines; false at the end of the text.
    [[nodiscard]] bool next() {
        const std::size_t n = text_.size();
        while (pos_ < n) {
            if (text_[pos_] == '\n') {
                ++pos_;
                ++line_;
            } else if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
                pos_ += 2;
                ++line_;
            } else {
                break;
            }
        }
        if (pos_ >= n)
            return false;
        record_line_ = line_;
        refs_.clear();
        scratch_.clear();
        for (;;) {
            if (pos_ < n && text_[pos_] == '"')
                read_quoted();
            else
                read_plain();
            if (pos_ < n && text_[pos_] == ',') {
                ++pos_;
                continue;
            }
            if (pos_ < n && text_[pos_] == '\r')
                ++pos_;
            if (pos_ < n) {  // at '\n'
                ++pos_;
                ++line_;
            }
            break;
        }
        fields_.resize(refs_.size());
        for (std::size_t i = 0; i < refs_.size(); ++i) {
            const field_ref& r = refs_[i];
            fields_[i] = r.in_scratch ? std::string_view(scratch_).substr(r.begin, r.size)
                                      : text_.substr(r.begin, r.size);
        }
        return true;
    }

    [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
    // Physical line (1-based) where the current record starts.
    [[nodiscard]] std::size_t record_line() const noexcept { return record_line_; }
    [[nodiscard]] std::size_t position() const noexcept { return pos_; }
    [[nodiscard]] std::size_t line() const noexcept { return line_; }

private:
    struct field_ref {
        std::size_t begin;
        std::size_t size;
        bool in_scratch;
    };

    void read_plain() {
        const std::size_t n = text_.size();
        const std::size_t start = pos_;
        const char* p = text_.data() + pos_;
        const char* const end = text_.data() + n;
        while (p != end && *p != ',' && *p != '\n')
            ++p;
        pos_ = static_cast<std::size_t>(p - text_.data());
        std::size_t stop = pos_;
        // The CR of a CRLF ends the record; a CR before a comma is data.
        if (stop > start && text_[stop - 1] == '\r' && (pos_ == n || text_[pos_] == '\n'))
            --stop;
        refs_.push_back({start, stop - start, false});
    }

    void read_quoted() {
        const std::size_t n = text_.size();
        const std::size_t open = pos_;
        const std::size_t open_line = line_;
        std::size_t start = ++pos_;
        bool escaped = false;
        std::size_t scratch_begin = 0;
        for (;;) {
            const void* q = std::memchr(text_.data() + pos_, '"', n - pos_);
            if (q == nullptr) {
                throw data_error(source_ + ":" + std::to_string(open_line) + ":" +
                                 std::to_string(char_column(text_, open)) +
                                 ": unterminated quoted field (the quote opened here is never "
                                 "closed)");
            }
            const std::size_t quote =
                static_cast<std::size_t>(static_cast<const char*>(q) - text_.data());
            line_ += static_cast<std::size_t>(
                std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                           text_.begin() + static_cast<std::ptrdiff_t>(quote), '\n'));
            if (quote + 1 < n && text_[quote + 1] == '"') {
                if (!escaped) {
                    escaped = true;
                    scratch_begin = scratch_.size();
                }
                scratch_.append(text_.data() + start, quote + 1 - start);  // keeps one quote
                pos_ = quote + 2;
                start = pos_;
                continue;
            }
            if (escaped) {
                scratch_.append(text_.data() + start, quote - start);
                refs_.push_back({scratch_begin, scratch_.size() - scratch_begin, true});
            } else {
                refs_.push_back({start, quote - start, false});
            }
            pos_ = quote + 1;
            break;
        }
        const bool at_end = pos_ == n || text_[pos_] == ',' || text_[pos_] == '\n' ||
                            (text_[pos_] == '\r' && (pos_ + 1 == n || text_[pos_ + 1] == '\n'));
        if (!at_end)
            throw data_error(source_ + ":" + std::to_string(line_) + ":" +
                             std::to_string(char_column(text_, pos_)) +
                             ": unexpected text after a closing quote (a quote inside a quoted "
                             "field must be doubled)");
    }

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_;
    std::size_t line_;
    std::size_t record_line_ = 0;
    std::vector<field_ref> refs_;
    std::vector<std::string_view> fields_;
    std::string scratch_;
};

[[nodiscard]] std::string join_names(const std::vector<std::string>& names) {
    constexpr std::size_t max_listed = 30;  // a 500-column file must not yield a 500-name message
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < max_listed; ++i) {
        if (i > 0)
            out += ", ";
        out += names[i];
    }
    if (names.size() > max_listed)
        out += ", ... (" + std::to_string(names.size() - max_listed) + " more)";
    return out;
}

// Per CSV field: the dataset column it fills, and since which row it is a text column.
struct column_state {
    std::size_t field = 0;              // 0-based field index in the record
    std::size_t text_since = no_index;  // row of the first non-number, or no_index
};

}  // namespace

bool parse_cell(std::string_view cell, double& out) noexcept {
    cell = trim(cell);
    constexpr double missing = std::numeric_limits<double>::quiet_NaN();
    if (cell.empty()) {
        out = missing;
        return true;
    }
    const char c0 = cell.front();
    // Words are checked only when the first character is not part of a number, so numeric
    // cells (the bulk of any file) skip the comparisons.
    if (!((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+' || c0 == '.')) {
        if (iequals(cell, "na") || iequals(cell, "n/a") || iequals(cell, "nan")) {
            out = missing;
            return true;
        }
        if (iequals(cell, "true") || iequals(cell, "yes") || cell == "是") {
            out = 1.0;
            return true;
        }
        if (iequals(cell, "false") || iequals(cell, "no") || cell == "否") {
            out = 0.0;
            return true;
        }
        return false;
    }
    const char* first = cell.data();
    const char* const last = cell.data() + cell.size();
    if (*first == '+')
        ++first;  // from_chars accepts '-' but not '+'
    // from_chars would also read "inf" and "nan"; a number must start with a digit or a point.
    const char* digits = (first != last && *first == '-') ? first + 1 : first;
    if (digits == last || !((*digits >= '0' && *digits <= '9') || *digits == '.'))
        return false;
    if (first != cell.data() && *first == '-')
        return false;  // "+-1"
    if (fast_decimal(first, last, out))
        return true;
    double v = 0.0;
    const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
    if (ptr != last)
        return false;
    if (ec == std::errc::result_out_of_range) {
        // Underflow (1e-999) is a number that rounds to zero; overflow (1e999) is not a number.
        const std::string_view s(first, static_cast<std::size_t>(last - first));
        const std::size_t e = s.find_first_of("eE");
        if (e == std::string_view::npos || e + 1 >= s.size() || s[e + 1] != '-')
            return false;
        out = *first == '-' ? -0.0 : 0.0;
        return true;
    }
    if (ec != std::errc{} || !std::isfinite(v))
        return false;
    out = v;
    return true;
}

namespace {

void require_utf8(std::string_view text, std::size_t start, const std::string& src) {
    const std::size_t bad = first_invalid_utf8(text, start);
    if (bad == std::string_view::npos) return;
    std::size_t line = 1, col = 1;
    for (std::size_t i = start; i < bad; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col;
        }
    }
    static constexpr char hex[] = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(text[bad]);
    throw data_error(src + ":" + std::to_string(line) + ":" + std::to_string(col) + ": invalid UTF-8 (byte 0x" +
                     hex[byte >> 4] + hex[byte & 0xF] + "); save the file as UTF-8, or name its encoding (gbk, gb18030)");
}

}  // namespace

namespace {

struct header {
    std::vector<std::string> names;
    std::size_t id_field = no_index;
    std::size_t data_pos = 0;   // where the data rows start
    std::size_t data_line = 1;  // and on which physical line
};

header read_header(std::string_view text, std::size_t start, const csv_options& options,
                   const std::string& src) {
    header h;
    record_reader reader(text, src, start, 1);
    if (!reader.next())
        throw data_error(src + ":1: empty file, expected a header row");
    const std::string where_header = src + ":" + std::to_string(reader.record_line());
    std::unordered_map<std::string_view, std::size_t> name_index;
    h.names.reserve(reader.fields().size());
    for (std::string_view f : reader.fields())
        h.names.emplace_back(trim(f));
    for (std::size_t k = 0; k < h.names.size(); ++k) {
        if (h.names[k].empty())
            throw data_error(where_header + ":" + std::to_string(k + 1) + ": column " +
                             std::to_string(k + 1) + " has an empty name");
        auto [it, inserted] = name_index.emplace(h.names[k], k);
        if (!inserted)
            throw data_error(where_header + ": duplicate column name '" + h.names[k] + "' (columns " +
                             std::to_string(it->second + 1) + " and " + std::to_string(k + 1) +
                             ")");
        if (h.names[k] == options.id_column)
            h.id_field = k;
    }
    if (h.id_field == no_index)
        throw data_error(where_header + ": no unit-id column '" + options.id_column +
                         "' (columns: " + join_names(h.names) + ")");
    h.data_pos = reader.position();
    h.data_line = reader.line();
    return h;
}

// The record-by-record reader for rows with quoted fields (which may hold newlines).
void read_rows_serially(std::string_view text, const std::string& src, const header& h,
                        dataset& d) {
    const std::size_t n_fields = h.names.size();
    // Sizing every vector once from the line count avoids regrowing 45 columns of a big file.
    const std::size_t expected_rows = static_cast<std::size_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(h.data_pos), text.end(), '\n') + 1);
    d.unit_ids.reserve(expected_rows);
    d.unit_lines.reserve(expected_rows);

    std::vector<column_state> states;
    states.reserve(d.columns.size());
    for (std::size_t k = 0; k < n_fields; ++k) {
        if (k == h.id_field)
            continue;
        d.columns[states.size()].values.reserve(expected_rows);
        states.push_back({k, no_index});
    }

    record_reader reader(text, src, h.data_pos, h.data_line);
    bool any_late_text = false;  // a column that became text after its first row
    while (reader.next()) {
        const auto& fields = reader.fields();
        const std::size_t line = reader.record_line();
        if (fields.size() != n_fields)
            throw data_error(src + ":" + std::to_string(line) + ": expected " +
                             std::to_string(n_fields) + " fields, found " +
                             std::to_string(fields.size()));
        const std::size_t row = d.unit_ids.size();
        d.unit_ids.emplace_back(trim(fields[h.id_field]));
        d.unit_lines.push_back(line);
        for (std::size_t j = 0; j < states.size(); ++j) {
            column& c = d.columns[j];
            const std::string_view cell = fields[states[j].field];
            if (c.numeric) {
                double v = 0.0;
                if (parse_cell(cell, v)) {
                    c.values.push_back(v);
                    continue;
                }
                c.numeric = false;
                c.values = {};
                c.not_numeric_where = src + ":" + std::to_string(line) + ":" +
                                      std::to_string(states[j].field + 1) + ": '" +
                                      std::string(cell) + "'";
                states[j].text_since = row;
                if (row > 0)
                    any_late_text = true;
            }
            c.text.emplace_back(cell);
        }
    }

    // The rows read before a column turned out to be text were only kept as numbers; read the
    // text again up to the last such row rather than keep every cell as a string just in case.
    if (any_late_text) {
        std::size_t rows_needed = 0;
        for (const column_state& s : states)
            if (s.text_since != no_index)
                rows_needed = std::max(rows_needed, s.text_since);
        std::vector<std::vector<std::string>> prefix(states.size());
        record_reader again(text, src, h.data_pos, h.data_line);
        for (std::size_t row = 0; row < rows_needed && again.next(); ++row) {
            for (std::size_t j = 0; j < states.size(); ++j)
                if (states[j].text_since != no_index && row < states[j].text_since)
                    prefix[j].emplace_back(again.fields()[states[j].field]);
        }
        for (std::size_t j = 0; j < states.size(); ++j) {
            if (prefix[j].empty())
                continue;
            std::vector<std::string>& t = d.columns[j].text;
            t.insert(t.begin(), std::make_move_iterator(prefix[j].begin()),
                     std::make_move_iterator(prefix[j].end()));
        }
    }
}

}  // namespace

dataset parse_csv(std::string_view text, const csv_options& options, std::string source) {
    if (options.encoding != text_encoding::utf8) {  // transcode once, then read as UTF-8
        const std::string utf8 = to_utf8(text, options.encoding, source);
        csv_options as_utf8 = options;
        as_utf8.encoding = text_encoding::utf8;
        return parse_csv(utf8, as_utf8, std::move(source));
    }
    dataset d;
    d.source = std::move(source);
    const std::string& src = d.source;

    std::size_t start = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        start = 3;

    // Invalid UTF-8 anywhere is reported before any other problem. The header is read first (the
    // data rows are checked in parallel below, once it is known where they start); if the header
    // itself is refused, the UTF-8 check of the whole text gets its say first.
    header h;
    try {
        h = read_header(text, start, options, src);
    } catch (const data_error&) {
        require_utf8(text, start, src);
        throw;
    }
    if (first_invalid_utf8(text.substr(0, h.data_pos), start) != std::string_view::npos)
        require_utf8(text, start, src);

    d.columns.reserve(h.names.size() - 1);
    csv_detail::row_layout layout;
    layout.data_pos = h.data_pos;
    layout.data_line = h.data_line;
    layout.id_field = h.id_field;
    for (std::size_t k = 0; k < h.names.size(); ++k) {
        if (k == h.id_field)
            continue;
        column c;
        c.id = h.names[k];
        d.columns.push_back(std::move(c));
        layout.field_of_column.push_back(k);
    }

    std::size_t bad_utf8 = std::string_view::npos;
    if (!csv_detail::read_unquoted_rows(text, layout, options.n_threads, src, d, bad_utf8)) {
        if (bad_utf8 != std::string_view::npos)
            require_utf8(text, start, src);
        read_rows_serially(text, src, h, d);
    }

    if (options.unique_ids)
        check_unit_ids(d, options.n_threads);
    return d;
}

dataset read_csv_file(const std::string& path, const csv_options& options) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    if (!file) {
        const int err = errno;
        throw io_error("cannot open '" + path + "': " + std::strerror(err));
    }
    // The size only sizes the buffer; pipes have none, and a directory (which fopen accepts) is
    // refused here with the system's own words.
    std::error_code size_error;
    const auto size = std::filesystem::file_size(path, size_error);
    if (size_error == std::errc::is_a_directory)
        throw io_error("cannot read '" + path + "': " + size_error.message());
    // A regular file is read straight into an uninitialised buffer (no zero fill, no copy), in
    // blocks on several threads; then one byte more is asked for, to notice a file that grew.
    std::unique_ptr<char[]> whole;
    std::size_t got = 0;
    bool piecewise = static_cast<bool>(size_error);
    if (!piecewise) {
        const auto n = static_cast<std::size_t>(size);
        whole.reset(new char[n + 1]);
        got = csv_detail::read_file_parallel(file.get(), whole.get(), n, options.n_threads);
        if (got == n) {
            got += std::fread(whole.get() + n, 1, 1, file.get());
        } else {  // it shrank, or a read failed: read it again the plain way
            got = 0;
            std::rewind(file.get());
        }
        piecewise = got != n;
    }
    std::string text;  // pipes, and files that changed: read to the end piece by piece
    if (piecewise) {
        text.assign(whole.get(), got);
        whole.reset();
        char buffer[1 << 16];
        for (;;) {
            const std::size_t n = std::fread(buffer, 1, sizeof buffer, file.get());
            text.append(buffer, n);
            if (n < sizeof buffer)
                break;
        }
    }
    if (std::ferror(file.get())) {
        const int err = errno;  // EISDIR for a directory, which fopen accepts
        throw io_error("cannot read '" + path + "': " + std::strerror(err));
    }
    if (!piecewise)
        return parse_csv(std::string_view(whole.get(), got), options, path);
    return parse_csv(text, options, path);
}

}  // namespace v0
}  // namespace civiscore
