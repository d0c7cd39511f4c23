// Phase-type distributions: the time to absorption of a finite Markov chain, started in phase i
// with probability alpha[i] (the rest, 1 − Σ alpha, is an atom at zero), moving by the
// sub-generator T. Closed under sums of independent variables, and the waiting time of an
// M/PH/1 queue is phase-type again, so a lag made of network, queue and apply stages has an
// exact distribution. Sources: Neuts, "Matrix-Geometric Solutions in Stochastic Models" (1981),
// ch. 2; Asmussen, "Applied Probability and Queues", 2nd ed., §III.4 and §VIII.5 (M/PH/1);
// Tijms, "A First Course in Stochastic Models" (2003), §2.4 and Appendix B (two-moment fits).
#pragma once

#include <vector>

namespace headroom::formulas {

struct PhaseType {
  std::vector<double> alpha;  // initial probabilities, one per phase (may sum below 1)
  std::vector<double> T;      // n × n sub-generator, row-major
  int phases() const { return static_cast<int>(alpha.size()); }
  double atom() const;        // P(X = 0) = 1 − Σ alpha
};

/// Exp(rate). Requires: rate > 0.
PhaseType ph_exponential(double rate);

/// A distribution with this mean and squared coefficient of variation: exponential for
/// scv = 1; for scv > 1 a two-phase hyperexponential with balanced means; for 1/k <= scv < 1
/// the mixture of Erlang(k−1) and Erlang(k) with a common rate (Tijms, §2.4). Requires:
/// mean > 0, scv >= 1/64 (a steadier apply time is deterministic for our purposes).
PhaseType ph_fit(double mean, double scv);

/// The least scv ph_fit represents.
constexpr double kPhMinScv = 1.0 / 64;

double ph_mean(const PhaseType& x);
/// P(X > t), for t >= 0.
double ph_survival(const PhaseType& x, double t);
/// P(X > i·step) for i = 1 .. count: one matrix exponential, then a vector product a step.
std::vector<double> ph_survival_grid(const PhaseType& x, double step, int count);
/// P(X > start + i·step) for i = 0 .. count − 1 (start >= 0).
std::vector<double> ph_survival_grid_from(const PhaseType& x, double start, double step, int count);
/// The smallest t with P(X <= t) >= q (0 when the atom covers q). Requires: 0 < q < 1.
double ph_quantile(const PhaseType& x, double q);

/// X + Y for independent X and Y.
PhaseType ph_sum(const PhaseType& x, const PhaseType& y);

/// The waiting time (before service) of an M/PH/1 queue, arrival rate lambda, service
/// `service`, FCFS, in steady state: atom 1 − ρ, then PH(ρ·β_e, S + s·ρ·β_e) with β_e the
/// service's stationary-excess vector (Asmussen, Cor. VIII.5.8). Requires: ρ < 1, no atom in
/// the service.
PhaseType mph1_wait(double lambda, const PhaseType& service);

}  // namespace headroom::formulas
