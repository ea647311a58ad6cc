// C ABI: period roll-ups and reading a dataset's values back (include/civiscore.h, "Period roll-ups").
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>
#include <civiscore/io/csv_writer.hpp>
#include <civiscore/period_rollup.hpp>

#include <memory>
#include <string>

using civiscore::capi::check_array;
using civiscore::capi::check_index;
using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

extern "C" {

int civiscore_dataset_rollup_periods(const civiscore_model* model, const civiscore_dataset* long_data,
                                     const char* period_column, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_rollup_periods";
        const auto& m = require(model, fn, "model");
        const auto& d = require(long_data, fn, "long_data");
        require(period_column, fn, "period_column");
        require(out_dataset, fn, "out_dataset");
        if (*period_column == '\0') throw_invalid(std::string(fn) + ": period_column is empty");
        auto handle = std::make_unique<civiscore_dataset>();
        handle->data = civiscore::rollup_periods(*m.model, d.data, period_column);
        *out_dataset = handle.release();
    });
}

int civiscore_dataset_column_values(const civiscore_dataset* dataset, size_t column, double* out_values,
                                    size_t n_units) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_column_values";
        const auto& d = require(dataset, fn, "dataset").data;
        check_index(fn, "column", column, d.columns.size());
        check_array(fn, out_values, n_units, d.unit_count(), "units");
        const auto& c = d.columns[column];
        if (!c.numeric)
            throw civiscore::data_error(c.not_numeric_where + ": column '" + c.id + "' is text, not numbers");
        for (std::size_t u = 0; u < n_units; ++u) out_values[u] = c.values[u];
    });
}

int civiscore_dataset_to_csv(const civiscore_dataset* dataset, const char* id_column, char* buf, size_t cap,
                             size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_to_csv";
        const auto& d = require(dataset, fn, "dataset").data;
        check_out_buffer(fn, buf, cap);
        const std::string text = civiscore::dataset_to_csv(d, id_column && *id_column ? id_column : "unit_id");
        copy_out(text, buf, cap, out_len);
    });
}

}  // extern "C"
