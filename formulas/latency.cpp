#include "formulas/latency.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "formulas/normal.hpp"

namespace headroom::formulas {

double LatencyDist::quantile(double u) const {
  switch (kind) {
    // log(1 − u), not log1p(−u): 1 − u is exact for the uniforms drawn (multiples of 2^−53),
    // and glibc's log is several times faster than its log1p (half of a WARS trial's time).
    case Kind::kExponential: return -a * std::log(1 - u);
    case Kind::kLognormal: return a * std::exp(b * inverse_normal_cdf(std::clamp(u, 1e-300, 1 - 1e-16)));
    case Kind::kPareto: return a * std::exp(-std::log(1 - u) / b);  // xm / (1 − u)^{1/α}
    case Kind::kConstant: return a;
    case Kind::kEmpirical: {
      if (u <= probs.front()) return values.front() * (probs.front() > 0 ? u / probs.front() : 1.0);
      if (u >= probs.back()) return values.back();
      const size_t i = static_cast<size_t>(std::upper_bound(probs.begin(), probs.end(), u) - probs.begin());
      const double f = (u - probs[i - 1]) / (probs[i] - probs[i - 1]);
      return values[i - 1] + f * (values[i] - values[i - 1]);
    }
    case Kind::kMixture: {
      // One uniform picks the part and, rescaled within the part's weight, draws from it.
      double below = 0;
      for (size_t i = 0; i + 1 < parts.size(); ++i) {
        if (u < below + weights[i]) return parts[i].quantile((u - below) / weights[i]);
        below += weights[i];
      }
      const double w = 1 - below;
      return parts.back().quantile(std::clamp((u - below) / w, 0.0, std::nextafter(1.0, 0.0)));
    }
  }
  return 0;
}

double LatencyDist::mean() const {
  switch (kind) {
    case Kind::kExponential: return a;
    case Kind::kLognormal: return a * std::exp(b * b / 2);
    case Kind::kPareto: return b > 1 ? a * b / (b - 1) : std::numeric_limits<double>::infinity();
    case Kind::kConstant: return a;
    case Kind::kEmpirical: {
      // The area under the piecewise-linear quantile function.
      double m = values.front() * probs.front() / 2;
      for (size_t i = 1; i < probs.size(); ++i) m += (probs[i] - probs[i - 1]) * (values[i] + values[i - 1]) / 2;
      return m + (1 - probs.back()) * values.back();
    }
    case Kind::kMixture: {
      double m = 0;
      for (size_t i = 0; i < parts.size(); ++i) m += weights[i] * parts[i].mean();
      return m;
    }
  }
  return 0;
}

namespace {
LatencyDist simple(LatencyDist::Kind kind, double a, double b = 0) {
  LatencyDist d;
  d.kind = kind, d.a = a, d.b = b;
  return d;
}
}  // namespace

LatencyDist exponential_latency(double mean) { return simple(LatencyDist::Kind::kExponential, mean); }
LatencyDist lognormal_latency(double median, double sigma) { return simple(LatencyDist::Kind::kLognormal, median, sigma); }
LatencyDist pareto_latency(double xm, double alpha) { return simple(LatencyDist::Kind::kPareto, xm, alpha); }
LatencyDist constant_latency(double value) { return simple(LatencyDist::Kind::kConstant, value); }

LatencyDist empirical_from_samples(std::vector<double> samples) {
  assert(!samples.empty());
  std::sort(samples.begin(), samples.end());
  std::vector<double> probs;
  const double n = static_cast<double>(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) probs.push_back((static_cast<double>(i) + 0.5) / n);
  return empirical_from_points(std::move(probs), std::move(samples));
}

LatencyDist empirical_from_points(std::vector<double> probs, std::vector<double> values) {
  LatencyDist d;
  d.kind = LatencyDist::Kind::kEmpirical;
  d.probs = std::move(probs);
  d.values = std::move(values);
  return d;
}

LatencyDist mixture_latency(std::vector<double> weights, std::vector<LatencyDist> parts) {
  LatencyDist d;
  d.kind = LatencyDist::Kind::kMixture;
  d.weights = std::move(weights);
  d.parts = std::move(parts);
  return d;
}

namespace {

// Pareto(xm ms, α) with probability p, else exponential with rate λ per ms.
LatencyDist fit(double p_pareto, double xm_ms, double alpha, double lambda_per_ms) {
  return mixture_latency({p_pareto, 1 - p_pareto},
                         {pareto_latency(xm_ms * 1e-3, alpha), exponential_latency(1e-3 / lambda_per_ms)});
}

}  // namespace

bool known_latency_preset(std::string_view name) {
  return name == "lnkd-ssd" || name == "lnkd-disk" || name == "ymmr";
}

LatencyDist latency_preset(std::string_view name, WarsLeg leg) {
  const LatencyDist ssd = fit(0.9122, 0.235, 10.0, 1.66);
  if (name == "lnkd-ssd") return ssd;
  if (name == "lnkd-disk") return leg == WarsLeg::kWrite ? fit(0.38, 1.05, 1.51, 0.183) : ssd;
  assert(name == "ymmr");
  return leg == WarsLeg::kWrite ? fit(0.939, 3.0, 3.5, 0.0028) : fit(0.982, 1.5, 3.8, 0.0217);
}

}  // namespace headroom::formulas
