// PBS for [quorum]: the WARS Monte Carlo spread over the cores in fixed blocks (the same totals
// on 1 or 64 CPUs), then consistency at each t, t-visibility and k-staleness.
#pragma once

#include <cstdint>
#include <vector>

#include "calc/lag/section.hpp"
#include "calc/report/analysis.hpp"
#include "formulas/pbs.hpp"

namespace headroom::calc {

struct QuorumResult {
  int n = 0, r = 0, w = 0;
  bool strict = false;           // r + w > n: every read sees the last write
  std::uint64_t trials = 0;      // run (0 when strict, or in a preview)
  std::vector<double> t;         // 0 first, then the listed times, ascending, distinct
  std::vector<double> probability, stderr_;  // per t
  formulas::QuantileEstimate p99, p999;      // t-visibility
  std::vector<double> k_staleness;           // k = 1 ..
  std::string legs;                          // how each leg was given, for --explain
  std::optional<QuorumSection::MinConsistency> min_consistency;
};

/// Trials in blocks of kTrialBlock, block b drawn from a stream seeded by (seed, b). `preview`:
/// every key with placeholder numbers, no trial run (for validate).
QuorumResult analyse_quorum(const QuorumSection& section, const RunOptions& options, bool preview = false);
constexpr std::uint64_t kTrialBlock = 1 << 18;

/// Adds the `quorum` object to a lag document.
void add_quorum_document(AnalysisResult& out, const QuorumResult& r);

}  // namespace headroom::calc
