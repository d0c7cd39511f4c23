#include "formulas/repair_chain.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace headroom::formulas {

Availability k_of_n_with_repair_crews(int n, int k, Rate failure_rate, Rate repair_rate,
                                      int crews) {
  assert(1 <= k && k <= n && crews >= 1);
  assert(failure_rate.value() > 0 && repair_rate.value() > 0);
  const double log_lambda = std::log(failure_rate.value());
  const double log_mu = std::log(repair_rate.value());
  // Product form of a birth–death chain: π_j ∝ Π_{i=1..j} birth(i−1)/death(i), with
  // birth(j) = (n − j)λ (a replica fails) and death(j) = min(j, crews)μ (a repair completes).
  // Kept as logarithms, then scaled by the largest, so that no weight overflows or underflows
  // before it is summed.
  std::vector<double> log_weight(n + 1, 0.0);
  for (int j = 1; j <= n; ++j) {
    log_weight[j] = log_weight[j - 1] + std::log(static_cast<double>(n - j + 1)) + log_lambda -
                    std::log(static_cast<double>(std::min(j, crews))) - log_mu;
  }
  const double top = *std::max_element(log_weight.begin(), log_weight.end());
  const int max_down = n - k;  // up while at most n − k replicas are down
  double up = 0.0, down = 0.0;
  for (int j = 0; j <= n; ++j) (j <= max_down ? up : down) += std::exp(log_weight[j] - top);
  return from_parts(up, down);
}

}  // namespace headroom::formulas
