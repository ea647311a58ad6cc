// Parsing the "checks" section of a model (docs/checks.md). Called by load_model so a model with an
// invalid section never loads, and by config_of to build the configuration a run uses.
#pragma once

#include <civiscore/check/check.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <vector>

namespace civiscore {
inline namespace v0 {
namespace check {

// Parse `section` (at JSON pointer /checks) for the finished model `m` into `out`, appending every
// problem with its pointer to `problems`.
void parse_config(const nlohmann::json& section, const model& m, config& out,
                  std::vector<model_problem>& problems);

// The defaults every model gets, before its section: the columns checked and the hints implied by
// indicator units.
[[nodiscard]] config default_config(const model& m);

}  // namespace check
}  // namespace v0
}  // namespace civiscore
