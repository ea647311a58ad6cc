// CSV reader (RFC 4180, UTF-8 with or without BOM, LF or CRLF) into a dataset.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/io/encoding.hpp>

#include <string>
#include <string_view>

namespace civiscore {
inline namespace v0 {

struct csv_options {
    std::string id_column = "unit_id";
    // Long (panel) data repeats a unit once per period: the data checks read it with this off and
    // check (unit, period) pairs themselves.
    bool unique_ids = true;
    // The file's encoding: GBK/GB18030 text is transcoded to UTF-8 first (io/encoding.hpp); a UTF-8
    // BOM always means UTF-8.
    text_encoding encoding = text_encoding::utf8;
    // Threads for the data rows: 0 = CIVISCORE_THREADS when set, else one per core. Rows without
    // any '"' are cut at line starts and parsed in parallel; rows with quoted fields (which may hold
    // newlines) are read on one thread. The dataset and every error are the same for any count.
    int n_threads = 0;
};

// Parse CSV text. `source` names the input in messages ("communities.csv:12:4: ...").
// data_error with line and column on malformed input, a missing id column, an empty or duplicate
// unit id (naming both lines), or a row with the wrong number of fields.
[[nodiscard]] dataset parse_csv(std::string_view text, const csv_options& options,
                                std::string source = "<memory>");
// Read a CSV file; io_error if it cannot be read.
[[nodiscard]] dataset read_csv_file(const std::string& path, const csv_options& options);

// Parse one cell as a number: empty or NA -> NaN (missing); true/false, yes/no, 是/否 -> 1/0;
// otherwise a full decimal number. Returns false if the cell is not a number.
[[nodiscard]] bool parse_cell(std::string_view cell, double& out) noexcept;

}  // namespace v0
}  // namespace civiscore
