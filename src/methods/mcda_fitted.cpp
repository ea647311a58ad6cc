// Learn/apply halves of the relative MCDA methods; formulas in mcda_fitted.hpp. The learn half calls
// the stand-alone methods (vikor, normalise) so both share one definition of S, R and the min-max.
#include <civiscore/methods/mcda_fitted.hpp>

#include <civiscore/methods/normalise.hpp>

#include "methods/matrix_checks.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

// The criteria present for this unit (not NaN) with a positive weight... or all present ones.
std::vector<Eigen::Index> present(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref,
                                  const char* method) {
    if (w.size() != x.size() || ref.best.size() != x.size())
        detail::fail(std::string(method) + ": " + std::to_string(x.size()) + " values for " +
                     std::to_string(ref.best.size()) + " fitted criteria and " + std::to_string(w.size()) + " weights");
    std::vector<Eigen::Index> out;
    for (Eigen::Index j = 0; j < x.size(); ++j)
        if (!std::isnan(x(j))) out.push_back(j);
    return out;
}

double weight_sum(const std::vector<Eigen::Index>& idx, const Eigen::VectorXd& w) {
    double s = 0;
    for (auto j : idx) s += w(j);
    return s;
}

double clamp_to(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }

}  // namespace

mcda_reference learn_mcda_reference(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) {
    detail::check_shape("mcda_reference", X, 1);
    detail::check_complete("mcda_reference", X);
    mcda_reference r;
    r.best = X.colwise().maxCoeff().transpose();
    r.worst = X.colwise().minCoeff().transpose();
    r.norm = X.colwise().stableNorm().transpose();  // scaled: denormal children keep a norm > 0
    const vikor_result v = vikor(X, w, {}, 0.5);
    r.s_best = v.S.minCoeff();
    r.s_worst = v.S.maxCoeff();
    r.r_best = v.R.minCoeff();
    r.r_worst = v.R.maxCoeff();
    // grey_relational's Delta = |1 - n| over the min-max fractions (constant column 0.5).
    const Eigen::MatrixXd D = (1.0 - normalise(normaliser::min_max, X, {}).array()).abs().matrix();
    r.delta_min = D.minCoeff();
    r.delta_max = D.maxCoeff();
    r.rows = X;
    return r;
}

double topsis_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref,
                     topsis_normalisation norm) {
    std::vector<Eigen::Index> idx;
    for (auto j : present(x, w, ref, "topsis")) {
        if (ref.best(j) > ref.worst(j) && w(j) > 0) idx.push_back(j);  // constant in the fit: no information
    }
    if (idx.empty()) return 0.5;
    const auto k = static_cast<Eigen::Index>(idx.size());
    Eigen::MatrixXd row(1, k);
    Eigen::VectorXd wk(k), ideal(k), anti(k);
    for (Eigen::Index i = 0; i < k; ++i) {
        const Eigen::Index j = idx[static_cast<std::size_t>(i)];
        const double span = ref.best(j) - ref.worst(j);
        row(0, i) = x(j);
        ideal(i) = ref.best(j);
        anti(i) = ref.worst(j);
        switch (norm) {
            case topsis_normalisation::min_max: wk(i) = w(j); break;
            case topsis_normalisation::vector: wk(i) = w(j) * span / ref.norm(j); break;  // norm > 0: not constant
            case topsis_normalisation::none: wk(i) = w(j) * span; break;
        }
    }
    return topsis_absolute(row, wk, ideal, anti).score(0);
}

vikor_point vikor_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref, double v) {
    const auto idx = present(x, w, ref, "vikor");
    const double sw = weight_sum(idx, w);
    vikor_point p;
    if (idx.empty() || !(sw > 0)) return {NAN, NAN, NAN};
    for (auto j : idx) {
        const double best = ref.best(j), worst = ref.worst(j);
        const double d = best == worst ? 0.0 : (w(j) / sw) * (best - clamp_to(x(j), worst, best)) / (best - worst);
        p.S += d;
        p.R = std::max(p.R, d);
    }
    const double qs = ref.s_worst > ref.s_best ? (p.S - ref.s_best) / (ref.s_worst - ref.s_best) : 0.0;
    const double qr = ref.r_worst > ref.r_best ? (p.R - ref.r_best) / (ref.r_worst - ref.r_best) : 0.0;
    p.Q = v * qs + (1.0 - v) * qr;
    return p;
}

double grey_relational_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref,
                              double rho) {
    const auto idx = present(x, w, ref, "grey_relational");
    const double sw = weight_sum(idx, w);
    if (idx.empty() || !(sw > 0)) return NAN;
    double grade = 0;
    for (auto j : idx) {
        const double best = ref.best(j), worst = ref.worst(j);
        const double n = best == worst ? 0.5 : clamp_to((x(j) - worst) / (best - worst), 0.0, 1.0);
        const double delta = std::abs(1.0 - n);
        const double xi = ref.delta_max > 0 ? (ref.delta_min + rho * ref.delta_max) / (delta + rho * ref.delta_max) : 1.0;
        grade += (w(j) / sw) * xi;
    }
    return grade;
}

double copeland_fitted(const Eigen::VectorXd& x, const Eigen::VectorXd& w, const mcda_reference& ref) {
    const auto idx = present(x, w, ref, "copeland");
    const double sw = weight_sum(idx, w);
    if (idx.empty() || !(sw > 0)) return NAN;
    constexpr double eps = 1e-12;  // as copeland(): rounding of weight sums is a tie
    double score = 0;
    for (Eigen::Index b = 0; b < ref.rows.rows(); ++b) {
        double o = 0;
        for (auto j : idx) {
            const double xa = x(j), xb = ref.rows(b, j);
            if (xa > xb) o += w(j) / sw;
            else if (xa == xb) o += 0.5 * w(j) / sw;
        }
        const double d = o - 0.5;
        score += d > eps ? 1.0 : (d < -eps ? -1.0 : 0.0);
    }
    return score;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
