// The exact LRU miss-ratio curve over every capacity in one pass: Mattson's stack distances
// (Mattson, Gecsei, Slutz & Traiger, IBM Systems Journal 9(2), 1970). Each object's last
// reference time is a bit in a bitmap; the distance of a reference is the number of bits set
// after the object's previous one, counted with a Fenwick tree over 512-bit blocks and popcount
// inside a block (O(log n), cache-friendly). The time axis is compacted when it fills, so memory
// follows the working set, not the trace. With a sampling rate R < 1, SHARDS (Waldspurger et
// al., FAST 2015): only keys whose hash falls under R are tracked, distances scaled by 1/R.
//
// In bytes, the distance of a reference is its object's size plus the sizes of the distinct
// objects referenced since its previous reference (a second Fenwick tree, of bytes per 64-bit
// word of the bitmap). LRU that evicts until an object fits holds exactly the most recent
// objects whose sizes sum to at most the capacity, so a reference hits at capacity B iff its
// distance is at most B — provided no object is larger than B (one that is never enters, and
// does not push the others out) and each key keeps one size. The curve therefore starts at
// the largest object, and counts the references whose object changed size.
#pragma once

#include <cstdint>
#include <vector>

#include "calc/cache/store.hpp"
#include "calc/cache/request_source.hpp"

namespace headroom::calc {

class StackDistance {
 public:
  enum class Unit { kObjects, kBytes };

  /// Requires: 0 < sample_rate <= 1. In bytes, `exact` lists capacities whose miss ratio is
  /// counted exactly as well as those the histogram's grid gives (see capacities()).
  StackDistance(double sample_rate, std::uint64_t expected_objects, Unit unit = Unit::kObjects,
                std::vector<std::uint64_t> exact = {});

  /// One reference; hash is cache_store::hash_of(key); size counts in bytes only.
  void access(std::uint64_t key, std::uint64_t hash, std::uint64_t size = 1);
  void access(std::uint64_t key) { access(key, cache_store::hash_of(key)); }
  /// Requests [0, n), hash[i] = cache_store::hash_of(their key), loading each key's slot and
  /// record some references ahead of its turn.
  void access(const Request* requests, const std::uint64_t* hash, size_t n);

  /// LRU miss ratio at `capacity` (objects, or bytes): (cold + references with distance above
  /// it) / references, over the tracked (sampled) references; with sampling, SHARDS-adj
  /// corrects the sample count. In bytes, capacity must be one of capacities() or `exact`.
  double miss_ratio(std::uint64_t capacity) const;
  /// About `points` capacities spaced evenly in log scale where the curve is exact: objects
  /// from 1 to the distinct objects; bytes from the largest object to the bytes of all
  /// distinct objects, each on the histogram's grid.
  std::vector<std::uint64_t> capacities(int points) const;

  Unit unit() const { return unit_; }
  std::uint64_t references() const { return references_; }  // all, tracked or not
  std::uint64_t sampled() const { return sampled_; }
  std::uint64_t distinct() const;                            // scaled estimate when sampling
  std::uint64_t tracked() const { return tracked_.size(); }  // objects it keeps a record of
  std::uint64_t memory_bytes() const;                        // what its records and trees hold
  double sample_rate() const { return rate_; }
  std::uint64_t largest_object() const { return largest_; }  // bytes, over all references
  std::uint64_t resized() const { return resized_; }         // tracked references that changed their object's size

 private:
  static constexpr std::uint64_t kBlockBits = 512;
  void set_bit(std::uint64_t t, std::uint64_t size);
  void clear_bit(std::uint64_t t);
  std::uint64_t rank(std::uint64_t t) const;        // bits set at times < t
  std::uint64_t bytes_before(std::uint64_t t) const;  // bytes of the objects at times < t
  void compact();
  bool tracks(std::uint64_t key) const;
  void count_distance(double distance);              // bytes, scaled

  struct Tracked {
    std::uint64_t key;
    std::uint32_t last;  // time of its last reference
  };
  double rate_;
  std::uint64_t threshold_;
  Unit unit_;
  cache_store::Index index_;              // key → its place in tracked_
  std::vector<Tracked> tracked_;          // every object seen (sampled), in order of first sight
  std::vector<std::uint64_t> bits_;       // one bit per time: set where an object's last ref is
  std::vector<std::uint32_t> blocks_;     // Fenwick tree of the bits set per 512-bit block (objects only: empty in bytes)
  std::vector<std::uint64_t> histogram_;  // objects: distance → references (unscaled)
  // Bytes only:
  std::vector<std::uint64_t> size_at_;      // time → size of the object whose last ref it is
  std::vector<std::uint64_t> word_bytes_;   // Fenwick tree of those sizes per 64-bit word
  std::vector<std::uint64_t> grid_;         // scaled distance, rounded up to the grid → references
  std::vector<std::uint64_t> exact_, exact_hits_;
  std::uint64_t live_bytes_ = 0, largest_ = 0, resized_ = 0;
  std::uint64_t now_ = 0, live_ = 0, references_ = 0, sampled_ = 0, cold_ = 0;
};

}  // namespace headroom::calc
