// Back-of-the-envelope sizing: servers needed for a load at a target utilisation.
// Source: the capacity rule of thumb in B. Beyer et al., "Site Reliability Engineering",
// O'Reilly 2016, ch. 18 (N+2 provisioning), and the system-design primer's estimates.
#pragma once

#include "formulas/units.hpp"

namespace headroom::formulas {

/// ⌈x⌉, forgiving only the last bits of floating-point error (2800/(2000×0.7) is 2, not 3):
/// within 4 units of roundoff of a whole number, x is that number.
/// Every rounding-up of a server count goes through here.
double ceil_count(double x);

/// Servers that carry `load` with each at most `target_utilization` of `capacity_per_server`:
/// ⌈load / (capacity × utilisation)⌉, and at least 1 for a positive load.
/// Requires: capacity > 0, 0 < target_utilization <= 1, load >= 0.
double servers_for_load(Rate load, Rate capacity_per_server, double target_utilization);

}  // namespace headroom::formulas
