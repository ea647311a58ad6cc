// Partial fit statistics: compute per chunk, merge, ship as JSON, finalise into a fitted state.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/error.hpp>

#include <memory>
#include <string>

using civiscore::capi::check_out_buffer;
using civiscore::capi::check_threads;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::text_arg;

namespace {

void publish(civiscore::partial_stats partial, const civiscore::model_ptr& model,
             civiscore_partial** out_partial) {
    auto handle = std::make_unique<civiscore_partial>();
    handle->partial = std::move(partial);
    handle->model = model;
    *out_partial = handle.release();
}

}  // namespace

extern "C" {

int civiscore_partial_compute(const civiscore_model* model, const civiscore_dataset* dataset,
                              int n_threads, civiscore_partial** out_partial) {
    return guard([&] {
        constexpr const char* fn = "civiscore_partial_compute";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        check_threads(fn, n_threads);
        require(out_partial, fn, "out_partial");
        civiscore::require_mergeable(*m.model);
        publish(civiscore::partial_fit(*m.model, d.data, n_threads), m.model, out_partial);
    });
}

int civiscore_partial_merge(const civiscore_partial* a, const civiscore_partial* b,
                            civiscore_partial** out_partial) {
    return guard([&] {
        constexpr const char* fn = "civiscore_partial_merge";
        const auto& pa = require(a, fn, "a");
        const auto& pb = require(b, fn, "b");
        require(out_partial, fn, "out_partial");
        civiscore::partial_stats merged = pa.partial;
        merged.merge(pb.partial);
        publish(std::move(merged), pa.model, out_partial);
    });
}

int64_t civiscore_partial_unit_count(const civiscore_partial* partial) {
    return guard_value<int64_t>(-1, [&] {
        return require(partial, "civiscore_partial_unit_count", "partial").partial.unit_count;
    });
}

int civiscore_partial_to_json(const civiscore_partial* partial, char* buf, size_t cap,
                              size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_partial_to_json";
        const auto& p = require(partial, fn, "partial");
        check_out_buffer(fn, buf, cap);
        copy_out(p.partial.to_json(), buf, cap, out_len);
    });
}

int civiscore_partial_from_json(const civiscore_model* model, const char* json, size_t len,
                                civiscore_partial** out_partial) {
    return guard([&] {
        constexpr const char* fn = "civiscore_partial_from_json";
        const auto& m = require(model, fn, "model");
        const auto text = text_arg(fn, "json", json, len);
        require(out_partial, fn, "out_partial");
        civiscore::require_mergeable(*m.model);
        publish(civiscore::partial_stats_from_json(*m.model, text), m.model, out_partial);
    });
}

int civiscore_partial_finalize(const civiscore_model* model, const civiscore_partial* partial,
                               civiscore_fitted** out_fitted) {
    return guard([&] {
        constexpr const char* fn = "civiscore_partial_finalize";
        const auto& m = require(model, fn, "model");
        const auto& p = require(partial, fn, "partial");
        require(out_fitted, fn, "out_fitted");
        civiscore::require_mergeable(*m.model);
        auto handle = std::make_unique<civiscore_fitted>();
        handle->fitted = civiscore::finalize(*m.model, p.partial);
        handle->sha = handle->fitted.sha256();
        handle->model = m.model;
        *out_fitted = handle.release();
    });
}

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_partial_free(civiscore_partial* partial) {
    std::unique_ptr<civiscore_partial> owned(partial);
}

}  // extern "C"
