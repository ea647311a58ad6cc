// The aggregation's account of itself: records read, records of units not in the data (never
// dropped silently), and per derived column what was counted and which units were left missing.
#include <civiscore/logs.hpp>

#include <nlohmann/json.hpp>

namespace civiscore::inline v0::logs {
namespace {

nlohmann::ordered_json examples_json(const std::vector<std::pair<std::string, std::size_t>>& ex) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& [unit, line] : ex) a.push_back({{"unit", unit}, {"line", line}});
    return a;
}

std::string examples_text(const std::vector<std::pair<std::string, std::size_t>>& ex) {
    std::string s;
    for (const auto& [unit, line] : ex) s += (s.empty() ? "" : ", ") + ("'" + unit + "' (line " + std::to_string(line) + ")");
    return s;
}

}  // namespace

std::string summary::to_json() const {
    nlohmann::ordered_json j;
    j["logs"] = nlohmann::ordered_json::array();
    for (const auto& l : logs)
        j["logs"].push_back({{"name", l.name}, {"source", l.source}, {"records", l.records},
                             {"unknown_unit_records", l.unknown_unit_records}, {"unknown_units", l.unknown_units},
                             {"unknown_unit_examples", examples_json(l.unknown_examples)}});
    j["registries"] = nlohmann::ordered_json::array();
    for (const auto& r : registries)
        j["registries"].push_back({{"name", r.name}, {"source", r.source}, {"rows", r.rows}, {"persons", r.persons},
                                   {"duplicates", r.duplicates}, {"unknown_unit_rows", r.unknown_unit_rows},
                                   {"unknown_units", r.unknown_units},
                                   {"unknown_unit_examples", examples_json(r.unknown_examples)}});
    j["columns"] = nlohmann::ordered_json::array();
    for (const auto& c : columns)
        j["columns"].push_back({{"column", c.column}, {"log", c.log}, {"statistic", c.statistic},
                                {"records", c.records}, {"units_without_records", c.units_without_records},
                                {"missing_units", c.missing_units}});
    j["not_given"] = not_given;
    return j.dump();
}

std::vector<std::string> summary::warnings() const {
    std::vector<std::string> w;
    for (const auto& l : logs)
        if (l.unknown_unit_records > 0)
            w.push_back(l.source + ": " + std::to_string(l.unknown_unit_records) + " record(s) of " +
                        std::to_string(l.unknown_units) + " unit(s) not in the data were not counted, e.g. " +
                        examples_text(l.unknown_examples));
    for (const auto& r : registries)
        if (r.unknown_unit_rows > 0)
            w.push_back(r.source + ": " + std::to_string(r.unknown_unit_rows) + " registry row(s) of " +
                        std::to_string(r.unknown_units) + " unit(s) not in the data were not counted, e.g. " +
                        examples_text(r.unknown_examples));
    return w;
}

}  // namespace civiscore::inline v0::logs
