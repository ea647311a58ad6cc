// The MCDA aggregators' model keys (docs/methods.md "MCDA aggregators"). Every problem is reported
// with its JSON pointer, like the rest of the model; nothing here computes a score.
#include "model/load_mcda.hpp"

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace civiscore {
inline namespace v0 {

const char* mcda_kind_name(mcda_kind k) noexcept {
    switch (k) {
        case mcda_kind::none: return "none";
        case mcda_kind::topsis: return "topsis";
        case mcda_kind::vikor: return "vikor";
        case mcda_kind::grey_relational: return "grey_relational";
        case mcda_kind::fuzzy: return "fuzzy";
        case mcda_kind::copeland: return "copeland";
    }
    return "none";
}

namespace {

using json = nlohmann::json;

std::optional<mcda_kind> kind_of(std::string_view name) {
    if (name == "topsis") return mcda_kind::topsis;
    if (name == "vikor") return mcda_kind::vikor;
    if (name == "grey_relational") return mcda_kind::grey_relational;
    if (name == "fuzzy") return mcda_kind::fuzzy;
    if (name == "copeland") return mcda_kind::copeland;
    return std::nullopt;
}

class mcda_parser {
public:
    mcda_parser(const std::string& p, const mcda_context& ctx, std::vector<model_problem>& problems)
        : p_(p), ctx_(ctx), problems_(problems) {}

    void parse(const json& a, mcda_spec& s) {
        const json empty = json::object();
        const json& o = a.is_object() ? a : empty;  // a bare name takes every default
        s.kind = *kind_of(a.is_string() ? a.get<std::string>() : o["type"].get<std::string>());
        if (ctx_.points_display)
            problem(p_, std::string("an MCDA aggregation (") + mcda_kind_name(s.kind) +
                            ") gives no points; use \"scores\": \"scale\"");
        switch (s.kind) {
            case mcda_kind::topsis: topsis(o, s); break;
            case mcda_kind::vikor:
                keys(o, {"type", "v"});
                if (auto v = number(o, "v")) {
                    if (*v < 0 || *v > 1) problem(at("v"), "must be in [0, 1]");
                    else s.v = *v;
                }
                break;
            case mcda_kind::grey_relational:
                keys(o, {"type", "rho"});
                if (auto r = number(o, "rho")) {
                    if (!(*r > 0) || *r > 1) problem(at("rho"), "must be in (0, 1]");
                    else s.rho = *r;
                }
                break;
            case mcda_kind::fuzzy: fuzzy(o, s); break;
            case mcda_kind::copeland: keys(o, {"type"}); break;
            case mcda_kind::none: break;
        }
    }

private:
    const std::string& p_;
    const mcda_context& ctx_;
    std::vector<model_problem>& problems_;

    void problem(std::string pointer, std::string message) { problems_.push_back({std::move(pointer), std::move(message)}); }
    std::string at(std::string_view key) const { return p_ + "/" + std::string(key); }

    void keys(const json& o, std::initializer_list<std::string_view> allowed) {
        for (const auto& [key, value] : o.items()) {
            bool ok = false;
            for (auto k : allowed) ok = ok || k == key;
            if (!ok) problem(at(key), "unknown key \"" + key + "\"");
        }
    }

    std::optional<double> number_at(const json& v, const std::string& where) {
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
            problem(where, "must be a finite number");
            return std::nullopt;
        }
        return v.get<double>();
    }
    std::optional<double> number(const json& o, const char* key) {
        auto it = o.find(key);
        if (it == o.end()) return std::nullopt;
        return number_at(*it, at(key));
    }

    // A number for every child, or an array of one number per child.
    std::vector<double> per_child(const json& o, const char* key, double fallback) {
        std::vector<double> out(ctx_.n_children, fallback);
        auto it = o.find(key);
        if (it == o.end()) return out;
        if (it->is_array()) {
            if (it->size() != ctx_.n_children) {
                problem(at(key), "needs one number per child (" + std::to_string(ctx_.n_children) + "), not " +
                                     std::to_string(it->size()));
                return out;
            }
            for (std::size_t i = 0; i < it->size(); ++i)
                if (auto v = number_at((*it)[i], at(key) + "/" + std::to_string(i))) out[i] = *v;
        } else if (auto v = number_at(*it, at(key))) {
            out.assign(ctx_.n_children, *v);
        }
        return out;
    }

    void topsis(const json& o, mcda_spec& s) {
        keys(o, {"type", "normalisation", "absolute", "ideal", "anti_ideal"});
        if (auto it = o.find("normalisation"); it != o.end()) {
            const std::string name = it->is_string() ? it->get<std::string>() : "";
            if (name == "min_max") s.normalisation = methods::topsis_normalisation::min_max;
            else if (name == "vector") s.normalisation = methods::topsis_normalisation::vector;
            else if (name == "none") s.normalisation = methods::topsis_normalisation::none;
            else problem(at("normalisation"), "must be \"min_max\", \"vector\" or \"none\"");
        }
        if (auto it = o.find("absolute"); it != o.end()) {
            if (!it->is_boolean()) problem(at("absolute"), "must be true or false");
            else s.absolute = it->get<bool>();
        }
        if (!s.absolute) {
            for (const char* k : {"ideal", "anti_ideal"})
                if (o.contains(k)) problem(at(k), "only for an absolute TOPSIS (\"absolute\": true); a relative one learns it in fit");
            return;
        }
        if (o.contains("normalisation"))
            problem(at("normalisation"), "an absolute TOPSIS scales each child between its anti-ideal and ideal; no normalisation applies");
        // Children are scored on the model scale, so its ends are the natural goalposts.
        s.ideal = per_child(o, "ideal", ctx_.scale_hi);
        s.anti_ideal = per_child(o, "anti_ideal", ctx_.scale_lo);
        for (std::size_t i = 0; i < s.ideal.size(); ++i)
            if (s.ideal[i] == s.anti_ideal[i])
                problem(at("ideal"), "child " + std::to_string(i) + ": the ideal and the anti-ideal must differ");
    }

    void fuzzy(const json& o, mcda_spec& s) {
        keys(o, {"type", "operator", "grades", "counts"});
        if (auto it = o.find("operator"); it != o.end()) {
            const std::string name = it->is_string() ? it->get<std::string>() : "";
            if (name == "weighted_sum") s.op = methods::fuzzy_operator::weighted_sum;
            else if (name == "min_max") s.op = methods::fuzzy_operator::min_max;
            else if (name == "product_max") s.op = methods::fuzzy_operator::product_max;
            else if (name == "min_bounded") s.op = methods::fuzzy_operator::min_bounded;
            else problem(at("operator"), "must be \"weighted_sum\" M(.,+), \"min_max\" M(^,v), \"product_max\" M(.,v) or \"min_bounded\" M(^,+)");
        }
        const auto it = o.find("grades");
        if (it == o.end() || !it->is_array() || it->size() < 2) {
            problem(at("grades"), "required: an array of at least 2 grades {\"label\", \"value\", \"peak\" or \"plateau\"}");
            return;
        }
        const std::size_t g = it->size();
        std::vector<double> lo(g, NAN), hi(g, NAN);
        for (std::size_t k = 0; k < g; ++k) {
            const json& e = (*it)[k];
            const std::string gp = at("grades") + "/" + std::to_string(k);
            if (!e.is_object()) {
                problem(gp, "must be an object {\"label\", \"value\", \"peak\" or \"plateau\"}");
                continue;
            }
            for (const auto& [key, value] : e.items())
                if (key != "label" && key != "value" && key != "peak" && key != "plateau") problem(gp + "/" + key, "unknown key \"" + key + "\"");
            std::string label;
            if (auto l = e.find("label"); l != e.end()) {
                if (!l->is_string()) problem(gp + "/label", "must be a string");
                else label = l->get<std::string>();
            }
            s.grade_labels.push_back(label);
            double value = NAN;
            if (!e.contains("value")) problem(gp + "/value", "required (the grade's score, for the defuzzified score)");
            else if (auto v = number_at(e["value"], gp + "/value")) value = *v;
            s.grade_values.push_back(value);
            // Membership: a triangle peaking at `peak` (default: the grade's value) or a plateau [lo, hi].
            if (e.contains("peak") && e.contains("plateau")) problem(gp, "give \"peak\" or \"plateau\", not both");
            if (auto pk = e.find("peak"); pk != e.end()) {
                if (auto v = number_at(*pk, gp + "/peak")) lo[k] = hi[k] = *v;
            } else if (auto pl = e.find("plateau"); pl != e.end()) {
                if (!pl->is_array() || pl->size() != 2) {
                    problem(gp + "/plateau", "must be [lo, hi]");
                } else {
                    auto a = number_at((*pl)[0], gp + "/plateau/0"), b = number_at((*pl)[1], gp + "/plateau/1");
                    if (a && b && *a > *b) problem(gp + "/plateau", "lo must be <= hi");
                    else if (a && b) lo[k] = *a, hi[k] = *b;
                }
            } else {
                lo[k] = hi[k] = value;
            }
        }
        counts(o, g, s);
        for (std::size_t k = 0; k < g; ++k)
            if (std::isnan(lo[k])) return;  // already reported
        // The plateaus must run one way (best first or worst first) without overlapping.
        const bool up = lo[1] > lo[0];
        for (std::size_t k = 1; k < g; ++k) {
            const bool ok = up ? lo[k] > hi[k - 1] : hi[k] < lo[k - 1];
            if (!ok) {
                problem(at("grades") + "/" + std::to_string(k),
                        "grade peaks/plateaus must be strictly increasing or strictly decreasing and must not overlap");
                return;
            }
        }
        s.plateau_lo.resize(static_cast<Eigen::Index>(ctx_.n_children), static_cast<Eigen::Index>(g));
        s.plateau_hi.resizeLike(s.plateau_lo);
        for (Eigen::Index j = 0; j < s.plateau_lo.rows(); ++j)
            for (std::size_t k = 0; k < g; ++k) {
                s.plateau_lo(j, static_cast<Eigen::Index>(k)) = lo[k];
                s.plateau_hi(j, static_cast<Eigen::Index>(k)) = hi[k];
            }
    }

    // "counts": {"<child id>": ["<column of grade 1>", ...]}: that child's membership row is its survey
    // level counts over their sum (methods::membership_from_counts), read from the data per unit.
    void counts(const json& o, std::size_t g, mcda_spec& s) {
        const auto it = o.find("counts");
        if (it == o.end()) return;
        const std::string cp = at("counts");
        if (!it->is_object() || it->empty()) {
            problem(cp, "must be an object {\"<child id>\": [one count column per grade]}");
            return;
        }
        std::vector<std::string> ids(ctx_.n_children);  // the children's ids, document order
        if (ctx_.children)
            for (std::size_t i = 0; i < ctx_.n_children && i < ctx_.children->size(); ++i) {
                const json& c = (*ctx_.children)[i];
                if (c.is_object() && c.contains("id") && c["id"].is_string()) ids[i] = c["id"].get<std::string>();
            }
        s.count_columns.assign(ctx_.n_children, {});
        for (const auto& [id, cols] : it->items()) {
            const std::string p = cp + "/" + pointer_escape(id);
            std::size_t child = ctx_.n_children;
            for (std::size_t i = 0; i < ids.size(); ++i)
                if (!id.empty() && ids[i] == id) child = i;
            if (child == ctx_.n_children) {
                problem(p, "\"" + id + "\" is not a child of this group");
                continue;
            }
            if (!cols.is_array() || cols.size() != g) {
                problem(p, "needs one count column per grade (" + std::to_string(g) + ")");
                continue;
            }
            std::vector<std::string> names;
            for (std::size_t k = 0; k < g; ++k) {
                const json& c = cols[k];
                if (!c.is_string() || c.get<std::string>().empty()) {
                    problem(p + "/" + std::to_string(k), "must be a column name");
                    continue;
                }
                for (const auto& prev : names)
                    if (prev == c.get<std::string>()) problem(p + "/" + std::to_string(k), "column \"" + prev + "\" is used twice");
                names.push_back(c.get<std::string>());
            }
            if (names.size() == g) s.count_columns[child] = std::move(names);
        }
    }

    // RFC 6901: "~" -> "~0", "/" -> "~1".
    static std::string pointer_escape(const std::string& key) {
        std::string out;
        for (char c : key) {
            if (c == '~') out += "~0";
            else if (c == '/') out += "~1";
            else out += c;
        }
        return out;
    }
};

}  // namespace

bool is_mcda_aggregation(const json& a) {
    if (a.is_string()) return kind_of(a.get<std::string>()).has_value();
    if (a.is_object()) {
        auto t = a.find("type");
        return t != a.end() && t->is_string() && kind_of(t->get<std::string>()).has_value();
    }
    return false;
}

void parse_mcda_aggregation(const json& aggregation, const std::string& pointer, const mcda_context& ctx, mcda_spec& out,
                            std::vector<model_problem>& problems) {
    mcda_parser(pointer, ctx, problems).parse(aggregation, out);
}

}  // namespace v0
}  // namespace civiscore
