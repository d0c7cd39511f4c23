#include "formulas/availability.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace headroom::formulas {
namespace {

// log C(n, i) through the log-gamma function: exact enough (relative 1e-14) for n up to 1e6.
double log_binomial(int n, int i) {
  return std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0);
}

// C(n,i) pⁱ qⁿ⁻ⁱ, with 0⁰ = 1.
double binomial_term(int n, int i, double p, double q) {
  if ((p == 0.0 && i > 0) || (q == 0.0 && i < n)) return 0.0;
  double log_term = log_binomial(n, i);
  if (i > 0) log_term += i * std::log(p);
  if (i < n) log_term += (n - i) * std::log(q);
  return std::exp(log_term);
}

// 1 − Π(1 − xᵢ), without cancellation when every xᵢ is small.
double one_minus_product_of_complements(std::span<const Availability> blocks, bool use_down) {
  double log_sum = 0.0;
  for (const Availability& b : blocks) log_sum += std::log1p(-(use_down ? b.down : b.up));
  return 0.0 - std::expm1(log_sum);  // 0.0 − x: never −0
}

}  // namespace

Availability from_mtbf_mttr(Duration mtbf, Duration mttr) {
  assert(mtbf.value() > 0 && mttr.value() >= 0);
  const double total = mtbf.value() + mttr.value();
  return {mtbf.value() / total, mttr.value() / total};
}

Availability from_parts(double up, double down) {
  // Both sides were summed directly; keep the smaller as computed (it carries the precision)
  // and take the other as its complement, so that up + down == 1 and neither leaves 0..1.
  const double total = up + down;
  if (!(total > 0)) return Availability::failed();
  up /= total, down /= total;
  if (up <= down) {
    up = std::clamp(up, 0.0, 1.0);
    return {up, 1.0 - up};
  }
  down = std::clamp(down, 0.0, 1.0);
  return {1.0 - down, down};
}

Availability k_of_n_identical(Availability replica, int n, int k) {
  assert(1 <= k && k <= n);
  double up = 0.0, down = 0.0;
  for (int i = 0; i <= n; ++i) {
    const double term = binomial_term(n, i, replica.up, replica.down);
    (i >= k ? up : down) += term;
  }
  return from_parts(up, down);
}

Availability series(std::span<const Availability> blocks) {
  double up = 1.0;
  for (const Availability& b : blocks) up *= b.up;
  return {up, one_minus_product_of_complements(blocks, /*use_down=*/true)};
}

Availability parallel(std::span<const Availability> blocks) {
  double down = 1.0;
  for (const Availability& b : blocks) down *= b.down;
  return {one_minus_product_of_complements(blocks, /*use_down=*/false), down};
}

Availability k_of_n_distinct(std::span<const Availability> blocks, int k) {
  assert(k >= 0 && static_cast<size_t>(k) <= blocks.size());
  // p[j] = probability that exactly j of the blocks seen so far are up.
  std::vector<double> p(blocks.size() + 1, 0.0);
  p[0] = 1.0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    for (size_t j = i + 1; j > 0; --j) p[j] = p[j] * blocks[i].down + p[j - 1] * blocks[i].up;
    p[0] *= blocks[i].down;
  }
  double up = 0.0, down = 0.0;
  for (size_t j = 0; j < p.size(); ++j) (static_cast<int>(j) >= k ? up : down) += p[j];
  return from_parts(up, down);
}

Availability with_failover(Availability block, double failover_fraction) {
  assert(failover_fraction >= 0 && failover_fraction < 1);
  return {block.up * (1.0 - failover_fraction), block.down + block.up * failover_fraction};
}

double nines(Availability a) { return -std::log10(a.down); }

Duration expected_downtime(Availability a, Duration period) { return period * a.down; }

}  // namespace headroom::formulas
