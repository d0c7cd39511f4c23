#include "formulas/multiserver.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "formulas/queueing.hpp"

namespace headroom::formulas {

StageQueue multiserver_stage(double lambda, double s, double service_scv, double arrival_scv,
                             int c) {
  assert(s > 0 && c >= 1 && lambda * s < c);
  StageQueue q;
  const double a = lambda * s;
  q.utilization = a / c;
  q.shape_clamped = service_scv < kPhMinScv;
  q.service = ph_fit(s, std::max(service_scv, kPhMinScv));
  q.p_wait = lambda > 0 ? erlang_c(c, a) : 0.0;
  if (c == 1 && arrival_scv == 1.0 && !q.shape_clamped && lambda > 0) {
    // M/PH/1: the wait is phase-type exactly (P(wait) = ρ, mean by Pollaczek–Khinchine).
    q.exact = true;
    q.wait = mph1_wait(lambda, q.service);
    q.wait_mean = pk_mean_wait(lambda, s, service_scv);
  } else {
    q.exact = arrival_scv == 1.0 && service_scv == 1.0;
    q.wait_mean = lambda > 0 ? allen_cunneen_mean_wait(lambda, s, service_scv, c, arrival_scv) : 0.0;
    if (q.p_wait > 0 && q.wait_mean > 0) {
      // Given that it waits, the wait is exponential: exactly so for M/M/c (rate cμ − λ).
      q.wait = PhaseType{{q.p_wait}, {-q.p_wait / q.wait_mean}};
    }
  }
  q.response = ph_sum(q.wait, q.service);
  return q;
}

double mean_of_max(const CallLatency& x, int k) {
  assert(k >= 1);
  if (k == 1 && x.tactic().kind == TailTactic::Kind::kNone) return ph_mean(x.copy());
  // Past the (1 − 1e-15/k)-quantile, 1 − F^k < 1e-15: the integral's tail is negligible there.
  const double top = x.quantile(1 - 1e-15 / k);
  if (top <= 0) return 0.0;
  // Simpson on each stretch where the survival is smooth; the tactic's kinks end stretches.
  std::vector<double> ends;
  for (double b : x.breakpoints())
    if (b > 0 && b < top) ends.push_back(b);
  ends.push_back(top);
  const int steps = std::max(512, 4096 / static_cast<int>(ends.size())) & ~1;  // even
  double total = 0, begin = 0;
  for (double end : ends) {
    const double h = (end - begin) / steps;
    const std::vector<double> survival = x.survival_grid_from(begin, h, steps + 1);
    // The atom sits at 0: the first stretch starts just after it.
    auto f = [&](int i) {
      const double s = i == 0 && begin == 0 ? 1.0 - x.atom() : survival[static_cast<size_t>(i)];
      return -std::expm1(k * std::log1p(-std::min(s, 1.0 - 1e-300)));  // 1 − (1 − S)^k
    };
    double sum = f(0) + f(steps);
    for (int i = 1; i < steps; ++i) sum += (i % 2 ? 4 : 2) * f(i);
    total += sum * h / 3;
    begin = end;
  }
  return total;
}

double quantile_of_max(const CallLatency& x, int k, double q) {
  assert(k >= 1 && q > 0 && q < 1);
  return x.quantile(k == 1 ? q : std::exp(std::log(q) / k));
}

PhSampler::PhSampler(const PhaseType& x) {
  const int n = x.phases();
  double sum = 0;
  for (int i = 0; i < n; ++i) start_.push_back(sum += x.alpha[i]);
  start_.push_back(1.0);  // the atom: absorbed at once
  next_.resize(n);
  mean_holding_.resize(n);
  for (int i = 0; i < n; ++i) {
    const double out = -x.T[i * n + i];
    mean_holding_[i] = 1 / out;
    double c = 0;
    for (int j = 0; j < n; ++j) next_[i].push_back(c += j == i ? 0.0 : x.T[i * n + j] / out);
    next_[i].push_back(1.0);  // the rest: absorption
  }
}

int PhSampler::pick(const std::vector<double>& cumulative, double u) {
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end() - 1, u);
  const int i = static_cast<int>(it - cumulative.begin());
  return i == static_cast<int>(cumulative.size()) - 1 ? -1 : i;
}

}  // namespace headroom::formulas
