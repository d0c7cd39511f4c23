#include "formulas/usl.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

using namespace headroom::formulas;

TEST_CASE("USL on SPEC SDM91 matches the R package usl", "[formulas][usl]") {
  // Gunther, "Guerrilla Capacity Planning" (2007), the Sun SPARCcenter 2000 in SPEC SDM91; the
  // reference is R's usl package (Moeding), tests/summary.Rout.save: α (σ) 2.773e-02 ± 9.122e-03,
  // β (κ) 1.044e-04 ± 1.988e-05, γ 90.00 ± 14.21, residual standard error 82.85 on 4 degrees of
  // freedom, R² 0.9896; peak.scalability 97 (tests/peak-scalability.Rout.save).
  const std::vector<double> n = {1, 18, 36, 72, 108, 144, 216};
  const std::vector<double> x = {64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2};
  const UslFit f = fit_usl(n, x);
  CHECK(f.sigma == Approx(2.773e-02).epsilon(2e-3));
  CHECK(f.kappa == Approx(1.044e-04).epsilon(2e-3));
  CHECK(f.gamma == Approx(90.00).epsilon(1e-3));
  CHECK(f.sigma_se == Approx(9.122e-03).epsilon(2e-3));
  CHECK(f.kappa_se == Approx(1.988e-05).epsilon(2e-3));
  CHECK(f.gamma_se == Approx(14.21).epsilon(2e-3));
  CHECK(f.residual_se == Approx(82.85).epsilon(1e-3));
  CHECK(f.r_squared == Approx(0.9896).epsilon(1e-4));
  REQUIRE(f.peak_concurrency);
  CHECK(std::round(*f.peak_concurrency) == 97);
}

TEST_CASE("USL on the ray tracer keeps κ at its bound", "[formulas][usl]") {
  // GCaP's ray-tracer benchmark (processors, throughput); R's usl gives α 0.0578, β 0 (at the
  // bound), γ 21.8488 (tests/confint.Rout.save). With κ = 0 there is no peak.
  const std::vector<double> n = {1, 4, 8, 12, 16, 20, 24, 28, 32, 48, 64};
  const std::vector<double> x = {20, 78, 130, 170, 190, 200, 210, 230, 260, 280, 310};
  const UslFit f = fit_usl(n, x);
  CHECK(f.sigma == Approx(0.0578).epsilon(2e-3));
  CHECK(f.kappa == 0);
  CHECK(f.gamma == Approx(21.8488).epsilon(1e-4));
  CHECK_FALSE(f.peak_concurrency);
}

TEST_CASE("USL recovers its own coefficients from exact and noisy points", "[formulas][usl]") {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (int round = 0; round < 40; ++round) {
    UslFit truth;
    truth.sigma = 0.2 * u(rng);
    truth.kappa = u(rng) < 0.25 ? 0.0 : 1e-3 * u(rng);
    truth.gamma = 10 + 1000 * u(rng);
    std::vector<double> n, x;
    for (double m : {2.0, 4.0, 8.0, 16.0, 32.0, 64.0}) n.push_back(m), x.push_back(usl_throughput(truth, m));
    const UslFit f = fit_usl(n, x);  // no N = 1 point: γ is fitted
    INFO("round " << round << ": σ " << truth.sigma << " κ " << truth.kappa << " γ " << truth.gamma);
    CHECK(f.sigma == Approx(truth.sigma).margin(1e-7));
    CHECK(f.kappa == Approx(truth.kappa).margin(1e-9));
    CHECK(f.gamma == Approx(truth.gamma).epsilon(1e-6));
    CHECK(f.r_squared == Approx(1).margin(1e-9));
    // With 2 % noise the SSE is no larger than at the true coefficients (it is the minimum).
    std::vector<double> noisy = x;
    for (double& v : noisy) v *= 1 + 0.02 * (2 * u(rng) - 1);
    const UslFit g = fit_usl(n, noisy);
    double at_fit = 0, at_truth = 0;
    for (size_t i = 0; i < n.size(); ++i) {
      at_fit += std::pow(noisy[i] - usl_throughput(g, n[i]), 2);
      at_truth += std::pow(noisy[i] - usl_throughput(truth, n[i]), 2);
    }
    CHECK(at_fit <= at_truth * (1 + 1e-9));
    CHECK(g.sigma >= 0);
    CHECK(g.kappa >= 0);
  }
}
