// The result document of `headroom lag` (SPEC §3.3 JSON keys).
#include <fmt/format.h>

#include "calc/lag/lag.hpp"
#include "calc/lag/quorum.hpp"
#include "calc/report/chain.hpp"

namespace headroom::calc {
namespace {

Node seconds(double v) { return Node::number(v, Unit::kSeconds); }
Node optional_number(const std::optional<double>& v, Unit unit) {
  return v ? Node::number(*v, unit) : Node::null();
}

}  // namespace

AnalysisResult lag_document(const LagResult& r) {
  AnalysisResult out;
  Node& doc = out.document;
  const bool async = r.mode == ReplicationMode::kAsync || r.mode == ReplicationMode::kMultiPrimary;
  doc.add("mode", Node::string(name_of(replication_mode_names(), r.mode)));
  doc.add("write_rate_per_second", Node::number(r.write_rate, Unit::kPerSecond));
  doc.add("primary_egress_bytes_per_second", optional_number(r.primary_egress, Unit::kBytesPerSecond));
  doc.add("write_latency_added_seconds", seconds(r.write_latency_added));
  // What a fail-over loses: async, the writes the freshest replica has not applied; semi-sync
  // and sync promote a replica that has every acknowledged write.
  std::optional<double> least;
  for (const ReplicaLag& x : r.replicas)
    if (x.lag) least = least ? std::min(*least, x.lag->mean) : x.lag->mean;
  doc.add("writes_lost_on_failover",
          async ? optional_number(least ? std::optional<double>(r.write_rate * *least) : std::nullopt, Unit::kNone)
                : Node::number(0.0, Unit::kNone));
  double left_total = 0;
  int with_capacity = 0;
  Node& replicas = doc.add("replicas", Node::array());
  for (const ReplicaLag& x : r.replicas) {
    Node& n = replicas.push(Node::object(), x.name);
    n.add("name", Node::string(x.name));
    n.add("source", Node::string(x.source));
    n.add("utilization", Node::number(x.apply_utilization, Unit::kRatio));
    n.add("link_utilization", optional_number(x.link_utilization, Unit::kRatio));
    n.add("stable", Node::boolean(x.stable));
    Node lag = Node::object();
    for (auto [key, value] : {std::pair{"mean", x.lag ? x.lag->mean : 0.0}, {"p50", x.lag ? x.lag->p50 : 0.0},
                              {"p99", x.lag ? x.lag->p99 : 0.0}, {"p999", x.lag ? x.lag->p999 : 0.0}})
      lag.add(key, x.lag ? seconds(value) : Node::null());
    n.add("lag_seconds", std::move(lag));
    n.add("method", x.stable ? Node::string(x.label) : Node::null());
    if (!x.stable) {
      n.add("unstable_because", Node::string(x.unstable_because));
      n.add("backlog_growth_per_second", Node::number(x.backlog_growth, Unit::kPerSecond));
      n.add("lag_growth_seconds_per_second", Node::number(x.lag_growth, Unit::kNone));
    }
    n.add("catch_up_seconds", optional_number(x.catch_up, Unit::kSeconds));
    Node lost = Node::object();
    if (async && x.lag) {
      lost.add("mean", Node::number(r.write_rate * x.lag->mean, Unit::kNone));
      lost.add("p99", Node::number(r.write_rate * x.lag->p99, Unit::kNone));
      lost.add("in_network", Node::number(r.write_rate * x.in_network, Unit::kNone));
      lost.add("at_replica", Node::number(r.write_rate * (x.lag->mean - x.in_network), Unit::kNone));
    } else {
      for (const char* key : {"mean", "p99", "in_network", "at_replica"})
        lost.add(key, async ? Node::null() : Node::number(0.0, Unit::kNone));
    }
    n.add("writes_lost", std::move(lost));
    n.add("read_capacity_left_per_second", optional_number(x.read_capacity_left, Unit::kPerSecond));
    n.add("read_replicas_needed", optional_number(x.read_replicas_needed, Unit::kCount));
    n.add("egress_bytes_per_second", r.write_size ? Node::number(x.egress, Unit::kBytesPerSecond) : Node::null());
    if (x.read_capacity_left) left_total += *x.read_capacity_left, ++with_capacity;
    if (x.max_lag) {
      out.targets.push_back(Target{"lag.replicas." + path_step(x.name) + ".lag_seconds.p99",
                                   std::nullopt, x.max_lag->value(), x.max_lag_loc, Unit::kSeconds});
    }
    if (x.stable) {
      out.explanation.push_back({"replication-lag", fmt::format(
          "{}: ρ = λ·s/threads = {:.6g}; lag = network + transmission + wait + apply, mean {:.6g} s "
          "({})", x.name, x.apply_utilization, x.lag->mean, x.method)});
    } else {
      out.explanation.push_back({"replication-lag", fmt::format(
          "{}: unstable ({}): the backlog grows by {:.6g} writes/s, the lag by {:.6g} s each second",
          x.name, x.unstable_because, x.backlog_growth, x.lag_growth)});
    }
    if (x.catch_up)
      out.explanation.push_back({"catch-up", fmt::format("{}: catch-up = λ·outage/(μ − λ) = {:.6g} s", x.name, *x.catch_up)});
  }
  if (r.conflicts) {
    const LagResult::Conflicts& c = *r.conflicts;
    doc.add("primaries", Node::count(c.primaries));
    doc.add("replication_delay_seconds", optional_number(c.delay, Unit::kSeconds));
    doc.add("conflict_fraction", optional_number(c.fraction, Unit::kRatio));
    doc.add("conflicts_per_second",
            optional_number(c.fraction ? std::optional<double>(*c.fraction * r.write_rate) : std::nullopt, Unit::kPerSecond));
    if (c.fraction) {
      out.explanation.push_back({"conflicts", fmt::format(
          "conflicts: a write conflicts when another primary writes its key within D = {:.6g} s ({}) either side: "
          "Σ p_k (1 − exp(−2Dλ p_k (P−1)/P)) = {:.6g} over {} keys{}", *c.delay, c.delay_from, *c.fraction, c.keys,
          c.zipf > 0 ? fmt::format(", Zipf {:g}", c.zipf) : " (uniform)")});
    } else {
      out.explanation.push_back({"conflicts", "conflicts: unknown while a replica is unstable (its lag, and so the delay, grows without bound)"});
    }
  }
  doc.add("read_capacity_left_per_second",
          with_capacity ? Node::number(left_total, Unit::kPerSecond) : Node::null());
  doc.add("peak_reads_per_second", optional_number(r.peak_reads, Unit::kPerSecond));
  out.explanation.push_back({"traffic", fmt::format("write rate λ = {:.6g}/s (from {})", r.write_rate, r.write_rate_from)});
  if (!r.write_rate_metric.empty())
    out.chain.push_back({r.write_rate_metric, "lag.write_rate_per_second", r.write_rate, {}});
  add_chained_inputs(out);
  if (async) out.explanation.push_back({"writes-lost", "writes lost if a replica is promoted = λ × its lag (Little's law for the mean)"});
  return out;
}

AnalysisResult lag_analysis(const Model& m, const RunOptions& options, const TrafficSplit* traffic, bool preview) {
  LagReport report;
  AnalysisResult out;
  if (m.section<ReplicationSection>()) {
    report.replication = analyse_lag(m, traffic);
    out = lag_document(*report.replication);
  }
  if (const QuorumSection* q = m.section<QuorumSection>()) {
    auto quorum = std::make_shared<QuorumResult>(analyse_quorum(*q, options, preview));
    add_quorum_document(out, *quorum);
    report.quorum = std::move(quorum);
  }
  out.typed = std::move(report);
  return out;
}

}  // namespace headroom::calc
