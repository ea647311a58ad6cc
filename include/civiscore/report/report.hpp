// Reports people read (docs/report.md): one self-contained HTML file (inline CSS, SVG and a little
// vanilla JavaScript, no external asset) and an Excel workbook, built from a scoring result, the data
// it was scored on, and optional blobs from the other layers (assessment, data checks, a previous
// period, a sensitivity run) passed as JSON so every caller (C++, C ABI, CLI, Python) feeds them the
// same way.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace report {

struct options {
    std::string lang = "zh";                 // "zh" or "en": labels of the report itself
    std::string title;                       // "" = the model's name
    // Unit columns to summarise by (e.g. district, type). Empty: every one of "district", "type",
    // "profile", "region" that the data has. Each must be a column of the data.
    std::vector<std::string> group_columns;
    bool group_columns_given = false;        // true: use group_columns as given, even empty
    std::string label_column;                // "" = "name" when the data has it
    // Optional inputs, each a JSON document ("" = not given); formats in docs/report.md.
    std::string assessment_json;             // rectification lists, vetoes, allocations, final grades
    std::string checks_json;                 // data-quality flags
    std::string previous_json;               // a previous period's result (civiscore score --format json)
    std::string sensitivity_json;            // rank intervals per unit
    // Provenance.
    std::string data_name;                   // shown as the data file ("" = the dataset's source)
    std::string data_sha256;                 // "" = unknown (shown as such)
    std::string date;                        // "" = today (UTC, YYYY-MM-DD)
};

// Read options from a JSON object (keys as the fields above; "group_columns" a list; the four blobs
// as objects or strings; "data_file": a path whose SHA-256 and name fill data_sha256/data_name).
// invalid_argument_error naming the key on an unknown key or a wrong type.
[[nodiscard]] options options_from_json(std::string_view json_text);

// Everything the report shows, as one JSON document (also embedded in the HTML). `data` may be
// null (no group summaries, no raw values). data_error if a group/label column is missing, the
// data's units differ from the result's, or a blob is malformed (naming the blob and the key).
[[nodiscard]] std::string document_json(const result& r, const dataset* data, const options& o);

// The HTML report (UTF-8, one file).
[[nodiscard]] std::string write_html(const result& r, const dataset* data, const options& o);

// Whether this build can write XLSX (libxlsxwriter was found at build time).
[[nodiscard]] bool xlsx_supported() noexcept;
// Write the workbook to `path`; io_error if it cannot be written, invalid_argument_error when the
// build has no XLSX support.
void write_xlsx(const result& r, const dataset* data, const options& o, const std::string& path);

}  // namespace report
}  // namespace v0
}  // namespace civiscore
