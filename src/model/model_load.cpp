// Parse and validate a model document (docs/model-format.md). Every problem is collected with its
// JSON pointer and reported at once; nothing is returned from an invalid model.
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include "model/model_finish.hpp"
#include "util/sha256.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
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
                             "scale", "scores", "missing", "grades", "root"});
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
                                "unit", "direction", "column"});
        } else {
            check_keys(j, ptr, {"id", "name", "name_en", "description", "weight", "points", "missing",
                                "children", "aggregation", "weights", "min_coverage"});
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
        if (auto a = optional_string(j, ptr, "aggregation")) {
            if (*a == "arithmetic") n.aggregation = methods::aggregation::arithmetic;
            else if (*a == "geometric") n.aggregation = methods::aggregation::geometric;
            else if (*a == "harmonic") n.aggregation = methods::aggregation::harmonic;
            else problem(at(ptr, "aggregation"), "must be \"arithmetic\", \"geometric\" or \"harmonic\", not \"" + *a + "\"");
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
            check_keys(rj, rp, {"type", "mean", "sd"});
            r.mean = optional_number(rj, rp, "mean").value_or(0.0);
            if (rj.contains("sd")) r.sd = positive_number(rj, rp, "sd").value_or(1.0);
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
        } else {
            problem(at(rp, "type"), "unknown rule \"" + *type +
                                        "\" (one of min_max, z_score, goalposts, target, binary, tiers, deduction)");
            return;
        }
        if (r.kind != methods::rule_kind::deduction) {
            std::string column = optional_string(j, ptr, "column").value_or(n.id);
            if (j.contains("column") && column.empty()) problem(at(ptr, "column"), "must not be empty");
            n.columns = {column};
        }
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

json parse_document(std::string_view text) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        auto [line, col] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line L, column C: "; keep the reason.
        const auto colon = what.find(": ");
        const std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
        throw model_error({{"", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(col) + ": " + reason}});
    }
}

}  // namespace

model_ptr load_model(std::string_view json_text) {
    const json doc = parse_document(json_text);
    auto m = std::make_shared<model>();
    model_parser parser(*m);
    parser.parse(doc);
    auto& problems = parser.problems();
    finish_model(*m, problems);  // whole-tree checks too, so every problem is reported at once
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
