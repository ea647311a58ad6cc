// The dataset: building it from caller matrices and the checks every dataset must pass, wherever
// it came from (arrays, CSV, numpy).
#include <civiscore/data.hpp>
#include <civiscore/error.hpp>

#include "data/unit_id_rules.hpp"
#include "util/parallel.hpp"
#include "util/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace civiscore {
inline namespace v0 {

namespace {

// "file.csv:12" when the unit came from a text file, else "unit at row 12" (1-based), so a
// message points at something the user can find.
std::string unit_place(const dataset& d, std::size_t i) {
    if (i < d.unit_lines.size())
        return d.source + ":" + std::to_string(d.unit_lines[i]);
    return d.source + ": unit at row " + std::to_string(i + 1);
}

std::string first_place(const dataset& d, std::size_t i) {
    if (i < d.unit_lines.size())
        return "line " + std::to_string(d.unit_lines[i]);
    return "row " + std::to_string(i + 1);
}

void check_column_ids(const std::vector<std::string>& ids) {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(ids.size());
    for (std::size_t j = 0; j < ids.size(); ++j) {
        if (ids[j].empty())
            throw data_error("<memory>: column " + std::to_string(j + 1) + " has an empty id");
        auto [it, inserted] = seen.emplace(ids[j], j);
        if (!inserted)
            throw data_error("<memory>: duplicate column id '" + ids[j] + "' (columns " +
                             std::to_string(it->second + 1) + " and " + std::to_string(j + 1) +
                             ")");
    }
}

}  // namespace

int dataset::find_column(std::string_view id) const noexcept {
    // Called once per model column at bind time, so a scan beats keeping an index in sync.
    for (std::size_t j = 0; j < columns.size(); ++j)
        if (columns[j].id == id)
            return static_cast<int>(j);
    return -1;
}

std::string dataset::describe_unit(std::size_t i) const {
    std::string out = "unit '" + (i < unit_ids.size() ? unit_ids[i] : std::to_string(i + 1)) + "'";
    if (i < unit_lines.size())
        out += " (" + source + ":" + std::to_string(unit_lines[i]) + ")";
    return out;
}

void check_unit_ids(const dataset& d) {
    const auto& ids = d.unit_ids;
    std::size_t first_bad = ids.size();
    for (std::size_t i = 0; i < ids.size() && first_bad == ids.size(); ++i)
        if (malformed_unit_id(ids[i])) first_bad = i;
    // Sort (hash, row) pairs: equal ids are then neighbours, in row order. A hash table of a
    // million ids costs a third of a second; this, a few tens of milliseconds.
    std::vector<keyed> by_hash;
    by_hash.reserve(ids.size());
    const std::hash<std::string_view> hash;
    for (std::size_t i = 0; i < ids.size(); ++i) by_hash.push_back({hash(ids[i]), i});
    radix_sort(by_hash);
    // The first row (in row order) whose id an earlier row already has, as a scan would find it.
    std::size_t dup = ids.size(), first = 0;
    for (std::size_t a = 0; a < by_hash.size();) {
        std::size_t b = a + 1;
        while (b < by_hash.size() && by_hash[b].first == by_hash[a].first) ++b;
        for (std::size_t j = a + 1; j < b; ++j) {  // rows ascending within a run
            const std::size_t row = by_hash[j].second;
            if (row >= dup) break;
            for (std::size_t k = a; k < j; ++k) {
                if (ids[by_hash[k].second] == ids[row]) {
                    dup = row;
                    first = by_hash[k].second;
                    break;
                }
            }
        }
        a = b;
    }
    if (first_bad < dup && ids[first_bad].empty())
        throw data_error(unit_place(d, first_bad) + ": empty unit id");
    if (first_bad < dup) {
        std::string shown = ids[first_bad];
        for (std::size_t at = shown.find('\0'); at != std::string::npos; at = shown.find('\0', at + 2))
            shown.replace(at, 1, "\\0");
        throw data_error(unit_place(d, first_bad) + ": unit id '" + shown + "' contains a NUL character");
    }
    if (dup < ids.size())
        throw data_error(unit_place(d, dup) + ": duplicate unit id '" + ids[dup] + "' (first on " +
                         first_place(d, first) + ")");
}

dataset dataset_from_matrix(const double* values, std::size_t n_units, std::size_t n_columns,
                            matrix_layout layout, std::size_t stride,
                            std::vector<std::string> column_ids,
                            std::vector<std::string> unit_ids) {
    const std::size_t dense = layout == matrix_layout::row_major ? n_columns : n_units;
    if (stride == 0)
        stride = dense;
    // A short stride would make rows (or columns) overlap: a caller bug, not bad data.
    if (stride < dense)
        throw invalid_argument_error("dataset_from_matrix: stride " + std::to_string(stride) +
                                     " is smaller than the " + std::to_string(dense) +
                                     (layout == matrix_layout::row_major
                                          ? " columns of a row-major matrix"
                                          : " units of a column-major matrix"));
    if (values == nullptr && n_units > 0 && n_columns > 0)
        throw invalid_argument_error("dataset_from_matrix: values is NULL");
    if (column_ids.size() != n_columns)
        throw data_error("<memory>: " + std::to_string(column_ids.size()) + " column ids for " +
                         std::to_string(n_columns) + " columns");
    check_column_ids(column_ids);

    // Threads: CIVISCORE_THREADS or one per core, as every call without a thread count, from 2^16
    // values on (a unit's or a small survey's matrix is copied before threads would start); the
    // copy is the same whichever thread makes which part.
    const int n_threads = n_units * n_columns >= (std::size_t{1} << 16) ? 0 : 1;
    dataset d;
    d.source = "<memory>";
    if (unit_ids.empty()) {
        unit_ids.resize(n_units);
        constexpr std::size_t block = std::size_t{1} << 16;
        parallel_for_blocks((n_units + block - 1) / block, n_threads, [&](std::size_t b) {
            for (std::size_t i = b * block; i < std::min(n_units, (b + 1) * block); ++i)
                unit_ids[i] = std::to_string(i + 1);
        });
    } else if (unit_ids.size() != n_units) {
        throw data_error("<memory>: " + std::to_string(unit_ids.size()) + " unit ids for " +
                         std::to_string(n_units) + " units");
    }
    d.unit_ids = std::move(unit_ids);
    check_unit_ids(d, n_threads);

    // Fresh column memory is cleared by the thread that first touches it: sized in parallel too.
    d.columns.resize(n_columns);
    parallel_for_blocks(n_columns, n_threads, [&](std::size_t j) {
        d.columns[j].id = std::move(column_ids[j]);
        d.columns[j].values.resize(n_units);
    });
    // Copy a block of units at a time, column by column within it: a row-major block stays in cache
    // while each column takes its values, where one pass per column over the whole matrix read
    // every cache line once per column (10^6 x 42: 0.35 s where this takes a few tens of ms).
    constexpr std::size_t block = 512;
    const std::size_t unit_step = layout == matrix_layout::row_major ? stride : 1;
    const std::size_t column_step = layout == matrix_layout::row_major ? 1 : stride;
    parallel_for_blocks((n_units + block - 1) / block, n_threads, [&](std::size_t b) {
        const std::size_t first = b * block, last = std::min(n_units, first + block);
        for (std::size_t j = 0; j < n_columns; ++j) {
            const double* in = values + j * column_step;
            double* out = d.columns[j].values.data();
            bool infinite = false;
            for (std::size_t i = first; i < last; ++i) {
                out[i] = in[i * unit_step];
                infinite |= std::isinf(out[i]);
            }
            // NaN means missing; infinity has no meaning in a score and would poison sums.
            if (infinite) {
                const std::size_t i = static_cast<std::size_t>(
                    std::find_if(out + first, out + last, [](double v) { return std::isinf(v); }) - out);
                throw data_error(d.describe_unit(i) + ", column '" + d.columns[j].id +
                                 "': value is infinite");
            }
        }
    });
    return d;
}

}  // namespace v0
}  // namespace civiscore
