// Counter-based random numbers: every draw is a pure function of (seed, stream, index), so a
// replication's inputs never depend on which thread ran it or in which order (docs/sensitivity.md).
#pragma once

#include <cmath>
#include <cstdint>

namespace civiscore {
inline namespace v0 {
namespace analysis {

// SplitMix64's finaliser: a bijective mix with full avalanche, enough for a hash-based generator.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

[[nodiscard]] constexpr std::uint64_t hash3(std::uint64_t seed, std::uint64_t a, std::uint64_t b) noexcept {
    return mix64(mix64(mix64(seed) ^ a) ^ b);
}

// 53 random bits mapped to the open interval (0, 1): never 0 or 1, so logs and inverse CDFs are safe.
[[nodiscard]] constexpr double to_unit(std::uint64_t h) noexcept {
    return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;
}

[[nodiscard]] constexpr double uniform(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) noexcept {
    return to_unit(hash3(seed, stream, index));
}

// A sequential generator over one key, for draws whose count is not fixed (gamma rejection).
class counter_rng {
public:
    explicit counter_rng(std::uint64_t key) noexcept : key_(key) {}
    double next() noexcept { return to_unit(hash3(key_, 0x5eedULL, counter_++)); }
    double normal() noexcept {  // Box-Muller; one of the pair is enough here
        const double u1 = next(), u2 = next();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // Gamma(shape, 1), Marsaglia & Tsang (2000); shape < 1 by the boost G(a) = G(a+1) U^(1/a).
    double gamma(double shape) noexcept {
        if (shape < 1.0) return gamma(shape + 1.0) * std::pow(next(), 1.0 / shape);
        const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0, v = 0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            const double u = next();
            if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
        }
    }

private:
    std::uint64_t key_;
    std::uint64_t counter_ = 0;
};

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
