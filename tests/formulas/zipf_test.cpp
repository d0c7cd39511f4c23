#include "formulas/normal.hpp"
#include "formulas/zipf.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace headroom::formulas;

TEST_CASE("generalised harmonic numbers, summed and integrated", "[formulas][zipf]") {
  CHECK(generalized_harmonic(4, 1.0) == Approx(25.0 / 12).margin(1e-15));  // H_4
  CHECK(generalized_harmonic(3, 2.0) == Approx(1 + 0.25 + 1.0 / 9).margin(1e-15));
  CHECK(generalized_harmonic(10, 0.0) == 10);  // uniform
  // Beyond the summed head the tail is integrated (Euler–Maclaurin). For s = 1,
  // H_n = ln n + γ + 1/(2n) − 1/(12n²) + … (Abramowitz & Stegun 6.3.18); γ = 0.5772156649015329.
  const double n = 1e9;
  CHECK(generalized_harmonic(1'000'000'000, 1.0) ==
        Approx(std::log(n) + 0.5772156649015329 + 1 / (2 * n)).epsilon(1e-12));
  // s = 2 converges to ζ(2) = π²/6, less ~1/n.
  CHECK(generalized_harmonic(1'000'000'000, 2.0) ==
        Approx(M_PI * M_PI / 6 - 1 / n).epsilon(1e-12));
  // Against the sum itself, term by term, where the integrated tail is most of it.
  for (double s : {0.0, 0.3, 0.8, 1.2, 2.5}) {
    double direct = 0;
    for (int k = 3'000'000; k >= 1; --k) direct += std::pow(k, -s);
    CAPTURE(s);
    CHECK(generalized_harmonic(3'000'000, s) == Approx(direct).epsilon(1e-12));
  }
}

TEST_CASE("zipf probabilities sum to one", "[formulas][zipf]") {
  double sum = 0;
  for (std::uint64_t r = 1; r <= 1000; ++r) sum += zipf_probability(r, 1000, 0.9);
  CHECK(sum == Approx(1.0).margin(1e-12));
  CHECK(zipf_probability(1, 2, 1.0) == Approx(2.0 / 3).margin(1e-15));
}

TEST_CASE("the normal quantile matches tabulated values", "[formulas][normal]") {
  // Abramowitz & Stegun, Table 26.5 / standard tables: Φ⁻¹(0.975) = 1.959963984540054,
  // Φ⁻¹(0.95) = 1.6448536269514722, Φ⁻¹(0.5) = 0, and far in the tail Φ⁻¹(1e-10) = −6.361340902404056.
  using headroom::formulas::inverse_normal_cdf;
  CHECK(inverse_normal_cdf(0.975) == Approx(1.959963984540054).epsilon(1e-13));
  CHECK(inverse_normal_cdf(0.95) == Approx(1.6448536269514722).epsilon(1e-13));
  CHECK(inverse_normal_cdf(0.5) == Approx(0.0).margin(1e-15));
  CHECK(inverse_normal_cdf(1e-10) == Approx(-6.361340902404056).epsilon(1e-12));
  CHECK(inverse_normal_cdf(0.025) == Approx(-1.959963984540054).epsilon(1e-13));
}
