// The fast path of weight perturbation: a replication that only changes weights re-aggregates the
// groups from the indicator scores cached once per model variant, instead of scoring from raw data.
// It is the engine's weighted arithmetic mean (skip and re-weight, not-applicable children, coverage,
// min_coverage, a root resting on no data unscored), for models whose groups all use it on the
// scale display; make() checks it against the engine's own nominal result and declines otherwise,
// so anything it does not reproduce falls back to the engine.
#pragma once

#include "engine/analysis/evaluator.hpp"

#include <memory>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace analysis {

class reaggregator {
public:
    // nullptr when `m` is not eligible, or when re-aggregating it with its own weights does not give
    // `nominal` (the engine's result for `m`) to 1e-9.
    [[nodiscard]] static std::unique_ptr<reaggregator> make(const model& m, const result& nominal);
    // Root scores, ranks and grades of `perturbed`: `m` with other node weights (same tree).
    [[nodiscard]] evaluation run(const model& perturbed) const;

private:
    std::size_t n_units_ = 0;
    std::vector<int> groups_;                  // post-order
    std::vector<int> slot_;                    // per node: indicator column or group buffer row
    std::vector<double> values_, coverage_;    // per indicator: n_units (indicator order)
};

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
