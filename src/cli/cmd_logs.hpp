// Service logs on the command line: --log NAME=PATH and --registry NAME=PATH for score and fit, and
// `civiscore aggregate-logs`, which writes the derived columns as CSV (docs/service-logs.md).
#pragma once

#include "cli/args.hpp"

#include <civiscore/data.hpp>
#include <civiscore/model.hpp>

namespace civiscore::cli {

// With --log (and --registry) given, replace `data` by the unit data plus the derived columns and
// print what was not counted (records of units not in the data) to standard error.
void apply_log_options(const invocation& inv, const model& m, dataset& data);

// aggregate-logs --model M --data UNITS.csv --log NAME=PATH [--registry NAME=PATH] [--out FILE]
// [--summary FILE]: unit_id and the derived columns as CSV.
int run_aggregate_logs(const invocation& inv);

}  // namespace civiscore::cli
