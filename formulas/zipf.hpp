// Zipf popularity: the probability of the object of rank i among n is i^−s / H(n, s), with the
// generalised harmonic number H(n, s) = Σ_{k=1..n} k^−s. Source: G. K. Zipf (1949); the tail
// by the Euler–Maclaurin formula (Abramowitz & Stegun 23.1.30) when n is too large to sum.
#pragma once

#include <cstdint>

namespace headroom::formulas {

/// H(n, s) = Σ_{k=1..n} k^−s. Exact summation up to 10⁴ terms, then the Euler–Maclaurin tail
/// (relative error below 1e-12). Requires: n >= 1, s >= 0.
double generalized_harmonic(std::uint64_t n, double s);

/// Probability of rank `rank` (1-based) under Zipf(s) over n objects.
/// Requires: 1 <= rank <= n, s >= 0.
double zipf_probability(std::uint64_t rank, std::uint64_t n, double s);

}  // namespace headroom::formulas
