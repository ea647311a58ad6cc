// MCDA ranking methods over a complete matrix; formulas and edge cases in mcda.hpp.
#include <civiscore/methods/mcda.hpp>

#include <civiscore/methods/normalise.hpp>
#include <civiscore/methods/rank.hpp>

#include "methods/matrix_checks.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::cell;
using detail::fail;

// Shape, completeness, types and weights for a ranking method; returns normalised weights.
Eigen::VectorXd prepare(const char* method, const Eigen::MatrixXd& X, const Eigen::VectorXd& w,
                        const std::vector<int>& types, std::vector<int>& t) {
    detail::check_shape(method, X, 1);
    detail::check_complete(method, X);
    t = detail::check_types(method, types, X.cols());
    return detail::check_weights(method, w, X.cols());
}

// Min-max fractions with the cost flip and the constant-column rule (0.5).
Eigen::MatrixXd min_max_fractions(const Eigen::MatrixXd& X, const std::vector<int>& t) {
    return normalise(normaliser::min_max, X, t);
}

std::vector<std::int64_t> ranks_of(const Eigen::VectorXd& score, bool higher_is_better) {
    std::vector<double> s(static_cast<std::size_t>(score.size()));
    for (Eigen::Index i = 0; i < score.size(); ++i) s[static_cast<std::size_t>(i)] = higher_is_better ? score(i) : -score(i);
    return competition_ranks(s);
}

}  // namespace

topsis_normalisation topsis_normalisation_from_name(std::string_view name) {
    if (name == "min_max") return topsis_normalisation::min_max;
    if (name == "vector") return topsis_normalisation::vector;
    if (name == "none") return topsis_normalisation::none;
    fail("unknown TOPSIS normalisation '" + std::string(name) + "' (known: min_max, vector, none)");
}

namespace {
topsis_result closeness(const Eigen::MatrixXd& V, const Eigen::VectorXd& ideal, const Eigen::VectorXd& anti) {
    topsis_result r;
    r.ideal = ideal;
    r.anti_ideal = anti;
    const Eigen::Index m = V.rows();
    r.d_plus.resize(m);
    r.d_minus.resize(m);
    r.score.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        r.d_plus(i) = (V.row(i).transpose() - ideal).norm();
        r.d_minus(i) = (V.row(i).transpose() - anti).norm();
        const double s = r.d_plus(i) + r.d_minus(i);
        r.score(i) = s > 0.0 ? r.d_minus(i) / s : 0.5;
    }
    return r;
}
}  // namespace

topsis_result topsis(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const std::vector<int>& types,
                     topsis_normalisation norm) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("topsis", X, w, types, t);
    const Eigen::Index n = X.cols();
    Eigen::MatrixXd N;
    bool flipped = false;  // min-max already turns cost into benefit
    switch (norm) {
    case topsis_normalisation::min_max:
        N = min_max_fractions(X, t);
        flipped = true;
        break;
    case topsis_normalisation::vector:
        N = X;
        for (Eigen::Index j = 0; j < n; ++j) {
            const double norm2 = X.col(j).norm();
            if (norm2 > 0.0) N.col(j) /= norm2;
        }
        break;
    case topsis_normalisation::none:
        N = X;
        break;
    }
    // The reference vectors use the weights as given (not rescaled) for the raw-matrix case; the
    // closeness is invariant to a common factor of the weights, so normalised weights are used.
    const Eigen::MatrixXd V = N * wn.asDiagonal();
    Eigen::VectorXd ideal(n), anti(n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const bool benefit = flipped || t[static_cast<std::size_t>(j)] > 0;
        ideal(j) = benefit ? V.col(j).maxCoeff() : V.col(j).minCoeff();
        anti(j) = benefit ? V.col(j).minCoeff() : V.col(j).maxCoeff();
    }
    return closeness(V, ideal, anti);
}

topsis_result topsis_absolute(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const Eigen::VectorXd& ideal,
                              const Eigen::VectorXd& anti_ideal) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("topsis_absolute", X, w, {}, t);
    const Eigen::Index n = X.cols();
    if (ideal.size() != n || anti_ideal.size() != n) {
        fail("topsis_absolute: ideal and anti_ideal need one value per column (" + std::to_string(n) + ")");
    }
    Eigen::MatrixXd N(X.rows(), n);
    for (Eigen::Index j = 0; j < n; ++j) {
        if (!std::isfinite(ideal(j)) || !std::isfinite(anti_ideal(j)) || ideal(j) == anti_ideal(j)) {
            fail("topsis_absolute: ideal and anti_ideal of column " + std::to_string(j) +
                 " must be finite and differ");
        }
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
            N(i, j) = std::clamp((X(i, j) - anti_ideal(j)) / (ideal(j) - anti_ideal(j)), 0.0, 1.0);
        }
    }
    return closeness(N * wn.asDiagonal(), wn, Eigen::VectorXd::Zero(n));
}

vikor_result vikor(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const std::vector<int>& types, double v) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("vikor", X, w, types, t);
    if (!(v >= 0.0 && v <= 1.0)) fail("vikor: v must be in [0, 1]");
    const Eigen::Index m = X.rows(), n = X.cols();
    vikor_result r;
    r.S = Eigen::VectorXd::Zero(m);
    r.R = Eigen::VectorXd::Zero(m);
    for (Eigen::Index j = 0; j < n; ++j) {
        const bool benefit = t[static_cast<std::size_t>(j)] > 0;
        const double best = benefit ? X.col(j).maxCoeff() : X.col(j).minCoeff();
        const double worst = benefit ? X.col(j).minCoeff() : X.col(j).maxCoeff();
        for (Eigen::Index i = 0; i < m; ++i) {
            const double d = best == worst ? 0.0 : wn(j) * (best - X(i, j)) / (best - worst);
            r.S(i) += d;
            r.R(i) = std::max(r.R(i), d);
        }
    }
    const double s0 = r.S.minCoeff(), s1 = r.S.maxCoeff(), r0 = r.R.minCoeff(), r1 = r.R.maxCoeff();
    r.Q.resize(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double qs = s1 > s0 ? (r.S(i) - s0) / (s1 - s0) : 0.0;
        const double qr = r1 > r0 ? (r.R(i) - r0) / (r1 - r0) : 0.0;
        r.Q(i) = v * qs + (1.0 - v) * qr;
    }
    r.rank_q = ranks_of(r.Q, false);
    vikor_compromise(r);
    return r;
}

void vikor_compromise(vikor_result& r) {
    const Eigen::Index m = r.Q.size();
    if (m == 0) return;
    const double s0 = r.S.minCoeff(), r0 = r.R.minCoeff();
    r.compromise.clear();
    // Units in Q order (stable: ties keep input order).
    std::vector<Eigen::Index> order(static_cast<std::size_t>(m));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return r.Q(a) < r.Q(b); });
    const Eigen::Index a1 = order[0];
    if (m == 1) {
        r.acceptable_advantage = r.acceptable_stability = true;
        r.compromise = {a1};
        return;
    }
    const double dq = 1.0 / static_cast<double>(m - 1);
    const Eigen::Index a2 = order[1];
    // Small relative slack so that an advantage of exactly DQ counts despite rounding.
    const double slack = 1e-12;
    r.acceptable_advantage = r.Q(a2) - r.Q(a1) >= dq - slack;
    // C2: a1 is also best (possibly tied) by S or by R.
    r.acceptable_stability = r.S(a1) <= s0 + slack || r.R(a1) <= r0 + slack;
    if (r.acceptable_advantage && r.acceptable_stability) {
        r.compromise = {a1};
    } else if (r.acceptable_advantage) {
        r.compromise = {a1, a2};
    } else {
        for (Eigen::Index k : order) {
            if (r.Q(k) - r.Q(a1) < dq - slack) r.compromise.push_back(k);
        }
    }
    // Reported in unit order (as scikit-criteria); the best by Q is rank_q == 1.
    std::sort(r.compromise.begin(), r.compromise.end());
}

gra_result grey_relational(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const std::vector<int>& types,
                           double rho) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("grey_relational", X, w, types, t);
    if (!(rho > 0.0 && rho <= 1.0)) fail("grey_relational: rho must be in (0, 1]");
    const Eigen::MatrixXd N = min_max_fractions(X, t);
    const Eigen::MatrixXd D = (1.0 - N.array()).abs().matrix();
    const double dmin = D.minCoeff(), dmax = D.maxCoeff();
    gra_result r;
    r.coefficient.resize(X.rows(), X.cols());
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        for (Eigen::Index j = 0; j < X.cols(); ++j) {
            r.coefficient(i, j) = dmax > 0.0 ? (dmin + rho * dmax) / (D(i, j) + rho * dmax) : 1.0;
        }
    }
    r.grade = r.coefficient * wn;
    return r;
}

fuzzy_operator fuzzy_operator_from_name(std::string_view name) {
    if (name == "weighted_sum") return fuzzy_operator::weighted_sum;
    if (name == "min_max") return fuzzy_operator::min_max;
    if (name == "product_max") return fuzzy_operator::product_max;
    if (name == "min_bounded") return fuzzy_operator::min_bounded;
    fail("unknown fuzzy operator '" + std::string(name) +
         "' (known: weighted_sum M(.,+), min_max M(^,v), product_max M(.,v), min_bounded M(^,+))");
}

fuzzy_result fuzzy_evaluate(const Eigen::MatrixXd& R, const Eigen::VectorXd& w, const Eigen::VectorXd& grade_values,
                            fuzzy_operator op) {
    const Eigen::Index n = R.rows(), g = R.cols();
    if (n < 1 || g < 1) fail("fuzzy: the membership matrix is empty");
    const Eigen::VectorXd wn = detail::check_weights("fuzzy", w, n);
    if (grade_values.size() != g) {
        fail("fuzzy: " + std::to_string(grade_values.size()) + " grade values for " + std::to_string(g) + " grades");
    }
    for (Eigen::Index j = 0; j < n; ++j) {
        for (Eigen::Index k = 0; k < g; ++k) {
            if (!(R(j, k) >= 0.0 && R(j, k) <= 1.0)) {
                fail("fuzzy: membership at criterion " + std::to_string(j) + ", grade " + std::to_string(k) +
                     " must be in [0, 1]");
            }
        }
    }
    Eigen::VectorXd b = Eigen::VectorXd::Zero(g);
    for (Eigen::Index k = 0; k < g; ++k) {
        for (Eigen::Index j = 0; j < n; ++j) {
            switch (op) {
            case fuzzy_operator::weighted_sum:
                b(k) += wn(j) * R(j, k);
                break;
            case fuzzy_operator::min_max:
                b(k) = std::max(b(k), std::min(wn(j), R(j, k)));
                break;
            case fuzzy_operator::product_max:
                b(k) = std::max(b(k), wn(j) * R(j, k));
                break;
            case fuzzy_operator::min_bounded:
                b(k) += std::min(wn(j), R(j, k));
                break;
            }
        }
        if (op == fuzzy_operator::min_bounded) b(k) = std::min(1.0, b(k));
    }
    const double sum = b.sum();
    if (!(sum > 0.0)) fail("fuzzy: the grade distribution is all zero (no membership in any grade)");
    fuzzy_result r;
    r.b = b / sum;
    r.score = r.b.dot(grade_values);
    return r;
}

Eigen::MatrixXd membership_from_counts(const Eigen::MatrixXd& counts) {
    Eigen::MatrixXd R = counts;
    for (Eigen::Index j = 0; j < counts.rows(); ++j) {
        double s = 0.0;
        for (Eigen::Index k = 0; k < counts.cols(); ++k) {
            if (!(counts(j, k) >= 0.0) || !std::isfinite(counts(j, k))) {
                fail("fuzzy: count at criterion " + std::to_string(j) + ", grade " + std::to_string(k) +
                     " must be finite and >= 0");
            }
            s += counts(j, k);
        }
        if (!(s > 0.0)) fail("fuzzy: criterion " + std::to_string(j) + " has no responses");
        if (!std::isfinite(s)) {  // counts near DBL_MAX overflow their sum: divide by the largest first
            R.row(j) /= R.row(j).maxCoeff();
            s = R.row(j).sum();
        }
        R.row(j) /= s;
    }
    return R;
}

Eigen::VectorXd trapezoidal_membership(double x, const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    const Eigen::Index g = a.size();
    if (g < 1 || b.size() != g) fail("fuzzy: plateau bounds need one lo and one hi per grade");
    if (!std::isfinite(x)) fail("fuzzy: value is not finite");
    // Orientation: increasing grades (a_1 < a_2 ...) or decreasing (cost-like); work on the
    // increasing sequence by negating a decreasing one.
    const double sgn = g > 1 && a(g - 1) < a(0) ? -1.0 : 1.0;
    Eigen::VectorXd lo(g), hi(g);
    for (Eigen::Index k = 0; k < g; ++k) {
        lo(k) = std::min(sgn * a(k), sgn * b(k));
        hi(k) = std::max(sgn * a(k), sgn * b(k));
        if (k > 0 && !(lo(k) > hi(k - 1))) fail("fuzzy: grade plateaus must be strictly monotone and not overlap");
    }
    const double v = sgn * x;
    Eigen::VectorXd mu = Eigen::VectorXd::Zero(g);
    if (v <= hi(0)) {
        mu(0) = 1.0;
        return mu;
    }
    for (Eigen::Index k = 0; k < g; ++k) {
        if (v >= lo(k) && v <= hi(k)) {
            mu(k) = 1.0;
            return mu;
        }
        if (k + 1 < g && v > hi(k) && v < lo(k + 1)) {
            const double f = (v - hi(k)) / (lo(k + 1) - hi(k));
            mu(k) = 1.0 - f;
            mu(k + 1) = f;
            return mu;
        }
    }
    mu(g - 1) = 1.0;  // beyond the last plateau
    return mu;
}

std::vector<fuzzy_result> fuzzy_rank(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const Eigen::MatrixXd& a,
                                     const Eigen::MatrixXd& b, const Eigen::VectorXd& grade_values,
                                     fuzzy_operator op) {
    std::vector<int> t;
    (void)prepare("fuzzy", X, w, {}, t);
    const Eigen::Index n = X.cols(), g = grade_values.size();
    if (a.rows() != n || b.rows() != n || a.cols() != g || b.cols() != g) {
        fail("fuzzy: plateau bounds must be criteria (" + std::to_string(n) + ") x grades (" + std::to_string(g) + ")");
    }
    std::vector<fuzzy_result> out;
    Eigen::MatrixXd R(n, g);
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            R.row(j) = trapezoidal_membership(X(i, j), a.row(j).transpose(), b.row(j).transpose()).transpose();
        }
        out.push_back(fuzzy_evaluate(R, w, grade_values, op));
    }
    return out;
}

copeland_result copeland(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const std::vector<int>& types) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("copeland", X, w, types, t);
    const Eigen::Index m = X.rows(), n = X.cols();
    copeland_result r;
    r.outranking = Eigen::MatrixXd::Zero(m, m);
    for (Eigen::Index a = 0; a < m; ++a) {
        for (Eigen::Index b = 0; b < m; ++b) {
            if (a == b) continue;
            double o = 0.0;
            for (Eigen::Index j = 0; j < n; ++j) {
                const double xa = t[static_cast<std::size_t>(j)] * X(a, j), xb = t[static_cast<std::size_t>(j)] * X(b, j);
                if (xa > xb) o += wn(j);
                else if (xa == xb) o += 0.5 * wn(j);
            }
            r.outranking(a, b) = o;
        }
    }
    // Rounding of weight sums: treat |O - 0.5| below 1e-12 as a tie, O within 1e-12 of 0/1 as dominance.
    constexpr double eps = 1e-12;
    r.score = Eigen::VectorXd::Zero(m);
    for (Eigen::Index a = 0; a < m; ++a) {
        for (Eigen::Index b = 0; b < m; ++b) {
            if (a == b) continue;
            const double d = r.outranking(a, b) - 0.5;
            r.score(a) += d > eps ? 1.0 : (d < -eps ? -1.0 : 0.0);
            if (a < b && (r.outranking(a, b) < eps || r.outranking(a, b) > 1.0 - eps)) ++r.n_dominant;
        }
    }
    r.frac_dominant = m < 2 ? 0.0 : r.n_dominant / (static_cast<double>(m) * static_cast<double>(m - 1) / 2.0);
    return r;
}

Eigen::VectorXd mazziotta_pareto(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, const std::vector<int>& types,
                                 int penalty) {
    std::vector<int> t;
    const Eigen::VectorXd wn = prepare("mazziotta_pareto", X, w, types, t);
    if (penalty != 1 && penalty != -1) fail("mazziotta_pareto: penalty must be -1 or 1");
    const Eigen::Index m = X.rows(), n = X.cols();
    Eigen::MatrixXd Z(m, n);
    for (Eigen::Index j = 0; j < n; ++j) {
        const double mean = X.col(j).mean();
        const double sd = std::sqrt((X.col(j).array() - mean).square().mean());  // population sd
        for (Eigen::Index i = 0; i < m; ++i) {
            const double z = sd > 0.0 ? (X(i, j) - mean) / sd : 0.0;
            Z(i, j) = 100.0 + 10.0 * t[static_cast<std::size_t>(j)] * z;
        }
    }
    Eigen::VectorXd mpi(m);
    for (Eigen::Index i = 0; i < m; ++i) {
        const double mz = Z.row(i).dot(wn);
        const double sz = std::sqrt(((Z.row(i).array() - mz).square() * wn.transpose().array()).sum());
        if (!(mz > 0.0)) fail("mazziotta_pareto: unit " + std::to_string(i) + " has a non-positive mean z (outlier)");
        mpi(i) = mz + penalty * sz * (sz / mz);
    }
    return mpi;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
