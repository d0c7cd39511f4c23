// The latency of a request made of stages: at each stage a random number of visits (⌊v⌋ or
// ⌈v⌉, as often as the fraction of v says), each the slowest of `fanout` independent calls
// plus a fixed shift. Its distribution on a grid, by the discrete Fourier transform: each
// stage's visit on the grid, its visits as powers of the transform, the stages multiplied.
// Deterministic and quick (a few FFTs), for solving; Monte Carlo reports the percentiles.
#pragma once

#include <complex>
#include <vector>

#include "formulas/tail_tactic.hpp"

namespace headroom::formulas {

struct LatencyPart {
  CallLatency call;   // one call's response, under its tail tactic
  int fanout = 1;     // parallel calls per visit; the visit waits for the slowest
  double shift = 0;   // fixed time added per visit (network)
  double visits = 1;  // mean visits per request, >= 0
};

using Spectrum = std::vector<std::complex<double>>;

/// The grid's step for these parts: the sum of every visit's (1 − 1e-7)-quantile over
/// `points`, rounded up to a power of 2^(1/8) (so that nearby models share a step, and a
/// solver can keep the spectra of the parts that did not change). 0 when all are zero.
double latency_grid_step(const std::vector<LatencyPart>& parts, int points);
/// The same from the parts' reaches summed (a solver keeps each part's).
double latency_grid_step(double reach, int points);
/// How far one part reaches: ⌈visits⌉ × (its visit's (1 − 1e-7)-quantile + shift).
double latency_part_reach(const LatencyPart& part);
/// One part's transform on the grid (its visits included): the half spectrum, points/2 + 1.
Spectrum latency_part_spectrum(const LatencyPart& part, double step, int points);
/// The q-quantiles of the sum of the parts whose spectra these are.
std::vector<double> latency_quantiles_of(const std::vector<const Spectrum*>& spectra, double step,
                                         int points, const std::vector<double>& qs);

/// The three above: the q-quantiles of the request's latency (each q in (0, 1)), each rounded
/// up to the grid: never below the exact value, above it by at most (visits in all) × step.
/// Requires: points a power of two.
std::vector<double> latency_quantiles(const std::vector<LatencyPart>& parts,
                                      const std::vector<double>& qs, int points = 1 << 14);

}  // namespace headroom::formulas
