#include "engine/analysis/correlation.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

double pearson_dense(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    if (n < 3) return NAN;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0) return NAN;
    return sxy / std::sqrt(sxx * syy);
}

// Mid-ranks (1-based; tied values share the mean of their positions).
std::vector<double> mid_ranks(const std::vector<double>& x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> r(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
        const double mid = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t t = i; t <= j; ++t) r[order[t]] = mid;
        i = j + 1;
    }
    return r;
}

void pairs(column_view x, column_view y, std::size_t n, std::vector<double>& a, std::vector<double>& b) {
    for (std::size_t i = 0; i < n; ++i) {
        if (std::isnan(x[i]) || std::isnan(y[i])) continue;
        a.push_back(x[i]);
        b.push_back(y[i]);
    }
}

std::vector<std::size_t> complete_rows(const std::vector<column_view>& cols, std::size_t n) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < n; ++i) {
        bool ok = true;
        for (column_view c : cols) ok = ok && !std::isnan(c[i]);
        if (ok) rows.push_back(i);
    }
    return rows;
}

}  // namespace

double pearson(column_view x, column_view y, std::size_t n) {
    std::vector<double> a, b;
    pairs(x, y, n, a, b);
    return pearson_dense(a, b);
}

double spearman(column_view x, column_view y, std::size_t n) {
    std::vector<double> a, b;
    pairs(x, y, n, a, b);
    return pearson_dense(mid_ranks(a), mid_ranks(b));
}

double cronbach_alpha(const std::vector<column_view>& cols, std::size_t n, std::size_t* complete) {
    const auto rows = complete_rows(cols, n);
    if (complete) *complete = rows.size();
    const std::size_t k = cols.size();
    if (k < 2 || rows.size() < 2) return NAN;
    auto variance = [&](auto value) {
        double mean = 0;
        for (std::size_t r : rows) mean += value(r);
        mean /= static_cast<double>(rows.size());
        double ss = 0;
        for (std::size_t r : rows) ss += (value(r) - mean) * (value(r) - mean);
        return ss / static_cast<double>(rows.size() - 1);
    };
    double item_var = 0;
    for (column_view c : cols) item_var += variance([&](std::size_t r) { return c[r]; });
    const double total_var = variance([&](std::size_t r) {
        double s = 0;
        for (column_view c : cols) s += c[r];
        return s;
    });
    if (total_var == 0) return NAN;
    const double kk = static_cast<double>(k);
    return kk / (kk - 1) * (1 - item_var / total_var);
}

pca_result pca(const std::vector<column_view>& cols, std::size_t n) {
    pca_result p;
    const auto rows = complete_rows(cols, n);
    p.complete = rows.size();
    const std::size_t k = cols.size();
    if (k < 2 || rows.size() < 3) return p;
    Eigen::MatrixXd corr(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k));
    std::vector<std::vector<double>> dense(k);
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t r : rows) dense[c].push_back(cols[c][r]);
    for (std::size_t a = 0; a < k; ++a) {
        for (std::size_t b = a; b < k; ++b) {
            const double r = a == b ? 1.0 : pearson_dense(dense[a], dense[b]);
            if (std::isnan(r) || std::isnan(pearson_dense(dense[a], dense[a]))) return p;  // a constant column
            corr(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b)) = r;
            corr(static_cast<Eigen::Index>(b), static_cast<Eigen::Index>(a)) = r;
        }
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(corr);
    if (es.info() != Eigen::Success) return p;
    double total = 0;
    for (Eigen::Index i = 0; i < es.eigenvalues().size(); ++i) total += es.eigenvalues()[i];
    for (Eigen::Index i = es.eigenvalues().size() - 1; i >= 0; --i) {  // Eigen sorts ascending
        const double lambda = std::max(0.0, es.eigenvalues()[i]);
        Eigen::VectorXd v = es.eigenvectors().col(i);
        if (v.sum() < 0) v = -v;
        std::vector<double> load(k);
        for (std::size_t c = 0; c < k; ++c) load[c] = v[static_cast<Eigen::Index>(c)] * std::sqrt(lambda);
        p.eigenvalues.push_back(lambda);
        p.explained.push_back(lambda / total);
        p.loadings.push_back(std::move(load));
    }
    p.ok = true;
    return p;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
