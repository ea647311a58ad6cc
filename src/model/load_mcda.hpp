// Parse and validate an MCDA aggregation of a group ({"type": "topsis" | "vikor" | "grey_relational" |
// "fuzzy" | "copeland", ...}), reporting every problem with its JSON pointer (docs/methods.md).
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/model_mcda.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Whether `aggregation` (a name or an object) names one of the MCDA aggregators.
[[nodiscard]] bool is_mcda_aggregation(const nlohmann::json& aggregation);

struct mcda_context {
    std::size_t n_children = 0;  // the group's children (as written in the document)
    double scale_lo = 0.0, scale_hi = 100.0;
    bool points_display = false;  // "scores": "points"
    const nlohmann::json* children = nullptr;  // the group's "children" array (fuzzy "counts" names them)
};

// Fill `out` from `aggregation` at `pointer`; problems are appended to `problems`.
void parse_mcda_aggregation(const nlohmann::json& aggregation, const std::string& pointer, const mcda_context& ctx,
                            mcda_spec& out, std::vector<model_problem>& problems);

}  // namespace v0
}  // namespace civiscore
