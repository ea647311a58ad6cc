// Scoring: nodes are walked in post-order, and each node over fixed blocks of units, so the result
// never depends on the thread count. Node by node (rather than block by block) because a group that
// learns its weights in fit needs its children's whole columns first.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/rollup.hpp>
#include <civiscore/version.hpp>

#include "engine/indicator_weights.hpp"
#include "engine/derive.hpp"
#include "engine/learn.hpp"
#include "engine/score_mcda.hpp"
#include "engine/treatment.hpp"
#include "util/parallel.hpp"

#include <civiscore/methods/means.hpp>

#include <Eigen/Core>

#include <cmath>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {
namespace {

using Eigen::ArrayXd;
using Eigen::Index;
using Eigen::Map;

class scorer {
public:
    scorer(const model& m, const fitted& f, const dataset& d, result& r)
        : m_(m), f_(f), d_(d), r_(r), n_units_(d.unit_count()), weights_(m.nodes.size()) {
        const auto bound = bind_columns(m, d);
        std::unordered_map<std::string, const double*> by_id;
        for (std::size_t c = 0; c < m.input_columns.size(); ++c) by_id[m.input_columns[c]] = bound[c]->values.data();
        columns_.resize(m.nodes.size());
        slot_.assign(m.nodes.size(), -1);
        for (std::size_t i = 0; i < m.indicators.size(); ++i) {
            const auto n = static_cast<std::size_t>(m.indicators[i]);
            slot_[n] = static_cast<int>(i);
            for (const auto& c : m.nodes[n].columns) columns_[n].push_back(by_id.at(c));
        }
    }

    // Score every node for every unit. `learning` (fit): before aggregating a group that learns its
    // weights, learn them from its children's whole columns into `learned`.
    void run(int n_threads, fitted* learning) {
        const std::size_t n_blocks = (n_units_ + block_size - 1) / block_size;
        // Indicators first: their scores depend on nothing learned here, and weights learned "over"
        // a group's indicators need every indicator column before any group below it aggregates.
        for (int pass = 0; pass < 2; ++pass) {
            if (pass == 1 && learning) {
                for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
                    const node& nd = m_.nodes[n];
                    if (nd.is_indicator || !nd.weights.over_indicators) continue;
                    learning->node_weights.push_back(learn_over_indicators(
                        m_, static_cast<int>(n), [&](int i) -> const double* { return value(i, 0); }, n_units_, n_threads));
                }
            }
            // Fitting learns only weights: when every learned weight is over indicators, the groups'
            // scores are not needed (score() computes them with the learned weights).
            if (pass == 1 && learning && !learns_from_groups()) break;
            for (int n : m_.post_order) {
                const node& nd = m_.nodes[static_cast<std::size_t>(n)];
                if (nd.is_indicator != (pass == 0)) continue;
                if (!nd.is_indicator) {
                    if (learning && learns_weights(nd) && !nd.weights.over_indicators) learn(n, *learning);
                    weights_[static_cast<std::size_t>(n)] = child_weights(m_, learning ? *learning : f_, n);
                    if (learning) mcda_.learn(n, weights_[static_cast<std::size_t>(n)], r_.scores.data(), *learning);  // score_mcda.cpp
                }
                parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
                    const std::size_t begin = b * block_size;
                    const std::size_t len = std::min(block_size, n_units_ - begin);
                    if (nd.is_indicator) score_indicator(n, begin, len);
                    else aggregate(n, begin, len);
                });
            }
        }
    }

    // Internal values are on the scale (or the rule's range); report them as the model asks.
    void display() {
        if (m_.display != score_display::points) return;
        for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
            double* v = value(static_cast<int>(n), 0);
            for (std::size_t k = 0; k < n_units_; ++k) v[k] = m_.display_score(static_cast<int>(n), v[k]);
        }
    }

    const std::vector<std::vector<double>>& weights() const { return weights_; }
    const mcda_scorer& mcda() const { return mcda_; }

private:
    const model& m_;
    const fitted& f_;
    const dataset& d_;
    result& r_;
    std::size_t n_units_;
    std::vector<std::vector<const double*>> columns_;  // per node: the data columns an indicator reads
    std::vector<int> slot_;                            // per node: its position among the indicators
    std::vector<std::vector<double>> weights_;         // per group: its children's weights as used
    mcda_scorer mcda_{m_, n_units_};                   // MCDA aggregations (engine/score_mcda.cpp)

    void learn(int n, fitted& f);

    // Whether fit learns anything from groups' scores: weights from children's scores (not over
    // indicators) or an MCDA aggregation's fitted state.
    bool learns_from_groups() const {
        for (const node& nd : m_.nodes)
            if (!nd.is_indicator && ((!nd.weights.over_indicators && learns_weights(nd)) || mcda_learns(nd))) return true;
        return false;
    }

    double* value(int n, std::size_t begin) { return r_.scores.data() + static_cast<std::size_t>(n) * n_units_ + begin; }
    double* cover(int n, std::size_t begin) { return r_.coverage.data() + static_cast<std::size_t>(n) * n_units_ + begin; }

    void score_indicator(int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        const methods::rule& rule = nd.rule;
        const auto length = static_cast<Index>(len);
        Map<ArrayXd> out(value(n, begin), length);
        const double* first = columns_[static_cast<std::size_t>(n)].front() + begin;
        Map<const ArrayXd> x(first, length);
        const double lo = m_.scale_lo, span = m_.scale_hi - m_.scale_lo;

        switch (rule.kind) {
            case methods::rule_kind::min_max:
            case methods::rule_kind::z_score: {
                const auto slot = static_cast<std::size_t>(slot_[static_cast<std::size_t>(n)]);
                if (f_.stats[slot].count == 0) require_no_values(nd, x, begin);
                const auto p = f_.params(slot);
                if (rule.kind == methods::rule_kind::min_max)
                    methods::min_max(x, p.min, p.max, rule.range_lo, rule.range_hi, rule.dir, out);
                else
                    methods::z_score(x, p.mean, rule.population_sd ? population_sd(slot) : p.sd, rule.mean, rule.sd, rule.dir, out);
                break;
            }
            case methods::rule_kind::normalise: normalise_rule(n, begin, len); break;
            case methods::rule_kind::goalposts: methods::goalposts(x, rule.worst, rule.best, out); break;
            case methods::rule_kind::target: methods::target_ratio(x, rule.target, rule.dir, out); break;
            case methods::rule_kind::binary: methods::binary(x, rule.dir, out); break;
            case methods::rule_kind::tiers: methods::tiered(x, rule.tiers, rule.dir, out); break;
            case methods::rule_kind::deduction: {
                const auto& cols = columns_[static_cast<std::size_t>(n)];
                Eigen::ArrayXXd counts(length, static_cast<Index>(cols.size()));
                for (std::size_t c = 0; c < cols.size(); ++c) {
                    counts.col(static_cast<Index>(c)) = Map<const ArrayXd>(cols[c] + begin, length);
                    // A negative count would add points; it can only be a data error.
                    for (Index k = 0; k < length; ++k) {
                        if (counts(k, static_cast<Index>(c)) < 0)
                            throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id +
                                             "', column '" + nd.columns[c] + "': an event count must be >= 0");
                    }
                }
                methods::deduction(counts, rule.deductions, rule.full, rule.floor, rule.cap, out);
                break;
            }
        }
        if (methods::yields_fraction(rule)) out = lo + out * span;

        const double lowest = methods::yields_fraction(rule) ? lo : methods::lowest_output(rule);
        double* cov = cover(n, begin);
        for (std::size_t k = 0; k < len; ++k) {
            if (!std::isnan(out[static_cast<Index>(k)])) {
                cov[k] = 1.0;
                continue;
            }
            switch (nd.missing) {
                case missing_policy::skip: cov[k] = 0.0; break;
                case missing_policy::zero:
                    out[static_cast<Index>(k)] = lowest;
                    cov[k] = 0.0;
                    break;
                case missing_policy::not_applicable: cov[k] = NAN; break;
                case missing_policy::error:
                    throw data_error(d_.describe_unit(begin + k) + ", indicator '" + nd.id +
                                     "': value missing, and the model's missing policy for it is \"error\"");
            }
        }
    }

    // The aggregations beyond the classic weighted means (methods/means.hpp), per unit.
    double other_mean(const node& nd, const double* xs, const double* ws, std::size_t present, std::size_t unit) {
        Eigen::Map<const Eigen::VectorXd> x(xs, static_cast<Index>(present)), w(ws, static_cast<Index>(present));
        try {
            methods::mean_options o;
            o.p = nd.power_p;
            o.policy = nd.zero_policy;
            switch (nd.agg) {
                case node_aggregation::geometric:
                case node_aggregation::harmonic:
                case node_aggregation::power: return methods::power_mean(x, w, o);
                case node_aggregation::median: return methods::weighted_median(x, w);
                case node_aggregation::minimum: return methods::minimum(x, w);
                case node_aggregation::mazziotta_pareto: return mazziotta_pareto(x, w, nd.mp_penalty_negative);
                case node_aggregation::arithmetic: return methods::arithmetic_mean(x, w);
            }
        } catch (const error& e) {
            throw data_error(d_.describe_unit(unit) + ", node '" + nd.id + "' (" + nd.pointer + "/aggregation): " + e.what() +
                             (nd.zero_policy_set ? "" : " (set \"zero_policy\": \"shift\" to shift by epsilon)"));
        }
        return NAN;
    }

    // Mazziotta-Pareto: M -/+ S * cv with M the weighted mean, S the weighted (population) standard
    // deviation of the children's scores and cv = S / M; "-" penalises unbalanced units (higher is
    // better). M = 0 gives M (no imbalance can be measured relative to 0).
    static double mazziotta_pareto(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& w,
                                   bool negative) {
        const double sw = w.sum();
        const double mean = x.dot(w) / sw;
        const double var = ((x.array() - mean).square() * w.array()).sum() / sw;
        const double sd = std::sqrt(var);
        if (mean == 0) return mean;
        const double penalty = sd * (sd / mean);
        return negative ? mean - penalty : mean + penalty;
    }

    double population_sd(std::size_t slot) const {
        const auto& s = f_.stats[slot];
        return s.count > 0 ? std::sqrt(s.m2 / static_cast<double>(s.count)) : 0.0;
    }

    // A methods::normalise normaliser as a rule: its fit is stored whole (sorted column, norm, ...)
    // or rebuilt from the mergeable column statistics (min, max, sum, mean, sd).
    void normalise_rule(int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        const methods::rule& rule = nd.rule;
        const auto slot = static_cast<std::size_t>(slot_[static_cast<std::size_t>(n)]);
        const auto length = static_cast<Index>(len);
        Map<const Eigen::VectorXd> x(columns_[static_cast<std::size_t>(n)].front() + begin, length);
        Map<Eigen::VectorXd> out(value(n, begin), length);
        methods::normaliser_fit from_stats;
        const methods::normaliser_fit* nf = &from_stats;
        if (methods::needs_whole_column(rule)) {
            nf = &f_.normalisers[slot];
        } else if (rule.norm != methods::normaliser::categorical) {
            const auto& s = f_.stats[slot];
            from_stats.count = s.count;
            from_stats.min = s.min;
            from_stats.max = s.max;
            from_stats.mean = s.mean;
            from_stats.sum = s.mean * static_cast<double>(s.count);
        }
        if (rule.norm != methods::normaliser::categorical && nf->count == 0)
            require_no_values(nd, Map<const ArrayXd>(x.data(), length), begin);
        const int type = rule.dir == methods::direction::benefit ? 1 : -1;
        try {
            methods::apply_normaliser(rule.norm, *nf, x, type, rule.norm_options, out, 0);
        } catch (const error&) {
            // Name the unit: map the block's units one by one until the failing one is found.
            for (Index k = 0; k < length; ++k) {
                Eigen::VectorXd one = x.segment(k, 1), res(1);
                try {
                    methods::apply_normaliser(rule.norm, *nf, one, type, rule.norm_options, res, 0);
                } catch (const error& e) {
                    throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id + "' (" +
                                     nd.pointer + "/rule): " + e.what());
                }
            }
            throw;
        }
    }

    // Fit saw no values for this indicator, so present values cannot be scaled: say so rather than guess.
    void require_no_values(const node& nd, const Map<const ArrayXd>& x, std::size_t begin) {
        for (Index k = 0; k < x.size(); ++k) {
            if (!std::isnan(x[k]))
                throw data_error(d_.describe_unit(begin + static_cast<std::size_t>(k)) + ", indicator '" + nd.id +
                                 "': the fitted state saw no values of this indicator, so it cannot scale this one");
        }
    }

    void aggregate(int n, std::size_t begin, std::size_t len) {
        const node& nd = m_.nodes[static_cast<std::size_t>(n)];
        if (nd.mcda.active())
            return mcda_.aggregate(n, weights_[static_cast<std::size_t>(n)], f_, r_.scores.data(), r_.coverage.data(), begin, len, d_);
        double* out = value(n, begin);
        double* cov = cover(n, begin);
        const std::size_t n_children = nd.children.size();
        std::vector<const double*> cv(n_children), cc(n_children);
        std::vector<double> w(n_children);
        for (std::size_t i = 0; i < n_children; ++i) {
            cv[i] = value(nd.children[i], begin);
            cc[i] = cover(nd.children[i], begin);
            w[i] = weights_[static_cast<std::size_t>(n)][i];
        }
        std::vector<double> xs(n_children), ws(n_children);
        const bool arithmetic = nd.agg == node_aggregation::arithmetic;
        // Today's geometric/harmonic (0 is the limit, negatives an error) unless a zero_policy is set.
        const bool classic = (nd.agg == node_aggregation::geometric || nd.agg == node_aggregation::harmonic) && !nd.zero_policy_set;
        for (std::size_t k = 0; k < len; ++k) {
            double applicable = 0, covered = 0, num = 0, den = 0;
            std::size_t present = 0;
            for (std::size_t i = 0; i < n_children; ++i) {
                const double c = cc[i][k];
                if (std::isnan(c)) continue;  // not applicable: out of this node for this unit
                applicable += w[i];
                const double v = cv[i][k];
                if (std::isnan(v)) continue;  // missing child: counts as no coverage
                covered += w[i] * c;
                if (arithmetic) {
                    num += w[i] * v;
                    den += w[i];
                } else {
                    xs[present] = v;
                    ws[present] = w[i];
                }
                ++present;
            }
            if (applicable == 0) {
                out[k] = NAN;
                cov[k] = NAN;
                continue;
            }
            cov[k] = covered / applicable;
            if (present == 0) {
                out[k] = NAN;
            } else if (arithmetic) {
                out[k] = num / den;
            } else if (!classic) {
                out[k] = other_mean(nd, xs.data(), ws.data(), present, begin + k);
            } else {
                bool negative = false;
                out[k] = methods::weighted_mean(nd.aggregation, xs.data(), ws.data(), present, &negative);
                if (negative)
                    throw data_error(d_.describe_unit(begin + k) + ", node '" + nd.id +
                                     "': a geometric or harmonic mean needs values >= 0, and a child's score is negative");
            }
            if (cov[k] < nd.min_coverage - 1e-12) out[k] = NAN;
        }
    }
};

}  // namespace

result score(const model_ptr& mp, const fitted& f, const dataset& data, int n_threads) {
    const model& m = *mp;
    const derived_data derived(m, data);  // the model's derived columns (engine/derive.cpp)
    const dataset& d = derived.data();
    if (f.model_sha256 != m.sha256)
        throw fitted_error("the fitted state was made for model " + f.model_sha256 + ", not for this model (" + m.sha256 + ")");
    if (f.stats.size() != m.indicators.size()) throw fitted_error("the fitted state does not match the model's indicators");
    // Long data (several rows per unit, read for checks or assessment) must not become a result with
    // the same unit twice: every unit has exactly one output row.
    check_unit_ids(d);

    result r;
    r.model = mp;
    r.unit_ids = d.unit_ids;
    r.n_units = d.unit_count();
    r.n_nodes = m.nodes.size();
    r.scores.assign(r.n_units * r.n_nodes, NAN);
    r.coverage.assign(r.n_units * r.n_nodes, NAN);
    derived.append_records(m, r.treatments);  // undefined derived cells (division by zero), audited

    if (needs_whole_data(m) && ((has_treatment(m) && f.treatment.size() != m.indicators.size())))
        throw fitted_error("the fitted state has no data treatment, which this model needs (fit it on the whole data set with fit, not partial_fit)");
    if (has_whole_column_rules(m) && f.normalisers.size() != m.indicators.size())
        throw fitted_error("the fitted state has no whole-column normaliser statistics (rank, percentile_rank, vector, sum, max, "
                           "distance_to_best), which this model needs (fit it on the whole data set with fit, not partial_fit)");
    dataset treated;
    const bool treat = has_treatment(m);
    if (treat) treated = apply_treatment(m, f.treatment, d, &r.treatments);
    scorer s(m, f, treat ? treated : d, r);
    s.run(n_threads, nullptr);
    s.display();

    // A root that rests on no data at all (coverage 0) is not a score, even where a "zero" policy
    // filled in points: such a unit is unscored, so it cannot be ranked or graded on nothing.
    for (std::size_t u = 0; u < r.n_units; ++u) {
        if (r.coverage[u] == 0.0) r.scores[u] = NAN;
    }
    std::vector<double> root(r.scores.begin(), r.scores.begin() + static_cast<std::ptrdiff_t>(r.n_units));
    r.rank = methods::competition_ranks(root);
    r.status.resize(r.n_units);
    r.grade.resize(r.n_units);
    for (std::size_t u = 0; u < r.n_units; ++u) {
        const double c = r.coverage[u];
        if (std::isnan(root[u])) r.status[u] = unit_status::unscored;
        else if (c < 1.0 - 1e-12) r.status[u] = unit_status::partial;
        else r.status[u] = unit_status::ok;
        r.grade[u] = m.grade_of(root[u]);
    }
    // Effective weights from the weights actually used (learned ones included), root down.
    r.local_weights.assign(m.nodes.size(), 1.0);
    std::vector<double> effective(m.nodes.size(), 1.0);
    for (std::size_t n = 0; n < m.nodes.size(); ++n) {  // pre-order: parents before children
        const node& nd = m.nodes[n];
        if (nd.is_indicator) continue;
        const auto& w = s.weights()[n];
        double sum = 0;
        for (double x : w) sum += x;
        for (std::size_t i = 0; i < nd.children.size(); ++i) {
            const auto c = static_cast<std::size_t>(nd.children[i]);
            r.local_weights[c] = sum > 0 ? w[i] / sum : 0.0;
            effective[c] = effective[n] * r.local_weights[c];
        }
    }
    for (int i : m.indicators) r.effective_weights.push_back(effective[static_cast<std::size_t>(i)]);
    r.node_report = node_report_json(m, f, r.local_weights);
    r.mcda = s.mcda().report_json(r);  // VIKOR S/R/Q and compromise set, fuzzy B (score_mcda.cpp)
    r.model_sha256 = m.sha256;
    r.fitted_sha256 = f.sha256();
    r.library_version = version_string();
    attach_rollup(r, d);  // streets, districts (civiscore/rollup.hpp); nothing without a units section
    return r;
}

bool needs_whole_data(const model& m) noexcept {
    if (has_treatment(m) || has_whole_column_rules(m)) return true;
    for (const node& n : m.nodes)
        if (!n.is_indicator && (learns_weights(n) || mcda_learns(n))) return true;
    return false;
}

void learn_node_weights(const model& m, fitted& f, const dataset& treated, int n_threads) {
    result r;
    r.n_units = treated.unit_count();
    r.n_nodes = m.nodes.size();
    r.scores.assign(r.n_units * r.n_nodes, NAN);
    r.coverage.assign(r.n_units * r.n_nodes, NAN);
    f.node_weights.clear();
    f.node_mcda.clear();
    scorer s(m, f, treated, r);
    s.run(n_threads, &f);
}

void scorer::learn(int n, fitted& f) {
    const node& nd = m_.nodes[static_cast<std::size_t>(n)];
    const std::size_t k = nd.children.size();
    // Complete rows of the children's scores over the fitted data.
    std::vector<std::size_t> rows;
    for (std::size_t u = 0; u < n_units_; ++u) {
        bool complete = true;
        for (int c : nd.children) complete = complete && !std::isnan(value(c, 0)[u]);
        if (complete) rows.push_back(u);
    }
    const std::string where = "node '" + nd.id + "' (" + nd.pointer + "/weights)";
    if (rows.size() < 2)
        throw fitted_error(where + ": learning weights needs at least 2 units with every child scored, the data has " +
                           std::to_string(rows.size()));
    Eigen::MatrixXd X(static_cast<Index>(rows.size()), static_cast<Index>(k));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < k; ++j) X(static_cast<Index>(i), static_cast<Index>(j)) = value(nd.children[j], 0)[rows[i]];
    learned_weights lw;
    lw.node_id = nd.id;
    lw.rows = static_cast<std::int64_t>(rows.size());
    auto part = [&](const weight_spec& sp) -> Eigen::VectorXd {
        if (sp.kind != weighting::learned) {
            Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(sp.fixed.data(), static_cast<Index>(sp.fixed.size()));
            return v / v.sum();
        }
        return methods::weights(sp.learned, X, {}, sp.options);
    };
    try {
        const weight_spec& sp = nd.weights;
        Eigen::VectorXd w;
        if (sp.kind == weighting::combined) {
            const Eigen::VectorXd a = part(*sp.subjective), b = part(*sp.objective);
            lw.method = "combined/" + sp.rule;
            if (sp.rule == "multiplicative") {
                w = methods::combine_multiplicative(a, b);
            } else if (sp.rule == "game_theory") {
                auto g = methods::combine_game_theory({a, b});
                w = g.weights;
                lw.alpha.assign(g.alpha.data(), g.alpha.data() + g.alpha.size());
            } else {
                w = methods::combine_linear(a, b, sp.alpha);
                lw.alpha = {sp.alpha, 1 - sp.alpha};
            }
        } else {
            lw.method = methods::weighting_name(sp.learned);
            w = part(sp);
        }
        lw.weights.assign(w.data(), w.data() + w.size());
    } catch (const error& e) {
        throw fitted_error(where + ": " + e.what());
    }
    f.node_weights.push_back(std::move(lw));
}

result score(const model_ptr& m, const dataset& d, int n_threads) {
    return score(m, fit(*m, d, n_threads), d, n_threads);
}

}  // namespace v0
}  // namespace civiscore
