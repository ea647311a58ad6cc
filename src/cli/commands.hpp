// The tool's commands. Each returns the process exit status; civiscore errors propagate to main.
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

[[nodiscard]] int run_validate(const invocation& inv);
[[nodiscard]] int run_score(const invocation& inv);
[[nodiscard]] int run_fit(const invocation& inv);

}  // namespace civiscore::cli
