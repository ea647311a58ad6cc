// Column statistics that merge: each chunk is summarised in two passes (accurate), and partials
// combine with Chan et al.'s pairwise update so any chunking gives the same result up to rounding.
#include <civiscore/methods/stats.hpp>

#include <cmath>
#include <limits>

namespace civiscore {
inline namespace v0 {
namespace methods {

void column_stats::add(const Eigen::Ref<const Eigen::ArrayXd>& x) noexcept {
    const auto present = !x.isNaN();
    const Eigen::Index n = present.count();
    if (n == 0) {
        return;
    }
    constexpr double inf = std::numeric_limits<double>::infinity();
    column_stats chunk;
    chunk.count = static_cast<std::int64_t>(n);
    chunk.min = present.select(x, inf).minCoeff();
    chunk.max = present.select(x, -inf).maxCoeff();
    const double nd = static_cast<double>(n);
    const double rough_mean = present.select(x, 0.0).sum() / nd;
    // Corrected two-pass (Chan, Golub and LeVeque 1983): deviations from the chunk's own mean avoid
    // the cancellation of sum(x^2), and their residual sum refines the mean. The refinement matters
    // on merge, where an error in a chunk's mean enters the cross term linearly.
    const Eigen::ArrayXd dev = present.select(x - rough_mean, 0.0);
    const double residual = dev.sum();
    chunk.mean = rough_mean + residual / nd;
    chunk.m2 = std::fmax(dev.square().sum() - residual * residual / nd, 0.0);
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
    mean += delta * (nb / n);
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
