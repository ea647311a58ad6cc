// Competition ranking in O(n): ranks need only the count of strictly greater scores, so the scores
// are sorted by a 32-bit quantisation (ranks_by_quantised_scores) where they allow it, else by a
// stable radix sort of their full 64-bit keys. Either way NaN keeps rank 0.
#include <civiscore/methods/rank.hpp>

#include "util/huge_pages.hpp"
#include "util/parallel.hpp"
#include "util/radix_sort.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>

namespace civiscore {
inline namespace v0 {
namespace methods {
namespace {

void ranks_by_radix_sort(std::span<const double> scores, int n_threads, std::int64_t* ranks) {
    // Descending by score; a stable radix sort, so equal scores keep input order and the walk below
    // is deterministic.
    std::vector<keyed> order;
    reserve_huge(order, scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i)
        if (!std::isnan(scores[i])) order.push_back({~order_key(scores[i]), i});
    radix_sort(order, n_threads);
    std::int64_t rank = 0;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
        // A new score starts a new rank at its position: the count of strictly greater scores + 1.
        if (pos == 0 || scores[order[pos].second] != scores[order[pos - 1].second]) rank = static_cast<std::int64_t>(pos) + 1;
        ranks[order[pos].second] = rank;
    }
}

// Scores quantised to 32 bits, highest first: q(v) = (top - v) * 2^32 / (top - bottom) never
// decreases as v decreases (every step rounds monotonically), so sorting by q orders the scores
// except within runs of equal q, which are few and short and sorted by score afterwards. Key and
// unit pack into 8 bytes: three radix passes over 8 MB for a million scores, where the radix sort
// of (score key, unit) pairs takes five over 16 MB. False (nothing written) when the scores do not
// suit: infinities or a range beyond double, more than 2^32 units.
bool ranks_by_quantised_scores(std::span<const double> scores, int n_threads, std::int64_t* ranks) {
    const std::size_t n = scores.size();
    if (n >= (std::uint64_t{1} << 32)) return false;
    const std::size_t parts = std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(n_threads)), 16);
    auto range = [&](std::size_t t) { return std::pair{n * t / parts, n * (t + 1) / parts}; };
    std::vector<double> lo(parts, std::numeric_limits<double>::infinity()), hi(parts, -std::numeric_limits<double>::infinity());
    std::vector<std::size_t> present(parts, 0);
    parallel_for_blocks(parts, n_threads, [&](std::size_t t) {
        const auto [begin, end] = range(t);
        double a = lo[t], b = hi[t];  // in registers: the parts' slots share a cache line
        std::size_t count = 0;
        for (std::size_t u = begin; u < end; ++u) {  // NaN fails every comparison
            a = scores[u] < a ? scores[u] : a;
            b = scores[u] > b ? scores[u] : b;
            count += scores[u] == scores[u] ? 1 : 0;
        }
        lo[t] = a;
        hi[t] = b;
        present[t] = count;
    });
    const double top = *std::max_element(hi.begin(), hi.end()), bottom = *std::min_element(lo.begin(), lo.end());
    if (!std::isfinite(top) || !std::isfinite(bottom) || !std::isfinite(top - bottom)) return false;
    const double scale = top > bottom ? 0x1p32 / (top - bottom) : 0.0;
    if (!std::isfinite(scale)) return false;
    constexpr std::uint64_t max_q = (std::uint64_t{1} << 32) - 1;
    // Each part's present units, in unit order, at its offset: q in the high half, the unit below.
    std::vector<std::size_t> offset(parts + 1, 0);
    for (std::size_t t = 0; t < parts; ++t) offset[t + 1] = offset[t] + present[t];
    std::vector<std::uint64_t> order;
    reserve_huge(order, offset[parts]);
    order.resize(offset[parts]);
    parallel_for_blocks(parts, n_threads, [&](std::size_t t) {
        const auto [begin, end] = range(t);
        std::uint64_t* out = order.data() + offset[t];
        for (std::size_t u = begin; u < end; ++u) {
            if (scores[u] != scores[u]) continue;
            const std::uint64_t q = std::min(max_q, static_cast<std::uint64_t>((top - scores[u]) * scale));
            *out++ = q << 32 | u;
        }
    });
    radix_sort(order, [](std::uint64_t e) { return e >> 32; }, 32, n_threads);
    // Runs of equal q (ties, and rarely distinct scores a 2^-32 of the range apart) in score order.
    // Scores are read only there: a different q is a different score.
    auto q_of = [](std::uint64_t e) { return e >> 32; };
    auto score_of = [&](std::uint64_t e) { return scores[e & max_q]; };
    const std::size_t m = order.size();
    for (std::size_t pos = 0; pos < m;) {
        std::size_t end = pos + 1;
        while (end < m && q_of(order[end]) == q_of(order[pos])) ++end;
        if (end - pos > 1)
            std::sort(order.begin() + static_cast<std::ptrdiff_t>(pos), order.begin() + static_cast<std::ptrdiff_t>(end),
                      [&](std::uint64_t a, std::uint64_t b) { return score_of(a) > score_of(b); });
        pos = end;
    }
    // A new score starts a new rank at its position: the count of strictly greater scores + 1. Each
    // part finds the rank it starts with by going back to the first of its first score's ties.
    auto same_score = [&](std::size_t pos) {  // order[pos] ties with order[pos - 1]
        return q_of(order[pos]) == q_of(order[pos - 1]) && score_of(order[pos]) == score_of(order[pos - 1]);
    };
    parallel_for_blocks(parts, n_threads, [&](std::size_t t) {
        const std::size_t begin = m * t / parts, end = m * (t + 1) / parts;
        if (begin == end) return;
        std::size_t first = begin;
        while (first > 0 && same_score(first)) --first;
        auto rank = static_cast<std::int64_t>(first) + 1;
        for (std::size_t pos = begin; pos < end; ++pos) {
            if (pos > begin && !same_score(pos)) rank = static_cast<std::int64_t>(pos) + 1;
            ranks[order[pos] & max_q] = rank;
        }
    });
    return true;
}

}  // namespace

std::vector<std::int64_t> competition_ranks(std::span<const double> scores, int n_threads) {
    std::vector<std::int64_t> ranks;
    assign_huge(ranks, scores.size(), std::int64_t{0});
    if (scores.size() < (std::size_t{1} << 14) || !ranks_by_quantised_scores(scores, n_threads, ranks.data()))
        ranks_by_radix_sort(scores, n_threads, ranks.data());
    return ranks;
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
