#include "formulas/repair_chain.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <vector>

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

TEST_CASE("a tiny unavailability with few crews is exact, never negative", "[formulas][repair_chain][regression]") {
  // 60 replicas, up while 52 are, 9 crews. References: the chain's product form in exact
  // rational arithmetic (Python's fractions.Fraction, 60 states, summed exactly), printed as
  // floats. The linear solve this replaced gave −4.9e-23 for such a chain.
  struct Case {
    double mtbf_h, mttr_h, down;
  };
  const Case cases[] = {
      {10000, 1, 1.47030454104391e-26},
      {2000, 0.5, 5.563254303104716e-23},
      {100, 4, 4.755677428877998e-4},
  };
  for (const Case& c : cases) {
    CAPTURE(c.mtbf_h, c.mttr_h);
    const Availability a = k_of_n_with_repair_crews(60, 52, Rate(1 / (c.mtbf_h * 3600)),
                                                    Rate(1 / (c.mttr_h * 3600)), 9);
    CHECK(a.down > 0);
    CHECK(a.down == Approx(c.down).epsilon(1e-10));
    CHECK(a.up <= 1.0);
  }
}

TEST_CASE("the product form matches a linear solve of the generator on small chains", "[formulas][repair_chain]") {
  // Independent of the product form: Gaussian elimination of Qᵀπ = 0 with Σπ = 1 in long
  // double, written here, for small n where it is well conditioned.
  for (int n = 1; n <= 7; ++n)
    for (int k = 1; k <= n; ++k)
      for (int crews = 1; crews <= n; ++crews) {
        const long double lambda = 0.3L, mu = 1.7L;
        const int s = n + 1;
        std::vector<std::vector<long double>> m(s, std::vector<long double>(s + 1, 0.0L));
        for (int j = 0; j < s; ++j) {
          const long double birth = (n - j) * lambda, death = std::min(j, crews) * mu;
          m[j][j] -= birth + death;          // column j of Q, as row j of Qᵀ
          if (j < n) m[j + 1][j] += birth;   // j → j+1
          if (j > 0) m[j - 1][j] += death;   // j → j−1
        }
        for (int j = 0; j < s; ++j) m[s - 1][j] = 1.0L;  // replace the last equation: Σπ = 1
        m[s - 1][s] = 1.0L;
        for (int col = 0; col < s; ++col) {
          int pivot = col;
          for (int r = col + 1; r < s; ++r)
            if (std::fabs(m[r][col]) > std::fabs(m[pivot][col])) pivot = r;
          std::swap(m[col], m[pivot]);
          for (int r = 0; r < s; ++r) {
            if (r == col) continue;
            const long double f = m[r][col] / m[col][col];
            for (int c = col; c <= s; ++c) m[r][c] -= f * m[col][c];
          }
        }
        long double down = 0;
        for (int j = n - k + 1; j < s; ++j) down += m[j][s] / m[j][j];
        CAPTURE(n, k, crews);
        const Availability a = k_of_n_with_repair_crews(n, k, Rate(0.3), Rate(1.7), crews);
        CHECK(a.down == Approx(static_cast<double>(down)).epsilon(1e-12));
      }
}
