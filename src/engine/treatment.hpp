// Data treatment before the rules: denominate, impute, treat outliers (docs/methods.md). fit learns
// the treatment from the whole data set; fit and score apply it to a copy of the data, logging
// every cell they change.
#pragma once

#include <civiscore/engine.hpp>

namespace civiscore {
inline namespace v0 {

// Whether any indicator of `m` treats its data.
[[nodiscard]] bool has_treatment(const model& m) noexcept;
// Learn every indicator's treatment from `d` (one entry per indicator).
[[nodiscard]] std::vector<indicator_treatment> learn_treatment(const model& m, const dataset& d);
// A copy of `d` whose indicator columns hold the treated values; every changed cell is appended to
// `log` (may be null). data_error for a group column that is absent, or a value a log treatment
// cannot take.
[[nodiscard]] dataset apply_treatment(const model& m, const std::vector<indicator_treatment>& t,
                                      const dataset& d, std::vector<treatment_record>* log);

}  // namespace v0
}  // namespace civiscore
