// Weights learned "over": "indicators" (docs/model-format.md): one weight per indicator below a group,
// learned from each indicator's own scored column over its non-missing values, and every group below
// weighing its children by the sums of their indicators' weights (regional-42 in benchmarks/).
#pragma once

#include <civiscore/engine.hpp>

#include <functional>
#include <vector>

namespace civiscore {
inline namespace v0 {

// The nearest group at or above node `n` whose weights are learned over its indicators, or -1.
[[nodiscard]] int indicator_weights_owner(const model& m, int n);
// The indicators below node `n` (itself if it is one), in model order.
[[nodiscard]] std::vector<int> indicators_below(const model& m, int n);
// Learn group `n`'s weights over its indicators; `scores(i)` gives indicator node i's scored column of
// `n_units` values (NaN = missing). Columns are independent, each summed in unit order, so the
// result does not depend on `n_threads`. fitted_error naming the node and indicator on bad input.
[[nodiscard]] learned_weights learn_over_indicators(const model& m, int n, const std::function<const double*(int)>& scores,
                                                    std::size_t n_units, int n_threads);
// The weights group `n` uses for its children when `owner` learned weights over its indicators.
[[nodiscard]] std::vector<double> child_weights_over_indicators(const model& m, const fitted& f, int n, int owner);

}  // namespace v0
}  // namespace civiscore
