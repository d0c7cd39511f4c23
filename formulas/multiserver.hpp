// A multi-server stage with Poisson (or general) arrivals: its waiting and response times as
// phase-type distributions, exact for M/M/c and the Allen–Cunneen approximation for G/G/c; the
// slowest of k parallel calls; and sampling for Monte Carlo. Sources: Kleinrock, "Queueing
// Systems" vol. 1 (1975), §3.5 (M/M/c: P(W > t) = C(c, a)·e^{−(cμ − λ)t}); Allen, "Probability,
// Statistics and Queueing Theory" (1990), §6.3; Whitt, "Approximations for the GI/G/m queue"
// (Production and Operations Management 2, 1993) for the conditional wait's exponential shape.
#pragma once

#include <cmath>
#include <vector>

#include "formulas/phase_type.hpp"
#include "formulas/tail_tactic.hpp"

namespace headroom::formulas {

struct StageQueue {
  double utilization = 0;   // ρ = λs/c
  double p_wait = 0;        // P(an arrival waits): Erlang C
  double wait_mean = 0;     // E[W]
  bool exact = false;       // M/M/c, or M/PH/1 (Poisson arrivals, one server): exact
  bool shape_clamped = false;  // service scv below kPhMinScv: its shape taken at kPhMinScv
  PhaseType wait;           // atom 1 − p_wait, else exponential with mean wait_mean/p_wait
  PhaseType service;        // exponential, or fitted to (s, scv)
  PhaseType response;       // wait + service
};

/// The stage in steady state: arrival rate lambda with squared coefficient of variation
/// arrival_scv, c servers each with mean service s and scv service_scv (the service fitted by
/// ph_fit). Exact for M/M/c (both scv 1) and for one server with Poisson arrivals (M/PH/1:
/// the wait is mph1_wait); otherwise the mean wait is Allen–Cunneen's
/// C(c, a)/(cμ − λ)·(ca² + cs²)/2 and its distribution an atom plus an exponential (an
/// approximation). Requires: λs < c, s > 0.
StageQueue multiserver_stage(double lambda, double s, double service_scv, double arrival_scv,
                             int c);

/// E[max of k independent copies of x]: ∫ (1 − F(t)^k) dt (x's mean for a plain call with
/// k = 1; otherwise Simpson's rule on each smooth stretch between the tactic's kinks, up to the
/// (1 − 1e-15/k)-quantile: relative error below 1e-9 on the tests' distributions).
double mean_of_max(const CallLatency& x, int k);
/// The q-quantile of the max of k independent copies: x's quantile at q^(1/k).
double quantile_of_max(const CallLatency& x, int k, double q);

/// Draws from a phase-type distribution by running its chain: the start phase by alpha, an
/// exponential holding time per phase, then the next phase or absorption. `uniform` gives
/// numbers in (0, 1).
class PhSampler {
 public:
  explicit PhSampler(const PhaseType& x);
  template <class Uniform>
  double sample(Uniform& uniform) const {
    int phase = pick(start_, uniform());
    double t = 0;
    while (phase >= 0) {
      t -= std::log(uniform()) * mean_holding_[phase];
      phase = pick(next_[phase], uniform());
    }
    return t;
  }

 private:
  // Cumulative probabilities over the phases, the last entry absorption (returned as −1).
  static int pick(const std::vector<double>& cumulative, double u);
  std::vector<double> start_;
  std::vector<std::vector<double>> next_;
  std::vector<double> mean_holding_;
};

/// Draws a call's latency under its tactic: copies from a PhSampler, as CallLatency defines.
class CallSampler {
 public:
  explicit CallSampler(const CallLatency& x) : copy_(x.copy()), tactic_(x.tactic()) {}
  template <class Uniform>
  double sample(Uniform& uniform) const {
    const double first = copy_.sample(uniform);
    switch (tactic_.kind) {
      case TailTactic::Kind::kNone:
        return first;
      case TailTactic::Kind::kHedge:
        return first <= tactic_.after ? first : std::min(first, tactic_.after + copy_.sample(uniform));
      case TailTactic::Kind::kRetry: {
        double x = first;
        for (int j = 0;; ++j) {
          if (x <= tactic_.after || j == tactic_.retries) return j * tactic_.after + x;
          x = copy_.sample(uniform);
        }
      }
    }
    return first;
  }

 private:
  PhSampler copy_;
  TailTactic tactic_;
};

}  // namespace headroom::formulas
