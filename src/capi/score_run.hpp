// The scoring step shared by civiscore_score and civiscore_score_opts: argument checks, the fitted
// state's model check, fit-on-the-data when no fitted state is given.
#pragma once

#include "civiscore.h"

#include <civiscore/engine.hpp>

namespace civiscore::capi {

// Score `dataset` with `model` (fitted on the dataset first when `fitted` is NULL) into a new
// *out_result; invalid_argument naming `fn` for NULL arguments, fitted_error for a fitted state of
// another model. Nothing is written to *out_result on error.
void score_into(const char* fn, const civiscore_model* model, const civiscore_fitted* fitted,
                const civiscore_dataset* dataset, int n_threads, const score_options& options,
                civiscore_result** out_result);

}  // namespace civiscore::capi
