// The typed model of a headroom TOML file: every section, parsed once, units already converted.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "calc/error.hpp"
#include "calc/quantity_parser.hpp"
#include "formulas/availability.hpp"
#include "formulas/hash64.hpp"
#include "formulas/units.hpp"

namespace headroom::calc {

using formulas::Bytes;
using formulas::BytesPerSecond;
using formulas::Duration;
using formulas::Rate;

namespace defaults {
/// Servers are sized to run at most this busy at peak (SPEC §3.1): room for bursts and for
/// queueing delay to stay small (at ρ = 0.7 an M/M/1 wait is 2.3 service times).
inline constexpr double kTargetUtilization = 0.7;
/// Fixed seed so that output is reproducible run to run (SPEC §1 --seed).
inline constexpr unsigned long long kSeed = 1;
}  // namespace defaults

struct SystemSection {
  std::string name;
  double target_utilization = defaults::kTargetUtilization;  // (0, 1]
};

struct TrafficSection {
  SourceLoc loc;
  std::optional<double> daily_active_users;         // > 0
  std::optional<double> requests_per_user_per_day;  // > 0
  std::optional<Rate> request_rate;                 // reads + writes
  std::optional<Rate> read_rate;
  std::optional<Rate> write_rate;
  std::optional<double> read_write_ratio;  // reads per write, > 0
  double peak_to_average = 1.0;            // >= 1
  std::optional<Bytes> request_size;
  std::optional<Bytes> response_size;
  /// Whether the requests split into reads and writes (a ratio, or either rate given).
  bool splits_reads_writes() const { return read_write_ratio || read_rate || write_rate; }
};

struct StorageSection {
  SourceLoc loc;
  Bytes object_size;
  std::optional<Duration> retention;
  double replication_factor = 1.0;  // >= 1
  double compression_ratio = 1.0;   // > 0; stored = raw / compression_ratio
};

enum class RedundancyMode { kActiveActive, kActivePassive };
/// Which share of the traffic a component carries, for sizing.
enum class Serves { kRequests, kReads, kWrites };

struct Component {
  std::string name;
  SourceLoc loc;
  std::optional<formulas::Availability> availability;  // of one replica
  std::optional<Duration> mtbf;
  std::optional<Duration> mttr;
  int replicas = 1;
  int min_healthy = 1;  // 1 <= min_healthy <= replicas
  RedundancyMode mode = RedundancyMode::kActiveActive;
  std::optional<Duration> failover_time;
  std::optional<int> repair_crews;  // 1 <= crews <= replicas
  std::optional<Rate> capacity;     // per replica
  std::optional<Duration> service_time;
  double service_scv = 1.0;
  int concurrency = 1;
  Serves serves = Serves::kRequests;
};

enum class GroupKind { kAllOf, kAnyOf, kKOf };

struct Group {
  std::string name;
  SourceLoc loc;
  GroupKind kind = GroupKind::kAllOf;
  int k = 0;  // kKOf only: up while >= k members are up
  std::vector<std::string> members;
};

struct AvailabilitySection {
  SourceLoc loc;
  std::vector<std::string> path;
  std::optional<formulas::Availability> target;
  SourceLoc target_loc;
};

/// A bound of a [[check]] as written; its unit is matched against the metric's at check time.
struct CheckBound {
  ParsedQuantity quantity;
  std::string text;
  SourceLoc loc;
};

struct Check {
  SourceLoc loc;
  std::string metric;
  SourceLoc metric_loc;
  std::optional<CheckBound> min;
  std::optional<CheckBound> max;
};

enum class ShardAlgorithm { kKetama, kRing, kJump, kRendezvous, kMaglev, kModulo, kBounded };
/// Which ketama client to reproduce key for key (SPEC §3.4).
enum class KetamaCompat { kExact, kLibketama, kLibmemcached, kHashring, kUhashring };

struct ShardNode {
  std::string name;
  double weight = 1.0;  // > 0; whole numbers for ketama
};

struct ShardingChange {
  std::vector<ShardNode> add;
  std::vector<std::string> remove;
  std::vector<ShardNode> reweight;  // name and new weight
};

struct ShardingSection {
  SourceLoc loc;
  ShardAlgorithm algorithm = ShardAlgorithm::kKetama;
  KetamaCompat compat = KetamaCompat::kExact;
  formulas::Hash64 hash = formulas::Hash64::kMd5;
  int vnodes = 160;            // ring and bounded: points per node of weight 1
  std::uint64_t keys = 100'000;  // synthetic keys
  std::string key_format = "key:{}";
  std::string key_file;        // keys from a file instead (one per line), as resolved
  SourceLoc key_file_loc;
  double zipf = 0.0;           // request popularity; 0 is uniform
  std::vector<ShardNode> nodes;  // file order
  double load_factor = 1.25;   // bounded: capacity (1+ε) × mean load
  std::optional<double> max_imbalance;
  SourceLoc max_imbalance_loc;
  std::uint32_t table_size = 65537;  // maglev M, prime
  std::optional<ShardingChange> change;
};

enum class TraceFormat { kKey, kKeySize, kCsv };

/// A cache size as written: objects, or bytes ("4 GiB").
struct CacheCapacity {
  double value = 0;  // >= 1
  bool bytes = false;
};

/// Sizes of a synthetic workload's objects: each object's size is drawn once, from its id.
struct SizeDistribution {
  enum class Kind { kUniform, kLognormal, kPareto } kind = Kind::kUniform;
  double a = 0, b = 0;  // uniform: min, max; lognormal: median, sigma; pareto: xm, alpha
  double mean() const;
};

/// The largest object a cache simulation takes (1 TiB = 2^40 bytes): sums of a chunk of
/// requests' sizes, and a cache's bytes plus one object, then never wrap a 64-bit counter.
inline constexpr std::uint64_t kMaxObjectSize = std::uint64_t{1} << 40;

struct CacheWorkload {
  // Synthetic, Independent Reference Model:
  std::uint64_t objects = 0;
  SourceLoc objects_loc;
  double zipf = 0.0;
  std::optional<Bytes> object_size;  // fixed size of every object
  std::optional<SizeDistribution> object_sizes;  // or sizes that vary by object
  std::uint64_t requests = 0;        // default 10 × objects, at least 1M
  // Or a trace:
  std::string trace;                 // path, resolved against the model file
  SourceLoc trace_loc;               // where the model names it
  TraceFormat trace_format = TraceFormat::kKey;
  std::string key_column = "key", size_column = "size";  // csv
  bool is_trace() const { return !trace.empty(); }
};

struct CacheSection {
  SourceLoc loc;
  std::vector<CacheCapacity> capacities;  // `capacity`, then `capacities`, in order
  std::vector<std::string> policies;      // names, validated; default the six of SPEC §3.5
  std::optional<Rate> request_rate;
  std::optional<Duration> hit_time, miss_time;
  CacheWorkload workload;
  double sample_rate = 1.0;  // SHARDS spatial sampling for the LRU curve (1: exact)
  SourceLoc sample_rate_loc;  // where the file (or --set) gave it
  bool miss_ratio_curve = true;
};

struct Model {
  std::string source_path;  // as the user gave it ("-" for stdin)
  std::optional<SystemSection> system;
  std::optional<TrafficSection> traffic;
  std::optional<StorageSection> storage;
  std::vector<Component> components;  // file order
  std::vector<Group> groups;          // file order
  std::optional<AvailabilitySection> availability;
  std::optional<ShardingSection> sharding;
  std::optional<CacheSection> cache;
  std::vector<Check> checks;
  std::vector<Diagnostic> warnings;

  /// By name: through the index that index_blocks() built, or a scan when the lists changed
  /// since. Call index_blocks() after filling `components` and `groups`.
  const Component* find_component(std::string_view name) const;
  const Group* find_group(std::string_view name) const;
  void index_blocks();
  double target_utilization() const {
    return system ? system->target_utilization : defaults::kTargetUtilization;
  }
  std::string system_name() const { return system ? system->name : std::string(); }

 private:
  // Name → position in components / groups (the first of a name), for large diagrams.
  std::unordered_map<std::string, size_t> component_index_, group_index_;
};

}  // namespace headroom::calc
