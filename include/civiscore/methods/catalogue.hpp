// The stand-alone method catalogue by name, with options as a JSON object: the one entry used by
// the C ABI (civiscore_methods_*) and so by Python, and usable by the model engine, so every
// surface gives the same numbers. Unknown method names and unknown option keys throw
// invalid_argument_error naming them; a wrongly typed option names its key.
//
// Matrices are units (rows) x criteria (columns); types empty = all benefit.
// Option keys per method are listed in docs/methods.md (and each function's .cpp).
#pragma once

#include <civiscore/methods/ahp.hpp>

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

// Normalisers of normalise.hpp. Options: "lo", "hi", "mean", "sd", "population_sd",
// "targets" [per column], "cap", "ties" ("min" | "average"), "categories" [[value, score], ...].
[[nodiscard]] Eigen::MatrixXd normalise_named(std::string_view method, const Eigen::MatrixXd& X,
                                              const std::vector<int>& types,
                                              std::string_view options_json);

struct weights_output {
    Eigen::VectorXd weights;
    std::string report_json;  // "{}" or method details: pca eigenvalues/loadings/retained, game-theory alpha
};
// Methods of weights.hpp plus "combined_linear" (options "alpha", default 0.5),
// "combined_multiplicative" and "combined_game_theory", which combine either
// "of": ["entropy", "critic", ...] (each learned from X with default options) or
// "weights": [[...], [...]] given directly. Other options: "correlation" ("pearson" |
// "spearman"), "minmax_scale_first", "retain" ("kaiser" | "variance" | "count"),
// "variance_threshold", "n_components".
[[nodiscard]] weights_output weights_named(std::string_view method, const Eigen::MatrixXd& X,
                                           const std::vector<int>& types,
                                           std::string_view options_json);

struct rank_output {
    Eigen::VectorXd score;             // the method's score per unit (see `higher_is_better`)
    std::vector<std::int64_t> ranks;   // 1 = best; ties share the lowest rank
    bool higher_is_better = true;      // false for VIKOR (score = Q)
    std::string extra_json;            // method details (VIKOR S/R/Q/compromise, fuzzy B, ...)
};
// "topsis" (options "normalisation": "min_max" | "vector" | "none"), "topsis_absolute" ("ideal",
// "anti_ideal" per criterion), "vikor" ("v"), "grey_relational" ("rho"), "fuzzy" (see .cpp:
// "operator", "grade_values", "plateau_lo"/"plateau_hi" or "peaks" per criterion), "copeland",
// "mazziotta_pareto" ("penalty": -1 | 1).
[[nodiscard]] rank_output rank_named(std::string_view method, const Eigen::MatrixXd& X,
                                     const Eigen::VectorXd& w, const std::vector<int>& types,
                                     std::string_view options_json);

// Means of means.hpp by name ("arithmetic", "geometric", "harmonic", "power", "median",
// "minimum", "maximum"); options "p", "policy" ("error" | "shift_epsilon"), "epsilon".
[[nodiscard]] double aggregate_named(std::string_view method, const Eigen::VectorXd& x,
                                     const Eigen::VectorXd& w, std::string_view options_json);

// AHP of one matrix, or of several experts' matrices ("group": "aij" | "aip_geometric" |
// "aip_arithmetic", "expert_weights"). Options: "priority" ("eigenvector" | "geometric_mean"),
// "ri_table", "threshold", "saaty_scale", "tolerance".
struct ahp_output {
    ahp_result result;        // AIJ: AHP of the merged matrix. AIP: weights = merged priorities, and
                              // lambda_max/ci/cr of the least consistent expert, consistent = all are
    std::string report_json;  // {"lambda_max", "ci", "cr", "ri", "ri_table", "consistent", "threshold",
                              //  "missing", "completed", "experts": [...] for groups}
};
[[nodiscard]] ahp_output ahp_named(const std::vector<Eigen::MatrixXd>& matrices,
                                   std::string_view options_json);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
