// Read-only access to a result and its writers.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>
#include <civiscore/io/result_writer.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

using civiscore::capi::check_array;
using civiscore::capi::check_index;
using civiscore::capi::check_out_buffer;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace {

const civiscore::result& result_of(const civiscore_result* r, const char* fn) {
    return require(r, fn, "result").result;
}

civiscore::output_format format_of(const char* fn, int format) {
    switch (format) {
        case CIVISCORE_FORMAT_JSON: return civiscore::output_format::json;
        case CIVISCORE_FORMAT_CSV: return civiscore::output_format::csv;
        case CIVISCORE_FORMAT_TABLE: return civiscore::output_format::table;
        default:
            throw_invalid(std::string(fn) + ": format is " + std::to_string(format) +
                          " (must be CIVISCORE_FORMAT_JSON, _CSV or _TABLE)");
    }
}

// Copy one node's scores (or coverage) for every unit; a node the result did not keep (score option
// "keep") is an error naming it, never a row of NaN.
void copy_node_row(const char* fn, const civiscore_result* result, size_t node,
                   const double* (civiscore::result::*column)(std::size_t) const noexcept, double* out, size_t n) {
    const auto& r = result_of(result, fn);
    check_index(fn, "node", node, r.n_nodes);
    const double* first = (r.*column)(node);
    if (first == nullptr)
        throw_invalid(std::string(fn) + ": node " + std::to_string(node) + " ('" + r.model->nodes[node].id +
                      "') was not kept (score option \"keep\"); keep it when scoring");
    check_array(fn, out, n, r.n_units, "units");
    std::copy(first, first + r.n_units, out);
}

}  // namespace

extern "C" {

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_result_free(civiscore_result* result) {
    std::unique_ptr<civiscore_result> owned(result);
}

size_t civiscore_result_unit_count(const civiscore_result* result) {
    return guard_value<size_t>(0, [&] {
        return result_of(result, "civiscore_result_unit_count").n_units;
    });
}

size_t civiscore_result_node_count(const civiscore_result* result) {
    return guard_value<size_t>(0, [&] {
        return result_of(result, "civiscore_result_node_count").n_nodes;
    });
}

const char* civiscore_result_unit_id(const civiscore_result* result, size_t unit) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_result_unit_id";
        const auto& r = result_of(result, fn);
        check_index(fn, "unit", unit, r.unit_ids.size());
        return r.unit_ids[unit].c_str();
    });
}

int civiscore_result_unit_ids(const civiscore_result* result, char* buf, size_t cap,
                              size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_unit_ids";
        const auto& r = result_of(result, fn);
        check_out_buffer(fn, buf, cap);
        civiscore::capi::copy_out_ids(r.unit_ids, buf, cap, out_len);
    });
}

int civiscore_result_node_scores(const civiscore_result* result, size_t node, double* out,
                                 size_t n) {
    return guard([&] {
        copy_node_row("civiscore_result_node_scores", result, node, &civiscore::result::node_scores,
                      out, n);
    });
}

int civiscore_result_node_coverage(const civiscore_result* result, size_t node, double* out,
                                   size_t n) {
    return guard([&] {
        copy_node_row("civiscore_result_node_coverage", result, node,
                      &civiscore::result::node_coverages, out, n);
    });
}

int civiscore_result_scores(const civiscore_result* result, int layout, double* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_scores";
        const auto& r = result_of(result, fn);
        if (layout != CIVISCORE_ROW_MAJOR && layout != CIVISCORE_COL_MAJOR) {
            throw_invalid(std::string(fn) + ": layout is " + std::to_string(layout) +
                          " (must be CIVISCORE_ROW_MAJOR or CIVISCORE_COL_MAJOR)");
        }
        // The dense matrix has a column per node: a partial result would fill some with NaN.
        if (!r.node_row.empty())
            throw_invalid(std::string(fn) + ": the result keeps only some nodes (score option \"keep\"); "
                          "read them with civiscore_result_node_scores, or score without keep");
        check_array(fn, out, n, r.n_units * r.n_nodes, "scores (units x nodes)");
        // Internally node-major, which is exactly the column-major units x nodes matrix.
        if (layout == CIVISCORE_COL_MAJOR) {
            std::copy(r.scores.begin(), r.scores.end(), out);
            return;
        }
        for (std::size_t i = 0; i < r.n_units; ++i) {
            for (std::size_t j = 0; j < r.n_nodes; ++j) out[i * r.n_nodes + j] = r.score(i, j);
        }
    });
}

int civiscore_result_statuses(const civiscore_result* result, int* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_statuses";
        const auto& r = result_of(result, fn);
        check_array(fn, out, n, r.n_units, "units");
        std::transform(r.status.begin(), r.status.end(), out,
                       [](civiscore::unit_status s) { return static_cast<int>(s); });
    });
}

int civiscore_result_ranks(const civiscore_result* result, int64_t* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_ranks";
        const auto& r = result_of(result, fn);
        check_array(fn, out, n, r.n_units, "units");
        std::copy(r.rank.begin(), r.rank.end(), out);
    });
}

int civiscore_result_grades(const civiscore_result* result, int* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_grades";
        const auto& r = result_of(result, fn);
        check_array(fn, out, n, r.n_units, "units");
        std::copy(r.grade.begin(), r.grade.end(), out);
    });
}

int civiscore_result_effective_weights(const civiscore_result* result, double* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_effective_weights";
        const auto& r = result_of(result, fn);
        check_array(fn, out, n, r.effective_weights.size(), "indicators");
        std::copy(r.effective_weights.begin(), r.effective_weights.end(), out);
    });
}

const char* civiscore_result_model_sha256(const civiscore_result* result) {
    return guard_value<const char*>(nullptr, [&] {
        return result_of(result, "civiscore_result_model_sha256").model_sha256.c_str();
    });
}

const char* civiscore_result_fitted_sha256(const civiscore_result* result) {
    return guard_value<const char*>(nullptr, [&] {
        return result_of(result, "civiscore_result_fitted_sha256").fitted_sha256.c_str();
    });
}

int civiscore_result_write_string(const civiscore_result* result, int format, char* buf,
                                  size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_write_string";
        const auto& r = result_of(result, fn);
        const auto f = format_of(fn, format);
        check_out_buffer(fn, buf, cap);
        copy_out(civiscore::write_result(r, f), buf, cap, out_len);
    });
}

int civiscore_result_write_file(const civiscore_result* result, int format, const char* path) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_write_file";
        const auto& r = result_of(result, fn);
        const auto f = format_of(fn, format);
        require(path, fn, "path");
        const std::string text = civiscore::write_result(r, f);
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        if (!file) {
            throw civiscore::io_error(std::string(fn) + ": cannot open '" + path +
                                      "' for writing: " + std::strerror(errno));
        }
        file.write(text.data(), static_cast<std::streamsize>(text.size()));
        file.close();
        if (!file) {
            throw civiscore::io_error(std::string(fn) + ": cannot write '" + path + "'");
        }
    });
}

}  // extern "C"
