// One stage of the request at a given request rate and server count: its queue, a call under
// the stage's tail tactic (hedged or retried), the extra copies the tactic sends, and where it
// saturates. The analysis and the SLO solver both take a stage from here.
#pragma once

#include <optional>

#include "calc/budget/section.hpp"
#include "formulas/multiserver.hpp"
#include "formulas/tail_tactic.hpp"

namespace headroom::calc {

struct StageAt {
  bool stable = false;
  double first_rate = 0;   // first copies per second: λ × visits × fanout
  double call_rate = 0;    // every copy per second, the tactic's extra ones included
  double utilization = 0;  // call_rate × s / c; past 1 when unstable
  double extra_load_fraction = 0;  // extra copies per first copy
  double hedge_delay = 0;  // a hedged stage: d, its copies' hedge_after-quantile
  std::optional<formulas::StageQueue> queue;  // when stable
  formulas::CallLatency call;                 // when stable: one call, the tactic applied
};

/// The stage at `lambda` requests/s on `servers` servers. A hedge after the q-quantile sends
/// 1 − q extra copies per call (by the quantile's definition), so its load is known at once; a
/// retry's extra copies depend on the queue they load: the least fixed point of
/// x = λ_first·(1 + p(x) + … + p(x)^r), iterated up from λ_first (a retry storm when it
/// reaches saturation: unstable, with every retry sent).
StageAt stage_at(const BudgetStage& st, double arrival_scv, double lambda, int servers);

/// The requests/s at which the stage saturates: c/(s × visits × fanout × copies per call); with
/// retries, the most λ_first that has a stable fixed point, max over x < c/s of x/(1 + f(x)).
double stage_max_rate(const BudgetStage& st, double arrival_scv, int servers);

/// The fewest servers that keep the stage stable at `lambda` (at most 1,000,000).
int least_stable_servers(const BudgetStage& st, double arrival_scv, double lambda);

}  // namespace headroom::calc
