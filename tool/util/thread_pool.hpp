// Running independent work items on several threads: parallel_for hands out
// indexes 0..count-1 to `jobs` workers. Results go into caller-owned slots, so
// the output order never depends on scheduling.
#pragma once

#include <cstddef>
#include <functional>

namespace util {

// Return the default number of jobs: the number of cores (at least 1).
unsigned default_jobs();

// Call `work(i)` for every i in [0, count) on up to `jobs` threads. The first
// exception thrown by `work` is rethrown after all workers stop.
void parallel_for(std::size_t count, unsigned jobs, const std::function<void(std::size_t)>& work);

}  // namespace util
