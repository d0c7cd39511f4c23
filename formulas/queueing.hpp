// Single-station queues with Poisson arrivals. Sources: Kleinrock, "Queueing Systems" vol. 1
// (1975), §5.6 (Pollaczek–Khinchine) and §3.5 (Erlang C); Allen, "Probability, Statistics and
// Queueing Theory" (1990), §6.3 (Allen–Cunneen); for M/D/1, Erlang's waiting-time formula (1909)
// rearranged into positive terms as Iversen & Staalhage do (Electronics Letters 35, 1999).
#pragma once

#include <cstdint>
#include <vector>

namespace headroom::formulas {

/// M/G/1 mean wait in queue (Pollaczek–Khinchine): ρ·s·(1 + scv) / (2(1 − ρ)), ρ = λs.
/// Requires: ρ < 1.
double pk_mean_wait(double lambda, double service_mean, double scv);

/// Erlang C: the probability that an arrival waits in M/M/c with offered load a = λ/μ.
/// Requires: a < c.
double erlang_c(int c, double a);

/// G/G/c mean wait, Allen–Cunneen: Erlang C(c, a) / (cμ − λ) × (ca² + cs²) / 2, with ca² the
/// arrivals' scv (1: Poisson) and cs² = scv the service's (exact for M/M/c, and for M/G/1 it is
/// Pollaczek–Khinchine; for G/G/1 Kingman's formula). Requires: λ·s < c.
double allen_cunneen_mean_wait(double lambda, double service_mean, double scv, int c,
                               double arrival_scv = 1.0);

/// The waiting time of M/D/1 (service D, FCFS, steady state). With D = 1 and x = k + u
/// (0 <= u < 1): the arrival waits at most x exactly when max(N − 1, 0) + A ≤ k, N the number
/// in system (stationary) and A the Poisson arrivals in a time 1 − u — a sum of positive terms,
/// stable at any load and any x, where Erlang's alternating sum loses every digit.
class MD1Wait {
 public:
  /// Requires: lambda·D < 1.
  MD1Wait(double lambda, double service);
  double rho() const { return rho_; }
  /// P(W <= x). Beyond kMaxServices service times, the exponential tail P(W > x) = C·e^(−γx)
  /// (Cramér–Lundberg; γ the positive root of λ(e^{γD} − 1) = γ, C = (1 − ρ)/(λD·e^{γD} − 1)):
  /// the transform's other poles lie further left by an amount of order 1/D, so long before
  /// then the tail is that exponential to every digit (the tests check it from 300 services).
  double cdf(double x);
  /// The smallest x with P(W <= x) >= q (0 when the atom 1 − ρ covers it). Requires 0 < q < 1.
  /// Past kMaxServices service times (ρ near 1) from the same tail; `asymptotic()` says so.
  double quantile(double q);
  bool asymptotic() const { return asymptotic_; }
  static constexpr int kMaxServices = 2000;

 private:
  double cdf_at(int k, double u);  // P(W <= (k + u)·D)
  void grow(int n);               // states up to n
  void tail();                    // γ and C, once
  double lambda_, d_, rho_;
  std::vector<double> p_;          // p_n, the stationary number in system
  std::vector<double> a_, a_tail_; // Poisson(ρ) pmf and P(A > j)
  bool asymptotic_ = false;
  double gamma_ = 0, c_ = 0;       // the tail, once computed (gamma_ > 0)
};

}  // namespace headroom::formulas
