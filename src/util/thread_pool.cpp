#include "util/thread_pool.hpp"

#include <algorithm>
#include <condition_variable>
#include <new>
#include <mutex>
#include <pthread.h>
#include <system_error>
#include <thread>
#include <vector>

namespace civiscore {
inline namespace v0 {
namespace {

thread_local bool on_pool_thread = false;

// Never destroyed (its threads wait for work until the process ends) and reset in a forked child,
// which has none of them.
class thread_pool {
public:
    thread_pool() { pthread_atfork(&before_fork, &after_fork_parent, &after_fork_child); }

    static thread_pool& instance() {
        static thread_pool* pool = new thread_pool;
        return *pool;
    }

    // False, having run nothing, when the pool is taken or the caller is one of its threads.
    bool try_run(std::size_t helpers, const std::function<void()>& task) {
        std::unique_lock lock(mutex_);
        if (busy_ || on_pool_thread) return false;
        for (; started_ < helpers; ++started_) {
            try {
                std::thread([this] { serve(); }).detach();
            } catch (const std::system_error&) {
                break;  // the system allows no more threads: fewer helpers give the same results
            }
        }
        helpers = std::min(helpers, started_);
        busy_ = true;
        task_ = &task;
        waiting_for_ = helpers;
        work_ready_.notify_all();
        lock.unlock();
        task();
        lock.lock();
        all_done_.wait(lock, [&] { return waiting_for_ == 0 && running_ == 0; });
        task_ = nullptr;
        busy_ = false;
        return true;
    }

private:
    std::mutex mutex_;
    std::condition_variable work_ready_, all_done_;
    const std::function<void()>* task_ = nullptr;
    std::size_t started_ = 0;      // threads of the pool
    std::size_t waiting_for_ = 0;  // runs of the current task not yet taken by a thread
    std::size_t running_ = 0;      // runs taken and not finished
    bool busy_ = false;

    void serve() {
        on_pool_thread = true;
        std::unique_lock lock(mutex_);
        for (;;) {
            work_ready_.wait(lock, [&] { return waiting_for_ > 0; });
            --waiting_for_;
            ++running_;
            const std::function<void()>* task = task_;
            lock.unlock();
            (*task)();
            lock.lock();
            if (--running_ == 0 && waiting_for_ == 0) all_done_.notify_all();
        }
    }

    // fork() copies only the forking thread: hold the lock across it, and give the child an empty
    // pool (its threads are not there).
    static void before_fork() { instance().mutex_.lock(); }
    static void after_fork_parent() { instance().mutex_.unlock(); }
    static void after_fork_child() {
        thread_pool& p = instance();
        p.started_ = p.waiting_for_ = p.running_ = 0;
        p.busy_ = false;
        p.task_ = nullptr;
        new (&p.work_ready_) std::condition_variable;
        new (&p.all_done_) std::condition_variable;
        p.mutex_.unlock();
    }
};

}  // namespace

void run_with_helpers(std::size_t helpers, const std::function<void()>& task) {
    if (helpers == 0) {
        task();
        return;
    }
    if (thread_pool::instance().try_run(helpers, task)) return;
    std::vector<std::thread> threads;
    threads.reserve(helpers);
    for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(task);
    task();
    for (auto& t : threads) t.join();
}

}  // namespace v0
}  // namespace civiscore
