// civiscore_core is compiled with -ffp-contract=off (no fused multiply-adds), so every clone below
// (and a Debug build) rounds exactly like the others, and -fno-trapping-math, which lets the
// compiler compute both sides of the selects (it vectorises nothing with branches).
#include "util/xlogx.hpp"

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

// fdlibm e_log.c: ln 2 split so k ln2_hi is exact, and the minimax coefficients of R(z).
constexpr double ln2_hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000
constexpr double ln2_lo = 1.90821492927058770002e-10;  // 0x3dea39ef35793c76
constexpr double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01, lg3 = 2.857142874366239149e-01,
                 lg4 = 2.222219843214978396e-01, lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
                 lg7 = 1.479819860511658591e-01;

inline double log_core(double x) noexcept {
    // Subnormals: scale into the normal range first (exact), and take 54 off the exponent.
    const bool tiny = x < 0x1p-1022;
    x = tiny ? x * 0x1p54 : x;
    std::uint64_t u = bits_of(x);
    // Shift the mantissa into [sqrt(2)/2, sqrt(2)) and move the carry into the exponent.
    std::uint64_t hx = (u >> 32) + (0x3ff00000u - 0x3fe6a09eu);
    const std::uint64_t biased = hx >> 20;  // k + 1023
    hx = (hx & 0x000fffffu) + 0x3fe6a09eu;
    u = (hx << 32) | (u & 0xffffffffu);
    // k as a double without an integer conversion (which AVX2 lacks): 2^52 + e, minus 2^52.
    const double e = double_of(0x4330000000000000ull | biased) - 0x1p52;
    const double k = e - 1023.0 - (tiny ? 54.0 : 0.0);
    const double f = double_of(u) - 1.0;
    const double hfsq = 0.5 * f * f;
    const double s = f / (2.0 + f);
    const double z = s * s;
    const double w = z * z;
    const double t1 = w * (lg2 + w * (lg4 + w * lg6));
    const double t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
    const double r = t2 + t1;
    return s * (hfsq + r) + k * ln2_lo - hfsq + f + k * ln2_hi;
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
// cloned function (GCC vectorised the scalar loop poorly, and helpers would be compiled for the
// baseline target before inlining). Every operation is log_core's, in its order, so each lane
// rounds exactly as the scalar code, which does the last n mod 8 values. Values go by eight: the
// first four into lanes 0-3 of the sums, the next four into lanes 4-7 of Σ z ln z and again lanes
// 0-3 of the count and Σ z, so position i lands in lane i mod 8 (resp. i mod 4).
CIVISCORE_SIMD_CLONES entropy_terms entropy_terms_of(const double* x, std::size_t n, const min_max_map* map) noexcept {
    using vec4 = double __attribute__((vector_size(4 * sizeof(double))));
    using bits4 = std::uint64_t __attribute__((vector_size(4 * sizeof(double))));
    constexpr double inf = std::numeric_limits<double>::infinity();
    const min_max_map m = map ? *map : min_max_map{};
    const vec4 zero{}, one = zero + 1.0;
    vec4 acc[2] = {zero, zero};  // Σ z ln z, lanes 0-3 and 4-7
    vec4 sum = zero, count = zero, negative = zero;
    const std::size_t whole = n - n % lanes;
    for (std::size_t i = 0; i < whole; i += lanes) {
        for (std::size_t h = 0; h < 2; ++h) {
            vec4 v;
            std::memcpy(&v, x + i + 4 * h, sizeof v);
            if (map) v = m.benefit ? m.lo + (v - m.from) / m.span * m.width : m.lo + (m.from - v) / m.span * m.width;
            sum += v == v ? v : zero;
            count += v == v ? one : zero;  // exact in a double far beyond any block
            negative += v < zero ? one : zero;
            const auto ok = (v > zero) & (v < inf);
            vec4 a = ok ? v : one;
            const auto tiny = a < 0x1p-1022;
            a = tiny ? a * 0x1p54 : a;
            bits4 u;
            std::memcpy(&u, &a, sizeof u);
            bits4 hx = (u >> 32) + (0x3ff00000u - 0x3fe6a09eu);
            const bits4 biased = hx >> 20;
            hx = (hx & 0x000fffffu) + 0x3fe6a09eu;
            u = (hx << 32) | (u & 0xffffffffu);
            const bits4 e_bits = biased | 0x4330000000000000ull;
            vec4 e, mantissa;
            std::memcpy(&e, &e_bits, sizeof e);
            std::memcpy(&mantissa, &u, sizeof mantissa);
            e = e - 0x1p52;
            const vec4 k = e - 1023.0 - (tiny ? zero + 54.0 : zero);
            const vec4 f = mantissa - 1.0;
            const vec4 hfsq = 0.5 * f * f;
            const vec4 s = f / (2.0 + f);
            const vec4 z = s * s;
            const vec4 w = z * z;
            const vec4 t1 = w * (lg2 + w * (lg4 + w * lg6));
            const vec4 t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
            const vec4 r = t2 + t1;
            const vec4 l = s * (hfsq + r) + k * ln2_lo - hfsq + f + k * ln2_hi;
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
        out.negative |= negative[l] > 0;
    }
    for (std::size_t i = whole; i < n; ++i) {
        const double v = map ? (m.benefit ? m.lo + (x[i] - m.from) / m.span * m.width : m.lo + (m.from - x[i]) / m.span * m.width)
                             : x[i];
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
