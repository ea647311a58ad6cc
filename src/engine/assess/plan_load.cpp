// Parse and validate an assessment plan (docs/assessment-plan.md). Every problem is collected with its
// JSON pointer and reported at once, like the model loader does.
#include <civiscore/assess/plan.hpp>
#include <civiscore/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace {

using json = nlohmann::json;

std::string escape(const std::string& key) {
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

class reader {
public:
    reader(const model& m, std::vector<model_problem>& problems) : m_(m), problems_(problems) {}

    void problem(const std::string& ptr, const std::string& msg) { problems_.push_back({ptr, msg}); }

    // Unknown keys are errors: a misspelt key would otherwise silently do nothing.
    bool object(const json& j, const std::string& ptr, std::initializer_list<std::string_view> allowed) {
        if (!j.is_object()) {
            problem(ptr.empty() ? "/" : ptr, "must be an object");
            return false;
        }
        for (const auto& [k, v] : j.items()) {
            if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
                problem(ptr + "/" + escape(k), "unknown key");
        }
        return true;
    }

    double number(const json& obj, const char* key, const std::string& ptr, double def,
                  double lo = -INFINITY, double hi = INFINITY) {
        if (!obj.contains(key)) return def;
        const json& v = obj[key];
        const std::string p = ptr + "/" + key;
        if (!v.is_number()) {
            problem(p, "must be a number");
            return def;
        }
        const double x = v.get<double>();
        if (!(x >= lo && x <= hi)) {
            std::ostringstream s;
            s << "must be between " << lo << " and " << hi << ", got " << x;
            problem(p, s.str());
            return def;
        }
        return x;
    }

    std::string string(const json& obj, const char* key, const std::string& ptr, std::string def = {},
                       bool required = false) {
        if (!obj.contains(key)) {
            if (required) problem(ptr + "/" + key, "required");
            return def;
        }
        if (!obj[key].is_string() || obj[key].get<std::string>().empty()) {
            problem(ptr + "/" + key, "must be a non-empty string");
            return def;
        }
        return obj[key].get<std::string>();
    }

    bool boolean(const json& obj, const char* key, const std::string& ptr, bool def) {
        if (!obj.contains(key)) return def;
        if (!obj[key].is_boolean()) {
            problem(ptr + "/" + key, "must be true or false");
            return def;
        }
        return obj[key].get<bool>();
    }

    std::vector<std::string> strings(const json& obj, const char* key, const std::string& ptr) {
        std::vector<std::string> out;
        if (!obj.contains(key)) return out;
        const json& v = obj[key];
        if (!v.is_array()) {
            problem(ptr + "/" + key, "must be an array of strings");
            return out;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (!v[i].is_string()) problem(ptr + "/" + key + "/" + std::to_string(i), "must be a string");
            else out.push_back(v[i].get<std::string>());
        }
        return out;
    }

    // An indicator id of the model, else a problem.
    bool indicator(const std::string& id, const std::string& ptr) {
        const int n = m_.find(id);
        if (n < 0) problem(ptr, "unknown indicator '" + id + "'");
        else if (!m_.nodes[static_cast<std::size_t>(n)].is_indicator) problem(ptr, "'" + id + "' is a group, not an indicator");
        else return true;
        return false;
    }
    bool node(const std::string& id, const std::string& ptr) {
        if (m_.find(id) >= 0) return true;
        problem(ptr, "unknown node '" + id + "'");
        return false;
    }
    bool grade(const std::string& label, const std::string& ptr) {
        for (const auto& g : m_.grades)
            if (g.label == label || g.label_en == label) return true;
        problem(ptr, "unknown grade '" + label + "' (the model's grades are its \"grades\" labels)");
        return false;
    }
    // The model's label for a label or English label.
    std::string grade_label(const std::string& label) const {
        for (const auto& g : m_.grades)
            if (g.label_en == label) return g.label;
        return label;
    }

    const model& m_;

private:
    std::vector<model_problem>& problems_;
};

condition read_condition(reader& r, const json& j, const std::string& ptr) {
    condition c;
    c.column = r.string(j, "column", ptr, {}, true);
    c.op = r.string(j, "op", ptr, ">=");
    static const std::set<std::string> ops{">=", ">", "<=", "<", "==", "!="};
    if (!ops.count(c.op)) r.problem(ptr + "/op", "must be one of >=, >, <=, <, ==, !=");
    c.value = r.number(j, "value", ptr, 1.0);
    return c;
}

void read_profiles(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!r.object(j, ptr, {"column", "default", "profiles"})) return;
    p.profile_column = r.string(j, "column", ptr, {}, true);
    p.default_profile = r.string(j, "default", ptr);
    if (!j.contains("profiles") || !j["profiles"].is_object()) {
        r.problem(ptr + "/profiles", "required: an object of profiles by column value");
        return;
    }
    for (const auto& [name, pj] : j["profiles"].items()) {
        const std::string pp = ptr + "/profiles/" + escape(name);
        profile pr;
        pr.name = name;
        if (!r.object(pj, pp, {"goalposts", "targets", "weights", "not_applicable"})) continue;
        if (pj.contains("goalposts")) {
            if (!pj["goalposts"].is_object()) r.problem(pp + "/goalposts", "must be an object");
            else
                for (const auto& [id, g] : pj["goalposts"].items()) {
                    const std::string gp = pp + "/goalposts/" + escape(id);
                    if (!r.indicator(id, gp) || !r.object(g, gp, {"worst", "best"})) continue;
                    if (!g.contains("worst") || !g.contains("best")) {
                        r.problem(gp, "needs \"worst\" and \"best\"");
                        continue;
                    }
                    const auto& n = r.m_.nodes[static_cast<std::size_t>(r.m_.find(id))];
                    if (n.rule.kind != methods::rule_kind::goalposts)
                        r.problem(gp, "indicator '" + id + "' does not use a goalposts rule");
                    const double w = r.number(g, "worst", gp, 0), b = r.number(g, "best", gp, 1);
                    if (w == b) r.problem(gp, "worst and best must differ");
                    pr.goalposts[id] = {w, b};
                }
        }
        if (pj.contains("targets")) {
            if (!pj["targets"].is_object()) r.problem(pp + "/targets", "must be an object");
            else
                for (const auto& [id, t] : pj["targets"].items()) {
                    const std::string tp = pp + "/targets/" + escape(id);
                    if (!r.indicator(id, tp)) continue;
                    if (r.m_.nodes[static_cast<std::size_t>(r.m_.find(id))].rule.kind != methods::rule_kind::target)
                        r.problem(tp, "indicator '" + id + "' does not use a target rule");
                    if (!t.is_number() || !(t.get<double>() > 0)) r.problem(tp, "must be a positive number");
                    else pr.targets[id] = t.get<double>();
                }
        }
        if (pj.contains("weights")) {
            if (!pj["weights"].is_object()) r.problem(pp + "/weights", "must be an object");
            else
                for (const auto& [id, w] : pj["weights"].items()) {
                    const std::string wp = pp + "/weights/" + escape(id);
                    if (!r.node(id, wp)) continue;
                    if (r.m_.find(id) == 0) r.problem(wp, "the root has no weight");
                    if (!w.is_number() || !(w.get<double>() > 0)) r.problem(wp, "must be a positive number");
                    else pr.weights[id] = w.get<double>();
                }
        }
        pr.not_applicable = r.strings(pj, "not_applicable", pp);
        for (std::size_t i = 0; i < pr.not_applicable.size(); ++i)
            r.indicator(pr.not_applicable[i], pp + "/not_applicable/" + std::to_string(i));
        p.profiles.push_back(std::move(pr));
    }
    if (!p.default_profile.empty() &&
        std::none_of(p.profiles.begin(), p.profiles.end(), [&](const profile& x) { return x.name == p.default_profile; }))
        r.problem(ptr + "/default", "no profile named '" + p.default_profile + "'");
}

void read_raters(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!r.object(j, ptr, {"mode", "groups", "rater_of_record", "average", "trim", "sources"})) return;
    const std::string mode = r.string(j, "mode", ptr, "indicator_tree");
    if (mode == "rater_360") p.rater_360 = true;
    else if (mode != "indicator_tree") r.problem(ptr + "/mode", "must be \"indicator_tree\" or \"rater_360\"");
    if (j.contains("groups")) {
        if (!j["groups"].is_object()) r.problem(ptr + "/groups", "must be an object of group weights");
        else
            for (const auto& [g, w] : j["groups"].items()) {
                if (!w.is_number() || w.get<double>() < 0) r.problem(ptr + "/groups/" + escape(g), "must be a non-negative number");
                else p.rater_groups.push_back({g, w.get<double>()});
            }
    }
    if (j.contains("rater_of_record")) {
        if (!j["rater_of_record"].is_object()) r.problem(ptr + "/rater_of_record", "must be an object");
        else
            for (const auto& [id, g] : j["rater_of_record"].items()) {
                const std::string rp = ptr + "/rater_of_record/" + escape(id);
                if (!r.indicator(id, rp)) continue;
                if (!g.is_string()) r.problem(rp, "must be a rater group name");
                else p.rater_of_record[id] = g.get<std::string>();
            }
    }
    const std::string avg = r.string(j, "average", ptr, "mean");
    if (avg == "median") p.average = rater_average::median;
    else if (avg == "trimmed_mean") p.average = rater_average::trimmed_mean;
    else if (avg != "mean") r.problem(ptr + "/average", "must be \"mean\", \"median\" or \"trimmed_mean\"");
    p.trim = r.number(j, "trim", ptr, 0.1, 0.0, 0.49);
    if (j.contains("sources")) {
        if (!j["sources"].is_object()) r.problem(ptr + "/sources", "must be an object");
        else
            for (const auto& [id, s] : j["sources"].items()) {
                const std::string sp = ptr + "/sources/" + escape(id);
                if (!r.indicator(id, sp)) continue;
                if (!s.is_object() || s.empty()) {
                    r.problem(sp, "must be a non-empty object of source weights");
                    continue;
                }
                for (const auto& [src, w] : s.items()) {
                    if (!w.is_number() || !(w.get<double>() > 0)) r.problem(sp + "/" + escape(src), "must be a positive number");
                    else p.sources[id].push_back({src, w.get<double>()});
                }
            }
    }
    if (p.rater_360) {
        if (p.rater_groups.empty()) r.problem(ptr + "/groups", "required in rater_360 mode");
        for (int ind : r.m_.indicators) {
            const auto& id = r.m_.nodes[static_cast<std::size_t>(ind)].id;
            const auto it = p.rater_of_record.find(id);
            if (it == p.rater_of_record.end()) {
                r.problem(ptr + "/rater_of_record", "indicator '" + id + "' has no rater of record (rater_360 needs one for every indicator)");
            } else if (std::none_of(p.rater_groups.begin(), p.rater_groups.end(), [&](const rater_group& g) { return g.name == it->second; })) {
                r.problem(ptr + "/rater_of_record/" + escape(id), "rater group '" + it->second + "' is not in \"groups\"");
            }
        }
        if (r.m_.display != score_display::points)
            r.problem(ptr + "/mode", "rater_360 needs a points model (\"scores\": \"points\")");
    }
}

void read_adjustments(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!r.object(j, ptr, {"bonus", "bonus_cap", "deductions", "final_cap", "vetoes", "veto_grade"})) return;
    auto list = [&](const char* key) -> const json* {
        if (!j.contains(key)) return nullptr;
        if (!j[key].is_array()) {
            r.problem(ptr + "/" + key, "must be an array");
            return nullptr;
        }
        return &j[key];
    };
    if (const json* a = list("bonus"))
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string ip = ptr + "/bonus/" + std::to_string(i);
            const json& b = (*a)[i];
            if (!r.object(b, ip, {"id", "name", "column", "points"})) continue;
            p.bonuses.push_back({r.string(b, "id", ip, {}, true), r.string(b, "name", ip),
                                 r.string(b, "column", ip, {}, true), r.number(b, "points", ip, 0, 0)});
        }
    p.bonus_cap = r.number(j, "bonus_cap", ptr, 0, 0);
    if (const json* a = list("deductions"))
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string ip = ptr + "/deductions/" + std::to_string(i);
            const json& d = (*a)[i];
            if (!r.object(d, ip, {"id", "name", "column", "per_event", "cap", "unresolved_column"})) continue;
            p.deductions.push_back({r.string(d, "id", ip, {}, true), r.string(d, "name", ip),
                                    r.string(d, "column", ip, {}, true), r.number(d, "per_event", ip, 0, 0),
                                    r.number(d, "cap", ip, 0, 0), r.string(d, "unresolved_column", ip)});
        }
    p.final_cap = r.number(j, "final_cap", ptr, 0, 0);
    if (const json* a = list("vetoes"))
        for (std::size_t i = 0; i < a->size(); ++i) {
            const std::string ip = ptr + "/vetoes/" + std::to_string(i);
            const json& v = (*a)[i];
            if (!r.object(v, ip, {"id", "name", "column", "op", "value", "zero_fund"})) continue;
            veto_rule vr;
            vr.id = r.string(v, "id", ip, {}, true);
            vr.name = r.string(v, "name", ip);
            vr.when = read_condition(r, v, ip);
            vr.zero_fund = r.boolean(v, "zero_fund", ip, false);
            p.vetoes.push_back(std::move(vr));
        }
    p.veto_grade = r.string(j, "veto_grade", ptr);
    if (!p.veto_grade.empty() && r.grade(p.veto_grade, ptr + "/veto_grade")) p.veto_grade = r.grade_label(p.veto_grade);
}

void read_quotas(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!j.is_array()) {
        r.problem(ptr, "must be an array");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string ip = ptr + "/" + std::to_string(i);
        const json& q = j[i];
        if (!r.object(q, ip, {"grade", "max_share", "rounding", "tie_break", "scope"})) continue;
        quota qu;
        qu.grade = r.string(q, "grade", ip, {}, true);
        if (!qu.grade.empty() && r.grade(qu.grade, ip + "/grade")) {
            qu.grade = r.grade_label(qu.grade);
            if (r.m_.grades.back().label == qu.grade) r.problem(ip + "/grade", "the lowest grade has no grade below to demote to");
        }
        qu.max_share = r.number(q, "max_share", ip, 0.2, 0.0, 1.0);
        const std::string rounding = r.string(q, "rounding", ip, "floor");
        if (rounding == "ceil") qu.round_up = true;
        else if (rounding != "floor") r.problem(ip + "/rounding", "must be \"floor\" or \"ceil\"");
        qu.tie_break = r.strings(q, "tie_break", ip);
        for (std::size_t k = 0; k < qu.tie_break.size(); ++k) r.node(qu.tie_break[k], ip + "/tie_break/" + std::to_string(k));
        const std::string scope = r.string(q, "scope", ip, "overall");
        if (scope == "profile") qu.per_profile = true;
        else if (scope != "overall") r.problem(ip + "/scope", "must be \"overall\" or \"profile\"");
        p.quotas.push_back(std::move(qu));
    }
}

void read_rectification(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!r.object(j, ptr, {"ratio", "top", "deadlines"})) return;
    p.rectify_ratio = r.number(j, "ratio", ptr, 0.6, 0.0, 1.0);
    p.rectify_top = static_cast<int>(r.number(j, "top", ptr, 5, 0, 1000));
    if (j.contains("deadlines")) {
        if (!j["deadlines"].is_array() || j["deadlines"].empty()) {
            r.problem(ptr + "/deadlines", "must be a non-empty array");
            return;
        }
        p.deadlines.clear();
        for (std::size_t i = 0; i < j["deadlines"].size(); ++i) {
            const std::string ip = ptr + "/deadlines/" + std::to_string(i);
            const json& d = j["deadlines"][i];
            if (!r.object(d, ip, {"min_loss", "days"})) continue;
            p.deadlines.push_back({r.number(d, "min_loss", ip, 0, 0), static_cast<int>(r.number(d, "days", ip, 60, 1, 3650))});
        }
        std::stable_sort(p.deadlines.begin(), p.deadlines.end(),
                         [](const deadline_rule& a, const deadline_rule& b) { return a.min_loss > b.min_loss; });
    }
}

void read_periods(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!r.object(j, ptr, {"column", "annual", "quarters", "combine", "fit", "base", "carry_forward"})) return;
    period_config& c = p.periods;
    c.column = r.string(j, "column", ptr, {}, true);
    c.annual = r.strings(j, "annual", ptr);
    if (c.annual.empty()) r.problem(ptr + "/annual", "required: the annual periods, oldest first");
    if (j.contains("quarters")) {
        if (!j["quarters"].is_object()) r.problem(ptr + "/quarters", "must be an object: annual period -> its quarters");
        else
            for (const auto& [year, qs] : j["quarters"].items()) {
                if (std::find(c.annual.begin(), c.annual.end(), year) == c.annual.end())
                    r.problem(ptr + "/quarters/" + escape(year), "'" + year + "' is not an annual period");
                c.quarters[year] = r.strings(j["quarters"], year.c_str(), ptr + "/quarters");
            }
    }
    if (j.contains("combine")) {
        const std::string cp = ptr + "/combine";
        if (r.object(j["combine"], cp, {"quarters", "annual"})) {
            c.quarter_weight = r.number(j["combine"], "quarters", cp, 0, 0, 1);
            c.annual_weight = r.number(j["combine"], "annual", cp, 1, 0, 1);
            if (std::abs(c.quarter_weight + c.annual_weight - 1) > 1e-9) r.problem(cp, "the weights must add up to 1");
        }
    }
    const std::string fit = r.string(j, "fit", ptr, "per_period");
    if (fit == "base") c.fit_base = true;
    else if (fit != "per_period") r.problem(ptr + "/fit", "must be \"per_period\" or \"base\"");
    c.base = r.string(j, "base", ptr);
    if (c.fit_base && c.base.empty()) r.problem(ptr + "/base", "required when \"fit\" is \"base\"");
    c.carry_forward = r.boolean(j, "carry_forward", ptr, false);
}

void read_accountability(reader& r, const json& j, const std::string& ptr, plan& p) {
    if (!j.is_array()) {
        r.problem(ptr, "must be an array of rules, most severe first");
        return;
    }
    for (std::size_t i = 0; i < j.size(); ++i) {
        const std::string ip = ptr + "/" + std::to_string(i);
        const json& a = j[i];
        if (!r.object(a, ip, {"id", "grades", "consecutive", "status", "exclude_periods", "fund_eligible"})) continue;
        accountability_rule rule;
        rule.id = r.string(a, "id", ip, {}, true);
        rule.grades = r.strings(a, "grades", ip);
        if (rule.grades.empty()) r.problem(ip + "/grades", "required: the grade labels the rule looks for");
        for (std::size_t k = 0; k < rule.grades.size(); ++k)
            if (r.grade(rule.grades[k], ip + "/grades/" + std::to_string(k))) rule.grades[k] = r.grade_label(rule.grades[k]);
        rule.consecutive = static_cast<int>(r.number(a, "consecutive", ip, 1, 1, 100));
        rule.status = r.string(a, "status", ip, {}, true);
        rule.exclude_periods = static_cast<int>(r.number(a, "exclude_periods", ip, 0, 0, 100));
        rule.fund_eligible = r.boolean(a, "fund_eligible", ip, true);
        p.accountability.push_back(std::move(rule));
    }
}

}  // namespace

// Shared with allocation_with: read an "allocation" object into `c` (defaults already in `c`).
void read_allocation(const model& m, const json& j, const std::string& ptr, allocation_config& c,
                     std::vector<model_problem>& problems) {
    reader r(m, problems);
    if (!r.object(j, ptr, {"rule", "threshold", "coefficients", "alpha", "size_column", "floor", "cap", "unit", "groups"})) return;
    if (j.contains("rule")) {
        const std::string rule = r.string(j, "rule", ptr);
        if (rule == "proportional") c.rule = allocation_rule::proportional;
        else if (rule == "grade") c.rule = allocation_rule::grade;
        else if (rule == "base_plus") c.rule = allocation_rule::base_plus;
        else r.problem(ptr + "/rule", "must be \"proportional\", \"grade\" or \"base_plus\"");
    }
    c.threshold = r.number(j, "threshold", ptr, c.threshold);
    if (j.contains("coefficients")) {
        if (!j["coefficients"].is_object()) r.problem(ptr + "/coefficients", "must be an object: grade -> coefficient");
        else {
            c.coefficients.clear();
            for (const auto& [g, v] : j["coefficients"].items()) {
                const std::string gp = ptr + "/coefficients/" + escape(g);
                if (!r.grade(g, gp)) continue;
                if (!v.is_number() || v.get<double>() < 0) r.problem(gp, "must be a non-negative number");
                else c.coefficients[r.grade_label(g)] = v.get<double>();
            }
        }
    }
    c.alpha = r.number(j, "alpha", ptr, c.alpha, 0, 1);
    if (j.contains("size_column")) c.size_column = r.string(j, "size_column", ptr);
    c.floor = r.number(j, "floor", ptr, c.floor, 0);
    c.cap = r.number(j, "cap", ptr, c.cap, 0);
    if (j.contains("unit")) {
        const std::string u = r.string(j, "unit", ptr);
        if (u == "yuan") c.yuan = true;
        else if (u == "cents") c.yuan = false;
        else r.problem(ptr + "/unit", "must be \"cents\" or \"yuan\"");
    }
    if (j.contains("groups")) {
        const std::string gp = ptr + "/groups";
        const json& g = j["groups"];
        if (r.object(g, gp, {"column", "budgets"})) {
            c.group_column = r.string(g, "column", gp, {}, true);
            c.group_budgets.clear();
            if (g.contains("budgets")) {
                if (!g["budgets"].is_object()) r.problem(gp + "/budgets", "must be an object: group -> budget");
                else
                    for (const auto& [name, v] : g["budgets"].items()) {
                        if (!v.is_number() || v.get<double>() < 0) r.problem(gp + "/budgets/" + escape(name), "must be a non-negative amount");
                        else c.group_budgets[name] = v.get<double>();
                    }
            }
        }
    }
    if (c.cap > 0 && c.cap < c.floor) r.problem(ptr + "/cap", "must not be below \"floor\"");
}

plan_ptr load_plan(const model& m, std::string_view text) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        throw model_error({{"", std::string("plan is not valid JSON: ") + e.what()}});
    }
    std::vector<model_problem> problems;
    reader r(m, problems);
    auto p = std::make_shared<plan>();
    if (!r.object(j, "", {"civiscore_plan", "id", "name", "description", "id_column", "info_columns", "profiles", "raters",
                          "adjustments", "quotas", "rectification", "periods", "accountability", "allocation"}))
        throw model_error(problems);
    if (!j.contains("civiscore_plan")) r.problem("/civiscore_plan", "required: the format version 1");
    else if (j["civiscore_plan"] != 1) r.problem("/civiscore_plan", "unsupported format version (this library reads 1)");
    p->id = r.string(j, "id", "");
    p->name = r.string(j, "name", "");
    if (j.contains("description") && !j["description"].is_string()) r.problem("/description", "must be a string");
    p->id_column = r.string(j, "id_column", "", "unit_id");
    p->info_columns = r.strings(j, "info_columns", "");
    if (j.contains("profiles")) read_profiles(r, j["profiles"], "/profiles", *p);
    if (j.contains("raters")) read_raters(r, j["raters"], "/raters", *p);
    if (j.contains("adjustments")) read_adjustments(r, j["adjustments"], "/adjustments", *p);
    if (j.contains("quotas")) read_quotas(r, j["quotas"], "/quotas", *p);
    if (j.contains("rectification")) read_rectification(r, j["rectification"], "/rectification", *p);
    if (j.contains("periods")) read_periods(r, j["periods"], "/periods", *p);
    if (j.contains("accountability")) read_accountability(r, j["accountability"], "/accountability", *p);
    for (const auto& g : m.grades) p->allocation.coefficients[g.label] = 0.0;
    if (j.contains("allocation")) read_allocation(m, j["allocation"], "/allocation", p->allocation, problems);
    if (!problems.empty()) throw model_error(problems);
    return p;
}

plan_ptr load_plan_file(const model& m, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw io_error("cannot open plan '" + path + "'");
    std::ostringstream s;
    s << in.rdbuf();
    try {
        return load_plan(m, s.str());
    } catch (const model_error& e) {
        std::vector<model_problem> ps = e.problems();
        for (auto& q : ps) q.pointer = path + ":" + (q.pointer.empty() ? "/" : q.pointer);
        throw model_error(ps);
    }
}

bool condition::holds(double x) const noexcept {
    if (std::isnan(x)) return false;
    if (op == ">=") return x >= value;
    if (op == ">") return x > value;
    if (op == "<=") return x <= value;
    if (op == "<") return x < value;
    if (op == "==") return x == value;
    return x != value;
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
