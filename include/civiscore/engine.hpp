// The engine: fit learns data-dependent parameters from mergeable statistics; score maps every unit to
// scores for every node given the model and a fitted state.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/methods/mcda_fitted.hpp>
#include <civiscore/methods/rules.hpp>
#include <civiscore/methods/stats.hpp>
#include <civiscore/model.hpp>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Data treatment of one indicator learned by fit (docs/methods.md "Data treatment").
struct indicator_treatment {
    double impute_value = NAN;                          // mean / median / zero / min imputation
    std::vector<std::pair<std::string, double>> group_values;  // group_mean: group label -> mean, sorted
    methods::outlier_fit outliers;
};

// Weights of a group's children learned by fit (objective or combined weighting).
struct learned_weights {
    std::string node_id;
    std::string method;           // "entropy", "critic", ..., "combined/linear", ...
    std::vector<double> weights;  // one per child, sum 1
    std::vector<double> alpha;    // game-theory combination: alpha* (subjective, objective)
    std::int64_t rows = 0;        // units (complete rows of the children's scores) learned from
};

// What a group's MCDA aggregation (TOPSIS, VIKOR, GRA, Copeland) learned in fit from its children's
// scores over the units with every child scored (docs/methods.md "MCDA aggregators").
struct learned_mcda {
    std::string node_id;
    methods::mcda_reference reference;
    std::int64_t rows = 0;
};

// Everything learned from data for one model: per indicator, the statistics of its column.
struct fitted {
    std::string model_sha256;
    std::vector<std::string> indicator_ids;    // model indicator order
    std::vector<char> learned;                 // 1 where the indicator's rule is data-dependent
    std::vector<methods::column_stats> stats;  // one per indicator (empty where nothing is learned)
    std::int64_t unit_count = 0;
    // Learned in one pass over all the data (needs_whole_data): empty when the model has none.
    std::vector<indicator_treatment> treatment;  // one per indicator when the model treats data
    std::vector<learned_weights> node_weights;   // one per group with learned weights, model order
    std::vector<learned_mcda> node_mcda;         // one per group whose MCDA aggregation learns, model order
    // One per indicator when a rule needs its whole fitted column (rank, percentile_rank, vector,
    // sum, max, distance_to_best: methods::needs_whole_column); default-constructed elsewhere.
    std::vector<methods::normaliser_fit> normalisers;

    [[nodiscard]] methods::fitted_params params(std::size_t indicator) const noexcept;
    [[nodiscard]] std::string to_json() const;  // canonical (sorted keys, no white space)
    [[nodiscard]] std::string sha256() const;
};

// Read a fitted state for `m`; fitted_error if malformed or made for another model.
[[nodiscard]] fitted fitted_from_json(const model& m, std::string_view json_text);

// Partial fit statistics of one chunk of data (a block, a file, a Dask partition): what `fit` learns,
// before finalising, in a form that merges. Every data-dependent rule today (min_max, z_score) learns
// only count/min/max/mean/m2, which merge exactly (count, min, max) or stably (mean, m2: Chan et al.),
// so fit(whole) == finalize(merge of the chunks' partials) up to rounding of mean and m2.
struct partial_stats {
    std::string model_sha256;
    std::vector<std::string> indicator_ids;    // model indicator order
    std::vector<char> learned;                 // 1 where the indicator's rule is data-dependent
    std::vector<methods::column_stats> stats;  // one per indicator
    std::int64_t unit_count = 0;

    // Fold `other` in; fitted_error if it was computed for another model.
    void merge(const partial_stats& other);
    [[nodiscard]] std::string to_json() const;  // canonical; doubles round-trip exactly
};

// The partial statistics of `d` for `m` (fixed blocks merged in block order: thread-count independent).
[[nodiscard]] partial_stats partial_fit(const model& m, const dataset& d, int n_threads = 0);
// Read partial statistics for `m`; fitted_error if malformed or made for another model.
[[nodiscard]] partial_stats partial_stats_from_json(const model& m, std::string_view json_text);
// The fitted state of `m` from (merged) partial statistics; fitted_error if made for another model.
[[nodiscard]] fitted finalize(const model& m, const partial_stats& p);
// invalid_argument_error naming the first indicator or group that makes `m` one-pass-only (see
// needs_whole_data): the public partial-statistics API refuses such models rather than finalise a
// state without their treatment, whole-column fits or learned weights. fit() itself still uses
// partial_fit/finalize internally for the mergeable part.
void require_mergeable(const model& m);

// Whether fitting `m` needs the whole data set in one pass (data treatment, learned weights) rather
// than mergeable partial statistics; partial_fit/finalize cannot fit such a model.
[[nodiscard]] bool needs_whole_data(const model& m) noexcept;

// One treated cell: what fit/score changed before normalisation, for the audit trail.
struct treatment_record {
    std::size_t unit = 0;    // row in the dataset
    int indicator = 0;       // node index
    double raw = NAN;        // value before this step (NaN when imputed)
    double treated = NAN;    // value after it
    std::string reason;      // "imputed: group_mean (EurAsia_group = Asia)", "winsorised: ...", "log: ..."
};

struct unit_rollup;  // civiscore/rollup.hpp

enum class unit_status : int { ok = 0, partial = 1, unscored = 2 };

struct result {
    model_ptr model;
    std::vector<std::string> unit_ids;
    std::size_t n_units = 0, n_nodes = 0;
    // Node-major: scores[row * n_units + unit], reported scores; row = node unless the result keeps
    // only some nodes (score_options::keep), then node_row says which row holds which node.
    std::vector<double> scores;
    std::vector<double> coverage;  // same layout; NaN where the node is not applicable
    std::vector<int> node_row;     // per node: its row, -1 if not kept; empty = every node, row = node
    std::vector<unit_status> status;
    std::vector<std::int64_t> rank;  // 0 = unranked
    std::vector<int> grade;          // -1 = none
    std::vector<double> effective_weights;  // per model indicator, from the weights actually used
    std::vector<double> local_weights;      // per node: its weight within its parent as used (root 1)
    std::vector<treatment_record> treatments;  // every treated cell, by indicator then unit
    std::string node_report;  // JSON: per group, weights used (method, learned, AHP CR...), warnings
    std::string checks_applied;  // JSON: changes made by data checks (docs/checks.md); "" if none
    std::string mcda;  // JSON: per MCDA group, VIKOR S/R/Q and compromise set, fuzzy B per unit; "" if none
    // Scores per street, district, ... (civiscore/rollup.hpp); null when the model declares no units.
    std::shared_ptr<const unit_rollup> rollup;
    std::string model_sha256, fitted_sha256, library_version;

    // Whether the result holds this node's scores (every node unless score_options::keep said otherwise).
    [[nodiscard]] bool kept(std::size_t node) const noexcept { return node_row.empty() || node_row[node] >= 0; }
    // The node's scores (coverage) for every unit, or nullptr when the node was not kept.
    [[nodiscard]] const double* node_scores(std::size_t node) const noexcept { return column(scores, node); }
    [[nodiscard]] const double* node_coverages(std::size_t node) const noexcept { return column(coverage, node); }
    // NaN for a node that was not kept.
    [[nodiscard]] double score(std::size_t unit, std::size_t node) const noexcept {
        const double* c = node_scores(node);
        return c ? c[unit] : NAN;
    }
    [[nodiscard]] double node_coverage(std::size_t unit, std::size_t node) const noexcept {
        const double* c = node_coverages(node);
        return c ? c[unit] : NAN;
    }

private:
    [[nodiscard]] const double* column(const std::vector<double>& v, std::size_t node) const noexcept {
        if (node_row.empty()) return v.data() + node * n_units;
        return node_row[node] < 0 ? nullptr : v.data() + static_cast<std::size_t>(node_row[node]) * n_units;
    }
};

// What a scoring run keeps. Province-scale runs that only need the index (or the index and its
// dimensions) skip writing every node's column: ranks, grades and statuses need only the root.
struct score_options {
    std::vector<int> keep;  // model node indices whose scores and coverage to keep; empty = every node
};

// The nodes a keep specification names (model order, root always included): comma-separated node
// ids and the words "all", "groups" (every node that is not an indicator), "indicators" and
// "depth:N" (the root and the nodes at most N levels below it: depth:1 = the index and its
// dimensions). invalid_argument_error naming the unknown word or id.
[[nodiscard]] std::vector<int> keep_nodes(const model& m, std::string_view spec);

// Units are processed in blocks of this many; fixed so results never depend on the thread count.
inline constexpr std::size_t block_size = 1024;

// Map the model's input columns to dataset columns; data_error naming every missing column, or a
// text column with the first cell that is not a number.
[[nodiscard]] std::vector<const column*> bind_columns(const model& m, const dataset& d);

// n_threads 0 = hardware concurrency.
[[nodiscard]] fitted fit(const model& m, const dataset& d, int n_threads = 0);
[[nodiscard]] result score(const model_ptr& m, const fitted& f, const dataset& d, int n_threads = 0,
                           const score_options& options = {});
// Fit on `d`, then score `d`.
[[nodiscard]] result score(const model_ptr& m, const dataset& d, int n_threads = 0, const score_options& options = {});

}  // namespace v0
}  // namespace civiscore
