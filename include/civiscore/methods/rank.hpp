// Ranking: descending, ties share the lowest rank ("1224"), missing scores unranked (0).
#pragma once

#include <cstdint>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace methods {

// Rank of each score: 1 + the number of scores strictly greater. NaN scores get rank 0.
[[nodiscard]] std::vector<std::int64_t> competition_ranks(const std::vector<double>& scores);

}  // namespace methods
}  // namespace v0
}  // namespace civiscore
