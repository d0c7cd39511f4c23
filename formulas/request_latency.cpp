#include "formulas/request_latency.hpp"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cassert>
#include <cmath>

#include "formulas/multiserver.hpp"

namespace headroom::formulas {
namespace {

// z^n by squaring (std::pow on a complex goes through the logarithm: NaN at 0).
std::complex<double> power(std::complex<double> z, int n) {
  std::complex<double> out = 1.0;
  for (; n > 0; n >>= 1, z *= z)
    if (n & 1) out *= z;
  return out;
}

Eigen::FFT<double> half_spectrum_fft() {
  Eigen::FFT<double> fft;
  fft.SetFlag(Eigen::FFT<double>::HalfSpectrum);
  return fft;
}

}  // namespace

double latency_part_reach(const LatencyPart& p) {
  if (p.visits <= 0) return 0.0;
  return std::ceil(p.visits) * (quantile_of_max(p.call, p.fanout, 1 - 1e-7) + p.shift);
}

double latency_grid_step(double reach, int points) {
  assert(points >= 16 && (points & (points - 1)) == 0);
  if (reach <= 0) return 0.0;
  return std::exp2(std::ceil(8 * std::log2(reach / points)) / 8);
}

double latency_grid_step(const std::vector<LatencyPart>& parts, int points) {
  double reach = 0;
  for (const LatencyPart& p : parts) reach += latency_part_reach(p);
  return latency_grid_step(reach, points);
}

Spectrum latency_part_spectrum(const LatencyPart& p, double h, int points) {
  // No padding: the step makes the whole sum fit in `points` bins but for its last 1e-7 of mass,
  // which is all a circular convolution can wrap around to the low bins.
  const int n = points;
  std::vector<double> mass(n, 0.0);
  if (p.visits > 0) {
    // One visit's mass by bin: bin j holds (jh − h, jh], the shift rounded up to whole bins.
    const int offset = static_cast<int>(std::ceil(p.shift / h - 1e-9));
    const std::vector<double> survival = p.call.survival_grid(h, points);
    double before = std::pow(p.call.atom(), p.fanout);
    if (offset < n) mass[offset] = before;
    for (int i = 0; i < points && offset + i + 1 < n; ++i) {
      const double f = std::pow(std::clamp(1 - survival[i], 0.0, 1.0), p.fanout);
      mass[offset + i + 1] = f - before;
      before = f;
    }
  } else {
    mass[0] = 1.0;  // no visit: nothing added
  }
  Eigen::FFT<double> fft = half_spectrum_fft();
  Spectrum spectrum;
  fft.fwd(spectrum, mass);
  if (p.visits > 0) {
    const int whole = static_cast<int>(std::floor(p.visits));
    const double extra = p.visits - whole;
    for (std::complex<double>& z : spectrum) {
      const std::complex<double> g = power(z, whole);
      z = extra > 0 ? g * ((1 - extra) + extra * z) : g;
    }
  }
  return spectrum;
}

std::vector<double> latency_quantiles_of(const std::vector<const Spectrum*>& spectra, double h,
                                         int points, const std::vector<double>& qs) {
  if (h <= 0) return std::vector<double>(qs.size(), 0.0);
  const int n = points;
  Spectrum total(static_cast<size_t>(n / 2) + 1, 1.0);
  for (const Spectrum* s : spectra)
    for (size_t k = 0; k < total.size(); ++k) total[k] *= (*s)[k];
  Eigen::FFT<double> fft = half_spectrum_fft();
  std::vector<double> sum;
  fft.inv(sum, total, n);
  std::vector<double> out;
  for (double q : qs) {
    // The transform's roundoff (~1e-16 × points) must not move a quantile that sits on an atom.
    double c = 0;
    int i = 0;
    while (i < n - 1 && (c += std::max(sum[i], 0.0)) < q - 1e-12) ++i;
    out.push_back(i * h);
  }
  return out;
}

std::vector<double> latency_quantiles(const std::vector<LatencyPart>& parts,
                                      const std::vector<double>& qs, int points) {
  const double h = latency_grid_step(parts, points);
  if (h <= 0) return std::vector<double>(qs.size(), 0.0);
  std::vector<Spectrum> spectra;
  for (const LatencyPart& p : parts) spectra.push_back(latency_part_spectrum(p, h, points));
  std::vector<const Spectrum*> pointers;
  for (const Spectrum& s : spectra) pointers.push_back(&s);
  return latency_quantiles_of(pointers, h, points, qs);
}

}  // namespace headroom::formulas
