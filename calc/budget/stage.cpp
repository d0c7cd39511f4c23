#include "calc/budget/stage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace headroom::calc {
namespace {

constexpr int kMaxServers = 1'000'000;

formulas::TailTactic tactic_at(const BudgetStage& st, double hedge_delay) {
  formulas::TailTactic t;
  if (st.hedge_quantile) {
    t.kind = formulas::TailTactic::Kind::kHedge;
    t.after = hedge_delay;
  } else if (st.retry_after) {
    t.kind = formulas::TailTactic::Kind::kRetry;
    t.after = st.retry_after->value();
    t.retries = st.retries;
  }
  return t;
}

// Extra copies per first copy of a retried stage whose copies arrive at `rate` (stable).
double retry_extra(const BudgetStage& st, double arrival_scv, double rate, int servers) {
  const formulas::StageQueue q = formulas::multiserver_stage(rate, st.service_time.value(), st.service_scv,
                                                              arrival_scv, servers);
  return formulas::CallLatency(q.response, tactic_at(st, 0)).extra_copies();
}

// The least x < c/s with x = λ·(1 + f(x)), f the retries' extra copies at copy rate x, or
// none. From x = λ, x ↦ λ(1 + f(x)) rises to it (h(x) = λ(1 + f(x)) − x >= 0 below it); a few
// steps settle most stages, and a slow approach (near a storm) is bracketed and bisected:
// some 230 evaluations at most, each one Erlang C and one survival.
std::optional<double> retry_fixed_point(const BudgetStage& st, double arrival_scv, double lambda, int servers) {
  const double capacity = servers / st.service_time.value();
  auto h = [&](double x) { return lambda * (1 + retry_extra(st, arrival_scv, x, servers)) - x; };
  double x = lambda;
  for (int i = 0; i < 50; ++i) {
    if (x >= capacity) return std::nullopt;
    const double next = x + h(x);
    if (std::abs(next - x) <= 1e-13 * x) return next < capacity ? std::optional<double>(next) : std::nullopt;
    x = next;
  }
  if (x >= capacity) return std::nullopt;
  // h(x) > 0 here. Past the least root h < 0, until a second root near saturation where the
  // retries all time out: steps from x growing by half each (from 2^−40 of the way to c/s)
  // find the first point with h < 0 without leaping over that stretch.
  double lo = x, hi = x;
  bool bracketed = false;
  for (double step = (capacity - x) * 0x1p-40; !bracketed && x + step < capacity; step *= 1.5) {
    hi = x + step;
    if (h(hi) < 0) bracketed = true;
    else lo = hi;
  }
  if (!bracketed) return std::nullopt;
  for (int i = 0; i < 60 && hi - lo > 1e-13 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (h(mid) >= 0 ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace

StageAt stage_at(const BudgetStage& st, double arrival_scv, double lambda, int servers) {
  StageAt a;
  const double s = st.service_time.value(), capacity = servers / s;  // copies/s at saturation
  a.first_rate = lambda * st.visits * st.fanout;
  a.call_rate = a.first_rate;
  if (st.hedge_quantile) {
    a.extra_load_fraction = 1 - *st.hedge_quantile;
    a.call_rate = a.first_rate * (1 + a.extra_load_fraction);
  } else if (st.retry_after && a.first_rate > 0) {
    const std::optional<double> x = retry_fixed_point(st, arrival_scv, a.first_rate, servers);
    // No fixed point below saturation: the storm, every attempt timing out.
    a.call_rate = x ? *x : a.first_rate * (1 + st.retries);
    a.extra_load_fraction = a.call_rate / a.first_rate - 1;
  }
  a.utilization = a.call_rate * s / servers;
  a.stable = a.call_rate < capacity;
  if (!a.stable) return a;
  a.queue = formulas::multiserver_stage(a.call_rate, s, st.service_scv, arrival_scv, servers);
  if (st.hedge_quantile) a.hedge_delay = formulas::ph_quantile(a.queue->response, *st.hedge_quantile);
  a.call = formulas::CallLatency(a.queue->response, tactic_at(st, a.hedge_delay));
  if (st.retry_after) a.extra_load_fraction = a.first_rate > 0 ? a.call.extra_copies() : 0.0;
  return a;
}

double stage_max_rate(const BudgetStage& st, double arrival_scv, int servers) {
  const double per_request = st.visits * st.fanout, s = st.service_time.value();
  if (per_request <= 0) return std::numeric_limits<double>::infinity();
  const double capacity = servers / s;
  if (st.hedge_quantile) return capacity / (per_request * (2 - *st.hedge_quantile));
  if (!st.retry_after) return capacity / per_request;
  // φ(x) = x/(1 + f(x)) over the copies' rate x < c/s: on a grid of ρ = 1 − 10^−u, then a
  // golden-section search in the best cell.
  auto phi = [&](double rho) {
    const double x = rho * capacity;
    return x / (1 + retry_extra(st, arrival_scv, x, servers));
  };
  auto rho_at = [](double u) { return 1 - std::pow(10.0, -u); };
  constexpr int kCells = 120;
  constexpr double kTop = 9;  // ρ up to 1 − 1e-9
  double best_u = 0, best = 0;
  for (int i = 1; i <= kCells; ++i) {
    const double u = kTop * i / kCells, v = phi(rho_at(u));
    if (v > best) best = v, best_u = u;
  }
  double lo = std::max(1e-6, best_u - kTop / kCells), hi = std::min(kTop, best_u + kTop / kCells);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 60 && hi - lo > 1e-12; ++i) {
    const double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo);
    if (phi(rho_at(m1)) < phi(rho_at(m2))) lo = m1;
    else hi = m2;
  }
  best = std::max(best, phi(rho_at(0.5 * (lo + hi))));
  return best / per_request;
}

int least_stable_servers(const BudgetStage& st, double arrival_scv, double lambda) {
  const double offered = lambda * st.visits * st.fanout * st.service_time.value();
  int c = static_cast<int>(std::min<double>(kMaxServers, std::floor(offered) + 1));
  if (!st.hedge_quantile && !st.retry_after) return c;
  // The tactic's copies need more: up by doubling, then bisection on stability.
  if (stage_at(st, arrival_scv, lambda, c).stable) return c;
  int lo = c, hi = c;
  while (hi < kMaxServers && !stage_at(st, arrival_scv, lambda, hi).stable) lo = hi, hi = std::min(kMaxServers, 2 * hi);
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (stage_at(st, arrival_scv, lambda, mid).stable ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace headroom::calc
