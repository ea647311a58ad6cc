// Parse and validate a model document (docs/model-format.md). Every problem is collected with its
// JSON pointer and reported at once; nothing is returned from an invalid model.
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include "engine/check/check_config.hpp"
#include "engine/logs/log_config.hpp"
#include "model/load_mcda.hpp"
#include "model/expression.hpp"
#include "model/model_finish.hpp"
#include "model/period_rollup.hpp"
#include "model/model_units.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace {

using json = nlohmann::json;

// Deep trees are legitimate only to a point; beyond it the document is almost surely hostile.
constexpr int max_depth = 64;

std::string escape_pointer_token(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string at(const std::string& ptr, std::string_view key) { return ptr + "/" + escape_pointer_token(key); }
std::string at(const std::string& ptr, std::size_t index) { return ptr + "/" + std::to_string(index); }

std::string number_text(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col;  // count characters, not UTF-8 continuation bytes
        }
    }
    return {line, col};
}

struct raw_node_info {
    bool has_weight = false;
    bool has_points = false;  // explicit or derived from children
    bool has_weights = false;  // a group with a "weights" key
};

class model_parser {
public:
    explicit model_parser(model& m) : m_(m) {}

    void parse(const json& doc) {
        if (!doc.is_object()) {
            problem("", "a model must be a JSON object");
            return;
        }
        check_keys(doc, "", {"civiscore_model", "id", "name", "name_en", "version", "description",
                             "scale", "scores", "missing", "grades", "root", "impute", "outliers",
                             "checks", "units", "logs", "derived", "period_rollup"});
        if (!doc.contains("civiscore_model")) {
            problem("/civiscore_model", "required (the format version, 1)");
        } else {
            const auto& v = doc["civiscore_model"];
            if (!v.is_number_integer() || v.get<long long>() != 1)
                problem("/civiscore_model", "must be 1 (the only format version this library reads)");
        }
        m_.id = required_string(doc, "", "id").value_or("");
        m_.name = required_string(doc, "", "name").value_or("");
        m_.name_en = optional_string(doc, "", "name_en").value_or("");
        m_.version = optional_string(doc, "", "version").value_or("");
        m_.description = optional_string(doc, "", "description").value_or("");
        parse_scale(doc);
        if (doc.contains("scores")) {
            const auto s = optional_string(doc, "", "scores");
            if (s == "points") m_.display = score_display::points;
            else if (s == "scale") m_.display = score_display::scale;
            else if (s) problem("/scores", "must be \"scale\" or \"points\", not \"" + *s + "\"");
        }
        missing_policy top_missing = missing_policy::skip;
        if (doc.contains("missing")) top_missing = parse_missing(doc["missing"], "/missing").value_or(top_missing);
        if (doc.contains("grades")) parse_grades(doc["grades"], "/grades");
        // Model-wide treatment defaults, inherited by every indicator that does not set its own.
        if (doc.contains("impute")) parse_impute(doc["impute"], "/impute", default_treatment_);
        if (doc.contains("outliers")) parse_outliers(doc["outliers"], "/outliers", default_treatment_);
        if (!doc.contains("root")) {
            problem("/root", "required (the indicator tree)");
        } else {
            parse_node(doc["root"], "/root", -1, 0, top_missing);
        }
    }

    std::vector<model_problem>& problems() { return problems_; }

private:
    model& m_;
    std::vector<model_problem> problems_;
    std::vector<raw_node_info> info_;
    std::unordered_map<std::string, std::string> id_pointer_;
    treatment_spec default_treatment_;
    std::vector<std::string> pending_warnings_;  // "pointer: message" of the group being parsed

    void problem(std::string pointer, std::string message) {
        problems_.push_back({std::move(pointer), std::move(message)});
    }

    void check_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
        for (const auto& [key, value] : obj.items()) {
            bool ok = false;
            for (auto a : allowed) ok = ok || a == key;
            if (!ok) problem(at(ptr, key), "unknown key \"" + key + "\"");
        }
    }

    std::optional<std::string> optional_string(const json& obj, const std::string& ptr, std::string_view key) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        if (!it->is_string()) {
            problem(at(ptr, key), "must be a string");
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    std::optional<std::string> required_string(const json& obj, const std::string& ptr, std::string_view key) {
        if (!obj.contains(key)) {
            problem(at(ptr, key), "required");
            return std::nullopt;
        }
        auto s = optional_string(obj, ptr, key);
        if (s && s->empty()) {
            problem(at(ptr, key), "must not be empty");
            return std::nullopt;
        }
        return s;
    }

    std::optional<double> number_at(const json& v, const std::string& ptr) {
        if (!v.is_number()) {
            problem(ptr, "must be a number");
            return std::nullopt;
        }
        const double d = v.get<double>();
        if (!std::isfinite(d)) {
            problem(ptr, "must be a finite number");
            return std::nullopt;
        }
        return d;
    }

    std::optional<double> optional_number(const json& obj, const std::string& ptr, std::string_view key) {
        auto it = obj.find(key);
        if (it == obj.end()) return std::nullopt;
        return number_at(*it, at(ptr, key));
    }

    std::optional<double> required_number(const json& obj, const std::string& ptr, std::string_view key) {
        if (!obj.contains(key)) {
            problem(at(ptr, key), "required");
            return std::nullopt;
        }
        return optional_number(obj, ptr, key);
    }

    std::optional<double> positive_number(const json& obj, const std::string& ptr, std::string_view key) {
        auto v = optional_number(obj, ptr, key);
        if (v && !(*v > 0)) {
            problem(at(ptr, key), "must be > 0");
            return std::nullopt;
        }
        return v;
    }

    void parse_scale(const json& doc) {
        if (!doc.contains("scale")) return;
        const auto& s = doc["scale"];
        if (!s.is_object()) {
            problem("/scale", "must be an object {\"min\": l, \"max\": u}");
            return;
        }
        check_keys(s, "/scale", {"min", "max"});
        auto lo = required_number(s, "/scale", "min");
        auto hi = required_number(s, "/scale", "max");
        if (lo && hi) {
            if (!(*hi > *lo)) problem("/scale/max", "must be greater than /scale/min");
            m_.scale_lo = *lo;
            m_.scale_hi = *hi;
        }
    }

    std::optional<missing_policy> parse_missing(const json& v, const std::string& ptr) {
        if (v.is_string()) {
            const auto s = v.get<std::string>();
            if (s == "skip") return missing_policy::skip;
            if (s == "zero") return missing_policy::zero;
            if (s == "not_applicable") return missing_policy::not_applicable;
            if (s == "error") return missing_policy::error;
        }
        problem(ptr, "must be one of \"skip\", \"zero\", \"not_applicable\", \"error\"");
        return std::nullopt;
    }

    void parse_grades(const json& g, const std::string& ptr) {
        if (!g.is_array()) {
            problem(ptr, "must be an array of grade bands, best first");
            return;
        }
        std::unordered_map<std::string, std::size_t> seen;
        double previous = INFINITY;
        for (std::size_t i = 0; i < g.size(); ++i) {
            const auto p = at(ptr, i);
            const auto& band = g[i];
            if (!band.is_object()) {
                problem(p, "must be an object {\"label\", \"min\"}");
                continue;
            }
            check_keys(band, p, {"label", "label_en", "min"});
            grade_band b;
            b.label = required_string(band, p, "label").value_or("");
            b.label_en = optional_string(band, p, "label_en").value_or("");
            if (!b.label.empty()) {
                auto [it, fresh] = seen.emplace(b.label, i);
                if (!fresh) problem(at(p, "label"), "duplicate grade label \"" + b.label + "\" (also " + at(ptr, it->second) + ")");
            }
            if (band.contains("min")) {
                auto v = number_at(band["min"], at(p, "min"));
                if (v) {
                    if (!(*v < previous))
                        problem(at(p, "min"), "grade thresholds must decrease (" + number_text(*v) + " after " + number_text(previous) + ")");
                    b.min = *v;
                    previous = *v;
                }
            } else if (i + 1 != g.size()) {
                problem(at(p, "min"), "required (only the last band may omit min, to catch every remaining unit)");
            } else {
                b.min = -INFINITY;
            }
            m_.grades.push_back(std::move(b));
        }
    }

    int parse_node(const json& j, const std::string& ptr, int parent, int level, missing_policy inherited) {
        if (!j.is_object()) {
            problem(ptr, "a node must be a JSON object");
            return -1;
        }
        if (level > max_depth) {
            problem(ptr, "the tree is deeper than " + std::to_string(max_depth) + " levels");
            return -1;
        }
        const bool has_children = j.contains("children");
        const bool has_rule = j.contains("rule");
        const int index = static_cast<int>(m_.nodes.size());
        m_.nodes.emplace_back();
        info_.emplace_back();
        node tmp;  // filled here, moved into place at the end: m_.nodes may reallocate during recursion
        tmp.pointer = ptr;
        tmp.parent = parent;
        tmp.level = level;
        tmp.is_indicator = has_rule && !has_children;

        if (has_children && has_rule) problem(ptr, "a node has either \"children\" (a group) or \"rule\" (an indicator), not both");
        if (!has_children && !has_rule) problem(ptr, "a node needs \"children\" (a group) or \"rule\" (an indicator)");

        if (tmp.is_indicator) {
            check_keys(j, ptr, {"id", "name", "name_en", "description", "weight", "points", "missing", "rule",
                                "unit", "direction", "column", "denominator", "impute", "outliers"});
        } else {
            check_keys(j, ptr, {"id", "name", "name_en", "description", "weight", "points", "missing",
                                "children", "aggregation", "weights", "min_coverage", "zero_policy"});
        }

        tmp.id = required_string(j, ptr, "id").value_or("");
        if (!tmp.id.empty()) {
            for (unsigned char c : tmp.id) {
                if (c < 0x20 || c == 0x7f) {
                    problem(at(ptr, "id"), "must not contain control characters");
                    break;
                }
            }
            if (tmp.id == "unit_id" || tmp.id == "status" || tmp.id == "rank" || tmp.id == "grade" ||
                tmp.id == "coverage")
                problem(at(ptr, "id"), "\"" + tmp.id + "\" is reserved for a column of the results");
            auto [it, fresh] = id_pointer_.emplace(tmp.id, ptr);
            if (!fresh) problem(at(ptr, "id"), "duplicate id \"" + tmp.id + "\" (first at " + it->second + ")");
        }
        tmp.name = optional_string(j, ptr, "name").value_or(tmp.id);
        tmp.name_en = optional_string(j, ptr, "name_en").value_or("");
        (void)optional_string(j, ptr, "description");

        // A key that is present but invalid is reported once, here; it still counts as given, so
        // the parent does not also call it missing.
        if (j.contains("weight")) {
            if (parent < 0) problem(at(ptr, "weight"), "the root has no parent to weigh it");
            info_[index].has_weight = true;
            if (auto w = positive_number(j, ptr, "weight")) tmp.weight = *w;
        }
        if (j.contains("points")) {
            info_[index].has_points = true;
            if (auto p = positive_number(j, ptr, "points")) tmp.points = *p;
        }
        missing_policy policy = inherited;
        if (j.contains("missing")) policy = parse_missing(j["missing"], at(ptr, "missing")).value_or(inherited);
        tmp.missing = policy;

        if (tmp.is_indicator) {
            tmp.unit = optional_string(j, ptr, "unit").value_or("");
            parse_indicator(j, ptr, tmp);
            parse_treatment(j, ptr, tmp);
        } else if (has_children) {
            parse_group_settings(j, ptr, tmp);
            const auto& kids = j["children"];
            const auto kp = at(ptr, "children");
            if (!kids.is_array()) {
                problem(kp, "must be an array of nodes");
            } else if (kids.empty()) {
                problem(kp, "a group needs at least one child");
            } else {
                for (std::size_t i = 0; i < kids.size(); ++i) {
                    const int child = parse_node(kids[i], at(kp, i), index, level + 1, policy);
                    if (child >= 0) tmp.children.push_back(child);
                }
                resolve_child_weights(j, ptr, index, tmp);
            }
        }
        m_.nodes[index] = std::move(tmp);
        return index;
    }

    void parse_group_settings(const json& j, const std::string& ptr, node& n) {
        if (j.contains("aggregation") && is_mcda_aggregation(j["aggregation"])) {  // model/load_mcda.cpp
            const std::size_t kids = j.contains("children") && j["children"].is_array() ? j["children"].size() : 0;
            parse_mcda_aggregation(j["aggregation"], at(ptr, "aggregation"),
                                   {kids, m_.scale_lo, m_.scale_hi, m_.display == score_display::points,
                                    kids > 0 ? &j["children"] : nullptr},
                                   n.mcda, problems_);
        } else if (j.contains("aggregation")) {
            parse_aggregation(j["aggregation"], at(ptr, "aggregation"), n);
        }
        if (auto z = optional_string(j, ptr, "zero_policy")) {
            if (*z == "error") n.zero_policy = methods::nonpositive_policy::error;
            else if (*z == "shift") n.zero_policy = methods::nonpositive_policy::shift_epsilon;
            else problem(at(ptr, "zero_policy"), "must be \"error\" or \"shift\", not \"" + *z + "\"");
            n.zero_policy_set = true;
        }
        if (auto c = optional_number(j, ptr, "min_coverage")) {
            if (*c < 0 || *c > 1) problem(at(ptr, "min_coverage"), "must be in [0, 1]");
            else n.min_coverage = *c;
        }
    }

    // Children are parsed; decide the weighting mode and each child's nominal weight.
    void resolve_child_weights(const json& j, const std::string& ptr, int index, node& n) {
        bool any_weight = false, any_points = false, all_points = true;
        for (int c : n.children) {
            any_weight = any_weight || info_[c].has_weight;
            any_points = any_points || info_[c].has_points;
            all_points = all_points && info_[c].has_points;
        }
        info_[index].has_weights = j.contains("weights");
        if (j.contains("weights") && j["weights"].is_object() && j["weights"].contains("over")) {
            n.weights = parse_over_indicators(j["weights"], at(ptr, "weights"), n);
            n.child_weighting = n.weights.kind;
            for (int c : n.children) m_.nodes[c].weight = 1.0;  // learned by fit
            return;
        }
        if (j.contains("weights") && j["weights"].is_object()) {
            n.weights = parse_weight_spec(j["weights"], at(ptr, "weights"), n, 0);
            n.child_weighting = n.weights.kind;
            n.warnings = std::move(pending_warnings_);
            pending_warnings_.clear();
            // Children's nominal weights: the fixed weights where known (1 otherwise, until fit learns them).
            for (std::size_t i = 0; i < n.children.size(); ++i)
                m_.nodes[n.children[i]].weight = n.weights.fixed.size() == n.children.size() ? n.weights.fixed[i] : 1.0;
            return;
        }
        std::optional<std::string> mode = optional_string(j, ptr, "weights");
        if (mode && *mode != "explicit" && *mode != "equal" && *mode != "points") {
            problem(at(ptr, "weights"), "must be \"explicit\", \"equal\" or \"points\", not \"" + *mode + "\"");
            mode.reset();
        }
        if (!mode) {
            if (any_weight && any_points) {
                problem(at(ptr, "children"), "children mix \"weight\" and \"points\"; use one or set \"weights\"");
                return;
            }
            mode = any_points ? "points" : any_weight ? "explicit" : "equal";
        }
        const auto kp = at(ptr, "children");
        if (*mode == "explicit") {
            n.child_weighting = weighting::explicit_weights;
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                if (!info_[n.children[i]].has_weight)
                    problem(at(at(kp, i), "weight"), "required: the parent weighs its children explicitly");
            }
        } else if (*mode == "points") {
            n.child_weighting = weighting::points;
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                node& child = m_.nodes[n.children[i]];
                if (!info_[n.children[i]].has_points)
                    problem(at(at(kp, i), "points"), "required: the parent weighs its children by points");
                else
                    child.weight = child.points;
            }
        } else {
            n.child_weighting = weighting::equal;
            for (int c : n.children) m_.nodes[c].weight = 1.0;
        }
        // A group's points are the sum of its children's points; given explicitly, they must agree.
        if (all_points) {
            double sum = 0;
            for (int c : n.children) sum += m_.nodes[c].points;
            if (j.contains("points") && n.points > 0) {
                if (std::abs(n.points - sum) > 1e-9 * std::max(1.0, std::abs(sum)))
                    problem(at(ptr, "points"), "is " + number_text(n.points) + " but the children's points add up to " + number_text(sum));
            } else {
                n.points = sum;
            }
            info_[index].has_points = true;
        }
    }

    // "aggregation": a name, or an object {"type": ..., parameters}.
    void parse_aggregation(const json& a, const std::string& p, node& n) {
        std::string type;
        const json* obj = nullptr;
        if (a.is_string()) {
            type = a.get<std::string>();
        } else if (a.is_object()) {
            obj = &a;
            auto t = required_string(a, p, "type");
            if (!t) return;
            type = *t;
        } else {
            problem(p, "must be a name or an object {\"type\": ...}");
            return;
        }
        auto keys = [&](std::initializer_list<std::string_view> allowed) {
            if (obj) check_keys(*obj, p, allowed);
        };
        const std::string tp = obj ? at(p, "type") : p;
        if (type == "arithmetic") {
            keys({"type"});
            n.agg = node_aggregation::arithmetic;
            n.aggregation = methods::aggregation::arithmetic;
        } else if (type == "geometric") {
            keys({"type"});
            n.agg = node_aggregation::geometric;
            n.aggregation = methods::aggregation::geometric;
            n.power_p = 0.0;
        } else if (type == "harmonic") {
            keys({"type"});
            n.agg = node_aggregation::harmonic;
            n.aggregation = methods::aggregation::harmonic;
            n.power_p = -1.0;
        } else if (type == "power") {
            keys({"type", "p"});
            n.agg = node_aggregation::power;
            if (!obj) {
                problem(p, "a power mean needs its exponent: {\"type\": \"power\", \"p\": ...}");
            } else if (auto v = required_number(*obj, p, "p")) {
                n.power_p = *v;
            }
        } else if (type == "median") {
            keys({"type"});
            n.agg = node_aggregation::median;
        } else if (type == "minimum") {
            keys({"type"});
            n.agg = node_aggregation::minimum;
        } else if (type == "mazziotta_pareto") {
            keys({"type", "penalty"});
            n.agg = node_aggregation::mazziotta_pareto;
            if (obj) {
                if (auto pen = optional_string(*obj, p, "penalty")) {
                    if (*pen == "negative") n.mp_penalty_negative = true;
                    else if (*pen == "positive") n.mp_penalty_negative = false;
                    else problem(at(p, "penalty"), "must be \"negative\" (higher is better) or \"positive\" (higher is worse)");
                }
            }
        } else {
            problem(tp, "unknown aggregation \"" + type +
                            "\" (one of arithmetic, geometric, harmonic, power, median, minimum, mazziotta_pareto, "
                            "topsis, vikor, grey_relational, fuzzy, copeland)");
        }
    }

    // "weights" with "over": "indicators" (docs/model-format.md): the spec is parsed as if the group's
    // children were every indicator below it, so "explicit" reads the indicators' own "weight" keys.
    weight_spec parse_over_indicators(const json& w, const std::string& p, const node& n) {
        node all = n;
        all.children.clear();
        std::vector<int> stack(n.children.rbegin(), n.children.rend());
        while (!stack.empty()) {
            const int c = stack.back();
            stack.pop_back();
            const node& cn = m_.nodes[static_cast<std::size_t>(c)];
            if (cn.is_indicator) {
                all.children.push_back(c);
                continue;
            }
            if (info_[static_cast<std::size_t>(c)].has_weights)
                problem(at(cn.pointer, "weights"), "not allowed below a group whose weights are learned \"over\": \"indicators\" (" + p + ")");
            stack.insert(stack.end(), cn.children.rbegin(), cn.children.rend());
        }
        json rest = w;
        rest.erase("over");
        if (!w["over"].is_string() || w["over"].get<std::string>() != "indicators")
            problem(at(p, "over"), "must be \"indicators\"");
        const std::string method = rest.value("method", "");
        const json* objective = method == "combined" && rest.contains("objective") ? &rest["objective"] : &rest;
        if (objective->is_object() && objective->value("method", "") != "entropy")
            problem(at(method == "combined" ? at(p, "objective") : p, "method"),
                    "weights learned \"over\": \"indicators\" support the entropy method only");
        weight_spec spec = parse_weight_spec(rest, p, all, 0);
        spec.over_indicators = true;
        return spec;
    }

    // "weights" as an object: {"method": ...}. depth > 0 inside a combined spec.
    weight_spec parse_weight_spec(const json& w, const std::string& p, const node& n, int depth) {
        weight_spec spec;
        const auto method = required_string(w, p, "method");
        if (!method) return spec;
        const std::size_t k = n.children.size();
        if (*method == "equal") {
            check_keys(w, p, {"method"});
            spec.kind = weighting::equal;
            spec.fixed.assign(k, 1.0);
        } else if (*method == "explicit" || *method == "points") {
            check_keys(w, p, {"method", "values"});
            spec.kind = *method == "points" ? weighting::points : weighting::explicit_weights;
            spec.fixed.assign(k, 1.0);
            if (!w.contains("values")) {
                // From the children's "weight"/"points" keys.
                for (std::size_t i = 0; i < k; ++i) {
                    const node& c = m_.nodes[n.children[i]];
                    const bool has = *method == "points" ? info_[n.children[i]].has_points : info_[n.children[i]].has_weight;
                    if (!has) problem(at(c.pointer, *method == "points" ? "points" : "weight"),
                                      "required: the parent weighs its children " + *method);
                    else spec.fixed[i] = *method == "points" ? c.points : c.weight;
                }
            } else {
                spec.fixed = positive_vector(w["values"], at(p, "values"), k);
            }
        } else if (*method == "ahp") {
            parse_ahp(w, p, n, spec);
        } else if (*method == "combined") {
            check_keys(w, p, {"method", "rule", "alpha", "subjective", "objective"});
            spec.kind = weighting::combined;
            if (depth > 0) problem(at(p, "method"), "a combined weighting cannot contain another combined weighting");
            spec.rule = optional_string(w, p, "rule").value_or("linear");
            if (spec.rule != "linear" && spec.rule != "multiplicative" && spec.rule != "game_theory")
                problem(at(p, "rule"), "must be \"linear\", \"multiplicative\" or \"game_theory\"");
            if (auto a = optional_number(w, p, "alpha")) {
                if (spec.rule != "linear") problem(at(p, "alpha"), "only the linear rule takes alpha");
                else if (*a < 0 || *a > 1) problem(at(p, "alpha"), "must be in [0, 1]");
                else spec.alpha = *a;
            }
            for (const char* part : {"subjective", "objective"}) {
                if (!w.contains(part) || !w[part].is_object()) {
                    problem(at(p, part), "required: a weights specification {\"method\": ...}");
                    continue;
                }
                auto sub = std::make_shared<weight_spec>(parse_weight_spec(w[part], at(p, part), n, depth + 1));
                (std::string(part) == "subjective" ? spec.subjective : spec.objective) = std::move(sub);
            }
            // Fully fixed combinations are computed now; a learned part waits for fit.
            if (spec.subjective && spec.objective && !spec.subjective->fixed.empty() && !spec.objective->fixed.empty() &&
                spec.subjective->fixed.size() == k && spec.objective->fixed.size() == k)
                spec.fixed = combine_fixed(spec, *spec.subjective, *spec.objective, p);
        } else {
            try {
                spec.learned = methods::weighting_from_name(*method == "sd" ? "standard_deviation"
                                                            : *method == "cv" ? "coefficient_of_variation"
                                                                              : std::string_view(*method));
            } catch (const std::exception&) {
                problem(at(p, "method"), "unknown weights method \"" + *method +
                                              "\" (one of equal, explicit, points, ahp, entropy, critic, sd, cv, merec, gini, pca, combined)");
                return spec;
            }
            spec.kind = weighting::learned;
            if (spec.learned == methods::weighting::equal) {
                spec.kind = weighting::equal;
                spec.fixed.assign(k, 1.0);
            }
            check_keys(w, p, {"method", "correlation", "scale_first", "retain", "variance", "components"});
            if (auto c = optional_string(w, p, "correlation")) {
                if (*c == "pearson") spec.options.corr = methods::correlation::pearson;
                else if (*c == "spearman") spec.options.corr = methods::correlation::spearman;
                else problem(at(p, "correlation"), "must be \"pearson\" or \"spearman\"");
            }
            if (w.contains("scale_first")) {
                if (!w["scale_first"].is_boolean()) problem(at(p, "scale_first"), "must be true or false");
                else spec.options.minmax_scale_first = w["scale_first"].get<bool>();
            }
            if (auto r = optional_string(w, p, "retain")) {
                if (*r == "kaiser") spec.options.retain = methods::pca_retain::kaiser;
                else if (*r == "variance") spec.options.retain = methods::pca_retain::variance;
                else if (*r == "count") spec.options.retain = methods::pca_retain::count;
                else problem(at(p, "retain"), "must be \"kaiser\", \"variance\" or \"count\"");
            }
            if (auto v = optional_number(w, p, "variance")) {
                if (*v <= 0 || *v > 1) problem(at(p, "variance"), "must be in (0, 1]");
                else spec.options.variance_threshold = *v;
            }
            if (auto c = optional_number(w, p, "components")) {
                if (*c < 1 || *c != std::floor(*c) || *c > static_cast<double>(k)) problem(at(p, "components"), "must be a whole number in [1, number of children]");
                else spec.options.n_components = static_cast<int>(*c);
            }
        }
        return spec;
    }

    std::vector<double> positive_vector(const json& v, const std::string& p, std::size_t k) {
        std::vector<double> out(k, 1.0);
        if (!v.is_array() || v.size() != k) {
            problem(p, "must be an array of " + std::to_string(k) + " positive numbers (one per child)");
            return out;
        }
        for (std::size_t i = 0; i < k; ++i) {
            auto x = number_at(v[i], at(p, i));
            if (x && !(*x > 0)) problem(at(p, i), "must be > 0");
            else if (x) out[i] = *x;
        }
        return out;
    }

    std::vector<double> combine_fixed(const weight_spec& spec, const weight_spec& s, const weight_spec& o,
                                      const std::string& p) {
        Eigen::VectorXd a = Eigen::Map<const Eigen::VectorXd>(s.fixed.data(), static_cast<Eigen::Index>(s.fixed.size()));
        Eigen::VectorXd b = Eigen::Map<const Eigen::VectorXd>(o.fixed.data(), static_cast<Eigen::Index>(o.fixed.size()));
        a /= a.sum();
        b /= b.sum();
        try {
            Eigen::VectorXd c = spec.rule == "multiplicative" ? methods::combine_multiplicative(a, b)
                                : spec.rule == "game_theory"  ? methods::combine_game_theory({a, b}).weights
                                                              : methods::combine_linear(a, b, spec.alpha);
            return {c.data(), c.data() + c.size()};
        } catch (const std::exception& e) {
            problem(p, e.what());
            return {};
        }
    }

    Eigen::MatrixXd parse_matrix(const json& v, const std::string& p, std::size_t k) {
        Eigen::MatrixXd A = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
        if (!v.is_array() || v.size() != k) {
            problem(p, "must be a " + std::to_string(k) + " x " + std::to_string(k) + " matrix (one row and column per child)");
            return A;
        }
        for (std::size_t i = 0; i < k; ++i) {
            if (!v[i].is_array() || v[i].size() != k) {
                problem(at(p, i), "must be a row of " + std::to_string(k) + " judgements");
                continue;
            }
            for (std::size_t j = 0; j < k; ++j) {
                const auto& e = v[i][j];
                if (e.is_null()) continue;  // a missing judgement (incomplete matrix)
                auto x = number_at(e, at(at(p, i), j));
                if (x) A(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = *x;
            }
        }
        return A;
    }

    void parse_ahp(const json& w, const std::string& p, const node& n, weight_spec& spec) {
        check_keys(w, p, {"method", "matrix", "experts", "expert_weights", "merge", "priority", "ri_table",
                          "cr_threshold", "on_inconsistent", "saaty_scale"});
        spec.kind = weighting::ahp;
        const std::size_t k = n.children.size();
        if (auto pr = optional_string(w, p, "priority")) {
            if (*pr == "eigenvector") spec.ahp.priority = methods::ahp_priority::eigenvector;
            else if (*pr == "geometric" || *pr == "geometric_mean") spec.ahp.priority = methods::ahp_priority::geometric_mean;
            else problem(at(p, "priority"), "must be \"eigenvector\" or \"geometric\"");
        }
        if (auto t = optional_string(w, p, "ri_table")) {
            try {
                spec.ahp.table = methods::ri_table_from_name(*t);
            } catch (const std::exception&) {
                problem(at(p, "ri_table"), "must be \"saaty1980\", \"saaty2005\", \"donegan_dodd\" or \"tummala_ling\"");
            }
        }
        if (auto c = optional_number(w, p, "cr_threshold")) {
            if (*c < 0) problem(at(p, "cr_threshold"), "must be >= 0");
            else spec.ahp.threshold = *c;
        }
        if (auto o = optional_string(w, p, "on_inconsistent")) {
            if (*o == "error") spec.ahp_error = true;
            else if (*o != "warn") problem(at(p, "on_inconsistent"), "must be \"warn\" or \"error\"");
        }
        if (w.contains("saaty_scale")) {
            if (!w["saaty_scale"].is_boolean()) problem(at(p, "saaty_scale"), "must be true or false");
            else spec.ahp.saaty_scale = w["saaty_scale"].get<bool>();
        }
        if (auto mg = optional_string(w, p, "merge")) {
            if (*mg == "aip") spec.aggregate_priorities = true;
            else if (*mg != "aij") problem(at(p, "merge"), "must be \"aij\" (geometric mean of judgements) or \"aip\" (mean of priorities)");
        }
        const bool has_matrix = w.contains("matrix"), has_experts = w.contains("experts");
        if (has_matrix == has_experts) {
            problem(p, "needs either \"matrix\" (one judge) or \"experts\" (a list of matrices, group AHP)");
            return;
        }
        std::vector<std::string> where;
        const std::size_t problems_before = problems_.size();
        if (has_matrix) {
            spec.matrices.push_back(parse_matrix(w["matrix"], at(p, "matrix"), k));
            where.push_back(at(p, "matrix"));
        } else {
            const auto& ex = w["experts"];
            if (!ex.is_array() || ex.empty()) {
                problem(at(p, "experts"), "must be a non-empty array of matrices");
                return;
            }
            for (std::size_t e = 0; e < ex.size(); ++e) {
                spec.matrices.push_back(parse_matrix(ex[e], at(at(p, "experts"), e), k));
                where.push_back(at(at(p, "experts"), e));
            }
            if (w.contains("expert_weights")) spec.expert_weights = positive_vector(w["expert_weights"], at(p, "expert_weights"), ex.size());
        }
        if (problems_.size() != problems_before) return;  // matrices not fully read; do not compute on them
        try {
            std::vector<Eigen::VectorXd> priorities;
            for (std::size_t e = 0; e < spec.matrices.size(); ++e) {
                try {
                    spec.ahp_results.push_back(methods::ahp(spec.matrices[e], spec.ahp));
                } catch (const error& err) {
                    problem(where[e], err.what());
                    return;
                }
                priorities.push_back(spec.ahp_results.back().weights);
            }
            Eigen::VectorXd wv;
            if (spec.matrices.size() == 1) {
                wv = spec.ahp_results[0].weights;
            } else if (spec.aggregate_priorities) {
                wv = methods::ahp_aggregate_priorities(priorities, spec.expert_weights, true);
            } else {
                std::vector<Eigen::MatrixXd> completed;
                for (const auto& r : spec.ahp_results) completed.push_back(r.completed);
                auto merged = methods::ahp(methods::ahp_aggregate_judgements(completed, spec.expert_weights), spec.ahp);
                wv = merged.weights;
                spec.ahp_results.insert(spec.ahp_results.begin(), merged);  // [0] is the group's matrix
            }
            spec.fixed.assign(wv.data(), wv.data() + wv.size());
            for (std::size_t e = 0; e < spec.ahp_results.size(); ++e) {
                const auto& r = spec.ahp_results[e];
                if (r.consistent) continue;
                const std::string what = (spec.ahp_results.size() == 1 ? std::string("AHP matrix") : e == 0 && !spec.aggregate_priorities ? std::string("merged AHP matrix") : "AHP matrix of expert " + std::to_string(spec.aggregate_priorities ? e : e - 1)) +
                                         " is inconsistent: CR " + number_text(r.cr) + " > " + number_text(spec.ahp.threshold) +
                                         " (lambda_max " + number_text(r.lambda_max) + ", CI " + number_text(r.ci) + ", RI " + number_text(r.ri) + " from " + r.table + ")";
                if (spec.ahp_error) problem(p, what);
                else pending_warnings_.push_back(p + ": " + what);
            }
        } catch (const error& err) {
            problem(p, err.what());
        }
    }

    void parse_impute(const json& v, const std::string& p, treatment_spec& t) {
        if (!v.is_object()) {
            problem(p, "must be an object {\"method\": ...}");
            return;
        }
        check_keys(v, p, {"method", "group_column"});
        const auto m = required_string(v, p, "method");
        if (!m) return;
        if (*m == "none") t.impute = methods::impute_method::none;
        else if (*m == "mean") t.impute = methods::impute_method::mean;
        else if (*m == "median") t.impute = methods::impute_method::median;
        else if (*m == "group_mean") t.impute = methods::impute_method::group_mean;
        else if (*m == "zero") t.impute = methods::impute_method::zero;
        else if (*m == "min") t.impute = methods::impute_method::min;
        else problem(at(p, "method"), "must be one of \"none\", \"mean\", \"median\", \"group_mean\", \"zero\", \"min\"");
        t.group_column = optional_string(v, p, "group_column").value_or("");
        if (t.impute == methods::impute_method::group_mean && t.group_column.empty())
            problem(at(p, "group_column"), "required: the unit column that holds each unit's group");
        if (t.impute != methods::impute_method::group_mean && v.contains("group_column"))
            problem(at(p, "group_column"), "only the group_mean method takes a group column");
    }

    void parse_outliers(const json& v, const std::string& p, treatment_spec& t) {
        if (!v.is_object()) {
            problem(p, "must be an object {\"method\": ...}");
            return;
        }
        const auto m = required_string(v, p, "method");
        if (!m) return;
        if (*m == "none") {
            check_keys(v, p, {"method"});
            t.outliers = outlier_method::none;
        } else if (*m == "coinr") {
            check_keys(v, p, {"method", "skew", "kurtosis", "max_winsorised"});
            t.outliers = outlier_method::coinr;
            if (auto s = optional_number(v, p, "skew")) {
                if (*s <= 0) problem(at(p, "skew"), "must be > 0");
                else t.skew = *s;
            }
            if (auto k = optional_number(v, p, "kurtosis")) t.kurtosis = *k;
            if (auto w = optional_number(v, p, "max_winsorised")) {
                if (*w < 0 || *w != std::floor(*w) || *w > 1e6) problem(at(p, "max_winsorised"), "must be a whole number >= 0");
                else t.max_winsorised = static_cast<int>(*w);
            }
        } else if (*m == "winsorise") {
            check_keys(v, p, {"method", "quantiles"});
            t.outliers = outlier_method::winsorise;
            const auto qp = at(p, "quantiles");
            if (!v.contains("quantiles")) {
                problem(qp, "required: [lower, upper] quantiles, e.g. [0.05, 0.95]");
            } else if (!v["quantiles"].is_array() || v["quantiles"].size() != 2) {
                problem(qp, "must be [lower, upper]");
            } else {
                auto lo = number_at(v["quantiles"][0], at(qp, 0));
                auto hi = number_at(v["quantiles"][1], at(qp, 1));
                if (lo && hi) {
                    if (!(*lo >= 0 && *lo < *hi && *hi <= 1)) problem(qp, "must satisfy 0 <= lower < upper <= 1");
                    t.q_lo = *lo;
                    t.q_hi = *hi;
                }
            }
        } else {
            problem(at(p, "method"), "must be \"none\", \"coinr\" or \"winsorise\"");
        }
    }

    void parse_treatment(const json& j, const std::string& ptr, node& n) {
        treatment_spec t = default_treatment_;
        if (auto d = optional_string(j, ptr, "denominator")) {
            if (d->empty()) problem(at(ptr, "denominator"), "must not be empty");
            t.denominator = *d;
        }
        if (j.contains("impute")) parse_impute(j["impute"], at(ptr, "impute"), t);
        if (j.contains("outliers")) parse_outliers(j["outliers"], at(ptr, "outliers"), t);
        if (t.any() && n.rule.kind == methods::rule_kind::deduction)
            problem(ptr, "a deduction rule counts events; it takes no denominator, imputation or outlier treatment");
        n.treatment = t;
    }

    void parse_indicator(const json& j, const std::string& ptr, node& n) {
        std::optional<methods::direction> declared;
        if (auto d = optional_string(j, ptr, "direction")) {
            if (*d == "benefit") declared = methods::direction::benefit;
            else if (*d == "cost") declared = methods::direction::cost;
            else problem(at(ptr, "direction"), "must be \"benefit\" or \"cost\", not \"" + *d + "\"");
        }
        methods::rule& r = n.rule;
        r.dir = declared.value_or(methods::direction::benefit);
        const auto rp = at(ptr, "rule");
        const auto& rj = j["rule"];
        if (!rj.is_object()) {
            problem(rp, "must be an object with a \"type\"");
            return;
        }
        const auto type = required_string(rj, rp, "type");
        if (!type) return;

        if (*type == "min_max") {
            r.kind = methods::rule_kind::min_max;
            check_keys(rj, rp, {"type", "range"});
            if (rj.contains("range")) {
                const auto& range = rj["range"];
                const auto p = at(rp, "range");
                if (!range.is_array() || range.size() != 2) {
                    problem(p, "must be [l, u]");
                } else {
                    auto lo = number_at(range[0], at(p, 0));
                    auto hi = number_at(range[1], at(p, 1));
                    if (lo && hi) {
                        if (!(*hi > *lo)) problem(p, "u must be greater than l");
                        r.range_lo = *lo;
                        r.range_hi = *hi;
                    }
                }
            }
        } else if (*type == "z_score") {
            r.kind = methods::rule_kind::z_score;
            check_keys(rj, rp, {"type", "mean", "sd", "sd_type"});
            r.mean = optional_number(rj, rp, "mean").value_or(0.0);
            if (rj.contains("sd")) r.sd = positive_number(rj, rp, "sd").value_or(1.0);
            // "sd" is the output spread; "sd_type" chooses the estimator learned in fit.
            if (auto e = optional_string(rj, rp, "sd_type")) {
                if (*e == "population") r.population_sd = true;
                else if (*e != "sample") problem(at(rp, "sd_type"), "must be \"sample\" (default) or \"population\"");
            }
            if (n.missing == missing_policy::zero)
                problem(at(ptr, "missing"), "\"zero\" needs a lowest score, which a z-score does not have");
        } else if (*type == "goalposts") {
            r.kind = methods::rule_kind::goalposts;
            check_keys(rj, rp, {"type", "worst", "best"});
            auto worst = required_number(rj, rp, "worst");
            auto best = required_number(rj, rp, "best");
            if (worst && best) {
                if (*worst == *best) {
                    problem(at(rp, "best"), "must differ from worst");
                } else {
                    r.worst = *worst;
                    r.best = *best;
                    const auto implied = *worst > *best ? methods::direction::cost : methods::direction::benefit;
                    if (declared && *declared != implied)
                        problem(at(ptr, "direction"),
                                std::string("contradicts the goalposts (worst ") + number_text(*worst) + ", best " +
                                    number_text(*best) + " make it a " + (implied == methods::direction::cost ? "cost" : "benefit") +
                                    " indicator)");
                    r.dir = implied;
                }
            }
        } else if (*type == "target") {
            r.kind = methods::rule_kind::target;
            check_keys(rj, rp, {"type", "target"});
            if (!rj.contains("target")) problem(at(rp, "target"), "required");
            else r.target = positive_number(rj, rp, "target").value_or(1.0);
        } else if (*type == "binary") {
            r.kind = methods::rule_kind::binary;
            check_keys(rj, rp, {"type"});
        } else if (*type == "tiers") {
            r.kind = methods::rule_kind::tiers;
            check_keys(rj, rp, {"type", "tiers"});
            parse_tiers(rj, rp, r);
        } else if (*type == "deduction") {
            r.kind = methods::rule_kind::deduction;
            check_keys(rj, rp, {"type", "deductions", "full", "floor", "cap"});
            if (declared == methods::direction::cost)
                problem(at(ptr, "direction"), "a deduction rule scores higher with fewer events; it takes no \"cost\" direction");
            r.dir = methods::direction::benefit;
            if (j.contains("column")) problem(at(ptr, "column"), "a deduction rule reads one column per event (deductions/*/column)");
            parse_deduction(rj, rp, n);
        } else if (is_normaliser_rule(*type)) {
            parse_normaliser(rj, rp, *type, n);
        } else {
            problem(at(rp, "type"), "unknown rule \"" + *type +
                                        "\" (one of min_max, z_score, goalposts, target, binary, tiers, deduction, "
                                        "distance_to_target, distance_to_best, rank, percentile_rank, vector, sum, max, "
                                        "log_min_max, categorical)");
            return;
        }
        if (r.kind != methods::rule_kind::deduction) {
            std::string column = optional_string(j, ptr, "column").value_or(n.id);
            if (j.contains("column") && column.empty()) problem(at(ptr, "column"), "must not be empty");
            n.columns = {column};
        }
    }

    static bool is_normaliser_rule(const std::string& type) {
        for (const char* t : {"distance_to_target", "distance_to_best", "rank", "percentile_rank", "vector", "sum", "max",
                              "log_min_max", "categorical"})
            if (type == t) return true;
        return false;
    }

    // A methods::normalise normaliser as an indicator rule (docs/methods.md "Normalisers as rules").
    void parse_normaliser(const json& rj, const std::string& rp, const std::string& type, node& n) {
        methods::rule& r = n.rule;
        r.kind = methods::rule_kind::normalise;
        r.norm = methods::normaliser_from_name(type);
        auto& o = r.norm_options;
        if (type == "distance_to_target") {
            check_keys(rj, rp, {"type", "range", "target", "cap"});
            if (auto t = required_number(rj, rp, "target")) o.targets = {*t};
            if (rj.contains("cap")) {
                if (!rj["cap"].is_boolean()) problem(at(rp, "cap"), "must be true or false");
                else o.cap = rj["cap"].get<bool>();
            }
        } else if (type == "rank") {
            check_keys(rj, rp, {"type", "ties"});
            if (auto t = optional_string(rj, rp, "ties")) {
                if (*t == "average") o.ties = methods::rank_ties::average;
                else if (*t != "min") problem(at(rp, "ties"), "must be \"min\" (default) or \"average\"");
            }
        } else if (type == "categorical") {
            check_keys(rj, rp, {"type", "categories"});
            const auto p = at(rp, "categories");
            if (!rj.contains("categories") || !rj["categories"].is_array() || rj["categories"].empty()) {
                problem(p, "required: a non-empty array of {\"value\": v, \"score\": s}");
            } else {
                const auto& cats = rj["categories"];
                for (std::size_t i = 0; i < cats.size(); ++i) {
                    const auto cp = at(p, i);
                    if (!cats[i].is_object()) {
                        problem(cp, "must be {\"value\": v, \"score\": s}");
                        continue;
                    }
                    check_keys(cats[i], cp, {"value", "score"});
                    auto v = required_number(cats[i], cp, "value");
                    auto sc = required_number(cats[i], cp, "score");
                    if (!v || !sc) continue;
                    for (const auto& c : o.categories)
                        if (c.value == *v) problem(at(cp, "value"), "value " + number_text(*v) + " is listed twice");
                    o.categories.push_back({*v, *sc});
                }
            }
            if (rj.contains("range")) problem(at(rp, "range"), "a categorical rule gives the listed scores; it takes no range");
        } else {
            check_keys(rj, rp, {"type", "range"});
        }
        if (type != "rank" && type != "categorical" && rj.contains("range")) {
            const auto& range = rj["range"];
            const auto p = at(rp, "range");
            if (!range.is_array() || range.size() != 2) {
                problem(p, "must be [l, u]");
            } else {
                auto lo = number_at(range[0], at(p, 0));
                auto hi = number_at(range[1], at(p, 1));
                if (lo && hi) {
                    if (!(*hi > *lo)) problem(p, "u must be greater than l");
                    r.range_lo = *lo;
                    r.range_hi = *hi;
                }
            }
        }
        o.lo = r.range_lo;
        o.hi = r.range_hi;
    }

    void parse_tiers(const json& rj, const std::string& rp, methods::rule& r) {
        const auto p = at(rp, "tiers");
        if (!rj.contains("tiers")) {
            problem(p, "required");
            return;
        }
        const auto& tiers = rj["tiers"];
        if (!tiers.is_array() || tiers.empty()) {
            problem(p, "must be a non-empty array of {\"min\": t, \"fraction\": f}");
            return;
        }
        const bool cost = r.dir == methods::direction::cost;
        const char* key = cost ? "max" : "min";
        double previous = -INFINITY;
        for (std::size_t i = 0; i < tiers.size(); ++i) {
            const auto tp = at(p, i);
            const auto& t = tiers[i];
            if (!t.is_object()) {
                problem(tp, "must be an object");
                continue;
            }
            check_keys(t, tp, {key, "fraction"});
            auto threshold = required_number(t, tp, key);
            auto fraction = required_number(t, tp, "fraction");
            if (fraction && (*fraction < 0 || *fraction > 1)) problem(at(tp, "fraction"), "must be in [0, 1]");
            if (threshold) {
                if (!(*threshold > previous))
                    problem(at(tp, key), "tier thresholds must increase (" + number_text(*threshold) + " after " + number_text(previous) + ")");
                previous = *threshold;
            }
            if (threshold && fraction) r.tiers.push_back({*threshold, *fraction});
        }
    }

    void parse_deduction(const json& rj, const std::string& rp, node& n) {
        methods::rule& r = n.rule;
        const auto p = at(rp, "deductions");
        if (!rj.contains("deductions")) {
            problem(p, "required");
        } else if (!rj["deductions"].is_array() || rj["deductions"].empty()) {
            problem(p, "must be a non-empty array of {\"column\", \"name\", \"per_event\"}");
        } else {
            const auto& items = rj["deductions"];
            for (std::size_t i = 0; i < items.size(); ++i) {
                const auto ip = at(p, i);
                if (!items[i].is_object()) {
                    problem(ip, "must be an object");
                    continue;
                }
                check_keys(items[i], ip, {"column", "name", "per_event"});
                methods::deduction_item item;
                item.column = required_string(items[i], ip, "column").value_or("");
                item.name = optional_string(items[i], ip, "name").value_or(item.column);
                if (!items[i].contains("per_event")) problem(at(ip, "per_event"), "required");
                item.per_event = positive_number(items[i], ip, "per_event").value_or(0.0);
                for (const auto& other : r.deductions) {
                    if (!item.column.empty() && other.column == item.column)
                        problem(at(ip, "column"), "column \"" + item.column + "\" is used twice in this rule");
                }
                n.columns.push_back(item.column);
                r.deductions.push_back(std::move(item));
            }
        }
        if (rj.contains("full")) {
            r.full = positive_number(rj, rp, "full").value_or(0.0);
        } else if (n.points > 0) {
            r.full = n.points;
        } else {
            problem(at(rp, "full"), "required when the indicator has no points");
        }
        r.floor = optional_number(rj, rp, "floor").value_or(0.0);
        if (r.floor < 0 || (r.full > 0 && r.floor >= r.full)) problem(at(rp, "floor"), "must be in [0, full)");
        if (rj.contains("cap")) r.cap = positive_number(rj, rp, "cap").value_or(0.0);
    }
};

// Default limit on JSON nesting ([ and { levels) of a model document; CIVISCORE_MAX_JSON_NESTING
// (build-time define, or the environment variable of that name at run time) changes it. The tree
// itself is limited to max_depth levels; this guards the recursive walks over the raw document
// (validation, dump) against hostile input like 10,000 levels of "[[[[" (docs/errors.md).
#ifndef CIVISCORE_MAX_JSON_NESTING
#define CIVISCORE_MAX_JSON_NESTING 256
#endif

int max_json_nesting() {
    if (const char* env = std::getenv("CIVISCORE_MAX_JSON_NESTING")) {
        const long v = std::strtol(env, nullptr, 10);
        if (v > 0 && v <= 1000000) return static_cast<int>(v);
    }
    return CIVISCORE_MAX_JSON_NESTING;
}

// A cheap pre-scan of the raw text (strings skipped): refuses nesting beyond the limit, naming the
// line and column where it is crossed, before the parser builds anything.
void check_nesting(std::string_view text) {
    const int limit = max_json_nesting();
    int depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) {
                auto [line, col] = line_column(text, i);
                throw model_error({{"", "JSON nested deeper than " + std::to_string(limit) + " levels at line " +
                                            std::to_string(line) + ", column " + std::to_string(col) +
                                            " (limit CIVISCORE_MAX_JSON_NESTING)"}});
            }
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
}

json parse_document(std::string_view text) {
    check_nesting(text);
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line L, column C: "; keep the reason.
        const auto colon = what.find(": ");
        const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
        throw model_error({{"", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + reason}});
    } catch (const json::exception& e) {
        // Not a syntax error but a value the parser cannot hold: "number overflow parsing '1e999'"
        // (out_of_range 406). The message names the token; find it in the text for the place.
        std::string what = e.what();
        const auto close = what.find("] ");
        const std::string reason = close == std::string::npos ? what : what.substr(close + 2);
        std::string place;
        const auto q1 = reason.find('\''), q2 = reason.rfind('\'');
        if (q1 != std::string::npos && q2 > q1 + 1) {
            const auto pos = text.find(reason.substr(q1 + 1, q2 - q1 - 1));
            if (pos != std::string_view::npos) {
                auto [line, col] = line_column(text, pos);
                place = " at line " + std::to_string(line) + ", column " + std::to_string(col);
            }
        }
        throw model_error({{"", "invalid JSON" + place + ": " + reason}});
    }
}

}  // namespace

model_ptr load_model(std::string_view json_text) {
    const json doc = parse_document(json_text);
    auto m = std::make_shared<model>();
    model_parser parser(*m);
    parser.parse(doc);
    auto& problems = parser.problems();
    if (doc.is_object() && doc.contains("derived")) parse_derived(doc["derived"], *m, problems);
    if (doc.is_object() && doc.contains("period_rollup"))  // period roll-up rules (engine/period_rollup.cpp)
        m->period_rollup_json = parse_period_rollup(doc["period_rollup"], *m, problems);
    finish_model(*m, problems);  // whole-tree checks too, so every problem is reported at once
    if (doc.is_object() && doc.contains("checks")) {  // data checks (docs/checks.md), validated now
        check::config unused = check::default_config(*m);
        check::parse_config(doc["checks"], *m, unused, problems);
        m->checks_json = doc["checks"].dump();
    }
    if (doc.is_object() && doc.contains("units")) parse_unit_hierarchy(doc["units"], *m, problems);
    if (doc.is_object() && doc.contains("logs")) {  // service logs (docs/service-logs.md), validated now
        logs::config unused;
        logs::parse_config(doc["logs"], *m, unused, problems);
        m->logs_json = doc["logs"].dump();
    }
    if (!problems.empty()) throw model_error(std::move(problems));
    m->canonical_json = doc.dump();
    m->sha256 = sha256_hex(m->canonical_json);
    return m;
}

model_ptr load_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("cannot open model file '" + path + "'");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw io_error("cannot read model file '" + path + "'");
    return load_model(buffer.str());
}

}  // namespace v0
}  // namespace civiscore
