// The per-block loops of scoring that dominate its time, as plain functions over arrays so they
// can be cloned per vector width (util/simd_clones.hpp).
#pragma once

#include <cstddef>

#include "util/xlogx.hpp"

namespace civiscore {
inline namespace v0 {

// The weighted arithmetic mean of one block of `len` units over `n_children` children (values[i],
// coverage[i]: child i's scores and coverage for the block; NaN coverage = not applicable, NaN score
// = missing). Writes the mean over the applicable, scored children with their weights re-normalised
// (NaN when none) and the coverage Σ w·coverage / Σ w over the applicable ones (NaN when none
// applies); a mean whose coverage is below min_coverage is NaN. Each unit sums its children in
// child order, so the result equals a unit-by-unit loop.
void weighted_mean_block(const double* const* values, const double* const* coverage, const double* w,
                         std::size_t n_children, double min_coverage, double* out, double* cov, std::size_t len) noexcept;

// One indicator scored by min_max straight from its data column (unit 0 at x).
struct min_max_input {
    const double* x;
    min_max_map map;
};

// weighted_mean_block over children that are all min_max indicators with the "skip" missing policy
// (coverage 1 where scored, 0 where missing), read from their data columns for units [begin, begin
// + len): the same operations in the same order as scoring each child and then weighted_mean_block,
// without writing the children's scores.
void min_max_mean_block(const min_max_input* in, const double* w, std::size_t n_children, double min_coverage, double* out,
                        double* cov, std::size_t begin, std::size_t len) noexcept;

}  // namespace v0
}  // namespace civiscore
