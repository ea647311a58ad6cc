// `civiscore assess` and `civiscore allocate`: run an assessment plan (docs/assessment-plan.md).
#pragma once

#include "cli/args.hpp"

namespace civiscore::cli {

int run_assess(const invocation& inv);
int run_allocate(const invocation& inv);

}  // namespace civiscore::cli
