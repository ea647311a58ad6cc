// Σ x ln x over an array, the cost of entropy weights (one logarithm per scored value). A
// logarithm of our own, four values per vector, summed in a fixed lane order: the result is the
// same on every machine, vector width and thread count.
#pragma once

#include <cstddef>
#include <cstdint>

namespace civiscore {
inline namespace v0 {

// ln x for x > 0 (finite, subnormals included), within 2 ulp of max(1, |ln x|): x = 2^k m, a
// table of ln c for 128 centres c of [1, 2), and the series of ln(1 + r), r = (m - c)/c
// (util/xlogx.cpp). Anything else: unspecified.
[[nodiscard]] double log_positive(double x) noexcept;

// Σ x ln x over the x[i] > 0 (0 ln 0 = 0; NaN and negatives contribute nothing; +inf gives +inf),
// added in 8 lanes by position then the lanes in order.
[[nodiscard]] double xlogx_sum(const double* x, std::size_t n) noexcept;

// methods::min_max's arithmetic for one indicator: lo + (x - from) / span * width, or
// lo + (from - x) / span * width for a cost indicator.
struct min_max_map {
    double from = 0, span = 1, lo = 0, width = 1;
    bool benefit = true;
};

// What entropy weights need of a column of scores z, in one pass: per lane (position mod 4) the
// count and sum of the present (non-NaN) z; Σ z ln z as xlogx_sum adds it; whether any z < 0. z is
// x itself, or with `map` the min_max score of x computed as lo + (x - from) * (±width / span):
// within an ulp or two of scoring's lo + (x - from) / span * width, without its vector division.
// Both ways of fitting (fused and node by node) fold plain min_max indicators this way, so they
// learn the same bits.
struct entropy_terms {
    double sum[4];
    std::int64_t count[4];
    double t;
    bool negative;
};
[[nodiscard]] entropy_terms entropy_terms_of(const double* x, std::size_t n, const min_max_map* map) noexcept;

}  // namespace v0
}  // namespace civiscore
