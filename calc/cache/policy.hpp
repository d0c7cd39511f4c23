// Cache eviction policies (SPEC §3.5): one class per policy behind one interface, each O(1) or
// O(log n) per request with no allocation once the cache is full. Capacity counts objects
// (every size 1) or bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/cache/store.hpp"
#include "calc/cache/request_source.hpp"

namespace headroom::calc {


/// "fifo", "lru", ..., "s3fifo": the names of SPEC §3.5 and the JSON output.
/// The policy's name in the model file and the outputs ("lru").
inline std::string_view policy_name(CachePolicy p) { return name_of(cache_policy_names(), p); }
/// Every policy's name, in the order of CachePolicy.

class Cache {
 public:
  virtual ~Cache() = default;
  /// Requests [0, n) in order; hit[i] becomes 1 on a hit, else 0. On a miss the object is
  /// admitted (evicting until it fits) unless it is larger than the whole cache. hash[i] is
  /// cache_store::hash_of(requests[i].key), computed once for every policy. Sizes count when
  /// `bytes`; otherwise every object is 1. Requires: sizes >= 1.
  virtual void access(const Request* requests, const std::uint64_t* hash, size_t n, bool bytes,
                      std::uint8_t* hit) = 0;
  /// Bytes its entries, index and policy structures hold now.
  virtual std::uint64_t memory_bytes() const = 0;
  /// One request of `size`: true on a hit.
  bool access(std::uint64_t key, std::uint64_t size) {
    const Request r{key, size};
    const std::uint64_t h = cache_store::hash_of(key);
    std::uint8_t hit = 0;
    access(&r, &h, 1, true, &hit);
    return hit != 0;
  }
};

/// A cache of `capacity` (objects, or bytes when every size is passed). `expected_objects`
/// presizes the index so that the hot path does not grow it. `seed` drives Random.
std::unique_ptr<Cache> make_cache(CachePolicy policy, std::uint64_t capacity,
                                  std::uint64_t expected_objects, std::uint64_t seed);

}  // namespace headroom::calc
