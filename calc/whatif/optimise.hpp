// `headroom solve --min METRIC --vary KEY=RANGE`: the value of one or more keys, among those
// given, that makes a metric smallest (or largest) while every check and target passes — "the
// cheapest configuration that passes" (SPEC §3.8: solve --min cost.monthly_total).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/whatif/evaluator.hpp"
#include "calc/whatif/sweep.hpp"

namespace headroom::calc {

struct OptimiseResult {
  std::string metric;
  bool maximise = false;
  Unit unit = Unit::kNone;    // of the metric
  SweepResult sweep;          // every point, the metric its only column
  std::optional<size_t> best; // the row: passing, with the best finite value (ties: the first)
  size_t passing = 0;         // points where every check passes
};

/// Every combination of `keys`' values, run as a sweep (the same reuse and threads), and the
/// best passing one. Throws: Error as run_sweep (a metric the report does not have, a point
/// the loader refuses, too many points).
OptimiseResult optimise(Evaluator& evaluator, const Model& first, std::vector<Variation> keys, const std::string& metric,
                        bool maximise, unsigned jobs, const RunOptions::progress_type& progress);

/// {"solve": {"metric", "direction", "found", "metric_value", "at": {KEY: value as written},
/// "passing", "evaluations"}}.
Node optimise_document(const OptimiseResult& result);

}  // namespace headroom::calc
