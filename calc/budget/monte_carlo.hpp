// The request's latency by Monte Carlo: each draw a pass over the stages (a random number of
// visits, each the slowest of its fan-out calls under the stage's tail tactic, plus the network
// time), in blocks seeded from (seed, block), so the same draws on any number of CPUs.
#pragma once

#include <cstdint>
#include <vector>

#include "calc/budget/budget.hpp"
#include "formulas/multiserver.hpp"

namespace headroom::calc {

struct StageSampler {
  formulas::CallSampler call;
  double whole_visits;   // ⌊visits⌋
  double extra_visit;    // P(one more visit) = visits − ⌊visits⌋
  int fanout;
  double latency;
};

/// The quantiles of `samples` draws of the sum over `stages`, each with its standard error.
std::vector<Percentile> monte_carlo(const std::vector<StageSampler>& stages, std::uint64_t samples,
                                    std::uint64_t seed, const std::vector<double>& quantiles);

/// Refuses, naming budget.samples, `samples` draws of `draws_per_sample` exponentials each
/// beyond about a minute's work, or beyond the memory budget.
void check_monte_carlo(const BudgetSection& section, double draws_per_sample, const RunOptions& options);

}  // namespace headroom::calc
