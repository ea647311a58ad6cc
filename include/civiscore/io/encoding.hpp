// Text encodings of input files. CSV exported from Chinese Excel is often GBK or GB18030; everything
// inside civiscore is UTF-8, so such text is transcoded once, before parsing.
#pragma once

#include <string>
#include <string_view>

namespace civiscore {
inline namespace v0 {

enum class text_encoding { utf8, gbk, gb18030 };

// "utf-8"/"utf8", "gbk"/"cp936", "gb18030" (any case); invalid_argument_error listing the
// accepted names otherwise.
[[nodiscard]] text_encoding parse_encoding(std::string_view name);
[[nodiscard]] const char* encoding_name(text_encoding e) noexcept;

// `text` as UTF-8. A leading UTF-8 BOM means the text is UTF-8 whatever `from` says (and is kept, so
// readers skip it as before). utf8 returns the text unchanged (the readers validate it). gbk and
// gb18030 are decoded with the C library's iconv; a byte sequence that is not valid in `from` is a
// data_error naming "source:line:column" (column in characters) and the offending bytes. Newlines
// are single bytes in every supported encoding, so line numbers are those of the original file.
[[nodiscard]] std::string to_utf8(std::string_view text, text_encoding from, const std::string& source);

}  // namespace v0
}  // namespace civiscore
