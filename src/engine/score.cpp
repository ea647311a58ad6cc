// Scoring: units are walked in fixed blocks through every node in post-order, so a block of values
// stays in cache and the result never depends on the thread count.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/methods/rank.hpp>
#include <civiscore/version.hpp>

#include "util/parallel.hpp"

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
        : m_(m), f_(f), d_(d), r_(r), n_units_(d.unit_count()) {
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

    void score_block(std::size_t b) {
        const std::size_t begin = b * block_size;
        const std::size_t len = std::min(block_size, n_units_ - begin);
        for (int n : m_.post_order) {
            if (m_.nodes[static_cast<std::size_t>(n)].is_indicator) score_indicator(n, begin, len);
            else aggregate(n, begin, len);
        }
        // Internal values are on the scale (or the rule's range); report them as the model asks.
        if (m_.display == score_display::points) {
            for (std::size_t n = 0; n < m_.nodes.size(); ++n) {
                double* v = value(static_cast<int>(n), begin);
                for (std::size_t k = 0; k < len; ++k) v[k] = m_.display_score(static_cast<int>(n), v[k]);
            }
        }
    }

private:
    const model& m_;
    const fitted& f_;
    const dataset& d_;
    result& r_;
    std::size_t n_units_;
    std::vector<std::vector<const double*>> columns_;  // per node: the data columns an indicator reads
    std::vector<int> slot_;                            // per node: its position among the indicators

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
                    methods::z_score(x, p.mean, p.sd, rule.mean, rule.sd, rule.dir, out);
                break;
            }
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
        double* out = value(n, begin);
        double* cov = cover(n, begin);
        const std::size_t n_children = nd.children.size();
        std::vector<const double*> cv(n_children), cc(n_children);
        std::vector<double> w(n_children);
        for (std::size_t i = 0; i < n_children; ++i) {
            cv[i] = value(nd.children[i], begin);
            cc[i] = cover(nd.children[i], begin);
            w[i] = m_.nodes[static_cast<std::size_t>(nd.children[i])].weight;
        }
        std::vector<double> xs(n_children), ws(n_children);
        const bool arithmetic = nd.aggregation == methods::aggregation::arithmetic;
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

result score(const model_ptr& mp, const fitted& f, const dataset& d, int n_threads) {
    const model& m = *mp;
    if (f.model_sha256 != m.sha256)
        throw fitted_error("the fitted state was made for model " + f.model_sha256 + ", not for this model (" + m.sha256 + ")");
    if (f.stats.size() != m.indicators.size()) throw fitted_error("the fitted state does not match the model's indicators");

    result r;
    r.model = mp;
    r.unit_ids = d.unit_ids;
    r.n_units = d.unit_count();
    r.n_nodes = m.nodes.size();
    r.scores.assign(r.n_units * r.n_nodes, NAN);
    r.coverage.assign(r.n_units * r.n_nodes, NAN);

    scorer s(m, f, d, r);
    const std::size_t n_blocks = (r.n_units + block_size - 1) / block_size;
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) { s.score_block(b); });

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
    for (int i : m.indicators) r.effective_weights.push_back(m.nodes[static_cast<std::size_t>(i)].effective_weight);
    r.model_sha256 = m.sha256;
    r.fitted_sha256 = f.sha256();
    r.library_version = version_string();
    return r;
}

result score(const model_ptr& m, const dataset& d, int n_threads) {
    return score(m, fit(*m, d, n_threads), d, n_threads);
}

}  // namespace v0
}  // namespace civiscore
