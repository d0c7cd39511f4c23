#include "formulas/sizing.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace headroom::formulas {

namespace {
// Relative slack for ceil_count: above double rounding of a few operations, far below any
// meaningful fraction of a server.
constexpr double kCeilSlack = 1e-12;
}  // namespace

double ceil_count(double x) { return std::ceil(x - kCeilSlack * std::max(1.0, std::fabs(x))); }

double servers_for_load(Rate load, Rate capacity_per_server, double target_utilization) {
  assert(capacity_per_server.value() > 0 && target_utilization > 0 && target_utilization <= 1);
  return ceil_count(load.value() / (capacity_per_server.value() * target_utilization));
}

}  // namespace headroom::formulas
