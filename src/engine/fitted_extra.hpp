// The fitted state's whole-data parts as JSON: data treatment per indicator, learned node weights.
#pragma once

#include <civiscore/engine.hpp>

#include <nlohmann/json.hpp>

namespace civiscore {
inline namespace v0 {

// Adds "treatment", "normalisers" and "node_weights" to a fitted document when present.
void extra_to_json(const fitted& f, nlohmann::json& doc);
// Reads them back for `m`; fitted_error naming the JSON pointer if malformed or missing.
void extra_from_json(const model& m, const nlohmann::json& doc, fitted& f);

}  // namespace v0
}  // namespace civiscore
