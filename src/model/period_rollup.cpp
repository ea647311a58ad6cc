#include "model/period_rollup.hpp"

namespace civiscore {
inline namespace v0 {
namespace {

using nlohmann::json;

[[nodiscard]] std::string escape(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
}

// One rule: "sum" | "mean" | "last" | "max" | "min" | {"rule": "rate", "numerator": c, "denominator": c,
// "scale": s}. Problems go to `problems`; returns false if there were any.
bool parse_rule(const json& j, const std::string& ptr, rollup_column& out, bool allow_rate,
                std::vector<model_problem>& problems) {
    static const std::pair<const char*, rollup_rule> names[] = {{"sum", rollup_rule::sum},   {"mean", rollup_rule::mean},
                                                                {"last", rollup_rule::last}, {"max", rollup_rule::max},
                                                                {"min", rollup_rule::min}};
    if (j.is_string()) {
        for (const auto& [name, rule] : names)
            if (j.get<std::string>() == name) {
                out.rule = rule;
                return true;
            }
        problems.push_back({ptr, "unknown roll-up rule \"" + j.get<std::string>() +
                                     "\" (known: sum, mean, last, max, min, or {\"rule\": \"rate\", ...})"});
        return false;
    }
    if (!j.is_object() || !allow_rate) {
        problems.push_back({ptr, allow_rate ? "must be a rule name or {\"rule\": \"rate\", \"numerator\": ..., \"denominator\": ...}"
                                            : "must be a rule name: sum, mean, last, max or min"});
        return false;
    }
    bool ok = true;
    for (const auto& [key, v] : j.items())
        if (key != "rule" && key != "numerator" && key != "denominator" && key != "scale") {
            problems.push_back({ptr + "/" + escape(key), "unknown key \"" + key + "\""});
            ok = false;
        }
    if (!j.contains("rule") || j["rule"] != "rate") {
        problems.push_back({ptr + "/rule", "must be \"rate\" (other rules are written as a name, e.g. \"sum\")"});
        return false;
    }
    out.rule = rollup_rule::rate;
    for (const char* key : {"numerator", "denominator"}) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
            problems.push_back({ptr + "/" + key, "required: the column summed over the periods"});
            ok = false;
        } else {
            (std::string(key) == "numerator" ? out.numerator : out.denominator) = it->get<std::string>();
        }
    }
    if (const auto it = j.find("scale"); it != j.end()) {
        if (!it->is_number() || !(it->get<double>() > 0)) {
            problems.push_back({ptr + "/scale", "must be a number > 0 (100 for a percentage)"});
            ok = false;
        } else {
            out.scale = it->get<double>();
        }
    }
    return ok;
}

}  // namespace

std::string parse_period_rollup(const json& j, const model& /*m*/, std::vector<model_problem>& problems) {
    const std::size_t before = problems.size();
    if (!j.is_object()) {
        problems.push_back({"/period_rollup", "must be an object with \"columns\" and/or \"default\""});
        return "";
    }
    for (const auto& [key, v] : j.items())
        if (key != "default" && key != "columns") problems.push_back({"/period_rollup/" + escape(key), "unknown key \"" + key + "\""});
    rollup_column unused;
    if (j.contains("default")) parse_rule(j["default"], "/period_rollup/default", unused, false, problems);
    if (j.contains("columns")) {
        const json& cols = j["columns"];
        if (!cols.is_object()) {
            problems.push_back({"/period_rollup/columns", "must be an object: column -> rule"});
        } else {
            for (const auto& [name, rule] : cols.items()) {
                const std::string ptr = "/period_rollup/columns/" + escape(name);
                rollup_column c;
                if (!parse_rule(rule, ptr, c, true, problems)) continue;
                if (c.rule == rollup_rule::rate && (c.numerator == name || c.denominator == name))
                    problems.push_back({ptr, "a rate cannot sum itself; name the numerator and denominator columns"});
            }
        }
    }
    return problems.size() == before ? j.dump() : "";
}

rollup_spec rollup_spec_of(const std::string& json_text) {
    rollup_spec s;
    if (json_text.empty()) return s;
    const json j = json::parse(json_text);
    std::vector<model_problem> ignored;  // validated when the model loaded
    if (j.contains("default")) {
        s.has_default = true;
        parse_rule(j["default"], "", s.fallback, false, ignored);
    }
    if (j.contains("columns"))
        for (const auto& [name, rule] : j["columns"].items()) parse_rule(rule, "", s.columns[name], true, ignored);
    return s;
}

}  // namespace v0
}  // namespace civiscore
