// `civiscore check`: data authenticity and quality checks (docs/checks.md).
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

// Print the check report (and the verification sample with --sample); with --scores-out also
// score the data with the checks' consequences applied. Flags are findings, not errors: exit 0.
[[nodiscard]] int run_check(const invocation& inv);

}  // namespace civiscore::cli
