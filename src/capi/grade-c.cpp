// Grade thresholds of a model, so scores produced anywhere (a Dask partition, a database) can be
// graded by the model's own bands.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <cmath>

using civiscore::capi::check_index;
using civiscore::capi::guard_value;
using civiscore::capi::require;

extern "C" {

double civiscore_model_grade_min(const civiscore_model* model, size_t grade) {
    return guard_value<double>(NAN, [&] {
        constexpr const char* fn = "civiscore_model_grade_min";
        const auto& m = *require(model, fn, "model").model;
        check_index(fn, "grade", grade, m.grades.size());
        return m.grades[grade].min;
    });
}

}  // extern "C"
