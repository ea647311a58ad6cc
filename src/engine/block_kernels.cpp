#include "engine/block_kernels.hpp"

#include "util/simd_clones.hpp"

#include <algorithm>

namespace civiscore {
inline namespace v0 {

// Child by child over the units, so the compiler vectorises the inner loop; out[] collects Σ w·v and
// cov[] Σ w·coverage over the present children before becoming the mean and the coverage. 0/0 (no
// child present, or only weight-0 children) is NaN, as a missing score should be. Missing values
// enter as w·0 (never w·NaN) and x + 0 = x, so nothing but the present children changes a sum.
CIVISCORE_SIMD_CLONES void weighted_mean_block(const double* const* values, const double* const* coverage, const double* w,
                                               std::size_t n_children, double min_coverage, double* out, double* cov,
                                               double* applicable, double* den, std::size_t len) noexcept {
    std::fill(out, out + len, 0.0);
    std::fill(cov, cov + len, 0.0);
    std::fill(applicable, applicable + len, 0.0);
    std::fill(den, den + len, 0.0);
    for (std::size_t i = 0; i < n_children; ++i) {
        const double wi = w[i];
        const double* c = coverage[i];
        const double* v = values[i];
        for (std::size_t k = 0; k < len; ++k) {
            const bool a = c[k] == c[k];      // applicable to this unit
            const bool p = a & (v[k] == v[k]);  // and scored
            applicable[k] += wi * (a ? 1.0 : 0.0);
            den[k] += wi * (p ? 1.0 : 0.0);
            cov[k] += wi * (p ? c[k] : 0.0);
            out[k] += wi * (p ? v[k] : 0.0);
        }
    }
    for (std::size_t k = 0; k < len; ++k) {
        const bool none = applicable[k] == 0;
        const double coverage_k = cov[k] / applicable[k];
        const double mean = coverage_k < min_coverage ? __builtin_nan("") : out[k] / den[k];
        cov[k] = none ? __builtin_nan("") : coverage_k;
        out[k] = none ? __builtin_nan("") : mean;
    }
}

}  // namespace v0
}  // namespace civiscore
