// AHP: input checks, Perron vector, lambda_max-minimising completion, consistency, group merges.
#include <civiscore/methods/ahp.hpp>

#include "methods/matrix_checks.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace civiscore {
inline namespace v0 {
namespace methods {

namespace {

using detail::cell;
using detail::fail;

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// Random-index tables, transcribed from the sources named in ahp.hpp (reference-vectors.json).
const std::map<int, double> saaty1980{{1, 0.0},  {2, 0.0},  {3, 0.58}, {4, 0.90}, {5, 1.12},
                                      {6, 1.24}, {7, 1.32}, {8, 1.41}, {9, 1.45}, {10, 1.49}};
const std::map<int, double> saaty2005{{1, 0.0},   {2, 0.0},   {3, 0.52},  {4, 0.89},  {5, 1.11},
                                      {6, 1.25},  {7, 1.35},  {8, 1.40},  {9, 1.45},  {10, 1.49},
                                      {11, 1.52}, {12, 1.54}, {13, 1.56}, {14, 1.58}, {15, 1.59}};
const std::map<int, double> donegan_dodd{
    {1, 0.0},     {2, 0.0},     {3, 0.4914},  {4, 0.8286},  {5, 1.0591},  {6, 1.1797},
    {7, 1.2519},  {8, 1.3171},  {9, 1.3733},  {10, 1.4055}, {11, 1.4213}, {12, 1.4497},
    {13, 1.4643}, {14, 1.4822}, {15, 1.4969}, {16, 1.5078}, {17, 1.5153}, {18, 1.5262},
    {19, 1.5313}, {20, 1.5371}, {25, 1.5619}, {30, 1.5772}, {40, 1.5976}, {50, 1.6102},
    {60, 1.6178}, {70, 1.6237}, {80, 1.6277}, {90, 1.6213}, {100, 1.6339}};
const std::map<int, double> tummala_ling{{1, 0.0},     {2, 0.0},     {3, 0.5799},  {4, 0.8921},
                                         {5, 1.1159},  {6, 1.2358},  {7, 1.3322},  {8, 1.3952},
                                         {9, 1.4537},  {10, 1.4882}, {11, 1.5117}, {12, 1.5356},
                                         {13, 1.5571}, {14, 1.5714}, {15, 1.5831}};

const std::map<int, double>& table_of(ri_table t) {
    switch (t) {
    case ri_table::saaty2005:
        return saaty2005;
    case ri_table::donegan_dodd:
        return donegan_dodd;
    case ri_table::tummala_ling:
        return tummala_ling;
    case ri_table::saaty1980:
        break;
    }
    return saaty1980;
}

bool is_missing(double v) { return std::isnan(v) || v == 0.0; }

bool near(double a, double b, double rel) { return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)); }

bool on_saaty_scale(double v, double tol) {
    for (int k = 1; k <= 9; ++k) {
        if (near(v, k, tol) || near(v, 1.0 / k, tol)) return true;
    }
    return false;
}

// Checked copy of A with every missing pair as NaN in both triangles and single-sided judgements
// completed by their reciprocal.
Eigen::MatrixXd checked_input(const Eigen::MatrixXd& A, double tol, bool saaty_scale, int* missing) {
    const Eigen::Index n = A.rows();
    if (n < 1 || A.cols() != n) {
        fail("ahp: the pairwise matrix must be square and non-empty (got " + std::to_string(A.rows()) +
             " x " + std::to_string(A.cols()) + ")");
    }
    if (!(tol >= 0.0)) fail("ahp: tolerance must be >= 0");
    Eigen::MatrixXd M = A;
    int pairs = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!near(A(i, i), 1.0, tol)) fail("ahp: diagonal entry at " + cell(i, i) + " must be 1");
        M(i, i) = 1.0;
        for (Eigen::Index j = 0; j < n; ++j) {
            if (i == j || is_missing(A(i, j))) continue;
            if (!std::isfinite(A(i, j)) || A(i, j) < 0.0) {
                fail("ahp: judgement at " + cell(i, j) + " must be positive and finite (0 or NaN = missing)");
            }
            if (saaty_scale && !on_saaty_scale(A(i, j), tol)) {
                fail("ahp: judgement " + std::to_string(A(i, j)) + " at " + cell(i, j) +
                     " is not on Saaty's 1-9 scale (1..9 or 1/9..1/2; option saaty_scale=false allows any)");
            }
        }
    }
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = i + 1; j < n; ++j) {
            const bool a = !is_missing(A(i, j)), b = !is_missing(A(j, i));
            if (a && b) {
                if (!near(A(i, j) * A(j, i), 1.0, tol)) {
                    fail("ahp: not reciprocal at " + cell(i, j) + " and " + cell(j, i) + ": " +
                         std::to_string(A(i, j)) + " * " + std::to_string(A(j, i)) + " != 1");
                }
            } else if (a) {
                M(j, i) = 1.0 / A(i, j);
            } else if (b) {
                M(i, j) = 1.0 / A(j, i);
            } else {
                M(i, j) = M(j, i) = nan_value;
                ++pairs;
            }
        }
    }
    if (pairs > 0) {
        // The given judgements must connect every element, else the priorities are not determined.
        std::vector<bool> seen(static_cast<std::size_t>(n), false);
        std::vector<Eigen::Index> stack{0};
        seen[0] = true;
        while (!stack.empty()) {
            const Eigen::Index i = stack.back();
            stack.pop_back();
            for (Eigen::Index j = 0; j < n; ++j) {
                if (!seen[static_cast<std::size_t>(j)] && !std::isnan(M(i, j))) {
                    seen[static_cast<std::size_t>(j)] = true;
                    stack.push_back(j);
                }
            }
        }
        for (Eigen::Index j = 0; j < n; ++j) {
            if (!seen[static_cast<std::size_t>(j)]) {
                fail("ahp: element " + std::to_string(j) +
                     " is not connected to element 0 by any chain of given judgements");
            }
        }
    }
    if (missing != nullptr) *missing = pairs;
    return M;
}

double lambda_max_of(const Eigen::MatrixXd& A) { return perron(A).lambda; }

}  // namespace

perron_result perron(const Eigen::MatrixXd& A) {
    const Eigen::EigenSolver<Eigen::MatrixXd> es(A);
    if (es.info() != Eigen::Success) fail("ahp: eigen decomposition failed");
    Eigen::Index k = 0;
    for (Eigen::Index i = 1; i < es.eigenvalues().size(); ++i) {
        if (es.eigenvalues()(i).real() > es.eigenvalues()(k).real()) k = i;
    }
    perron_result r;
    r.lambda = es.eigenvalues()(k).real();
    // The Perron vector of a positive matrix has one sign; abs removes Eigen's arbitrary sign.
    r.vector = es.eigenvectors().col(k).real().cwiseAbs();
    r.vector /= r.vector.sum();
    return r;
}

ahp_priority ahp_priority_from_name(std::string_view name) {
    if (name == "eigenvector") return ahp_priority::eigenvector;
    if (name == "geometric_mean") return ahp_priority::geometric_mean;
    fail("unknown AHP priority method '" + std::string(name) + "' (known: eigenvector, geometric_mean)");
}

ri_table ri_table_from_name(std::string_view name) {
    if (name == "saaty1980") return ri_table::saaty1980;
    if (name == "saaty2005") return ri_table::saaty2005;
    if (name == "donegan_dodd") return ri_table::donegan_dodd;
    if (name == "tummala_ling") return ri_table::tummala_ling;
    fail("unknown random-index table '" + std::string(name) +
         "' (known: saaty1980, saaty2005, donegan_dodd, tummala_ling)");
}

const char* ri_table_name(ri_table t) noexcept {
    switch (t) {
    case ri_table::saaty1980:
        return "saaty1980";
    case ri_table::saaty2005:
        return "saaty2005";
    case ri_table::donegan_dodd:
        return "donegan_dodd";
    case ri_table::tummala_ling:
        return "tummala_ling";
    }
    return "?";
}

double random_index(ri_table t, Eigen::Index n) {
    const auto& tab = table_of(t);
    if (n < 1) fail("ahp: random index needs n >= 1");
    const int largest = tab.rbegin()->first;
    if (n > largest) {
        fail(std::string("ahp: random-index table ") + ri_table_name(t) + " stops at n = " +
             std::to_string(largest) + " (n is " + std::to_string(n) + "; choose another ri_table)");
    }
    const auto hi = tab.lower_bound(static_cast<int>(n));
    if (hi->first == n) return hi->second;
    // Donegan-Dodd lists n = 20, 25, 30, ...: linear interpolation between listed sizes.
    const auto lo = std::prev(hi);
    const double f = static_cast<double>(n - lo->first) / static_cast<double>(hi->first - lo->first);
    return lo->second + f * (hi->second - lo->second);
}

Eigen::MatrixXd ahp_complete(const Eigen::MatrixXd& A, int* missing_pairs, double tolerance) {
    int pairs = 0;
    Eigen::MatrixXd M = checked_input(A, tolerance, false, &pairs);
    if (missing_pairs != nullptr) *missing_pairs = pairs;
    if (pairs == 0) return M;
    const Eigen::Index n = M.rows();
    // Harker's start: missing entries 0, b_ii = 1 + number missing in row i.
    Eigen::MatrixXd B = M;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> cells;
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            if (std::isnan(B(i, j))) {
                B(i, j) = 0.0;
                B(i, i) += 1.0;
                if (i < j) cells.emplace_back(i, j);
            }
        }
    }
    const Eigen::VectorXd w0 = perron(B).vector;
    std::vector<double> t;
    for (const auto& [i, j] : cells) {
        t.push_back(std::log(w0(i) / w0(j)));
        M(i, j) = w0(i) / w0(j);
        M(j, i) = w0(j) / w0(i);
    }
    // Cyclic coordinates: lambda_max(exp(t)) is convex in each t (Bozoki et al. 2010), so golden
    // section on a wide bracket finds each coordinate's minimum.
    const auto set = [&](std::size_t c, double v) {
        M(cells[c].first, cells[c].second) = std::exp(v);
        M(cells[c].second, cells[c].first) = std::exp(-v);
    };
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    for (int sweep = 0; sweep < 500; ++sweep) {
        double moved = 0.0;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            double a = t[c] - 8.0, b = t[c] + 8.0;
            double x1 = b - g * (b - a), x2 = a + g * (b - a);
            set(c, x1);
            double f1 = lambda_max_of(M);
            set(c, x2);
            double f2 = lambda_max_of(M);
            while (b - a > 1e-10) {
                if (f1 < f2) {
                    b = x2;
                    x2 = x1;
                    f2 = f1;
                    x1 = b - g * (b - a);
                    set(c, x1);
                    f1 = lambda_max_of(M);
                } else {
                    a = x1;
                    x1 = x2;
                    f1 = f2;
                    x2 = a + g * (b - a);
                    set(c, x2);
                    f2 = lambda_max_of(M);
                }
            }
            const double best = (a + b) / 2.0;
            moved = std::max(moved, std::abs(best - t[c]));
            t[c] = best;
            set(c, best);
        }
        if (cells.size() == 1 || moved < 1e-9) break;
    }
    return M;
}

ahp_result ahp(const Eigen::MatrixXd& A, const ahp_options& o) {
    int pairs = 0;
    (void)checked_input(A, o.tolerance, o.saaty_scale, &pairs);  // all checks, scale included
    if (!(o.threshold >= 0.0)) fail("ahp: threshold must be >= 0");
    ahp_result r;
    r.completed = ahp_complete(A, &r.missing, o.tolerance);
    const Eigen::Index n = r.completed.rows();
    const perron_result p = perron(r.completed);
    r.lambda_max = p.lambda;
    if (o.priority == ahp_priority::eigenvector) {
        r.weights = p.vector;
    } else {
        r.weights.resize(n);
        for (Eigen::Index i = 0; i < n; ++i) {
            r.weights(i) = std::exp(r.completed.row(i).array().log().mean());
        }
        r.weights /= r.weights.sum();
    }
    r.ci = n <= 2 ? 0.0 : (r.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1);
    r.ri = random_index(o.table, n);
    r.cr = r.ri > 0.0 ? r.ci / r.ri : 0.0;
    r.table = ri_table_name(o.table);
    r.consistent = r.cr <= o.threshold;
    return r;
}

namespace {
Eigen::VectorXd expert_shares(const std::vector<double>& ew, std::size_t k, const char* method) {
    if (k == 0) fail(std::string(method) + ": no experts");
    if (ew.empty()) return Eigen::VectorXd::Constant(static_cast<Eigen::Index>(k), 1.0 / static_cast<double>(k));
    if (ew.size() != k) {
        fail(std::string(method) + ": " + std::to_string(ew.size()) + " expert weights for " +
             std::to_string(k) + " experts");
    }
    Eigen::VectorXd w(static_cast<Eigen::Index>(k));
    for (std::size_t e = 0; e < k; ++e) {
        if (!(ew[e] > 0.0) || !std::isfinite(ew[e])) {
            fail(std::string(method) + ": expert weight " + std::to_string(e) + " must be positive");
        }
        w(static_cast<Eigen::Index>(e)) = ew[e];
    }
    return w / w.sum();
}
}  // namespace

Eigen::MatrixXd ahp_aggregate_judgements(const std::vector<Eigen::MatrixXd>& matrices,
                                         const std::vector<double>& expert_weights) {
    const Eigen::VectorXd w = expert_shares(expert_weights, matrices.size(), "ahp aij");
    const Eigen::Index n = matrices[0].rows();
    Eigen::MatrixXd logs = Eigen::MatrixXd::Zero(n, n);
    for (std::size_t e = 0; e < matrices.size(); ++e) {
        const auto& M = matrices[e];
        if (M.rows() != n || M.cols() != n) {
            fail("ahp aij: matrix of expert " + std::to_string(e) + " is not " + std::to_string(n) +
                 " x " + std::to_string(n));
        }
        for (Eigen::Index i = 0; i < n; ++i) {
            for (Eigen::Index j = 0; j < n; ++j) {
                if (!(M(i, j) > 0.0) || !std::isfinite(M(i, j))) {
                    fail("ahp aij: expert " + std::to_string(e) + " judgement at " + cell(i, j) +
                         " must be positive (complete each matrix first)");
                }
                logs(i, j) += w(static_cast<Eigen::Index>(e)) * std::log(M(i, j));
            }
        }
    }
    return logs.array().exp().matrix();
}

Eigen::VectorXd ahp_aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities,
                                         const std::vector<double>& expert_weights, bool geometric) {
    const Eigen::VectorXd w = expert_shares(expert_weights, priorities.size(), "ahp aip");
    const Eigen::Index n = priorities[0].size();
    Eigen::VectorXd acc = Eigen::VectorXd::Zero(n);
    for (std::size_t e = 0; e < priorities.size(); ++e) {
        const auto& p = priorities[e];
        if (p.size() != n) fail("ahp aip: priorities of expert " + std::to_string(e) + " differ in length");
        for (Eigen::Index i = 0; i < n; ++i) {
            if (!(p(i) > 0.0)) fail("ahp aip: priority " + std::to_string(i) + " of expert " + std::to_string(e) + " must be positive");
            acc(i) += w(static_cast<Eigen::Index>(e)) * (geometric ? std::log(p(i)) : p(i));
        }
    }
    if (geometric) acc = acc.array().exp().matrix();
    return acc / acc.sum();
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
