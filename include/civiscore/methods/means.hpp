// Weighted means of one vector x with weights w (a node's children, or one unit's criteria).
// Pure functions. Common contract:
//  - w is empty (equal weights) or one non-negative weight per value with a positive sum;
//  - NaN values are dropped together with their weights and the rest re-weighted (COINr);
//    when every value is NaN the result is NaN (the missing result), never an invented number;
//  - values where the mean is undefined follow `nonpositive_policy`: zeros and negatives for
//    p <= 0 (geometric p = 0, harmonic p = -1, any p < 0), negatives for p > 0 other than p = 1:
//      error          invalid_argument_error naming the index of the offending value (default)
//      shift_epsilon  s = epsilon - min(x); result = M_p(x + s) - s (the whole vector is shifted
//                     so its minimum becomes epsilon, then shifted back), never NaN.
#pragma once

#include <Eigen/Core>

#include <string_view>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class nonpositive_policy { error, shift_epsilon };

struct mean_options {
    double p = 1.0;  // power_mean exponent; 0 geometric, -1 harmonic, +-inf max/min
    nonpositive_policy policy = nonpositive_policy::error;
    double epsilon = 1e-6;  // shift_epsilon: the shifted minimum
};

[[nodiscard]] nonpositive_policy nonpositive_policy_from_name(std::string_view name);  // "error" | "shift_epsilon"

// Generalised (power) mean (sum w x^p / sum w)^(1/p); p = 0 geometric prod x^(w/sum w);
// p = +inf maximum, p = -inf minimum (weights only select present values).
// For p > 0 negative values need p == 1 (arithmetic); p > 0 accepts zeros.
[[nodiscard]] double power_mean(const Eigen::Ref<const Eigen::VectorXd>& x,
                                const Eigen::Ref<const Eigen::VectorXd>& w,
                                const mean_options& options = {});
[[nodiscard]] double arithmetic_mean(const Eigen::Ref<const Eigen::VectorXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& w);
[[nodiscard]] double geometric_mean(const Eigen::Ref<const Eigen::VectorXd>& x,
                                    const Eigen::Ref<const Eigen::VectorXd>& w,
                                    const mean_options& options = {});
[[nodiscard]] double harmonic_mean(const Eigen::Ref<const Eigen::VectorXd>& x,
                                   const Eigen::Ref<const Eigen::VectorXd>& w,
                                   const mean_options& options = {});
// Weighted median: sort by x; with W = sum w, the smallest x_k whose cumulative weight reaches W/2;
// when the cumulative weight equals W/2 exactly at x_k, the mean of x_k and the next value (so
// equal weights give the ordinary median).
[[nodiscard]] double weighted_median(const Eigen::Ref<const Eigen::VectorXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& w);
// Minimum / maximum of the present values with positive weight.
[[nodiscard]] double minimum(const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& w);
[[nodiscard]] double maximum(const Eigen::Ref<const Eigen::VectorXd>& x,
                             const Eigen::Ref<const Eigen::VectorXd>& w);

// Names for `aggregate`: "arithmetic", "geometric", "harmonic", "power" (options.p), "median",
// "minimum", "maximum".
[[nodiscard]] double aggregate(std::string_view method, const Eigen::Ref<const Eigen::VectorXd>& x,
                               const Eigen::Ref<const Eigen::VectorXd>& w,
                               const mean_options& options = {});

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
