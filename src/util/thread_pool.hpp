// Threads that stay: a call of civiscore starts about thirty parallel loops, and starting a thread
// costs ~50 µs on the benchmark machine (8 % of scoring 100,000 units on 2 threads). The pool's
// threads wait for work between loops; one loop at a time uses them.
#pragma once

#include <cstddef>
#include <functional>

namespace civiscore {
inline namespace v0 {

// Run `task` on `helpers` threads besides the calling one, and `task` on the calling thread too;
// return when every run has returned. The pool's threads when it is free; new threads (joined before
// returning) when another loop holds it or the caller is itself one of its threads. `task` must not
// throw.
void run_with_helpers(std::size_t helpers, const std::function<void()>& task);

}  // namespace v0
}  // namespace civiscore
