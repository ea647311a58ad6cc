// The statistics behind the checks, as pure functions: robust location and spread, the regularised
// incomplete gamma function (chi-square p-values), binomial tails, Benford's first-digit law, and a
// documented pseudo-random generator (splitmix64) whose output is the same on every platform.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace check {

// Median of the values (NaN skipped); NaN if none. Averages the two middle values for even counts.
[[nodiscard]] double median(std::vector<double> values);
// Median absolute deviation from the median, unscaled; NaN if no values.
[[nodiscard]] double mad(const std::vector<double>& values);
// 1.4826: MAD times this estimates the standard deviation of normal data.
inline constexpr double mad_scale = 1.4826;

// Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a > 0, x >= 0 (series for x < a + 1,
// continued fraction otherwise; Numerical Recipes §6.2), to about 1e-14 relative.
[[nodiscard]] double gamma_q(double a, double x);
// P(X² >= x) for a chi-square with k degrees of freedom: Q(k/2, x/2).
[[nodiscard]] double chi_square_sf(double x, double dof);

// P(X >= k) for X ~ Binomial(n, p), summed exactly in log space.
[[nodiscard]] double binomial_sf(std::size_t k, std::size_t n, double p);
// P(X >= k) for X a sum of independent Bernoulli(p_i) (Poisson-binomial), by dynamic programming.
[[nodiscard]] double poisson_binomial_sf(std::size_t k, const std::vector<double>& p);

// Benford's first-digit shares log10(1 + 1/d), d = 1..9.
[[nodiscard]] std::array<double, 9> benford_expected() noexcept;
// First significant digit of |x| (1..9), 0 for 0, NaN or infinity.
[[nodiscard]] int first_digit(double x) noexcept;

struct benford_result {
    std::size_t n = 0;
    std::array<double, 9> observed{};  // shares
    double chi_square = 0.0, p_value = 1.0, mad = 0.0;
};
// Chi-square (8 degrees of freedom) and mean absolute deviation of the first-digit shares of the
// nonzero values against Benford's law.
[[nodiscard]] benford_result benford_test(const std::vector<double>& values);
// Nigrini's first-digit MAD conformity: <= 0.006 close, <= 0.012 acceptable, <= 0.015 marginal,
// else nonconformity.
[[nodiscard]] const char* benford_conformity(double mad) noexcept;

// Decimal places of a value as written (the fewest, up to 6, that reproduce it); heaping needs to
// know how fine the recording was.
[[nodiscard]] int decimals_of(double x) noexcept;
// Whether x is a multiple of `base` up to the recording precision.
[[nodiscard]] bool is_multiple(double x, double base) noexcept;

// splitmix64 (Steele, Lea, Flood 2014; the seeding generator of xoshiro): next output of the state.
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t& state) noexcept;
// A uniform double in (0, 1) from 64 random bits (53 bits, never 0).
[[nodiscard]] double unit_interval(std::uint64_t bits) noexcept;
// FNV-1a 64 of a string: a stable per-unit stream id.
[[nodiscard]] std::uint64_t fnv1a64(std::string_view s) noexcept;

}  // namespace check
}  // namespace v0
}  // namespace civiscore
