// MCDA aggregators of a group (TOPSIS, VIKOR, grey relational analysis, fuzzy evaluation, Copeland):
// fit learns each relative method's reference from the children's fitted scores; score maps every
// unit alone onto the model scale with it (docs/methods.md "MCDA aggregators").
#pragma once

#include <civiscore/data.hpp>
#include <civiscore/engine.hpp>
#include <civiscore/model.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {

// Whether group `n` has an MCDA aggregation that learns from the data in fit.
[[nodiscard]] bool mcda_learns(const node& n) noexcept;

class mcda_scorer {
public:
    mcda_scorer(const model& m, std::size_t n_units);

    // fit: learn group n's reference from its children's values (scores: node-major, n_units per
    // node) over the units with every child scored, with the children's weights w; appends to f.
    void learn(int n, const std::vector<double>& w, const double* scores, fitted& f) const;

    // score units [begin, begin + len) of group n into scores/coverage (same layout), with the same
    // coverage rules as every other aggregation. Blocks of one node may run concurrently.
    void aggregate(int n, const std::vector<double>& w, const fitted& f, double* scores, double* coverage,
                   std::size_t begin, std::size_t len, const dataset& d);

    // The result's "mcda" JSON: per MCDA group, per-unit VIKOR S/R/Q and compromise set, fuzzy
    // grade distribution B; "" when the model has no MCDA group. `r` holds the final scores.
    [[nodiscard]] std::string report_json(const result& r) const;

private:
    const model& m_;
    std::size_t n_units_;
    std::vector<std::vector<double>> extra_;  // per node: VIKOR S, R, Q (3 x n_units) or fuzzy B (grades x n_units)
    // Per VIKOR/fuzzy node: 1 where the unit's node value stands (min_coverage passed). Kept here,
    // not read back from the result, whose rows hold only the nodes score_options::keep keeps.
    std::vector<std::vector<char>> stands_;
};

// The node report's "mcda" entry of group `nd`: its parameters and what fit learned.
[[nodiscard]] nlohmann::json mcda_node_json(const node& nd, const fitted& f);

// The fitted state's "node_mcda" part (engine/fitted_mcda_json.cpp).
void mcda_fitted_to_json(const fitted& f, nlohmann::json& doc);
void mcda_fitted_from_json(const model& m, const nlohmann::json& doc, fitted& f);

}  // namespace v0
}  // namespace civiscore
