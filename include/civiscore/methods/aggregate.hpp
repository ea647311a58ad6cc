// Aggregators of a node's children, per unit. Pure functions.
#pragma once

#include <cstddef>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class aggregation { arithmetic, geometric, harmonic };

// Weighted mean of n values with weights w (> 0), skipping NaN values and re-normalising the weights
// over the values present. Returns NaN when no value is present.
//  - arithmetic: sum w x / sum w
//  - geometric:  prod x^(w / sum w); any zero value gives 0 (the limit), never NaN
//  - harmonic:   sum w / sum (w / x); any zero value gives 0 (the limit), never NaN
// Geometric and harmonic means need x >= 0: a negative value returns NaN and sets *negative = true
// so the caller can report which unit and node.
[[nodiscard]] double weighted_mean(aggregation a, const double* x, const double* w, std::size_t n,
                                   bool* negative) noexcept;

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
