#include "calc/cache/policy.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <unordered_map>
#include <vector>

#include "calc/cache/store.hpp"
#include "formulas/hash64.hpp"

using namespace headroom::calc;

namespace {

// Hits of `policy` with `capacity` objects over `keys`, each of size 1.
int hits(CachePolicy policy, std::uint64_t capacity, const std::vector<std::uint64_t>& keys) {
  auto cache = make_cache(policy, capacity, 16, 1);
  int h = 0;
  for (std::uint64_t k : keys) h += cache->access(k, 1);
  return h;
}

const std::vector<std::uint64_t> kBelady = {1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5};

}  // namespace

TEST_CASE("FIFO shows Belady's anomaly; LRU does not", "[calc][cache]") {
  // L. A. Belady, R. A. Nelson & G. S. Shedler, "An anomaly in space-time characteristics of
  // certain programs running in a paging machine", CACM 12(6), 1969: on 1 2 3 4 1 2 5 1 2 3 4 5
  // FIFO faults 9 times with 3 frames and 10 times with 4. LRU, a stack algorithm (Mattson et
  // al. 1970), faults 10 then 8. Misses count every request, cold ones included.
  CHECK(12 - hits(CachePolicy::kFifo, 3, kBelady) == 9);
  CHECK(12 - hits(CachePolicy::kFifo, 4, kBelady) == 10);
  CHECK(12 - hits(CachePolicy::kLru, 3, kBelady) == 10);
  CHECK(12 - hits(CachePolicy::kLru, 4, kBelady) == 8);
}

TEST_CASE("on a loop just larger than the cache MRU beats LRU", "[calc][cache]") {
  // 1 2 3 4 three times, 3 slots. LRU always evicts the next object needed: no hit. MRU (by
  // hand): round 2 hits 1, 2, 4; round 3 hits 1, 3, 4.
  std::vector<std::uint64_t> loop;
  for (int round = 0; round < 3; ++round)
    for (std::uint64_t k = 1; k <= 4; ++k) loop.push_back(k);
  CHECK(hits(CachePolicy::kLru, 3, loop) == 0);
  CHECK(hits(CachePolicy::kMru, 3, loop) == 6);
}

TEST_CASE("hand-computed sequences for every simple policy", "[calc][cache]") {
  // LIFO, 2 slots, 1 2 3 1 3 2: 3 evicts 2 (the newest inserted); 1 and 3 hit; 2 evicts 3.
  CHECK(hits(CachePolicy::kLifo, 2, {1, 2, 3, 1, 3, 2}) == 2);
  // LFU, 2 slots, 1 1 2 3 2 3: 3 evicts 2 (count 1 < 2); 2 evicts 3; 3 evicts 2. One hit.
  CHECK(hits(CachePolicy::kLfu, 2, {1, 1, 2, 3, 2, 3}) == 1);
  // LFU ties go to the least recently used: 1 2 3 2 evicts 1, so 2 hits.
  CHECK(hits(CachePolicy::kLfu, 2, {1, 2, 3, 2}) == 1);
  // ... among equal counts too: 1 2 1 2 3 1 — 3 evicts 1 (count 2, used before 2), 1 misses.
  CHECK(hits(CachePolicy::kLfu, 2, {1, 2, 1, 2, 3, 1}) == 2);
  // Counts are forgotten on eviction: 1 1 1 2 3 1 with 1 slot... 2 evicts 1 whatever its count.
  CHECK(hits(CachePolicy::kLfu, 1, {1, 1, 1, 2, 1}) == 2);
  // CLOCK, 3 slots, 1 2 3 1 4 1 2: 1 is referenced, so 4 passes it and evicts 2; 1 hits again.
  CHECK(hits(CachePolicy::kClock, 3, {1, 2, 3, 1, 4, 1, 2}) == 2);
  // SIEVE, 3 slots, 1 2 3 1 4 5 1: the hand spares visited 1, evicts 2, then 3; 1 hits twice.
  CHECK(hits(CachePolicy::kSieve, 3, {1, 2, 3, 1, 4, 5, 1}) == 2);
  // FIFO on the same sequence evicts 1 for 4: one hit.
  CHECK(hits(CachePolicy::kFifo, 3, {1, 2, 3, 1, 4, 5, 1}) == 1);
}

TEST_CASE("scan-resistant policies keep a hot set through a scan that flushes LRU", "[calc][cache]") {
  // Hot objects 1..5 seen three times each, then 100 objects seen once, then the hot set
  // again. S3-FIFO's small queue absorbs the one-hit wonders (Yang et al. 2023); ARC keeps the
  // twice-seen in T2 (Megiddo & Modha 2003). LRU loses them all.
  std::vector<std::uint64_t> keys;
  for (int round = 0; round < 3; ++round)
    for (std::uint64_t k = 1; k <= 5; ++k) keys.push_back(k);
  for (std::uint64_t k = 100; k < 200; ++k) keys.push_back(k);
  const size_t before = keys.size();
  for (std::uint64_t k = 1; k <= 5; ++k) keys.push_back(k);
  auto final_hits = [&](CachePolicy p) {
    auto cache = make_cache(p, 10, 16, 1);
    int h = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      const bool hit = cache->access(keys[i], 1);
      if (i >= before) h += hit;
    }
    return h;
  };
  CHECK(final_hits(CachePolicy::kLru) == 0);
  CHECK(final_hits(CachePolicy::kS3Fifo) == 5);
  CHECK(final_hits(CachePolicy::kArc) == 5);
}

TEST_CASE("capacity in bytes evicts until the object fits and never admits a giant", "[calc][cache]") {
  auto lru = make_cache(CachePolicy::kLru, 10, 16, 1);
  CHECK_FALSE(lru->access(1, 6));  // [1]
  CHECK_FALSE(lru->access(2, 4));  // [2 1] = 10 bytes
  CHECK_FALSE(lru->access(3, 5));  // evicts 1 (LRU): [3 2] = 9
  CHECK(lru->access(2, 4));        // [2 3]
  CHECK_FALSE(lru->access(1, 6));  // needs 6: evicts 3 then... 4 + 6 = 10 fits after 3 goes
  CHECK(lru->access(2, 4));
  CHECK_FALSE(lru->access(9, 11));  // larger than the cache: not admitted
  CHECK(lru->access(2, 4));         // nothing was evicted for it
  CHECK(lru->access(1, 6));
  for (CachePolicy p : {CachePolicy::kFifo, CachePolicy::kLifo, CachePolicy::kMru, CachePolicy::kLfu,
                        CachePolicy::kRandom, CachePolicy::kClock, CachePolicy::kArc,
                        CachePolicy::kSieve, CachePolicy::kS3Fifo}) {
    CAPTURE(policy_name(p));
    auto cache = make_cache(p, 100, 16, 1);
    std::uint64_t key = 0;
    for (int i = 0; i < 2000; ++i) {
      key = (key * 7 + 3) % 97;
      cache->access(key, 1 + key % 13);
    }
    CHECK_FALSE(cache->access(1000, 101));
  }
}

TEST_CASE("every policy holds a working set that fits", "[calc][cache]") {
  for (int p = 0; p <= static_cast<int>(CachePolicy::kS3Fifo); ++p) {
    const auto policy = static_cast<CachePolicy>(p);
    CAPTURE(policy_name(policy));
    std::vector<std::uint64_t> keys;
    for (int round = 0; round < 10; ++round)
      for (std::uint64_t k = 0; k < 50; ++k) keys.push_back(k * 1000003);
    CHECK(hits(policy, 50, keys) == 450);  // only the 50 cold misses
    // (Agreement with a naive simulator on random traces: tests/calc/reference_random_test.cpp.)
  }
}

TEST_CASE("the cache index finds, moves and grows like a map, even when hashes share their low bits", "[calc][cache]") {
  // Against std::unordered_map over random inserts and erases from a table presized for 4, so
  // it grows several times and erases shift runs that wrap round its end. Half the hashes agree
  // in their low 32 bits (the slot's tag and home), so only the key comparison tells them apart.
  using headroom::calc::cache_store::Index;
  using headroom::calc::cache_store::kNone;
  std::mt19937_64 rng(3);
  Index index(4);
  std::vector<std::uint64_t> key_of;  // id → key
  std::unordered_map<std::uint64_t, std::uint32_t> reference;
  auto hash = [](std::uint64_t key) { return key % 2 ? (key << 32) | 0x2A : headroom::formulas::fmix64(key); };
  auto find = [&](std::uint64_t key) { return index.find(hash(key), [&](std::uint32_t id) { return key_of[id] == key; }); };
  for (int step = 0; step < 200000; ++step) {
    const std::uint64_t key = rng() % 5000;
    const auto it = reference.find(key);
    REQUIRE(find(key) == (it == reference.end() ? kNone : it->second));
    if (it == reference.end()) {
      key_of.push_back(key);
      const auto id = static_cast<std::uint32_t>(key_of.size() - 1);
      index.insert(hash(key), id);
      reference.emplace(key, id);
    } else if (rng() % 2) {
      index.erase(hash(key), it->second);
      reference.erase(it);
    }
  }
  for (std::uint64_t key = 0; key < 5000; ++key) {
    const auto it = reference.find(key);
    CHECK(find(key) == (it == reference.end() ? kNone : it->second));
  }
}
