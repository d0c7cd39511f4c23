#include "formulas/sizing.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace headroom::formulas {

namespace {
// The units of roundoff (2^-53 relative each) that a ratio of a few parsed decimals and a
// product or two may carry: a value this close to a whole number is that number.
constexpr double kRoundoffUnits = 4.0;
}  // namespace

double ceil_count(double x) {
  // Only the rounding error of the operations is forgiven, never a fixed fraction of x: at
  // x = 1.4e14 a relative 1e-12 slack would drop 142 servers.
  const double nearest = std::round(x);
  const double roundoff = kRoundoffUnits * std::ldexp(std::fabs(x), -53);
  return std::fabs(x - nearest) <= roundoff ? nearest : std::ceil(x);
}

double servers_for_load(Rate load, Rate capacity_per_server, double target_utilization) {
  assert(capacity_per_server.value() > 0 && target_utilization > 0 && target_utilization <= 1);
  return ceil_count(load.value() / (capacity_per_server.value() * target_utilization));
}

}  // namespace headroom::formulas
