// One replication of the uncertainty analysis: a point of uniforms -> the model variant its discrete
// choices select (patched, fitted and cached once) -> the variant's weights perturbed -> scored.
// Weights never change what fit learns for indicators, so a replication re-uses its variant's fitted
// state and only scores; only discrete choices (normalisation, aggregation, treatment, removal) refit.
#pragma once

#include <civiscore/analyse/analysis.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace analysis {

// The model with option patches applied (JSON merge patches at nodes) and, if `removed` is not
// empty, that indicator taken out of its group. invalid_argument_error naming the input and the
// model's problem when the variant is not a valid model.
[[nodiscard]] model_ptr model_variant(const model& m, const std::vector<std::pair<const factor*, std::size_t>>& choices,
                                      const std::string& removed);

// `m` with every group's weights as `f` makes it use them (learned, AHP, "over indicators") written
// in as explicit child weights: the same scores, and a perturbation then only changes node weights,
// whatever scheme produced them.
[[nodiscard]] model_ptr materialise_weights(const model& m, const fitted& f);

class reaggregator;

struct evaluation {
    std::vector<double> root;          // reported root score per unit (NaN = unscored)
    std::vector<std::int64_t> rank;    // 0 = unranked
    std::vector<int> grade;            // -1 = none
};

class evaluator {
public:
    evaluator(const model_ptr& m, const fitted& f, const dataset& d, const spec& s);

    [[nodiscard]] std::size_t dims() const noexcept { return dims_; }
    [[nodiscard]] std::size_t offset(std::size_t factor) const noexcept { return offsets_[factor]; }
    // Build (fit) the variants the given points need, in key order, each fit on n_threads.
    void prepare(const std::vector<double>& points, std::size_t n_points, int n_threads);
    // Score one point (dims() uniforms) on one thread. Thread-safe after prepare.
    [[nodiscard]] evaluation evaluate(const double* u) const;

private:
    struct variant {
        model_ptr model;
        std::shared_ptr<const fitted> fit;
        std::shared_ptr<const reaggregator> fast;  // weights-only replications (reaggregate.hpp)
    };
    model_ptr nominal_;
    std::shared_ptr<const fitted> nominal_fit_;
    const dataset& data_;
    const spec& spec_;
    std::size_t dims_ = 0;
    std::vector<std::size_t> offsets_;
    std::map<std::string, std::vector<std::string>> children_;  // nominal children ids per group
    std::map<std::vector<std::size_t>, variant> variants_;

    [[nodiscard]] std::vector<std::size_t> key(const double* u) const;
};

}  // namespace analysis
}  // namespace v0
}  // namespace civiscore
