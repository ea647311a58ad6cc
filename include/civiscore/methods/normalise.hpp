// Stand-alone normalisers: map each column of a units x criteria matrix onto a common scale.
// Pure functions. NaN is missing: it is skipped when learning a column's statistics and stays NaN.
//
// Output range. Every normaliser whose result is a fraction f (0 = worst, 1 = best, before the
// range) returns lo + (hi - lo) * f; with the defaults lo = 0, hi = 1 that is f itself. z-score
// returns mean_out + sd_out * z instead, and rank returns raw ranks (1 = worst) with no range.
//
// Constant column (fewer than two distinct non-missing values): every data-dependent normaliser
// (min_max, z_score, distance_to_target, distance_to_best, percentile_rank, vector, sum, max,
// log_min_max) returns the midpoint (lo + hi) / 2 for every present value (z_score: mean_out),
// so a criterion that does not discriminate puts every unit in the middle. rank keeps its tie rule
// (all tied). categorical does not learn from data and is unaffected.
//
// types: +1 benefit (higher is better), -1 cost (lower is better); the result is always "higher
// is better". Errors (invalid_argument_error) name the column (0-based) and, for values, the row.
#pragma once

#include <Eigen/Core>

#include <string>
#include <string_view>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

enum class normaliser {
    min_max,             // f = (x - min) / (max - min); cost (max - x) / (max - min)
    z_score,             // mean_out + sd_out * (x - mean) / sd (cost negated); sample sd by default
    distance_to_target,  // COINr n_dist2targ: (x - min) / (target - min), cost (max - x) / (max - target), capped at 1
    distance_to_best,    // ratio to the best unit: x / max; cost min / x (needs x > 0)
    rank,                // rank 1..m, 1 = worst; ties "min" (default) or "average"
    percentile_rank,     // (rank_min - 1) / (m - 1), ties = min (COINr n_prank)
    vector,              // x / ||x||_2; cost 1 - x / ||x||_2 (pymcdm vector_normalization)
    sum,                 // x / sum x; cost (1/x) / sum(1/x) (pymcdm sum_normalization)
    max,                 // x / max; cost 1 - x / max (pymcdm max_normalization)
    log_min_max,         // y = ln(x - min + 1), then min_max of y (COINr-style log before scaling)
    categorical,         // map each category value to its score (no learning, no range)
};

enum class rank_ties { min, average };

// A category value and its score, for the categorical normaliser (score is returned as is).
struct category_score {
    double value = 0.0;
    double score = 0.0;
};

struct normalise_options {
    double lo = 0.0, hi = 1.0;          // output range for fraction normalisers
    double mean_out = 0.0, sd_out = 1.0;  // z_score output
    bool population_sd = false;         // z_score: population (n) instead of sample (n - 1) sd
    std::vector<double> targets;        // distance_to_target: one target per column (required)
    bool cap = true;                    // distance_to_target: cap the fraction at 1
    rank_ties ties = rank_ties::min;    // rank
    std::vector<category_score> categories;  // categorical: the same table for every column
};

// Method names as used by the C ABI, Python and model JSON: "min_max", "z_score",
// "distance_to_target", "distance_to_best", "rank", "percentile_rank", "vector", "sum", "max",
// "log_min_max", "categorical". Unknown names throw invalid_argument_error listing the known ones.
[[nodiscard]] normaliser normaliser_from_name(std::string_view name);
[[nodiscard]] const char* normaliser_name(normaliser n) noexcept;

// Normalise every column of X (units x criteria). `types` is empty (all benefit) or one +1/-1 per
// column. Throws invalid_argument_error on bad sizes, bad types, a missing target, a value a
// ratio normaliser cannot take (x <= 0 for distance_to_best cost or sum cost, negative values for
// vector/sum/max) or a value absent from the categorical table, naming row and column.
[[nodiscard]] Eigen::MatrixXd normalise(normaliser method, const Eigen::MatrixXd& X,
                                        const std::vector<int>& types,
                                        const normalise_options& options = {});

// One column; `column` is used only in error messages.
void normalise_column(normaliser method, const Eigen::Ref<const Eigen::VectorXd>& x, int type,
                      const normalise_options& options, Eigen::Ref<Eigen::VectorXd> out,
                      Eigen::Index column = 0);

// What a normaliser learns from a column (the fitted column inside a model), so the same mapping can
// be applied later to other values (scoring new data with an old fit). normalise_column(x) is
// apply_normaliser(learn_normaliser(x), x): on the learning column both give identical numbers.
struct normaliser_fit {
    Eigen::Index count = 0;        // present values
    double min = 0.0, max = 0.0, sum = 0.0;
    double mean = 0.0, sd = 0.0;   // z_score (sd sample or population per options.population_sd)
    double norm = 0.0;             // vector: L2 norm of the column
    double inverse_sum = 0.0;      // sum, cost: sum of 1/x
    std::vector<double> sorted;    // rank, percentile_rank: the present values, ascending
};
// Learn from the present values of x; the same value checks as normalise_column (naming `column`).
[[nodiscard]] normaliser_fit learn_normaliser(normaliser method, const Eigen::Ref<const Eigen::VectorXd>& x,
                                              int type, const normalise_options& options,
                                              Eigen::Index column = 0);
// Map x with a learned fit. A value outside the learned data is mapped by the same formula (min-max
// style results may leave [lo, hi]); rank and percentile_rank place it among the learned values
// (rank = 1 + the learned values it beats, ties as options.ties; percentile clamped to [0, 1]).
void apply_normaliser(normaliser method, const normaliser_fit& fit,
                      const Eigen::Ref<const Eigen::VectorXd>& x, int type,
                      const normalise_options& options, Eigen::Ref<Eigen::VectorXd> out,
                      Eigen::Index column = 0);

// Ranks of the present values of x (NaN stays NaN), ascending: 1 = smallest.
[[nodiscard]] Eigen::VectorXd ascending_ranks(const Eigen::Ref<const Eigen::VectorXd>& x,
                                              rank_ties ties);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
