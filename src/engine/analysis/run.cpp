// The analysis run: nominal fit and score, Monte Carlo replications, per-indicator removal, Sobol
// design, audit. Replications are independent and write disjoint rows, and every random number is a
// function of (seed, replication, dimension), so results are identical for any thread count.
#include <civiscore/analyse/analysis.hpp>
#include <civiscore/error.hpp>

#include "engine/analysis/evaluator.hpp"
#include "engine/analysis/rng.hpp"
#include "util/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace civiscore {
inline namespace v0 {
namespace analysis {
namespace {

constexpr std::uint64_t stream_mc = 0x3C3CULL, stream_sobol_a = 0x50B0AULL, stream_sobol_b = 0x50B0BULL;

// Mean |rank - nominal rank| over units ranked in both; NaN if none is.
double mean_abs_shift(const std::vector<std::int64_t>& nominal, const std::vector<std::int64_t>& rank,
                      std::int64_t* max_shift = nullptr) {
    double sum = 0;
    std::size_t n = 0;
    std::int64_t mx = 0;
    for (std::size_t u = 0; u < nominal.size(); ++u) {
        if (nominal[u] == 0 || rank[u] == 0) continue;
        const std::int64_t d = std::llabs(rank[u] - nominal[u]);
        sum += static_cast<double>(d);
        mx = std::max(mx, d);
        ++n;
    }
    if (max_shift) *max_shift = mx;
    return n ? sum / static_cast<double>(n) : NAN;
}

// Type-7 quantile (numpy's default) of sorted values.
double quantile(const std::vector<double>& v, double q) {
    if (v.empty()) return NAN;
    const double h = (static_cast<double>(v.size()) - 1) * q;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

void run_uncertainty(const spec& s, const evaluator& ev_const, evaluator& ev, const result& nominal,
                     std::size_t n_grades, int n_threads, analysis_result& a) {
    const std::size_t R = s.replications, D = ev.dims(), U = nominal.n_units;
    std::vector<double> points(R * D);
    for (std::size_t i = 0; i < points.size(); ++i) points[i] = uniform(s.seed, stream_mc, i);
    ev.prepare(points, R, n_threads);

    std::vector<double> scores(R * U);
    std::vector<std::int32_t> ranks(R * U);
    std::vector<std::int16_t> grades(R * U);
    a.rank_shift.assign(R, NAN);
    parallel_for_blocks(R, n_threads, [&](std::size_t r) {
        const evaluation e = ev_const.evaluate(points.data() + r * D);
        for (std::size_t u = 0; u < U; ++u) {
            scores[r * U + u] = e.root[u];
            ranks[r * U + u] = static_cast<std::int32_t>(e.rank[u]);
            grades[r * U + u] = static_cast<std::int16_t>(e.grade[u]);
        }
        a.rank_shift[r] = mean_abs_shift(nominal.rank, e.rank);
    });

    a.units.resize(U);
    const std::size_t n_blocks = (U + block_size - 1) / block_size;
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        std::vector<double> rk, sc;
        for (std::size_t u = b * block_size; u < std::min(U, (b + 1) * block_size); ++u) {
            unit_summary& us = a.units[u];
            us.nominal_score = nominal.scores[u];
            us.nominal_rank = nominal.rank[u];
            us.nominal_grade = nominal.grade[u];
            us.grade_probability.assign(n_grades + 1, 0.0);
            rk.clear();
            sc.clear();
            for (std::size_t r = 0; r < R; ++r) {
                if (ranks[r * U + u] > 0) rk.push_back(ranks[r * U + u]);
                if (!std::isnan(scores[r * U + u])) sc.push_back(scores[r * U + u]);
                const int g = grades[r * U + u];
                us.grade_probability[g < 0 ? n_grades : static_cast<std::size_t>(g)] += 1.0;  // a count until below
            }
            for (double& p : us.grade_probability) p /= static_cast<double>(R);
            us.ranked = rk.size();
            double sum = 0;
            for (double x : rk) sum += x;
            us.rank_mean = rk.empty() ? NAN : sum / static_cast<double>(rk.size());
            std::sort(rk.begin(), rk.end());
            std::sort(sc.begin(), sc.end());
            us.rank_p05 = quantile(rk, 0.05);
            us.rank_median = quantile(rk, 0.5);
            us.rank_p95 = quantile(rk, 0.95);
            us.score_p05 = quantile(sc, 0.05);
            us.score_median = quantile(sc, 0.5);
            us.score_p95 = quantile(sc, 0.95);
        }
    });
    a.has_uncertainty = true;
}

void run_sobol(const spec& s, const evaluator& ev_const, evaluator& ev, const result& nominal, int n_threads,
               analysis_result& a) {
    const std::size_t n = s.sobol_samples, k = s.factors.size(), D = ev.dims(), U = nominal.n_units;
    const std::size_t rows = n * (k + 2);
    std::vector<double> points(rows * D);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t d = 0; d < D; ++d) {
            points[j * D + d] = uniform(s.seed, stream_sobol_a, j * D + d);
            points[(n + j) * D + d] = uniform(s.seed, stream_sobol_b, j * D + d);
        }
    }
    for (std::size_t i = 0; i < k; ++i) {  // AB_i: A with factor i's uniforms from B
        const std::size_t off = ev.offset(i), len = s.factors[i].dims;
        for (std::size_t j = 0; j < n; ++j) {
            double* row = points.data() + ((2 + i) * n + j) * D;
            std::copy(points.begin() + static_cast<std::ptrdiff_t>(j * D), points.begin() + static_cast<std::ptrdiff_t>((j + 1) * D), row);
            std::copy(points.begin() + static_cast<std::ptrdiff_t>((n + j) * D + off),
                      points.begin() + static_cast<std::ptrdiff_t>((n + j) * D + off + len), row + off);
        }
    }
    ev.prepare(points, rows, n_threads);
    Eigen::VectorXd shift(static_cast<Eigen::Index>(rows));
    std::vector<double> unit_scores(s.sobol_per_unit ? rows * U : 0);
    parallel_for_blocks(rows, n_threads, [&](std::size_t r) {
        const evaluation e = ev_const.evaluate(points.data() + r * D);
        shift[static_cast<Eigen::Index>(r)] = mean_abs_shift(nominal.rank, e.rank);
        if (s.sobol_per_unit) std::copy(e.root.begin(), e.root.end(), unit_scores.begin() + static_cast<std::ptrdiff_t>(r * U));
    });
    for (Eigen::Index r = 0; r < shift.size(); ++r)
        if (std::isnan(shift[r])) throw data_error("analysis: Sobol evaluation " + std::to_string(r) + " ranks no unit that the nominal model ranks");
    a.sobol.samples = n;
    a.sobol.evaluations = rows;
    for (const factor& f : s.factors) a.sobol.factor_names.push_back(f.name);
    a.sobol.rank_shift = sobol_from_evaluations(shift, k, n, s.sobol);
    if (s.sobol_per_unit) {
        a.sobol.per_unit.resize(U);
        const std::size_t n_blocks = (U + block_size - 1) / block_size;
        parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
            Eigen::VectorXd y(static_cast<Eigen::Index>(rows));
            for (std::size_t u = b * block_size; u < std::min(U, (b + 1) * block_size); ++u) {
                bool complete = true;
                for (std::size_t r = 0; r < rows; ++r) {
                    y[static_cast<Eigen::Index>(r)] = unit_scores[r * U + u];
                    complete = complete && std::isfinite(unit_scores[r * U + u]);
                }
                if (complete) {
                    a.sobol.per_unit[u] = sobol_from_evaluations(y, k, n, s.sobol);
                } else {  // unscored in some evaluation: no variance decomposition of a missing score
                    sobol_indices& si = a.sobol.per_unit[u];
                    si.variance = si.mean = NAN;
                    for (auto* v : {&si.first, &si.total, &si.first_lo, &si.first_hi, &si.total_lo, &si.total_hi}) v->assign(k, NAN);
                }
            }
        });
    }
    a.has_sobol = true;
}

}  // namespace

analysis_result analyse(const model_ptr& mp, const dataset& d, const spec& s, int n_threads) {
    const model& m = *mp;
    const fitted f = fit(m, d, n_threads);
    const result nominal = score(mp, f, d, n_threads);

    analysis_result a;
    a.model = mp;
    a.unit_ids = nominal.unit_ids;
    for (const auto& g : m.grades) a.grade_labels.push_back(g.label);
    a.seed = s.seed;
    a.model_sha256 = nominal.model_sha256;
    a.fitted_sha256 = nominal.fitted_sha256;
    for (const factor& fa : s.factors) a.factor_names.push_back(fa.name);

    evaluator ev(mp, f, d, s);
    if (s.uncertainty && !s.factors.empty()) {
        a.replications = s.replications;
        run_uncertainty(s, ev, ev, nominal, m.grades.size(), n_threads, a);
    }
    if (s.removal_shifts) {
        for (const auto& id : s.removal_indicators) {
            removal_shift rs;
            rs.indicator = id;
            try {
                const model_ptr without = model_variant(m, {}, id);
                const result r = score(without, d, n_threads);
                rs.mean_abs_shift = mean_abs_shift(nominal.rank, r.rank, &rs.max_abs_shift);
            } catch (const error& e) {  // e.g. the only child of its group, or a fit that fails without it
                rs.mean_abs_shift = NAN;
                rs.error = e.what();
            }
            a.removals.push_back(std::move(rs));
        }
    }
    if (s.sobol_samples > 0) run_sobol(s, ev, ev, nominal, n_threads, a);
    if (s.audit) a.audit_json = audit_json(nominal, s.collinear, s.negative_parent);
    return a;
}

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
