// civiscore rollup-periods: quarterly (or monthly) rows to one row per unit by the model's
// "period_rollup" rules, written as CSV.
#pragma once

#include "cli/args.hpp"

#include <civiscore/data.hpp>
#include <civiscore/model.hpp>

namespace civiscore::cli {

int run_rollup_periods(const invocation& inv);

// The data of --data read as long data (a row per unit and period) and rolled up over
// `period_column`; used by score and fit with --period-column too.
[[nodiscard]] dataset read_rolled_up(const model& m, const invocation& inv, const std::string& period_column);

}  // namespace civiscore::cli
