// The unit hierarchy of a model (docs/units-and-links.md): the levels units roll up to (community ->
// street -> district -> city), read from text columns of the data, and how units are weighted when
// their scores are averaged per level.
#pragma once

#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

struct unit_level {
    std::string id;      // "street": names the level in outputs (rank_in_street)
    std::string column;  // data column holding each unit's group at this level (default: id)
    std::string name;    // display name (default: id)
};

struct unit_hierarchy {
    std::vector<unit_level> levels;  // lowest first: street, district, city
    std::string weight_column;       // "" = every unit weighs 1; else a numeric column (population)

    [[nodiscard]] bool declared() const noexcept { return !levels.empty(); }
};

}  // namespace v0
}  // namespace civiscore
