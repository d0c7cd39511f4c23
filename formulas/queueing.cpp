#include "formulas/queueing.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace headroom::formulas {

double pk_mean_wait(double lambda, double s, double scv) {
  const double rho = lambda * s;
  assert(rho < 1);
  return rho * s * (1 + scv) / (2 * (1 - rho));
}

double erlang_c(int c, double a) {
  assert(c >= 1 && a < c);
  // Erlang B by its stable recursion, then C = B / (1 − (a/c)(1 − B)). In 1/B(k) =
  // 1 + (k/a)/B(k − 1) a wrong start at k0 fades by Π_{k0<j<=a} j/a ≈ e^{−(a−k0)²/(2a)}, so a large
  // load starts at k0 = a − 40√a (e^{−800}: the same value to the last bit but for rounding) and
  // stops once B underflows past a: some 100√a steps, not c (c = 10⁶ in a few hundred µs).
  int k0 = 0;
  if (a > 4000) k0 = static_cast<int>(std::min(static_cast<double>(c), std::floor(a - 40 * std::sqrt(a))));
  double b = 1.0;
  for (int k = k0 + 1; k <= c && b > 0; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1 - rho * (1 - b));
}

double allen_cunneen_mean_wait(double lambda, double s, double scv, int c, double arrival_scv) {
  const double a = lambda * s;
  return erlang_c(c, a) / (c / s - lambda) * (arrival_scv + scv) / 2;
}

MD1Wait::MD1Wait(double lambda, double service) : lambda_(lambda), d_(service), rho_(lambda * service) {
  assert(rho_ < 1 && service > 0);
  p_.push_back(1 - rho_);
  a_.push_back(std::exp(-rho_));
  a_tail_.push_back(-std::expm1(-rho_));
}

void MD1Wait::grow(int n) {
  // Poisson(ρ) terms by recurrence; each tail P(A > j) summed from its own terms, so that a
  // tail far below 1e-16 keeps its digits (1 − Σ would not).
  while (static_cast<int>(a_.size()) <= n + 1) {
    const int j = static_cast<int>(a_.size());
    a_.push_back(a_.back() * rho_ / j);
    double term = a_.back(), tail = 0;
    for (int i = j + 1; term > 0 && term > tail * 1e-18; ++i) {
      term *= rho_ / i;
      tail += term;
    }
    a_tail_.push_back(tail);
  }
  // The level-crossing balance of the embedded chain: p_n·a_0 = p_0·P(A ≥ n) +
  // Σ_{j=1}^{n−1} p_j·P(A ≥ n − j + 1): positive terms only, unlike the usual recursion.
  while (static_cast<int>(p_.size()) <= n) {
    const int m = static_cast<int>(p_.size());
    double up = p_[0] * a_tail_[m - 1];
    for (int j = 1; j < m; ++j) up += p_[j] * a_tail_[m - j];
    p_.push_back(up / a_[0]);
  }
}

double MD1Wait::cdf_at(int k, double u) {
  grow(k + 1);
  // Poisson(λ·D·(1 − u)) pmf up to k.
  const double mean = rho_ * (1 - u);
  double term = std::exp(-mean), cumulative = 0;
  std::vector<double> cdf(k + 1);
  for (int i = 0; i <= k; ++i) {
    if (i > 0) term *= mean / i;
    cumulative += term;
    cdf[i] = std::min(1.0, cumulative);
  }
  // P(max(N − 1, 0) = j): p_0 + p_1 at j = 0, p_{j+1} after.
  double sum = (p_[0] + p_[1]) * cdf[k];
  for (int j = 1; j <= k; ++j) sum += p_[j + 1] * cdf[k - j];
  return std::min(1.0, sum);
}

void MD1Wait::tail() {
  if (gamma_ > 0) return;
  auto f = [&](double g) { return lambda_ * std::expm1(g * d_) - g; };
  double hi = 1 / d_;
  while (f(hi) < 0) hi *= 2;
  double lo = hi / 2;
  while (f(lo) > 0 && lo > 1e-300) lo /= 2;  // f < 0 just above 0 when ρ < 1
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < 0 ? lo : hi) = mid;
  }
  gamma_ = hi;
  c_ = (1 - rho_) / (rho_ * std::exp(hi * d_) - 1);
}

double MD1Wait::cdf(double x) {
  if (x < 0) return 0.0;
  const double units = x / d_;
  if (units >= kMaxServices + 1) {
    tail();
    asymptotic_ = true;
    return 1 - std::min(1.0, c_ * std::exp(-gamma_ * x));
  }
  const int k = static_cast<int>(std::floor(units));
  return cdf_at(k, units - k);
}

double MD1Wait::quantile(double q) {
  assert(q > 0 && q < 1);
  if (q <= 1 - rho_) return 0.0;
  // The whole services first: the smallest k with P(W <= k·D) >= q.
  int k = 0;
  while (k <= kMaxServices && cdf_at(k, 0) < q) ++k;
  if (k > kMaxServices) {
    tail();
    asymptotic_ = true;
    return std::log(c_ / (1 - q)) / gamma_;
  }
  if (k == 0) return 0.0;
  // Then inside ((k − 1)D, kD]: the CDF is continuous and increasing there.
  double lo = 0, hi = 1;
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (cdf_at(k - 1, mid) < q ? lo : hi) = mid;
  }
  return (k - 1 + hi) * d_;
}

}  // namespace headroom::formulas
