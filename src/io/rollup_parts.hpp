// Pieces of the roll-up output that write_result places into the unit outputs
// (docs/units-and-links.md); each is empty/absent when the result has no roll-up.
#pragma once

#include <civiscore/engine.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace civiscore {
inline namespace v0 {
namespace rollup_parts {

// {"levels": [...]} for the JSON document.
[[nodiscard]] nlohmann::ordered_json section_json(const result& r);
// Per unit: {"status": "ok", "street": {"group": "S1", "rank": 2}, ...}.
[[nodiscard]] nlohmann::ordered_json unit_json(const result& r, std::size_t unit);
// ",street,rank_in_street,district,rank_in_district,rollup_status" for the unit CSV header.
[[nodiscard]] std::string unit_csv_header(const result& r);
// The same columns for one unit, each preceded by a comma.
void append_unit_csv(const result& r, std::size_t unit, std::string& out);
// One ranked table per level, for the table output.
[[nodiscard]] std::string tables(const result& r);

}  // namespace rollup_parts
}  // namespace v0
}  // namespace civiscore
