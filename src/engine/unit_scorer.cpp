// Single-unit scoring: the same arithmetic as score.cpp's score_indicator and aggregate (arithmetic
// branch), in the same order, on one unit — so results equal batch scoring exactly.
#include "engine/unit_scorer.hpp"

#include <civiscore/error.hpp>

#include "engine/learn.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>

namespace civiscore {
inline namespace v0 {

namespace {

[[noreturn]] void refuse(const node& n, const std::string& why) {
    throw invalid_argument_error("single-unit scoring: node '" + n.id + "' (" + n.pointer + "): " + why +
                                 "; score such a model in batch (civiscore_score)");
}

}  // namespace

unit_scorer::unit_scorer(model_ptr mp, const fitted& f) : m_(std::move(mp)) {
    const model& m = *m_;
    if (f.model_sha256 != m.sha256)
        throw fitted_error("the fitted state was made for model " + f.model_sha256 + ", not for this model (" + m.sha256 + ")");
    if (f.stats.size() != m.indicators.size()) throw fitted_error("the fitted state does not match the model's indicators");
    if (!m.derived.empty()) refuse(m.nodes[0], "the model derives columns from its input, which single-unit scoring does not");
    std::vector<std::size_t> slot(m.nodes.size(), 0);
    for (std::size_t i = 0; i < m.indicators.size(); ++i) slot[static_cast<std::size_t>(m.indicators[i])] = i;
    for (int n : m.post_order) {
        const node& nd = m.nodes[static_cast<std::size_t>(n)];
        if (nd.is_indicator) {
            if (nd.treatment.any()) refuse(nd, "data treatment (denominator, imputation, outliers) is learned over whole columns");
            const auto kind = nd.rule.kind;
            if (kind == methods::rule_kind::normalise || kind == methods::rule_kind::deduction)
                refuse(nd, "its rule is not a per-value rule (min_max, z_score, goalposts, target, binary, tiers)");
            indicator_step s{n, 0, slot[static_cast<std::size_t>(n)]};
            for (std::size_t c = 0; c < m.input_columns.size(); ++c)
                if (m.input_columns[c] == nd.columns.front()) s.input = c;
            const auto& st = f.stats[s.slot];
            const auto p = f.params(s.slot);
            if (kind == methods::rule_kind::min_max) {
                s.p1 = p.min;
                s.p2 = p.max;
            } else if (kind == methods::rule_kind::z_score) {
                s.p1 = p.mean;
                s.p2 = nd.rule.population_sd ? (st.count > 0 ? std::sqrt(st.m2 / static_cast<double>(st.count)) : 0.0) : p.sd;
            }
            s.no_fit_values = (kind == methods::rule_kind::min_max || kind == methods::rule_kind::z_score) && st.count == 0;
            indicators_.push_back(s);
            continue;
        }
        if (nd.mcda.active()) refuse(nd, "an MCDA aggregation compares units with each other");
        if (nd.agg != node_aggregation::arithmetic) refuse(nd, "only the arithmetic mean is supported");
        const auto w = child_weights(m, f, n);
        groups_.push_back({n, children_.size(), nd.children.size()});
        children_.insert(children_.end(), nd.children.begin(), nd.children.end());
        weights_.insert(weights_.end(), w.begin(), w.end());
    }
}

void unit_scorer::score(const double* values, double* scores, double* coverage, unit_status& status, int& grade) const {
    const model& m = *m_;
    const double lo = m.scale_lo, span = m.scale_hi - m.scale_lo;
    for (const auto& s : indicators_) {
        const node& nd = m.nodes[static_cast<std::size_t>(s.node)];
        const methods::rule& rule = nd.rule;
        const double x = values[s.input];
        if (s.no_fit_values && !std::isnan(x))
            throw data_error("indicator '" + nd.id + "': the fitted state saw no values of this indicator, so it cannot scale this one");
        double v = NAN;
        Eigen::Map<const Eigen::ArrayXd> in(&x, 1);
        Eigen::Map<Eigen::ArrayXd> out(&v, 1);
        switch (rule.kind) {
            case methods::rule_kind::min_max: methods::min_max(in, s.p1, s.p2, rule.range_lo, rule.range_hi, rule.dir, out); break;
            case methods::rule_kind::z_score: methods::z_score(in, s.p1, s.p2, rule.mean, rule.sd, rule.dir, out); break;
            case methods::rule_kind::goalposts: methods::goalposts(in, rule.worst, rule.best, out); break;
            case methods::rule_kind::target: methods::target_ratio(in, rule.target, rule.dir, out); break;
            case methods::rule_kind::binary: methods::binary(in, rule.dir, out); break;
            case methods::rule_kind::tiers: methods::tiered(in, rule.tiers, rule.dir, out); break;
            case methods::rule_kind::normalise:
            case methods::rule_kind::deduction: break;  // refused when built
        }
        const bool fraction = methods::yields_fraction(rule);
        if (fraction) v = lo + v * span;
        double c = 1.0;
        if (std::isnan(v)) {
            switch (nd.missing) {
                case missing_policy::skip: c = 0.0; break;
                case missing_policy::zero:
                    v = fraction ? lo : methods::lowest_output(rule);
                    c = 0.0;
                    break;
                case missing_policy::not_applicable: c = NAN; break;
                case missing_policy::error:
                    throw data_error("indicator '" + nd.id + "': value missing, and the model's missing policy for it is \"error\"");
            }
        }
        scores[s.node] = v;
        coverage[s.node] = c;
    }
    for (const auto& g : groups_) {
        const node& nd = m.nodes[static_cast<std::size_t>(g.node)];
        double applicable = 0, covered = 0, num = 0, den = 0;
        std::size_t present = 0;
        for (std::size_t i = 0; i < g.count; ++i) {
            const auto child = static_cast<std::size_t>(children_[g.first + i]);
            const double w = weights_[g.first + i];
            const double c = coverage[child];
            if (std::isnan(c)) continue;
            applicable += w;
            const double v = scores[child];
            if (std::isnan(v)) continue;
            covered += w * c;
            num += w * v;
            den += w;
            ++present;
        }
        double out = NAN, cov = NAN;
        if (applicable != 0) {
            cov = covered / applicable;
            if (present > 0) out = num / den;
            if (cov < nd.min_coverage - 1e-12) out = NAN;
        }
        scores[g.node] = out;
        coverage[g.node] = cov;
    }
    if (m.display == score_display::points)
        for (std::size_t n = 0; n < m.nodes.size(); ++n) scores[n] = m.display_score(static_cast<int>(n), scores[n]);
    if (coverage[0] == 0.0) scores[0] = NAN;
    const double root = scores[0];
    if (std::isnan(root)) status = unit_status::unscored;
    else if (coverage[0] < 1.0 - 1e-12) status = unit_status::partial;
    else status = unit_status::ok;
    grade = m.grade_of(root);
}

}  // namespace v0
}  // namespace civiscore
