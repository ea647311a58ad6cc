// Scoring a dataset with a model and, optionally, a fitted state.
#include "capi/score_run.hpp"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"
#include "engine/score_checked_ids.hpp"

#include <civiscore/error.hpp>

#include <memory>
#include <string>

using civiscore::capi::check_threads;
using civiscore::capi::guard;
using civiscore::capi::require;

namespace civiscore::capi {

void score_into(const char* fn, const civiscore_model* model, const civiscore_fitted* fitted,
                const civiscore_dataset* dataset, int n_threads, const score_options& options,
                civiscore_result** out_result) {
    const auto& m = require(model, fn, "model");
    const auto& d = require(dataset, fn, "dataset");
    check_threads(fn, n_threads);
    require(out_result, fn, "out_result");
    auto handle = std::make_unique<civiscore_result>();
    civiscore::fitted learned;  // without a fitted state: fit on the data first, as civiscore::score does
    if (fitted == nullptr) {
        learned = civiscore::fit(*m.model, d.data, n_threads);
    } else if (fitted->fitted.model_sha256 != m.model->sha256) {
        // A fitted state from another model would silently mis-scale every indicator.
        const std::string other = fitted->model ? " '" + fitted->model->id + "'" : "";
        throw civiscore::fitted_error(std::string(fn) + ": the fitted state was made for another model" + other +
                                      " (model sha256 " + fitted->fitted.model_sha256 + "), not for model '" +
                                      m.model->id + "' (sha256 " + m.model->sha256 + ")");
    }
    const civiscore::fitted& f = fitted ? fitted->fitted : learned;
    handle->result = d.unit_ids_checked ? civiscore::score_with_checked_ids(m.model, f, d.data, n_threads, options)
                                        : civiscore::score(m.model, f, d.data, n_threads, options);
    *out_result = handle.release();
}

}  // namespace civiscore::capi

extern "C" {

int civiscore_score(const civiscore_model* model, const civiscore_fitted* fitted,
                    const civiscore_dataset* dataset, int n_threads,
                    civiscore_result** out_result) {
    return guard([&] {
        civiscore::capi::score_into("civiscore_score", model, fitted, dataset, n_threads, {}, out_result);
    });
}

}  // extern "C"
