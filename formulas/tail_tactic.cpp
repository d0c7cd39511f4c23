#include "formulas/tail_tactic.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace headroom::formulas {

CallLatency::CallLatency(PhaseType copy, TailTactic tactic) : x_(std::move(copy)), tactic_(tactic) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double a = tactic_.after;
  switch (tactic_.kind) {
    case TailTactic::Kind::kNone:
      regions_ = {{0, kInf, 1.0, {0.0}}};
      break;
    case TailTactic::Kind::kHedge:
      assert(a >= 0);
      p_ = ph_survival(x_, a);
      regions_ = {{0, a, 1.0, {0.0}}, {a, kInf, 1.0, {0.0, a}}};
      break;
    case TailTactic::Kind::kRetry: {
      assert(a > 0 && tactic_.retries >= 1);
      p_ = ph_survival(x_, a);
      double factor = 1;
      for (int j = 0; j <= tactic_.retries; ++j) {
        const bool last = j == tactic_.retries;
        regions_.push_back({j * a, last ? kInf : (j + 1) * a, factor, {j * a}});
        factor *= p_;
      }
      break;
    }
  }
}

double CallLatency::survival(double t) const {
  for (const Region& r : regions_) {
    if (t >= r.end) continue;
    double s = r.factor;
    for (double shift : r.shifts) s *= ph_survival(x_, std::max(0.0, t - shift));
    return s;
  }
  return 0.0;
}

std::vector<double> CallLatency::survival_grid_from(double start, double step, int count) const {
  std::vector<double> out(static_cast<size_t>(std::max(count, 0)), 0.0);
  int i = 0;
  for (const Region& r : regions_) {
    // The run of grid points inside [r.begin, r.end).
    const int first = i;
    while (i < count && start + i * step < r.end) ++i;
    if (i == first) continue;
    const int n = i - first;
    std::fill(out.begin() + first, out.begin() + i, r.factor);
    for (double shift : r.shifts) {
      const std::vector<double> s =
          ph_survival_grid_from(x_, std::max(0.0, start + first * step - shift), step, n);
      for (int k = 0; k < n; ++k) out[static_cast<size_t>(first + k)] *= s[static_cast<size_t>(k)];
    }
  }
  return out;
}

double CallLatency::quantile(double q) const {
  assert(q > 0 && q < 1);
  const double tail = 1 - q;
  const double a = tactic_.after;
  switch (tactic_.kind) {
    case TailTactic::Kind::kNone:
      return ph_quantile(x_, q);
    case TailTactic::Kind::kHedge: {
      if (p_ <= tail) return ph_quantile(x_, q);  // answered before the second copy is sent
      // S(t)·S(t − d) falls from S(d) at d to at most `tail` at d + X's (1 − tail)-quantile.
      double lo = a, hi = a + ph_quantile(x_, q);
      double f_lo = p_ - tail, f_hi = survival(hi) - tail;
      if (f_hi >= 0) return hi;
      // Illinois (regula falsi that halves the stale end's weight): a few evaluations.
      int side = 0;
      for (int it = 0; it < 200 && hi - lo > 1e-13 * hi; ++it) {
        const double at = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
        const double f = survival(at) - tail;
        if (f == 0) return at;
        if (f > 0) {
          lo = at, f_lo = f;
          if (side == 1) f_hi /= 2;
          side = 1;
        } else {
          hi = at, f_hi = f;
          if (side == -1) f_lo /= 2;
          side = -1;
        }
      }
      return hi;
    }
    case TailTactic::Kind::kRetry: {
      // Attempt j (from 0) answers for the survival values in (p^{j+1}, p^j]; the last takes the rest.
      int j = 0;
      double reach = 1;  // p^j
      while (j < tactic_.retries && reach * p_ > tail) reach *= p_, ++j;
      const double within = 1 - tail / reach;  // P(X <= t − jT) needed
      return j * a + (within <= 0 ? 0.0 : ph_quantile(x_, std::min(within, 1.0 - 1e-300)));
    }
  }
  return 0.0;
}

double CallLatency::extra_copies() const {
  switch (tactic_.kind) {
    case TailTactic::Kind::kNone: return 0.0;
    case TailTactic::Kind::kHedge: return p_;
    case TailTactic::Kind::kRetry: {
      double sum = 0, power = 1;
      for (int j = 1; j <= tactic_.retries; ++j) sum += (power *= p_);
      return sum;
    }
  }
  return 0.0;
}

std::vector<double> CallLatency::breakpoints() const {
  std::vector<double> out;
  for (size_t i = 1; i < regions_.size(); ++i) out.push_back(regions_[i].begin);
  return out;
}

}  // namespace headroom::formulas
