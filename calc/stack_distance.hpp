// The exact LRU miss-ratio curve over every capacity in one pass: Mattson's stack distances
// (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970), counted with a Fenwick
// tree over the times of each object's last reference (O(log n) a request), its time axis
// compacted so that memory follows the working set, not the trace. With a sampling rate R < 1,
// SHARDS (Waldspurger et al., FAST 2015): only keys whose hash falls under R are tracked and
// their distances scaled by 1/R.
#pragma once

#include <cstdint>
#include <vector>

#include "calc/cache_store.hpp"

namespace headroom::calc {

class StackDistance {
 public:
  /// Requires: 0 < sample_rate <= 1.
  StackDistance(double sample_rate, std::uint64_t expected_objects);

  void access(std::uint64_t key);

  /// LRU miss ratio at a capacity of `objects`: (cold + references with distance ≥ objects) /
  /// references, over the tracked (sampled) references.
  double miss_ratio(std::uint64_t objects) const;

  std::uint64_t references() const { return references_; }  // all, tracked or not
  std::uint64_t sampled() const { return sampled_; }
  std::uint64_t distinct() const { return distinct_; }       // scaled estimate when sampling
  double sample_rate() const { return rate_; }

 private:
  void add(std::uint64_t t, int delta);
  std::uint64_t prefix(std::uint64_t t) const;  // marks at times < t
  void compact();

  double rate_;
  std::uint64_t threshold_;
  cache_store::Index index_;                // key → object number
  std::vector<std::uint64_t> last_;         // object number → time of its last reference
  std::vector<std::uint32_t> tree_;         // Fenwick over time: 1 where an object's last ref is
  std::vector<std::uint64_t> histogram_;    // distance → references (unscaled)
  std::uint64_t now_ = 0, references_ = 0, sampled_ = 0, cold_ = 0, distinct_ = 0;
};

}  // namespace headroom::calc
