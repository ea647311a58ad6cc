// Objective and combined weights; formulas in weights.hpp, sources in docs/methods.md.
#include <civiscore/methods/weights.hpp>

#include <civiscore/methods/normalise.hpp>

#include "methods/matrix_checks.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::cell;
using detail::fail;

struct named {
    const char* name;
    weighting value;
};
constexpr std::array<named, 8> names{{{"equal", weighting::equal},
                                      {"entropy", weighting::entropy},
                                      {"critic", weighting::critic},
                                      {"standard_deviation", weighting::standard_deviation},
                                      {"coefficient_of_variation", weighting::coefficient_of_variation},
                                      {"merec", weighting::merec},
                                      {"gini", weighting::gini},
                                      {"pca", weighting::pca}}};

// d / sum d, or an error when every criterion carries no information.
Eigen::VectorXd share(const Eigen::VectorXd& d, const char* method) {
    const double sum = d.sum();
    if (!(sum > 0.0) || !std::isfinite(sum)) {
        fail(std::string(method) + ": every criterion has zero information (constant columns?); "
                                   "no weights can be learned");
    }
    return d / sum;
}

void prepare(const char* method, const Eigen::MatrixXd& X, Eigen::Index min_rows) {
    detail::check_shape(method, X, min_rows);
    detail::check_complete(method, X);
}

double column_sd(const Eigen::Ref<const Eigen::VectorXd>& c) {
    const double mean = c.mean();
    return std::sqrt((c.array() - mean).square().sum() / static_cast<double>(c.size() - 1));
}

// Pearson correlation; a constant column correlates 0 with everything (documented in the header).
double pearson(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b) {
    const Eigen::ArrayXd da = a.array() - a.mean();
    const Eigen::ArrayXd db = b.array() - b.mean();
    const double den = std::sqrt(da.square().sum() * db.square().sum());
    if (!(den > 0.0)) return 0.0;
    return (da * db).sum() / den;
}

}  // namespace

weighting weighting_from_name(std::string_view name) {
    for (const auto& n : names) {
        if (name == n.name) return n.value;
    }
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + std::string(n.name);
    fail("unknown weighting method '" + std::string(name) + "' (known: " + known +
         ", combined_linear, combined_multiplicative, combined_game_theory)");
}

const char* weighting_name(weighting w) noexcept {
    for (const auto& e : names) {
        if (e.value == w) return e.name;
    }
    return "?";
}

Eigen::VectorXd equal_weights(Eigen::Index n) {
    if (n < 1) fail("equal: no criteria");
    return Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
}

Eigen::VectorXd entropy_weights(const Eigen::MatrixXd& X) {
    prepare("entropy", X, 2);
    const Eigen::Index m = X.rows(), n = X.cols();
    const double k = 1.0 / std::log(static_cast<double>(m));
    Eigen::VectorXd d(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        double sum = 0.0;
        for (Eigen::Index i = 0; i < m; ++i) {
            if (X(i, j) < 0.0) fail("entropy: negative value at " + cell(i, j) + " (normalise first)");
            sum += X(i, j);
        }
        if (!(sum > 0.0)) fail("entropy: column " + std::to_string(j) + " sums to 0");
        double e = 0.0;
        for (Eigen::Index i = 0; i < m; ++i) {
            const double p = X(i, j) / sum;
            if (p > 0.0) e -= p * std::log(p);  // 0 ln 0 = 0
        }
        d(j) = 1.0 - k * e;
    }
    return share(d, "entropy");
}

Eigen::VectorXd critic_weights(const Eigen::MatrixXd& X, const std::vector<int>& types,
                               correlation corr, bool minmax_scale_first) {
    prepare("critic", X, 2);
    const auto t = detail::check_types("critic", types, X.cols());
    const Eigen::Index n = X.cols();
    Eigen::MatrixXd Z = X;
    if (minmax_scale_first) Z = normalise(normaliser::min_max, X, t);
    // Correlations on ranks for Spearman (Pearson of average ranks), on values for Pearson.
    Eigen::MatrixXd C = Z;
    if (corr == correlation::spearman) {
        for (Eigen::Index j = 0; j < n; ++j) C.col(j) = ascending_ranks(Z.col(j), rank_ties::average);
    }
    Eigen::VectorXd info(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        double conflict = 0.0;
        for (Eigen::Index k = 0; k < n; ++k) conflict += 1.0 - (k == j ? 1.0 : pearson(C.col(j), C.col(k)));
        info(j) = column_sd(Z.col(j)) * conflict;
    }
    return share(info, "critic");
}

Eigen::VectorXd standard_deviation_weights(const Eigen::MatrixXd& X) {
    prepare("standard_deviation", X, 2);
    Eigen::VectorXd sd(X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) sd(j) = column_sd(X.col(j));
    return share(sd, "standard_deviation");
}

Eigen::VectorXd coefficient_of_variation_weights(const Eigen::MatrixXd& X) {
    prepare("coefficient_of_variation", X, 2);
    Eigen::VectorXd cv(X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double mean = X.col(j).mean();
        if (mean == 0.0) fail("coefficient_of_variation: column " + std::to_string(j) + " has mean 0");
        cv(j) = column_sd(X.col(j)) / std::abs(mean);
    }
    return share(cv, "coefficient_of_variation");
}

Eigen::VectorXd merec_weights(const Eigen::MatrixXd& X, const std::vector<int>& types) {
    prepare("merec", X, 1);
    const auto t = detail::check_types("merec", types, X.cols());
    const Eigen::Index m = X.rows(), n = X.cols();
    Eigen::MatrixXd L(m, n);  // |ln n_ij|
    for (Eigen::Index j = 0; j < n; ++j) {
        for (Eigen::Index i = 0; i < m; ++i) {
            if (!(X(i, j) > 0.0)) fail("merec: value at " + cell(i, j) + " must be > 0");
        }
        const double mn = X.col(j).minCoeff(), mx = X.col(j).maxCoeff();
        for (Eigen::Index i = 0; i < m; ++i) {
            // Benefit n = min / x, cost n = x / max: the best unit gets the smallest n.
            const double v = t[static_cast<std::size_t>(j)] > 0 ? mn / X(i, j) : X(i, j) / mx;
            L(i, j) = std::abs(std::log(v));
        }
    }
    const double nn = static_cast<double>(n);
    Eigen::VectorXd E = Eigen::VectorXd::Zero(n);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double total = L.row(i).sum();
        const double S = std::log(1.0 + total / nn);
        for (Eigen::Index j = 0; j < n; ++j) E(j) += std::abs(std::log(1.0 + (total - L(i, j)) / nn) - S);
    }
    return share(E, "merec");
}

Eigen::VectorXd gini_weights(const Eigen::MatrixXd& X) {
    prepare("gini", X, 2);
    const Eigen::Index m = X.rows();
    const double mm = static_cast<double>(m);
    Eigen::VectorXd g(X.cols());
    for (Eigen::Index j = 0; j < X.cols(); ++j) {
        const double mean = X.col(j).mean();
        if (!(mean > 0.0)) fail("gini: column " + std::to_string(j) + " must have a positive mean");
        double diff = 0.0;
        for (Eigen::Index a = 0; a < m; ++a) {
            for (Eigen::Index b = 0; b < m; ++b) diff += std::abs(X(a, j) - X(b, j));
        }
        g(j) = diff / (2.0 * mm * mm * mean);
    }
    return share(g, "gini");
}

pca_weights_result pca_weights(const Eigen::MatrixXd& X, const weights_options& o) {
    prepare("pca", X, 3);
    const Eigen::Index m = X.rows(), n = X.cols();
    // Correlation matrix (PCA on standardised indicators, as the OECD/JRC handbook).
    Eigen::MatrixXd Z(m, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double sd = column_sd(X.col(j));
        if (!(sd > 0.0)) fail("pca: column " + std::to_string(j) + " is constant");
        Z.col(j) = (X.col(j).array() - X.col(j).mean()) / sd;
    }
    const Eigen::MatrixXd R = (Z.transpose() * Z) / static_cast<double>(m - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(R);
    if (es.info() != Eigen::Success) fail("pca: eigen decomposition failed");
    // Eigen sorts ascending; reverse to descending.
    pca_weights_result r;
    r.eigenvalues = es.eigenvalues().reverse();
    const Eigen::MatrixXd V = es.eigenvectors().rowwise().reverse();
    int k = 0;
    switch (o.retain) {
    case pca_retain::kaiser:
        while (k < n && r.eigenvalues(k) > 1.0) ++k;
        if (k == 0) k = 1;  // the first component always carries the most variance
        break;
    case pca_retain::variance: {
        if (!(o.variance_threshold > 0.0 && o.variance_threshold <= 1.0)) {
            fail("pca: variance_threshold must be in (0, 1]");
        }
        const double total = r.eigenvalues.sum();
        double cum = 0.0;
        while (k < n) {
            cum += r.eigenvalues(k++);
            if (cum / total >= o.variance_threshold - 1e-12) break;
        }
        break;
    }
    case pca_retain::count:
        if (o.n_components < 1 || o.n_components > n) {
            fail("pca: n_components must be in 1.." + std::to_string(n));
        }
        k = o.n_components;
        break;
    }
    r.retained = k;
    r.loadings.resize(n, k);
    for (int c = 0; c < k; ++c) r.loadings.col(c) = V.col(c) * std::sqrt(std::max(0.0, r.eigenvalues(c)));
    // Squared loadings scaled to unity sum per component = squared eigenvector entries; component
    // weight = its share of the retained variance; each indicator takes the component where its
    // scaled squared loading is largest (OECD/JRC 2008 handbook, step 6).
    const double retained_var = r.eigenvalues.head(k).sum();
    Eigen::VectorXd w(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        double best = -1.0;
        int at = 0;
        for (int c = 0; c < k; ++c) {
            const double s = V(j, c) * V(j, c);
            if (s > best) {
                best = s;
                at = c;
            }
        }
        w(j) = best * r.eigenvalues(at) / retained_var;
    }
    r.weights = share(w, "pca");
    return r;
}

Eigen::VectorXd weights(weighting method, const Eigen::MatrixXd& X, const std::vector<int>& types,
                        const weights_options& o) {
    switch (method) {
    case weighting::equal:
        return equal_weights(X.cols());
    case weighting::entropy:
        return entropy_weights(X);
    case weighting::critic:
        return critic_weights(X, types, o.corr, o.minmax_scale_first);
    case weighting::standard_deviation:
        return standard_deviation_weights(X);
    case weighting::coefficient_of_variation:
        return coefficient_of_variation_weights(X);
    case weighting::merec:
        return merec_weights(X, types);
    case weighting::gini:
        return gini_weights(X);
    case weighting::pca:
        return pca_weights(X, o).weights;
    }
    fail("unknown weighting method");
}

namespace {
void check_same(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const char* method) {
    if (a.size() != b.size() || a.size() == 0) fail(std::string(method) + ": weight vectors differ in length");
    for (Eigen::Index j = 0; j < a.size(); ++j) {
        if (!(a(j) >= 0.0) || !(b(j) >= 0.0) || !std::isfinite(a(j)) || !std::isfinite(b(j))) {
            fail(std::string(method) + ": weight " + std::to_string(j) + " must be finite and >= 0");
        }
    }
}
}  // namespace

Eigen::VectorXd combine_linear(const Eigen::VectorXd& w1, const Eigen::VectorXd& w2, double alpha) {
    check_same(w1, w2, "combined_linear");
    if (!(alpha >= 0.0 && alpha <= 1.0)) fail("combined_linear: alpha must be in [0, 1]");
    return share(alpha * w1 + (1.0 - alpha) * w2, "combined_linear");
}

Eigen::VectorXd combine_multiplicative(const Eigen::VectorXd& w1, const Eigen::VectorXd& w2) {
    check_same(w1, w2, "combined_multiplicative");
    return share(w1.cwiseProduct(w2), "combined_multiplicative");
}

game_theory_result combine_game_theory(const std::vector<Eigen::VectorXd>& ws) {
    if (ws.size() < 2) fail("combined_game_theory: at least two weight vectors are needed");
    for (std::size_t k = 1; k < ws.size(); ++k) check_same(ws[0], ws[k], "combined_game_theory");
    const Eigen::Index K = static_cast<Eigen::Index>(ws.size());
    Eigen::MatrixXd G(K, K);
    Eigen::VectorXd b(K);
    for (Eigen::Index i = 0; i < K; ++i) {
        for (Eigen::Index k = 0; k < K; ++k) G(i, k) = ws[i].dot(ws[k]);
        b(i) = G(i, i);
    }
    // Minimum-norm solution, so identical vectors (singular G) share alpha equally.
    const Eigen::VectorXd a = G.completeOrthogonalDecomposition().solve(b);
    game_theory_result r;
    r.alpha = a.cwiseAbs();
    r.alpha /= r.alpha.sum();
    Eigen::VectorXd w = Eigen::VectorXd::Zero(ws[0].size());
    for (Eigen::Index k = 0; k < K; ++k) w += r.alpha(k) * ws[k];
    r.weights = share(w, "combined_game_theory");
    return r;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
