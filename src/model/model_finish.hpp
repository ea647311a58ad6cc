// Derived parts of a parsed model: plan order, indicator list, input columns, weights, and the
// checks that need the whole tree.
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <vector>

namespace civiscore {
inline namespace v0 {

// Complete `m` after parsing; appends problems that need the whole tree.
void finish_model(model& m, std::vector<model_problem>& problems);

}  // namespace v0
}  // namespace civiscore
