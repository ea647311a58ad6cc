// Parsing and validating the model's "logs" section (docs/service-logs.md).
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/logs.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace civiscore::inline v0::logs {

// Read `section` (the value of "/logs") into `out`, appending every problem with its JSON pointer.
// The derived columns must be columns the model reads.
void parse_config(const nlohmann::json& section, const model& m, config& out,
                  std::vector<model_problem>& problems);

}  // namespace civiscore::inline v0::logs
