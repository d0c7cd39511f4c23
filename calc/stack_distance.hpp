// The exact LRU miss-ratio curve over every capacity in one pass: Mattson's stack distances
// (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970). Each object's last
// reference time is a bit in a bitmap; the distance of a reference is the number of bits set
// after the object's previous one, counted with a Fenwick tree over 512-bit blocks and popcount
// inside a block (O(log n), cache-friendly). The time axis is compacted when it fills, so memory
// follows the working set, not the trace. With a sampling rate R < 1, SHARDS (Waldspurger et
// al., FAST 2015): only keys whose hash falls under R are tracked, distances scaled by 1/R.
#pragma once

#include <cstdint>
#include <vector>

#include "calc/cache_store.hpp"
#include "calc/request_source.hpp"

namespace headroom::calc {

class StackDistance {
 public:
  /// Requires: 0 < sample_rate <= 1.
  StackDistance(double sample_rate, std::uint64_t expected_objects);

  /// One reference; hash is cache_store::hash_of(key).
  void access(std::uint64_t key, std::uint64_t hash);
  void access(std::uint64_t key) { access(key, cache_store::hash_of(key)); }
  /// The keys of requests[i] for i in [0, n), hash[i] = cache_store::hash_of(their key),
  /// loading each key's slot and record some references ahead of its turn.
  void access(const Request* requests, const std::uint64_t* hash, size_t n);

  /// LRU miss ratio at a capacity of `objects`: (cold + references with distance ≥ objects) /
  /// references, over the tracked (sampled) references; with sampling, SHARDS-adj corrects the
  /// sample count.
  double miss_ratio(std::uint64_t objects) const;

  std::uint64_t references() const { return references_; }  // all, tracked or not
  std::uint64_t sampled() const { return sampled_; }
  std::uint64_t distinct() const;                            // scaled estimate when sampling
  double sample_rate() const { return rate_; }

 private:
  static constexpr std::uint64_t kBlockBits = 512;
  void set_bit(std::uint64_t t);
  void clear_bit(std::uint64_t t);
  std::uint64_t rank(std::uint64_t t) const;  // bits set at times < t
  void compact();
  bool tracks(std::uint64_t key) const;

  double rate_;
  std::uint64_t threshold_;
  struct Tracked {
    std::uint64_t key;
    std::uint32_t last;  // time of its last reference
  };
  cache_store::Index index_;              // key → its place in tracked_
  std::vector<Tracked> tracked_;          // every object seen (sampled), in order of first sight
  std::vector<std::uint64_t> bits_;       // one bit per time: set where an object's last ref is
  std::vector<std::uint32_t> blocks_;     // Fenwick tree of the bits set per 512-bit block
  std::vector<std::uint64_t> histogram_;  // distance → references (unscaled)
  std::uint64_t now_ = 0, live_ = 0, references_ = 0, sampled_ = 0, cold_ = 0;
};

}  // namespace headroom::calc
