// [budget]: the request's stages, the arrival rate and the latency objective (SPEC §3.6).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/cache/section.hpp"
#include "calc/input/model.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {

struct BudgetStage {
  std::string name;
  SourceLoc loc;
  std::string component;  // the component it takes servers, service time and scv from
  int servers = 1;        // c: replicas × concurrency of the component, or given
  Duration service_time{0};
  double service_scv = 1.0;
  double visits = 1.0;    // calls per request; a fraction is a call made that often
  // visits = { cache = "lru" }: the miss ratio of that policy at the cache's first capacity,
  // set from the cache analysis when the budget runs (1 until then, in a preview).
  std::optional<CachePolicy> visits_cache;
  SourceLoc visits_loc;
  std::string visits_from;  // where the visits came from, for --explain
  std::string visits_metric;  // the report path of the miss ratio they came from, once known
  int fanout = 1;         // parallel calls per visit: the visit waits for the slowest
  Duration latency{0};    // fixed network time per visit
  // A tail tactic on each call (one at most): a second copy after this quantile of the
  // stage's response (hedge_after = "p95"), or a retry after a timeout, `retries` times.
  std::optional<double> hedge_quantile;
  std::optional<Duration> retry_after;
  int retries = 1;
  std::string from;       // how servers and service time were found, for --explain
};

/// The latency objective, by statistic: the end-to-end mean and percentiles at most these.
struct Slo {
  std::string statistic;  // "mean", "p50", "p90", "p99", "p999"
  Duration bound{0};
  SourceLoc loc;
};

/// [[budget.class]]: one kind of request with its own rate (open) or users (closed), and its
/// own visits and service times where they differ from the stages'.
struct BudgetClass {
  std::string name;
  SourceLoc loc;
  std::optional<Rate> arrival_rate;
  std::optional<long long> users;
  Duration think_time{0};
  std::vector<double> visits;        // per stage: the class's, or the stage's own
  std::vector<double> service_time;  // per stage, seconds: the class's, or the stage's own
};

struct BudgetSection {
  static constexpr std::string_view kName = "budget";
  SourceLoc loc;
  std::optional<Rate> arrival_rate;  // else the peak requests of [traffic]
  // A closed workload instead: users who each think this long between requests (exact MVA).
  std::optional<long long> users;
  Duration think_time{0};
  double arrival_scv = 1.0;          // 1: Poisson arrivals
  std::vector<Slo> slo;              // in the order mean, p50, p90, p99, p999
  std::optional<double> target_utilization;  // else [system]'s
  std::uint64_t samples = 1'000'000;  // Monte Carlo draws of the end-to-end latency
  std::vector<BudgetStage> stages;
  std::vector<BudgetClass> classes;  // instead of one workload: all open or all closed
  bool closed_classes() const { return !classes.empty() && classes.front().users.has_value(); }
};

const std::vector<KeySpec>& budget_keys();
void load_budget(TableReader& r, Model& model, Diagnostics& diag);
/// A stage's visits from the cache need a [cache] that runs that policy.
void link_budget(const Model& model, Diagnostics& diag);

/// [scalability]: a load test's throughput at several concurrencies, for the USL fit.
struct ScalabilitySection {
  static constexpr std::string_view kName = "scalability";
  SourceLoc loc;
  std::vector<double> concurrency, throughput;  // per second
};

const std::vector<KeySpec>& scalability_keys();
void load_scalability(TableReader& r, Model& model, Diagnostics& diag);

/// The statistics a stage and the request report, in this order.
const std::vector<std::string>& budget_statistics();

}  // namespace headroom::calc
