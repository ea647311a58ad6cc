// civiscore_core is compiled with -ffp-contract=off (no fused multiply-adds), so every clone below
// (and a Debug build) rounds exactly like the others, and -fno-trapping-math, which lets the
// compiler compute both sides of the selects (it vectorises nothing with branches).
#include "util/xlogx.hpp"

#include "util/log_table.hpp"
#include "util/simd_clones.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace civiscore {
inline namespace v0 {

namespace {

inline std::uint64_t bits_of(double x) noexcept {
    std::uint64_t u;
    std::memcpy(&u, &x, sizeof u);
    return u;
}

inline double double_of(std::uint64_t u) noexcept {
    double x;
    std::memcpy(&x, &u, sizeof x);
    return x;
}

// ln 2 split so that k ln2_hi is exact (fdlibm's split).
constexpr double ln2_hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000
constexpr double ln2_lo = 1.90821492927058770002e-10;  // 0x3dea39ef35793c76
constexpr std::uint64_t mantissa_bits = 0x000fffffffffffffull, one_bits = 0x3ff0000000000000ull;
constexpr std::uint64_t interval_bits = 0x000fe00000000000ull, centre_bits = 0x0000100000000000ull;

// ln x = k ln 2 + ln c + ln(1 + r): x = 2^k m with m in [1, 2), c the centre of m's 1/128 of that
// range (log_table.hpp), r = (m - c)/c with |r| < 2^-8 (m - c is exact), ln(1 + r) by its series to
// r^7. No division by a variable that is near zero and one table read: about 1.5 times as fast as
// fdlibm's ln on four values per vector. The absolute error stays within about 2^-52 max(1, |ln x|):
// what a sum of x ln x needs, though near x = 1 the error is not relative to ln x itself.
// The steps are written once for scalars and once for vectors (entropy_terms_of), in the same
// order, so both round alike.
inline double log_core(double x) noexcept {
    // Subnormals: scale into the normal range first (exact), and take 54 off the exponent.
    const bool tiny = x < 0x1p-1022;
    x = tiny ? x * 0x1p54 : x;
    const std::uint64_t u = bits_of(x);
    // k as a double without an integer conversion (which AVX2 lacks): 2^52 + e, minus 2^52.
    const double k = (double_of((u >> 52) | 0x4330000000000000ull) - 0x1p52) - 1023.0 - (tiny ? 54.0 : 0.0);
    const double m = double_of((u & mantissa_bits) | one_bits);
    const double c = double_of((u & interval_bits) | centre_bits | one_bits);
    const double r = (m - c) / c;
    const double r2 = r * r;
    const double p = r + (r2 * (-0.5 + r * (1.0 / 3)) + (r2 * r2) * ((-0.25 + r * 0.2) + r2 * (-1.0 / 6 + r * (1.0 / 7))));
    return (k * ln2_hi + log_centres[(u >> 45) & 127]) + (k * ln2_lo + p);
}

constexpr std::size_t lanes = 8;

// y = x ln x where that is defined (x > 0, finite), +inf for +inf, 0 otherwise.
inline double xlogx(double v) noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const bool ok = (v > 0) & (v < inf);
    return ok ? v * log_core(v) : (v == inf ? inf : 0.0);
}

}  // namespace

double log_positive(double x) noexcept { return log_core(x); }

// log_core on four values at once, written out in GCC/Clang vector extensions inside this one
// cloned function (helpers would be compiled for the baseline target before inlining, and their
// vector code come out scalar). Every operation is log_core's, in its order, so each lane rounds
// exactly as the scalar code, which does the last n mod 8 values. Values go by eight: the
// first four into lanes 0-3 of the sums, the next four into lanes 4-7 of Σ z ln z and again lanes
// 0-3 of the count and Σ z, so position i lands in lane i mod 8 (resp. i mod 4).
CIVISCORE_SIMD_CLONES entropy_terms entropy_terms_of(const double* x, std::size_t n, const min_max_map* map) noexcept {
    using vec4 = double __attribute__((vector_size(4 * sizeof(double))));
    using bits4 = std::uint64_t __attribute__((vector_size(4 * sizeof(double))));
    constexpr double inf = std::numeric_limits<double>::infinity();
    const min_max_map m = map ? *map : min_max_map{};
    // The score's slope, signed for the direction: a product where scoring divides (a vector
    // division costs as much as the rest of the map and the logarithm's polynomial together here).
    const double slope = (m.benefit ? m.width : -m.width) / m.span;
    const vec4 zero{}, one = zero + 1.0;
    vec4 acc[2] = {zero, zero};  // Σ z ln z, lanes 0-3 and 4-7
    vec4 sum = zero, count = zero, lowest = zero + inf;
    const std::size_t whole = n - n % lanes;
    for (std::size_t i = 0; i < whole; i += lanes) {
        for (std::size_t h = 0; h < 2; ++h) {
            vec4 v;
            std::memcpy(&v, x + i + 4 * h, sizeof v);
            if (map) v = m.lo + (v - m.from) * slope;
            sum += v == v ? v : zero;
            count += v == v ? one : zero;  // exact in a double far beyond any block
            lowest = v < lowest ? v : lowest;
            const auto ok = (v > zero) & (v < inf);
            vec4 a = ok ? v : one;
            const auto tiny = a < 0x1p-1022;
            a = tiny ? a * 0x1p54 : a;
            bits4 u;
            std::memcpy(&u, &a, sizeof u);
            const bits4 e_bits = (u >> 52) | 0x4330000000000000ull;
            const bits4 m_bits = (u & mantissa_bits) | one_bits;
            const bits4 c_bits = (u & interval_bits) | centre_bits | one_bits;
            const bits4 i = (u >> 45) & 127;
            vec4 e, mantissa, c;
            std::memcpy(&e, &e_bits, sizeof e);
            std::memcpy(&mantissa, &m_bits, sizeof mantissa);
            std::memcpy(&c, &c_bits, sizeof c);
            const vec4 k = (e - 0x1p52) - 1023.0 - (tiny ? zero + 54.0 : zero);
            const vec4 lc = {log_centres[i[0]], log_centres[i[1]], log_centres[i[2]], log_centres[i[3]]};
            const vec4 r = (mantissa - c) / c;
            const vec4 r2 = r * r;
            const vec4 p = r + (r2 * (-0.5 + r * (1.0 / 3)) + (r2 * r2) * ((-0.25 + r * 0.2) + r2 * (-1.0 / 6 + r * (1.0 / 7))));
            const vec4 l = (k * ln2_hi + lc) + (k * ln2_lo + p);
            const vec4 other = v == inf ? zero + inf : zero;
            acc[h] += ok ? v * l : other;
        }
    }
    entropy_terms out{};
    double t_lane[lanes];
    for (std::size_t l = 0; l < 4; ++l) {
        t_lane[l] = acc[0][l];
        t_lane[l + 4] = acc[1][l];
        out.sum[l] = sum[l];
        out.count[l] = static_cast<std::int64_t>(count[l]);
        out.negative |= lowest[l] < 0;
    }
    for (std::size_t i = whole; i < n; ++i) {
        const double v = map ? m.lo + (x[i] - m.from) * slope : x[i];
        const bool present = v == v;
        out.sum[i % 4] += present ? v : 0.0;
        out.count[i % 4] += present ? 1 : 0;
        out.negative |= v < 0;
        t_lane[i - whole] += xlogx(v);
    }
    for (double a : t_lane) out.t += a;
    return out;
}

double xlogx_sum(const double* x, std::size_t n) noexcept { return entropy_terms_of(x, n, nullptr).t; }

}  // namespace v0
}  // namespace civiscore
