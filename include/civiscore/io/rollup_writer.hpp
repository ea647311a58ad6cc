// The roll-up tables of a result (streets, districts, ...) as JSON, CSV or a table
// (docs/units-and-links.md). The unit outputs of write_result carry each unit's groups and ranks.
#pragma once

#include <civiscore/engine.hpp>
#include <civiscore/io/result_writer.hpp>

#include <string>

namespace civiscore {
inline namespace v0 {

// invalid_argument_error when the result has no roll-up (its model declares no units).
[[nodiscard]] std::string write_rollup(const result& r, output_format format);

}  // namespace v0
}  // namespace civiscore
