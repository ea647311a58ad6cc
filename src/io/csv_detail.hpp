// Pieces of the CSV reader shared by its serial path (csv_reader.cpp) and its chunked parallel path
// (csv_chunks.cpp), so both parse every cell with the very same code and give identical datasets.
#pragma once

#include <civiscore/data.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace csv_detail {

constexpr std::size_t no_index = static_cast<std::size_t>(-1);

[[nodiscard]] inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// Clinger's fast path: a decimal with at most 15 digits is an integer m < 2^53 times 10^e; when
// |e| <= 22, 10^e is exact too, so one IEEE multiply or divide gives the correctly rounded double,
// the same as from_chars, about five times faster. Reads from p and stops at the first character
// that cannot continue the number; returns where it stopped, or nullptr when the number needs the
// full algorithm (or is not one). The caller decides whether the stop is the end of the cell, so
// the chunked reader can parse a cell before it knows where the cell ends.
[[nodiscard]] inline const char* fast_decimal_prefix(const char* p, const char* const last,
                                                     double& out) noexcept {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const bool negative = p != last && *p == '-';
    if (negative)
        ++p;
    std::uint64_t m = 0;
    int digits = 0;
    int exponent = 0;
    for (; p != last && *p >= '0' && *p <= '9'; ++p, ++digits)
        m = m * 10 + std::uint64_t(*p - '0');
    if (p != last && *p == '.') {
        for (++p; p != last && *p >= '0' && *p <= '9'; ++p, ++digits, --exponent)
            m = m * 10 + std::uint64_t(*p - '0');
    }
    if (digits == 0 || digits > 15)
        return nullptr;
    if (p != last && (*p == 'e' || *p == 'E')) {
        ++p;
        bool negative_exponent = false;
        if (p != last && (*p == '+' || *p == '-'))
            negative_exponent = *p++ == '-';
        int e = 0;
        int e_digits = 0;
        for (; p != last && *p >= '0' && *p <= '9' && e_digits < 4; ++p, ++e_digits)
            e = e * 10 + (*p - '0');
        if (e_digits == 0)
            return nullptr;
        exponent += negative_exponent ? -e : e;
    }
    if (exponent < -22 || exponent > 22)
        return nullptr;
    const double v = exponent < 0 ? double(m) / powers[-exponent] : double(m) * powers[exponent];
    out = negative ? -v : v;
    return p;
}

// The fast path for a whole cell [p, last): false unless the number ends exactly at `last`.
[[nodiscard]] inline bool fast_decimal(const char* p, const char* const last, double& out) noexcept {
    double v = 0.0;
    if (fast_decimal_prefix(p, last, v) != last)
        return false;
    out = v;
    return true;
}

// Offset of the first byte in [i, text.size()) that does not start a well-formed UTF-8 sequence (no
// overlong forms, no surrogates, nothing above U+10FFFF), or npos. Ids and names must come back out
// of the C ABI as valid UTF-8, so a file in another encoding is refused where the line and column
// can still be named. ASCII, the bulk of any data file, is skipped eight bytes at a time.
[[nodiscard]] inline std::size_t first_invalid_utf8(std::string_view text, std::size_t i) noexcept {
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    while (i < n) {
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, b + i, 8);
            if (word & 0x8080808080808080ull)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        const unsigned c = b[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else return i;
        if (i + len > n) return i;
        if (b[i + 1] < lo || b[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k) {
            if (b[i + k] < 0x80 || b[i + k] > 0xBF) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

// Where the data rows are and which CSV field fills which dataset column.
struct row_layout {
    std::size_t data_pos = 0;   // byte offset of the first data line (after the header record)
    std::size_t data_line = 1;  // its physical line number (1-based)
    std::size_t id_field = 0;
    std::vector<std::size_t> field_of_column;  // dataset column j <- CSV field field_of_column[j]
};

// The chunked reader for data rows without any '"' (csv_chunks.cpp). Fills d.unit_ids,
// d.unit_lines and every column of d (whose ids are already set) exactly as the serial reader
// would, and throws the error the serial reader would throw first. Returns false, leaving d
// untouched, when the rows contain a quote: quoted fields may hold newlines, so the caller reads
// them serially. `first_bad_utf8` is set to the offset of the first invalid UTF-8 byte of the data
// rows (or npos), checked before anything else, in which case the function returns false as well.
[[nodiscard]] bool read_unquoted_rows(std::string_view text, const row_layout& layout,
                                      int n_threads, const std::string& source, dataset& d,
                                      std::size_t& first_bad_utf8);

// Reads the first `size` bytes of the open regular file into `buffer`, on several threads (pread of
// 1 MiB blocks) where the system has pread, and leaves the file positioned after them. Returns the
// bytes read: less than `size` when the file shrank or a read failed; the caller then reads it
// again from the start with fread, which reports the error.
[[nodiscard]] std::size_t read_file_parallel(std::FILE* file, char* buffer, std::size_t size,
                                             int n_threads);

}  // namespace csv_detail
}  // namespace v0
}  // namespace civiscore
