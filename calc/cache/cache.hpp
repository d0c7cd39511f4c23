// `headroom cache`: hit ratios of eviction policies on a synthetic workload (with analytic
// estimates beside them) or a replayed trace, the load left for the backend, and the exact LRU
// miss-ratio curve (SPEC §3.5).
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "calc/report/analysis.hpp"
#include "calc/cache/section.hpp"
#include "calc/cache/request_source.hpp"

namespace headroom::calc {

/// The key of a policy's item at a capacity in the report's cache.policies: "lru@10000".
std::string policy_key(CachePolicy policy, const CacheCapacity& capacity);

struct PolicyResult {
  CachePolicy policy = CachePolicy::kLru;
  const std::string& name() const { return name_of(cache_policy_names(), policy); }
  /// Its item's key in the report's cache.policies: "lru@10000".
  std::string key() const { return policy_key(policy, capacity); }
  CacheCapacity capacity;
  std::uint64_t requests = 0, hits = 0;
  double bytes = 0, hit_bytes = 0;  // totals of whole chunks (each exact in 64 bits)
  /// With [cache].warmup: the requests it took (this run's, for "fill"), and what was counted
  /// after it; hit_ratio() and byte_hit_ratio() are then those, cold_*() every request's.
  bool warm = false;
  std::uint64_t warmup_requests = 0, warm_requests = 0, warm_hits = 0;
  double warm_bytes = 0, warm_hit_bytes = 0;
  std::optional<double> analytic;  // synthetic workloads, where a model exists
  std::string analytic_model;
  std::string analytic_topic;  // its `headroom explain` topic
  std::optional<double> ci95;      // half-width, synthetic workloads (batch means)
  /// After the warm-up when there is one (NaN when it took every request), else of all.
  double hit_ratio() const {
    if (warm) return warm_requests ? static_cast<double>(warm_hits) / static_cast<double>(warm_requests) : std::nan("");
    return cold_hit_ratio();
  }
  double byte_hit_ratio() const {
    if (warm) return warm_bytes > 0 ? warm_hit_bytes / warm_bytes : std::nan("");
    return cold_byte_hit_ratio();
  }
  /// Every request counted, the cold misses of the start included.
  double cold_hit_ratio() const { return requests ? static_cast<double>(hits) / static_cast<double>(requests) : 0.0; }
  double cold_byte_hit_ratio() const { return bytes > 0 ? hit_bytes / bytes : 0.0; }
};

struct CurvePoint {
  std::uint64_t capacity = 0;  // objects, or bytes when CacheResult::curve_bytes
  double miss_ratio = 0.0;
  double stderr_ = 0.0;        // sampling standard error (0 when exact)
};

struct CacheResult {
  bool synthetic = true;
  std::uint64_t requests = 0;
  std::uint64_t skipped_requests = 0;  // read from the trace, not replayed (RequestSource::skipped)
  std::uint64_t distinct_objects = 0;
  std::vector<PolicyResult> policies;  // policy order of the file, each capacity in turn
  std::vector<CurvePoint> curve;
  bool curve_bytes = false;                 // the curve's capacities are bytes (as the section's are)
  std::uint64_t largest_object = 0;         // bytes; a byte curve starts here
  std::uint64_t resized_references = 0;     // (tracked) references whose object changed size
  double sample_rate = 1.0;
  std::uint64_t sampled_requests = 0;
};

/// Runs every (policy, capacity) over the workload in one pass. Requires: model.section<CacheSection>().
/// Throws: Error for an unreadable or malformed trace (with its line), and what
/// check_cache_bounds throws.
CacheResult analyse_cache(const CacheSection& section, const RunOptions& options);

/// Refuses, naming the key, a synthetic run whose caches and curve would need more than
/// `budget` bytes (0: half of this machine's memory), estimated from the objects each cache can
/// hold. A trace's objects are unknown up front: its replay measures what its caches and curve
/// hold after every chunk and stops, naming the trace, once that passes the budget.
void check_cache_bounds(const CacheSection& section, double budget = 0);

AnalysisResult cache_document(const CacheResult& result, const CacheSection& section);

/// The document analyse_cache would give, with every key and unit but placeholder numbers,
/// built without reading a request (for `validate`); the miss-ratio curve is an open array.
AnalysisResult cache_preview(const CacheSection& section);

}  // namespace headroom::calc
