// Entropy weights of every indicator below a group, each from its own column (k = 1/ln n_j over its
// n_j non-missing values, 0·ln 0 = 0), optionally combined with fixed (expert) weights; a group's
// weight is then the sum of its indicators' weights. This is the common "indicator weights propagated
// up as sums" scheme of composite indices, which per-group weights learned from complete rows of the
// children's scores cannot express.
#include "engine/indicator_weights.hpp"

#include <civiscore/error.hpp>
#include <civiscore/methods/weights.hpp>

#include <Eigen/Core>

#include <cmath>
#include <string>

namespace civiscore {
inline namespace v0 {

int indicator_weights_owner(const model& m, int n) {
    for (int a = n; a >= 0; a = m.nodes[static_cast<std::size_t>(a)].parent) {
        const node& nd = m.nodes[static_cast<std::size_t>(a)];
        if (!nd.is_indicator && nd.weights.over_indicators) return a;
    }
    return -1;
}

std::vector<int> indicators_below(const model& m, int n) {
    std::vector<int> out;
    std::vector<int> stack{n};
    while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        const node& nd = m.nodes[static_cast<std::size_t>(c)];
        if (nd.is_indicator) out.push_back(c);
        else stack.insert(stack.end(), nd.children.rbegin(), nd.children.rend());
    }
    return out;
}

std::size_t entropy_sums::add(const double* x, std::size_t len) {
    const entropy_terms e = entropy_terms_of(x, len, nullptr);
    if (e.negative)
        for (std::size_t u = 0; u < len; ++u)
            if (x[u] < 0) return u;
    merge(e);
    return len;
}

bool entropy_sums::add_min_max(const double* x, std::size_t len, const min_max_map& map) {
    const entropy_terms e = entropy_terms_of(x, len, &map);
    if (e.negative) return false;
    merge(e);
    return true;
}

void entropy_sums::merge(const entropy_terms& e) noexcept {
    s += (e.sum[0] + e.sum[1]) + (e.sum[2] + e.sum[3]);
    n += (e.count[0] + e.count[1]) + (e.count[2] + e.count[3]);
    t += e.t;  // the logarithms are the cost (util/xlogx.hpp)
}

namespace {

// 1 − E of one indicator: E = −Σ p ln p / ln n with p = x/S over its n present values, written as
// E = −(T/S − ln S)/ln n so each column is read once. A column of zeros carries no information (E = 1).
double entropy_divergence(const entropy_sums& e, const node& owner, const node& ind) {
    if (e.n < 2)
        throw fitted_error("node '" + owner.id + "' (" + owner.pointer + "/weights): indicator '" + ind.id + "' has " +
                           std::to_string(e.n) + " values, and entropy weights need at least 2");
    if (e.s == 0) return 0.0;
    return 1.0 + (e.t / e.s - std::log(e.s)) / std::log(static_cast<double>(e.n));
}

}  // namespace

learned_weights learn_over_indicators(const model& m, int n, const std::vector<entropy_sums>& sums, std::size_t n_units) {
    const node& nd = m.nodes[static_cast<std::size_t>(n)];
    const weight_spec& sp = nd.weights;
    const std::vector<int> inds = indicators_below(m, n);
    const auto k = static_cast<Eigen::Index>(inds.size());
    Eigen::VectorXd d(k);
    for (std::size_t i = 0; i < inds.size(); ++i)
        d[static_cast<Eigen::Index>(i)] =
            entropy_divergence(sums[static_cast<std::size_t>(inds[i])], nd, m.nodes[static_cast<std::size_t>(inds[i])]);
    const std::string where = "node '" + nd.id + "' (" + nd.pointer + "/weights)";
    if (!(d.sum() > 0)) throw fitted_error(where + ": every indicator below is constant, so entropy weights are undefined");
    const Eigen::VectorXd e = d / d.sum();

    learned_weights lw;
    lw.node_id = nd.id;
    lw.rows = static_cast<std::int64_t>(n_units);
    Eigen::VectorXd w = e;
    try {
        if (sp.kind == weighting::combined) {
            const auto& fx = sp.subjective->fixed;
            if (fx.size() != inds.size()) throw fitted_error(where + ": the subjective weights must be fixed, one per indicator");
            Eigen::VectorXd a = Eigen::Map<const Eigen::VectorXd>(fx.data(), k);
            a /= a.sum();
            lw.method = "combined/" + sp.rule + " over indicators";
            if (sp.rule == "multiplicative") {
                w = methods::combine_multiplicative(a, e);
            } else if (sp.rule == "game_theory") {
                auto g = methods::combine_game_theory({a, e});
                w = g.weights;
                lw.alpha.assign(g.alpha.data(), g.alpha.data() + g.alpha.size());
            } else {
                w = methods::combine_linear(a, e, sp.alpha);
                lw.alpha = {sp.alpha, 1 - sp.alpha};
            }
        } else {
            lw.method = "entropy over indicators";
        }
    } catch (const fitted_error&) {
        throw;
    } catch (const error& err) {
        throw fitted_error(where + ": " + err.what());
    }
    lw.weights.assign(w.data(), w.data() + w.size());
    return lw;
}

std::vector<double> child_weights_over_indicators(const model& m, const fitted& f, int n, int owner) {
    const node& on = m.nodes[static_cast<std::size_t>(owner)];
    const learned_weights* lw = nullptr;
    for (const auto& x : f.node_weights)
        if (x.node_id == on.id) lw = &x;
    const std::vector<int> inds = indicators_below(m, owner);
    if (!lw || lw->weights.size() != inds.size())
        throw fitted_error("/node_weights/" + on.id + ": required (node '" + on.id + "' learns its indicators' weights in fit)");
    // Position of each indicator among the owner's (both lists are in model order).
    std::vector<double> by_node(m.nodes.size(), 0.0);
    for (std::size_t i = 0; i < inds.size(); ++i) by_node[static_cast<std::size_t>(inds[i])] = lw->weights[i];
    std::vector<double> w;
    for (int c : m.nodes[static_cast<std::size_t>(n)].children) {
        double s = 0;
        for (int i : indicators_below(m, c)) s += by_node[static_cast<std::size_t>(i)];
        w.push_back(s);
    }
    // Every indicator below `n` constant: `n` weighs 0 in its parent, and equal weights here keep its
    // own score defined (the constant columns' midpoints) rather than 0/0.
    double total = 0;
    for (double x : w) total += x;
    if (total == 0) w.assign(w.size(), 1.0);
    return w;
}

}  // namespace v0
}  // namespace civiscore
