// The order of the reference model: indicator scores -> sum -> + bonus (cap) - deductions -> clamp
// [0, final_cap] -> grade bands -> vetoes -> forced distribution.
#include "engine/assess/internal.hpp"

#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace detail {

std::string cell_text(const column& c, std::size_t u) {
    if (!c.text.empty()) return c.text[u];
    const double v = c.values[u];
    if (std::isnan(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

const column* find(const dataset& d, const std::string& name) {
    const int c = d.find_column(name);
    return c < 0 ? nullptr : &d.columns[static_cast<std::size_t>(c)];
}

namespace {

const column& numeric_column(const dataset& d, const std::string& name, const std::string& what) {
    const column* c = find(d, name);
    if (!c) throw data_error(d.source + ": " + what + " reads column '" + name + "', which the data does not have");
    if (!c->numeric) throw data_error(d.source + ": " + what + " reads column '" + name + "', which is not numeric (" + c->not_numeric_where + ")");
    return *c;
}

int grade_index(const model& m, const std::string& label) {
    for (std::size_t g = 0; g < m.grades.size(); ++g)
        if (m.grades[g].label == label) return static_cast<int>(g);
    return -1;
}

// Forced distribution of one quota over the units in `scope`.
void apply_quota(const model& m, const quota& q, const result& scores, std::vector<unit_assessment>& units,
                 const std::vector<std::size_t>& scope) {
    const int g = grade_index(m, q.grade);
    std::size_t graded = 0;
    std::vector<std::size_t> holders;
    for (std::size_t u : scope) {
        if (units[u].grade >= 0) ++graded;
        if (units[u].grade == g) holders.push_back(u);
    }
    const double share = q.max_share * static_cast<double>(graded);
    // 1e-9 keeps 0.2 * 10 = 2.0000000000000004 from becoming 3 (ceil) and 1.9999999999 from 1 (floor).
    const auto keep = static_cast<std::size_t>(q.round_up ? std::ceil(share - 1e-9) : std::floor(share + 1e-9));
    if (holders.size() <= keep) return;
    std::vector<int> tie_nodes;
    for (const auto& id : q.tie_break) tie_nodes.push_back(m.find(id));
    std::stable_sort(holders.begin(), holders.end(), [&](std::size_t a, std::size_t b) {
        if (units[a].final_score != units[b].final_score) return units[a].final_score > units[b].final_score;
        for (int n : tie_nodes) {
            const double x = scores.score(a, static_cast<std::size_t>(n)), y = scores.score(b, static_cast<std::size_t>(n));
            const double xa = std::isnan(x) ? -INFINITY : x, ya = std::isnan(y) ? -INFINITY : y;
            if (xa != ya) return xa > ya;
        }
        return units[a].unit_id < units[b].unit_id;
    });
    for (std::size_t k = keep; k < holders.size(); ++k) {
        units[holders[k]].grade = g + 1;
        units[holders[k]].demoted = true;
    }
}

}  // namespace

void adjust_and_grade(const model& m, const plan& p, const dataset& d, const result& scores,
                      const std::vector<double>& base, const std::vector<std::string>& profiles,
                      std::vector<unit_assessment>& units) {
    const std::size_t n = base.size();
    const double cap = p.final_cap > 0 ? p.final_cap : m.scale_hi;
    const int veto_grade = p.veto_grade.empty() ? static_cast<int>(m.grades.size()) - 1 : grade_index(m, p.veto_grade);
    std::vector<double> finals(n);
    for (std::size_t u = 0; u < n; ++u) {
        unit_assessment& a = units[u];
        a.base = base[u];
        a.profile = profiles[u];
        for (const auto& b : p.bonuses) {
            const double c = numeric_column(d, b.column, "bonus item " + b.id).values[u];
            if (std::isnan(c) || c == 0) continue;
            if (c < 0) throw data_error(d.describe_unit(u) + ": bonus column '" + b.column + "' is negative");
            a.bonus += b.points * c;
            a.events.push_back({"bonus", b.id, b.name, b.column, c, b.points * c, false});
        }
        if (p.bonus_cap > 0) a.bonus = std::min(a.bonus, p.bonus_cap);
        for (const auto& dd : p.deductions) {
            const double c = numeric_column(d, dd.column, "deduction item " + dd.id).values[u];
            if (std::isnan(c) || c == 0) continue;
            if (c < 0) throw data_error(d.describe_unit(u) + ": deduction column '" + dd.column + "' is negative");
            double pts = dd.per_event * c;
            if (dd.cap > 0) pts = std::min(pts, dd.cap);
            bool doubled = false;
            if (!dd.unresolved_column.empty()) {
                const double f = numeric_column(d, dd.unresolved_column, "deduction item " + dd.id).values[u];
                // M3: rectification incomplete at re-visit doubles the (capped) deduction.
                if (!std::isnan(f) && f != 0) {
                    pts *= 2;
                    doubled = true;
                }
            }
            a.deduction += pts;
            a.events.push_back({"deduction", dd.id, dd.name, dd.column, c, -pts, doubled});
        }
        a.final_score = std::isnan(a.base) ? NAN : std::clamp(a.base + a.bonus - a.deduction, m.scale_lo, cap);
        a.band = m.grade_of(a.final_score);
        a.grade = a.band;
        for (const auto& v : p.vetoes) {
            const double x = numeric_column(d, v.when.column, "veto rule " + v.id).values[u];
            if (!v.when.holds(x)) continue;
            a.vetoed = true;
            if (v.zero_fund) a.fund_eligible = false;
            a.events.push_back({"veto", v.id, v.name, v.when.column, x, 0.0, false});
        }
        if (a.vetoed && a.grade >= 0) a.grade = std::max(a.grade, veto_grade);
        if (std::isnan(a.final_score)) a.fund_eligible = false;
        finals[u] = a.final_score;
    }
    const auto r = methods::competition_ranks(finals);
    for (std::size_t u = 0; u < n; ++u) units[u].rank = std::isnan(finals[u]) ? 0 : r[u];
    for (const auto& q : p.quotas) {
        if (!q.per_profile) {
            std::vector<std::size_t> all(n);
            for (std::size_t u = 0; u < n; ++u) all[u] = u;
            apply_quota(m, q, scores, units, all);
            continue;
        }
        std::vector<std::string> names(profiles.begin(), profiles.end());
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        for (const auto& name : names) {
            std::vector<std::size_t> scope;
            for (std::size_t u = 0; u < n; ++u)
                if (profiles[u] == name) scope.push_back(u);
            apply_quota(m, q, scores, units, scope);
        }
    }
}

std::vector<rectify_item> rectification(const model& um, const plan& p, const dataset& d, const result& scores,
                                        std::size_t u, const std::vector<double>& root_share,
                                        const std::vector<event>& events) {
    auto deadline = [&](double loss) {
        for (const auto& r : p.deadlines)
            if (loss >= r.min_loss - 1e-12) return r.days;
        return p.deadlines.back().days;
    };
    std::vector<rectify_item> items;
    for (std::size_t k = 0; k < um.indicators.size(); ++k) {
        const std::size_t ni = static_cast<std::size_t>(um.indicators[k]);
        const node& nd = um.nodes[ni];
        const double s = scores.score(u, ni);
        if (std::isnan(s)) continue;  // not applicable
        const double max = um.display == score_display::points ? nd.points : um.scale_hi;
        const double lo = um.display == score_display::points ? 0.0 : um.scale_lo;
        rectify_item it;
        it.kind = "indicator";
        it.id = nd.id;
        it.name = nd.name;
        const column* c = find(d, nd.columns[0]);
        it.value = c && c->numeric ? c->values[u] : NAN;
        const auto& r = nd.rule;
        switch (r.kind) {
            case methods::rule_kind::goalposts: it.goalpost = r.best; break;
            case methods::rule_kind::target: it.goalpost = r.target; break;
            case methods::rule_kind::binary: it.goalpost = r.dir == methods::direction::benefit ? 1.0 : 0.0; break;
            case methods::rule_kind::tiers:
                it.goalpost = r.tiers.empty() ? NAN : (r.dir == methods::direction::benefit ? r.tiers.back().threshold : r.tiers.front().threshold);
                break;
            case methods::rule_kind::deduction: it.goalpost = 0.0; break;
            default: it.goalpost = NAN;
        }
        it.score = s;
        it.max = max;
        it.loss = std::max(0.0, max - s);
        it.gain = it.loss * root_share[k];
        const auto rr = p.rater_of_record.find(nd.id);
        it.source = rr == p.rater_of_record.end() ? "" : rr->second;
        it.deadline_days = deadline(it.loss);
        const bool low = max - lo > 0 && (s - lo) / (max - lo) < p.rectify_ratio;
        it.reason = low ? "ratio" : "";
        items.push_back(std::move(it));
    }
    // The k largest losses (model order among equal losses) join those below the ratio.
    std::vector<std::size_t> order(items.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return items[a].loss > items[b].loss; });
    for (std::size_t i = 0; i < order.size() && i < static_cast<std::size_t>(p.rectify_top); ++i) {
        auto& it = items[order[i]];
        if (it.loss <= 0) break;
        it.reason = it.reason.empty() ? "top" : "ratio+top";
    }
    std::vector<rectify_item> out;
    for (std::size_t i : order)
        if (!items[i].reason.empty()) out.push_back(items[i]);
    std::vector<rectify_item> ev;
    for (const auto& e : events) {
        if (e.kind == "bonus") continue;
        rectify_item it;
        it.kind = e.kind;
        it.id = e.id;
        it.name = e.name;
        it.value = e.count;
        it.goalpost = NAN;
        it.score = NAN;
        it.max = NAN;
        it.loss = e.points == 0 ? 0.0 : -e.points;  // a veto loses no points (and no "-0")
        it.gain = it.loss;
        it.source = e.column;
        // A veto is the most urgent item whatever its points: the shortest deadline.
        it.deadline_days = e.kind == "veto" ? p.deadlines.front().days : deadline(it.loss);
        it.reason = e.kind == "veto" ? "veto " + e.id : (e.doubled ? "deduction " + e.id + " (doubled: not rectified)" : "deduction " + e.id);
        ev.push_back(std::move(it));
    }
    // Vetoes first, then every item by points lost, largest first.
    std::stable_sort(ev.begin(), ev.end(), [](const rectify_item& a, const rectify_item& b) { return a.kind == "veto" && b.kind != "veto"; });
    std::vector<rectify_item> merged;
    std::size_t vetoes = 0;
    while (vetoes < ev.size() && ev[vetoes].kind == "veto") merged.push_back(ev[vetoes++]);
    std::vector<rectify_item> rest(ev.begin() + static_cast<std::ptrdiff_t>(vetoes), ev.end());
    rest.insert(rest.end(), out.begin(), out.end());
    std::stable_sort(rest.begin(), rest.end(), [](const rectify_item& a, const rectify_item& b) { return a.loss > b.loss; });
    merged.insert(merged.end(), rest.begin(), rest.end());
    return merged;
}

}  // namespace detail
}  // namespace assess
}  // namespace v0
}  // namespace civiscore
