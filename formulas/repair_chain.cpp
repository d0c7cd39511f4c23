#include "formulas/repair_chain.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>
#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace headroom::formulas {

Availability k_of_n_with_repair_crews(int n, int k, Rate failure_rate, Rate repair_rate,
                                      int crews) {
  assert(1 <= k && k <= n && crews >= 1);
  assert(failure_rate.value() > 0 && repair_rate.value() > 0);
  const double lambda = failure_rate.value();
  const double mu = repair_rate.value();
  const int states = n + 1;
  auto birth = [&](int j) { return (n - j) * lambda; };          // j -> j+1: a replica fails
  auto death = [&](int j) { return std::min(j, crews) * mu; };  // j -> j-1: a repair completes

  // Pin the most likely state to 1 instead of normalising in the matrix: every other state's
  // probability is then <= 1 and is found without overflow or cancellation.
  int mode = 0;
  double log_weight = 0.0, best = 0.0;
  for (int j = 1; j < states; ++j) {
    log_weight += std::log(birth(j - 1)) - std::log(death(j));
    if (log_weight > best) best = log_weight, mode = j;
  }

  // Balance equations (Qᵀπ = 0), row `mode` replaced by π_mode = 1.
  std::vector<Eigen::Triplet<double>> entries;
  entries.reserve(3 * states);
  for (int j = 0; j < states; ++j) {
    if (j == mode) {
      entries.emplace_back(j, j, 1.0);
      continue;
    }
    entries.emplace_back(j, j, -(birth(j) + death(j)));
    if (j > 0) entries.emplace_back(j, j - 1, birth(j - 1));
    if (j < n) entries.emplace_back(j, j + 1, death(j + 1));
  }
  Eigen::SparseMatrix<double> balance(states, states);
  balance.setFromTriplets(entries.begin(), entries.end());
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(states);
  rhs(mode) = 1.0;

  Eigen::SparseLU<Eigen::SparseMatrix<double>> solver;
  solver.compute(balance);
  const Eigen::VectorXd pi = solver.solve(rhs);

  const int max_down = n - k;  // up while at most n-k replicas are down
  Availability result{0.0, 0.0};
  for (int j = 0; j < states; ++j) (j <= max_down ? result.up : result.down) += pi(j);
  const double total = result.up + result.down;
  return {result.up / total, result.down / total};
}

}  // namespace headroom::formulas
