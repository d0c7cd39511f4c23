#include "formulas/multiserver.hpp"
#include "formulas/queueing.hpp"
#include "formulas/request_latency.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

using namespace headroom::formulas;

TEST_CASE("Erlang C matches a 60-digit computation, c from 1 to 10,000", "[formulas][multiserver]") {
  // The reference: the direct sum C = (a^c/c!·c/(c−a)) / (Σ_{k<c} a^k/k! + a^c/c!·c/(c−a)) in
  // Python's decimal module at 60 digits (terms by t_k = t_{k−1}·a/k), not the Erlang B
  // recursion erlang_c uses. c = 10, a = 8 is the textbook 0.4092 (e.g. Kleinrock's tables).
  struct Row { int c; double a, expected; };
  const std::vector<Row> rows = {
      {5, 4, 5.54112554112554112073e-01},   {10, 8, 4.09180150796443542482e-01},
      {20, 17.5, 4.63156035593223547320e-01}, {50, 45, 3.63864467206988395631e-01},
      {50, 10, 1.86590840722185517450e-19}, {100, 99, 8.82768462610084458930e-01},
      {1000, 990, 6.59080421880854472327e-01}, {10000, 9900, 2.22776928864148238141e-01},
  };
  for (const Row& r : rows) {
    INFO("c = " << r.c << ", a = " << r.a);
    CHECK(erlang_c(r.c, r.a) == Approx(r.expected).epsilon(1e-11));
  }
  // No overflow or underflow trouble at c = 100,000 (offered load 99,000 and 50,000).
  const double big = erlang_c(100000, 99000);
  CHECK(big > 0);
  CHECK(big < 1);
  CHECK(erlang_c(100000, 50000) == 0.0);  // below 1e-300: rounds to zero, no NaN
}

TEST_CASE("Erlang C's shortened recursion for large loads equals the full one", "[formulas][multiserver]") {
  // The whole Erlang B recursion from k = 0, as erlang_c ran it before it learnt to start near
  // a − 40√a and to stop once B underflows.
  auto full = [](int c, double a) {
    double b = 1.0;
    for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
    return b / (1 - a / c * (1 - b));
  };
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> rho(0.3, 0.9999);
  for (int i = 0; i < 60; ++i) {
    const int c = 4000 + static_cast<int>(rng() % 1'000'000);
    const double a = rho(rng) * c;
    CAPTURE(c, a);
    const double want = full(c, a);
    if (want < 1e-290) CHECK(erlang_c(c, a) < 1e-280);
    else CHECK(erlang_c(c, a) == Approx(want).epsilon(1e-12));
  }
  CHECK(erlang_c(1'000'000, 999'000) == Approx(full(1'000'000, 999'000)).epsilon(1e-12));
}

TEST_CASE("Allen–Cunneen reduces to Pollaczek–Khinchine and Kingman with one server", "[formulas][multiserver]") {
  // M/D/1 (arrival scv 1, service scv 0): P-K is exact, W = ρs/(2(1 − ρ)).
  CHECK(allen_cunneen_mean_wait(0.8, 1.0, 0.0, 1) == Approx(0.8 / (2 * 0.2)).epsilon(1e-14));
  CHECK(allen_cunneen_mean_wait(0.8, 1.0, 0.0, 1) == Approx(pk_mean_wait(0.8, 1.0, 0.0)).epsilon(1e-14));
  // G/G/1: Kingman's ρ/(1 − ρ)·(ca² + cs²)/2·s.
  const double rho = 0.9, ca2 = 2.5, cs2 = 0.3;
  CHECK(allen_cunneen_mean_wait(rho, 1.0, cs2, 1, ca2) ==
        Approx(rho / (1 - rho) * (ca2 + cs2) / 2).epsilon(1e-14));
}

TEST_CASE("an M/M/c stage's wait and response are the closed forms", "[formulas][multiserver]") {
  for (int c : {1, 2, 8, 64}) {
    for (double rho : {0.3, 0.8, 0.97}) {
      const double s = 0.02, mu = 1 / s, lambda = rho * c * mu;
      const StageQueue q = multiserver_stage(lambda, s, 1.0, 1.0, c);
      INFO("c = " << c << ", rho = " << rho);
      CHECK(q.exact);
      const double C = erlang_c(c, lambda * s), theta = c * mu - lambda;
      CHECK(q.p_wait == Approx(C).epsilon(1e-14));
      CHECK(q.wait_mean == Approx(C / theta).epsilon(1e-12));
      CHECK(ph_mean(q.response) == Approx(C / theta + s).epsilon(1e-10));
      for (double t : {0.001, 0.01, 0.05, 0.2}) {
        // P(W > t) = C e^{−θt}; the sojourn T = W + S: (1 − C)e^{−μt} + C·P(Exp(θ) + Exp(μ) > t).
        CHECK(ph_survival(q.wait, t) == Approx(C * std::exp(-theta * t)).epsilon(1e-9));
        const double hypo = std::abs(theta - mu) < 1e-9 * mu
                                ? (1 + mu * t) * std::exp(-mu * t)
                                : (theta * std::exp(-mu * t) - mu * std::exp(-theta * t)) / (theta - mu);
        const double expected = (1 - C) * std::exp(-mu * t) + C * hypo;
        CHECK(ph_survival(q.response, t) == Approx(expected).epsilon(1e-9).margin(1e-300));
      }
    }
  }
}

TEST_CASE("the slowest of k exponential calls: H_k/μ and −ln(1 − q^(1/k))/μ", "[formulas][multiserver]") {
  const double mu = 50;
  const PhaseType x = ph_exponential(mu);
  for (int k : {1, 2, 5, 20, 100}) {
    double harmonic = 0;
    for (int i = 1; i <= k; ++i) harmonic += 1.0 / i;
    INFO("k = " << k);
    CHECK(mean_of_max(x, k) == Approx(harmonic / mu).epsilon(1e-9));
    for (double q : {0.5, 0.99, 0.999}) {
      CHECK(quantile_of_max(x, k, q) == Approx(-std::log1p(-std::pow(q, 1.0 / k)) / mu).epsilon(1e-9));
    }
  }
}

TEST_CASE("sampling a phase-type distribution matches its mean and survival", "[formulas][multiserver]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  auto uniform = [&] {
    double u;
    do u = u01(rng); while (u <= 0.0);
    return u;
  };
  const std::vector<PhaseType> cases = {
      ph_exponential(3.0), ph_fit(0.5, 4.0), ph_fit(0.5, 0.3), ph_fit(2.0, 1.0 / 64),
      multiserver_stage(90, 0.02, 1.0, 1.0, 2).response,
      multiserver_stage(40, 0.02, 2.0, 1.5, 1).response,  // with an atom in its wait
  };
  for (size_t ci = 0; ci < cases.size(); ++ci) {
    const PhaseType& x = cases[ci];
    const PhSampler sampler(x);
    const int n = 200000;
    const double t = ph_quantile(x, 0.9);
    double sum = 0, sum2 = 0;
    int above = 0;
    for (int i = 0; i < n; ++i) {
      const double v = sampler.sample(uniform);
      sum += v, sum2 += v * v;
      above += v > t;
    }
    const double mean = sum / n, se = std::sqrt((sum2 / n - mean * mean) / n);
    INFO("case " << ci);
    CHECK(std::abs(mean - ph_mean(x)) < 4.5 * se);
    const double p = ph_survival(x, t), p_se = std::sqrt(p * (1 - p) / n);
    CHECK(std::abs(static_cast<double>(above) / n - p) < 4.5 * p_se);
  }
}

TEST_CASE("one server with Poisson arrivals is M/PH/1, exact", "[formulas][multiserver]") {
  // P-K for the mean; P(wait) = ρ; and the survival of an M/H2/1 wait against the same queue
  // built from formulas::mph1_wait directly (the lag analysis's exact path).
  for (double scv : {0.25, 1.0, 4.0}) {
    const double lambda = 40, s = 0.02;
    const StageQueue q = multiserver_stage(lambda, s, scv, 1.0, 1);
    INFO("scv = " << scv);
    CHECK(q.exact);
    CHECK(q.p_wait == Approx(0.8).epsilon(1e-14));
    CHECK(q.wait_mean == Approx(0.8 * s * (1 + scv) / (2 * 0.2)).epsilon(1e-14));
    CHECK(ph_mean(q.wait) == Approx(q.wait_mean).epsilon(1e-9));
    CHECK(1 - q.wait.atom() == Approx(0.8).epsilon(1e-12));
  }
  // Non-Poisson arrivals: Allen–Cunneen even with one server.
  CHECK_FALSE(multiserver_stage(40, 0.02, 1.0, 2.0, 1).exact);
}

TEST_CASE("a request's latency on the grid: sums and maxima with closed forms", "[formulas][multiserver]") {
  // Two exponential visits in series: Erlang(2), P(T > t) = (1 + μt)e^{−μt}.
  const double mu = 100;
  auto erlang2_quantile = [&](double q) {
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; ++i) {
      const double mid = 0.5 * (lo + hi);
      ((1 + mu * mid) * std::exp(-mu * mid) > 1 - q ? lo : hi) = mid;
    }
    return hi;
  };
  const std::vector<double> qs = {0.5, 0.99, 0.999};
  const PhaseType e = ph_exponential(mu);
  std::vector<double> got = latency_quantiles({LatencyPart{e, 1, 0.0, 2.0}}, qs);
  for (size_t i = 0; i < qs.size(); ++i) {
    INFO("q = " << qs[i]);
    CHECK(got[i] >= erlang2_quantile(qs[i]) - 1e-12);          // rounded up, never below
    CHECK(got[i] == Approx(erlang2_quantile(qs[i])).epsilon(3e-3));
  }
  // One visit of the slowest of 8, shifted by 2 ms: −ln(1 − q^(1/8))/μ + 0.002.
  got = latency_quantiles({LatencyPart{e, 8, 0.002, 1.0}}, qs);
  for (size_t i = 0; i < qs.size(); ++i)
    CHECK(got[i] == Approx(-std::log1p(-std::pow(qs[i], 1.0 / 8)) / mu + 0.002).epsilon(2e-3));
  // Half a visit: with probability 1/2 nothing, else Exp(μ): P(T <= t) = 1/2 + (1 − e^{−μt})/2.
  got = latency_quantiles({LatencyPart{e, 1, 0.0, 0.5}}, qs);
  CHECK(got[0] == Approx(0.0).margin(1e-12));
  CHECK(got[1] == Approx(-std::log(0.02) / mu).epsilon(2e-3));
  CHECK(got[2] == Approx(-std::log(0.002) / mu).epsilon(2e-3));
}
