// Parsing the model's "derived" section (include/civiscore/derived.hpp) and resolving the order of
// derived columns; hooked into model_load.cpp and model_finish.cpp.
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Parse one expression into `out` (name, pointer and expression set by the caller). Problems
// name out.pointer and the character position: "/derived/rate: at character 9: unknown function 'mean'".
void compile_expression(derived_column& out, std::vector<model_problem>& problems);

// Parse `j` (the "derived" object: name -> expression text) into m.derived.
void parse_derived(const nlohmann::json& j, model& m, std::vector<model_problem>& problems);

// After the indicators' columns are known: order m.derived so every column comes after the derived
// columns it reads (a cycle is a problem), add the data columns the derived columns read to
// m.input_columns, and set m.data_columns (the input columns the data itself must supply).
void finish_derived(model& m, std::vector<model_problem>& problems);

}  // namespace v0
}  // namespace civiscore
