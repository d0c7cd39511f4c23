// `headroom lag`: each replica's apply queue, its lag from the primary (through its chain of
// sources), whether it keeps up, how long it takes to catch up, what a fail-over loses, and the
// read capacity the replayed writes leave (SPEC §3.3).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/lag/section.hpp"
#include "calc/report/analysis.hpp"

namespace headroom::calc {

struct TrafficSplit;

struct LagQuantiles {
  double mean = 0, p50 = 0, p99 = 0, p999 = 0;
};

struct ReplicaLag {
  std::string name, source;
  double apply_utilization = 0;          // λ·s / threads
  std::optional<double> link_utilization;  // λ·write_size / bandwidth
  bool stable = true;
  std::string unstable_because;          // "apply", "link" or "source"
  double transmission = 0;               // write_size / bandwidth, seconds
  double own_mean = 0;                   // this hop: network + transmission + wait + apply
  std::optional<LagQuantiles> lag;       // from the primary, through its sources
  std::string method;                    // how the distribution was computed, in full
  std::string label;                     // the same in a few words, for the document
  double in_network = 0;                 // seconds of the mean lag spent on links (all hops)
  // Unstable: how fast it falls behind.
  double backlog_growth = 0;             // writes per second
  double lag_growth = 0;                 // seconds of lag per second
  std::optional<double> catch_up;        // seconds, after [replication].outage
  std::optional<double> read_capacity_left;   // reads per second
  std::optional<double> read_replicas_needed; // replicas like this one for the peak reads
  double egress = 0;                     // bytes/s it sends to the replicas that copy it
  std::optional<Duration> max_lag;
  SourceLoc max_lag_loc;
};

struct LagResult {
  double write_rate = 0;                 // writes per second
  std::string write_rate_from;           // "write_rate" or "traffic"
  std::string write_rate_metric;         // the report path it came from (empty: given)
  ReplicationMode mode = ReplicationMode::kAsync;
  std::optional<double> write_size;
  std::vector<ReplicaLag> replicas;
  std::optional<double> primary_egress;  // bytes per second, with write_size
  double write_latency_added = 0;        // semi-sync and sync: seconds on every write
  std::optional<double> peak_reads;      // from [traffic]
  struct Conflicts {
    int primaries = 2;
    std::uint64_t keys = 0;
    double zipf = 0;
    std::optional<double> delay;         // seconds between primaries
    std::string delay_from;              // "replication_delay" or "the replicas' mean lag"
    std::optional<double> fraction;      // of writes that conflict
  };
  std::optional<Conflicts> conflicts;    // mode = "multi-primary"
  Explanation explanation;  // formulas with numbers substituted, for --explain
};

/// Requires: model.section<ReplicationSection>() (validated). `traffic`: the shared traffic
/// split when the file has [traffic] (the default write rate, and the reads to serve).
LagResult analyse_lag(const Model& model, const TrafficSplit* traffic);

AnalysisResult lag_document(const LagResult& result);

struct QuorumResult;
/// What `lag` reports: [replication]'s replicas and [quorum]'s staleness, whichever the file
/// has, as one document (the typed result holds LagReport).
struct LagReport {
  std::optional<LagResult> replication;
  std::shared_ptr<const QuorumResult> quorum;
};
AnalysisResult lag_analysis(const Model& model, const RunOptions& options, const TrafficSplit* traffic, bool preview);

}  // namespace headroom::calc
