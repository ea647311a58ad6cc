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

// {"flags": [{rule, severity, effect, unit, column, period, group, reason_zh, reason_en}], "notes"}.
[[nodiscard]] std::string checks_blob(const check::report& r);

}  // namespace report
}  // namespace v0
}  // namespace civiscore
