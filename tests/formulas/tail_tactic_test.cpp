// Tail tactics against closed forms for exponential copies, an independent quadrature, and
// simulation of the copies themselves.
#include "formulas/tail_tactic.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "formulas/multiserver.hpp"

using namespace headroom::formulas;

namespace {

TailTactic hedge(double d) { return TailTactic{TailTactic::Kind::kHedge, d, 0}; }
TailTactic retry(double t, int r) { return TailTactic{TailTactic::Kind::kRetry, t, r}; }

// The survival of min(X₁, d + X₂) for X ~ Exp(mu), from its definition.
double hedged_exponential_survival(double mu, double d, double t) {
  return t < d ? std::exp(-mu * t) : std::exp(-mu * t) * std::exp(-mu * (t - d));
}

// ∫₀^∞ 1 − (1 − S(t))^k dt by the trapezoid rule on a fine grid: an independent check of the
// piecewise Simpson in mean_of_max.
template <class Survival>
double mean_of_max_reference(Survival s, int k, double top, int n) {
  const double h = top / n;
  double sum = 0;
  for (int i = 0; i <= n; ++i) {
    const double f = 1 - std::pow(1 - s(i * h), k);
    sum += (i == 0 || i == n ? 0.5 : 1.0) * f;
  }
  return sum * h;
}

}  // namespace

TEST_CASE("a hedged exponential call: survival, mean, quantiles and extra load in closed form",
          "[formulas][tail]") {
  const double mu = 50, d = 0.03;  // mean 20 ms, hedged at 30 ms
  const CallLatency call(ph_exponential(mu), hedge(d));
  for (double t : {0.0, 0.01, 0.029, 0.03, 0.031, 0.05, 0.1, 0.3})
    CHECK(call.survival(t) == Approx(hedged_exponential_survival(mu, d, t)).epsilon(1e-12));
  // E[min(X₁, d + X₂)] = (1 − e^{−μd})/μ + e^{−μd}/(2μ): the second copy halves the rest.
  const double mean = (1 - std::exp(-mu * d)) / mu + std::exp(-mu * d) / (2 * mu);
  CHECK(mean_of_max(call, 1) == Approx(mean).epsilon(1e-9));
  CHECK(call.extra_copies() == Approx(std::exp(-mu * d)).epsilon(1e-12));
  // Quantiles: before d as the plain call's; past it, S(t) = e^{−μ(2t − d)}.
  CHECK(call.quantile(0.5) == Approx(std::log(2) / mu).epsilon(1e-10));
  for (double q : {0.9, 0.99, 0.999}) {
    CAPTURE(q);
    CHECK(call.quantile(q) == Approx((d - std::log(1 - q) / mu) / 2).epsilon(1e-10));
  }
  // The slowest of 8 hedged calls.
  const double reference = mean_of_max_reference(
      [&](double t) { return hedged_exponential_survival(mu, d, t); }, 8, 1.0, 2'000'000);
  CHECK(mean_of_max(call, 8) == Approx(reference).epsilon(1e-7));
  CHECK(quantile_of_max(call, 8, 0.99) == Approx((d - std::log(1 - std::pow(0.99, 1.0 / 8)) / mu) / 2).epsilon(1e-10));
}

TEST_CASE("retrying an exponential call changes nothing but the load (memorylessness)", "[formulas][tail]") {
  const double mu = 100, T = 0.015;
  for (int r : {1, 3}) {
    CAPTURE(r);
    const CallLatency call(ph_exponential(mu), retry(T, r));
    for (double t : {0.0, 0.005, 0.015, 0.02, 0.045, 0.06, 0.2})
      CHECK(call.survival(t) == Approx(std::exp(-mu * t)).epsilon(1e-12));
    CHECK(mean_of_max(call, 1) == Approx(1 / mu).epsilon(1e-9));
    CHECK(call.quantile(0.99) == Approx(-std::log(0.01) / mu).epsilon(1e-10));
    const double p = std::exp(-mu * T);
    double extra = 0;
    for (int j = 1; j <= r; ++j) extra += std::pow(p, j);
    CHECK(call.extra_copies() == Approx(extra).epsilon(1e-12));
  }
}

TEST_CASE("a retried bursty call: the tail is cut where a timeout beats the slow phase", "[formulas][tail]") {
  // H2 with mean 10 ms and scv 9: most copies quick, a few very slow.
  const PhaseType x = ph_fit(0.01, 9);
  const double T = 0.02;
  const CallLatency plain(x), retried(x, retry(T, 2));
  CHECK(retried.quantile(0.999) < plain.quantile(0.999));
  // P(L > t) on [jT, (j+1)T) is p^j·S(t − jT).
  const double p = ph_survival(x, T);
  CHECK(retried.survival(0.5 * T) == Approx(ph_survival(x, 0.5 * T)).epsilon(1e-12));
  CHECK(retried.survival(1.5 * T) == Approx(p * ph_survival(x, 0.5 * T)).epsilon(1e-12));
  CHECK(retried.survival(3.5 * T) == Approx(p * p * ph_survival(x, 1.5 * T)).epsilon(1e-12));
  // The grid and the pointwise survival agree, across the kinks.
  const std::vector<double> grid = retried.survival_grid_from(0.003, 0.0017, 200);
  for (int i = 0; i < 200; i += 7)
    CHECK(grid[static_cast<size_t>(i)] == Approx(retried.survival(0.003 + i * 0.0017)).epsilon(1e-10));
  // The quantile inverts the survival.
  for (double q : {0.5, 0.9, 0.99, 0.999, 0.9999}) {
    CAPTURE(q);
    CHECK(retried.survival(retried.quantile(q)) == Approx(1 - q).epsilon(1e-8));
  }
  const CallLatency hedged(x, hedge(0.012));
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    CAPTURE(q);
    CHECK(hedged.survival(hedged.quantile(q)) == Approx(1 - q).epsilon(1e-8));
  }
  // The mean against the independent quadrature, with fan-out.
  for (const CallLatency* c : {&retried, &hedged}) {
    const double reference = mean_of_max_reference([&](double t) { return c->survival(t); }, 4,
                                                   c->quantile(1 - 1e-15 / 4), 400'000);
    CHECK(mean_of_max(*c, 4) == Approx(reference).epsilon(1e-6));
  }
}

TEST_CASE("sampling a tactic's copies reproduces its survival", "[formulas][tail]") {
  const PhaseType x = ph_fit(0.01, 4);
  for (const TailTactic& tactic : {hedge(0.015), retry(0.02, 2)}) {
    const CallLatency call(x, tactic);
    const CallSampler sampler(call);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u01(0, 1);
    auto uniform = [&] {
      double u;
      do u = u01(rng); while (u <= 0);
      return u;
    };
    constexpr int kDraws = 400'000;
    std::vector<double> draws;
    for (int i = 0; i < kDraws; ++i) draws.push_back(sampler.sample(uniform));
    for (double t : {0.002, 0.01, 0.016, 0.025, 0.045, 0.08}) {
      const double empirical =
          static_cast<double>(std::count_if(draws.begin(), draws.end(), [&](double v) { return v > t; })) / kDraws;
      const double s = call.survival(t);
      CAPTURE(t, s, empirical);
      CHECK(std::abs(empirical - s) < 5 * std::sqrt(s * (1 - s) / kDraws) + 1e-6);
    }
  }
}
