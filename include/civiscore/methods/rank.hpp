// Ranking: descending, ties share the lowest rank ("1224"), missing scores unranked (0).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

// Rank of each score: 1 + the number of scores strictly greater. NaN scores get rank 0. The same
// ranks for any n_threads (0 = CIVISCORE_THREADS or one per core).
[[nodiscard]] std::vector<std::int64_t> competition_ranks(std::span<const double> scores, int n_threads = 1);
[[nodiscard]] inline std::vector<std::int64_t> competition_ranks(const std::vector<double>& scores, int n_threads = 1) {
    return competition_ranks(std::span<const double>(scores), n_threads);
}

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
