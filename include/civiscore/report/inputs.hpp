// The optional report inputs (report::options blobs) made from the other layers' results, so the
// CLI and C++ callers feed an assessment or a data check to the report the same way a C or Python
// caller does with JSON (docs/report.md, "Inputs").
#pragma once

#include <civiscore/assess/assessment.hpp>
#include <civiscore/check/check.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace report {

// {"units": [{unit_id, final_score, grade, vetoed, bonus, deduction, events, rectification,
// accountability_status}], "allocations": [{unit, grade, final_score, eligible, amount}]}.
// `amounts` (one per unit of `a`, minor units) may be null: no allocations.
[[nodiscard]] std::string assessment_blob(const assess::assessment& a,
                                          const std::vector<std::int64_t>* amounts, bool yuan);

// The previous annual period's root scores and ranks of an assessment with periods, in the
// `civiscore score --format json` shape the report's "previous" input takes ({"period", "nodes":
// [{id}], "units": [{unit_id, scores: {root: x}, rank}]}), so the report's change column is the
// assessment's change of the root. "" when the assessed period has no previous annual period.
[[nodiscard]] std::string previous_blob(const assess::assessment& a);

// The rows of `period` in long data (columns `id_column` and `period_column`) as a wide dataset with
// one unit per id of `unit_ids`, in that order, for the report's names, groups and raw values.
// data_error naming the file and period when a unit has no row or two rows in that period.
[[nodiscard]] dataset period_data(const dataset& long_data, const std::string& id_column,
                                  const std::string& period_column, const std::string& period,
                                  const std::vector<std::string>& unit_ids);

// {"flags": [{rule, severity, effect, unit, column, period, group, reason_zh, reason_en}], "notes"}.
[[nodiscard]] std::string checks_blob(const check::report& r);

}  // namespace report
}  // namespace v0
}  // namespace civiscore
