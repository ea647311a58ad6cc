// The "checks" section of a model: policies and thresholds of every check, declared column hints,
// relations and self-report/verification pairs. Unknown keys are errors, as everywhere in a model.
#include "engine/check/check_config.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <set>
#include <string_view>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

using json = nlohmann::json;

std::string at(const std::string& p, std::string_view key) {
    std::string out = p + "/";
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}
std::string at(const std::string& p, std::size_t i) { return p + "/" + std::to_string(i); }

class parser {
public:
    parser(const model& m, config& c, std::vector<model_problem>& problems)
        : m_(m), c_(c), problems_(problems) {
        for (const auto& col : m.input_columns) known_.insert(col);
    }

    void parse(const json& s) {
        const std::string p = "/checks";
        if (!s.is_object()) {
            problem(p, "must be an object (docs/checks.md)");
            return;
        }
        keys(s, p, {"columns", "group_column", "stratify_column", "period_column", "indicators",
                    "completeness", "ranges", "relations", "relation_policy", "outliers", "jumps",
                    "constant", "duplicates", "heaping", "benford", "verification",
                    "verification_policy", "sample"});
        // Extra columns first: every other part may name them.
        if (s.contains("columns")) {
            const auto& a = s["columns"];
            if (!a.is_array()) {
                problem(at(p, "columns"), "must be an array of column names");
            } else {
                for (std::size_t i = 0; i < a.size(); ++i) {
                    if (!a[i].is_string() || a[i].get<std::string>().empty()) {
                        problem(at(at(p, "columns"), i), "must be a non-empty string");
                        continue;
                    }
                    const auto name = a[i].get<std::string>();
                    if (known_.insert(name).second) c_.columns.push_back(name);
                }
            }
        }
        text(s, p, "group_column", c_.group_column);
        text(s, p, "stratify_column", c_.stratify_column);
        text(s, p, "period_column", c_.period_column);
        if (s.contains("indicators")) hints(s["indicators"], at(p, "indicators"));

        if (auto o = section(s, p, "completeness", c_.completeness, {"min_unit_coverage", "min_indicator_coverage"})) {
            share(*o, at(p, "completeness"), "min_unit_coverage", c_.min_unit_coverage);
            share(*o, at(p, "completeness"), "min_indicator_coverage", c_.min_indicator_coverage);
        }
        (void)section(s, p, "ranges", c_.range, {});
        if (s.contains("relations")) relations(s["relations"], at(p, "relations"));
        (void)section(s, p, "relation_policy", c_.relations_policy, {});
        if (auto o = section(s, p, "outliers", c_.outlier, {"threshold", "min_units", "columns"})) {
            positive(*o, at(p, "outliers"), "threshold", c_.outlier_threshold);
            count(*o, at(p, "outliers"), "min_units", c_.outlier_min_units, 3);
            columns(*o, at(p, "outliers"), "columns", c_.outlier_columns);
        }
        if (auto o = section(s, p, "jumps", c_.jump, {"k"})) positive(*o, at(p, "jumps"), "k", c_.jump_k);
        if (auto o = section(s, p, "constant", c_.constant, {"share", "min_periods"})) {
            share(*o, at(p, "constant"), "share", c_.constant_share);
            count(*o, at(p, "constant"), "min_periods", c_.constant_min_periods, 2);
        }
        if (auto o = section(s, p, "duplicates", c_.duplicate, {"near_share", "min_common"})) {
            share(*o, at(p, "duplicates"), "near_share", c_.near_share);
            count(*o, at(p, "duplicates"), "min_common", c_.min_common, 1);
            if (c_.near_share <= 0.5) problem(at(at(p, "duplicates"), "near_share"), "must be above 0.5");
        }
        if (auto o = section(s, p, "heaping", c_.heaping, {"base", "alpha", "min_values", "columns"})) {
            positive(*o, at(p, "heaping"), "base", c_.heaping_base);
            probability(*o, at(p, "heaping"), "alpha", c_.heaping_alpha);
            count(*o, at(p, "heaping"), "min_values", c_.heaping_min_values, 1);
            columns(*o, at(p, "heaping"), "columns", c_.heaping_columns);
        }
        if (auto o = section(s, p, "benford", c_.benford, {"columns", "min_values", "min_span", "alpha"})) {
            columns(*o, at(p, "benford"), "columns", c_.benford_columns);
            count(*o, at(p, "benford"), "min_values", c_.benford_min_values, 10);
            positive(*o, at(p, "benford"), "min_span", c_.benford_min_span);
            probability(*o, at(p, "benford"), "alpha", c_.benford_alpha);
        }
        if (s.contains("verification")) verification(s["verification"], at(p, "verification"));
        (void)section(s, p, "verification_policy", c_.verification, {});
        if (s.contains("sample")) {
            const auto& o = s["sample"];
            const auto sp = at(p, "sample");
            if (!o.is_object()) {
                problem(sp, "must be an object {\"share\", \"seed\"}");
            } else {
                keys(o, sp, {"share", "seed"});
                share(o, sp, "share", c_.sample_share);
                if (o.contains("share") && !(c_.sample_share > 0)) problem(at(sp, "share"), "must be in (0, 1]");
                if (o.contains("seed")) {
                    if (!o["seed"].is_number_unsigned()) problem(at(sp, "seed"), "must be a non-negative integer");
                    else c_.sample_seed = o["seed"].get<std::uint64_t>();
                }
            }
        }
    }

private:
    const model& m_;
    config& c_;
    std::vector<model_problem>& problems_;
    std::set<std::string> known_;

    void problem(std::string p, std::string msg) { problems_.push_back({std::move(p), std::move(msg)}); }

    void keys(const json& o, const std::string& p, std::initializer_list<std::string_view> allowed) {
        for (const auto& [k, v] : o.items()) {
            if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
                problem(at(p, k), "unknown key \"" + k + "\"");
        }
    }

    void text(const json& o, const std::string& p, const char* key, std::string& out) {
        if (!o.contains(key)) return;
        if (!o[key].is_string() || o[key].get<std::string>().empty()) problem(at(p, key), "must be a non-empty string");
        else out = o[key].get<std::string>();
    }

    std::optional<double> number(const json& o, const std::string& p, const char* key) {
        if (!o.contains(key)) return std::nullopt;
        if (!o[key].is_number() || !std::isfinite(o[key].get<double>())) {
            problem(at(p, key), "must be a finite number");
            return std::nullopt;
        }
        return o[key].get<double>();
    }
    void share(const json& o, const std::string& p, const char* key, double& out) {
        if (auto v = number(o, p, key)) {
            if (*v < 0 || *v > 1) problem(at(p, key), "must be in [0, 1]");
            else out = *v;
        }
    }
    void probability(const json& o, const std::string& p, const char* key, double& out) {
        if (auto v = number(o, p, key)) {
            if (!(*v > 0 && *v < 1)) problem(at(p, key), "must be in (0, 1)");
            else out = *v;
        }
    }
    void positive(const json& o, const std::string& p, const char* key, double& out) {
        if (auto v = number(o, p, key)) {
            if (!(*v > 0)) problem(at(p, key), "must be > 0");
            else out = *v;
        }
    }
    void count(const json& o, const std::string& p, const char* key, std::size_t& out, std::size_t least) {
        if (!o.contains(key)) return;
        if (!o[key].is_number_unsigned() || o[key].get<std::uint64_t>() < least)
            problem(at(p, key), "must be an integer >= " + std::to_string(least));
        else out = static_cast<std::size_t>(o[key].get<std::uint64_t>());
    }

    // An indicator id (of an indicator reading one column) or a known column, as a column name.
    std::optional<std::string> resolve(const json& v, const std::string& p) {
        if (!v.is_string() || v.get<std::string>().empty()) {
            problem(p, "must be an indicator id or a column name");
            return std::nullopt;
        }
        const auto name = v.get<std::string>();
        const int n = m_.find(name);
        if (n >= 0 && m_.nodes[static_cast<std::size_t>(n)].is_indicator) {
            const auto& cols = m_.nodes[static_cast<std::size_t>(n)].columns;
            if (cols.size() == 1) return cols[0];
            if (known_.count(name) == 0) {
                problem(p, "indicator '" + name + "' reads several columns; name one of them");
                return std::nullopt;
            }
        }
        if (known_.count(name)) return name;
        problem(p, "unknown indicator '" + name + "' (neither a model input column nor listed in /checks/columns)");
        return std::nullopt;
    }

    void columns(const json& o, const std::string& p, const char* key, std::vector<std::string>& out) {
        if (!o.contains(key)) return;
        const auto& a = o[key];
        if (!a.is_array()) {
            problem(at(p, key), "must be an array of indicator ids or columns");
            return;
        }
        for (std::size_t i = 0; i < a.size(); ++i)
            if (auto c = resolve(a[i], at(at(p, key), i))) out.push_back(*c);
    }

    // A policy object: enabled, severity, effect, cap, plus the check's own keys.
    std::optional<json> section(const json& s, const std::string& p, const char* key, rule_policy& pol,
                                std::initializer_list<std::string_view> extra) {
        if (!s.contains(key)) return std::nullopt;
        const auto& o = s[key];
        const auto sp = at(p, key);
        if (!o.is_object()) {
            problem(sp, "must be an object");
            return std::nullopt;
        }
        for (const auto& [k, v] : o.items()) {
            const bool common = k == "enabled" || k == "severity" || k == "effect" || k == "cap";
            if (!common && std::find(extra.begin(), extra.end(), k) == extra.end())
                problem(at(sp, k), "unknown key \"" + k + "\"");
        }
        if (o.contains("enabled")) {
            if (!o["enabled"].is_boolean()) problem(at(sp, "enabled"), "must be true or false");
            else pol.enabled = o["enabled"].get<bool>();
        }
        if (o.contains("severity")) {
            const auto& v = o["severity"];
            const std::string t = v.is_string() ? v.get<std::string>() : "";
            if (t == "info") pol.level = severity::info;
            else if (t == "warning") pol.level = severity::warning;
            else if (t == "error") pol.level = severity::error;
            else if (t == "veto") pol.level = severity::veto;
            else problem(at(sp, "severity"), "must be \"info\", \"warning\", \"error\" or \"veto\"");
        }
        if (o.contains("effect")) {
            const auto& v = o["effect"];
            const std::string t = v.is_string() ? v.get<std::string>() : "";
            if (t == "none") pol.effect = flag_effect::none;
            else if (t == "mark") pol.effect = flag_effect::mark;
            else if (t == "exclude") pol.effect = flag_effect::exclude;
            else if (t == "cap") pol.effect = flag_effect::cap;
            else problem(at(sp, "effect"), "must be \"none\", \"mark\", \"exclude\" or \"cap\"");
        }
        if (auto v = number(o, sp, "cap")) pol.cap = *v;
        if (pol.effect == flag_effect::cap && std::isnan(pol.cap))
            problem(at(sp, "cap"), "required with \"effect\": \"cap\" (the highest total a flagged unit keeps)");
        if (pol.effect != flag_effect::cap && o.contains("cap"))
            problem(at(sp, "cap"), "only with \"effect\": \"cap\"");
        return o;
    }

    void hints(const json& o, const std::string& p) {
        if (!o.is_object()) {
            problem(p, "must be an object: indicator id or column -> {\"kind\", \"min\", \"max\", \"integer\"}");
            return;
        }
        for (const auto& [name, h] : o.items()) {
            const auto hp = at(p, name);
            const auto col = resolve(json(name), hp);
            if (!h.is_object()) {
                problem(hp, "must be an object {\"kind\", \"min\", \"max\", \"integer\"}");
                continue;
            }
            keys(h, hp, {"kind", "min", "max", "integer"});
            column_hint hint;
            if (h.contains("kind")) {
                const std::string k = h["kind"].is_string() ? h["kind"].get<std::string>() : "";
                if (k == "percent") hint = {"percent", 0.0, 100.0, false};
                else if (k == "rate") hint = {"rate", 0.0, 1.0, false};
                else if (k == "count") hint = {"count", 0.0, NAN, true};
                else problem(at(hp, "kind"), "must be \"percent\" ([0, 100]), \"rate\" ([0, 1]) or \"count\" (>= 0, whole)");
            }
            if (auto v = number(h, hp, "min")) hint.min = *v;
            if (auto v = number(h, hp, "max")) hint.max = *v;
            if (h.contains("integer")) {
                if (!h["integer"].is_boolean()) problem(at(hp, "integer"), "must be true or false");
                else hint.integer = h["integer"].get<bool>();
            }
            if (!std::isnan(hint.min) && !std::isnan(hint.max) && !(hint.max >= hint.min))
                problem(at(hp, "max"), "must be >= min");
            if (col) c_.hints[*col] = hint;
        }
    }

    void relations(const json& a, const std::string& p) {
        if (!a.is_array()) {
            problem(p, "must be an array of {\"left\", \"op\", \"right\"}");
            return;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto rp = at(p, i);
            const auto& o = a[i];
            if (!o.is_object()) {
                problem(rp, "must be an object {\"left\", \"op\", \"right\"}");
                continue;
            }
            keys(o, rp, {"left", "op", "right", "tolerance", "name"});
            relation r;
            auto l = o.contains("left") ? resolve(o["left"], at(rp, "left")) : std::nullopt;
            auto rr = o.contains("right") ? resolve(o["right"], at(rp, "right")) : std::nullopt;
            if (!o.contains("left")) problem(at(rp, "left"), "required");
            if (!o.contains("right")) problem(at(rp, "right"), "required");
            const std::string op = o.contains("op") && o["op"].is_string() ? o["op"].get<std::string>() : "";
            if (op != "<=" && op != "<" && op != ">=" && op != ">" && op != "==" && op != "approx")
                problem(at(rp, "op"), "must be one of \"<=\", \"<\", \">=\", \">\", \"==\", \"approx\"");
            r.op = op;
            if (auto t = number(o, rp, "tolerance")) {
                if (*t < 0 || *t >= 1) problem(at(rp, "tolerance"), "must be in [0, 1)");
                else r.tolerance = *t;
            } else if (op == "approx" && !o.contains("tolerance")) {
                problem(at(rp, "tolerance"), "required with \"op\": \"approx\" (a share, e.g. 0.1)");
            }
            if (op != "approx" && o.contains("tolerance")) problem(at(rp, "tolerance"), "only with \"op\": \"approx\"");
            if (o.contains("name")) text(o, rp, "name", r.name);
            if (l && rr) {
                r.left = *l;
                r.right = *rr;
                if (r.name.empty()) r.name = r.left + " " + op + " " + r.right;
                c_.relations.push_back(std::move(r));
            }
        }
    }

    void verification(const json& a, const std::string& p) {
        if (!a.is_array()) {
            problem(p, "must be an array of {\"self_report\", \"verified\"}");
            return;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto vp = at(p, i);
            const auto& o = a[i];
            if (!o.is_object()) {
                problem(vp, "must be an object {\"self_report\", \"verified\"}");
                continue;
            }
            keys(o, vp, {"self_report", "verified", "adjust", "tolerance", "consequence"});
            verification_pair pair;
            auto s = o.contains("self_report") ? resolve(o["self_report"], at(vp, "self_report")) : std::nullopt;
            auto v = o.contains("verified") ? resolve(o["verified"], at(vp, "verified")) : std::nullopt;
            if (!o.contains("self_report")) problem(at(vp, "self_report"), "required");
            if (!o.contains("verified")) problem(at(vp, "verified"), "required");
            columns(o, vp, "adjust", pair.adjust);
            if (auto t = number(o, vp, "tolerance")) {
                if (*t < 0 || *t >= 1) problem(at(vp, "tolerance"), "must be in [0, 1)");
                else pair.tolerance = *t;
            }
            if (o.contains("consequence")) {
                const std::string t = o["consequence"].is_string() ? o["consequence"].get<std::string>() : "";
                if (t == "mark") pair.action = consequence::mark;
                else if (t == "scale") pair.action = consequence::scale;
                else if (t == "zero") pair.action = consequence::zero;
                else if (t == "veto") pair.action = consequence::veto;
                else problem(at(vp, "consequence"), "must be \"mark\", \"scale\", \"zero\" or \"veto\"");
            }
            if (s && v) {
                pair.self_report = *s;
                pair.verified = *v;
                if (pair.adjust.empty()) pair.adjust = {*s};
                c_.pairs.push_back(std::move(pair));
            }
        }
    }
};

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

config default_config(const model& m) {
    config c;
    c.columns = m.input_columns;
    // Units imply ranges: "%" is a percentage in [0, 100]; "count..." is a whole number >= 0; the
    // event columns of a deduction rule are counts.
    for (int idx : m.indicators) {
        const node& n = m.nodes[static_cast<std::size_t>(idx)];
        if (n.rule.kind == methods::rule_kind::deduction) {
            for (const auto& col : n.columns) c.hints[col] = {"count", 0.0, NAN, true};
        } else if (n.unit == "%") {
            c.hints[n.columns[0]] = {"percent", 0.0, 100.0, false};
        } else if (n.unit == "count" || starts_with(n.unit, "count/") || starts_with(n.unit, "count ")) {
            c.hints[n.columns[0]] = {"count", 0.0, NAN, true};
        }
    }
    return c;
}

void parse_config(const nlohmann::json& section, const model& m, config& out,
                  std::vector<model_problem>& problems) {
    parser(m, out, problems).parse(section);
}

config config_of(const model& m) {
    config c = default_config(m);
    if (m.checks_json.empty()) return c;
    std::vector<model_problem> problems;
    parse_config(json::parse(m.checks_json), m, c, problems);
    if (!problems.empty()) throw model_error(std::move(problems));
    return c;
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
