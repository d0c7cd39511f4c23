// Write conflicts between primaries that replicate to each other (multi-primary, "master-
// master"): two writes to the same key from different primaries less than the replication
// delay D apart each commit without having seen the other. With Poisson writes at rate λ
// spread evenly over P primaries and key k written with probability p_k, the other primaries'
// writes to k form a Poisson stream of rate λ·p_k·(P − 1)/P, so a write to k conflicts with
// probability 1 − exp(−2D·λ·p_k·(P − 1)/P) (a window D either side), and the fraction of
// writes that conflict is Σ_k p_k·(1 − exp(−2D·λ·p_k·(P − 1)/P)).
#pragma once

#include <cstdint>

namespace headroom::formulas {

/// The fraction of writes that conflict, keys uniform (zipf = 0) or Zipf(s) by rank. Exact
/// summation over the first 10⁴ ranks, the rest by the Euler–Maclaurin formula.
/// Requires: rate > 0, primaries >= 2, keys >= 1, zipf >= 0, delay >= 0.
double conflict_fraction(double rate, int primaries, std::uint64_t keys, double zipf, double delay);

}  // namespace headroom::formulas
