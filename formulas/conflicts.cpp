#include "formulas/conflicts.hpp"

#include <cassert>
#include <cmath>

#include "formulas/zipf.hpp"

namespace headroom::formulas {

double conflict_fraction(double rate, int primaries, std::uint64_t keys, double zipf, double delay) {
  assert(rate > 0 && primaries >= 2 && keys >= 1 && zipf >= 0 && delay >= 0);
  const double c = 2 * delay * rate * (primaries - 1) / primaries;
  const double h = generalized_harmonic(keys, zipf);
  // f(x) = p(x)·(1 − e^{−c·p(x)}), p(x) = x^{−s}/H: the share of writes to rank x that conflict.
  auto f = [&](double x) {
    const double p = std::pow(x, -zipf) / h;
    return p * -std::expm1(-c * p);
  };
  constexpr std::uint64_t kExact = 10'000;
  double sum = 0;
  const std::uint64_t exact = std::min(keys, kExact);
  for (std::uint64_t k = exact; k >= 1; --k) sum += f(static_cast<double>(k));  // small terms first
  if (keys <= kExact) return sum;
  // Σ_{k=M+1}^{K} f(k) = ∫_M^K f + (f(K) − f(M))/2 + (f'(K) − f'(M))/12 − …: the integral by
  // Gauss–Legendre on log-spaced panels (f is smooth and slowly varying this far out).
  const double a = static_cast<double>(kExact), b = static_cast<double>(keys);
  const double xs[5] = {-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640};
  const double ws[5] = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891};
  const int panels = 200;
  const double la = std::log(a), lb = std::log(b);
  double integral = 0;
  for (int i = 0; i < panels; ++i) {
    const double lo = la + (lb - la) * i / panels, hi = la + (lb - la) * (i + 1) / panels;
    for (int j = 0; j < 5; ++j) {
      const double u = 0.5 * (lo + hi) + 0.5 * (hi - lo) * xs[j];
      const double x = std::exp(u);
      integral += 0.5 * (hi - lo) * ws[j] * f(x) * x;  // dx = x du
    }
  }
  auto df = [&](double x) { const double e = x * 1e-6; return (f(x + e) - f(x - e)) / (2 * e); };
  return sum + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12;
}

}  // namespace headroom::formulas
