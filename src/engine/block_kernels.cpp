#include "engine/block_kernels.hpp"

#include "util/simd_clones.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace {

using vec = double __attribute__((vector_size(32)));
constexpr std::size_t lanes = sizeof(vec) / sizeof(double), step = 2 * lanes;  // two vectors a child

// Means and coverages of `count` (<= step) units from their sums: Σ w·v / Σ w over the present
// children, Σ w·coverage / Σ w over the applicable ones; NaN where none applies, and a mean whose
// coverage is below min_coverage is NaN.
[[gnu::always_inline]] inline void finish_means(const vec (&num)[2], const vec (&covered)[2], const vec (&applicable)[2],
                                                const vec (&den)[2], double min_coverage, double* out, double* cov,
                                                std::size_t count) noexcept {
    const vec zero{}, nan = zero + __builtin_nan("");
    for (std::size_t h = 0; h < 2; ++h) {
        const vec coverage_k = covered[h] / applicable[h];
        const vec mean = coverage_k < min_coverage ? nan : num[h] / den[h];
        const vec m = applicable[h] == zero ? nan : mean, c = applicable[h] == zero ? nan : coverage_k;
        if (count == step) {
            std::memcpy(out + h * lanes, &m, sizeof m);
            std::memcpy(cov + h * lanes, &c, sizeof c);
        } else {
            for (std::size_t l = 0; l < lanes && h * lanes + l < count; ++l) {
                out[h * lanes + l] = m[l];
                cov[h * lanes + l] = c[l];
            }
        }
    }
}

}  // namespace


// Eight units at a time in two explicit vectors (GCC/Clang vector extensions), all four sums of a unit
// in registers while its children go by in child order: the compiler left the scalar form with its
// branches unvectorised. Written so that GCC 12 keeps it in vector registers: 32-byte vectors (the
// AVX2 width; 64-byte ones are split, and their compares come out scalar), everything in this one
// cloned function (helpers are compiled for the baseline target before they are inlined).
//
// Per unit: Σ w·v and Σ w·coverage over the present children, Σ w over the applicable and over the
// present ones; then mean and coverage. 0/0 (no child present, or only weight-0 children) is NaN,
// as a missing score should be. Missing values enter as w·0 (never w·NaN) and x + 0 = x, so nothing
// but the present children changes a sum.
CIVISCORE_SIMD_CLONES void weighted_mean_block(const double* const* values, const double* const* coverage, const double* w,
                                               std::size_t n_children, double min_coverage, double* out, double* cov,
                                               std::size_t len) noexcept {
    const double nan_value = __builtin_nan("");
    const vec zero{}, nan = zero + nan_value;
    // The last units of a block that fill no whole step: copies of their values, padded with NaN
    // coverage (not applicable), so they go through exactly the same operations.
    std::vector<double> padded;
    std::vector<const double*> padded_values, padded_coverage;
    for (std::size_t k = 0; k < len; k += step) {
        const double* const* vs = values;
        const double* const* cs = coverage;
        std::size_t at = k;
        const std::size_t count = std::min(step, len - k);
        if (count < step) {
            padded.assign(2 * step * n_children, nan_value);
            padded_values.resize(n_children);
            padded_coverage.resize(n_children);
            for (std::size_t i = 0; i < n_children; ++i) {
                double* pv = padded.data() + 2 * step * i;
                std::copy(values[i] + k, values[i] + len, pv);
                std::copy(coverage[i] + k, coverage[i] + len, pv + step);
                padded_values[i] = pv;
                padded_coverage[i] = pv + step;
            }
            vs = padded_values.data();
            cs = padded_coverage.data();
            at = 0;
        }
        vec num[2] = {zero, zero}, covered[2] = {zero, zero}, applicable[2] = {zero, zero}, den[2] = {zero, zero};
        for (std::size_t i = 0; i < n_children; ++i) {
            const vec wi = zero + w[i];
            for (std::size_t h = 0; h < 2; ++h) {
                vec c, v;
                std::memcpy(&c, cs[i] + at + h * lanes, sizeof c);
                std::memcpy(&v, vs[i] + at + h * lanes, sizeof v);
                const vec scored_c = v == v ? c : nan;  // NaN unless applicable and scored
                const auto p = scored_c == scored_c;
                applicable[h] += c == c ? wi : zero;
                den[h] += p ? wi : zero;
                covered[h] += wi * (p ? c : zero);
                num[h] += wi * (p ? v : zero);
            }
        }
        finish_means(num, covered, applicable, den, min_coverage, out + k, cov + k, count);
    }
}

// As weighted_mean_block, with each child's score and coverage computed from its data column in
// place: v as methods::min_max computes it, coverage 1 where v is a number and 0 where it is not
// (missing policy "skip"), so the coverage is never NaN and every child applies.
CIVISCORE_SIMD_CLONES void min_max_mean_block(const min_max_input* in, const double* w, std::size_t n_children,
                                              double min_coverage, double* out, double* cov, std::size_t begin,
                                              std::size_t len) noexcept {
    const double nan_value = __builtin_nan("");
    const vec zero{}, one = zero + 1.0;
    std::vector<double> padded;  // the last units that fill no whole step, padded with NaN
    for (std::size_t k = 0; k < len; k += step) {
        const std::size_t count = std::min(step, len - k);
        if (count < step) {
            padded.assign(step * n_children, nan_value);
            for (std::size_t i = 0; i < n_children; ++i) std::copy(in[i].x + begin + k, in[i].x + begin + k + count, padded.data() + step * i);
        }
        vec num[2] = {zero, zero}, covered[2] = {zero, zero}, applicable[2] = {zero, zero}, den[2] = {zero, zero};
        for (std::size_t i = 0; i < n_children; ++i) {
            const min_max_map& c = in[i].map;
            const double* x = count < step ? padded.data() + step * i : in[i].x + begin + k;
            const vec wi = zero + w[i];
            for (std::size_t h = 0; h < 2; ++h) {
                vec xv;
                std::memcpy(&xv, x + h * lanes, sizeof xv);
                const vec v = c.benefit ? c.lo + (xv - c.from) / c.span * c.width : c.lo + (c.from - xv) / c.span * c.width;
                const vec cv = v == v ? one : zero;
                applicable[h] += wi;  // cv == cv: a "skip" indicator always applies
                den[h] += v == v ? wi : zero;
                covered[h] += wi * (v == v ? cv : zero);
                num[h] += wi * (v == v ? v : zero);
            }
        }
        finish_means(num, covered, applicable, den, min_coverage, out + k, cov + k, count);
    }
}

}  // namespace v0
}  // namespace civiscore
