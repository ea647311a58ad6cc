// Weights a group learns from its children's scores over the fitted data (entropy, CRITIC, ...,
// combined). They depend on the children's scores, which depend on the weights below, so they are
// learned bottom-up in one scoring pass over the whole fitted data set (score.cpp).
#pragma once

#include <civiscore/engine.hpp>

namespace civiscore {
inline namespace v0 {

// fit for a model that needs_whole_data: learn the treatment, fit the rules on the treated data,
// then learn the groups' weights.
[[nodiscard]] fitted fit_whole_data(const model& m, const dataset& d, int n_threads);
// Learn what each whole-column normaliser rule needs (sorted column, norm, sum, best) from
// `treated` into f.normalisers (engine/fit_normalisers.cpp).
void learn_normalisers(const model& m, fitted& f, const dataset& treated);
// Whether any indicator's rule needs its whole fitted column.
[[nodiscard]] bool has_whole_column_rules(const model& m) noexcept;
// Whether group `n` learns its children's weights in fit.
[[nodiscard]] bool learns_weights(const node& n) noexcept;
// Learn every group's weights from `treated` (the fitted data after treatment), given `f` with its
// indicator statistics already set; fills f.node_weights.
void learn_node_weights(const model& m, fitted& f, const dataset& treated, int n_threads);
// The weights (one per child, not normalised) group `n` uses under `f`.
[[nodiscard]] std::vector<double> child_weights(const model& m, const fitted& f, int n);
// The report of every group: weights used, AHP diagnostics, learned weights, warnings (JSON).
[[nodiscard]] std::string node_report_json(const model& m, const fitted& f, const std::vector<double>& local);

}  // namespace v0
}  // namespace civiscore
