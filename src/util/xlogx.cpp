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
constexpr std::size_t chunk = 256;

// y[i] = x[i] ln x[i] where that is defined and positive-argument, else 0 (+inf for +inf).
// One clone per vector width; the arithmetic is identical in each.
CIVISCORE_SIMD_CLONES void xlogx_map(const double* x, double* y, std::size_t n) noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
        const double v = x[i];
        const bool ok = (v > 0) & (v < inf);  // no short circuit: a branch would stop vectorisation
        const double l = log_core(ok ? v : 1.0);
        const double other = v == inf ? inf : 0.0;
        y[i] = ok ? v * l : other;
    }
}

}  // namespace

double log_positive(double x) noexcept { return log_core(x); }

// Position i always lands in lane i mod 8 (chunk is a multiple of 8), so the sum does not depend
// on how the caller splits the array into chunks of multiples of 8. Two 4-double vectors hold the
// eight lanes (GCC leaves the plain lane loop scalar).
CIVISCORE_SIMD_CLONES double xlogx_sum(const double* x, std::size_t n) noexcept {
    using vec4 = double __attribute__((vector_size(4 * sizeof(double))));
    vec4 low{}, high{};  // lanes 0-3 and 4-7
    double y[chunk];
    for (std::size_t begin = 0; begin < n; begin += chunk) {
        const std::size_t len = n - begin < chunk ? n - begin : chunk;
        xlogx_map(x + begin, y, len);
        const std::size_t whole = len - len % lanes;
        for (std::size_t i = 0; i < whole; i += lanes) {
            vec4 a, b;
            std::memcpy(&a, y + i, sizeof a);
            std::memcpy(&b, y + i + 4, sizeof b);
            low += a;
            high += b;
        }
        for (std::size_t i = whole; i < len; ++i) {  // only in the last chunk
            if (i - whole < 4) low[i - whole] += y[i];
            else high[i - whole - 4] += y[i];
        }
    }
    double t = 0;
    for (std::size_t l = 0; l < 4; ++l) t += low[l];
    for (std::size_t l = 0; l < 4; ++l) t += high[l];
    return t;
}

}  // namespace v0
}  // namespace civiscore
