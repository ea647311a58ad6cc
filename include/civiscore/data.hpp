// A dataset: units x columns, column-major doubles (NaN = missing), with unit ids. Columns that are
// not numeric are kept as text and become an error only when a model reads them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace civiscore {
inline namespace v0 {

struct column {
    std::string id;
    bool numeric = true;
    std::vector<double> values;       // numeric columns: one per unit, NaN = missing
    std::vector<std::string> text;    // text columns: the cells as read
    std::string not_numeric_where;    // text columns: where the first non-number is ("file:line:col: 'x'")
    std::string derived_by;           // SHA-256 of the model that computed it ("derived"); "" = read
};

struct dataset {
    std::string source;                 // file name or "<memory>", for messages
    std::vector<std::string> unit_ids;
    std::vector<std::size_t> unit_lines;  // CSV line of each unit (empty when built from arrays)
    std::vector<column> columns;

    [[nodiscard]] std::size_t unit_count() const noexcept { return unit_ids.size(); }
    // Index of the column with this id, or -1.
    [[nodiscard]] int find_column(std::string_view id) const noexcept;
    // Where unit `i` came from, for messages: "unit 'X' (file:line)" or "unit 'X'".
    [[nodiscard]] std::string describe_unit(std::size_t i) const;
};

enum class matrix_layout { row_major, col_major };

// Build a dataset from a dense matrix (stride 0 = dense). unit_ids empty: "1", "2", ...
// data_error on duplicate unit or column ids or size mismatches.
[[nodiscard]] dataset dataset_from_matrix(const double* values, std::size_t n_units,
                                          std::size_t n_columns, matrix_layout layout,
                                          std::size_t stride, std::vector<std::string> column_ids,
                                          std::vector<std::string> unit_ids);

// Check that unit ids are non-empty, hold no NUL byte and are unique; data_error naming the place
// (both places for a repeat) otherwise.
void check_unit_ids(const dataset& d);
// The same check with the ids hashed on n_threads threads (0 = CIVISCORE_THREADS, else every core);
// the same messages, since a failing data set is named by the serial check.
void check_unit_ids(const dataset& d, int n_threads);

}  // namespace v0
}  // namespace civiscore
