// Probabilistically Bounded Staleness for Dynamo-style partial quorums: the WARS model's
// Monte Carlo and the k-staleness closed form (Bailis, Venkataraman, Franklin, Hellerstein and
// Stoica, "Probabilistically Bounded Staleness for Practical Partial Quorums", VLDB 2012, §3–4).
//
// One trial draws, for each of the n replicas, the write's trip to it (W), its acknowledgement
// (A), a read request's trip (R) and the response (S). The write commits when the w-th
// acknowledgement arrives, at c = the w-th smallest W + A. A read starting t after the commit
// waits for the first r responses (the r smallest R + S) and is consistent when one of those r
// replicas had the write when the request reached it: W ≤ c + t + R. So each trial is
// consistent from t* = max(0, min over the first r of (W − R) − c) on: the probability of
// consistency at t is the fraction of trials with t* ≤ t, and t-visibility is a quantile of t*.
#pragma once

#include <cstdint>
#include <vector>

#include "formulas/latency.hpp"

namespace headroom::formulas {

struct WarsModel {
  int n = 3, r = 1, w = 1;
  LatencyDist write, ack, read, response;
  /// Added to every message of replicas 1 .. n−1 (in another datacentre than the coordinator
  /// and replica 0), as the paper's WAN scenario adds 75 ms.
  double remote_delay = 0;
};

/// Counts from a block of trials: integers only, so that blocks merge to the same totals in any
/// order and on any number of threads.
struct WarsTally {
  std::uint64_t trials = 0;
  std::vector<std::uint64_t> consistent_at;  // per listed t: trials with t* ≤ t
  std::vector<std::uint64_t> histogram;      // t* on kWarsBins log bins (bin 0: t* = 0)
  void merge(const WarsTally& other);
};

/// Log bins of t* in seconds: bin 0 holds t* = 0; bins 1.. are 0.01 % wide from 1 ns up to
/// 10^5 s (the last also holds everything beyond).
constexpr int kWarsBins = 322'400;

/// `trials` trials drawn from the stream seeded by `seed`, counted against the times `t`.
WarsTally wars_block(const WarsModel& model, const std::vector<double>& t, std::uint64_t seed,
                     std::uint64_t trials);

/// The q-quantile of t* from a tally (the upper edge of its bin: never below the tally's own
/// quantile by more than 0.01 %), and its standard error from the binomial spread of the
/// order statistic: half the width between the quantiles at q ± sqrt(q(1 − q)/trials).
struct QuantileEstimate {
  double value = 0, stderr_ = 0;
};
QuantileEstimate wars_t_visibility(const WarsTally& tally, double q);

/// P(a read returns one of the last k versions) when quorums are chosen uniformly at random
/// without anti-entropy: 1 − (C(n − w, r) / C(n, r))^k (PBS §3.1). 1 when r + w > n.
double k_staleness(int n, int r, int w, int k);

}  // namespace headroom::formulas
