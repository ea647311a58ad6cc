// `civiscore analyze`: uncertainty, sensitivity and audit of a model on data (docs/sensitivity.md).
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

// Run the analysis spec (--spec) and print JSON (everything) or CSV (the per-unit table).
[[nodiscard]] int run_analyze(const invocation& inv);

}  // namespace civiscore::cli
