// The SLO's questions, answered on the model itself: the largest arrival rate that meets every
// SLO statistic (bisection), and the fewest servers per stage that meet it at the arrival rate
// (greedy marginal allocation, then each count lowered while the SLO still holds). Statistics
// come from the exact mean and the request's latency on a grid (formulas/request_latency):
// deterministic, so a bisection converges; the reported percentiles are the Monte Carlo's.
#include <algorithm>
#include <cmath>
#include <limits>

#include "calc/budget/budget.hpp"
#include "calc/budget/stage.hpp"
#include "formulas/request_latency.hpp"

namespace headroom::calc {
namespace {

// Evaluations the server search may take (each a few FFTs): a few seconds at most.
constexpr int kMaxEvaluations = 3000;
constexpr int kPoints = 1 << 13;  // the grid of the request's latency
constexpr size_t kMaxCached = 400;  // stages kept, each with its spectra (256 KiB apiece)

double quantile_of(const std::string& statistic) {
  return statistic == "p50" ? 0.5 : statistic == "p90" ? 0.9 : statistic == "p99" ? 0.99 : 0.999;
}

}  // namespace

SloEvaluation SloSolver::evaluate(double lambda, const std::vector<int>& servers) {
  const BudgetSection& section = section_;
  ++evaluations_;
  SloEvaluation e;
  e.visit_means.resize(section.stages.size(), 0.0);
  std::vector<Stage*> stages;
  double reach = 0;
  for (size_t i = 0; i < section.stages.size(); ++i) {
    const BudgetStage& st = section.stages[i];
    if (stages_.size() > kMaxCached) stages_.clear();  // a long search: keep memory bounded
    auto [it, fresh] = stages_.try_emplace(Key{i, servers[i], lambda});
    Stage& stage = it->second;
    if (fresh) {
      const StageAt at = stage_at(st, section.arrival_scv, lambda, servers[i]);
      stage.stable = at.stable;
      if (at.stable) {
        stage.part = formulas::LatencyPart{at.call, st.fanout, st.latency.value(), st.visits};
        stage.visit_mean = formulas::mean_of_max(at.call, st.fanout) + st.latency.value();
        stage.reach = formulas::latency_part_reach(stage.part);
      }
    }
    if (!stage.stable) {
      e.stable = false;
      e.worst_ratio = std::numeric_limits<double>::infinity();
      return e;
    }
    e.visit_means[i] = stage.visit_mean;
    e.mean += st.visits * stage.visit_mean;
    stages.push_back(&stage);
    reach += stage.reach;
  }
  std::vector<double> qs;
  for (const Slo& slo : section.slo)
    if (slo.statistic != "mean") qs.push_back(quantile_of(slo.statistic));
  std::vector<double> values;
  if (!qs.empty()) {
    // The step is rounded to a ladder, so a stage that did not change keeps its spectrum.
    const double h = formulas::latency_grid_step(reach, kPoints);
    std::vector<const formulas::Spectrum*> spectra;
    for (size_t i = 0; i < stages.size(); ++i) {
      auto [it, fresh] = stages[i]->spectra.try_emplace(h);
      if (fresh) it->second = formulas::latency_part_spectrum(stages[i]->part, h, kPoints);
      spectra.push_back(&it->second);
    }
    values = formulas::latency_quantiles_of(spectra, h, kPoints, qs);
  }
  size_t next = 0;
  for (const Slo& slo : section.slo) {
    const double v = slo.statistic == "mean" ? e.mean : values[next++];
    e.worst_ratio = std::max(e.worst_ratio, v / slo.bound.value());
  }
  e.met = e.worst_ratio <= 1;
  return e;
}

SloAnswers solve_slo(const BudgetSection& section, double lambda, double max_throughput) {
  SloSolver solver(section);
  SloAnswers out;
  if (section.slo.empty()) return out;
  std::vector<int> given;
  for (const BudgetStage& st : section.stages) given.push_back(st.servers);

  // The largest rate that meets it: met near zero load (else at no rate), not met at saturation.
  const double floor_rate = std::min(max_throughput, 1.0) * 1e-9;
  const SloEvaluation idle = solver.evaluate(floor_rate, given);
  if (!idle.met) {
    out.max_rate_known = true;  // 0: not at any rate
  } else if (std::isfinite(max_throughput)) {
    double lo = floor_rate, hi = max_throughput;
    for (int i = 0; i < 60 && hi - lo > 1e-9 * hi; ++i) {
      const double mid = 0.5 * (lo + hi);
      (solver.evaluate(mid, given).met ? lo : hi) = mid;
    }
    out.max_rate = lo;
    out.max_rate_known = true;
    // The stage whose queueing adds the most latency there.
    const SloEvaluation at = solver.evaluate(lo, given);
    double most = -1;
    for (size_t i = 0; i < section.stages.size(); ++i) {
      const double added = section.stages[i].visits * (at.visit_means[i] - idle.visit_means[i]);
      if (added > most) most = added, out.limited_by = section.stages[i].name;
    }
  }

  // The fewest servers at `lambda`: from the least that keep every stage stable, add to the
  // stage that lowers the worst SLO ratio most per server, then lower each count while the SLO
  // holds.
  std::vector<int> least;  // per stage, the fewest servers that keep it stable
  for (const BudgetStage& st : section.stages) least.push_back(least_stable_servers(st, section.arrival_scv, lambda));
  if (!idle.met) return out;  // not even without queueing: service and network alone miss it
  std::vector<int> c = least;
  SloEvaluation now = solver.evaluate(lambda, c);
  while (!now.met && solver.evaluations() < kMaxEvaluations) {
    size_t best = 0;
    double best_gain = -1;
    int best_step = 1;
    SloEvaluation best_eval;
    for (size_t i = 0; i < c.size(); ++i) {
      const int step = std::max(1, static_cast<int>(0.01 * c[i]));
      std::vector<int> trial = c;
      trial[i] += step;
      const SloEvaluation e = solver.evaluate(lambda, trial);
      const double gain = (now.worst_ratio - e.worst_ratio) / step;
      if (gain > best_gain) best_gain = gain, best = i, best_step = step, best_eval = e;
    }
    if (best_gain <= 0) break;  // more servers no longer help: the SLO is out of reach
    c[best] += best_step;
    now = best_eval;
  }
  if (!now.met) {
    out.search_exhausted = solver.evaluations() >= kMaxEvaluations;
    return out;
  }
  for (size_t i = 0; i < c.size(); ++i) {
    // Lower c_i by bisection between the least stable count and c_i.
    int lo = least[i], hi = c[i];
    while (lo < hi && solver.evaluations() < kMaxEvaluations) {
      const int mid = lo + (hi - lo) / 2;
      std::vector<int> trial = c;
      trial[i] = mid;
      if (solver.evaluate(lambda, trial).met) hi = mid; else lo = mid + 1;
    }
    c[i] = hi;
  }
  out.servers = c;
  out.evaluations = solver.evaluations();
  return out;
}

}  // namespace headroom::calc
