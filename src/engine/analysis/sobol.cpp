// Saltelli design and Jansen estimators (Saltelli et al. 2010, table 2, estimators (b)/(f) for the
// first order in Jansen's form and (f) for the total effect).
#include <civiscore/analyse/sobol.hpp>
#include <civiscore/error.hpp>

#include "engine/analysis/rng.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

constexpr std::uint64_t stream_a = 0xA11CEULL, stream_b = 0xB0BULL, stream_boot = 0xB007ULL;

struct point_estimate {
    double mean = 0, variance = 0;
    std::vector<double> first, total;
};

// The estimators over the base rows `rows` (all of 0..n-1, or a bootstrap resample).
point_estimate estimate(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t k, std::size_t n,
                        const std::vector<std::size_t>& rows) {
    point_estimate p;
    const double m = static_cast<double>(rows.size());
    double sum = 0;
    for (std::size_t j : rows) sum += y[static_cast<Eigen::Index>(j)] + y[static_cast<Eigen::Index>(n + j)];
    p.mean = sum / (2 * m);
    double ss = 0;
    for (std::size_t j : rows) {
        const double a = y[static_cast<Eigen::Index>(j)] - p.mean, b = y[static_cast<Eigen::Index>(n + j)] - p.mean;
        ss += a * a + b * b;
    }
    p.variance = ss / (2 * m - 1);
    p.first.assign(k, NAN);
    p.total.assign(k, NAN);
    if (!(p.variance > 0)) return p;
    for (std::size_t i = 0; i < k; ++i) {
        const std::size_t off = (2 + i) * n;
        double d_first = 0, d_total = 0;
        for (std::size_t j : rows) {
            const double fa = y[static_cast<Eigen::Index>(j)], fb = y[static_cast<Eigen::Index>(n + j)];
            const double fab = y[static_cast<Eigen::Index>(off + j)];
            d_first += (fb - fab) * (fb - fab);
            d_total += (fa - fab) * (fa - fab);
        }
        p.first[i] = (p.variance - d_first / (2 * m)) / p.variance;
        p.total[i] = d_total / (2 * m) / p.variance;
    }
    return p;
}

// Type-7 (linear) quantile of sorted values.
double quantile_sorted(const std::vector<double>& v, double q) {
    if (v.empty()) return NAN;
    const double h = (static_cast<double>(v.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

}  // namespace

Eigen::MatrixXd saltelli_sample(std::size_t k, std::size_t n, std::uint64_t seed) {
    if (k == 0) throw invalid_argument_error("Sobol design: the number of factors must be >= 1");
    if (n == 0) throw invalid_argument_error("Sobol design: the number of base samples must be >= 1");
    const auto rows = static_cast<Eigen::Index>(n * (k + 2)), cols = static_cast<Eigen::Index>(k);
    Eigen::MatrixXd x(rows, cols);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t i = 0; i < k; ++i) {
            const auto r = static_cast<Eigen::Index>(j), c = static_cast<Eigen::Index>(i);
            x(r, c) = uniform(seed, stream_a, j * k + i);
            x(r + static_cast<Eigen::Index>(n), c) = uniform(seed, stream_b, j * k + i);
        }
    }
    for (std::size_t i = 0; i < k; ++i) {
        const auto off = static_cast<Eigen::Index>((2 + i) * n), nn = static_cast<Eigen::Index>(n);
        x.block(off, 0, nn, cols) = x.topRows(nn);
        x.block(off, static_cast<Eigen::Index>(i), nn, 1) = x.block(nn, static_cast<Eigen::Index>(i), nn, 1);
    }
    return x;
}

sobol_indices sobol_from_evaluations(const Eigen::Ref<const Eigen::VectorXd>& y, std::size_t k, std::size_t n,
                                     const sobol_options& o) {
    if (k == 0 || n < 2) throw invalid_argument_error("Sobol indices: need k >= 1 factors and n >= 2 base samples");
    if (static_cast<std::size_t>(y.size()) != n * (k + 2))
        throw invalid_argument_error("Sobol indices: expected n (k + 2) = " + std::to_string(n * (k + 2)) +
                                     " evaluations, got " + std::to_string(y.size()));
    for (Eigen::Index r = 0; r < y.size(); ++r)
        if (!std::isfinite(y[r]))
            throw invalid_argument_error("Sobol indices: evaluation " + std::to_string(r) + " is not a finite number");
    if (!(o.confidence > 0 && o.confidence < 1))
        throw invalid_argument_error("Sobol indices: confidence must be in (0, 1)");

    std::vector<std::size_t> all(n);
    for (std::size_t j = 0; j < n; ++j) all[j] = j;
    const point_estimate p = estimate(y, k, n, all);
    sobol_indices s;
    s.first = p.first;
    s.total = p.total;
    s.variance = p.variance;
    s.mean = p.mean;
    s.first_lo.assign(k, NAN);
    s.first_hi.assign(k, NAN);
    s.total_lo.assign(k, NAN);
    s.total_hi.assign(k, NAN);
    if (o.bootstrap == 0 || !(p.variance > 0)) return s;

    std::vector<std::vector<double>> firsts(k), totals(k);
    std::vector<std::size_t> rows(n);
    for (std::size_t b = 0; b < o.bootstrap; ++b) {
        for (std::size_t j = 0; j < n; ++j)
            rows[j] = std::min(n - 1, static_cast<std::size_t>(uniform(o.seed, stream_boot, b * n + j) * static_cast<double>(n)));
        const point_estimate q = estimate(y, k, n, rows);
        for (std::size_t i = 0; i < k; ++i) {
            if (std::isfinite(q.first[i])) firsts[i].push_back(q.first[i]);
            if (std::isfinite(q.total[i])) totals[i].push_back(q.total[i]);
        }
    }
    const double lo = (1 - o.confidence) / 2, hi = 1 - lo;
    for (std::size_t i = 0; i < k; ++i) {
        std::sort(firsts[i].begin(), firsts[i].end());
        std::sort(totals[i].begin(), totals[i].end());
        s.first_lo[i] = quantile_sorted(firsts[i], lo);
        s.first_hi[i] = quantile_sorted(firsts[i], hi);
        s.total_lo[i] = quantile_sorted(totals[i], lo);
        s.total_hi[i] = quantile_sorted(totals[i], hi);
    }
    return s;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
