// Exact Mean Value Analysis of a closed, single-class product-form network: N users who think
// for Z between requests and visit stations of c identical servers each (load-dependent, rate
// min(j, c)/s with j present) or pure delays. Sources: Reiser & Lavenberg, "Mean-value analysis
// of closed multichain queuing networks", JACM 27(2), 1980. Solved through the product form's
// normalising constants (Buzen, CACM 16(9), 1973) rather than MVA's recursion over marginals,
// whose P(0 present) by difference loses every digit past about a thousand users: each
// multi-server station's terms are geometric past c, so convolving it is O(n·c); the constants
// are scaled by t^n into long double's range; X(n) = G(n − 1)/G(n) for every n at once, and a
// station's queue from the network without it.
#pragma once

#include <vector>

namespace headroom::formulas {

struct MvaStation {
  double demand = 0;  // D = visits × service time per visit, seconds per request
  int servers = 1;    // c; a station with c >= N never queues
  bool delay = false; // a pure delay (network time): residence = demand at any load
};

struct MvaPoint {
  int users = 0;
  double throughput = 0;   // requests per second
  double response = 0;     // seconds per request, think time excluded
  std::vector<double> residence;     // per station, seconds per request
  std::vector<double> queue_length;  // per station, requests present (waiting or served)
  std::vector<double> utilization;   // per station, X·D/c
};

/// The network at 1 .. users users; `keep` says which populations to return (besides the
/// last, always). Requires: users >= 1, think >= 0, demands >= 0.
/// Work: (queueing stations + 1) × users × Σ min(c, users) steps. Throws std::range_error
/// when the constants leave long double's range (some 30,000 users).
/// `response_by_users`, when given, receives R(1) .. R(users).
std::vector<MvaPoint> mva(const std::vector<MvaStation>& stations, double think, int users,
                          const std::vector<int>& keep = {},
                          std::vector<double>* response_by_users = nullptr);

}  // namespace headroom::formulas
