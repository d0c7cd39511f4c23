#include "calc/budget/budget.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "calc/base/error.hpp"
#include "calc/budget/monte_carlo.hpp"
#include "calc/budget/stage.hpp"
#include "formulas/sizing.hpp"

namespace headroom::calc {
namespace {

// Kendall's notation for the stage and whether its figures are exact (as multiserver_stage
// computes them).
std::string method_label(double arrival_scv, double scv, int c) {
  const bool poisson = arrival_scv == 1.0;
  if (poisson && scv == 1.0) return fmt::format("M/M/{} exact", c);
  if (poisson && c == 1 && scv >= formulas::kPhMinScv) return scv > 1 ? "M/H2/1 exact" : "M/E/1 exact";
  return fmt::format("{}/G/{} Allen–Cunneen approx.", poisson ? "M" : "G", c);
}

// The `headroom explain` topic of the method method_label names.
std::string method_topic(double arrival_scv, double scv, int c) {
  const bool poisson = arrival_scv == 1.0;
  if (poisson && scv == 1.0) return "erlang-c";
  if (poisson && c == 1 && scv >= formulas::kPhMinScv) return "phase-type";
  return "allen-cunneen";
}

}  // namespace

const std::vector<double>& budget_quantiles() {
  static const std::vector<double> kQuantiles = {0.5, 0.9, 0.99, 0.999};
  return kQuantiles;
}

BudgetSection resolve_cache_visits(const BudgetSection& section, const CacheResult* cache,
                                   const CacheSection* cache_section) {
  BudgetSection out = section;
  for (BudgetStage& st : out.stages) {
    if (!st.visits_cache) continue;
    const std::string& policy = name_of(cache_policy_names(), *st.visits_cache);
    // The policy's first entry is its first capacity (the result lists each policy's
    // capacities in the file's order).
    const PolicyResult* found = nullptr;
    if (cache) {
      for (const PolicyResult& p : cache->policies) {
        if (p.policy == *st.visits_cache) {
          found = &p;
          break;
        }
      }
    }
    if (!found) {
      // A preview: the cache has not run. Every request missing is the most it can cost.
      st.visits = 1;
      st.visits_from = fmt::format("the {} miss ratio once the cache runs; 1 until then", policy);
      if (cache_section && !cache_section->capacities.empty()) {
        st.visits_metric = "cache.policies." + path_step(policy_key(*st.visits_cache, cache_section->capacities[0])) +
                           ".miss_ratio";
      }
      continue;
    }
    st.visits = 1 - found->hit_ratio();
    st.visits_metric = "cache.policies." + path_step(found->key()) + ".miss_ratio";
    const CacheCapacity& capacity = found->capacity;
    st.visits_from = fmt::format("the cache's {} miss ratio at {:.15g} {}: 1 − {:.6g} = {:.6g}", policy,
                                 capacity.value, capacity.bytes ? "bytes" : "objects", found->hit_ratio(),
                                 st.visits);
  }
  return out;
}

BudgetResult analyse_budget(const Model& model, const BudgetSection& section, const TrafficSplit* traffic,
                            const RunOptions& options, bool preview) {
  BudgetResult r;
  r.preview = preview;
  if (section.users) {
    r.closed = analyse_closed(section);
    r.seed = options.seed;
    return r;
  }
  if (!section.classes.empty()) {
    r.classes = analyse_classes(section, options, preview);
    r.seed = options.seed;
    return r;
  }
  if (section.arrival_rate) {
    r.arrival_rate = section.arrival_rate->value();
    r.arrival_from = "budget";
  } else {
    r.arrival_rate = traffic->peak().value();
    r.arrival_from = "traffic";
  }
  r.target_utilization = section.target_utilization.value_or(model.target_utilization());
  r.max_throughput = std::numeric_limits<double>::infinity();
  double draws_per_sample = 0;
  for (const BudgetStage& st : section.stages) {
    StageBudget b;
    b.stage = st;
    const StageAt at = stage_at(st, section.arrival_scv, r.arrival_rate, st.servers);
    const double s = st.service_time.value();
    b.arrival_rate = at.call_rate;
    b.extra_load_fraction = at.extra_load_fraction;
    b.hedge_delay = at.hedge_delay;
    b.utilization = at.utilization;
    b.stable = at.stable;
    const double offered = b.arrival_rate * s;  // busy servers on average, every copy counted
    b.servers_needed = offered > 0 ? std::max(1.0, formulas::ceil_count(offered / r.target_utilization)) : 0.0;
    b.max_arrival_rate = stage_max_rate(st, section.arrival_scv, st.servers);
    r.max_throughput = std::min(r.max_throughput, b.max_arrival_rate);
    b.method = method_label(section.arrival_scv, st.service_scv, st.servers);
    b.method_topic = method_topic(section.arrival_scv, st.service_scv, st.servers);
    if (b.stable) {
      b.queue = at.queue;
      b.call = at.call;
      b.visit_mean = formulas::mean_of_max(b.call, st.fanout) + st.latency.value();
      for (double q : budget_quantiles())
        b.visit_percentiles.push_back(formulas::quantile_of_max(b.call, st.fanout, q) + st.latency.value());
      // Little: the copies in the stage, each in it for one copy's response.
      b.concurrency = b.arrival_rate * formulas::ph_mean(b.queue->response);
      r.latency_mean += st.visits * b.visit_mean;
      // A copy's phases and their exits; a hedge draws up to two copies, a retry up to r + 1.
      const int copies = st.hedge_quantile ? 2 : st.retry_after ? st.retries + 1 : 1;
      draws_per_sample += std::ceil(st.visits) * st.fanout * copies * (b.queue->response.phases() + 1);
    } else {
      r.stable = false;
    }
    if (r.stages.empty() || b.utilization > r.stages[r.bottleneck].utilization) r.bottleneck = r.stages.size();
    r.stages.push_back(std::move(b));
  }
  r.headroom = r.arrival_rate > 0 ? r.max_throughput / r.arrival_rate - 1 : std::numeric_limits<double>::infinity();
  // Little's law for the whole request: λ × E[latency] (network time included).
  if (r.stable) r.concurrency = r.arrival_rate * r.latency_mean;
  r.samples = section.samples;
  r.seed = options.seed;
  r.slo = solve_slo(section, r.arrival_rate, r.max_throughput);
  if (!r.stable || preview) return r;
  check_monte_carlo(section, draws_per_sample, options);
  std::vector<StageSampler> samplers;
  for (const StageBudget& b : r.stages) {
    const BudgetStage& st = b.stage;
    samplers.push_back(StageSampler{formulas::CallSampler(b.call), std::floor(st.visits),
                                    st.visits - std::floor(st.visits), st.fanout, st.latency.value()});
  }
  r.latency = monte_carlo(samplers, section.samples, options.seed, budget_quantiles());
  return r;
}

}  // namespace headroom::calc
