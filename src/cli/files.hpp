// Reading inputs and writing outputs of the tool, with errors that name the file.
#pragma once

#include <string>
#include <string_view>

namespace civiscore::cli {

// The whole file; io_error naming the path and the reason if it cannot be read.
[[nodiscard]] std::string read_text_file(const std::string& path);

// Write `text` to `path` (created or truncated), or to standard output when `path` is empty;
// io_error naming the destination if writing fails.
void write_output(const std::string& path, std::string_view text);

// Whether standard output is a terminal (decides the default output format).
[[nodiscard]] bool stdout_is_terminal() noexcept;

}  // namespace civiscore::cli
