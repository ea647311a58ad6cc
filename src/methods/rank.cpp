// Competition ranking by one stable radix sort of the scores, so ties and NaN handling cost O(n).
#include <civiscore/methods/rank.hpp>

#include "util/huge_pages.hpp"
#include "util/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace civiscore {
inline namespace v0 {
namespace methods {

std::vector<std::int64_t> competition_ranks(std::span<const double> scores, int n_threads) {
    std::vector<std::int64_t> ranks;
    assign_huge(ranks, scores.size(), std::int64_t{0});
    // Descending by score; a stable radix sort, so equal scores keep input order and the walk below
    // is deterministic. NaN is left out: it has no order and keeps rank 0.
    std::vector<keyed> order;
    reserve_huge(order, scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (!std::isnan(scores[i])) order.push_back({~order_key(scores[i]), i});
    radix_sort(order, n_threads);
    std::int64_t rank = 0;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
        // A new score starts a new rank at its position: the count of strictly greater scores + 1.
        if (pos == 0 || scores[order[pos].second] != scores[order[pos - 1].second]) {
            rank = static_cast<std::int64_t>(pos) + 1;
        }
        ranks[order[pos].second] = rank;
    }
    return ranks;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
