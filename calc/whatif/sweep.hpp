// `headroom sweep`: the model at every combination of the varied keys' values, and the chosen
// metrics at each (SPEC §3.8).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/whatif/evaluator.hpp"
#include "calc/whatif/vary.hpp"

namespace headroom::calc {

struct SweepRow {
  std::vector<size_t> at;                     // the index of each key's value
  std::vector<std::optional<double>> values;  // each metric; nullopt: no finite value here
  std::vector<std::string> failed_checks;     // the metrics of the checks and targets that fail
};

struct SweepResult {
  std::vector<Variation> keys;
  std::vector<std::string> metrics;
  std::vector<Unit> units;  // of each metric
  std::vector<SweepRow> rows;  // the first key varies slowest
  size_t points = 0;
  size_t analyses_run = 0;  // analysis runs the points needed; the rest were reused
};

/// The points of `keys`, the first key varying slowest. Throws: Error (usage) when there are
/// more than `max_points`.
std::vector<Point> sweep_points(const std::vector<Variation>& keys, double max_points);

/// The index of each key's value at point `n` of sweep_points.
std::vector<size_t> point_index(const std::vector<Variation>& keys, size_t n);

/// Runs every point on `jobs` threads (0: all CPUs); the same bytes for any count. `metrics`
/// empty: the file's checks and targets. `first` is the model at the first point (loaded and
/// validated by the caller). Throws: Error naming a metric the report does not have, or a
/// point the loader refuses.
SweepResult run_sweep(Evaluator& evaluator, const Model& first, std::vector<Variation> keys,
                      std::vector<std::string> metrics, unsigned jobs, double max_points,
                      const RunOptions::progress_type& progress);

/// {"sweep": {"keys", "metrics", "units", "points": [{"values", "metrics", "failed_checks"}]}}.
Node sweep_document(const SweepResult& result);

}  // namespace headroom::calc
