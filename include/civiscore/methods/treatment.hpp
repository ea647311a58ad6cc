// Data treatment before normalisation: imputation and outlier treatment of one indicator column.
// Pure functions on the non-missing values of a column; the engine learns them in fit, stores the
// result in the fitted state and applies it cell by cell when scoring (docs/methods.md).
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

// Sample skewness, type-2 estimator (SAS/SPSS, e1071 type 2, COINr):
//   G1 = g1 * sqrt(n (n - 1)) / (n - 2),  g1 = m3 / m2^(3/2)  (m_k central moments with 1/n).
// NaN when n < 3 or the values are constant.
[[nodiscard]] double skewness_type2(const std::vector<double>& x) noexcept;
// Sample excess kurtosis, type-2 estimator:
//   G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2)(n - 3)),  g2 = m4 / m2^2 - 3.
// NaN when n < 4 or the values are constant.
[[nodiscard]] double kurtosis_type2(const std::vector<double>& x) noexcept;

// Quantile of sorted values, type 7 (R's default, numpy "linear"): h = (n - 1) q.
[[nodiscard]] double quantile_sorted(const std::vector<double>& sorted, double q) noexcept;

enum class impute_method { none, mean, median, group_mean, zero, min };

// Outlier treatment learned from a column.
enum class outlier_action { none, winsorise, log };

struct outlier_fit {
    outlier_action action = outlier_action::none;
    double lo = -INFINITY, hi = INFINITY;  // winsorise: values are clamped to [lo, hi]
    double min = 0.0, max = 0.0;            // log: y = ln(x - min + 0.01 (max - min))
    int winsorised = 0;                     // COINr: points winsorised (one per step)
    double skew_before = NAN, kurtosis_before = NAN;  // of the column as given (COINr rule)
    double skew_after = NAN, kurtosis_after = NAN;    // after the treatment chosen
};

// COINr / JRC rule (COINr qTreat): a column fails when |skew| >= skew_limit and kurtosis >=
// kurtosis_limit. A failing column is winsorised one step at a time on the side of the skew (the
// most extreme value(s) set to the next most extreme), re-testing after each step, at most
// max_winsorised steps; if it still fails, the original values are log-transformed instead:
// ln(x - min + 0.01 (max - min)). `x` holds the non-missing values.
[[nodiscard]] outlier_fit coinr_outliers(const std::vector<double>& x, double skew_limit,
                                         double kurtosis_limit, int max_winsorised);
// Winsorise at quantiles (type 7): clamp to [quantile(q_lo), quantile(q_hi)].
[[nodiscard]] outlier_fit winsorise_quantiles(const std::vector<double>& x, double q_lo, double q_hi);
// Apply a learned treatment to one value (NaN stays NaN). A log treatment of a value at or below
// min - 0.01 (max - min) has no logarithm and returns NaN; the engine reports it.
[[nodiscard]] double apply_outliers(const outlier_fit& f, double x) noexcept;

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
