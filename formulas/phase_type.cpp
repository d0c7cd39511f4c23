#include "formulas/phase_type.hpp"

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

#include <cassert>
#include <cmath>
#include <numeric>

namespace headroom::formulas {
namespace {

using Eigen::MatrixXd;
using Eigen::RowVectorXd;
using Eigen::VectorXd;

MatrixXd matrix(const PhaseType& x) {
  const int n = x.phases();
  MatrixXd m(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) m(i, j) = x.T[i * n + j];
  return m;
}

RowVectorXd row(const PhaseType& x) {
  RowVectorXd a(x.phases());
  for (int i = 0; i < x.phases(); ++i) a(i) = x.alpha[i];
  return a;
}

PhaseType from(const RowVectorXd& a, const MatrixXd& m) {
  PhaseType x;
  const int n = static_cast<int>(a.size());
  x.alpha.assign(a.data(), a.data() + n);
  x.T.resize(static_cast<size_t>(n) * n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) x.T[i * n + j] = m(i, j);
  return x;
}

// Erlang(k) with rate mu as a chain of k phases.
void erlang_chain(MatrixXd& m, int first, int k, double mu) {
  for (int i = 0; i < k; ++i) {
    m(first + i, first + i) = -mu;
    if (i + 1 < k) m(first + i, first + i + 1) = mu;
  }
}

}  // namespace

double PhaseType::atom() const {
  return std::max(0.0, 1.0 - std::accumulate(alpha.begin(), alpha.end(), 0.0));
}

PhaseType ph_exponential(double rate) {
  assert(rate > 0);
  return PhaseType{{1.0}, {-rate}};
}

PhaseType ph_fit(double mean, double scv) {
  assert(mean > 0 && scv >= kPhMinScv);
  if (std::abs(scv - 1) < 1e-12) return ph_exponential(1 / mean);
  if (scv > 1) {
    // Balanced means: p1/μ1 = p2/μ2 (Tijms, (B.4)).
    const double p1 = 0.5 * (1 + std::sqrt((scv - 1) / (scv + 1)));
    const double mu1 = 2 * p1 / mean, mu2 = 2 * (1 - p1) / mean;
    MatrixXd m = MatrixXd::Zero(2, 2);
    m(0, 0) = -mu1, m(1, 1) = -mu2;
    RowVectorXd a(2);
    a << p1, 1 - p1;
    return from(a, m);
  }
  // E_{k−1,k}: with probability p, k−1 phases, else k, all at rate μ (Tijms, (B.3)).
  const int k = static_cast<int>(std::ceil(1 / scv - 1e-12));
  const double p = (k * scv - std::sqrt(k * (1 + scv) - k * k * scv)) / (1 + scv);
  const double mu = (k - p) / mean;
  // One chain of k phases: start at phase 0 (k phases) with 1 − p, at phase 1 (k − 1) with p.
  MatrixXd m = MatrixXd::Zero(k, k);
  erlang_chain(m, 0, k, mu);
  RowVectorXd a = RowVectorXd::Zero(k);
  a(0) = 1 - p;
  if (k > 1) a(1) += p; else a(0) += p;
  return from(a, m);
}

double ph_mean(const PhaseType& x) {
  const MatrixXd m = matrix(x);
  const VectorXd ones = VectorXd::Ones(x.phases());
  return row(x) * (-m).partialPivLu().solve(ones);
}

double ph_survival(const PhaseType& x, double t) {
  if (x.phases() == 0) return 0.0;
  const MatrixXd e = (matrix(x) * t).exp();
  return std::clamp((row(x) * e * VectorXd::Ones(x.phases()))(0), 0.0, 1.0);
}

std::vector<double> ph_survival_grid(const PhaseType& x, double step, int count) {
  std::vector<double> out;
  out.reserve(count);
  if (x.phases() == 0) return std::vector<double>(count, 0.0);
  const MatrixXd e = (matrix(x) * step).exp();
  RowVectorXd v = row(x);
  for (int i = 0; i < count; ++i) {
    v = v * e;
    out.push_back(std::clamp(v.sum(), 0.0, 1.0));
  }
  return out;
}

std::vector<double> ph_survival_grid_from(const PhaseType& x, double start, double step, int count) {
  if (x.phases() == 0) return std::vector<double>(count, 0.0);
  std::vector<double> out;
  out.reserve(count);
  const MatrixXd m = matrix(x);
  const MatrixXd e = (m * step).exp();
  RowVectorXd v = start > 0 ? RowVectorXd(row(x) * (m * start).exp()) : row(x);
  for (int i = 0; i < count; ++i) {
    out.push_back(std::clamp(v.sum(), 0.0, 1.0));
    v = v * e;
  }
  return out;
}

double ph_quantile(const PhaseType& x, double q) {
  assert(q > 0 && q < 1);
  if (x.phases() == 0 || q <= x.atom()) return 0.0;
  const double tail = 1 - q;
  const MatrixXd t = matrix(x);
  const RowVectorXd a = row(x);
  const VectorXd ones = VectorXd::Ones(x.phases()), exit = -t * ones;
  // Bracket by doubling, then Newton on S(t) = tail with the density α·e^{Tt}·exit, kept inside
  // the bracket by bisection: a handful of matrix exponentials where bisection alone took 50.
  double lo = 0, hi = std::max(ph_mean(x), 1e-300);
  while (ph_survival(x, hi) > tail) lo = hi, hi *= 2;
  double at = 0.5 * (lo + hi);
  for (int i = 0; i < 100 && hi - lo > 1e-13 * hi; ++i) {
    const RowVectorXd v = a * (t * at).exp();
    const double s = v.sum(), density = v.dot(exit);
    if (s > tail) lo = at; else hi = at;
    if (std::abs(s - tail) <= 1e-13 * tail) return at;
    const double newton = density > 0 ? at + (s - tail) / density : -1;
    at = newton > lo && newton < hi ? newton : 0.5 * (lo + hi);
  }
  return hi;
}

PhaseType ph_sum(const PhaseType& x, const PhaseType& y) {
  if (x.phases() == 0) return y;
  if (y.phases() == 0) return x;
  const int n = x.phases(), m = y.phases();
  const MatrixXd a = matrix(x), b = matrix(y);
  const VectorXd exit = -a * VectorXd::Ones(n);
  MatrixXd t = MatrixXd::Zero(n + m, n + m);
  t.topLeftCorner(n, n) = a;
  t.topRightCorner(n, m) = exit * row(y);
  t.bottomRightCorner(m, m) = b;
  RowVectorXd start(n + m);
  start << row(x), x.atom() * row(y);
  return from(start, t);
}

PhaseType mph1_wait(double lambda, const PhaseType& service) {
  assert(service.atom() < 1e-12);
  const int n = service.phases();
  const MatrixXd s = matrix(service);
  const RowVectorXd beta = row(service);
  const double mean = ph_mean(service);
  const double rho = lambda * mean;
  assert(rho < 1);
  // Stationary excess: β_e = β(−S)⁻¹ / E[S].
  const RowVectorXd excess = (-s).transpose().partialPivLu().solve(beta.transpose()).transpose() / mean;
  const VectorXd exit = -s * VectorXd::Ones(n);
  const RowVectorXd start = rho * excess;
  return from(start, s + exit * start);
}

}  // namespace headroom::formulas
