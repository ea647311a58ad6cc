// Period roll-ups: long data (a row per unit and period, e.g. quarters) to one row per unit (the
// year) by the rules the model declares in "period_rollup" (docs/model-format.md): counts summed,
// rates recomputed from summed numerators and denominators (never averaged), last value, mean, max,
// min.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/model.hpp>

#include <string>

namespace civiscore {
inline namespace v0 {

// One row per unit (in order of first appearance, unit_lines = the unit's first line) from `long_data`
// (read with unique_ids off), periods ordered by `period_column` (numerically when every label is a
// number, else as text). Columns: every column except the id and the period, by its rule (listed, or
// the default), and every rate column. A column the model reads needs a rule; another numeric column
// without one takes its last value; a text column takes its last non-empty text.
// data_error naming line and column for: a (unit, period) given twice, an empty period, a missing
// period, numerator or denominator column, a text column under a numeric rule.
// invalid_argument_error if the model has no "period_rollup".
[[nodiscard]] dataset rollup_periods(const model& m, const dataset& long_data, const std::string& period_column);

}  // namespace v0
}  // namespace civiscore
