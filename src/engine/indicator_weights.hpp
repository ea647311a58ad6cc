// Weights learned "over": "indicators" (docs/model-format.md): one weight per indicator below a group,
// learned from each indicator's own scored column over its non-missing values, and every group below
// weighing its children by the sums of their indicators' weights (regional-42 in benchmarks/).
#pragma once

#include <civiscore/engine.hpp>

#include "util/xlogx.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace civiscore {
inline namespace v0 {

// The nearest group at or above node `n` whose weights are learned over its indicators, or -1.
[[nodiscard]] int indicator_weights_owner(const model& m, int n);
// The indicators below node `n` (itself if it is one), in model order.
[[nodiscard]] std::vector<int> indicators_below(const model& m, int n);
// Running sums of one indicator's scored values for its entropy: n present values, S = Σx and
// T = Σ x ln x (0 ln 0 = 0). Folded block by block in block order, so the weights never depend on
// the thread count.
struct entropy_sums {
    double s = 0, t = 0;
    std::int64_t n = 0;
    // Fold x[0, len) in (NaN = missing); returns the position of the first negative value (which
    // entropy cannot weigh; nothing is folded then), or len.
    std::size_t add(const double* x, std::size_t len);
    // Fold in the min_max scores of data x[0, len) (entropy_terms_of: within an ulp or two of the
    // scored block); false, folding nothing, when a score is negative (add on the scored block names it).
    bool add_min_max(const double* x, std::size_t len, const min_max_map& map);
    void merge(const entropy_terms& e) noexcept;
    void merge(const entropy_sums& o) noexcept {
        s += o.s;
        t += o.t;
        n += o.n;
    }
};

// Learn group `n`'s weights over its indicators from `sums` (indexed by node; the entries of the
// indicators below `n` are used). fitted_error naming the node and indicator on bad input.
[[nodiscard]] learned_weights learn_over_indicators(const model& m, int n, const std::vector<entropy_sums>& sums,
                                                    std::size_t n_units);
// The weights group `n` uses for its children when `owner` learned weights over its indicators.
[[nodiscard]] std::vector<double> child_weights_over_indicators(const model& m, const fitted& f, int n, int owner);

}  // namespace v0
}  // namespace civiscore
