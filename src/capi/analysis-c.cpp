// C ABI: uncertainty, sensitivity and audit (docs/sensitivity.md). The shim checks arguments and
// hands over to civiscore/analyse; what civiscore_analysis_write_string writes is exactly what
// `civiscore analyze` prints, so the CLI, C and Python never disagree.
#include "civiscore.h"

#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include <civiscore/analyse/analysis.hpp>
#include <civiscore/analyse/sobol.hpp>

#include <cmath>
#include <memory>
#include <string>

using civiscore::capi::check_array;
using civiscore::capi::check_out_buffer;
using civiscore::capi::check_threads;
using civiscore::capi::copy_out;
using civiscore::capi::guard;
using civiscore::capi::guard_value;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

namespace an = civiscore::analysis;

// Only this file sees inside the handle; immutable once civiscore_analysis_run returns.
struct civiscore_analysis {
    an::analysis_result result;
};

namespace {

const an::analysis_result& with_units(const char* fn, const civiscore_analysis* a, std::size_t n) {
    const auto& r = require(a, fn, "analysis").result;
    if (!r.has_uncertainty)
        throw_invalid(std::string(fn) + ": the analysis ran no replications (its spec has no \"uncertain\" inputs, or \"uncertainty\": false)");
    if (n != r.units.size())
        throw_invalid(std::string(fn) + ": n is " + std::to_string(n) + " but the analysis has " + std::to_string(r.units.size()) + " units");
    return r;
}

}  // namespace

extern "C" {

int civiscore_analysis_run(const civiscore_model* model, const civiscore_dataset* dataset, const char* spec_json,
                           int n_threads, civiscore_analysis** out_analysis) {
    return guard([&] {
        const char* fn = "civiscore_analysis_run";
        require(out_analysis, fn, "out_analysis");
        *out_analysis = nullptr;
        const auto& m = require(model, fn, "model");
        const auto& d = require(dataset, fn, "dataset");
        require(spec_json, fn, "spec_json");
        check_threads(fn, n_threads);
        const an::spec s = an::parse_spec(*m.model, spec_json);
        auto a = std::make_unique<civiscore_analysis>();
        a->result = an::analyse(m.model, d.data, s, n_threads);
        *out_analysis = a.release();
    });
}

void civiscore_analysis_free(civiscore_analysis* analysis) { delete analysis; }

int civiscore_analysis_write_string(const civiscore_analysis* analysis, int format, char* buf, size_t cap,
                                    size_t* out_len) {
    return guard([&] {
        const char* fn = "civiscore_analysis_write_string";
        const auto& r = require(analysis, fn, "analysis").result;
        check_out_buffer(fn, buf, cap);
        std::string text;
        if (format == CIVISCORE_FORMAT_JSON) {
            text = an::to_json(r);
        } else if (format == CIVISCORE_FORMAT_CSV) {
            if (!r.has_uncertainty) throw_invalid(std::string(fn) + ": CSV is the per-unit uncertainty table, and this analysis ran no replications");
            text = an::units_csv(r);
        } else {
            throw_invalid(std::string(fn) + ": format is " + std::to_string(format) + " (must be CIVISCORE_FORMAT_JSON or CIVISCORE_FORMAT_CSV)");
        }
        copy_out(text, buf, cap, out_len);
    });
}

size_t civiscore_analysis_unit_count(const civiscore_analysis* analysis) {
    return guard_value<size_t>(0, [&] { return require(analysis, "civiscore_analysis_unit_count", "analysis").result.unit_ids.size(); });
}

int civiscore_analysis_unit_ranks(const civiscore_analysis* analysis, double* out_nominal, double* out_p05,
                                  double* out_median, double* out_p95, size_t n) {
    return guard([&] {
        const auto& r = with_units("civiscore_analysis_unit_ranks", analysis, n);
        for (std::size_t u = 0; u < n; ++u) {
            const auto& s = r.units[u];
            if (out_nominal) out_nominal[u] = s.nominal_rank == 0 ? NAN : static_cast<double>(s.nominal_rank);
            if (out_p05) out_p05[u] = s.rank_p05;
            if (out_median) out_median[u] = s.rank_median;
            if (out_p95) out_p95[u] = s.rank_p95;
        }
    });
}

int civiscore_analysis_unit_scores(const civiscore_analysis* analysis, double* out_nominal, double* out_p05,
                                   double* out_median, double* out_p95, size_t n) {
    return guard([&] {
        const auto& r = with_units("civiscore_analysis_unit_scores", analysis, n);
        for (std::size_t u = 0; u < n; ++u) {
            const auto& s = r.units[u];
            if (out_nominal) out_nominal[u] = s.nominal_score;
            if (out_p05) out_p05[u] = s.score_p05;
            if (out_median) out_median[u] = s.score_median;
            if (out_p95) out_p95[u] = s.score_p95;
        }
    });
}

int civiscore_sobol_sample(size_t k, size_t n, uint64_t seed, double* out, size_t n_values) {
    return guard([&] {
        const char* fn = "civiscore_sobol_sample";
        if (k == 0 || n == 0) throw_invalid(std::string(fn) + ": k and n must be >= 1");
        check_array(fn, out, n_values, n * (k + 2) * k, "values (n (k + 2) rows of k)");
        const Eigen::MatrixXd x = an::saltelli_sample(k, n, seed);
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            for (Eigen::Index c = 0; c < x.cols(); ++c) out[static_cast<std::size_t>(r) * k + static_cast<std::size_t>(c)] = x(r, c);
    });
}

int civiscore_sobol_indices(const double* y, size_t n_values, size_t k, size_t n, size_t n_bootstrap,
                            double confidence, uint64_t seed, double* out_first, double* out_total,
                            double* out_first_ci, double* out_total_ci) {
    return guard([&] {
        const char* fn = "civiscore_sobol_indices";
        require(y, fn, "y");
        require(out_first, fn, "out_first");
        require(out_total, fn, "out_total");
        an::sobol_options o;
        o.bootstrap = n_bootstrap;
        o.confidence = confidence;
        o.seed = seed;
        const auto s = an::sobol_from_evaluations(
            Eigen::Map<const Eigen::VectorXd>(y, static_cast<Eigen::Index>(n_values)), k, n, o);
        for (std::size_t i = 0; i < k; ++i) {
            out_first[i] = s.first[i];
            out_total[i] = s.total[i];
            if (out_first_ci) {
                out_first_ci[2 * i] = s.first_lo[i];
                out_first_ci[2 * i + 1] = s.first_hi[i];
            }
            if (out_total_ci) {
                out_total_ci[2 * i] = s.total_lo[i];
                out_total_ci[2 * i + 1] = s.total_hi[i];
            }
        }
    });
}

}  // extern "C"
