// A call's latency under a tail tactic, its copies independent draws of X (each copy served
// by another server). A hedged call sends a second copy once the first has taken d and takes
// the first answer: L = min(X₁, d + X₂). A retried call abandons an attempt after the timeout
// T and sends the next, up to r retries, the last one waited for: L = jT + X_j for the first
// j < r with X_j <= T, else rT + X_r. With S the survival of X and p = S(T):
//   hedge  P(L > t) = S(t) for t < d, S(t)·S(t − d) from d on;
//   retry  P(L > t) = p^j·S(t − jT) on [jT, (j + 1)T) for j < r, p^r·S(t − rT) from rT on.
// Copies are not cancelled: the server does each in full, so a call costs 1 + S(d) copies
// hedged and 1 + p + … + p^r retried. Sources: Dean and Barroso, "The Tail at Scale" (CACM
// 56(2), 2013) for the tactics; the survivals follow from the independence of the copies.
#pragma once

#include <vector>

#include "formulas/phase_type.hpp"

namespace headroom::formulas {

struct TailTactic {
  enum class Kind { kNone, kHedge, kRetry };
  Kind kind = Kind::kNone;
  double after = 0;  // hedge: d, the delay before the second copy; retry: T, the timeout (> 0)
  int retries = 0;   // retry: r >= 1
};

class CallLatency {
 public:
  CallLatency() = default;
  /// One copy's latency, and the tactic (none: L = X). Implicit: a plain call is its copy.
  CallLatency(PhaseType copy, TailTactic tactic = {});  // NOLINT(google-explicit-constructor)

  const PhaseType& copy() const { return x_; }
  const TailTactic& tactic() const { return tactic_; }
  double atom() const { return x_.atom(); }  // P(L = 0) = P(X₁ = 0)
  /// P(L > t), t >= 0.
  double survival(double t) const;
  /// P(L > start + i·step) for i = 0 .. count − 1.
  std::vector<double> survival_grid_from(double start, double step, int count) const;
  /// P(L > i·step) for i = 1 .. count (as ph_survival_grid).
  std::vector<double> survival_grid(double step, int count) const {
    return survival_grid_from(step, step, count);
  }
  /// The smallest t with P(L <= t) >= q. Requires: 0 < q < 1.
  double quantile(double q) const;
  /// Copies sent beyond the first, per call: S(d) hedged, p + … + p^r retried, 0 plain.
  double extra_copies() const;
  /// Where P(L > t) has a kink: d; or T, 2T, …, rT.
  std::vector<double> breakpoints() const;

 private:
  // P(L > t) on one stretch of t is factor × Π S(t − shift).
  struct Region {
    double begin, end;
    double factor;
    std::vector<double> shifts;
  };
  PhaseType x_;
  TailTactic tactic_;
  double p_ = 0;  // S(after)
  std::vector<Region> regions_;
};

}  // namespace headroom::formulas
