// Display width of UTF-8 text in a terminal, so tables with Chinese unit ids and grade labels line up:
// East Asian wide and fullwidth characters take two columns, combining marks none.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace civiscore {
inline namespace v0 {
namespace text {

// Columns one code point occupies: 0, 1 or 2 (controls count 0; ambiguous-width characters 1, as in
// a non-CJK locale).
[[nodiscard]] int code_point_width(char32_t cp) noexcept;

// Columns `s` occupies. Bytes that are not valid UTF-8 count one column each.
[[nodiscard]] std::size_t display_width(std::string_view s) noexcept;

// `s` followed (pad_right) or preceded (pad_left) by spaces up to `width` columns; unchanged if wider.
[[nodiscard]] std::string pad_right(std::string_view s, std::size_t width);
[[nodiscard]] std::string pad_left(std::string_view s, std::size_t width);

// `s` with every control character (line breaks, tabs, ...) replaced by a space, so one cell stays
// on one line.
[[nodiscard]] std::string single_line(std::string_view s);

}  // namespace text
}  // namespace v0
}  // namespace civiscore
