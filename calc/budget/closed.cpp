// A closed workload: `users` who think for `think_time` between requests, solved by exact MVA
// with multi-server stations; the asymptotic bounds; the response curve; the most users the
// SLO's mean allows.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "calc/base/error.hpp"
#include "calc/budget/budget.hpp"
#include "formulas/mva.hpp"

namespace headroom::calc {
namespace {

constexpr double kMaxSteps = 2e9;  // users × Σ min(servers, users): a few seconds at most

}  // namespace

ClosedResult analyse_closed(const BudgetSection& section) {
  const int users = static_cast<int>(*section.users);
  const double think = section.think_time.value();
  std::vector<formulas::MvaStation> stations;
  double steps = 0;
  ClosedResult r;
  r.users = users;
  r.think_time = think;
  for (const BudgetStage& st : section.stages) {
    // A stage is its servers (a visit's fan-out calls counted as visits: MVA has no
    // fork-join) and a delay for its network time.
    const double calls = st.visits * st.fanout;
    stations.push_back({calls * st.service_time.value(), st.servers, false});
    stations.push_back({st.visits * st.latency.value(), 1, true});
    steps += users * static_cast<double>(std::min(st.servers, users)) * (section.stages.size() + 1);
    r.demand += calls * st.service_time.value() + st.visits * st.latency.value();
    r.bottleneck_demand = std::max(r.bottleneck_demand, calls * st.service_time.value() / st.servers);
  }
  if (steps > kMaxSteps) {
    throw Error::at(section.loc, "budget.users",
                    fmt::format("{} users over these stages is {:.3g} steps of MVA; at most {:.0e}",
                                users, steps, kMaxSteps),
                    "fewer users, or fewer servers per stage");
  }
  // The curve at 1, 2, 5, 10, 20, 50, ... users, and the last.
  std::vector<int> keep;
  for (double n = 1; n < users; n *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (n * m < users) keep.push_back(static_cast<int>(n * m));
  std::vector<double> responses;
  std::vector<formulas::MvaPoint> points;
  try {
    points = formulas::mva(stations, think, users, keep, &responses);
  } catch (const std::range_error&) {
    throw Error::at(section.loc, "budget.users",
                    fmt::format("{} users is beyond what exact MVA can represent here", users),
                    "fewer users (up to some 30,000)");
  }
  const formulas::MvaPoint& last = points.back();
  r.throughput = last.throughput;
  r.response = last.response;
  for (size_t i = 0; i < section.stages.size(); ++i) {
    ClosedStage s;
    s.name = section.stages[i].name;
    s.servers = section.stages[i].servers;
    s.demand = stations[2 * i].demand;
    s.utilization = last.utilization[2 * i];
    s.queue_length = last.queue_length[2 * i];
    s.residence = last.residence[2 * i] + last.residence[2 * i + 1];
    r.stages.push_back(s);
  }
  for (const formulas::MvaPoint& p : points) r.curve.push_back({p.users, p.throughput, p.response});
  r.max_throughput = r.bottleneck_demand > 0 ? 1 / r.bottleneck_demand : 0.0;
  r.saturation_users = r.bottleneck_demand > 0 ? (r.demand + think) / r.bottleneck_demand : 0.0;
  for (const Slo& slo : section.slo) {
    if (slo.statistic != "mean") continue;
    // R(n) grows with n: the last n within the bound.
    const auto past = std::upper_bound(responses.begin(), responses.end(), slo.bound.value());
    r.max_users_for_slo = static_cast<int>(past - responses.begin());
    r.max_users_known = true;
  }
  return r;
}

}  // namespace headroom::calc
