// C ABI: data-quality checks (docs/checks.md). The shim maps arguments and options; the checks,
// the sample and the consequences live in src/engine/check. What a report writes is exactly what
// `civiscore check` prints with the same options (src/cli/cmd_check.cpp), so the CLI, C and Python
// never disagree.
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/check/check.hpp>
#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

using civiscore::capi::check_out_buffer;
using civiscore::capi::check_threads;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace check = civiscore::check;

// Only this file sees inside the handle; it is immutable once civiscore_check_run returns.
struct civiscore_check_report {
    check::report report;
    bool has_sample = false;  // the options asked for a verification sample
    std::vector<check::sample_entry> sample;
};

namespace {

// The options of civiscore_check_run, as the CLI's: keys absent keep the model's defaults.
struct run_options {
    std::optional<std::string> period_column, stratify;
    std::optional<double> share;   // "sample": a share, or true for the model's share
    bool sample_default = false;   // "sample": true
    std::optional<std::size_t> size;
    std::optional<std::uint64_t> seed;
};

[[noreturn]] void bad_option(const char* fn, const std::string& key, const std::string& what) {
    throw_invalid(std::string(fn) + ": options_json key '" + key + "' " + what);
}

std::uint64_t non_negative_integer(const char* fn, const std::string& key, const nlohmann::json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
    bad_option(fn, key, "must be a non-negative integer, got " + v.dump());
}

run_options parse_options(const char* fn, const char* options_json) {
    run_options o;
    const nlohmann::json doc = civiscore::capi::options_object(fn, options_json);  // null: no options
    for (const auto& [key, v] : doc.items()) {
        if (key == "period_column" || key == "stratify") {
            if (!v.is_string()) bad_option(fn, key, "must be a string, got " + v.dump());
            (key == "stratify" ? o.stratify : o.period_column) = v.get<std::string>();
        } else if (key == "sample") {
            if (v.is_boolean()) {
                o.sample_default = v.get<bool>();
            } else if (v.is_number() && v.get<double>() > 0 && v.get<double>() <= 1) {
                o.share = v.get<double>();
            } else {
                bad_option(fn, key, "must be a share in (0, 1], e.g. 0.3, or true, got " + v.dump());
            }
        } else if (key == "sample_size") {
            const auto n = non_negative_integer(fn, key, v);
            if (n == 0) bad_option(fn, key, "must be at least 1");
            o.size = static_cast<std::size_t>(n);
        } else if (key == "seed") {
            o.seed = non_negative_integer(fn, key, v);
        } else {
            bad_option(fn, key, "is unknown (known: period_column, sample, sample_size, seed, stratify)");
        }
    }
    const bool want_sample = o.share || o.sample_default || o.size;
    if (o.seed && !want_sample) bad_option(fn, "seed", "needs 'sample' or 'sample_size'");
    if (o.stratify && !want_sample) bad_option(fn, "stratify", "needs 'sample' or 'sample_size'");
    return o;
}

check::report_format format_of(const char* fn, int format) {
    switch (format) {
        case CIVISCORE_FORMAT_JSON: return check::report_format::json;
        case CIVISCORE_FORMAT_CSV: return check::report_format::csv;
        case CIVISCORE_FORMAT_TABLE: return check::report_format::table;
        default:
            throw_invalid(std::string(fn) + ": format is " + std::to_string(format) +
                          " (must be CIVISCORE_FORMAT_JSON, _CSV or _TABLE)");
    }
}

// The report must come from this model: its flags name this model's columns and policies.
void same_model(const char* fn, const civiscore_model& m, const civiscore_check_report& r) {
    if (r.report.model_sha256 != m.model->sha256) {
        throw_invalid(std::string(fn) + ": the check report was made for model '" + r.report.model_id +
                      "' (sha256 " + r.report.model_sha256 + "), not for model '" + m.model->id +
                      "' (sha256 " + m.model->sha256 + ")");
    }
}

// As `civiscore check` prints it (src/cli/cmd_check.cpp): with a sample, JSON wraps both, CSV is
// the sample (one table per CSV), a table shows both.
std::string write(const civiscore_check_report& h, check::report_format f) {
    if (!h.has_sample) return check::write_report(h.report, f);
    if (f == check::report_format::json)
        return "{\n\"report\": " + check::write_report(h.report, f) + ",\n\"sample\": " +
               check::write_sample(h.sample, f) + "}\n";
    if (f == check::report_format::csv) return check::write_sample(h.sample, f);
    return check::write_report(h.report, f) + "\n" + check::write_sample(h.sample, f);
}

}  // namespace

extern "C" {

int civiscore_check_run(const civiscore_model* model, const civiscore_dataset* dataset,
                        const char* options_json, int n_threads, civiscore_check_report** out_report) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_run";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        check_threads(fn, n_threads);
        require(out_report, fn, "out_report");
        const run_options o = parse_options(fn, options_json);

        check::config cfg = check::config_of(*m.model);
        if (o.period_column) cfg.period_column = *o.period_column;
        auto handle = std::make_unique<civiscore_check_report>();
        handle->report = check::run(*m.model, d.data, cfg);

        handle->has_sample = o.share || o.sample_default || o.size;
        if (handle->has_sample) {
            check::sample_options so;
            so.share = o.share.value_or(cfg.sample_share);
            so.size = o.size.value_or(0);
            so.seed = o.seed.value_or(cfg.sample_seed);
            so.stratify = o.stratify.value_or(cfg.stratify_column);
            handle->sample = check::sample(handle->report, d.data, so);
        }
        *out_report = handle.release();
    });
}

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_check_report_free(civiscore_check_report* report) {
    std::unique_ptr<civiscore_check_report> owned(report);
}

size_t civiscore_check_report_flag_count(const civiscore_check_report* report) {
    return guard_value<size_t>(0, [&] {
        return require(report, "civiscore_check_report_flag_count", "report").report.flags.size();
    });
}

int civiscore_check_report_write_string(const civiscore_check_report* report, int format, char* buf,
                                        size_t cap, size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_report_write_string";
        const auto& r = require(report, fn, "report");
        const auto f = format_of(fn, format);
        check_out_buffer(fn, buf, cap);
        copy_out(write(r, f), buf, cap, out_len);
    });
}

int civiscore_check_report_sample_json(const civiscore_check_report* report, char* buf, size_t cap,
                                       size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_report_sample_json";
        const auto& r = require(report, fn, "report");
        check_out_buffer(fn, buf, cap);
        if (!r.has_sample)
            throw_invalid(std::string(fn) + ": no sample was asked for (options 'sample' or 'sample_size')");
        copy_out(check::write_sample(r.sample, check::report_format::json), buf, cap, out_len);
    });
}

int civiscore_check_apply(const civiscore_model* model, const civiscore_dataset* dataset,
                          const civiscore_check_report* report, civiscore_dataset** out_adjusted) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_apply";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        const auto& r = require(report, fn, "report");
        require(out_adjusted, fn, "out_adjusted");
        same_model(fn, m, r);
        auto handle = std::make_unique<civiscore_dataset>();
        handle->data = check::apply(r.report, d.data).data;
        *out_adjusted = handle.release();
    });
}

int civiscore_check_changes_json(const civiscore_model* model, const civiscore_dataset* dataset,
                                 const civiscore_check_report* report, char* buf, size_t cap,
                                 size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_changes_json";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        const auto& r = require(report, fn, "report");
        check_out_buffer(fn, buf, cap);
        same_model(fn, m, r);
        copy_out(check::adjustments_json(check::apply(r.report, d.data).changes), buf, cap, out_len);
    });
}

int civiscore_check_score(const civiscore_model* model, const civiscore_fitted* fitted,
                          const civiscore_dataset* dataset, const civiscore_check_report* report,
                          int n_threads, civiscore_result** out_result) {
    return guard([&] {
        constexpr const char* fn = "civiscore_check_score";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        const auto& r = require(report, fn, "report");
        check_threads(fn, n_threads);
        require(out_result, fn, "out_result");
        same_model(fn, m, r);
        if (fitted != nullptr && fitted->fitted.model_sha256 != m.model->sha256) {
            throw civiscore::fitted_error(std::string(fn) + ": the fitted state was made for another model (sha256 " +
                                          fitted->fitted.model_sha256 + "), not for model '" + m.model->id + "'");
        }
        auto handle = std::make_unique<civiscore_result>();
        handle->result = check::score_checked(m.model, fitted ? &fitted->fitted : nullptr, r.report, d.data,
                                              n_threads);
        *out_result = handle.release();
    });
}

}  // extern "C"
