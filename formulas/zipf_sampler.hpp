// Zipf(s) ranks 1..n in O(1) time and memory per draw, by rejection-inversion. Source:
// W. Hörmann & G. Derflinger, "Rejection-inversion to generate variates from monotone discrete
// distributions", ACM TOMACS 6(3), 1996 (the form used by Apache Commons RNG's
// RejectionInversionZipfSampler).
#pragma once

#include <cmath>
#include <cstdint>

namespace headroom::formulas {

class ZipfSampler {
 public:
  /// Requires: n >= 1, exponent >= 0.
  ZipfSampler(std::uint64_t n, double exponent) : n_(static_cast<double>(n)), s_(exponent) {
    h_integral_x1_ = h_integral(1.5) - 1.0;
    h_integral_n_ = h_integral(n_ + 0.5);
    squeeze_ = 2.0 - h_integral_inverse(h_integral(2.5) - h(2.0));
  }

  /// A rank in [1, n]; `uniform` returns doubles in [0, 1).
  template <class Uniform>
  std::uint64_t operator()(Uniform&& uniform) const {
    if (s_ == 0) return 1 + static_cast<std::uint64_t>(uniform() * n_);
    while (true) {
      const double u = h_integral_n_ + uniform() * (h_integral_x1_ - h_integral_n_);
      const double x = h_integral_inverse(u);
      double k = std::floor(x + 0.5);
      if (k < 1) k = 1;
      if (k > n_) k = n_;
      if (k - x <= squeeze_ || u >= h_integral(k + 0.5) - h(k)) return static_cast<std::uint64_t>(k);
    }
  }

 private:
  double h(double x) const { return std::exp(-s_ * std::log(x)); }
  // H(x) = ∫ h, written to stay exact as s → 1.
  double h_integral(double x) const {
    const double log_x = std::log(x);
    return helper2((1.0 - s_) * log_x) * log_x;
  }
  double h_integral_inverse(double x) const {
    double t = x * (1.0 - s_);
    if (t < -1.0) t = -1.0;
    return std::exp(helper1(t) * x);
  }
  static double helper1(double x) {  // log1p(x)/x
    return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }
  static double helper2(double x) {  // expm1(x)/x
    return std::fabs(x) > 1e-8 ? std::expm1(x) / x : 1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x));
  }

  double n_, s_;
  double h_integral_x1_ = 0, h_integral_n_ = 0, squeeze_ = 0;
};

}  // namespace headroom::formulas
