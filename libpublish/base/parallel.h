// Runs independent work items on a fixed number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace publish {

// Calls work(i) for every i in [0, count) on up to `jobs` threads. Items
// are handed out one at a time, so uneven items balance. `work` must not
// throw.
inline void ParallelFor(size_t count, int jobs, const std::function<void(size_t)>& work) {
  size_t threads = std::min<size_t>(count, static_cast<size_t>(std::max(1, jobs)));
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i) work(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto run = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& thread : pool) thread.join();
}

}  // namespace publish
