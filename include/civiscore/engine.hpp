// The engine: fit learns data-dependent parameters from mergeable statistics; score maps every unit to
// scores for every node given the model and a fitted state.
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/methods/rules.hpp>
#include <civiscore/methods/stats.hpp>
#include <civiscore/model.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Everything learned from data for one model: per indicator, the statistics of its column.
struct fitted {
    std::string model_sha256;
    std::vector<std::string> indicator_ids;    // model indicator order
    std::vector<char> learned;                 // 1 where the indicator's rule is data-dependent
    std::vector<methods::column_stats> stats;  // one per indicator (empty where nothing is learned)
    std::int64_t unit_count = 0;

    [[nodiscard]] methods::fitted_params params(std::size_t indicator) const noexcept;
    [[nodiscard]] std::string to_json() const;  // canonical (sorted keys, no white space)
    [[nodiscard]] std::string sha256() const;
};

// Read a fitted state for `m`; fitted_error if malformed or made for another model.
[[nodiscard]] fitted fitted_from_json(const model& m, std::string_view json_text);

enum class unit_status : int { ok = 0, partial = 1, unscored = 2 };

struct result {
    model_ptr model;
    std::vector<std::string> unit_ids;
    std::size_t n_units = 0, n_nodes = 0;
    std::vector<double> scores;    // node-major: scores[node * n_units + unit], reported scores
    std::vector<double> coverage;  // same layout; NaN where the node is not applicable
    std::vector<unit_status> status;
    std::vector<std::int64_t> rank;  // 0 = unranked
    std::vector<int> grade;          // -1 = none
    std::vector<double> effective_weights;  // per model indicator
    std::string model_sha256, fitted_sha256, library_version;

    [[nodiscard]] double score(std::size_t unit, std::size_t node) const noexcept {
        return scores[node * n_units + unit];
    }
    [[nodiscard]] double node_coverage(std::size_t unit, std::size_t node) const noexcept {
        return coverage[node * n_units + unit];
    }
};

// Units are processed in blocks of this many; fixed so results never depend on the thread count.
inline constexpr std::size_t block_size = 1024;

// Map the model's input columns to dataset columns; data_error naming every missing column, or a
// text column with the first cell that is not a number.
[[nodiscard]] std::vector<const column*> bind_columns(const model& m, const dataset& d);

// n_threads 0 = hardware concurrency.
[[nodiscard]] fitted fit(const model& m, const dataset& d, int n_threads = 0);
[[nodiscard]] result score(const model_ptr& m, const fitted& f, const dataset& d, int n_threads = 0);
// Fit on `d`, then score `d`.
[[nodiscard]] result score(const model_ptr& m, const dataset& d, int n_threads = 0);

}  // namespace v0
}  // namespace civiscore
