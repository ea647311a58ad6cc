// Consequences of flags for scoring, applied openly: excluded values and scaled or zeroed
// self-reports change the data before scoring; caps and vetoes change totals and grades after it.
// Every change is listed and travels with the result (result::checks_applied).
#include <civiscore/check/check.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/rollup.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace civiscore {
inline namespace v0 {
namespace check {
namespace {

column& column_named(dataset& d, const std::string& name) {
    const int k = d.find_column(name);
    if (k < 0) throw data_error(d.source + ": column '" + name + "' is not in the data");
    return d.columns[static_cast<std::size_t>(k)];
}

std::vector<std::string> split_pair(const std::string& s) {
    const auto bar = s.find('|');
    if (bar == std::string::npos) return {s};
    return {s.substr(0, bar), s.substr(bar + 1)};
}

}  // namespace

adjusted_data apply(const report& r, const dataset& d) {
    adjusted_data out{d, {}};
    dataset& a = out.data;
    const std::size_t n = d.unit_count();
    for (const flag& f : r.flags) {
        if (f.row == static_cast<std::size_t>(-1)) continue;  // a finding about a column or group
        if (f.row >= n)
            throw invalid_argument_error("check report does not belong to this dataset: it flags row " +
                                         std::to_string(f.row) + " (unit '" + f.unit + "') of " + std::to_string(n));
        if (f.unit != d.unit_ids[f.row])
            throw invalid_argument_error("check report does not belong to this dataset: row " + std::to_string(f.row) +
                                         " is unit '" + d.unit_ids[f.row] + "', the report says '" + f.unit + "'");
        auto change = [&](const std::string& col, const std::string& action, double after) {
            double& cell = column_named(a, col).values[f.row];
            if (std::isnan(cell) && std::isnan(after)) return;
            if (cell == after) return;
            out.changes.push_back({f.unit, col, f.period, f.rule, action, cell, after, f.reason_en});
            cell = after;
        };
        if (f.effect == flag_effect::exclude) {
            // A value flagged for exclusion is treated as missing: the model's missing policy decides.
            const auto cols = f.column.empty() ? r.cfg.columns : split_pair(f.column);
            for (const auto& col : cols)
                if (a.find_column(col) >= 0 && column_named(a, col).numeric)
                    change(col, "exclude", std::numeric_limits<double>::quiet_NaN());
        }
        if (f.rule == "verification" && f.item >= 0 && static_cast<std::size_t>(f.item) < r.cfg.pairs.size()) {
            const verification_pair& p = r.cfg.pairs[static_cast<std::size_t>(f.item)];
            double delta = 0.0;
            for (const auto& [k, v] : f.values)
                if (k == "discrepancy") delta = v;
            for (const auto& col : p.adjust) {
                const double before = column_named(a, col).values[f.row];
                if (std::isnan(before)) continue;
                if (p.action == consequence::scale) change(col, "scale", before * (1.0 - delta));
                else if (p.action == consequence::zero) change(col, "zero", 0.0);
            }
        }
    }
    return out;
}

result score_checked(const model_ptr& m, const fitted* f, const report& r, const dataset& d, int n_threads) {
    if (r.model_sha256 != m->sha256)
        throw invalid_argument_error("check report was made for another model (sha256 " + r.model_sha256 + ")");
    adjusted_data adj = apply(r, d);
    result res = f ? score(m, *f, adj.data, n_threads) : score(m, adj.data, n_threads);
    const std::size_t n = res.n_units;
    // Caps (the lowest cap of a unit's flags) and vetoes (the lowest grade band).
    std::map<std::size_t, std::pair<double, const flag*>> caps;
    std::map<std::size_t, const flag*> vetoes;
    for (const flag& fl : r.flags) {
        if (fl.row >= n) continue;
        if (fl.effect == flag_effect::cap) {
            const double cap = fl.rule == "verification" ? r.cfg.verification.cap
                               : fl.rule == "relation"   ? r.cfg.relations_policy.cap
                                                         : NAN;
            double c = cap;
            if (std::isnan(c)) {
                // The policy of the flag's check.
                const config& k = r.cfg;
                const std::map<std::string, const rule_policy*> by_rule{
                    {"completeness", &k.completeness}, {"range", &k.range}, {"outlier", &k.outlier},
                    {"jump", &k.jump}, {"constant", &k.constant}, {"duplicate", &k.duplicate},
                    {"near_duplicate", &k.duplicate}, {"heaping", &k.heaping}, {"terminal_digit", &k.heaping}};
                const auto it = by_rule.find(fl.rule);
                if (it != by_rule.end()) c = it->second->cap;
            }
            if (std::isnan(c)) continue;
            auto [it, fresh] = caps.emplace(fl.row, std::make_pair(c, &fl));
            if (!fresh && c < it->second.first) it->second = {c, &fl};
        }
        if (fl.level == severity::veto) vetoes.emplace(fl.row, &fl);
    }
    bool reranked = false;
    for (const auto& [row, cf] : caps) {
        double& total = res.scores[row];  // node 0, the root
        if (std::isnan(total) || total <= cf.first) continue;
        adj.changes.push_back({res.unit_ids[row], m->nodes[0].id, cf.second->period, cf.second->rule, "cap", total,
                               cf.first, cf.second->reason_en});
        total = cf.first;
        res.grade[row] = m->grade_of(total);
        reranked = true;
    }
    if (reranked) {
        std::vector<double> root(res.scores.begin(), res.scores.begin() + static_cast<std::ptrdiff_t>(n));
        res.rank = methods::competition_ranks(root);
        attach_rollup(res, d);  // street and district means follow the capped totals
    }
    for (const auto& [row, vf] : vetoes) {
        if (res.grade[row] < 0 || m->grades.empty()) continue;
        const int lowest = static_cast<int>(m->grades.size()) - 1;
        if (res.grade[row] == lowest) continue;
        adj.changes.push_back({res.unit_ids[row], "grade", vf->period, vf->rule, "veto",
                               static_cast<double>(res.grade[row]), static_cast<double>(lowest),
                               "grade " + m->grades[static_cast<std::size_t>(res.grade[row])].label + " -> " +
                                   m->grades[static_cast<std::size_t>(lowest)].label + " (veto): " + vf->reason_en});
        res.grade[row] = lowest;
    }
    res.checks_applied = adjustments_json(adj.changes);
    return res;
}

}  // namespace check
}  // namespace v0
}  // namespace civiscore
