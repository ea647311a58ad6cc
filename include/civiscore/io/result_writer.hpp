// Writers for results: JSON, CSV and a readable table (docs/output-formats.md).
#pragma once

#include <civiscore/engine.hpp>

#include <string>

namespace civiscore {
inline namespace v0 {

enum class output_format { json = 0, csv = 1, table = 2 };

[[nodiscard]] std::string write_result(const result& r, output_format format);

}  // namespace v0
}  // namespace civiscore
