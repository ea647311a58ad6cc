// Run fn(block) for every block in [0, n_blocks) on up to n_threads threads. Blocks write disjoint
// outputs, so the result never depends on which thread ran which block; the first exception by
// block index is rethrown, so errors are deterministic too.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace civiscore {
inline namespace v0 {

inline int resolve_threads(int n_threads) {
    if (n_threads > 0) return n_threads;
    const unsigned hw = std::thread::hardware_concurrency();
    return hw == 0 ? 1 : static_cast<int>(hw);
}

template <class Fn>
void parallel_for_blocks(std::size_t n_blocks, int n_threads, Fn&& fn) {
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(n_threads)), n_blocks);
    std::vector<std::exception_ptr> errors(n_blocks);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t b = next++; b < n_blocks; b = next++) {
            try {
                fn(b);
            } catch (...) {
                errors[b] = std::current_exception();
            }
        }
    };
    if (workers <= 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        pool.reserve(workers - 1);
        for (std::size_t t = 1; t < workers; ++t) pool.emplace_back(work);
        work();
        for (auto& t : pool) t.join();
    }
    for (auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
}

}  // namespace v0
}  // namespace civiscore
