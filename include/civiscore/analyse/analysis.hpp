// How much to trust a ranking: Monte Carlo uncertainty analysis over declared uncertain inputs,
// Sobol sensitivity of the ranking to each of them, and the statistical audit of the index
// (correlations, Cronbach's alpha, PCA, effective weights). The analysis spec is JSON
// (docs/sensitivity.md); results are JSON and a per-unit table.
#pragma once

#include <civiscore/analyse/sobol.hpp>
#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace analysis {

// One uncertain input (a Sobol factor). Its value is drawn from `dims` uniforms of the replication.
struct factor {
    enum class kind { weights, choice, remove } type = kind::weights;
    std::string name;                 // "weights:Conn", "choice:<id>", "remove"
    // weights: groups whose children's weights are perturbed together ("*" = every group)
    std::vector<std::string> nodes;
    bool dirichlet = false;           // else uniform +-percent
    double percent = 25.0;            // uniform: w (1 + p/100 (2u - 1))
    double concentration = 100.0;     // dirichlet: alpha_j = c * w_j (w normalised)
    // choice: JSON merge patches of one node ("" node = the model document), picked uniformly
    std::string node;
    std::vector<std::string> choices;  // each a JSON object (text)
    // remove: indicators one of which is left out, or none ("" first = keep all)
    std::vector<std::string> removable;
    std::size_t dims = 1;             // uniforms used (filled by prepare)
};

struct spec {
    std::size_t replications = 1000;
    std::uint64_t seed = 1;
    std::vector<factor> factors;
    bool removal_shifts = true;            // per indicator: rank shift when it alone is removed
    std::vector<std::string> removal_indicators;  // empty = every indicator
    // Sobol: 0 samples = skip
    std::size_t sobol_samples = 0;
    bool sobol_per_unit = true;
    sobol_options sobol;
    // audit
    bool audit = true;
    double collinear = 0.92;               // |Pearson r| above this flags a collinear pair
    double negative_parent = 0.0;          // Pearson r with the parent below this flags the node
    bool uncertainty = true;
};

// Parse and validate a spec against the model; invalid_argument_error naming the JSON pointer.
[[nodiscard]] spec parse_spec(const model& m, std::string_view json_text);

struct unit_summary {
    double nominal_score = 0;
    std::int64_t nominal_rank = 0;   // 0 = unranked
    int nominal_grade = -1;
    double rank_median = 0, rank_p05 = 0, rank_p95 = 0, rank_mean = 0;
    double score_median = 0, score_p05 = 0, score_p95 = 0;
    std::size_t ranked = 0;              // replications in which the unit had a rank
    std::vector<double> grade_probability;  // per grade band, then "none" last
};

struct removal_shift {
    std::string indicator;
    double mean_abs_shift = 0;
    std::int64_t max_abs_shift = 0;
    std::string error;   // non-empty when the model without it is invalid (e.g. its group's only child)
};

struct sobol_report {
    std::vector<std::string> factor_names;
    sobol_indices rank_shift;                 // output: mean absolute rank shift
    std::vector<sobol_indices> per_unit;      // output: each unit's score (empty unless asked)
    std::size_t samples = 0, evaluations = 0;
};

struct analysis_result {
    model_ptr model;
    std::vector<std::string> unit_ids;
    std::vector<std::string> grade_labels;
    std::size_t replications = 0;
    std::uint64_t seed = 0;
    std::vector<std::string> factor_names;
    bool has_uncertainty = false;
    std::vector<unit_summary> units;
    std::vector<double> rank_shift;           // per replication: mean absolute rank shift
    std::vector<removal_shift> removals;
    sobol_report sobol;
    bool has_sobol = false;
    std::string audit_json;                   // "" when not asked
    std::string model_sha256, fitted_sha256;
};

// Fit `m` on `d`, score it, then run what the spec asks. n_threads 0 = hardware concurrency; results
// are identical for every thread count.
[[nodiscard]] analysis_result analyse(const model_ptr& m, const dataset& d, const spec& s, int n_threads = 0);

// The audit of a scored result (docs/sensitivity.md "Audit"), as JSON.
[[nodiscard]] std::string audit_json(const result& r, double collinear, double negative_parent);

[[nodiscard]] std::string to_json(const analysis_result& a);
// One row per unit: id, nominal score/rank/grade, rank and score percentiles, grade probabilities.
[[nodiscard]] std::string units_csv(const analysis_result& a);

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
