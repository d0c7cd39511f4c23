#include "calc/cache/policy.hpp"

#include <algorithm>
#include <random>
#include <vector>

#include "calc/cache/store.hpp"

namespace headroom::calc {
namespace {

using cache_store::kNone;
using cache_store::List;
using cache_store::Pool;
using cache_store::Slab;

// Runs a policy's core over a batch: one virtual call per batch, the per-request step inlined.
// Each key's index slot is loaded kAhead requests before its turn and the entry it points to
// half as early: with several policies' tables competing for the processor's caches, the
// lookups would otherwise wait on memory one after another.
template <class Core>
class Batched final : public Cache {
 public:
  template <class... Args>
  explicit Batched(Args&&... args) : core_(std::forward<Args>(args)...) {}
  using Cache::access;
  std::uint64_t memory_bytes() const override { return core_.memory_bytes(); }
  void access(const Request* r, const std::uint64_t* hash, size_t n, bool bytes, std::uint8_t* hit) override {
    constexpr size_t kAhead = 16;
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) core_.pool().prefetch_slot(hash[i + kAhead]);
      if (i + kAhead / 2 < n) core_.pool().prefetch_entry(hash[i + kAhead / 2]);
      hit[i] = core_.access(r[i].key, hash[i], bytes ? r[i].size : 1);
    }
  }

 private:
  Core core_;
};

// What every policy holds: the entries with their index, and the capacity.
class CoreBase {
 public:
  const Pool& pool() const { return pool_; }
  /// What it holds; a policy with more than the pool says so by hiding this.
  std::uint64_t memory_bytes() const { return pool_.memory_bytes(); }

 protected:
  CoreBase(std::uint64_t capacity, std::uint64_t expected) : capacity_(capacity), pool_(expected) {}
  std::uint64_t capacity_;
  Pool pool_;
};

// FIFO, LIFO, LRU, MRU, CLOCK and SIEVE: one list (newest at the head), differing in what a
// hit does and which object goes.
enum class ListKind { kFifo, kLifo, kLru, kMru, kClock, kSieve };

template <ListKind K>
class ListCache : public CoreBase {
 public:
  ListCache(std::uint64_t capacity, std::uint64_t expected) : CoreBase(capacity, expected) {}

  bool access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    const std::uint32_t found = pool_.find(key, hash);
    if (found != kNone) {
      if constexpr (K == ListKind::kLru || K == ListKind::kMru) {
        if (found != list_.head) {
          pool_.remove(list_, found);
          pool_.push_front(list_, found);
        }
      } else if constexpr (K == ListKind::kClock || K == ListKind::kSieve) {
        pool_[found].aux = 1;  // referenced / visited
      }
      return true;
    }
    if (size > capacity_) return false;
    while (list_.bytes + size > capacity_) evict();
    pool_.push_front(list_, pool_.make(key, hash, size));
    return false;
  }

 private:
  void evict() {
    std::uint32_t victim;
    if constexpr (K == ListKind::kLifo || K == ListKind::kMru) {
      victim = list_.head;  // newest inserted / most recently used
    } else if constexpr (K == ListKind::kClock) {
      // Second chance: a referenced object at the old end goes round once more.
      while (pool_[list_.tail].aux) {
        const std::uint32_t t = list_.tail;
        pool_[t].aux = 0;
        pool_.remove(list_, t);
        pool_.push_front(list_, t);
      }
      victim = list_.tail;
    } else if constexpr (K == ListKind::kSieve) {
      // SIEVE (Zhang et al., NSDI 2024): the hand walks from the old end towards the new,
      // clearing visited bits, and evicts the first unvisited object where it stands.
      victim = hand_ != kNone ? hand_ : list_.tail;
      while (pool_[victim].aux) {
        pool_[victim].aux = 0;
        victim = pool_[victim].prev != kNone ? pool_[victim].prev : list_.tail;
      }
      hand_ = pool_[victim].prev;  // kNone: start again from the tail
    } else {
      victim = list_.tail;
    }
    pool_.remove(list_, victim);
    pool_.release(victim);
  }
  List list_;
  std::uint32_t hand_ = kNone;  // SIEVE
};

// LFU with in-cache counts (from 1 at insertion), ties to the least recently used: frequency
// buckets in a list, each bucket a recency list (Shah, Mitra & Matani 2010), all O(1).
class LfuCache : public CoreBase {
 public:
  LfuCache(std::uint64_t capacity, std::uint64_t expected) : CoreBase(capacity, expected) {}
  std::uint64_t memory_bytes() const { return pool_.memory_bytes() + buckets_.memory_bytes(); }

  bool access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    const std::uint32_t found = pool_.find(key, hash);
    if (found != kNone) {
      promote(found);
      return true;
    }
    if (size > capacity_) return false;
    while (bytes_ + size > capacity_) evict();
    const std::uint32_t e = pool_.make(key, hash, size);
    bytes_ += size;
    std::uint32_t b = first_;
    if (b == kNone || buckets_[b].freq != 1) b = new_bucket(1, kNone, first_);
    attach(e, b);
    return false;
  }

 private:
  struct Bucket {
    std::uint64_t freq = 0;
    List objects;  // most recent at the head
    std::uint32_t prev = kNone, next = kNone;
  };

  std::uint32_t new_bucket(std::uint64_t freq, std::uint32_t prev, std::uint32_t next) {
    const std::uint32_t b = buckets_.make();
    buckets_[b].freq = freq, buckets_[b].prev = prev, buckets_[b].next = next;
    if (prev != kNone) buckets_[prev].next = b; else first_ = b;
    if (next != kNone) buckets_[next].prev = b;
    return b;
  }
  void drop_if_empty(std::uint32_t b) {
    if (buckets_[b].objects.count) return;
    const Bucket& x = buckets_[b];
    if (x.prev != kNone) buckets_[x.prev].next = x.next; else first_ = x.next;
    if (x.next != kNone) buckets_[x.next].prev = x.prev;
    buckets_.release(b);
  }
  void attach(std::uint32_t e, std::uint32_t b) {
    pool_[e].aux = b;
    pool_.push_front(buckets_[b].objects, e);
  }
  void promote(std::uint32_t e) {
    const std::uint32_t b = pool_[e].aux;
    const std::uint64_t f = buckets_[b].freq + 1;
    std::uint32_t next = buckets_[b].next;
    if (next == kNone || buckets_[next].freq != f) next = new_bucket(f, b, next);
    pool_.remove(buckets_[b].objects, e);
    attach(e, next);
    drop_if_empty(b);
  }
  void evict() {
    const std::uint32_t b = first_;
    const std::uint32_t victim = buckets_[b].objects.tail;  // least recent of the least used
    pool_.remove(buckets_[b].objects, victim);
    bytes_ -= pool_[victim].size;
    pool_.release(victim);
    drop_if_empty(b);
  }

  Slab<Bucket> buckets_;
  std::uint32_t first_ = kNone;
  std::uint64_t bytes_ = 0;
};

// Random: a uniformly chosen cached object, from a seeded stream.
class RandomCache : public CoreBase {
 public:
  RandomCache(std::uint64_t capacity, std::uint64_t expected, std::uint64_t seed)
      : CoreBase(capacity, expected), rng_(seed) {
    members_.reserve(expected);
  }
  bool access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    if (pool_.find(key, hash) != kNone) return true;
    if (size > capacity_) return false;
    while (bytes_ + size > capacity_) {
      const auto pick = static_cast<std::uint32_t>(
          static_cast<double>(rng_() >> 11) * 0x1p-53 * static_cast<double>(members_.size()));
      const std::uint32_t victim = members_[pick];
      members_[pick] = members_.back();
      pool_[members_[pick]].aux = pick;
      members_.pop_back();
      bytes_ -= pool_[victim].size;
      pool_.release(victim);
    }
    const std::uint32_t e = pool_.make(key, hash, size);
    pool_[e].aux = static_cast<std::uint32_t>(members_.size());
    members_.push_back(e);
    bytes_ += size;
    return false;
  }
  std::uint64_t memory_bytes() const {
    return pool_.memory_bytes() + members_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::mt19937_64 rng_;
  std::vector<std::uint32_t> members_;
  std::uint64_t bytes_ = 0;
};

// S3-FIFO (Yang et al., SOSP 2023, Algorithm 1): a small FIFO S, a main FIFO M, and a ghost
// FIFO G of keys as large as M may be. Counts saturate at 3; an object leaving S with a count
// above 1 moves to M, else its key goes to G; M reinserts objects with a count above 0,
// decrementing it. As the algorithm gives it: a miss first evicts until the object fits, then
// goes to M if its key is (still) in G, else to S; S is evicted from when it holds at least
// 0.1 of the space, M when it holds more than the other 0.9, G trimmed past 0.9.
class S3FifoCache : public CoreBase {
 public:
  S3FifoCache(std::uint64_t capacity, std::uint64_t expected) : CoreBase(capacity, 2 * expected) {}

  bool access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    const std::uint32_t found = pool_.find(key, hash);
    if (found != kNone && tag(found) != kGhost) {
      set(found, tag(found), std::min<std::uint32_t>(freq(found) + 1, 3));
      return true;
    }
    if (size > capacity_) return false;
    while (small_.bytes + main_.bytes + size > capacity_) evict();
    // Evicting may have trimmed the key from G: look again.
    const std::uint32_t ghost = found == kNone ? kNone : pool_.find(key, hash);
    const bool was_ghost = ghost != kNone;
    if (was_ghost) {
      pool_.remove(ghost_, ghost);
      pool_.release(ghost);
    }
    const std::uint32_t e = pool_.make(key, hash, size);
    set(e, was_ghost ? kMain : kSmall, 0);  // seen recently: straight into M
    pool_.push_front(was_ghost ? main_ : small_, e);
    return false;
  }

 private:
  static constexpr std::uint32_t kSmall = 1, kMain = 2, kGhost = 3;
  std::uint32_t tag(std::uint32_t e) { return pool_[e].aux >> 8; }
  std::uint32_t freq(std::uint32_t e) { return pool_[e].aux & 0xff; }
  void set(std::uint32_t e, std::uint32_t t, std::uint32_t f) { pool_[e].aux = (t << 8) | f; }

  // Shares of the space, compared without rounding (10·S ≥ c is S ≥ 0.1·c) and without overflow.
  bool small_at_share() const { return 10 * static_cast<unsigned __int128>(small_.bytes) >= capacity_; }
  bool over_main_share(std::uint64_t bytes) const {
    return 10 * static_cast<unsigned __int128>(bytes) > 9 * static_cast<unsigned __int128>(capacity_);
  }

  void evict() {
    if (small_at_share() && small_.count) evict_small();
    else if (main_.count) evict_main();
    else evict_small();
  }
  void evict_small() {
    while (small_.count) {
      const std::uint32_t t = small_.tail;
      pool_.remove(small_, t);
      if (freq(t) > 1) {
        set(t, kMain, freq(t));
        pool_.push_front(main_, t);
        if (over_main_share(main_.bytes)) evict_main();
      } else {
        set(t, kGhost, 0);
        pool_.push_front(ghost_, t);
        while (over_main_share(ghost_.bytes)) {
          const std::uint32_t g = ghost_.tail;
          pool_.remove(ghost_, g);
          pool_.release(g);
        }
        return;
      }
    }
  }
  void evict_main() {
    while (main_.count) {
      const std::uint32_t t = main_.tail;
      pool_.remove(main_, t);
      if (freq(t) > 0) {
        set(t, kMain, freq(t) - 1);
        pool_.push_front(main_, t);
      } else {
        pool_.release(t);
        return;
      }
    }
  }

  List small_, main_, ghost_;
};

// ARC (Megiddo & Modha, FAST 2003, Fig. 4): resident lists T1 (seen once) and T2 (seen again),
// ghost lists B1 and B2, and a target p for T1 that ghost hits move. Sizes count as their
// bytes; with unit sizes every loop below runs exactly as the paper's single steps.
class ArcCache : public CoreBase {
 public:
  ArcCache(std::uint64_t capacity, std::uint64_t expected) : CoreBase(capacity, 2 * expected) {}

  bool access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    const std::uint32_t x = pool_.find(key, hash);
    const std::uint32_t where = x == kNone ? 0 : pool_[x].aux;
    if (where == kT1 || where == kT2) {  // case I
      pool_.remove(where == kT1 ? t1_ : t2_, x);
      pool_[x].aux = kT2;
      pool_.push_front(t2_, x);
      return true;
    }
    if (size > capacity_) return false;
    const double c = static_cast<double>(capacity_);
    if (where == kB1) {  // case II
      const double delta = b1_.bytes >= b2_.bytes ? 1.0 : static_cast<double>(b2_.bytes) / b1_.bytes;
      p_ = std::min(c, p_ + delta * size);
      pool_.remove(b1_, x);
      pool_.release(x);
      make_room(size, false);
    } else if (where == kB2) {  // case III
      const double delta = b2_.bytes >= b1_.bytes ? 1.0 : static_cast<double>(b1_.bytes) / b2_.bytes;
      p_ = std::max(0.0, p_ - delta * size);
      pool_.remove(b2_, x);
      pool_.release(x);
      make_room(size, true);
    } else {  // case IV
      if (t1_.bytes + b1_.bytes + size > capacity_) {
        if (t1_.bytes + size <= capacity_ || b1_.count) {
          while (b1_.count && t1_.bytes + b1_.bytes + size > capacity_) drop(b1_);
          make_room(size, false);
        } else {
          while (t1_.bytes + t2_.bytes + size > capacity_) evict_without_ghost(t1_.count ? t1_ : t2_);
        }
      } else if (t1_.bytes + t2_.bytes + b1_.bytes + b2_.bytes + size > capacity_) {
        while (b2_.count && t1_.bytes + t2_.bytes + b1_.bytes + b2_.bytes + size > 2 * capacity_)
          drop(b2_);
        make_room(size, false);
      }
      const std::uint32_t e = pool_.make(key, hash, size);
      pool_[e].aux = kT1;
      pool_.push_front(t1_, e);
      return false;
    }
    const std::uint32_t e = pool_.make(key, hash, size);
    pool_[e].aux = kT2;
    pool_.push_front(t2_, e);
    return false;
  }

 private:
  static constexpr std::uint32_t kT1 = 1, kT2 = 2, kB1 = 3, kB2 = 4;

  void drop(List& ghost) {
    const std::uint32_t g = ghost.tail;
    pool_.remove(ghost, g);
    pool_.release(g);
  }
  void evict_without_ghost(List& from) {
    const std::uint32_t v = from.tail;
    pool_.remove(from, v);
    pool_.release(v);
  }
  // REPLACE until `size` more fits among the residents.
  void make_room(std::uint64_t size, bool in_b2) {
    while (t1_.bytes + t2_.bytes + size > capacity_) {
      const double t1 = static_cast<double>(t1_.bytes);
      if (t1_.count && (t1 > p_ || (in_b2 && t1 == p_) || !t2_.count)) {
        move_tail(t1_, b1_, kB1);
      } else {
        move_tail(t2_, b2_, kB2);
      }
    }
  }
  void move_tail(List& from, List& to, std::uint32_t tag) {
    const std::uint32_t v = from.tail;
    pool_.remove(from, v);
    pool_[v].aux = tag;
    pool_.push_front(to, v);
  }

  List t1_, t2_, b1_, b2_;
  double p_ = 0.0;
};

}  // namespace

const Names<CachePolicy>& cache_policy_names() {
  static const Names<CachePolicy> kNames = {
      {"fifo", CachePolicy::kFifo},   {"lifo", CachePolicy::kLifo},     {"lru", CachePolicy::kLru},
      {"mru", CachePolicy::kMru},     {"lfu", CachePolicy::kLfu},       {"random", CachePolicy::kRandom},
      {"clock", CachePolicy::kClock}, {"arc", CachePolicy::kArc},       {"sieve", CachePolicy::kSieve},
      {"s3fifo", CachePolicy::kS3Fifo},
  };
  return kNames;
}

std::unique_ptr<Cache> make_cache(CachePolicy policy, std::uint64_t capacity,
                                  std::uint64_t expected_objects, std::uint64_t seed) {
  const std::uint64_t c = capacity, n = expected_objects;
  switch (policy) {
    case CachePolicy::kFifo: return std::make_unique<Batched<ListCache<ListKind::kFifo>>>(c, n);
    case CachePolicy::kLifo: return std::make_unique<Batched<ListCache<ListKind::kLifo>>>(c, n);
    case CachePolicy::kLru: return std::make_unique<Batched<ListCache<ListKind::kLru>>>(c, n);
    case CachePolicy::kMru: return std::make_unique<Batched<ListCache<ListKind::kMru>>>(c, n);
    case CachePolicy::kClock: return std::make_unique<Batched<ListCache<ListKind::kClock>>>(c, n);
    case CachePolicy::kSieve: return std::make_unique<Batched<ListCache<ListKind::kSieve>>>(c, n);
    case CachePolicy::kLfu: return std::make_unique<Batched<LfuCache>>(c, n);
    case CachePolicy::kRandom: return std::make_unique<Batched<RandomCache>>(c, n, seed);
    case CachePolicy::kS3Fifo: return std::make_unique<Batched<S3FifoCache>>(c, n);
    case CachePolicy::kArc: return std::make_unique<Batched<ArcCache>>(c, n);
  }
  return nullptr;
}

}  // namespace headroom::calc
