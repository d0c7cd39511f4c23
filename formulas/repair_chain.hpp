// k-of-n block with a limited number of repair crews, as a birth–death continuous-time Markov
// chain (state j = replicas down). Source: Rausand & Høyland, "System Reliability Theory",
// 2nd ed., §8.8 (Markov models of k-out-of-n systems with repair); Trivedi, "Probability and
// Statistics with Reliability, Queuing and Computer Science Applications", 2nd ed., §8.4.
#pragma once

#include "formulas/availability.hpp"

namespace headroom::formulas {

/// Steady-state availability of n replicas that each fail at failure_rate while up and are
/// repaired at repair_rate by at most `crews` replicas at a time; the block is up while at least
/// k replicas are up. The chain is birth–death, so its steady state is the exact product form
/// π_j ∝ Π_{i=1..j} (n−i+1)λ / (min(i, crews)μ), summed in O(n) with no linear solve.
/// With crews >= n it equals k_of_n_identical with A = μ/(λ+μ).
/// Requires: 1 <= k <= n, crews >= 1, failure_rate > 0, repair_rate > 0.
Availability k_of_n_with_repair_crews(int n, int k, Rate failure_rate, Rate repair_rate,
                                      int crews);

}  // namespace headroom::formulas
