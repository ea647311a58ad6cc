// libFuzzer target: the fitted-state loader (civiscore::fitted_from_json) against a fixed model
// with every data-dependent rule (min-max, z-score, cost and benefit), and against the same
// indicators under MCDA groups that learn in fit (TOPSIS, VIKOR, GRA, Copeland: "node_mcda"). Any input must either load or
// throw civiscore::fitted_error; a state that loads must score a fixed dataset without crashing, and
// every score must be finite or NaN (missing) — never infinite.
#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace {

constexpr std::string_view model_json = R"({
  "civiscore_model": 1, "id": "fuzz_fitted", "name": "fitted-state fuzz model",
  "root": {"id": "total", "children": [
    {"id": "mm", "rule": {"type": "min_max", "range": [0, 100]}},
    {"id": "mm_cost", "direction": "cost", "rule": {"type": "min_max", "range": [10, 20]}},
    {"id": "z", "rule": {"type": "z_score", "mean": 50, "sd": 10}},
    {"id": "z_cost", "direction": "cost", "rule": {"type": "z_score"}},
    {"id": "goal", "rule": {"type": "goalposts", "worst": 0, "best": 10}}
  ]}
})";

// The same five indicators (same order, so the same "indicators" part loads) under MCDA groups that
// learn a reference in fit: the fitted state's "node_mcda" part (corpus/fitted/node_mcda.json).
constexpr std::string_view mcda_model_json = R"({
  "civiscore_model": 1, "id": "fuzz_fitted_mcda", "name": "fitted-state fuzz model, MCDA groups",
  "root": {"id": "total", "aggregation": {"type": "grey_relational", "rho": 0.4}, "children": [
    {"id": "T", "aggregation": {"type": "topsis", "normalisation": "vector"}, "children": [
      {"id": "mm", "rule": {"type": "min_max", "range": [0, 100]}},
      {"id": "mm_cost", "direction": "cost", "rule": {"type": "min_max", "range": [10, 20]}}]},
    {"id": "V", "aggregation": {"type": "vikor", "v": 0.3}, "children": [
      {"id": "z", "rule": {"type": "z_score", "mean": 50, "sd": 10}},
      {"id": "z_cost", "direction": "cost", "rule": {"type": "z_score"}}]},
    {"id": "C", "aggregation": "copeland", "children": [
      {"id": "goal", "rule": {"type": "goalposts", "worst": 0, "best": 10}}]}
  ]}
})";

const civiscore::model_ptr& fixed_model() {
    static const civiscore::model_ptr m = civiscore::load_model(model_json);
    return m;
}

const civiscore::model_ptr& mcda_model() {
    static const civiscore::model_ptr m = civiscore::load_model(mcda_model_json);
    return m;
}

const civiscore::dataset& fixed_data() {
    static const civiscore::dataset d = [] {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // 4 units x 5 columns, row-major: ordinary values, extremes, a missing row.
        const double values[] = {1, 2, 3, 4, 5,
                                 -1e300, 1e300, 0, -0.0, 10,
                                 nan, nan, nan, nan, nan,
                                 4.9e-324, 1, 1e-300, 7, 3};
        return civiscore::dataset_from_matrix(values, 4, 5, civiscore::matrix_layout::row_major, 0,
                                              {"mm", "mm_cost", "z", "z_cost", "goal"}, {});
    }();
    return d;
}

// Any text either loads as model m's fitted state or throws fitted_error; a loaded state scores the
// fixed data (or refuses it with a data_error) with no infinite score.
void load_and_score(const civiscore::model_ptr& m, std::string_view text) {
    civiscore::fitted f;
    try {
        f = civiscore::fitted_from_json(*m, text);
    } catch (const civiscore::fitted_error&) {
        return;
    }
    if (f.stats.size() != m->indicators.size()) std::abort();
    civiscore::result r;
    try {
        r = civiscore::score(m, f, fixed_data(), 1);
    } catch (const civiscore::data_error&) {
        return;  // documented: e.g. a fitted state that cannot score this data
    }
    for (double s : r.scores)
        if (std::isinf(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    load_and_score(mcda_model(), text);  // node_mcda: TOPSIS, VIKOR, GRA, Copeland references
    const auto& m = fixed_model();
    civiscore::fitted f;
    try {
        f = civiscore::fitted_from_json(*m, text);
    } catch (const civiscore::fitted_error&) {
        return 0;
    }
    if (f.stats.size() != m->indicators.size()) std::abort();
    civiscore::result r;
    try {
        r = civiscore::score(m, f, fixed_data(), 1);
    } catch (const civiscore::data_error&) {
        return 0;  // documented: e.g. a fitted state that cannot score this data
    }
    for (double s : r.scores)
        if (std::isinf(s)) std::abort();
    return 0;
}
