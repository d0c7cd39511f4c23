// [cache]: capacities, eviction policies and the workload (synthetic or a trace).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/base/names.hpp"
#include "calc/input/model.hpp"

namespace headroom::calc {

// libCacheSim's oracleGeneral: 24-byte little-endian records (u32 time, u64 id, u32 size,
// i64 next access). Twitter's cache traces: "timestamp,key,key_size,value_size,client_id,
// operation,ttl" lines without a header.
enum class TraceFormat { kKey, kKeySize, kCsv, kOracleGeneral, kTwitter };
const Names<TraceFormat>& trace_format_names();
/// [cache.workload].operations: "all" (false) or "reads" (true).
const Names<bool>& operations_names();

enum class CachePolicy {
  kFifo, kLifo, kLru, kMru, kLfu, kRandom, kClock, kArc, kSieve, kS3Fifo,
};
/// "fifo", "lifo", ... in the manual's order.
const Names<CachePolicy>& cache_policy_names();

/// A cache size as written: objects, or bytes ("4 GiB").
struct CacheCapacity {
  double value = 0;  // >= 1
  bool bytes = false;
};

/// Sizes of a synthetic workload's objects: each object's size is drawn once, from its id.
struct SizeDistribution {
  enum class Kind { kUniform, kLognormal, kPareto } kind = Kind::kUniform;
  static const Names<Kind>& kind_names();
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
  std::string trace_format_from = "the file";  // or what detected it: "its name", "its content"
  bool reads_only = false;  // twitter: operations = "reads" replays get and gets only
  std::string key_column = "key", size_column = "size";  // csv
  bool is_trace() const { return !trace.empty(); }
};

/// [cache].warmup: requests replayed before hits and misses are counted.
struct CacheWarmup {
  enum class Kind { kNone, kRequests, kShare, kFill } kind = Kind::kNone;
  std::uint64_t requests = 0;  // kRequests
  double share = 0;            // kShare: of the requests, in [0, 1)
  std::string text;            // as written, for the document
};

struct CacheSection {
  static constexpr std::string_view kName = "cache";
  SourceLoc loc;
  std::vector<CacheCapacity> capacities;  // `capacity`, then `capacities`, in order
  std::vector<CachePolicy> policies;      // default the six of SPEC §3.5
  std::optional<Rate> request_rate;
  std::optional<Duration> hit_time, miss_time;
  CacheWorkload workload;
  double sample_rate = 1.0;  // SHARDS spatial sampling for the LRU curve (1: exact)
  SourceLoc sample_rate_loc;  // where the file (or --set) gave it
  bool miss_ratio_curve = true;
  CacheWarmup warmup;
};

class Diagnostics;
class TableReader;
struct KeySpec;

/// The keys of [cache] and of the tables inside it, for the schema.
const std::vector<KeySpec>& cache_keys();
/// Reads [cache] into the model (model.section<CacheSection>()).
void load_cache(TableReader& reader, Model& model, Diagnostics& diag);

}  // namespace headroom::calc
