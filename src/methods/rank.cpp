// Competition ranking by one sort of indices, so ties and NaN handling cost O(n log n).
#include <civiscore/methods/rank.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace civiscore {
inline namespace v0 {
namespace methods {

std::vector<std::int64_t> competition_ranks(const std::vector<double>& scores) {
    std::vector<std::int64_t> ranks(scores.size(), 0);
    std::vector<std::size_t> order;
    order.reserve(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!std::isnan(scores[i])) {
            order.push_back(i);  // NaN is left out: it has no order and keeps rank 0
        }
    }
    // Stable, so equal scores keep input order and the walk below is deterministic.
    std::stable_sort(order.begin(), order.end(),
                     [&scores](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::int64_t rank = 0;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
        // A new score starts a new rank at its position: the count of strictly greater scores + 1.
        if (pos == 0 || scores[order[pos]] != scores[order[pos - 1]]) {
            rank = static_cast<std::int64_t>(pos) + 1;
        }
        ranks[order[pos]] = rank;
    }
    return ranks;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
