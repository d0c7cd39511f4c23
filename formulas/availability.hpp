// Steady-state availability of reliability block diagrams: k-of-n, series, parallel, fail-over.
// Sources: M. Rausand & A. Høyland, "System Reliability Theory", 2nd ed., Wiley 2004, ch. 4-6
// (structure functions, k-out-of-n, Birnbaum importance); E. Bauer, "Reliability and
// Availability of Cloud Computing", Wiley 2012 (downtime tables).
#pragma once

#include <span>

#include "formulas/units.hpp"

namespace headroom::formulas {

/// The probability that a block is up and the probability that it is down, each computed
/// directly so that a tiny unavailability (1e-12) keeps its precision. up + down == 1 within
/// rounding. Invariant: 0 <= up, down <= 1.
struct Availability {
  double up = 1.0;
  double down = 0.0;

  static Availability from_ratio(double a) { return {a, 1.0 - a}; }
  static Availability perfect() { return {1.0, 0.0}; }
  static Availability failed() { return {0.0, 1.0}; }
};

/// The pair from the two sides summed separately (each a sum of non-negative terms): scaled to
/// a total of 1, the smaller kept as summed and the larger its complement, both in 0..1.
/// A total of 0 (or NaN) gives a failed block. Requires: up, down >= 0.
Availability from_parts(double up, double down);

/// mtbf / (mtbf + mttr). Requires: mtbf > 0, mttr >= 0.
Availability from_mtbf_mttr(Duration mtbf, Duration mttr);

/// A block of n identical, independent replicas that is up while at least k are up:
/// Σ_{i=k..n} C(n,i) Aⁱ(1−A)ⁿ⁻ⁱ. Requires: 1 <= k <= n.
Availability k_of_n_identical(Availability replica, int n, int k);

/// Blocks in series: up only when all are up.
Availability series(std::span<const Availability> blocks);

/// Blocks in parallel: up when any is up.
Availability parallel(std::span<const Availability> blocks);

/// Up while at least k of the distinct, independent blocks are up (exact sum over subsets,
/// computed as the Poisson-binomial distribution). Requires: 0 <= k <= blocks.size().
Availability k_of_n_distinct(std::span<const Availability> blocks, int k);

/// Active-passive fail-over: every failure of the active replica costs a switch-over outage, a
/// fraction failover_time/mtbf of the time. Result: A_block × (1 − fraction).
/// Requires: 0 <= fraction < 1.
Availability with_failover(Availability block, double failover_fraction);

/// −log10(1 − A): "3.5 nines". Infinite for a block that is never down.
double nines(Availability a);

/// Expected time down in a period of the given length.
Duration expected_downtime(Availability a, Duration period);

}  // namespace headroom::formulas
