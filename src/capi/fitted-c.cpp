// Fitting and the fitted state's JSON round trip.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <memory>
#include <string>

using civiscore::capi::check_out_buffer;
using civiscore::capi::check_threads;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::text_arg;

namespace {

void publish(civiscore::fitted fitted, const civiscore::model_ptr& model,
             civiscore_fitted** out_fitted) {
    auto handle = std::make_unique<civiscore_fitted>();
    handle->sha = fitted.sha256();
    handle->fitted = std::move(fitted);
    handle->model = model;
    *out_fitted = handle.release();
}

}  // namespace

extern "C" {

int civiscore_fit(const civiscore_model* model, const civiscore_dataset* dataset, int n_threads,
                  civiscore_fitted** out_fitted) {
    return guard([&] {
        constexpr const char* fn = "civiscore_fit";
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        check_threads(fn, n_threads);
        require(out_fitted, fn, "out_fitted");
        publish(civiscore::fit(*m.model, d.data, n_threads), m.model, out_fitted);
    });
}

// Outside the guard: freeing cannot fail and must not erase the caller's last error.
void civiscore_fitted_free(civiscore_fitted* fitted) {
    std::unique_ptr<civiscore_fitted> owned(fitted);
}

int civiscore_fitted_to_json(const civiscore_fitted* fitted, char* buf, size_t cap,
                             size_t* out_len) {
    return guard([&] {
        constexpr const char* fn = "civiscore_fitted_to_json";
        const auto& f = require(fitted, fn, "fitted");
        check_out_buffer(fn, buf, cap);
        copy_out(f.fitted.to_json(), buf, cap, out_len);
    });
}

int civiscore_fitted_from_json(const civiscore_model* model, const char* json, size_t len,
                               civiscore_fitted** out_fitted) {
    return guard([&] {
        constexpr const char* fn = "civiscore_fitted_from_json";
        const auto& m = require(model, fn, "model");
        const auto text = text_arg(fn, "json", json, len);
        require(out_fitted, fn, "out_fitted");
        publish(civiscore::fitted_from_json(*m.model, text), m.model, out_fitted);
    });
}

}  // extern "C"
