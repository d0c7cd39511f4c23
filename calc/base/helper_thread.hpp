// A second thread kept for a whole run, for work split in two halves per block: split() runs
// one half there while the caller does the other. Starting a thread per block costs more than
// a block's work on some machines; semaphores hand the job over and back.
#pragma once

#include <sched.h>
#include <unistd.h>

#include <exception>
#include <algorithm>
#include <fstream>
#include <functional>
#include <semaphore>
#include <thread>
#include <utility>

namespace headroom::calc {

/// The processors this process may run on (taskset and cgroup cpusets narrow it), at least 1.
inline unsigned usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

/// The memory this process may use in bytes: the machine's physical memory, or the cgroup's
/// limit where that is lower (a container or CI runner); 0 when neither can be read.
inline double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  double bytes = pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0.0;
  // cgroup v2, then v1; "max" (or v1's huge sentinel) means no limit.
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(path);
    double limit = 0;
    if (in >> limit && limit > 0 && (bytes == 0 || limit < bytes)) bytes = limit;
  }
  return bytes;
}

/// What a run may hold when RunOptions gives no memory_budget: half of what this process may
/// use (the rest is for everything else on the machine); 0 when unknown.
inline double default_memory_budget() { return physical_memory_bytes() / 2; }

class HelperThread {
 public:
  HelperThread() : thread_([this] { loop(); }) {}
  ~HelperThread() {
    stop_ = true;
    start_.release();
    thread_.join();
  }
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;

  /// Runs `theirs` on the helper thread and `ours` on this one; returns when both are done,
  /// rethrowing what either threw (ours first, once theirs has finished with what it uses).
  template <class Ours>
  void split(std::function<void()> theirs, Ours&& ours) {
    job_ = std::move(theirs);
    start_.release();
    try {
      ours();
    } catch (...) {
      done_.acquire();
      error_ = nullptr;
      throw;
    }
    done_.acquire();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void loop() {
    while (true) {
      start_.acquire();
      if (stop_) return;
      try {
        job_();
      } catch (...) {
        error_ = std::current_exception();
      }
      done_.release();
    }
  }
  std::function<void()> job_;
  std::exception_ptr error_;
  std::binary_semaphore start_{0}, done_{0};
  bool stop_ = false;
  std::thread thread_;  // last: started once everything it uses is built
};

}  // namespace headroom::calc
