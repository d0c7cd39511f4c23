// One model run at many points (a sweep's grid, a solve's probes): the document parsed once,
// each point loaded with its overrides on top of the command line's --set, and every analysis
// whose inputs did not change between points taken from a shared cache.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "calc/input/model_loader.hpp"
#include "calc/report/report.hpp"

namespace headroom::calc {

/// One point's values: the overrides it adds.
using Point = std::vector<Override>;

struct PointResult {
  AnalysisResult report;
  std::vector<CheckOutcome> checks;
  size_t failed() const;
};

class Evaluator {
 public:
  /// `base`: the command line's --set, applied before each point's own overrides.
  Evaluator(const ParsedDocument& document, std::vector<Override> base, RunOptions run);

  /// The model at `point`. Throws: Error as load_model, naming the override.
  Model load(const Point& point) const;
  /// The report at `model` (loaded by load()) and every check and target evaluated. Thread-safe.
  PointResult evaluate(const Model& model);
  /// load() then evaluate().
  PointResult evaluate(const Point& point) { return evaluate(load(point)); }
  /// How many analysis runs the points needed so far (the rest came from the cache).
  size_t analyses_run() const { return cache_.computed(); }

 private:
  const ParsedDocument& document_;
  std::vector<Override> base_;
  RunOptions run_;
  ResultCache cache_;
};

/// Runs `work(i)` for i in [0, n) on `jobs` threads (0: every usable CPU), each index once; the
/// exception of the lowest index that threw is rethrown after all have finished, so that what
/// fails does not depend on the thread count. `progress` (may be empty) is called from the
/// calling thread as indices finish.
void for_each_point(size_t n, unsigned jobs, const std::function<void(size_t)>& work,
                    const RunOptions::progress_type& progress);

}  // namespace headroom::calc
