// Shared by the report writers: score ranges of nodes and the built-in rectification rule.
#pragma once

#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace report {

// The range a node's reported score lives on: [0, points] for points models, the rule's output
// range for min_max indicators, NaN for z_score (unbounded), else the model scale.
struct node_range {
    double lo = 0.0, hi = 0.0;
};
[[nodiscard]] node_range range_of(const model& m, int node);

// The built-in rectification rule used when no assessment plan ran (the assessment layer's default
// plan uses the same numbers): an indicator is listed when its score is below 60 % of its maximum,
// or when it is among the 5 largest losses of points in the root score.
inline constexpr double rect_ratio = 0.6;
inline constexpr std::size_t rect_top = 5;

struct rect_item {
    int node = 0;
    double fraction = 0.0;  // (score - lo) / (max - lo), clamped to [0, 1]
    double score = 0.0, max = 0.0;
    double loss = 0.0;      // max - score on the indicator's own scale (points lost)
    double gain = 0.0;      // what reaching the maximum would add to the root score
    std::string reason;     // "ratio", "top" or "ratio+top"
};
// Per unit, the items by decreasing gain (ties in model order); empty for unscored units.
[[nodiscard]] std::vector<std::vector<rect_item>> builtin_rectification(const result& r);

// The HTML template pieces (report_template.cpp).
[[nodiscard]] const char* html_css() noexcept;
[[nodiscard]] const char* html_js() noexcept;
// The label string table for `lang` ("zh" or "en") as a JSON object text.
[[nodiscard]] const char* html_strings(const std::string& lang) noexcept;

}  // namespace report
}  // namespace v0
}  // namespace civiscore
