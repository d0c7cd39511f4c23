#include "calc/whatif/evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "calc/base/helper_thread.hpp"

namespace headroom::calc {

size_t PointResult::failed() const {
  return static_cast<size_t>(std::count_if(checks.begin(), checks.end(), [](const CheckOutcome& c) { return !c.passed; }));
}

Evaluator::Evaluator(const ParsedDocument& document, std::vector<Override> base, RunOptions run)
    : document_(document), base_(std::move(base)), run_(std::move(run)) {
  run_.progress = nullptr;  // a point's own progress would interleave with the others'
}

Model Evaluator::load(const Point& point) const {
  std::vector<Override> all = base_;
  all.insert(all.end(), point.begin(), point.end());
  return document_.load(all);
}

PointResult Evaluator::evaluate(const Model& model) {
  PointResult r;
  r.report = run_report(model, run_, &cache_);
  r.checks = evaluate_checks(model, r.report);
  return r;
}

void for_each_point(size_t n, unsigned jobs, const std::function<void(size_t)>& work,
                    const RunOptions::progress_type& progress) {
  if (jobs == 0) jobs = usable_cpus();
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(n, 1)));
  std::vector<std::exception_ptr> errors(n);
  std::atomic<size_t> next{0};
  std::mutex mutex;
  std::condition_variable changed;
  size_t finished = 0;
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        work(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++finished;
      changed.notify_one();
    }
  };
  // One job runs here; more run on threads of their own while this one reports progress.
  std::vector<std::thread> threads;
  for (unsigned t = 0; jobs > 1 && t < jobs; ++t) threads.emplace_back(worker);
  if (jobs == 1) {
    worker();
    if (progress) progress(n, n);
  } else {
    std::unique_lock<std::mutex> lock(mutex);
    while (finished < n) {
      changed.wait(lock);
      if (progress) progress(finished, n);
    }
  }
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace headroom::calc
