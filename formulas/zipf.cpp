#include "formulas/zipf.hpp"

#include <cassert>
#include <cmath>

namespace headroom::formulas {
namespace {
// Terms summed one by one before the tail is integrated.
constexpr std::uint64_t kExactTerms = 1'000'000;
}  // namespace

double generalized_harmonic(std::uint64_t n, double s) {
  assert(n >= 1 && s >= 0);
  const std::uint64_t head = n < kExactTerms ? n : kExactTerms;
  double sum = 0.0;
  // Smallest terms first, for accuracy.
  for (std::uint64_t k = head; k >= 1; --k) sum += std::pow(static_cast<double>(k), -s);
  if (head == n) return sum;
  // Σ_{k=a+1..n} f(k) ≈ ∫_a^n f + (f(n) − f(a))/2 + (f'(n) − f'(a))/12, f(x) = x^−s.
  const double a = static_cast<double>(head), b = static_cast<double>(n);
  const double integral = std::fabs(s - 1.0) < 1e-12 ? std::log(b / a)
                                                     : (std::pow(b, 1 - s) - std::pow(a, 1 - s)) / (1 - s);
  auto f = [&](double x) { return std::pow(x, -s); };
  auto df = [&](double x) { return -s * std::pow(x, -s - 1); };
  return sum + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12;
}

double zipf_probability(std::uint64_t rank, std::uint64_t n, double s) {
  assert(rank >= 1 && rank <= n);
  return std::pow(static_cast<double>(rank), -s) / generalized_harmonic(n, s);
}

}  // namespace headroom::formulas
