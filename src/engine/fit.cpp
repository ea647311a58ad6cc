#include <civiscore/engine.hpp>
#include <civiscore/error.hpp>

#include "engine/derive.hpp"
#include "engine/learn.hpp"
#include "util/parallel.hpp"
#include "util/sha256.hpp"

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace civiscore {
inline namespace v0 {

methods::fitted_params fitted::params(std::size_t indicator) const noexcept {
    const auto& s = stats[indicator];
    methods::fitted_params p;
    p.min = s.min;
    p.max = s.max;
    p.mean = s.mean;
    p.sd = s.sample_sd();
    return p;
}

std::string fitted::sha256() const { return sha256_hex(to_json()); }

// Partial statistics are only what min_max and z_score learn. A model that also learns from the whole
// data at once (data treatment, whole-column rules such as percentile_rank, learned weights) is
// one-pass-only: refuse, naming why, rather than finalise a state that silently lacks those parts.
void require_mergeable(const model& m) {  // declared in engine.hpp
    if (!needs_whole_data(m)) return;
    std::string why;
    for (const node& n : m.nodes) {
        if (n.is_indicator && methods::needs_whole_column(n.rule)) {
            why = "indicator '" + n.id + "' (" + n.pointer + ") uses a rule that needs its whole column";
            break;
        }
        if (!n.is_indicator && learns_weights(n)) {
            why = "group '" + n.id + "' (" + n.pointer + ") learns its children's weights from the data";
            break;
        }
        if (!n.is_indicator && n.mcda.learns()) {
            why = "group '" + n.id + "' (" + n.pointer + "/aggregation) learns its MCDA reference from its children's scores";
            break;
        }
    }
    if (why.empty()) why = "the model treats data (imputation, outliers or transforms) before scoring";
    throw invalid_argument_error("model '" + m.id + "' cannot be fitted from partial statistics: " + why +
                                 "; this needs one pass over all the data (civiscore_fit)");
}

partial_stats partial_fit(const model& m, const dataset& data, int n_threads) {
    const derived_data derived(m, data);  // the model's derived columns (engine/derive.cpp)
    const dataset& d = derived.data();
    const auto columns = bind_columns(m, d);
    const std::size_t n_units = d.unit_count();
    const std::size_t n_ind = m.indicators.size();

    // The column of each data-dependent indicator; other indicators learn nothing.
    std::unordered_map<std::string_view, const column*> by_id;
    for (std::size_t c = 0; c < m.input_columns.size(); ++c) by_id.emplace(m.input_columns[c], columns[c]);
    std::vector<const column*> source(n_ind, nullptr);
    for (std::size_t i = 0; i < n_ind; ++i) {
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        if (methods::is_data_dependent(n.rule)) source[i] = by_id.at(n.columns.front());
    }

    // Partial statistics per fixed block, merged in block order: identical for any thread count.
    const std::size_t n_blocks = (n_units + block_size - 1) / block_size;
    std::vector<methods::column_stats> partial(n_blocks * n_ind);
    parallel_for_column_blocks(n_ind, n_blocks, n_threads, [&](std::size_t i, std::size_t b) {
        if (!source[i]) return;
        const std::size_t begin = b * block_size;
        const auto len = static_cast<Eigen::Index>(std::min(block_size, n_units - begin));
        partial[b * n_ind + i].add(Eigen::Map<const Eigen::ArrayXd>(source[i]->values.data() + begin, len));
    });

    partial_stats p;
    p.model_sha256 = m.sha256;
    p.unit_count = static_cast<std::int64_t>(n_units);
    p.stats.assign(n_ind, methods::column_stats{});
    for (std::size_t i = 0; i < n_ind; ++i) {
        p.indicator_ids.push_back(m.nodes[static_cast<std::size_t>(m.indicators[i])].id);
        p.learned.push_back(source[i] != nullptr ? 1 : 0);
    }
    for (std::size_t b = 0; b < n_blocks; ++b) {
        for (std::size_t i = 0; i < n_ind; ++i) p.stats[i].merge(partial[b * n_ind + i]);
    }
    return p;
}

void partial_stats::merge(const partial_stats& other) {
    if (other.model_sha256 != model_sha256 || other.stats.size() != stats.size())
        throw fitted_error("partial statistics of different models cannot be merged (model " + model_sha256 +
                           " and model " + other.model_sha256 + ")");
    for (std::size_t i = 0; i < stats.size(); ++i) stats[i].merge(other.stats[i]);
    unit_count += other.unit_count;
}

fitted finalize(const model& m, const partial_stats& p) {
    if (p.model_sha256 != m.sha256)
        throw fitted_error("the partial statistics were computed for model " + p.model_sha256 +
                           ", not for this model (" + m.sha256 + ")");
    if (p.stats.size() != m.indicators.size())
        throw fitted_error("the partial statistics do not match the model's indicators");
    // Every data-dependent rule today learns exactly the merged column statistics. A rule that needs
    // more (percentiles, entropy weights) must either finalise them here from mergeable sketches or be
    // declared one-pass-only (docs/distributed.md).
    fitted f;
    f.model_sha256 = p.model_sha256;
    f.indicator_ids = p.indicator_ids;
    f.learned = p.learned;
    f.stats = p.stats;
    f.unit_count = p.unit_count;
    // Squared deviations of values spread wider than about 1e154 overflow m2. Only z_score divides
    // by the sd: refuse it such a column, naming it; elsewhere m2 is unused, and saturating it at the
    // largest double keeps the fitted state finite JSON that reloads.
    for (std::size_t i = 0; i < f.stats.size(); ++i) {
        if (std::isfinite(f.stats[i].m2)) continue;
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        if (n.rule.kind == methods::rule_kind::z_score)
            throw fitted_error("indicator '" + n.id + "' (" + n.pointer + "/rule): its values are spread too widely for a z-score "
                               "(their squared deviations overflow double precision); rescale the column or use min_max");
        f.stats[i].m2 = std::numeric_limits<double>::max();
    }
    return f;
}

fitted fit(const model& m, const dataset& data, int n_threads) {
    const derived_data derived(m, data);  // computed once here; partial_fit sees them already derived
    const dataset& d = derived.data();
    // Data treatment and learned weights need one pass over all the data (engine/fit_whole.cpp).
    if (needs_whole_data(m)) return fit_whole_data(m, d, n_threads);
    return finalize(m, partial_fit(m, d, n_threads));
}

}  // namespace v0
}  // namespace civiscore
