// Pieces of the assessment shared between its source files.
#pragma once

#include <civiscore/assess/assessment.hpp>

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace detail {

// Value of column `c` of unit `u` as text (numbers formatted like %g when the column kept no text).
[[nodiscard]] std::string cell_text(const column& c, std::size_t u);
// The unit column named `name` of `d`, or nullptr.
[[nodiscard]] const column* find(const dataset& d, const std::string& name);

// Ratings of `period` ("" = all rows) merged into the wide dataset `d` (units = d.unit_ids): every
// rated indicator's column gets the source-weighted average of its raters' averages.
void apply_ratings(const model& m, const plan& p, const dataset& ratings, const std::string& period,
                   dataset& d, std::vector<agreement>& agreements);

// Adjust, grade, veto and apply quotas for one period's units; fills everything but rectification,
// accountability and history.
void adjust_and_grade(const model& m, const plan& p, const dataset& d, const result& scores,
                      const std::vector<double>& base, const std::vector<std::string>& profiles,
                      std::vector<unit_assessment>& units);

// The rectification list of unit `u` (index into `scores`).
[[nodiscard]] std::vector<rectify_item> rectification(const model& unit_model, const plan& p,
                                                      const dataset& d, const result& scores,
                                                      std::size_t u, const std::vector<double>& root_share,
                                                      const std::vector<event>& events);

}  // namespace detail
}  // namespace assess
}  // namespace v0
}  // namespace civiscore
