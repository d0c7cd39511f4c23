#include "formulas/cache_models.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <functional>
#include <vector>

#include "formulas/zipf.hpp"

namespace headroom::formulas {
namespace {

// Ranks summed one by one before the tail is integrated.
constexpr std::uint64_t kExactRanks = 1'000'000;
// Panels of the composite Simpson rule over log(rank) for the tail.
constexpr int kTailPanels = 4000;

// The popularity of the ranks summed exactly (at most kExactRanks of them), computed once.
struct Ranks {
  std::uint64_t n;
  double alpha, h;
  std::vector<double> head;  // p_1 .. p_head
  Ranks(std::uint64_t objects, double a) : n(objects), alpha(a), h(generalized_harmonic(objects, a)) {
    const std::uint64_t count = std::min(n, kExactRanks);
    head.resize(count);
    for (std::uint64_t k = 1; k <= count; ++k) head[k - 1] = std::pow(static_cast<double>(k), -alpha) / h;
  }
};

// Σ_{k=1..n} f(p_k): the head exactly (smallest terms first), the tail as an integral over
// x = rank with the midpoint correction (∫_{a+½}^{n+½}), in log space where f varies slowly.
template <class F>
double sum_over_ranks(const Ranks& r, F f) {
  double sum = 0.0;
  for (auto it = r.head.rbegin(); it != r.head.rend(); ++it) sum += f(*it);
  const std::uint64_t head = r.head.size();
  if (head == r.n) return sum;
  const double lo = std::log(head + 0.5), hi = std::log(r.n + 0.5);
  const double step = (hi - lo) / kTailPanels;
  auto g = [&](double u) {
    const double x = std::exp(u);
    return f(std::pow(x, -r.alpha) / r.h) * x;  // dx = x du
  };
  double tail = g(lo) + g(hi);
  for (int i = 1; i < kTailPanels; ++i) tail += g(lo + i * step) * (i % 2 ? 4 : 2);
  return sum + tail * step / 3;
}

// The root of an increasing function on (0, ∞) by bisection in log space.
double solve_increasing(const std::function<double(double)>& g, double target) {
  double lo = 1.0, hi = 1.0;
  while (g(hi) < target) lo = hi, hi *= 2;
  if (lo == hi) lo = 1e-12;
  for (int i = 0; i < 200 && hi / lo > 1 + 1e-13; ++i) {
    const double mid = std::sqrt(lo * hi);
    (g(mid) < target ? lo : hi) = mid;
  }
  return std::sqrt(lo * hi);
}

}  // namespace

CacheEstimate che_lru(std::uint64_t n, double alpha, double capacity) {
  assert(capacity >= 1 && capacity < static_cast<double>(n));
  const Ranks r(n, alpha);
  auto occupancy = [&](double t) {
    return sum_over_ranks(r, [t](double p) { return -std::expm1(-p * t); });
  };
  CacheEstimate e;
  e.characteristic_time = solve_increasing(occupancy, capacity);
  const double t = e.characteristic_time;
  e.hit_ratio = sum_over_ranks(r, [t](double p) { return p * -std::expm1(-p * t); });
  return e;
}

CacheEstimate fifo_random(std::uint64_t n, double alpha, double capacity) {
  assert(capacity >= 1 && capacity < static_cast<double>(n));
  const Ranks r(n, alpha);
  auto occupancy = [&](double t) {
    return sum_over_ranks(r, [t](double p) { return p * t / (1 + p * t); });
  };
  CacheEstimate e;
  e.characteristic_time = solve_increasing(occupancy, capacity);
  const double t = e.characteristic_time;
  e.hit_ratio = sum_over_ranks(r, [t](double p) { return p * p * t / (1 + p * t); });
  return e;
}

TtlEstimate ttl_fixed(std::uint64_t n, double alpha, double rate, double ttl) {
  const Ranks r(n, alpha);
  const double t = rate * ttl;  // the TTL in requests of the whole stream
  return {sum_over_ranks(r, [t](double p) { return p * p * t / (1 + p * t); }),
          sum_over_ranks(r, [t](double p) { return p * t / (1 + p * t); })};
}

TtlEstimate ttl_sliding(std::uint64_t n, double alpha, double rate, double ttl) {
  const Ranks r(n, alpha);
  const double t = rate * ttl;
  return {sum_over_ranks(r, [t](double p) { return p * -std::expm1(-p * t); }),
          sum_over_ranks(r, [t](double p) { return -std::expm1(-p * t); })};
}

double perfect_lfu(std::uint64_t n, double alpha, std::uint64_t capacity) {
  if (capacity >= n) return 1.0;
  return generalized_harmonic(capacity, alpha) / generalized_harmonic(n, alpha);
}

double lifo(std::uint64_t n, double alpha, std::uint64_t capacity) {
  if (capacity >= n) return 1.0;
  const Ranks ranks(n, alpha);
  const double fixed = static_cast<double>(capacity) - 1;
  double t = 0;
  if (fixed > 0) {
    t = solve_increasing(
        [&](double x) { return sum_over_ranks(ranks, [x](double p) { return -std::expm1(-p * x); }); },
        fixed);
  }
  auto s = [t](double p) { return -std::expm1(-p * t); };
  const double held = sum_over_ranks(ranks, [&](double p) { return p * s(p); });
  const double r = sum_over_ranks(ranks, [&](double p) { return p * (1 - s(p)); });
  const double rp = sum_over_ranks(ranks, [&](double p) { return p * p * (1 - s(p)); });
  return held + (r > 0 ? rp / r : 0.0);
}

}  // namespace headroom::formulas
