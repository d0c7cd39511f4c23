// Request classes. Open: each stage one FCFS queue fed by every class, its service the
// classes' mix (mean and second moment weighted by each class's calls), so every class waits
// the same mean there (exact for M/M/c when the classes' service times agree, and for one
// server by Pollaczek–Khinchine); a class's residence is its visits × (its slowest fan-out
// call + network time). Closed: exact multiclass Mean Value Analysis over every population
// vector (Reiser and Lavenberg, JACM 27(2), 1980) with multi-server stations through the
// marginal probabilities of fewer than c present (Menascé, Almeida and Dowdy, "Performance by
// Design", 2004, ch. 15; the product form of BCMP's processor-sharing stations).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

#include "calc/base/error.hpp"
#include "calc/budget/budget.hpp"
#include "calc/budget/monte_carlo.hpp"
#include "formulas/multiserver.hpp"
#include "formulas/splitmix.hpp"

namespace headroom::calc {
namespace {

// Population vectors × the marginals kept per vector: memory and time stay within seconds.
constexpr double kMaxClosedWork = 2e8;
constexpr double kMaxClosedMemory = 1e7;  // doubles

size_t highest_utilization(const std::vector<ClassStage>& stages) {
  size_t best = 0;
  for (size_t i = 1; i < stages.size(); ++i)
    if (stages[i].utilization > stages[best].utilization) best = i;
  return best;
}

ClassesResult open_classes(const BudgetSection& s, const RunOptions& options, bool preview) {
  // Per class, per stage: one call's response (the stage's wait, then the class's service).
  std::vector<std::vector<std::optional<formulas::PhaseType>>> class_calls(
      s.classes.size(), std::vector<std::optional<formulas::PhaseType>>(s.stages.size()));
  ClassesResult r;
  for (const BudgetClass& c : s.classes) {
    ClassResult out;
    out.name = c.name;
    out.throughput = c.arrival_rate->value();
    out.residence.assign(s.stages.size(), 0.0);
    r.classes.push_back(std::move(out));
  }
  for (size_t i = 0; i < s.stages.size(); ++i) {
    const BudgetStage& st = s.stages[i];
    ClassStage cs;
    cs.name = st.name;
    cs.servers = st.servers;
    double calls = 0, busy = 0, second = 0;  // per second: calls, server-seconds, Σ λ·E[S²]
    std::optional<double> common;  // the one service time every calling class has, if so
    bool same = true;
    for (const BudgetClass& c : s.classes) {
      const double lambda = c.arrival_rate->value() * c.visits[i] * st.fanout, t = c.service_time[i];
      calls += lambda;
      busy += lambda * t;
      second += lambda * (1 + st.service_scv) * t * t;
      if (lambda > 0) {
        same = same && (!common || *common == t);
        common = t;
      }
    }
    cs.utilization = busy / st.servers;
    cs.stable = cs.utilization < 1;
    r.stable = r.stable && cs.stable;
    if (calls > 0 && cs.stable) {
      // One service time: the stage's own shape, exactly (no rounding through the mix).
      const double mean = same ? *common : busy / calls;
      const double scv = same ? st.service_scv : second / calls / (mean * mean) - 1;
      const formulas::StageQueue q = formulas::multiserver_stage(calls, mean, std::max(scv, 0.0), s.arrival_scv, st.servers);
      cs.wait_mean = q.wait_mean;
      cs.method = q.exact ? fmt::format("M/{}/{} exact", scv == 1 ? "M" : "G", st.servers)
                          : fmt::format("{}/G/{} Allen–Cunneen approx.", s.arrival_scv == 1 ? "M" : "G", st.servers);
      cs.queue_length = calls * (q.wait_mean + mean);  // Little
      for (size_t k = 0; k < s.classes.size(); ++k) {
        const double t = s.classes[k].service_time[i];
        const formulas::PhaseType response =
            formulas::ph_sum(q.wait, formulas::ph_fit(t, std::max(st.service_scv, formulas::kPhMinScv)));
        class_calls[k][i] = response;
        // With fan-out the slowest call's mean needs the wait's shape: Erlang C's (exact for
        // M/M/c), or Allen–Cunneen's atom and exponential.
        const double visit = formulas::mean_of_max(response, st.fanout) + st.latency.value();
        r.classes[k].residence[i] = s.classes[k].visits[i] * visit;
      }
    } else if (calls == 0) {
      cs.method = fmt::format("M/M/{} idle", st.servers);
      for (size_t k = 0; k < s.classes.size(); ++k)
        r.classes[k].residence[i] = s.classes[k].visits[i] * st.latency.value();
    }
    r.stages.push_back(cs);
  }
  for (ClassResult& c : r.classes) {
    c.response = 0;
    for (double x : c.residence) c.response += x;
  }
  r.bottleneck = highest_utilization(r.stages);
  if (preview || !r.stable) return r;
  // Each class's percentiles by Monte Carlo over its own calls, its own stream of blocks.
  double draws = 0;
  std::vector<std::vector<StageSampler>> samplers(s.classes.size());
  for (size_t k = 0; k < s.classes.size(); ++k) {
    for (size_t i = 0; i < s.stages.size(); ++i) {
      const BudgetStage& st = s.stages[i];
      const double v = s.classes[k].visits[i];
      if (v <= 0 || !class_calls[k][i]) continue;
      samplers[k].push_back(StageSampler{formulas::CallSampler(*class_calls[k][i]), std::floor(v),
                                         v - std::floor(v), st.fanout, st.latency.value()});
      draws += std::ceil(v) * st.fanout * (class_calls[k][i]->phases() + 1);
    }
  }
  check_monte_carlo(s, draws, options);
  for (size_t k = 0; k < s.classes.size(); ++k)
    r.classes[k].percentiles = monte_carlo(samplers[k], s.samples, formulas::block_seed(options.seed, k), budget_quantiles());
  return r;
}

ClassesResult closed_classes(const BudgetSection& s) {
  ClassesResult r;
  r.closed = true;
  const size_t classes = s.classes.size(), stages = s.stages.size();
  std::vector<int> n_max;
  double states = 1;
  int total = 0;
  for (const BudgetClass& c : s.classes) {
    n_max.push_back(static_cast<int>(*c.users));
    states *= static_cast<double>(*c.users + 1);
    total += static_cast<int>(*c.users);
  }
  // Per stage: demand per class (fan-out calls as visits) and the marginals it needs.
  std::vector<std::vector<double>> demand(stages, std::vector<double>(classes)), delay(stages, std::vector<double>(classes));
  std::vector<int> kept(stages);  // P(j present) for j < c − 1 (min(c, N) servers matter)
  double per_state = 0;
  for (size_t i = 0; i < stages; ++i) {
    const BudgetStage& st = s.stages[i];
    for (size_t k = 0; k < classes; ++k) {
      demand[i][k] = s.classes[k].visits[i] * st.fanout * s.classes[k].service_time[i];
      delay[i][k] = s.classes[k].visits[i] * st.latency.value();
    }
    // R needs P(j | N − e_k) for j <= c − 2, and no one is present past total − 1.
    kept[i] = std::min(st.servers - 1, total);
    per_state += 1 + kept[i];
  }
  if (states * per_state > kMaxClosedMemory || states * per_state * static_cast<double>(classes) > kMaxClosedWork) {
    throw Error::at(s.classes.front().loc, "budget.class",
                    fmt::format("{:.3g} population vectors over these stages is more than exact multiclass "
                                "MVA takes on here ({:.0e} figures at most)", states, kMaxClosedMemory),
                    "fewer users per class, or fewer classes");
  }
  const size_t count = static_cast<size_t>(states);
  // State index by mixed radix: index(N) = Σ N_k·stride_k; N − e_k is index − stride_k.
  std::vector<size_t> stride(classes, 1);
  for (size_t k = 1; k < classes; ++k) stride[k] = stride[k - 1] * static_cast<size_t>(n_max[k - 1] + 1);
  std::vector<size_t> offset(stages + 1, 0);
  for (size_t i = 0; i < stages; ++i) offset[i + 1] = offset[i] + 1 + static_cast<size_t>(kept[i]);
  const size_t width = offset[stages];
  std::vector<double> figures(count * width, 0.0);  // per state: per stage Q, then P(0 .. c − 2)
  std::vector<int> n(classes, 0);
  std::vector<double> x(classes), residence(classes * stages);
  int most_kept = 0;
  for (int k : kept) most_kept = std::max(most_kept, k);
  std::vector<double> pj(static_cast<size_t>(most_kept) + 1);  // P(j | N), j = 0 .. kept
  for (size_t index = 0; index < count; ++index) {
    // n: the population of `index`.
    size_t rest = index;
    for (size_t k = 0; k < classes; ++k) {
      n[k] = static_cast<int>(rest % static_cast<size_t>(n_max[k] + 1));
      rest /= static_cast<size_t>(n_max[k] + 1);
    }
    double* here = &figures[index * width];
    for (size_t i = 0; i < stages; ++i)
      if (kept[i] > 0) here[offset[i] + 1] = 1.0;  // P(0) with nobody
    if (index == 0) continue;
    for (size_t k = 0; k < classes; ++k) {
      x[k] = 0;
      if (n[k] == 0) continue;
      const double* before = &figures[(index - stride[k]) * width];
      double cycle = s.classes[k].think_time.value();
      for (size_t i = 0; i < stages; ++i) {
        const int c = s.stages[i].servers;
        double r_ik = 0;
        if (demand[i][k] > 0) {
          const double q = before[offset[i]];
          if (c == 1) {
            r_ik = demand[i][k] * (1 + q);
          } else {
            double extra = 0;  // Σ_{j <= c − 2} (c − 1 − j)·P(j | N − e_k)
            for (int j = 0; j < kept[i]; ++j) extra += (c - 1 - j) * before[offset[i] + 1 + j];
            r_ik = demand[i][k] / c * (1 + q + extra);
          }
        }
        residence[k * stages + i] = r_ik + delay[i][k];
        cycle += r_ik + delay[i][k];
      }
      x[k] = n[k] / cycle;
    }
    for (size_t i = 0; i < stages; ++i) {
      double q = 0, busy = 0;  // busy: Σ_k X_k·D_ik, the mean of min(present, c)
      for (size_t k = 0; k < classes; ++k) {
        q += x[k] * (residence[k * stages + i] - delay[i][k]);
        busy += x[k] * demand[i][k];
      }
      here[offset[i]] = q;
      const int c = s.stages[i].servers;
      if (kept[i] > 0) {
        // P(j | N) = (1/j)·Σ_k D_ik·X_k·P(j − 1 | N − e_k) for 1 <= j <= kept (min(c − 1, total):
        // no more are ever present), and P(0) from the utilisation: c·U = Σ_j min(j, c)·P(j).
        // Work per vector is kept, not c: a stage of a million servers costs its users only.
        double* p = here + offset[i] + 1;
        for (int j = 1; j <= kept[i]; ++j) {
          double sum = 0;
          for (size_t k = 0; k < classes; ++k) {
            if (n[k] == 0) continue;
            const double* before = &figures[(index - stride[k]) * width] + offset[i] + 1;
            sum += demand[i][k] * x[k] * before[j - 1];
          }
          pj[static_cast<size_t>(j)] = sum / j;
        }
        double tail = 0;
        for (int j = 1; j <= kept[i]; ++j) tail += (c - j) * pj[static_cast<size_t>(j)];
        pj[0] = std::max(0.0, 1 - (busy + tail) / c);
        for (int j = 0; j < kept[i]; ++j) p[j] = pj[static_cast<size_t>(j)];
      }
    }
  }
  // The figures at the full population.
  for (size_t k = 0; k < classes; ++k) {
    ClassResult c;
    c.name = s.classes[k].name;
    c.closed = true;
    c.users = static_cast<double>(*s.classes[k].users);
    c.think_time = s.classes[k].think_time.value();
    c.throughput = x[k];
    for (size_t i = 0; i < stages; ++i) {
      c.residence.push_back(residence[k * stages + i]);
      c.response += residence[k * stages + i];
    }
    r.classes.push_back(std::move(c));
  }
  const double* last = &figures[(count - 1) * width];
  for (size_t i = 0; i < stages; ++i) {
    ClassStage cs;
    cs.name = s.stages[i].name;
    cs.servers = s.stages[i].servers;
    for (size_t k = 0; k < classes; ++k) cs.utilization += x[k] * demand[i][k] / cs.servers;
    cs.queue_length = last[offset[i]];
    cs.method = "exact multiclass MVA";
    r.stages.push_back(cs);
  }
  r.bottleneck = highest_utilization(r.stages);
  return r;
}

}  // namespace

ClassesResult analyse_classes(const BudgetSection& section, const RunOptions& options, bool preview) {
  return section.closed_classes() ? closed_classes(section) : open_classes(section, options, preview);
}

}  // namespace headroom::calc
