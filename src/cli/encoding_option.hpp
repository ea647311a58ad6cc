// --encoding of every command that reads CSV: the input file's text encoding.
#pragma once

#include "cli/args.hpp"

#include <civiscore/io/encoding.hpp>

#include <string>

namespace civiscore::cli {

// The --encoding option (default utf-8); usage_error naming the accepted names otherwise.
[[nodiscard]] text_encoding encoding_of(const invocation& inv);

// The whole file as UTF-8 (transcoded from `e`); io_error / data_error naming the file.
[[nodiscard]] std::string read_text_utf8(const std::string& path, text_encoding e);

}  // namespace civiscore::cli
