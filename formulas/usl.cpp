#include "formulas/usl.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>

namespace headroom::formulas {
namespace {

struct Params {
  double sigma, kappa, gamma;
};

double model(const Params& p, double n) {
  return p.gamma * n / (1 + p.sigma * (n - 1) + p.kappa * n * (n - 1));
}

double sse(const Params& p, const std::vector<double>& n, const std::vector<double>& x) {
  double s = 0;
  for (size_t i = 0; i < n.size(); ++i) s += (x[i] - model(p, n[i])) * (x[i] - model(p, n[i]));
  return s;
}

// ∂X/∂(σ, κ, γ) at each point: n × 3.
Eigen::MatrixXd jacobian(const Params& p, const std::vector<double>& n) {
  Eigen::MatrixXd j(n.size(), 3);
  for (size_t i = 0; i < n.size(); ++i) {
    const double d = 1 + p.sigma * (n[i] - 1) + p.kappa * n[i] * (n[i] - 1);
    const double top = p.gamma * n[i];
    j(i, 0) = -top * (n[i] - 1) / (d * d);
    j(i, 1) = -top * n[i] * (n[i] - 1) / (d * d);
    j(i, 2) = n[i] / d;
  }
  return j;
}

// Levenberg–Marquardt over the parameters `free` says, the others held; steps that leave
// σ, κ >= 0 are cut back to the bound.
Params levenberg_marquardt(Params p, const std::array<bool, 3>& free, const std::vector<double>& n,
                           const std::vector<double>& x, int& iterations) {
  double lambda = 1e-3, now = sse(p, n, x);
  for (int it = 0; it < 500; ++it, ++iterations) {
    const Eigen::MatrixXd jf = jacobian(p, n);
    std::vector<int> cols;
    for (int c = 0; c < 3; ++c)
      if (free[c]) cols.push_back(c);
    Eigen::MatrixXd j(n.size(), cols.size());
    for (size_t c = 0; c < cols.size(); ++c) j.col(c) = jf.col(cols[c]);
    Eigen::VectorXd r(n.size());
    for (size_t i = 0; i < n.size(); ++i) r(i) = x[i] - model(p, n[i]);
    const Eigen::MatrixXd jtj = j.transpose() * j;
    const Eigen::VectorXd g = j.transpose() * r;
    bool improved = false;
    for (int tries = 0; tries < 30 && !improved; ++tries) {
      Eigen::MatrixXd a = jtj;
      for (int c = 0; c < a.rows(); ++c) a(c, c) *= 1 + lambda;
      const Eigen::VectorXd step = a.ldlt().solve(g);
      Params q = p;
      double* fields[3] = {&q.sigma, &q.kappa, &q.gamma};
      for (size_t c = 0; c < cols.size(); ++c) *fields[cols[c]] += step(c);
      q.sigma = std::max(q.sigma, 0.0), q.kappa = std::max(q.kappa, 0.0);
      const double next = sse(q, n, x);
      if (std::isfinite(next) && next < now) {
        const bool converged = now - next <= 1e-15 * std::max(now, 1e-300);
        p = q, now = next, lambda = std::max(lambda / 10, 1e-12), improved = true;
        if (converged) return p;
      } else {
        lambda *= 10;
      }
    }
    if (!improved) return p;  // no step lowers the SSE: a minimum
  }
  return p;
}

}  // namespace

double usl_throughput(const UslFit& f, double n) { return model(Params{f.sigma, f.kappa, f.gamma}, n); }

UslFit fit_usl(const std::vector<double>& n, const std::vector<double>& x) {
  assert(n.size() == x.size() && n.size() >= 3);
  // The linearised fit: N/X = a + b(N − 1) + cN(N − 1), γ = 1/a, σ = b/a, κ = c/a.
  Eigen::MatrixXd a(n.size(), 3);
  Eigen::VectorXd y(n.size());
  for (size_t i = 0; i < n.size(); ++i) {
    a(i, 0) = 1, a(i, 1) = n[i] - 1, a(i, 2) = n[i] * (n[i] - 1);
    y(i) = n[i] / x[i];
  }
  const Eigen::VectorXd c = a.colPivHouseholderQr().solve(y);
  Params start{0, 0, 0};
  double max_rate = 0;
  for (size_t i = 0; i < n.size(); ++i) max_rate = std::max(max_rate, x[i] / n[i]);
  start.gamma = c(0) > 0 ? 1 / c(0) : max_rate;
  start.sigma = c(0) > 0 ? std::max(0.0, c(1) / c(0)) : 0.0;
  start.kappa = c(0) > 0 ? std::max(0.0, c(2) / c(0)) : 0.0;

  UslFit out;
  Params best{0, 0, 0};
  double best_sse = std::numeric_limits<double>::infinity();
  const std::array<std::array<bool, 3>, 4> faces = {{{true, true, true}, {false, true, true},
                                                     {true, false, true}, {false, false, true}}};
  for (const auto& free : faces) {
    Params p = start;
    if (!free[0]) p.sigma = 0;
    if (!free[1]) p.kappa = 0;
    p = levenberg_marquardt(p, free, n, x, out.iterations);
    const double s = sse(p, n, x);
    if (s < best_sse * (1 - 1e-12)) best = p, best_sse = s;
  }
  out.sigma = best.sigma, out.kappa = best.kappa, out.gamma = best.gamma;
  double mean = 0;
  for (double v : x) mean += v / x.size();
  double sst = 0;
  for (double v : x) sst += (v - mean) * (v - mean);
  out.r_squared = sst > 0 ? 1 - best_sse / sst : 1.0;
  const double dof = static_cast<double>(n.size()) - 3;
  if (dof > 0) {
    out.residual_se = std::sqrt(best_sse / dof);
    const Eigen::MatrixXd j = jacobian(best, n);
    const Eigen::MatrixXd cov = (j.transpose() * j).inverse() * (best_sse / dof);
    out.sigma_se = std::sqrt(std::max(0.0, cov(0, 0)));
    out.kappa_se = std::sqrt(std::max(0.0, cov(1, 1)));
    out.gamma_se = std::sqrt(std::max(0.0, cov(2, 2)));
  }
  if (out.kappa > 0 && out.sigma < 1) {
    out.peak_concurrency = std::sqrt((1 - out.sigma) / out.kappa);
    out.peak_throughput = usl_throughput(out, *out.peak_concurrency);
  }
  return out;
}

}  // namespace headroom::formulas
