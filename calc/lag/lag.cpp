#include "calc/lag/lag.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>

#include "calc/size/traffic.hpp"
#include "formulas/conflicts.hpp"
#include "formulas/multiserver.hpp"
#include "formulas/phase_type.hpp"
#include "formulas/queueing.hpp"
#include "formulas/sizing.hpp"

namespace headroom::calc {
namespace {

using formulas::MD1Wait;
using formulas::PhaseType;

// One hop's lag: a constant (network, transmission, a constant apply time) plus a random part,
// phase-type or M/D/1's waiting time.
struct Hop {
  double shift = 0;
  std::optional<PhaseType> ph;
  std::optional<MD1Wait> md1;
  double random_mean = 0;
};

// The quantile of a sum of independent random parts, by convolving their masses on one grid
// (each to its 1 − 1e-7 quantile): used when an M/D/1 wait is one of several hops.
constexpr int kGrid = 4096;
constexpr int kMaxSumPhases = 128;

std::vector<double> quantiles_by_grid(std::vector<Hop>& hops, const std::vector<double>& qs) {
  double top = 0;
  for (Hop& h : hops) {
    if (h.ph) top += formulas::ph_quantile(*h.ph, 1 - 1e-7);
    if (h.md1) top += h.md1->quantile(1 - 1e-7);
  }
  top = std::max(top, 1e-12);
  const double step = top / kGrid;
  std::vector<double> sum(kGrid, 0.0);
  sum[0] = 1.0;
  for (Hop& h : hops) {
    if (!h.ph && !h.md1) continue;
    std::vector<double> mass(kGrid);
    const std::vector<double> survival =
        h.ph ? formulas::ph_survival_grid(*h.ph, step, kGrid) : std::vector<double>{};
    double before = 0;
    for (int i = 0; i < kGrid; ++i) {
      const double f = h.ph ? 1 - survival[i] : h.md1->cdf((i + 1) * step);
      mass[i] = f - before;  // the mass of ((i)h, (i+1)h], the atom at 0 in bin 0
      before = f;
    }
    std::vector<double> next(kGrid, 0.0);
    for (int i = 0; i < kGrid; ++i) {
      if (sum[i] == 0) continue;
      for (int j = 0; i + j < kGrid; ++j) next[i + j] += sum[i] * mass[j];
    }
    sum = std::move(next);
  }
  std::vector<double> out;
  for (double q : qs) {
    double c = 0;
    int i = 0;
    while (i < kGrid - 1 && (c += sum[i]) < q) ++i;
    out.push_back((i + 1) * step);  // the bin's upper end: never below the true quantile
  }
  return out;
}

struct Queue {
  Hop hop;
  std::string label;   // short, for the table: "M/M/1 exact"
  std::string method;  // in full, for --explain
};

Queue apply_queue(const Replica& x, double lambda) {
  Queue out;
  Hop& h = out.hop;
  const double s = x.apply_time.value();
  const bool constant = x.apply_scv < formulas::kPhMinScv;
  const std::string constant_note =
      constant && x.apply_scv > 0 ? " (apply_scv below 1/64 taken as a constant apply time)" : "";
  if (x.apply_threads == 1) {
    if (constant) {
      h.md1.emplace(lambda, s);
      h.shift += s;
      h.random_mean = formulas::pk_mean_wait(lambda, s, 0.0);
      out.label = "M/D/1 exact";
      out.method = "M/D/1: Erlang's waiting time, exact" + constant_note;
      return out;
    }
    const PhaseType service = formulas::ph_fit(s, x.apply_scv);
    h.ph = formulas::ph_sum(formulas::mph1_wait(lambda, service), service);
    h.random_mean = formulas::pk_mean_wait(lambda, s, x.apply_scv) + s;
    out.label = x.apply_scv == 1 ? "M/M/1 exact" : x.apply_scv > 1 ? "M/H2/1 exact" : "M/E/1 exact";
    out.method = x.apply_scv == 1 ? "M/M/1: exponential sojourn, exact"
                 : x.apply_scv > 1
                     ? "M/H2/1: phase-type wait, exact for a two-phase hyperexponential apply time"
                     : "M/E/1: phase-type wait, exact for a mixture of Erlangs apply time";
    return out;
  }
  // M/G/c: Allen–Cunneen's mean wait, the wait taken as Erlang C's atom plus an exponential.
  const int c = x.apply_threads;
  // The wait as the budget's stages take it: Erlang C's atom, then an exponential of
  // Allen–Cunneen's conditional mean (Poisson writes).
  const formulas::StageQueue queue = formulas::multiserver_stage(lambda, s, x.apply_scv, 1.0, c);
  const double wait = queue.wait_mean;
  const PhaseType& w = queue.wait;
  if (constant) {
    h.shift += s;
    h.ph = w;
  } else {
    h.ph = formulas::ph_sum(w, formulas::ph_fit(s, x.apply_scv));
  }
  h.random_mean = wait + (constant ? 0 : s);
  out.label = fmt::format("M/G/{} approx.", c);
  out.method = fmt::format("M/G/{}: Allen–Cunneen mean wait, the wait as Erlang C's atom plus an "
                           "exponential (an approximation; exact for M/M/c)", c) + constant_note;
  return out;
}

}  // namespace

LagResult analyse_lag(const Model& model, const TrafficSplit* traffic) {
  const ReplicationSection& s = *model.section<ReplicationSection>();
  LagResult r;
  r.mode = s.mode;
  if (s.write_size) r.write_size = s.write_size->value();
  if (s.write_rate) {
    r.write_rate = s.write_rate->value();
    r.write_rate_from = "write_rate";
  } else {
    r.write_rate = (traffic->writes ? *traffic->writes : traffic->total).value() * traffic->peak_to_average;
    r.write_rate_from = "traffic";
    r.write_rate_metric = traffic->writes ? "size.writes_per_second.peak" : "size.requests_per_second.peak";
  }
  if (traffic && traffic->reads) r.peak_reads = traffic->reads->value() * traffic->peak_to_average;
  const double lambda = r.write_rate;
  const double target_utilization = model.target_utilization();

  std::map<std::string, size_t, std::less<>> at;      // name → index in r.replicas
  std::map<std::string, std::vector<Hop>, std::less<>> chains;  // name → hops from the primary
  std::map<std::string, int, std::less<>> copies;     // source → replicas copying it
  for (const Replica& x : s.replicas) ++copies[x.source];
  for (const Replica& x : s.replicas) {
    ReplicaLag out;
    out.name = x.name;
    out.source = x.source;
    out.max_lag = x.max_lag;
    out.max_lag_loc = x.max_lag_loc;
    const double s_apply = x.apply_time.value();
    const double mu = x.apply_threads / s_apply;  // writes per second it can apply
    double mu_eff = mu;
    out.apply_utilization = lambda / mu;
    if (x.bandwidth && r.write_size) {
      out.transmission = *r.write_size / x.bandwidth->value();
      out.link_utilization = lambda * out.transmission;
      mu_eff = std::min(mu_eff, 1 / out.transmission);
    }
    const ReplicaLag* up = x.source == "primary" ? nullptr : &r.replicas[at.at(x.source)];
    if (up && !up->stable) {
      out.stable = false;
      out.unstable_because = "source";
      out.backlog_growth = up->backlog_growth;
      out.lag_growth = up->lag_growth;
    } else if (out.apply_utilization >= 1 || out.link_utilization.value_or(0) >= 1) {
      out.stable = false;
      out.unstable_because = out.apply_utilization >= 1 ? "apply" : "link";
      out.backlog_growth = lambda - mu_eff;
      out.lag_growth = lambda / mu_eff - 1;
    }
    if (s.outage && out.stable) out.catch_up = lambda * s.outage->value() / (mu_eff - lambda);
    if (x.read_capacity) {
      out.read_capacity_left = out.stable ? (1 - out.apply_utilization) * x.read_capacity->value() : 0.0;
      if (r.peak_reads && *out.read_capacity_left > 0)
        out.read_replicas_needed = formulas::ceil_count(*r.peak_reads / (*out.read_capacity_left * target_utilization));
    }
    if (r.write_size) out.egress = lambda * *r.write_size * copies[x.name];
    if (out.stable) {
      Queue q = apply_queue(x, lambda);
      q.hop.shift += x.network_delay.value() + out.transmission;
      std::vector<Hop> chain = up ? chains.at(x.source) : std::vector<Hop>{};
      chain.push_back(std::move(q.hop));
      LagQuantiles lag;
      int random_parts = 0, md1_parts = 0;
      double shift = 0;
      for (const Hop& h : chain) {
        shift += h.shift;
        lag.mean += h.shift + h.random_mean;
        random_parts += (h.ph || h.md1) ? 1 : 0;
        md1_parts += h.md1 ? 1 : 0;
      }
      out.in_network = (up ? up->in_network : 0) + x.network_delay.value() + out.transmission;
      out.own_mean = chain.back().shift + chain.back().random_mean;
      const std::vector<double> qs = {0.5, 0.99, 0.999};
      std::vector<double> v;
      int phases = 0;
      for (const Hop& h : chain) phases += h.ph ? h.ph->phases() : 0;
      // A long chain of many-phase hops makes matrices too large to exponentiate: add those
      // on the grid too.
      if (md1_parts == 0 && phases <= kMaxSumPhases) {
        std::optional<PhaseType> sum;
        for (const Hop& h : chain)
          if (h.ph) sum = sum ? formulas::ph_sum(*sum, *h.ph) : *h.ph;
        for (double q : qs) v.push_back(shift + (sum ? formulas::ph_quantile(*sum, q) : 0.0));
        out.method = q.method + (chain.size() > 1 ? "; hops added as independent phase-type stages" : "");
        out.label = q.label + (chain.size() > 1 ? ", hops summed" : "");
      } else if (md1_parts == 1 && random_parts == 1) {  // one M/D/1 wait, every other hop constant
        MD1Wait& wait = *std::find_if(chain.begin(), chain.end(), [](const Hop& h) { return h.md1.has_value(); })->md1;
        for (double q : qs) v.push_back(shift + wait.quantile(q));
        out.method = q.method + (wait.asymptotic() ? "; its far tail by the Cramér–Lundberg asymptote" : "");
        out.label = q.label + (wait.asymptotic() ? ", asymptotic tail" : "") + (chain.size() > 1 ? ", hops summed" : "");
      } else {
        v = quantiles_by_grid(chain, qs);
        for (double& x_q : v) x_q += shift;
        out.label = q.label + ", hops on a grid";
        out.method = q.method + fmt::format("; hops added as independent stages by numerical "
                                            "convolution (grid of {}, rounded up)", kGrid);
      }
      lag.p50 = v[0], lag.p99 = v[1], lag.p999 = v[2];
      out.lag = lag;
      chains.emplace(x.name, std::move(chain));
    }
    at.emplace(x.name, r.replicas.size());
    r.replicas.push_back(std::move(out));
  }
  if (r.write_size) r.primary_egress = lambda * *r.write_size * copies["primary"];
  if (s.mode == ReplicationMode::kMultiPrimary) {
    LagResult::Conflicts c;
    c.primaries = s.primaries, c.keys = s.keys, c.zipf = s.zipf;
    if (s.replication_delay) {
      c.delay = s.replication_delay->value();
      c.delay_from = "replication_delay";
    } else {
      double sum = 0;
      int stable = 0;
      for (const ReplicaLag& x : r.replicas)
        if (x.lag) sum += x.lag->mean, ++stable;
      if (stable > 0 && stable == static_cast<int>(r.replicas.size())) c.delay = sum / stable;
      c.delay_from = "the replicas' mean lag";
    }
    if (c.delay) c.fraction = formulas::conflict_fraction(lambda, c.primaries, c.keys, c.zipf, *c.delay);
    r.conflicts = c;
  }
  // Semi-sync waits for the first direct replica to receive a write; sync for every direct
  // replica to apply it.
  double nearest = std::numeric_limits<double>::infinity(), slowest = 0;
  for (const Replica& x : s.replicas) {
    if (x.source != "primary") continue;
    const ReplicaLag& out = r.replicas[at.at(x.name)];
    nearest = std::min(nearest, 2 * x.network_delay.value() + out.transmission);
    slowest = std::max(slowest, out.own_mean + x.network_delay.value());
  }
  if (s.mode == ReplicationMode::kSemiSync && std::isfinite(nearest)) r.write_latency_added = nearest;
  if (s.mode == ReplicationMode::kSync) r.write_latency_added = slowest;
  return r;
}

}  // namespace headroom::calc
