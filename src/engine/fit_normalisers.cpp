// Whole-column normaliser rules (rank, percentile_rank, vector, sum, max, distance_to_best) learn
// more than the mergeable column statistics: the sorted fitted column, its norm, its sums, its best
// value. fit learns them here, in the one pass over all the (treated) data, with the same
// methods::learn_normaliser the stand-alone civiscore.methods.normalize uses, so scoring the fitted
// data reproduces the stand-alone numbers and scoring new data uses the base data's statistics.
#include "engine/learn.hpp"

#include <civiscore/error.hpp>

#include <Eigen/Core>

namespace civiscore {
inline namespace v0 {

bool has_whole_column_rules(const model& m) noexcept {
    for (int i : m.indicators)
        if (methods::needs_whole_column(m.nodes[static_cast<std::size_t>(i)].rule)) return true;
    return false;
}

void learn_normalisers(const model& m, fitted& f, const dataset& treated) {
    f.normalisers.clear();
    if (!has_whole_column_rules(m)) return;
    const auto bound = bind_columns(m, treated);
    f.normalisers.resize(m.indicators.size());
    for (std::size_t i = 0; i < m.indicators.size(); ++i) {
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        if (!methods::needs_whole_column(n.rule)) continue;
        const column* c = nullptr;
        for (std::size_t k = 0; k < m.input_columns.size(); ++k)
            if (m.input_columns[k] == n.columns.front()) c = bound[k];
        const Eigen::Map<const Eigen::VectorXd> x(c->values.data(), static_cast<Eigen::Index>(c->values.size()));
        const int type = n.rule.dir == methods::direction::benefit ? 1 : -1;
        try {
            f.normalisers[i] = methods::learn_normaliser(n.rule.norm, x, type, n.rule.norm_options, 0);
        } catch (const error& e) {
            throw data_error("indicator '" + n.id + "' (" + n.pointer + "/rule), column '" + n.columns.front() +
                             "' of the fitted data: " + e.what());
        }
    }
}

}  // namespace v0
}  // namespace civiscore
