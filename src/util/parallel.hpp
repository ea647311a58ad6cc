// Run fn(block) for every block in [0, n_blocks) on up to n_threads threads. Blocks write disjoint
// outputs, so the result never depends on which thread ran which block; the first exception by
// block index is rethrown, so errors are deterministic too.
#pragma once

#include <civiscore/error.hpp>

#include "util/thread_pool.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace civiscore {
inline namespace v0 {

// n_threads > 0: that many. 0: the environment variable CIVISCORE_THREADS when set (a whole number
// >= 1; anything else is an invalid_argument_error naming it, never a silent default), else one per
// core. Results never depend on the count, so the variable only tunes speed (e.g. on shared servers).
inline int resolve_threads(int n_threads) {
    if (n_threads > 0) return n_threads;
    if (const char* env = std::getenv("CIVISCORE_THREADS"); env && *env) {
        int v = 0;
        const char* end = env + std::strlen(env);
        const auto [p, ec] = std::from_chars(env, end, v);
        if (ec != std::errc() || p != end || v < 1)
            throw invalid_argument_error(std::string("CIVISCORE_THREADS: must be a whole number >= 1, not '") + env + "'");
        return v;
    }
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
    if (workers <= 1) work();  // also no blocks at all
    else run_with_helpers(workers - 1, work);
    for (auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
}

// fn(column, block) for every column in [0, n_columns) and block in [0, n_blocks) of a column-major
// table. Threads take runs of consecutive blocks of one column, so each streams through memory:
// every column's block at once would be more streams than the hardware prefetcher follows.
template <class Fn>
void parallel_for_column_blocks(std::size_t n_columns, std::size_t n_blocks, int n_threads, Fn&& fn) {
    constexpr std::size_t blocks_per_run = 64;
    const std::size_t runs = (n_blocks + blocks_per_run - 1) / blocks_per_run;
    parallel_for_blocks(runs * n_columns, n_threads, [&](std::size_t task) {
        const std::size_t column = task / runs, first = (task % runs) * blocks_per_run;
        const std::size_t last = std::min(n_blocks, first + blocks_per_run);
        for (std::size_t b = first; b < last; ++b) fn(column, b);
    });
}

}  // namespace v0
}  // namespace civiscore
