// [replication]: a primary's writes and the replicas that apply them (SPEC §3.3).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/base/names.hpp"
#include "calc/input/model.hpp"
#include "formulas/latency.hpp"

namespace headroom::calc {

enum class ReplicationMode { kAsync, kSemiSync, kSync, kMultiPrimary };
const Names<ReplicationMode>& replication_mode_names();

struct Replica {
  std::string name;
  SourceLoc loc;
  std::string source = "primary";  // the primary, or the replica it copies (cascading)
  SourceLoc source_loc;
  Duration apply_time{0};  // mean time to apply one write, per thread
  double apply_scv = 1.0;  // squared coefficient of variation of the apply time
  int apply_threads = 1;
  Duration network_delay{0};  // one way, from its source
  std::optional<BytesPerSecond> bandwidth;  // of the link from its source
  std::optional<Rate> read_capacity;  // reads/s it serves when it applies nothing
  std::optional<Duration> max_lag;    // a target on its lag_seconds.p99
  SourceLoc max_lag_loc;
};

struct ReplicationSection {
  static constexpr std::string_view kName = "replication";
  SourceLoc loc;
  std::optional<Rate> write_rate;  // else the peak writes of [traffic]
  SourceLoc write_rate_loc;
  std::optional<Bytes> write_size;
  ReplicationMode mode = ReplicationMode::kAsync;
  std::optional<Duration> outage;  // for catch-up times
  std::vector<Replica> replicas;   // sources before the replicas that copy them
  // multi-primary: writes spread over `primaries` that replicate to each other.
  int primaries = 2;
  std::uint64_t keys = 0;          // distinct keys written (required with multi-primary)
  double zipf = 0;                 // popularity of the keys by rank; 0: uniform
  std::optional<Duration> replication_delay;  // between primaries; else the replicas' mean lag
};

/// [quorum]: a Dynamo-style store's N, R, W and the latencies of the four WARS legs (PBS).
struct QuorumSection {
  static constexpr std::string_view kName = "quorum";
  SourceLoc loc;
  int n = 3, r = 1, w = 1;
  formulas::LatencyDist write, ack, read, response;
  std::string write_from, ack_from, read_from, response_from;  // "preset lnkd-ssd", "exponential"
  double remote_delay = 0;  // the "wan" preset: added to messages of replicas 1 .. n−1
  std::uint64_t trials = 1'000'000;
  std::vector<double> t;     // seconds after commit, as listed (0 is always reported first)
  int k = 3;                 // k-staleness reported for 1 .. k
  struct MinConsistency {
    double t = 0, probability = 0;
    SourceLoc loc;
  };
  std::optional<MinConsistency> min_consistency;
};

class Diagnostics;
class TableReader;
struct KeySpec;

/// The keys of [replication] and [[replication.replica]], for the schema.
const std::vector<KeySpec>& replication_keys();
/// Reads [replication] into the model (model.section<ReplicationSection>()).
void load_replication(TableReader& reader, Model& model, Diagnostics& diag);

/// The keys of [quorum] and of its latency tables, for the schema.
const std::vector<KeySpec>& quorum_keys();
/// Reads [quorum] into the model (model.section<QuorumSection>()).
void load_quorum(TableReader& reader, Model& model, Diagnostics& diag);

}  // namespace headroom::calc
