// score() for a data set whose unit ids are already known to be unique and non-empty: a C ABI
// dataset handle checked them when it was made and can never change afterwards, so checking them
// again on every call (8 ms per 10^6 units on two threads) proves nothing new. A C++ dataset is a
// public struct that may have changed since it was read, so the public score() always checks.
#pragma once

#include <civiscore/engine.hpp>

namespace civiscore {
inline namespace v0 {

[[nodiscard]] result score_with_checked_ids(const model_ptr& m, const fitted& f, const dataset& d, int n_threads,
                                            const score_options& options);

}  // namespace v0
}  // namespace civiscore
