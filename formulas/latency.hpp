// Message-latency distributions for the PBS model (Bailis et al., "Probabilistically Bounded
// Staleness for Practical Partial Quorums", VLDB 2012): each drawn by inverting its CDF at
// one uniform, so that a stream of uniforms gives a reproducible stream of latencies.
#pragma once

#include <string_view>
#include <vector>

namespace headroom::formulas {

struct LatencyDist {
  enum class Kind { kExponential, kLognormal, kPareto, kConstant, kEmpirical, kMixture };
  Kind kind = Kind::kConstant;
  double a = 0, b = 0;  // exponential: mean; lognormal: median, σ; pareto: xm, α; constant: value
  // empirical: the quantile function through (probability, value) points, linear between them
  // (samples sorted become points at (i + 0.5)/n).
  std::vector<double> probs, values;
  // mixture: parts with weights summing to 1.
  std::vector<double> weights;
  std::vector<LatencyDist> parts;

  /// The value at cumulative probability u in [0, 1).
  double quantile(double u) const;
  double mean() const;  // infinite for a Pareto with α <= 1
};

LatencyDist exponential_latency(double mean);
LatencyDist lognormal_latency(double median, double sigma);
LatencyDist pareto_latency(double xm, double alpha);
LatencyDist constant_latency(double value);
/// From samples (any order). Requires: at least one.
LatencyDist empirical_from_samples(std::vector<double> samples);
/// Through (probability, value) points, increasing in both; below the first point the value
/// falls linearly to 0 at probability 0, above the last it stays at the last value.
LatencyDist empirical_from_points(std::vector<double> probs, std::vector<double> values);
LatencyDist mixture_latency(std::vector<double> weights, std::vector<LatencyDist> parts);

/// The production fits of the PBS paper (§6, Table 3), in seconds, per WARS leg, as the authors'
/// simulator draws them (pbs-vldb-historical-paper-material, nrw_solver/src/Simulator.java):
/// LNKD-SSD, every leg: 91.22 % Pareto(xm 0.235 ms, α 10) + 8.78 % exponential(λ 1.66/ms);
/// LNKD-DISK: W 38 % Pareto(1.05 ms, 1.51) + 62 % exponential(0.183/ms), A = R = S as LNKD-SSD;
/// YMMR: W 93.9 % Pareto(3 ms, 3.5) + 6.1 % exponential(0.0028/ms), A = R = S 98.2 %
/// Pareto(1.5 ms, 3.8) + 1.8 % exponential(0.0217/ms).
enum class WarsLeg { kWrite, kAck, kRead, kResponse };
/// Requires: name is "lnkd-ssd", "lnkd-disk" or "ymmr" (see known_latency_preset).
LatencyDist latency_preset(std::string_view name, WarsLeg leg);
bool known_latency_preset(std::string_view name);

}  // namespace headroom::formulas
