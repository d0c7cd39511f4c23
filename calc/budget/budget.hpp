// `headroom budget`: where a request's latency goes, stage by stage, which stage saturates
// first, how much traffic the system takes and how many servers each stage needs (SPEC §3.6).
// Open workloads: each stage an M/M/c queue (exact) or G/G/c (Allen–Cunneen, approximate);
// the end-to-end mean exactly, its percentiles by Monte Carlo over the stages' distributions.
#pragma once

#include <map>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include "calc/budget/section.hpp"
#include "calc/cache/cache.hpp"
#include "calc/report/analysis.hpp"
#include "calc/size/traffic.hpp"
#include "formulas/multiserver.hpp"
#include "formulas/request_latency.hpp"
#include "formulas/usl.hpp"

namespace headroom::calc {

/// A closed workload's answer (section.users set): exact MVA.
struct ClosedStage {
  std::string name;
  int servers = 1;
  double demand = 0;        // seconds of service per request: visits × fan-out × service time
  double utilization = 0;
  double queue_length = 0;  // requests present, waiting or served
  double residence = 0;     // seconds per request, network time included
};
struct ClosedPoint {
  int users;
  double throughput, response;
};
struct ClosedResult {
  int users = 0;
  double think_time = 0;
  double throughput = 0;
  double response = 0;  // mean, think time excluded
  std::vector<ClosedStage> stages;
  std::vector<ClosedPoint> curve;
  double demand = 0;             // D: the total demand, the least response time
  double bottleneck_demand = 0;  // max D_i/c_i
  double max_throughput = 0;     // 1 / max D_i/c_i
  double saturation_users = 0;   // N* = (D + Z) / max D_i/c_i
  bool max_users_known = false;  // an SLO on the mean was given
  int max_users_for_slo = 0;
};
ClosedResult analyse_closed(const BudgetSection& section);

struct Percentile {
  double q;
  double value = 0;
  double standard_error = 0;
};

/// Request classes ([[budget.class]]): open ones as one product-form network (each stage FCFS,
/// every class waiting the same: the stage's mixed service in Erlang C or Allen–Cunneen),
/// closed ones by exact multiclass MVA with multi-server stations.
struct ClassResult {
  std::string name;
  bool closed = false;
  double users = 0, think_time = 0;
  double throughput = 0;
  double response = 0;            // mean, seconds, think time excluded
  std::vector<double> residence;  // per stage, seconds per request (network time included)
  std::vector<Percentile> percentiles;  // open, stable, not a preview: p50 .. p999
};
struct ClassStage {
  std::string name;
  int servers = 1;
  double utilization = 0;
  bool stable = true;
  double wait_mean = 0;     // open: a call's mean wait (every class the same); closed: unused
  double queue_length = 0;  // requests present, every class
  std::string method;
};
struct ClassesResult {
  bool closed = false;
  bool stable = true;
  std::vector<ClassResult> classes;
  std::vector<ClassStage> stages;
  size_t bottleneck = 0;  // the stage with the highest utilisation
};
/// With `preview`, no Monte Carlo (the open classes' percentiles are left empty).
ClassesResult analyse_classes(const BudgetSection& section, const RunOptions& options, bool preview);

/// The SLO at one arrival rate and one server count per stage (the grid's percentiles).
struct SloEvaluation {
  bool stable = true;
  bool met = false;
  double mean = 0;
  double worst_ratio = 0;  // max over the SLO's statistics of value / bound
  std::vector<double> visit_means;
};
/// Evaluates the SLO on many (rate, servers) pairs, keeping each stage's queue and spectrum
/// for the pairs that come back (a bisection or a greedy search changes one thing at a time).
class SloSolver {
 public:
  explicit SloSolver(const BudgetSection& section) : section_(section) {}
  SloEvaluation evaluate(double lambda, const std::vector<int>& servers);
  int evaluations() const { return evaluations_; }

 private:
  struct Key {
    size_t stage;
    int servers;
    double lambda;
    bool operator<(const Key& o) const {
      return std::tie(stage, servers, lambda) < std::tie(o.stage, o.servers, o.lambda);
    }
  };
  struct Stage {
    bool stable = false;
    formulas::LatencyPart part;  // when stable
    double visit_mean = 0;
    double reach = 0;  // formulas::latency_part_reach
    std::map<double, formulas::Spectrum> spectra;  // by grid step
  };
  const BudgetSection& section_;
  std::map<Key, Stage> stages_;
  int evaluations_ = 0;
};

struct SloAnswers {
  bool max_rate_known = false;  // false: no SLO, or no saturation point
  double max_rate = 0;          // requests/s; 0 when the SLO is missed at any rate
  std::string limited_by;       // the stage whose queueing adds most latency at max_rate
  std::vector<int> servers;     // per stage, the fewest meeting the SLO at the arrival rate; empty: none do
  bool search_exhausted = false;  // servers empty because the search hit its bound, not because none do
  int evaluations = 0;
};
/// Requires: section.slo not empty for an answer (else all empty).
SloAnswers solve_slo(const BudgetSection& section, double lambda, double max_throughput);

struct StageBudget {
  BudgetStage stage;  // a copy: the result may outlive the model
  double arrival_rate = 0;  // copies per second: λ × visits × fanout × (1 + extra_load_fraction)
  double utilization = 0;   // ρ; 1 or more when unstable
  bool stable = true;
  double servers_needed = 0;  // for the target utilisation
  std::optional<formulas::StageQueue> queue;  // when stable
  formulas::CallLatency call;  // when stable: one call as the request sees it, its tactic applied
  double extra_load_fraction = 0;  // the tactic's extra copies per call
  double hedge_delay = 0;          // hedged: when the second copy goes
  // One visit as the request sees it: the slowest of the fanout calls, then the latency.
  double visit_mean = 0;
  std::vector<double> visit_percentiles;  // p50, p90, p99, p999
  double concurrency = 0;   // Little: calls in the stage, λ_calls × E[call response]
  double max_arrival_rate = 0;  // requests/s at which this stage saturates
  std::string method;       // "M/M/c exact", "G/G/c Allen–Cunneen approx."
  std::string method_topic;  // its `headroom explain` topic
};


struct BudgetResult {
  double arrival_rate = 0;
  std::string arrival_from;  // "budget" or "traffic"
  double target_utilization = 0;
  std::vector<StageBudget> stages;
  bool stable = true;
  double latency_mean = 0;  // exact: Σ visits × visit mean
  std::vector<Percentile> latency;  // p50, p90, p99, p999 by Monte Carlo (empty in a preview)
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  bool preview = false;     // the Monte Carlo was left out: its figures are known after the run
  size_t bottleneck = 0;    // index of the stage with the highest utilisation
  double max_throughput = 0;  // requests/s at which the bottleneck saturates
  double headroom = 0;      // max_throughput / arrival_rate − 1
  double concurrency = 0;   // requests in the system: λ × mean latency
  SloAnswers slo;
  std::optional<ClosedResult> closed;  // a closed workload: the rest is left empty
  std::optional<ClassesResult> classes;  // request classes: the rest is left empty
  std::optional<formulas::UslFit> usl;  // from [scalability]
};

/// The quantiles every stage and the request report: 0.5, 0.9, 0.99, 0.999.
const std::vector<double>& budget_quantiles();

/// Requires: `section` validated, with each stage's visits known (resolve_cache_visits);
/// traffic when it gives no arrival_rate. With `preview`, no Monte Carlo (closed forms only).
BudgetResult analyse_budget(const Model& model, const BudgetSection& section, const TrafficSplit* traffic,
                            const RunOptions& options, bool preview);

/// The section with each `visits = { cache = ... }` stage's visits set to that policy's miss
/// ratio at the cache's first capacity (from `cache`; 1, the most it can be, without it).
BudgetSection resolve_cache_visits(const BudgetSection& section, const CacheResult* cache,
                                   const CacheSection* cache_section);

AnalysisResult budget_document(const BudgetResult& result, const BudgetSection& section);

/// The run: the analysis, then its document. `cache` the cache analysis's result when the
/// file has [cache] (nullptr in a preview: a stage's visits from it are then taken as 1).
AnalysisResult budget_analysis(const Model& model, const RunOptions& options, const TrafficSplit* traffic,
                               const CacheResult* cache, bool preview);

}  // namespace headroom::calc
