// The assessment workflow through the C ABI: plans, long tables, assessments and allocation.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/assess/assessment.hpp>
#include <civiscore/error.hpp>

#include <algorithm>
#include <memory>
#include <string>

using civiscore::capi::check_array;
using civiscore::capi::check_index;
using civiscore::capi::check_out_buffer;
using civiscore::capi::check_threads;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::text_arg;
using civiscore::capi::throw_invalid;

struct civiscore_plan {
    civiscore::assess::plan_ptr plan;
    civiscore::model_ptr model;
};

struct civiscore_assessment {
    civiscore::assess::assessment assessment;
};

namespace {

const civiscore::assess::assessment& of(const civiscore_assessment* a, const char* fn) {
    return require(a, fn, "assessment").assessment;
}

template <class T>
void publish(T value, T** out) {
    *out = new T(std::move(value));  // NOLINT: ownership passes to the caller (freed by *_free)
}

}  // namespace

extern "C" {

int civiscore_plan_load_string(const civiscore_model* model, const char* json, size_t len, civiscore_plan** out_plan) {
    return guard([&] {
        constexpr const char* fn = "civiscore_plan_load_string";
        const auto& m = require(model, fn, "model");
        const auto text = text_arg(fn, "json", json, len);
        require(out_plan, fn, "out_plan");
        publish(civiscore_plan{civiscore::assess::load_plan(*m.model, text), m.model}, out_plan);
    });
}

int civiscore_plan_load_file(const civiscore_model* model, const char* path, civiscore_plan** out_plan) {
    return guard([&] {
        constexpr const char* fn = "civiscore_plan_load_file";
        const auto& m = require(model, fn, "model");
        require(path, fn, "path");
        require(out_plan, fn, "out_plan");
        publish(civiscore_plan{civiscore::assess::load_plan_file(*m.model, path), m.model}, out_plan);
    });
}

void civiscore_plan_free(civiscore_plan* plan) { std::unique_ptr<civiscore_plan> owned(plan); }

int civiscore_dataset_read_long_csv(const char* path, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_read_long_csv";
        require(path, fn, "path");
        require(out_dataset, fn, "out_dataset");
        publish(civiscore_dataset{civiscore::assess::read_long_csv_file(path)}, out_dataset);
    });
}

int civiscore_dataset_parse_long_csv(const char* text, size_t len, civiscore_dataset** out_dataset) {
    return guard([&] {
        constexpr const char* fn = "civiscore_dataset_parse_long_csv";
        const auto t = text_arg(fn, "text", text, len);
        require(out_dataset, fn, "out_dataset");
        publish(civiscore_dataset{civiscore::assess::parse_long_csv(t)}, out_dataset);
    });
}

int civiscore_assess(const civiscore_model* model, const civiscore_plan* plan, const civiscore_dataset* dataset,
                     const civiscore_dataset* ratings, int n_threads, civiscore_assessment** out_assessment) {
    return guard([&] {
        constexpr const char* fn = "civiscore_assess";
        const auto& m = require(model, fn, "model");
        const auto& p = require(plan, fn, "plan");
        const auto& d = require(dataset, fn, "dataset");
        check_threads(fn, n_threads);
        require(out_assessment, fn, "out_assessment");
        if (p.model->sha256 != m.model->sha256) throw_invalid(std::string(fn) + ": the plan was loaded for another model");
        publish(civiscore_assessment{civiscore::assess::run(m.model, p.plan, d.data, ratings ? &ratings->data : nullptr, n_threads)},
                out_assessment);
    });
}

void civiscore_assessment_free(civiscore_assessment* assessment) { std::unique_ptr<civiscore_assessment> owned(assessment); }

size_t civiscore_assessment_unit_count(const civiscore_assessment* assessment) {
    return guard_value<size_t>(0, [&] { return of(assessment, "civiscore_assessment_unit_count").units.size(); });
}

const char* civiscore_assessment_unit_id(const civiscore_assessment* assessment, size_t unit) {
    return guard_value<const char*>(nullptr, [&] {
        constexpr const char* fn = "civiscore_assessment_unit_id";
        const auto& a = of(assessment, fn);
        check_index(fn, "unit", unit, a.units.size());
        return a.units[unit].unit_id.c_str();
    });
}

int civiscore_assessment_final_scores(const civiscore_assessment* assessment, double* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_assessment_final_scores";
        const auto& a = of(assessment, fn);
        check_array(fn, out, n, a.units.size(), "units");
        for (size_t i = 0; i < n; ++i) out[i] = a.units[i].final_score;
    });
}

int civiscore_assessment_grades(const civiscore_assessment* assessment, int* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_assessment_grades";
        const auto& a = of(assessment, fn);
        check_array(fn, out, n, a.units.size(), "units");
        for (size_t i = 0; i < n; ++i) out[i] = a.units[i].grade;
    });
}

int civiscore_assessment_vetoed(const civiscore_assessment* assessment, int* out, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_assessment_vetoed";
        const auto& a = of(assessment, fn);
        check_array(fn, out, n, a.units.size(), "units");
        for (size_t i = 0; i < n; ++i) out[i] = a.units[i].vetoed ? 1 : 0;
    });
}

int civiscore_assessment_write_string(const civiscore_assessment* assessment, int format, char* buf, size_t cap,
                                      size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_assessment_write_string";
        const auto& a = of(assessment, fn);
        check_out_buffer(fn, buf, cap);
        if (format < CIVISCORE_FORMAT_JSON || format > CIVISCORE_FORMAT_TABLE)
            throw_invalid(std::string(fn) + ": format is " + std::to_string(format) + " (must be CIVISCORE_FORMAT_JSON, _CSV or _TABLE)");
        copy_out(civiscore::assess::write_assessment(a, static_cast<civiscore::assess::report_format>(format)), buf, cap, out_len);
    });
}

int civiscore_allocate(const civiscore_assessment* assessment, const char* options_json, int64_t budget_minor,
                       int64_t* out_amounts, size_t n) {
    return guard([&] {
        constexpr const char* fn = "civiscore_allocate";
        const auto& a = of(assessment, fn);
        check_array(fn, out_amounts, n, a.units.size(), "units");
        if (budget_minor < 0) throw_invalid(std::string(fn) + ": budget_minor is negative");
        const auto config = civiscore::assess::allocation_with(a, options_json ? options_json : "");
        const auto x = civiscore::assess::allocate(a, config, budget_minor);
        std::copy(x.begin(), x.end(), out_amounts);
    });
}

}  // extern "C"
