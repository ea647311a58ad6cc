// The model's "period_rollup" section: parsed and validated with the model; applied by
// engine/period_rollup.cpp (include/civiscore/period_rollup.hpp).
#pragma once

#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

enum class rollup_rule { sum, mean, last, max, min, rate };

struct rollup_column {
    rollup_rule rule = rollup_rule::sum;
    std::string numerator, denominator;  // rate
    double scale = 1.0;                  // rate: scale * sum(numerator) / sum(denominator)
};

struct rollup_spec {
    bool has_default = false;
    rollup_column fallback;                       // "default"
    std::map<std::string, rollup_column> columns;  // "columns"
};

// Validate `j`, appending problems with JSON pointers; returns its canonical JSON ("" on problems).
[[nodiscard]] std::string parse_period_rollup(const nlohmann::json& j, const model& m,
                                              std::vector<model_problem>& problems);
// The spec of a validated section (model::period_rollup_json).
[[nodiscard]] rollup_spec rollup_spec_of(const std::string& json_text);

}  // namespace v0
}  // namespace civiscore
