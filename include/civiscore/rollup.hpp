// Unit roll-ups (docs/units-and-links.md): the scores of every node of the indicator tree averaged
// over the units of each group of each level of the model's unit hierarchy (community -> street ->
// district), weighted as the model says, ranked and graded per level, and every unit's rank within
// its group at each level.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

struct rollup_level {
    std::string id, column, name;  // from the model's units.levels
    std::vector<std::string> groups;  // group labels in byte order of the label
    // Per group: index of its group at the next level up, -1 at the top level or when none of its
    // units names one.
    std::vector<int> parent;
    std::vector<double> scores;              // node-major: scores[node * groups + g]; NaN = no unit scored
    std::vector<std::int64_t> counts;        // node-major: units whose score of the node entered the mean
    std::vector<std::int64_t> n_units;       // per group: units in it
    std::vector<std::int64_t> n_unscored;    // per group: units whose root score is missing
    std::vector<std::int64_t> n_no_weight;   // per group: units left out of every mean for lack of a weight
    std::vector<double> weight;              // per group: total weight of the units in the root mean
    std::vector<std::int64_t> rank;          // per group, by root score among all groups; 0 = unranked
    std::vector<std::int64_t> rank_in_parent;  // per group, among the groups of its parent; 0 = unranked
    std::vector<int> grade;                  // per group: model grade band of the root score; -1 = none
    std::vector<int> unit_group;             // per unit: its group; -1 = the unit's level value is missing
    std::int64_t units_without_group = 0;    // units whose level value is missing
    std::vector<std::int64_t> unit_rank;     // per unit: rank of its root score in its group; 0 = unranked

    [[nodiscard]] std::size_t group_count() const noexcept { return groups.size(); }
    [[nodiscard]] double score(std::size_t group, std::size_t node) const noexcept {
        return scores[node * groups.size() + group];
    }
};

struct unit_rollup {
    std::string weight_column;          // "" = equal weights
    std::vector<rollup_level> levels;   // as the model declares them, lowest first
    std::vector<char> weight_missing;   // per unit: 1 when its weight cell is missing (unit left out)

    // Per unit: "ok", or what kept it out of a level: "no street", "no weight", joined by "; ".
    [[nodiscard]] std::string unit_status(std::size_t unit) const;
    // Index of the level with this id, or -1.
    [[nodiscard]] int find_level(std::string_view id) const noexcept;
};

// Roll the scores of `r` up the unit hierarchy of its model, reading level and weight columns from
// `d` (the data `r` was scored from). data_error naming the column when a level or weight column is
// absent, and naming unit, line and column for a weight that is negative, zero or infinite, or a
// group whose units name two different parent groups (a street in two districts).
[[nodiscard]] unit_rollup compute_rollup(const result& r, const dataset& d);

// compute_rollup into r.rollup when r's model declares units; nothing otherwise.
void attach_rollup(result& r, const dataset& d);

}  // namespace v0
}  // namespace civiscore
