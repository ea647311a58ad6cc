// Σ x ln x over an array, the cost of entropy weights (one logarithm per scored value). A
// logarithm of our own, branch-free so the compiler vectorises it, summed in a fixed lane order:
// the result is the same on every machine, vector width and thread count.
#pragma once

#include <cstddef>

namespace civiscore {
inline namespace v0 {

// ln x for x > 0 (finite, subnormals included), within 1 ulp of the exact value (fdlibm's method:
// x = 2^k (1 + f), ln(1 + f) = 2s + s R(s²) with s = f/(2 + f)). Anything else: unspecified.
[[nodiscard]] double log_positive(double x) noexcept;

// Σ x ln x over the x[i] > 0 (0 ln 0 = 0; NaN and negatives contribute nothing; +inf gives +inf),
// added in 8 lanes by position then the lanes in order.
[[nodiscard]] double xlogx_sum(const double* x, std::size_t n) noexcept;

}  // namespace v0
}  // namespace civiscore
