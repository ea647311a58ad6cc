// Datasets from C matrices and CSV text or files.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/io/csv.hpp>

#include <limits>
#include <memory>
#include <string>
#include <vector>

using civiscore::capi::check_index;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::text_arg;
using civiscore::capi::throw_invalid;

namespace {

// Every data set made here had its unit ids checked (dataset_from_matrix, and the CSV readers with
// their default unique_ids).
void publish(civiscore::dataset data, civiscore_dataset** out_dataset) {
    auto handle = std::make_unique<civiscore_dataset>();
    handle->data = std::move(data);
    handle->unit_ids_checked = true;
    *out_dataset = handle.release();
}

std::vector<std::string> id_array(const char* fn, const char* name, const char* const* ids,
                                  std::size_t n) {
    std::vector<std::string> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (ids[i] == nullptr) {
            throw_invalid(std::string(fn) + ": " + name + "[" + std::to_string(i) + "] is NULL");
        }
        out.emplace_back(ids[i]);
    }
    return out;
}

civiscore::csv_options csv_options_of(const char* id_column) {
    civiscore::csv_options options;
    if (id_column != nullptr) options.id_column = id_column;
    return options;
}

const civiscore::dataset& data_of(const civiscore_dataset* d, const char* fn) {
    return require(d, fn, "dataset").data;
}

}  // namespace

extern "C" {

int civiscore_dataset_from_matrix(const double* values, size_t n_units, size_t n_columns,
                                  int layout, size_t stride, const char* const* column_ids,
                                  const char* const* unit_ids, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_from_matrix";
        require(out_dataset, fn, "out_dataset");
        if (layout != CIVISCORE_ROW_MAJOR && layout != CIVISCORE_COL_MAJOR) {
            throw_invalid(std::string(fn) + ": layout is " + std::to_string(layout) +
                          " (must be CIVISCORE_ROW_MAJOR or CIVISCORE_COL_MAJOR)");
        }
        const bool row_major = layout == CIVISCORE_ROW_MAJOR;
        // The stride steps over one row (row-major) or one column (column-major).
        const std::size_t line = row_major ? n_columns : n_units;
        const std::size_t lines = row_major ? n_units : n_columns;
        if (stride != 0 && stride < line) {
            throw_invalid(std::string(fn) + ": stride " + std::to_string(stride) +
                          " is smaller than a " + (row_major ? "row" : "column") + " of " +
                          std::to_string(line) + " elements");
        }
        const std::size_t step = stride == 0 ? line : stride;
        if (lines > 0 && step > 0 && lines - 1 > std::numeric_limits<std::size_t>::max() / step) {
            throw_invalid(std::string(fn) + ": n_units x n_columns overflows size_t");
        }
        if (n_units > 0 && n_columns > 0) require(values, fn, "values");
        if (n_columns > 0) require(column_ids, fn, "column_ids");
        auto columns = id_array(fn, "column_ids", column_ids, n_columns);
        std::vector<std::string> units;
        if (unit_ids != nullptr) units = id_array(fn, "unit_ids", unit_ids, n_units);
        publish(civiscore::dataset_from_matrix(
                    values, n_units, n_columns,
                    row_major ? civiscore::matrix_layout::row_major
                              : civiscore::matrix_layout::col_major,
                    stride, std::move(columns), std::move(units)),
                out_dataset);
    });
}

int civiscore_dataset_read_csv(const char* path, const char* id_column,
                               civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_read_csv";
        require(path, fn, "path");
        require(out_dataset, fn, "out_dataset");
        publish(civiscore::read_csv_file(path, csv_options_of(id_column)), out_dataset);
    });
}

int civiscore_dataset_parse_csv(const char* text, size_t len, const char* id_column,
                                civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_parse_csv";
        const auto csv = text_arg(fn, "text", text, len);
        require(out_dataset, fn, "out_dataset");
        publish(civiscore::parse_csv(csv, csv_options_of(id_column)), out_dataset);
    });
}

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_dataset_free(civiscore_dataset* dataset) {
    std::unique_ptr<civiscore_dataset> owned(dataset);
}

size_t civiscore_dataset_unit_count(const civiscore_dataset* dataset) {
    return guard_value<size_t>(0, [&] {
        return data_of(dataset, "civiscore_dataset_unit_count").unit_count();
    });
}

const char* civiscore_dataset_unit_id(const civiscore_dataset* dataset, size_t unit) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_dataset_unit_id";
        const auto& d = data_of(dataset, fn);
        check_index(fn, "unit", unit, d.unit_ids.size());
        return d.unit_ids[unit].c_str();
    });
}

int civiscore_dataset_unit_ids(const civiscore_dataset* dataset, char* buf, size_t cap,
                               size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_unit_ids";
        const auto& d = data_of(dataset, fn);
        civiscore::capi::check_out_buffer(fn, buf, cap);
        civiscore::capi::copy_out_ids(d.unit_ids, buf, cap, out_len);
    });
}

size_t civiscore_dataset_column_count(const civiscore_dataset* dataset) {
    return guard_value<size_t>(0, [&] {
        return data_of(dataset, "civiscore_dataset_column_count").columns.size();
    });
}

const char* civiscore_dataset_column_id(const civiscore_dataset* dataset, size_t column) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_dataset_column_id";
        const auto& d = data_of(dataset, fn);
        check_index(fn, "column", column, d.columns.size());
        return d.columns[column].id.c_str();
    });
}

}  // extern "C"
