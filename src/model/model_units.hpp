// Parsing of a model's "units" section (docs/units-and-links.md).
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace civiscore {
inline namespace v0 {

// Fill m.units from `section` (found at "/units"); every problem is appended with its JSON pointer.
void parse_unit_hierarchy(const nlohmann::json& section, model& m, std::vector<model_problem>& problems);

}  // namespace v0
}  // namespace civiscore
