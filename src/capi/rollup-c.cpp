// Read access to a result's unit roll-up (civiscore/rollup.hpp): levels, groups, their scores,
// counts, ranks and grades, and each unit's group and rank within it.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>
#include <civiscore/io/rollup_writer.hpp>
#include <civiscore/rollup.hpp>

#include <algorithm>
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

const civiscore::rollup_level& level_of(const civiscore_result* result, const char* fn, size_t level) {
    const auto& r = result_of(result, fn);
    if (!r.rollup)
        throw_invalid(std::string(fn) + ": model '" + (r.model ? r.model->id : std::string("?")) +
                      "' declares no unit levels (a \"units\" section)");
    check_index(fn, "level", level, r.rollup->levels.size());
    return r.rollup->levels[level];
}

// Copy a per-group (or per-unit) array into a caller buffer of exactly its size.
template <class Out, class In>
void copy_array(const char* fn, const std::vector<In>& from, Out* out, size_t n, const char* of_what) {
    check_array(fn, out, n, from.size(), of_what);
    std::transform(from.begin(), from.end(), out, [](In v) { return static_cast<Out>(v); });
}

}  // namespace

extern "C" {

size_t civiscore_model_unit_level_count(const civiscore_model* model) {
    return guard_value<size_t>(0, [&] {
        return require(model, "civiscore_model_unit_level_count", "model").model->units.levels.size();
    });
}

const char* civiscore_model_unit_level_column(const civiscore_model* model, size_t level) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_model_unit_level_column";
        const auto& levels = require(model, fn, "model").model->units.levels;
        check_index(fn, "level", level, levels.size());
        return levels[level].column.c_str();
    });
}

const char* civiscore_model_unit_weight_column(const civiscore_model* model) {
    return guard_value<const char*>(nullptr, [&] {
        return require(model, "civiscore_model_unit_weight_column", "model").model->units.weight_column.c_str();
    });
}

size_t civiscore_result_rollup_level_count(const civiscore_result* result) {
    return guard_value<size_t>(0, [&] {
        const auto& r = result_of(result, "civiscore_result_rollup_level_count");
        return r.rollup ? r.rollup->levels.size() : size_t{0};
    });
}

const char* civiscore_result_rollup_level_id(const civiscore_result* result, size_t level) {
    return guard_value<const char*>(nullptr, [&] {
        return level_of(result, "civiscore_result_rollup_level_id", level).id.c_str();
    });
}

size_t civiscore_result_rollup_group_count(const civiscore_result* result, size_t level) {
    return guard_value<size_t>(0, [&] {
        return level_of(result, "civiscore_result_rollup_group_count", level).groups.size();
    });
}

const char* civiscore_result_rollup_group_id(const civiscore_result* result, size_t level, size_t group) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_result_rollup_group_id";
        const auto& lv = level_of(result, fn, level);
        check_index(fn, "group", group, lv.groups.size());
        return lv.groups[group].c_str();
    });
}

ptrdiff_t civiscore_result_rollup_group_parent(const civiscore_result* result, size_t level, size_t group) {
    return guard_value<ptrdiff_t>(-1, [&] {
        constexpr const char* fn = "civiscore_result_rollup_group_parent";
        const auto& lv = level_of(result, fn, level);
        check_index(fn, "group", group, lv.groups.size());
        return static_cast<ptrdiff_t>(lv.parent[group]);
    });
}

int civiscore_result_rollup_scores(const civiscore_result* result, size_t level, size_t node, double* out,
                                   size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_scores";
        const auto& lv = level_of(result, fn, level);
        const auto& r = result_of(result, fn);
        check_index(fn, "node", node, r.n_nodes);
        if (!r.kept(node))
            throw_invalid(std::string(fn) + ": node " + std::to_string(node) + " ('" + r.model->nodes[node].id +
                          "') was not kept (score option \"keep\"), so its roll-up scores were not computed");
        check_array(fn, out, n, lv.groups.size(), "groups");
        const auto first = lv.scores.begin() + static_cast<std::ptrdiff_t>(node * lv.groups.size());
        std::copy(first, first + static_cast<std::ptrdiff_t>(lv.groups.size()), out);
    });
}

int civiscore_result_rollup_counts(const civiscore_result* result, size_t level, int kind, int64_t* out,
                                   size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_counts";
        const auto& lv = level_of(result, fn, level);
        switch (kind) {
            case CIVISCORE_ROLLUP_UNITS: copy_array(fn, lv.n_units, out, n, "groups"); break;
            case CIVISCORE_ROLLUP_SCORED: {
                const std::vector<std::int64_t> root(lv.counts.begin(), lv.counts.begin() + static_cast<std::ptrdiff_t>(lv.groups.size()));
                copy_array(fn, root, out, n, "groups");
                break;
            }
            case CIVISCORE_ROLLUP_UNSCORED: copy_array(fn, lv.n_unscored, out, n, "groups"); break;
            case CIVISCORE_ROLLUP_NO_WEIGHT: copy_array(fn, lv.n_no_weight, out, n, "groups"); break;
            default:
                throw_invalid(std::string(fn) + ": kind is " + std::to_string(kind) +
                              " (must be CIVISCORE_ROLLUP_UNITS, _SCORED, _UNSCORED or _NO_WEIGHT)");
        }
    });
}

int civiscore_result_rollup_weights(const civiscore_result* result, size_t level, double* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_weights";
        copy_array(fn, level_of(result, fn, level).weight, out, n, "groups");
    });
}

int civiscore_result_rollup_ranks(const civiscore_result* result, size_t level, int64_t* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_ranks";
        copy_array(fn, level_of(result, fn, level).rank, out, n, "groups");
    });
}

int civiscore_result_rollup_ranks_in_parent(const civiscore_result* result, size_t level, int64_t* out,
                                            size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_ranks_in_parent";
        copy_array(fn, level_of(result, fn, level).rank_in_parent, out, n, "groups");
    });
}

int civiscore_result_rollup_grades(const civiscore_result* result, size_t level, int* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_grades";
        copy_array(fn, level_of(result, fn, level).grade, out, n, "groups");
    });
}

int civiscore_result_unit_groups(const civiscore_result* result, size_t level, int64_t* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_unit_groups";
        copy_array(fn, level_of(result, fn, level).unit_group, out, n, "units");
    });
}

int civiscore_result_unit_ranks_in(const civiscore_result* result, size_t level, int64_t* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_unit_ranks_in";
        copy_array(fn, level_of(result, fn, level).unit_rank, out, n, "units");
    });
}

int civiscore_result_rollup_write_string(const civiscore_result* result, int format, char* buf, size_t cap,
                                         size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_result_rollup_write_string";
        const auto& r = result_of(result, fn);
        check_out_buffer(fn, buf, cap);
        civiscore::output_format f{};
        switch (format) {
            case CIVISCORE_FORMAT_JSON: f = civiscore::output_format::json; break;
            case CIVISCORE_FORMAT_CSV: f = civiscore::output_format::csv; break;
            case CIVISCORE_FORMAT_TABLE: f = civiscore::output_format::table; break;
            default:
                throw_invalid(std::string(fn) + ": format is " + std::to_string(format) +
                              " (must be CIVISCORE_FORMAT_JSON, _CSV or _TABLE)");
        }
        copy_out(civiscore::write_rollup(r, f), buf, cap, out_len);
    });
}

}  // extern "C"
