#include "formulas/phase_type.hpp"
#include "formulas/queueing.hpp"

#include <Eigen/Dense>
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace headroom::formulas;

namespace {

// Erlang's waiting-time formula for M/D/1 as he wrote it (D = 1): P(W <= x) =
// (1 − ρ) Σ_{k=0}^{⌊x⌋} (−ρ(x − k))^k / k! · e^{ρ(x − k)}, in long double: exact enough where
// the alternating terms stay small (x·ρ up to about 10).
double erlang_md1(double rho, double x) {
  long double sum = 0;
  for (int k = 0; k <= static_cast<int>(std::floor(x)); ++k) {
    const long double y = rho * (x - k);
    long double term = std::exp(y);
    for (int i = 1; i <= k; ++i) term *= -y / i;
    sum += term;
  }
  return static_cast<double>((1 - rho) * sum);
}

// Steady-state waiting times of a FCFS single-server queue by Lindley's recursion,
// W' = max(0, W + S − A), after a warm-up, sorted.
template <class Service>
std::vector<double> lindley(double lambda, Service service, int n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> gap(lambda);
  std::vector<double> w;
  w.reserve(n);
  double wait = 0;
  for (int i = 0; i < n + n / 10; ++i) {
    const double s = service(rng);
    if (i >= n / 10) w.push_back(wait);
    wait = std::max(0.0, wait + s - gap(rng));
  }
  std::sort(w.begin(), w.end());
  return w;
}

double second_moment(const PhaseType& x) {
  // E[X²] = 2·α·T⁻²·1 (Neuts, Theorem 2.2.1).
  const int n = x.phases();
  Eigen::MatrixXd t(n, n);
  Eigen::RowVectorXd a(n);
  for (int i = 0; i < n; ++i) {
    a(i) = x.alpha[i];
    for (int j = 0; j < n; ++j) t(i, j) = x.T[i * n + j];
  }
  const Eigen::MatrixXd inv = t.inverse();
  return 2 * (a * inv * inv * Eigen::VectorXd::Ones(n))(0);
}

}  // namespace

TEST_CASE("Erlang C and Allen–Cunneen against M/M/c closed forms", "[formulas][queueing]") {
  // M/M/2 at a = 1: C = (a²/2)/(1 − ρ) / (1 + a + (a²/2)/(1 − ρ)) = 1/3 (Kleinrock §3.5).
  CHECK(erlang_c(2, 1.0) == Approx(1.0 / 3).epsilon(1e-14));
  CHECK(erlang_c(1, 0.7) == Approx(0.7).epsilon(1e-14));  // M/M/1: P(wait) = ρ
  // M/M/1 mean wait ρ/(μ − λ); P-K with scv = 1 and Allen–Cunneen with c = 1 agree with it.
  CHECK(pk_mean_wait(0.5, 1.0, 1.0) == Approx(1.0).epsilon(1e-14));
  CHECK(allen_cunneen_mean_wait(0.5, 1.0, 1.0, 1) == Approx(1.0).epsilon(1e-14));
  // M/D/1: half the M/M/1 wait.
  CHECK(pk_mean_wait(0.5, 1.0, 0.0) == Approx(0.5).epsilon(1e-14));
  // M/M/2, λ = 1, μ = 1: W_q = C/(cμ − λ) = (1/3)/1.
  CHECK(allen_cunneen_mean_wait(1.0, 1.0, 1.0, 2) == Approx(1.0 / 3).epsilon(1e-14));
}

TEST_CASE("the M/D/1 waiting time equals Erlang's formula and stays stable where it is not", "[formulas][queueing]") {
  const double rho = GENERATE(0.1, 0.5, 0.8, 0.95);
  CAPTURE(rho);
  MD1Wait w(rho, 1.0);
  CHECK(w.cdf(0) == Approx(1 - rho).epsilon(1e-14));  // the atom: an empty system
  for (double x : {0.25, 0.999, 1.0, 1.5, 2.7, 4.0, 6.5}) {
    CAPTURE(x);
    if (x * rho > 10) continue;
    CHECK(w.cdf(x) == Approx(erlang_md1(rho, x)).margin(1e-12));
  }
  // The mean from the distribution is Pollaczek–Khinchine's ρ/(2(1 − ρ)).
  double mean = 0;
  const double h = 1e-3;
  for (double x = 0, tail = 1; tail > 1e-13; x += h) mean += (tail = 1 - w.cdf(x + h / 2)) * h;
  CHECK(mean == Approx(pk_mean_wait(rho, 1.0, 0.0)).epsilon(1e-4));
  // Scaled: D = 2 ms is the same queue in other units.
  MD1Wait scaled(rho / 0.002, 0.002);
  CHECK(scaled.quantile(0.99) == Approx(0.002 * w.quantile(0.99)).epsilon(1e-9));
}

TEST_CASE("M/D/1 quantiles agree with a simulation, and with the exact tail at high load", "[formulas][queueing]") {
  // ρ = 0.9: a simulation of 4M arrivals pins the quantiles to a few per cent.
  MD1Wait w(0.9, 1.0);
  const std::vector<double> sim = lindley(0.9, [](auto&) { return 1.0; }, 4'000'000, 7);
  for (double q : {0.5, 0.9, 0.99}) {
    CAPTURE(q);
    const double exact = w.quantile(q);
    CHECK(sim[static_cast<size_t>(q * sim.size())] == Approx(exact).epsilon(0.03));
    CHECK(w.cdf(exact) == Approx(q).margin(1e-9));
  }
  // ρ = 0.98: p99.9 is about 170 services, where Erlang's terms reach 1e70. Far in the tail
  // the Cramér–Lundberg asymptote P(W > x) ~ C·e^{−γx} is exact to many digits (γ solves
  // ρ(e^γ − 1) = γ, C = (1 − ρ)/(ρe^γ − 1)): the quantiles must agree with it.
  const double rho = 0.98;
  MD1Wait heavy(rho, 1.0);
  double lo = 1e-6, hi = 1;
  for (int i = 0; i < 200; ++i) {
    const double g = 0.5 * (lo + hi);
    (rho * std::expm1(g) - g < 0 ? lo : hi) = g;
  }
  const double c = (1 - rho) / (rho * std::exp(hi) - 1);
  for (double q : {0.99, 0.999, 0.9999}) {
    CAPTURE(q);
    CHECK(heavy.quantile(q) == Approx(std::log(c / (1 - q)) / hi).epsilon(1e-6));
  }
  CHECK_FALSE(heavy.asymptotic());
  // The exact tail has become the exponential long before the switch to it at 2,000 services,
  // at any load: the two agree where 1 − cdf keeps its digits, and the CDF is continuous across it.
  for (double load : {0.3, 0.9, 0.99, 0.999}) {
    CAPTURE(load);
    MD1Wait w(load, 1.0);
    double g_lo = 1e-9, g_hi = 50;
    for (int i = 0; i < 300; ++i) {
      const double g = 0.5 * (g_lo + g_hi);
      (load * std::expm1(g) - g < 0 ? g_lo : g_hi) = g;
    }
    const double cc = (1 - load) / (load * std::exp(g_hi) - 1);
    for (double x : {300.5, 1200.25}) {
      const double tail = 1 - w.cdf(x), asymptote = cc * std::exp(-g_hi * x);
      if (asymptote < 1e-7) continue;  // 1 − cdf keeps few digits below that
      CHECK(tail == Approx(asymptote).epsilon(1e-5));
    }
    CHECK(w.cdf(2000.999) == Approx(w.cdf(2001.0)).margin(1e-12));
  }
  // ρ = 0.99999: p50 of the wait is some 35,000 services, from the tail; the CDF gives the
  // same numbers (it said 1 beyond 20,000 services before, a silent wrong number in cascades).
  MD1Wait extreme(0.99999, 1.0);
  const double median = extreme.quantile(0.5);
  CHECK(median > 30000);
  CHECK(extreme.cdf(median) == Approx(0.5).epsilon(1e-9));
}

TEST_CASE("phase-type fits keep the mean and scv they are given", "[formulas][phase_type]") {
  const double scv = GENERATE(1.0 / 60, 0.3, 0.5, 0.8, 1.0, 2.0, 9.0);
  CAPTURE(scv);
  const PhaseType x = ph_fit(2.0, scv);
  CHECK(ph_mean(x) == Approx(2.0).epsilon(1e-12));
  const double m2 = second_moment(x);
  CHECK(m2 / 4.0 - 1 == Approx(scv).epsilon(2e-3));
}

TEST_CASE("the M/PH/1 wait is M/M/1's for exponential service and matches simulation otherwise", "[formulas][phase_type]") {
  // M/M/1: P(W > x) = ρ·e^{−(μ−λ)x}.
  const PhaseType w = mph1_wait(0.6, ph_exponential(1.0));
  CHECK(w.atom() == Approx(0.4).epsilon(1e-14));
  for (double x : {0.0, 0.5, 3.0, 20.0}) CHECK(ph_survival(w, x) == Approx(0.6 * std::exp(-0.4 * x)).epsilon(1e-12));
  // Sojourn = wait + service: Exp(μ − λ), so its p99 is ln(100)/0.4.
  CHECK(ph_quantile(ph_sum(w, ph_exponential(1.0)), 0.99) == Approx(std::log(100.0) / 0.4).epsilon(1e-9));
  // Hyperexponential service (scv = 4): the mean is Pollaczek–Khinchine's, the quantiles a
  // simulation's of the same service distribution.
  const PhaseType s = ph_fit(1.0, 4.0);
  const PhaseType h2 = mph1_wait(0.7, s);
  CHECK(ph_mean(h2) == Approx(pk_mean_wait(0.7, 1.0, 4.0)).epsilon(1e-10));
  const double p1 = s.alpha[0], mu1 = -s.T[0], mu2 = -s.T[3];
  const std::vector<double> sim = lindley(0.7, [&](std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(0, 1);
    return std::exponential_distribution<double>(u(rng) < p1 ? mu1 : mu2)(rng);
  }, 4'000'000, 11);
  for (double q : {0.5, 0.9, 0.99}) {
    CAPTURE(q);
    CHECK(sim[static_cast<size_t>(q * sim.size())] == Approx(ph_quantile(h2, q)).epsilon(0.06));
  }
}
