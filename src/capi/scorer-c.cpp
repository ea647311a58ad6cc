// Single-unit scoring (online platforms): a prepared scorer, then one unit per call with no
// allocation on success.
#include "capi/args.hpp"
#include "capi/guard.hpp"
#include "capi/handles.hpp"

#include "engine/unit_scorer.hpp"

#include <memory>
#include <string>

using civiscore::capi::guard;
using civiscore::capi::require;
using civiscore::capi::throw_invalid;

struct civiscore_scorer {
    civiscore::unit_scorer scorer;
};

extern "C" {

int civiscore_scorer_new(const civiscore_model* model, const civiscore_fitted* fitted, civiscore_scorer** out_scorer) {
    return guard([&] {
        constexpr const char* fn = "civiscore_scorer_new";
        const auto& m = require(model, fn, "model");
        const auto& f = require(fitted, fn, "fitted");
        require(out_scorer, fn, "out_scorer");
        *out_scorer = new civiscore_scorer{civiscore::unit_scorer(m.model, f.fitted)};
    });
}

void civiscore_scorer_free(civiscore_scorer* scorer) { delete scorer; }

int civiscore_scorer_score(const civiscore_scorer* scorer, const double* values, size_t n_values,
                           double* out_scores, double* out_coverage, size_t n_nodes, int* out_status,
                           int* out_grade) {
    return guard([&] {
        constexpr const char* fn = "civiscore_scorer_score";
        const auto& s = require(scorer, fn, "scorer").scorer;
        require(values, fn, "values");
        require(out_scores, fn, "out_scores");
        require(out_coverage, fn, "out_coverage");
        if (n_values != s.input_count())
            throw_invalid(std::string(fn) + ": n_values is " + std::to_string(n_values) + ", the model reads " +
                          std::to_string(s.input_count()) + " input columns");
        if (n_nodes != s.node_count())
            throw_invalid(std::string(fn) + ": n_nodes is " + std::to_string(n_nodes) + ", the model has " +
                          std::to_string(s.node_count()) + " nodes");
        civiscore::unit_status status{};
        int grade = -1;
        s.score(values, out_scores, out_coverage, status, grade);
        if (out_status) *out_status = static_cast<int>(status);
        if (out_grade) *out_grade = grade;
    });
}

}  // extern "C"
