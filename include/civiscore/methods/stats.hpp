// Mergeable column statistics: partial results per chunk that combine exactly (count, min, max) or
// stably (mean and sum of squared deviations, Chan et al. 1979), so fit can run per chunk, per
// thread or per partition and merge in a fixed order.
#pragma once

#include <cstdint>
#include <Eigen/Core>

namespace civiscore {
inline namespace v0 {
namespace methods {

struct column_stats {
    std::int64_t count = 0;  // non-missing values
    double min = 0.0, max = 0.0;
    double mean = 0.0;
    double m2 = 0.0;  // sum of squared deviations from the mean

    // Add every non-NaN value of x.
    void add(const Eigen::Ref<const Eigen::ArrayXd>& x) noexcept;
    // Combine with another partial (order-independent up to rounding of mean/m2).
    void merge(const column_stats& other) noexcept;
    // Sample standard deviation (n - 1); 0 when count < 2.
    [[nodiscard]] double sample_sd() const noexcept;
};

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
