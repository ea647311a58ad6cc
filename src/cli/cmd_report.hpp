// `civiscore report`: the HTML report or the XLSX workbook of a scoring run (docs/report.md).
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

[[nodiscard]] int run_report(const invocation& inv);

}  // namespace civiscore::cli
