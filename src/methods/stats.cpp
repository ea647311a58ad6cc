// Column statistics that merge: each chunk is summarised in two passes (accurate), and partials
// combine with Chan et al.'s pairwise update so any chunking gives the same result up to rounding.
#include <civiscore/methods/stats.hpp>

#include "util/simd_clones.hpp"

#include <cstddef>
#include <cstdint>

#include <cmath>
#include <cstring>
#include <limits>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

constexpr std::size_t lanes = 4;

// The first pass of column_stats::add: per lane (value i in lane i mod lanes) the count, min, max
// and sum of the present values. NaN fails every comparison, so it is never the min or max.
struct lane_sums {
    double lo[lanes], hi[lanes], sum[lanes];
    std::int64_t count[lanes];
};

// Lane l holds the values at positions l mod 4: one 4-double vector (GCC/Clang vector extensions,
// written out because GCC leaves the int64 counts and selects of the plain loop scalar).
using vec4 = double __attribute__((vector_size(4 * sizeof(double))));
static_assert(lanes == 4);

CIVISCORE_SIMD_CLONES void first_pass(const double* v, std::size_t len, lane_sums& s) noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    const vec4 zero{}, one = zero + 1.0;
    vec4 lo = zero + inf, hi = zero - inf, sum = zero, count = zero;
    const std::size_t whole = len - len % lanes;
    for (std::size_t i = 0; i < whole; i += lanes) {
        vec4 a;
        std::memcpy(&a, v + i, sizeof a);
        lo = a < lo ? a : lo;
        hi = a > hi ? a : hi;
        sum += a == a ? a : zero;
        count += a == a ? one : zero;  // exact in a double far beyond any block
    }
    for (std::size_t l = 0; l < lanes; ++l) {
        s.lo[l] = lo[l];
        s.hi[l] = hi[l];
        s.sum[l] = sum[l];
        s.count[l] = static_cast<std::int64_t>(count[l]);
    }
    for (std::size_t i = whole; i < len; ++i) {
        const std::size_t l = i - whole;
        const double a = v[i];
        const bool present = a == a;
        s.lo[l] = a < s.lo[l] ? a : s.lo[l];
        s.hi[l] = a > s.hi[l] ? a : s.hi[l];
        s.sum[l] += present ? a : 0.0;
        s.count[l] += present ? 1 : 0;
    }
}

// The second pass: per lane, the sum of the deviations from `mean` and of their squares.
CIVISCORE_SIMD_CLONES void second_pass(const double* v, std::size_t len, double mean, double* res, double* sq) noexcept {
    const vec4 zero{};
    vec4 r = zero, q = zero;
    const std::size_t whole = len - len % lanes;
    for (std::size_t i = 0; i < whole; i += lanes) {
        vec4 a;
        std::memcpy(&a, v + i, sizeof a);
        const vec4 dev = a == a ? a - mean : zero;
        r += dev;
        q += dev * dev;
    }
    for (std::size_t l = 0; l < lanes; ++l) {
        res[l] = r[l];
        sq[l] = q[l];
    }
    for (std::size_t i = whole; i < len; ++i) {
        const std::size_t l = i - whole;
        const double dev = v[i] == v[i] ? v[i] - mean : 0.0;
        res[l] += dev;
        sq[l] += dev * dev;
    }
}

}  // namespace

void column_stats::add(const Eigen::Ref<const Eigen::ArrayXd>& x) noexcept {
    // Two branch-free passes over a chunk already in cache, no temporaries: count, min, max and sum;
    // then the deviations from the chunk's own mean. Sums run in interleaved lanes, which keeps the
    // adder busy and fixes the order of the additions whatever the vector width.
    const double* v = x.data();
    const auto len = static_cast<std::size_t>(x.size());
    lane_sums f;
    first_pass(v, len, f);
    const std::int64_t n = (f.count[0] + f.count[1]) + (f.count[2] + f.count[3]);
    if (n == 0) {
        return;
    }
    column_stats chunk;
    chunk.count = n;
    chunk.min = std::fmin(std::fmin(f.lo[0], f.lo[1]), std::fmin(f.lo[2], f.lo[3]));
    chunk.max = std::fmax(std::fmax(f.hi[0], f.hi[1]), std::fmax(f.hi[2], f.hi[3]));
    const double nd = static_cast<double>(n);
    double rough_mean = ((f.sum[0] + f.sum[1]) + (f.sum[2] + f.sum[3])) / nd;
    // Values near the double range overflow the sum; the mean of x/n cannot (|x/n| <= max |x| / n).
    if (!std::isfinite(rough_mean) && std::isfinite(chunk.min) && std::isfinite(chunk.max)) {
        double scaled = 0;
        for (std::size_t i = 0; i < len; ++i)
            if (v[i] == v[i]) scaled += v[i] / nd;
        rough_mean = scaled;
    }
    // Corrected two-pass (Chan, Golub and LeVeque 1983): deviations from the chunk's own mean avoid
    // the cancellation of sum(x^2), and their residual sum refines the mean. The refinement matters
    // on merge, where an error in a chunk's mean enters the cross term linearly.
    double res[lanes], sq[lanes];
    second_pass(v, len, rough_mean, res, sq);
    const double residual = (res[0] + res[1]) + (res[2] + res[3]);
    const double squares = (sq[0] + sq[1]) + (sq[2] + sq[3]);
    // Deviations beyond the double range (values near +-1e308 on both sides) leave no usable
    // residual: keep the mean of x/n.
    chunk.mean = std::isfinite(residual) ? rough_mean + residual / nd : rough_mean;
    chunk.m2 = std::fmax(squares - residual * residual / nd, 0.0);
    merge(chunk);
}

void column_stats::merge(const column_stats& other) noexcept {
    if (other.count == 0) {
        return;
    }
    if (count == 0) {
        *this = other;  // an empty partial's default min/max/mean are not data
        return;
    }
    const double na = static_cast<double>(count);
    const double nb = static_cast<double>(other.count);
    const double n = na + nb;
    const double delta = other.mean - mean;
    // Means of opposite signs near the double range: their difference overflows, their weighted
    // sum does not.
    mean = std::isfinite(delta) ? mean + delta * (nb / n) : mean * (na / n) + other.mean * (nb / n);
    m2 += other.m2 + delta * delta * (na * nb / n);
    count += other.count;
    min = std::fmin(min, other.min);
    max = std::fmax(max, other.max);
}

double column_stats::sample_sd() const noexcept {
    if (count < 2) {
        return 0.0;
    }
    // m2 is a sum of squares, but merged rounding can leave it a hair below zero.
    return std::sqrt(std::fmax(m2, 0.0) / static_cast<double>(count - 1));
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
