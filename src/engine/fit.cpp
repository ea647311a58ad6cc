#include <civiscore/engine.hpp>

#include "util/parallel.hpp"
#include "util/sha256.hpp"

#include <Eigen/Core>

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

fitted fit(const model& m, const dataset& d, int n_threads) {
    const auto columns = bind_columns(m, d);
    const std::size_t n_units = d.unit_count();
    const std::size_t n_ind = m.indicators.size();

    // The column of each data-dependent indicator; other indicators learn nothing.
    std::vector<const column*> source(n_ind, nullptr);
    for (std::size_t i = 0; i < n_ind; ++i) {
        const node& n = m.nodes[static_cast<std::size_t>(m.indicators[i])];
        if (!methods::is_data_dependent(n.rule)) continue;
        for (std::size_t c = 0; c < m.input_columns.size(); ++c) {
            if (m.input_columns[c] == n.columns.front()) source[i] = columns[c];
        }
    }

    // Partial statistics per fixed block, merged in block order: identical for any thread count.
    const std::size_t n_blocks = (n_units + block_size - 1) / block_size;
    std::vector<methods::column_stats> partial(n_blocks * n_ind);
    parallel_for_blocks(n_blocks, n_threads, [&](std::size_t b) {
        const std::size_t begin = b * block_size;
        const auto len = static_cast<Eigen::Index>(std::min(block_size, n_units - begin));
        for (std::size_t i = 0; i < n_ind; ++i) {
            if (!source[i]) continue;
            partial[b * n_ind + i].add(Eigen::Map<const Eigen::ArrayXd>(source[i]->values.data() + begin, len));
        }
    });

    fitted f;
    f.model_sha256 = m.sha256;
    f.unit_count = static_cast<std::int64_t>(n_units);
    f.stats.assign(n_ind, methods::column_stats{});
    for (std::size_t i = 0; i < n_ind; ++i) {
        f.indicator_ids.push_back(m.nodes[static_cast<std::size_t>(m.indicators[i])].id);
        f.learned.push_back(source[i] != nullptr ? 1 : 0);
    }
    for (std::size_t b = 0; b < n_blocks; ++b) {
        for (std::size_t i = 0; i < n_ind; ++i) f.stats[i].merge(partial[b * n_ind + i]);
    }
    return f;
}

}  // namespace v0
}  // namespace civiscore
