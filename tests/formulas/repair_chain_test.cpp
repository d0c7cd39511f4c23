#include "formulas/repair_chain.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace headroom::formulas;

TEST_CASE("with a crew per replica the chain equals the binomial k-of-n", "[formulas][repair_chain]") {
  // Unlimited repair makes replicas independent: each up with μ/(λ+μ) (Rausand & Høyland §8.8).
  const auto n = GENERATE(1, 2, 3, 6, 20);
  const auto k = GENERATE(1, 2, 4);
  if (k > n) return;
  CAPTURE(n, k);
  const double lambda = 1.0 / (1000 * 3600.0), mu = 1.0 / 1800.0;
  const Availability chain = k_of_n_with_repair_crews(n, k, Rate(lambda), Rate(mu), n);
  const Availability binomial =
      k_of_n_identical(Availability{mu / (lambda + mu), lambda / (lambda + mu)}, n, k);
  CHECK(chain.up == Approx(binomial.up).margin(1e-14));
  CHECK(chain.down == Approx(binomial.down).epsilon(1e-9));
}

TEST_CASE("two units with a single repair crew match Trivedi's closed form", "[formulas][repair_chain]") {
  // Trivedi, Probability and Statistics with Reliability, Queuing and Computer Science
  // Applications (2nd ed.), ch. 8, two-unit parallel redundant system with one repair facility:
  // A = (μ² + 2λμ) / (μ² + 2λμ + 2λ²).
  const auto ratio = GENERATE(1e-1, 1e-2, 1e-4);  // λ/μ
  CAPTURE(ratio);
  const double mu = 1.0, lambda = ratio;
  const Availability a = k_of_n_with_repair_crews(2, 1, Rate(lambda), Rate(mu), 1);
  const double denominator = mu * mu + 2 * lambda * mu + 2 * lambda * lambda;
  CHECK(a.up == Approx((mu * mu + 2 * lambda * mu) / denominator).margin(1e-15));
  CHECK(a.down == Approx(2 * lambda * lambda / denominator).epsilon(1e-10));
}

TEST_CASE("fewer crews never raise availability", "[formulas][repair_chain]") {
  const double lambda = 1.0 / 500.0, mu = 1.0 / 10.0;
  double previous = 0.0;
  for (int crews = 1; crews <= 5; ++crews) {
    const Availability a = k_of_n_with_repair_crews(5, 3, Rate(lambda), Rate(mu), crews);
    CAPTURE(crews);
    CHECK(a.up >= previous);
    previous = a.up;
  }
}

TEST_CASE("a large fleet with one crew matches the product-form closed form", "[formulas][repair_chain]") {
  // Birth–death steady state (Trivedi, ch. 8): with m replicas up, failures move to m−1 at rate
  // mλ and one crew repairs at μ, so π(m) ∝ (μ/λ)^m / m!. With λ = 1, μ = 0.5 and n large the
  // chain sits near "all down"; P(at least k up) = Σ_{m≥k} 0.5^m/m! / e^0.5 (n → ∞).
  // The mode is deep in the chain; pinning it keeps every probability finite.
  const Availability a = k_of_n_with_repair_crews(5000, 10, Rate(1.0), Rate(0.5), 1);
  double tail = 0, term = 1;
  for (int m = 0; m < 60; ++m) {
    if (m >= 10) tail += term;
    term *= 0.5 / (m + 1);
  }
  CHECK(a.up == Approx(tail / std::exp(0.5)).epsilon(1e-9));
  CHECK(a.up + a.down == Approx(1.0).margin(1e-12));
}
