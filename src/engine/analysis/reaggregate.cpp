#include "engine/analysis/reaggregate.hpp"

#include <civiscore/methods/rank.hpp>

#include <algorithm>
#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace analysis {

std::unique_ptr<reaggregator> reaggregator::make(const model& m, const result& nominal) {
    if (m.display != score_display::scale) return nullptr;
    for (const node& nd : m.nodes)
        if (!nd.is_indicator && nd.agg != node_aggregation::arithmetic) return nullptr;
    auto r = std::unique_ptr<reaggregator>(new reaggregator());
    r->n_units_ = nominal.n_units;
    r->slot_.assign(m.nodes.size(), -1);
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
        const auto n = static_cast<std::size_t>(m.indicators[i]);
        r->slot_[n] = static_cast<int>(i);
        const auto from = nominal.scores.begin() + static_cast<std::ptrdiff_t>(n * nominal.n_units);
        const auto cfrom = nominal.coverage.begin() + static_cast<std::ptrdiff_t>(n * nominal.n_units);
        r->values_.insert(r->values_.end(), from, from + static_cast<std::ptrdiff_t>(nominal.n_units));
        r->coverage_.insert(r->coverage_.end(), cfrom, cfrom + static_cast<std::ptrdiff_t>(nominal.n_units));
    }
    int g = 0;
    for (int n : m.post_order) {
        if (m.nodes[static_cast<std::size_t>(n)].is_indicator) continue;
        r->groups_.push_back(n);
        r->slot_[static_cast<std::size_t>(n)] = g++;
    }
    // The guard: with its own weights it must give the engine's nominal scores.
    const evaluation check = r->run(m);
    for (std::size_t u = 0; u < nominal.n_units; ++u) {
        const double a = check.root[u], b = nominal.scores[u];
        if (std::isnan(a) != std::isnan(b)) return nullptr;
        if (!std::isnan(a) && std::abs(a - b) > 1e-9 * std::max(1.0, std::abs(b))) return nullptr;
    }
    return r;
}

evaluation reaggregator::run(const model& m) const {
    constexpr std::size_t block = 1024;
    const std::size_t n_groups = groups_.size();
    std::vector<std::vector<double>> weights(n_groups);
    for (std::size_t g = 0; g < n_groups; ++g)
        for (int c : m.nodes[static_cast<std::size_t>(groups_[g])].children) weights[g].push_back(m.nodes[static_cast<std::size_t>(c)].weight);
    std::vector<double> val(n_groups * block), cov(n_groups * block);
    evaluation e;
    e.root.assign(n_units_, NAN);
    std::vector<const double*> cv, cc;
    for (std::size_t begin = 0; begin < n_units_; begin += block) {
        const std::size_t len = std::min(block, n_units_ - begin);
        for (std::size_t g = 0; g < n_groups; ++g) {
            const node& nd = m.nodes[static_cast<std::size_t>(groups_[g])];
            cv.clear();
            cc.clear();
            for (int c : nd.children) {
                const node& child = m.nodes[static_cast<std::size_t>(c)];
                const auto s = static_cast<std::size_t>(slot_[static_cast<std::size_t>(c)]);
                if (child.is_indicator) {
                    cv.push_back(values_.data() + s * n_units_ + begin);
                    cc.push_back(coverage_.data() + s * n_units_ + begin);
                } else {
                    cv.push_back(val.data() + s * block);
                    cc.push_back(cov.data() + s * block);
                }
            }
            const std::vector<double>& w = weights[g];
            double* out = val.data() + g * block;
            double* oc = cov.data() + g * block;
            // The engine's arithmetic branch (score.cpp), in the same order of operations.
            for (std::size_t k = 0; k < len; ++k) {
                double applicable = 0, covered = 0, num = 0, den = 0;
                std::size_t present = 0;
                for (std::size_t i = 0; i < w.size(); ++i) {
                    const double c = cc[i][k];
                    if (std::isnan(c)) continue;
                    applicable += w[i];
                    const double v = cv[i][k];
                    if (std::isnan(v)) continue;
                    covered += w[i] * c;
                    num += w[i] * v;
                    den += w[i];
                    ++present;
                }
                if (applicable == 0) {
                    out[k] = NAN;
                    oc[k] = NAN;
                    continue;
                }
                oc[k] = covered / applicable;
                out[k] = present == 0 ? NAN : num / den;
                if (oc[k] < nd.min_coverage - 1e-12) out[k] = NAN;
            }
        }
        const std::size_t root = static_cast<std::size_t>(slot_[0]) * block;  // node 0 is the root
        for (std::size_t k = 0; k < len; ++k)
            e.root[begin + k] = cov[root + k] == 0.0 ? NAN : val[root + k];  // no data at all: unscored
    }
    e.rank = methods::competition_ranks(e.root);
    e.grade.resize(n_units_);
    for (std::size_t u = 0; u < n_units_; ++u) e.grade[u] = m.grade_of(e.root[u]);
    return e;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
