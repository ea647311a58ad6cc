// Single-unit scoring for online platforms: everything that depends on the model and the fitted
// state (column positions, rule parameters, each group's weights) is resolved once, so scoring one
// unit is a walk over flat arrays that allocates nothing and equals batch scoring (score.cpp) bit for
// bit. Models that need more than a per-value rule and a weighted arithmetic mean per group (data
// treatment, whole-column normalisers, deduction rules, other aggregations, MCDA, derived columns)
// are refused when the scorer is built, naming the node, so nothing is scored differently from batch.
#pragma once

#include <civiscore/engine.hpp>

#include <cstddef>
#include <vector>

namespace civiscore {
inline namespace v0 {

class unit_scorer {
public:
    // invalid_argument_error naming the first node the scorer cannot take; fitted_error if `f` was
    // made for another model.
    unit_scorer(model_ptr m, const fitted& f);

    [[nodiscard]] const model& the_model() const noexcept { return *m_; }
    // Values in the model's input column order (model::input_columns), NaN = missing.
    [[nodiscard]] std::size_t input_count() const noexcept { return m_->input_columns.size(); }
    [[nodiscard]] std::size_t node_count() const noexcept { return m_->nodes.size(); }

    // Score one unit into `scores` and `coverage` (node_count() each, model order, as result::score
    // and result::node_coverage); status and grade as in result. Allocates nothing; data_error (which
    // does allocate its message) on a value the model refuses, naming the indicator.
    void score(const double* values, double* scores, double* coverage, unit_status& status, int& grade) const;

private:
    struct indicator_step {
        int node;
        std::size_t input;     // position of its column in the input values
        std::size_t slot;      // position among the model's indicators
        double p1 = 0, p2 = 0; // min/max (min_max) or mean/sd (z_score)
        bool no_fit_values = false;  // fit saw no values: a present value is an error
    };
    struct group_step {
        int node;
        std::size_t first, count;  // its children in children_/weights_
    };
    model_ptr m_;
    std::vector<indicator_step> indicators_;
    std::vector<group_step> groups_;  // post-order: children before parents
    std::vector<int> children_;
    std::vector<double> weights_;
};

}  // namespace v0
}  // namespace civiscore
