// The "logs" section: sources (log files and their column names), registries (lists of persons per
// unit, e.g. elderly living alone) and the derived columns. Every problem names its JSON pointer.
#include "engine/logs/log_config.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

namespace civiscore::inline v0::logs {
namespace {

using nlohmann::json;

struct parser {
    const model& m;
    config& out;
    std::vector<model_problem>& problems;

    void problem(const std::string& ptr, const std::string& msg) { problems.push_back({ptr, msg}); }

    bool keys(const json& obj, const std::string& ptr, std::initializer_list<const char*> allowed) {
        if (!obj.is_object()) {
            problem(ptr, "must be an object");
            return false;
        }
        for (const auto& [key, value] : obj.items()) {
            const bool ok = std::any_of(allowed.begin(), allowed.end(), [&k = key](const char* a) { return k == a; });
            if (!ok) problem(ptr + "/" + key, "unknown key \"" + key + "\"");
        }
        return true;
    }

    // A non-empty string at obj[key] into `dest` (left as is when absent and not required).
    void string_key(const json& obj, const std::string& ptr, const char* key, std::string& dest,
                    bool required = false) {
        if (!obj.contains(key)) {
            if (required) problem(ptr + "/" + key, "required");
            return;
        }
        const json& v = obj[key];
        if (!v.is_string() || v.get<std::string>().empty()) {
            problem(ptr + "/" + key, "must be a non-empty string");
            return;
        }
        dest = v.get<std::string>();
    }

    void string_list(const json& obj, const std::string& ptr, const char* key, std::vector<std::string>& dest) {
        if (!obj.contains(key)) return;
        const json& v = obj[key];
        const std::string p = ptr + "/" + key;
        if (!v.is_array() || v.empty()) {
            problem(p, "must be a non-empty array of strings");
            return;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string() || v[i].get<std::string>().empty()) {
                problem(p + "/" + std::to_string(i), "must be a non-empty string");
            } else {
                dest.push_back(v[i].get<std::string>());
            }
        }
    }

    bool number_key(const json& obj, const std::string& ptr, const char* key, double& dest) {
        if (!obj.contains(key)) return false;
        const json& v = obj[key];
        if (!v.is_number()) {
            problem(ptr + "/" + key, "must be a number");
            return false;
        }
        dest = v.get<double>();
        return true;
    }

    static bool iso_date(const std::string& s) {
        if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
        const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    void parse(const json& section) {
        if (!keys(section, "/logs", {"sources", "registries", "columns"})) return;
        if (section.contains("sources")) {
            const json& s = section["sources"];
            if (!s.is_object() || s.empty()) problem("/logs/sources", "must be a non-empty object of log sources");
            else
                for (const auto& [name, spec] : s.items()) {
                    source_spec src;
                    src.name = name;
                    src.pointer = "/logs/sources/" + name;
                    if (keys(spec, src.pointer, {"unit_column", "person_column", "type_column", "period_column",
                                                 "date_column", "description"})) {
                        string_key(spec, src.pointer, "unit_column", src.unit_column);
                        string_key(spec, src.pointer, "person_column", src.person_column);
                        string_key(spec, src.pointer, "type_column", src.type_column);
                        string_key(spec, src.pointer, "period_column", src.period_column);
                        string_key(spec, src.pointer, "date_column", src.date_column);
                    }
                    out.sources.push_back(std::move(src));
                }
        } else {
            problem("/logs/sources", "required (the log files the derived columns read)");
        }
        if (section.contains("registries")) {
            const json& r = section["registries"];
            if (!r.is_object()) problem("/logs/registries", "must be an object of registries");
            else
                for (const auto& [name, spec] : r.items()) {
                    registry_spec reg;
                    reg.name = name;
                    reg.pointer = "/logs/registries/" + name;
                    if (keys(spec, reg.pointer, {"unit_column", "person_column", "description"})) {
                        string_key(spec, reg.pointer, "unit_column", reg.unit_column);
                        string_key(spec, reg.pointer, "person_column", reg.person_column);
                    }
                    out.registries.push_back(std::move(reg));
                }
        }
        if (!section.contains("columns") || !section["columns"].is_array() || section["columns"].empty()) {
            problem("/logs/columns", "required: a non-empty array of derived columns");
            return;
        }
        std::set<std::string> seen;
        const json& cols = section["columns"];
        for (std::size_t i = 0; i < cols.size(); ++i) parse_column(cols[i], "/logs/columns/" + std::to_string(i), seen);
    }

    void parse_column(const json& c, const std::string& ptr, std::set<std::string>& seen) {
        if (!keys(c, ptr, {"column", "log", "statistic", "of", "value_column", "population_column", "registry",
                           "p", "limit", "scale", "types", "periods", "date_from", "date_to", "description"}))
            return;
        column_spec col;
        col.pointer = ptr;
        string_key(c, ptr, "column", col.column, true);
        if (!col.column.empty()) {
            if (!seen.insert(col.column).second) problem(ptr + "/column", "column \"" + col.column + "\" is derived twice");
            if (std::find(m.input_columns.begin(), m.input_columns.end(), col.column) == m.input_columns.end())
                problem(ptr + "/column", "no indicator reads column \"" + col.column + "\"");
        }
        std::string log;
        string_key(c, ptr, "log", log, true);
        if (!log.empty()) {
            const auto it = std::find_if(out.sources.begin(), out.sources.end(),
                                         [&](const source_spec& s) { return s.name == log; });
            if (it == out.sources.end()) problem(ptr + "/log", "no log source \"" + log + "\" in /logs/sources");
            else col.source = static_cast<std::size_t>(it - out.sources.begin());
        }
        std::string stat;
        string_key(c, ptr, "statistic", stat, true);
        static const std::pair<const char*, statistic> names[] = {
            {"count", statistic::count}, {"distinct_persons", statistic::distinct_persons},
            {"sum", statistic::sum}, {"per_1000", statistic::per_1000},
            {"registry_coverage", statistic::registry_coverage}, {"percentile", statistic::percentile},
            {"share_at_most", statistic::share_at_most}};
        bool known = stat.empty();
        for (const auto& [n, s] : names)
            if (stat == n) col.stat = s, known = true;
        if (!known)
            problem(ptr + "/statistic", "unknown statistic \"" + stat +
                                            "\" (count, distinct_persons, sum, per_1000, registry_coverage, "
                                            "percentile, share_at_most)");
        const auto forbid = [&](const char* key, const char* why) {
            if (c.contains(key)) problem(ptr + "/" + key, std::string("not used by ") + why);
        };
        const bool needs_value = col.stat == statistic::sum || col.stat == statistic::percentile ||
                                 col.stat == statistic::share_at_most;
        if (col.stat == statistic::per_1000) {
            string_key(c, ptr, "population_column", col.population_column, true);
            std::string of = "count";
            string_key(c, ptr, "of", of);
            if (of == "count") col.of = statistic::count;
            else if (of == "sum") col.of = statistic::sum;
            else if (of == "distinct_persons") col.of = statistic::distinct_persons;
            else problem(ptr + "/of", "must be \"count\", \"sum\" or \"distinct_persons\", not \"" + of + "\"");
        } else {
            forbid("population_column", "this statistic (only per_1000)");
            forbid("of", "this statistic (only per_1000)");
        }
        if (needs_value || (col.stat == statistic::per_1000 && col.of == statistic::sum)) {
            if (col.stat == statistic::sum || col.stat == statistic::per_1000) col.value_column = "quantity";
            string_key(c, ptr, "value_column", col.value_column, col.value_column.empty());
        } else {
            forbid("value_column", "this statistic");
        }
        if (col.stat == statistic::registry_coverage) {
            std::string reg;
            string_key(c, ptr, "registry", reg, true);
            if (!reg.empty()) {
                const auto it = std::find_if(out.registries.begin(), out.registries.end(),
                                             [&](const registry_spec& r) { return r.name == reg; });
                if (it == out.registries.end())
                    problem(ptr + "/registry", "no registry \"" + reg + "\" in /logs/registries");
                else col.registry = static_cast<std::size_t>(it - out.registries.begin());
            }
        } else {
            forbid("registry", "this statistic (only registry_coverage)");
        }
        if (col.stat == statistic::percentile) {
            if (!number_key(c, ptr, "p", col.p)) problem(ptr + "/p", "required: the percentile, in (0, 100]");
            else if (!(col.p > 0.0 && col.p <= 100.0)) problem(ptr + "/p", "must be in (0, 100]");
        } else {
            forbid("p", "this statistic (only percentile)");
        }
        if (col.stat == statistic::share_at_most) {
            if (!number_key(c, ptr, "limit", col.limit)) problem(ptr + "/limit", "required: the largest value that counts");
        } else {
            forbid("limit", "this statistic (only share_at_most)");
        }
        if (col.stat == statistic::registry_coverage || col.stat == statistic::share_at_most) {
            if (number_key(c, ptr, "scale", col.scale) && !(col.scale > 0.0)) problem(ptr + "/scale", "must be > 0");
        } else {
            forbid("scale", "this statistic (only registry_coverage and share_at_most)");
        }
        string_list(c, ptr, "types", col.types);
        string_list(c, ptr, "periods", col.periods);
        string_key(c, ptr, "date_from", col.date_from);
        string_key(c, ptr, "date_to", col.date_to);
        if (!col.date_from.empty() && !iso_date(col.date_from)) problem(ptr + "/date_from", "must be a date YYYY-MM-DD");
        if (!col.date_to.empty() && !iso_date(col.date_to)) problem(ptr + "/date_to", "must be a date YYYY-MM-DD");
        if (!col.date_from.empty() && !col.date_to.empty() && col.date_to < col.date_from)
            problem(ptr + "/date_to", "is before date_from");
        out.columns.push_back(std::move(col));
    }
};

}  // namespace

void parse_config(const json& section, const model& m, config& out, std::vector<model_problem>& problems) {
    parser{m, out, problems}.parse(section);
}

config config_of(const model& m) {
    config c;
    if (m.logs_json.empty()) return c;
    std::vector<model_problem> problems;
    parse_config(nlohmann::json::parse(m.logs_json), m, c, problems);
    if (!problems.empty()) throw model_error(std::move(problems));  // validated at load: cannot happen
    return c;
}

}  // namespace civiscore::inline v0::logs
