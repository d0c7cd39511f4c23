// The Universal Scalability Law, X(N) = γN / (1 + σ(N − 1) + κN(N − 1)), fitted to measured
// throughputs by nonlinear least squares with σ, κ >= 0 (Gunther, "Guerrilla Capacity
// Planning", Springer 2007, ch. 4–6). No measurement at N = 1 is needed: γ is fitted too.
#pragma once

#include <optional>
#include <vector>

namespace headroom::formulas {

struct UslFit {
  double sigma = 0, kappa = 0, gamma = 0;
  double sigma_se = 0, kappa_se = 0, gamma_se = 0;  // from s²(JᵀJ)⁻¹ with 3 parameters
  double r_squared = 0;        // 1 − SSE/SST
  double residual_se = 0;      // √(SSE/(n − 3))
  std::optional<double> peak_concurrency;  // √((1 − σ)/κ), when κ > 0 and σ < 1
  std::optional<double> peak_throughput;   // X at the peak concurrency
  int iterations = 0;
};

/// X(N) for the fitted coefficients.
double usl_throughput(const UslFit& fit, double n);

/// Requires: at least 3 points, every N >= 1 and X > 0. The fit is the least SSE over the
/// four faces of the bound (σ, κ free; σ = 0; κ = 0; both 0), each by Levenberg–Marquardt
/// from the linearised fit N/X = a + b(N − 1) + cN(N − 1).
UslFit fit_usl(const std::vector<double>& n, const std::vector<double>& x);

}  // namespace headroom::formulas
