// The "units" section: levels of the unit hierarchy and the unit weight (docs/units-and-links.md).
#include "model/model_units.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

// A column or level name: non-empty, without control characters (it becomes a CSV header).
bool plain_name(const std::string& s) {
    if (s.empty()) return false;
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

}  // namespace

void parse_unit_hierarchy(const json& section, model& m, std::vector<model_problem>& problems) {
    const auto problem = [&](std::string pointer, std::string message) {
        problems.push_back({std::move(pointer), std::move(message)});
    };
    if (!section.is_object()) {
        problem("/units", "must be an object {\"levels\": [...], \"weight\": ...}");
        return;
    }
    for (const auto& [key, value] : section.items()) {
        if (key != "levels" && key != "weight") problem("/units/" + key, "unknown key \"" + key + "\"");
    }
    unit_hierarchy h;
    const auto levels = section.find("levels");
    if (levels == section.end()) {
        problem("/units/levels", "required (the levels units roll up to, lowest first)");
    } else if (!levels->is_array() || levels->empty()) {
        problem("/units/levels", "must be a non-empty array of {\"id\", \"column\", \"name\"}");
    } else {
        for (std::size_t i = 0; i < levels->size(); ++i) {
            const json& l = (*levels)[i];
            const std::string p = "/units/levels/" + std::to_string(i);
            if (!l.is_object()) {
                problem(p, "must be an object {\"id\", \"column\", \"name\"}");
                continue;
            }
            for (const auto& [key, value] : l.items()) {
                if (key != "id" && key != "column" && key != "name") problem(p + "/" + key, "unknown key \"" + key + "\"");
            }
            unit_level level;
            const auto text = [&](const char* key, std::string& out) {
                const auto it = l.find(key);
                if (it == l.end()) return false;
                if (!it->is_string() || !plain_name(it->get<std::string>())) {
                    problem(p + "/" + key, "must be a non-empty string without control characters");
                    return false;
                }
                out = it->get<std::string>();
                return true;
            };
            if (!text("id", level.id) && !l.contains("id")) problem(p + "/id", "required (names the level, e.g. \"street\")");
            if (!text("column", level.column)) level.column = level.id;
            if (!text("name", level.name)) level.name = level.id;
            // The id names output columns and keys next to the node ids (CSV header, JSON "rollup").
            static const char* const reserved[] = {"unit_id", "status", "rank", "grade", "rollup_status", "weight"};
            for (const char* r : reserved) {
                if (level.id == r) problem(p + "/id", "\"" + level.id + "\" is reserved (it names an output column)");
            }
            if (!level.id.empty() && m.find(level.id) >= 0)
                problem(p + "/id", "\"" + level.id + "\" is also a node id; output columns would clash");
            for (const unit_level& other : h.levels) {
                if (!level.id.empty() && other.id == level.id) problem(p + "/id", "level \"" + level.id + "\" is declared twice");
                else if (!level.column.empty() && other.column == level.column)
                    problem(p + "/column", "column \"" + level.column + "\" is already the column of level \"" + other.id + "\"");
            }
            h.levels.push_back(std::move(level));
        }
    }
    const auto weight = section.find("weight");
    if (weight != section.end()) {
        if (weight->is_string()) {
            if (weight->get<std::string>() != "equal")
                problem("/units/weight", "must be \"equal\" or {\"column\": c}, not \"" + weight->get<std::string>() + "\"");
        } else if (weight->is_object()) {
            for (const auto& [key, value] : weight->items()) {
                if (key != "column") problem("/units/weight/" + key, "unknown key \"" + key + "\"");
            }
            const auto c = weight->find("column");
            if (c == weight->end() || !c->is_string() || !plain_name(c->get<std::string>())) {
                problem("/units/weight/column", "required: the numeric data column weighing each unit (population, households)");
            } else {
                h.weight_column = c->get<std::string>();
                for (const unit_level& l : h.levels) {
                    if (l.column == h.weight_column)
                        problem("/units/weight/column", "\"" + h.weight_column + "\" is the column of level \"" + l.id + "\"");
                }
            }
        } else {
            problem("/units/weight", "must be \"equal\" or {\"column\": c}");
        }
    }
    m.units = std::move(h);
}

}  // namespace v0
}  // namespace civiscore
