// Analytic hit ratios of caches under the Independent Reference Model with Zipf(α) popularity
// over n objects of one size. Sources: H. Che, Y. Tung & Z. Wang, "Hierarchical Web caching
// systems: modeling, design and experimental results", IEEE JSAC 20(7), 2002 (LRU, the
// characteristic time T); C. Fricker, P. Robert & J. Roberts, "A versatile and accurate
// approximation for LRU cache performance", ITC 24, 2012; and for FIFO and Random the same
// characteristic-time approximation with hᵢ = pᵢT/(1+pᵢT) (Martina, Garetto & Leonardi,
// INFOCOM 2014, after Gelenbe 1973, who showed FIFO and Random equal under IRM).
// Sums over the 10⁶ most popular objects are exact; the tail is integrated, so n may be 10⁹
// without O(n) memory.
#pragma once

#include <cstdint>

namespace headroom::formulas {

struct CacheEstimate {
  double hit_ratio = 0.0;
  double characteristic_time = 0.0;  // T, in requests (Che's and the FIFO approximation)
};

/// Che's approximation for LRU: T solves Σ (1 − e^{−pᵢT}) = C; h = Σ pᵢ (1 − e^{−pᵢT}).
/// Requires: 1 <= capacity < objects, alpha >= 0.
CacheEstimate che_lru(std::uint64_t objects, double alpha, double capacity);

/// FIFO and Random: T solves Σ pᵢT/(1+pᵢT) = C; h = Σ pᵢ · pᵢT/(1+pᵢT).
CacheEstimate fifo_random(std::uint64_t objects, double alpha, double capacity);

/// A TTL cache without a capacity limit under IRM at `rate` requests/s: each object kept for
/// `ttl` seconds, λᵢ = pᵢ·rate. Fixed from the fetch (a pull CDN; an expired object is a miss and
/// is fetched again): hᵢ = λᵢτ/(1+λᵢτ), the object cached τ of every τ + 1/λᵢ. Sliding (each hit
/// restarts the TTL): hᵢ = 1 − e^{−λᵢτ}, the chance the previous request came within τ.
/// h = Σ pᵢhᵢ; objects held = Σ of each object's share of time cached (fixed: λᵢτ/(1+λᵢτ);
/// sliding: 1 − e^{−λᵢτ}). The forms of FIFO's and LRU's characteristic time, with τ given
/// (Fofack, Nain, Neglia & Towsley, "Performance evaluation of hierarchical TTL-based cache
/// networks", Computer Networks 65, 2014). Requires: rate > 0, ttl >= 0.
struct TtlEstimate {
  double hit_ratio = 0.0;
  double objects_held = 0.0;
};
TtlEstimate ttl_fixed(std::uint64_t objects, double alpha, double rate, double ttl);
TtlEstimate ttl_sliding(std::uint64_t objects, double alpha, double rate, double ttl);

/// Perfect (global-count) LFU holds the C most popular objects: h = H(C, α)/H(n, α). An upper
/// bound for an in-cache LFU, which forgets counts on eviction.
double perfect_lfu(std::uint64_t objects, double alpha, std::uint64_t capacity);

/// LIFO keeps the first C−1 distinct objects requested for ever, and one slot churns. Each
/// object is among the first m distinct with probability sᵢ = 1 − e^{−pᵢt}, Σ sᵢ = m = C−1
/// (Che's equation again); the churning slot holds the last object missed, which a request
/// hits with probability Σ rᵢpᵢ / Σ rᵢ, rᵢ = pᵢ(1 − sᵢ). h = Σ pᵢsᵢ + that.
double lifo(std::uint64_t objects, double alpha, std::uint64_t capacity);

}  // namespace headroom::formulas
