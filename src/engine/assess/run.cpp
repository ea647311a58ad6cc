// The assessment run: split periods, carry values forward, merge ratings, score every period with
// each unit's profile model, combine quarters and annual scores, then adjust, grade, rectify and
// hold to account. The engine (civiscore::fit/score) does all indicator scoring.
#include "engine/assess/internal.hpp"

#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace civiscore {
inline namespace v0 {
namespace assess {
namespace {

struct wide_period {
    std::string name;
    dataset data;
};

// Rows of one period as a wide dataset whose unit ids come from the id column.
dataset period_rows(const dataset& d, const plan& p, const std::string& period, const column& id_c, const column& per_c) {
    dataset out;
    out.source = d.source + " (period " + period + ")";
    std::vector<std::size_t> rows;
    std::map<std::string, std::size_t> seen;
    for (std::size_t r = 0; r < d.unit_count(); ++r) {
        if (detail::cell_text(per_c, r) != period) continue;
        const std::string id = detail::cell_text(id_c, r);
        const std::string where = d.source + ":" + d.unit_ids[r];
        if (id.empty()) throw data_error(where + ": empty " + p.id_column);
        if (const auto [it, fresh] = seen.emplace(id, r); !fresh)
            throw data_error(where + ": unit '" + id + "' appears twice in period '" + period + "' (also line " + d.unit_ids[it->second] + ")");
        rows.push_back(r);
        out.unit_ids.push_back(id);
        out.unit_lines.push_back(d.unit_lines.empty() ? 0 : d.unit_lines[r]);
    }
    if (rows.empty()) throw data_error(d.source + ": no rows for period '" + period + "' named in the plan");
    for (const auto& c : d.columns) {
        if (&c == &id_c || &c == &per_c) continue;
        column nc;
        nc.id = c.id;
        // A column can be text in one period only: decide per period.
        nc.numeric = true;
        for (std::size_t r : rows) {
            nc.values.push_back(c.values[r]);
            if (!c.text.empty()) nc.text.push_back(c.text[r]);
            if (!c.text.empty() && std::isnan(c.values[r]) && !c.text[r].empty() && nc.numeric) {
                nc.numeric = false;
                nc.not_numeric_where = d.source + ":" + d.unit_ids[r] + ": '" + c.text[r] + "'";
            }
        }
        out.columns.push_back(std::move(nc));
    }
    return out;
}

// The subset `rows` of wide dataset `d`.
dataset subset(const dataset& d, const std::vector<std::size_t>& rows) {
    dataset out;
    out.source = d.source;
    for (std::size_t r : rows) {
        out.unit_ids.push_back(d.unit_ids[r]);
        if (!d.unit_lines.empty()) out.unit_lines.push_back(d.unit_lines[r]);
    }
    for (const auto& c : d.columns) {
        column nc{c.id, c.numeric, {}, {}, c.not_numeric_where, c.derived_by};  // a derived column stays one
        // Text columns of the CSV reader keep only their cells, numeric ones only their values.
        for (std::size_t r : rows) {
            if (!c.values.empty()) nc.values.push_back(c.values[r]);
            if (!c.text.empty()) nc.text.push_back(c.text[r]);
        }
        out.columns.push_back(std::move(nc));
    }
    return out;
}

struct profiled {
    std::vector<std::string> profile_of;          // per unit
    std::map<std::string, model_ptr> models;      // profile name -> model ("" = base)
};

profiled profiles_of(const model_ptr& m, const plan& p, const dataset& d) {
    profiled out;
    out.models[""] = m;
    for (const auto& pr : p.profiles) out.models[pr.name] = derive_profile_model(*m, pr);
    const column* c = p.profile_column.empty() ? nullptr : detail::find(d, p.profile_column);
    if (!p.profile_column.empty() && !c)
        throw data_error(d.source + ": the plan's profile column '" + p.profile_column + "' is not in the data");
    for (std::size_t u = 0; u < d.unit_count(); ++u) {
        std::string name = c ? detail::cell_text(*c, u) : std::string();
        if (!out.models.count(name) || name.empty()) {
            if (c && p.default_profile.empty() && !name.empty())
                throw data_error(d.describe_unit(u) + ": " + p.profile_column + " '" + name + "' has no profile in the plan (and the plan sets no \"default\")");
            name = c ? p.default_profile : "";
        }
        out.profile_of.push_back(name);
    }
    return out;
}

// Blank the not-applicable indicators of a profile so they score as not applicable.
void blank_not_applicable(const model& pm, const profile* pr, dataset& d) {
    if (!pr) return;
    for (const auto& id : pr->not_applicable) {
        const node& nd = pm.nodes[static_cast<std::size_t>(pm.find(id))];
        for (auto& c : d.columns)
            if (std::find(nd.columns.begin(), nd.columns.end(), c.id) != nd.columns.end())
                std::fill(c.values.begin(), c.values.end(), NAN);
    }
}

const profile* find_profile(const plan& p, const std::string& name) {
    for (const auto& pr : p.profiles)
        if (pr.name == name) return &pr;
    return nullptr;
}

// Score one wide period: each profile's units with its model (fitted on `fit_data` when given, else on
// the profile's own units), merged back in input order with joint ranks and grades.
result score_period(const model_ptr& m, const plan& p, const dataset& d, const profiled& prof,
                    const dataset* fit_data, const profiled* fit_prof, int threads) {
    result out;
    out.model = m;
    out.unit_ids = d.unit_ids;
    out.n_units = d.unit_count();
    out.n_nodes = m->nodes.size();
    out.scores.assign(out.n_nodes * out.n_units, NAN);
    out.coverage.assign(out.n_nodes * out.n_units, NAN);
    out.status.assign(out.n_units, unit_status::unscored);
    out.model_sha256 = m->sha256;
    for (const auto& [name, pm] : prof.models) {
        std::vector<std::size_t> rows;
        for (std::size_t u = 0; u < out.n_units; ++u)
            if (prof.profile_of[u] == name) rows.push_back(u);
        if (rows.empty()) continue;
        dataset sub = subset(d, rows);
        blank_not_applicable(*pm, find_profile(p, name), sub);
        fitted f;
        if (fit_data) {
            std::vector<std::size_t> frows;
            for (std::size_t u = 0; u < fit_data->unit_count(); ++u)
                if (fit_prof->profile_of[u] == name) frows.push_back(u);
            if (frows.empty())
                throw data_error(fit_data->source + ": the base period has no units of profile '" + name + "' to fit on");
            dataset fsub = subset(*fit_data, frows);
            blank_not_applicable(*pm, find_profile(p, name), fsub);
            f = fit(*pm, fsub, threads);
        } else {
            f = fit(*pm, sub, threads);
        }
        const result r = score(pm, f, sub, threads);
        if (out.effective_weights.empty()) out.effective_weights = r.effective_weights;
        for (std::size_t k = 0; k < rows.size(); ++k) {
            for (std::size_t n = 0; n < out.n_nodes; ++n) {
                out.scores[n * out.n_units + rows[k]] = r.score(k, n);
                out.coverage[n * out.n_units + rows[k]] = r.node_coverage(k, n);
            }
            out.status[rows[k]] = r.status[k];
        }
    }
    std::vector<double> root(out.scores.begin(), out.scores.begin() + static_cast<std::ptrdiff_t>(out.n_units));
    out.rank = methods::competition_ranks(root);
    out.grade.resize(out.n_units);
    for (std::size_t u = 0; u < out.n_units; ++u) {
        if (out.status[u] == unit_status::unscored) out.rank[u] = 0;
        out.grade[u] = m->grade_of(root[u]);
    }
    return out;
}

// rater_360: group score = 100 * sum(s) / sum(P) over the group's indicators; total = sum w_g * G_g.
double total_360(const model& um, const plan& p, const result& r, std::size_t u) {
    double total = 0, wsum = 0;
    for (const auto& g : p.rater_groups) {
        double s = 0, pts = 0;
        for (int i : um.indicators) {
            const node& nd = um.nodes[static_cast<std::size_t>(i)];
            if (p.rater_of_record.at(nd.id) != g.name) continue;
            const double x = r.score(u, static_cast<std::size_t>(i));
            if (std::isnan(x)) continue;  // not applicable: out of both sums
            s += x;
            pts += nd.points;
        }
        if (pts > 0) {
            total += g.weight * 100.0 * s / pts;
            wsum += g.weight;
        }
    }
    return wsum > 0 ? total / wsum : NAN;
}

// Each indicator's share of the root per point of its own score (for potential gains) and its
// effective weight in the root, under the unit's model and the plan's mode.
void root_shares(const model& um, const plan& p, const std::vector<double>& ew, std::vector<double>& share,
                 std::vector<double>& eff) {
    share.assign(um.indicators.size(), 0.0);
    eff.assign(um.indicators.size(), 0.0);
    std::map<std::string, double> group_points;
    double wsum = 0;
    if (p.rater_360) {
        for (const auto& g : p.rater_groups) wsum += g.weight;
        for (int i : um.indicators) group_points[p.rater_of_record.at(um.nodes[static_cast<std::size_t>(i)].id)] += um.nodes[static_cast<std::size_t>(i)].points;
    }
    for (std::size_t k = 0; k < um.indicators.size(); ++k) {
        const node& nd = um.nodes[static_cast<std::size_t>(um.indicators[k])];
        const double max = um.display == score_display::points ? nd.points : um.scale_hi - um.scale_lo;
        if (p.rater_360) {
            const std::string& g = p.rater_of_record.at(nd.id);
            double w = 0;
            for (const auto& rg : p.rater_groups)
                if (rg.name == g) w = rg.weight / wsum;
            eff[k] = w * nd.points / group_points[g];
        } else {
            eff[k] = ew.empty() ? nd.effective_weight : ew[k];
        }
        share[k] = max > 0 ? eff[k] * (um.scale_hi - um.scale_lo) / max : 0.0;
    }
}

}  // namespace

std::string assessment::grade_label(int g) const {
    return g >= 0 && static_cast<std::size_t>(g) < model->grades.size() ? model->grades[static_cast<std::size_t>(g)].label : "";
}

assessment run(const model_ptr& m, const plan_ptr& pp, const dataset& data, const dataset* ratings, int threads) {
    if (!m || !pp) throw invalid_argument_error("assess: model and plan are required");
    const plan& p = *pp;
    assessment a;
    a.model = m;
    a.plan = pp;

    // 1. Periods, in plan order: each annual period after its quarters.
    std::vector<wide_period> periods;
    if (p.periods.column.empty()) {
        periods.push_back({"", data});
    } else {
        const column* id_c = detail::find(data, p.id_column);
        const column* per_c = detail::find(data, p.periods.column);
        if (!id_c) throw data_error(data.source + ": long data needs the unit id column '" + p.id_column + "'");
        if (!per_c) throw data_error(data.source + ": the plan's period column '" + p.periods.column + "' is not in the data");
        std::set<std::string> known;
        for (const auto& y : p.periods.annual) {
            if (const auto q = p.periods.quarters.find(y); q != p.periods.quarters.end())
                for (const auto& qq : q->second) {
                    periods.push_back({qq, period_rows(data, p, qq, *id_c, *per_c)});
                    known.insert(qq);
                }
            periods.push_back({y, period_rows(data, p, y, *id_c, *per_c)});
            known.insert(y);
        }
        for (std::size_t r = 0; r < data.unit_count(); ++r)
            if (!known.count(detail::cell_text(*per_c, r)))
                throw data_error(data.source + ":" + data.unit_ids[r] + ": period '" + detail::cell_text(*per_c, r) + "' is not in the plan's \"periods\"");
    }

    // 2. Carry forward along each chain (quarters in order; annual periods in order).
    if (p.periods.carry_forward) {
        std::vector<std::vector<std::size_t>> chains(2);
        for (std::size_t i = 0; i < periods.size(); ++i) {
            const bool annual = std::find(p.periods.annual.begin(), p.periods.annual.end(), periods[i].name) != p.periods.annual.end();
            chains[annual ? 1 : 0].push_back(i);
        }
        for (const auto& chain : chains)
            for (std::size_t k = 1; k < chain.size(); ++k) {
                const dataset& prev = periods[chain[k - 1]].data;
                dataset& cur = periods[chain[k]].data;
                std::map<std::string, std::size_t> prev_index;
                for (std::size_t u = 0; u < prev.unit_count(); ++u) prev_index[prev.unit_ids[u]] = u;
                for (const auto& col_id : m->input_columns) {
                    const column* pc = detail::find(prev, col_id);
                    const int ci = cur.find_column(col_id);
                    if (!pc || ci < 0) continue;
                    column& cc = cur.columns[static_cast<std::size_t>(ci)];
                    if (!cc.numeric || !pc->numeric) continue;  // bind_columns reports text columns
                    for (std::size_t u = 0; u < cur.unit_count(); ++u) {
                        if (!std::isnan(cc.values[u]) || (!cc.text.empty() && !cc.text[u].empty())) continue;
                        const auto it = prev_index.find(cur.unit_ids[u]);
                        if (it == prev_index.end() || std::isnan(pc->values[it->second])) continue;
                        cc.values[u] = pc->values[it->second];
                        if (!cc.text.empty()) cc.text[u] = detail::cell_text(*pc, it->second);
                        a.carried.push_back({cur.unit_ids[u], periods[chain[k]].name, col_id, periods[chain[k - 1]].name, cc.values[u]});
                    }
                }
            }
    }

    // 3. Ratings, 4. scores of every period.
    std::vector<profiled> profs;
    for (auto& wp : periods) {
        if (ratings) detail::apply_ratings(*m, p, *ratings, wp.name, wp.data, a.agreements);
        profs.push_back(profiles_of(m, p, wp.data));
    }
    std::size_t base_index = periods.size();
    if (p.periods.fit_base)
        for (std::size_t i = 0; i < periods.size(); ++i)
            if (periods[i].name == p.periods.base) base_index = i;
    if (p.periods.fit_base && base_index == periods.size())
        throw data_error("the plan's base period '" + p.periods.base + "' is not among its periods");
    for (std::size_t i = 0; i < periods.size(); ++i) {
        period_scores ps;
        ps.period = periods[i].name;
        ps.unit_ids = periods[i].data.unit_ids;
        const bool base_fit = base_index < periods.size();
        ps.scores = score_period(m, p, periods[i].data, profs[i], base_fit ? &periods[base_index].data : nullptr,
                                 base_fit ? &profs[base_index] : nullptr, threads);
        for (std::size_t u = 0; u < ps.unit_ids.size(); ++u) {
            const model& um = *profs[i].models.at(profs[i].profile_of[u]);
            ps.total.push_back(p.rater_360 ? total_360(um, p, ps.scores, u) : ps.scores.score(u, 0));
        }
        a.periods.push_back(std::move(ps));
    }

    // 5-7. Adjust and grade every annual period (the history), the last one in full.
    std::vector<std::string> annual = p.periods.annual;
    if (annual.empty()) annual.push_back("");
    std::map<std::string, std::vector<std::string>> history;  // unit -> grade labels per annual period
    for (std::size_t y = 0; y < annual.size(); ++y) {
        std::size_t idx = 0;
        while (a.periods[idx].period != annual[y]) ++idx;
        const period_scores& ps = a.periods[idx];
        const dataset& d = periods[idx].data;
        std::vector<double> base = ps.total;
        if (const auto q = p.periods.quarters.find(annual[y]); q != p.periods.quarters.end() && p.periods.quarter_weight > 0) {
            for (std::size_t u = 0; u < base.size(); ++u) {
                double s = 0;
                int n = 0;
                for (const auto& qn : q->second) {
                    std::size_t qi = 0;
                    while (a.periods[qi].period != qn) ++qi;
                    const auto& qp = a.periods[qi];
                    const auto it = std::find(qp.unit_ids.begin(), qp.unit_ids.end(), ps.unit_ids[u]);
                    if (it == qp.unit_ids.end()) continue;
                    const double t = qp.total[static_cast<std::size_t>(it - qp.unit_ids.begin())];
                    if (std::isnan(t)) continue;
                    s += t;
                    ++n;
                }
                // Quarterly monitoring + annual assessment; a unit without monitoring keeps its annual score.
                if (n > 0) base[u] = p.periods.quarter_weight * (s / n) + p.periods.annual_weight * base[u];
            }
        }
        std::vector<unit_assessment> units(base.size());
        for (std::size_t u = 0; u < units.size(); ++u) units[u].unit_id = ps.unit_ids[u];
        detail::adjust_and_grade(*m, p, d, ps.scores, base, profs[idx].profile_of, units);
        for (std::size_t u = 0; u < units.size(); ++u) {
            auto& h = history[units[u].unit_id];
            h.resize(y, "");
            h.push_back(a.grade_label(units[u].grade));
        }
        if (y + 1 < annual.size()) continue;

        // The assessed period in full.
        a.period = annual[y];
        for (std::size_t u = 0; u < units.size(); ++u) {
            unit_assessment& ua = units[u];
            const model& um = *profs[idx].models.at(ua.profile);
            std::vector<double> share, eff;
            root_shares(um, p, ps.scores.effective_weights, share, eff);
            ua.rectification = detail::rectification(um, p, d, ps.scores, u, share, ua.events);
            for (const auto& col : p.info_columns) {
                const column* c = detail::find(d, col);
                if (!c) throw data_error(d.source + ": the plan's info column '" + col + "' is not in the data");
                ua.info.push_back(detail::cell_text(*c, u));
            }
            if (!p.allocation.size_column.empty()) {
                const column* c = detail::find(d, p.allocation.size_column);
                if (!c || !c->numeric) throw data_error(d.source + ": the allocation size column '" + p.allocation.size_column + "' is missing or not numeric");
                ua.size = c->values[u];
            }
            if (!p.allocation.group_column.empty()) {
                const column* c = detail::find(d, p.allocation.group_column);
                if (!c) throw data_error(d.source + ": the allocation group column '" + p.allocation.group_column + "' is not in the data");
                ua.group = detail::cell_text(*c, u);
            }
        }
        // Effective weights of the root: the first profile's model (base if no profiles).
        const model& wm = *profs[idx].models.at(units.empty() ? std::string() : units[0].profile);
        std::vector<double> share, eff;
        root_shares(wm, p, ps.scores.effective_weights, share, eff);
        a.effective_weights = eff;
        if (p.rater_360) {
            double wsum = 0;
            for (const auto& g : p.rater_groups) wsum += g.weight;
            for (const auto& g : p.rater_groups) {
                a.source_names.push_back(g.name);
                a.source_weights.push_back(g.weight / wsum);
            }
        } else {
            // Merge mode: each indicator's effective weight split over its sources by their weights;
            // indicators without declared sources count for "data".
            std::map<std::string, double> by_source;
            std::vector<std::string> names;
            for (std::size_t k = 0; k < wm.indicators.size(); ++k) {
                const auto s = p.sources.find(wm.nodes[static_cast<std::size_t>(wm.indicators[k])].id);
                std::vector<source_weight> list = s == p.sources.end() ? std::vector<source_weight>{{"data", 1.0}} : s->second;
                double ws = 0;
                for (const auto& sw : list) ws += sw.weight;
                for (const auto& sw : list) {
                    if (!by_source.count(sw.source)) names.push_back(sw.source);
                    by_source[sw.source] += eff[k] * sw.weight / ws;
                }
            }
            for (const auto& n : names) {
                a.source_names.push_back(n);
                a.source_weights.push_back(by_source[n]);
            }
        }
        a.units = std::move(units);
    }

    // Accountability over each unit's history of annual grades.
    for (auto& ua : a.units) {
        ua.grade_history = history[ua.unit_id];
        ua.grade_history.resize(annual.size(), "");
        for (const auto& rule : p.accountability) {
            int run = 0;
            for (auto it = ua.grade_history.rbegin(); it != ua.grade_history.rend(); ++it) {
                if (std::find(rule.grades.begin(), rule.grades.end(), *it) == rule.grades.end()) break;
                ++run;
            }
            if (run >= rule.consecutive) {
                ua.accountability_status = rule.status;
                ua.accountability_rule = rule.id;
                ua.exclude_periods = rule.exclude_periods;
                if (!rule.fund_eligible) ua.fund_eligible = false;
                break;
            }
        }
    }

    // Change and trend per unit and node over the annual periods.
    const std::size_t nn = m->nodes.size(), nu = a.units.size();
    a.change.assign(nn * nu, NAN);
    a.trend.assign(nn * nu, NAN);
    std::vector<const period_scores*> years;
    for (const auto& y : annual)
        for (const auto& ps : a.periods)
            if (ps.period == y) years.push_back(&ps);
    for (std::size_t u = 0; u < nu; ++u) {
        std::vector<std::ptrdiff_t> at;
        for (const auto* ps : years) {
            const auto it = std::find(ps->unit_ids.begin(), ps->unit_ids.end(), a.units[u].unit_id);
            at.push_back(it == ps->unit_ids.end() ? -1 : it - ps->unit_ids.begin());
        }
        for (std::size_t n = 0; n < nn; ++n) {
            std::vector<double> t, v;
            for (std::size_t k = 0; k < years.size(); ++k) {
                const double x = at[k] < 0 ? NAN : years[k]->scores.score(static_cast<std::size_t>(at[k]), n);
                if (!std::isnan(x)) {
                    t.push_back(static_cast<double>(k));
                    v.push_back(x);
                }
            }
            if (years.size() >= 2 && at[years.size() - 1] >= 0 && at[years.size() - 2] >= 0) {
                const double x1 = years.back()->scores.score(static_cast<std::size_t>(at.back()), n);
                const double x0 = years[years.size() - 2]->scores.score(static_cast<std::size_t>(at[years.size() - 2]), n);
                a.change[n * nu + u] = x1 - x0;
            }
            if (t.size() >= 2) {
                double tm = 0, vm = 0;
                for (std::size_t k = 0; k < t.size(); ++k) {
                    tm += t[k];
                    vm += v[k];
                }
                tm /= static_cast<double>(t.size());
                vm /= static_cast<double>(t.size());
                double sxy = 0, sxx = 0;
                for (std::size_t k = 0; k < t.size(); ++k) {
                    sxy += (t[k] - tm) * (v[k] - vm);
                    sxx += (t[k] - tm) * (t[k] - tm);
                }
                a.trend[n * nu + u] = sxy / sxx;
            }
        }
    }
    return a;
}

}  // namespace assess
}  // namespace v0
}  // namespace civiscore
