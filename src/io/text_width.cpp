#include "io/text_width.hpp"

#include <algorithm>
#include <iterator>
#include <cstdint>

namespace civiscore {
inline namespace v0 {
namespace text {
namespace {

struct range {
    char32_t first, last;
};

// East Asian Width W and F (Unicode 15), merged into ranges; enough for CJK text, kana, hangul,
// fullwidth forms and the common emoji.
constexpr range wide_ranges[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},
    {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},
    {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274E},
    {0x2753, 0x2757},   {0x2795, 0x2797},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x18CFF},
    {0x1B000, 0x1B2FF}, {0x1F300, 0x1FAFF}, {0x20000, 0x3FFFD},
};

// Combining marks, zero-width spaces and joiners, variation selectors: no column of their own.
constexpr range zero_ranges[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

template <std::size_t N>
bool in(const range (&ranges)[N], char32_t cp) noexcept {
    const range* it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                                       [](char32_t c, const range& r) { return c < r.first; });
    return it != std::begin(ranges) && cp <= std::prev(it)->last;
}

// Decode one code point at s[i]; advances i. Returns false (advancing one byte) on invalid UTF-8.
bool decode(std::string_view s, std::size_t& i, char32_t& cp) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    if (b0 < 0x80) {
        cp = b0;
        ++i;
        return true;
    }
    if ((b0 & 0xE0) == 0xC0) {
        len = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        ++i;
        return false;
    }
    if (i + len > s.size()) {
        ++i;
        return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return false;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms and surrogates are not valid UTF-8.
    static constexpr char32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return false;
    }
    i += len;
    return true;
}

}  // namespace

int code_point_width(char32_t cp) noexcept {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) return 0;
    if (in(zero_ranges, cp)) return 0;
    if (in(wide_ranges, cp)) return 2;
    return 1;
}

std::size_t display_width(std::string_view s) noexcept {
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t cp = 0;
        width += decode(s, i, cp) ? static_cast<std::size_t>(code_point_width(cp)) : 1;
    }
    return width;
}

std::string pad_right(std::string_view s, std::size_t width) {
    std::string out(s);
    const std::size_t w = display_width(s);
    if (w < width) out.append(width - w, ' ');
    return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
    const std::size_t w = display_width(s);
    std::string out;
    if (w < width) out.assign(width - w, ' ');
    out.append(s);
    return out;
}

std::string single_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t start = i;
        char32_t cp = 0;
        const bool ok = decode(s, i, cp);
        const bool control = ok && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 ||
                                    cp == 0x2029);
        if (control) {
            out.push_back(' ');
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    return out;
}

}  // namespace text
}  // namespace v0
}  // namespace civiscore
