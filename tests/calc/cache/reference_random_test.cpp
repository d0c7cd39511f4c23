// Random inputs against plain references written here: short random traces for the
// deterministic list policies and LFU against naive simulators (std::list, linear scans).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <list>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "calc/cache/policy.hpp"

using namespace headroom::calc;

namespace {

struct Item {
  std::uint64_t key, size;
  bool bit = false;  // CLOCK's referenced bit, SIEVE's visited bit
};

// A naive simulator: the list holds the newest at the front; each policy says what a hit does
// and which item an eviction removes. Sizes are the admitted ones.
class Reference {
 public:
  Reference(CachePolicy p, std::uint64_t capacity) : policy_(p), capacity_(capacity) {}

  bool access(std::uint64_t key, std::uint64_t size) {
    ++now_;
    auto it = std::find_if(list_.begin(), list_.end(), [&](const Item& x) { return x.key == key; });
    if (it != list_.end()) {
      switch (policy_) {
        case CachePolicy::kLru:
        case CachePolicy::kMru: list_.splice(list_.begin(), list_, it); break;
        case CachePolicy::kClock:
        case CachePolicy::kSieve: it->bit = true; break;
        default: break;
      }
      ++freq_[key], last_[key] = now_;
      return true;
    }
    if (size > capacity_) return false;
    while (held_ + size > capacity_) evict();
    list_.push_front(Item{key, size});
    held_ += size;
    freq_[key] = 1, last_[key] = now_;
    return false;
  }

 private:
  void evict() {
    std::list<Item>::iterator victim;
    switch (policy_) {
      case CachePolicy::kFifo:
      case CachePolicy::kLru: victim = std::prev(list_.end()); break;
      case CachePolicy::kLifo:
      case CachePolicy::kMru: victim = list_.begin(); break;
      case CachePolicy::kClock:
        // The oldest goes unless referenced: then its bit is cleared and it goes to the front.
        while (std::prev(list_.end())->bit) {
          auto last = std::prev(list_.end());
          last->bit = false;
          list_.splice(list_.begin(), list_, last);
        }
        victim = std::prev(list_.end());
        break;
      case CachePolicy::kSieve: {
        // The hand walks from the oldest towards the newest, clearing visited bits, wrapping
        // to the oldest; it stays where it evicted, one step newer.
        victim = has_hand_ ? hand_ : std::prev(list_.end());
        while (victim->bit) {
          victim->bit = false;
          victim = victim == list_.begin() ? std::prev(list_.end()) : std::prev(victim);
        }
        has_hand_ = victim != list_.begin();
        if (has_hand_) hand_ = std::prev(victim);
        break;
      }
      case CachePolicy::kLfu: {
        // Fewest hits since admission; among those, the least recently used.
        victim = list_.begin();
        for (auto it = list_.begin(); it != list_.end(); ++it) {
          const auto better = std::make_pair(freq_[it->key], last_[it->key]);
          if (better < std::make_pair(freq_[victim->key], last_[victim->key])) victim = it;
        }
        break;
      }
      default: FAIL("no reference for this policy"); return;
    }
    held_ -= victim->size;
    list_.erase(victim);
  }

  CachePolicy policy_;
  std::uint64_t capacity_, held_ = 0, now_ = 0;
  std::list<Item> list_;
  std::list<Item>::iterator hand_;
  bool has_hand_ = false;
  std::map<std::uint64_t, std::uint64_t> freq_, last_;
};

}  // namespace

TEST_CASE("random short traces: every deterministic list policy and LFU match a naive simulator", "[calc][cache][random]") {
  const CachePolicy policies[] = {CachePolicy::kFifo,  CachePolicy::kLifo,  CachePolicy::kLru,
                                  CachePolicy::kMru,   CachePolicy::kClock, CachePolicy::kSieve,
                                  CachePolicy::kLfu};
  std::mt19937_64 rng(20261201);
  for (int trial = 0; trial < 400; ++trial) {
    const std::uint64_t universe = 2 + rng() % 30;
    const size_t length = 50 + rng() % 1500;
    const bool bytes = trial % 2 == 1;  // sizes 1..12 that may change between requests
    const std::uint64_t capacity = bytes ? 1 + rng() % 80 : 1 + rng() % 20;
    // Skewed keys, so that hits and evictions both happen.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> trace;
    for (size_t i = 0; i < length; ++i) {
      const std::uint64_t k = std::min(rng() % universe, rng() % universe) * 0x9E3779B97F4A7C15ull;
      trace.emplace_back(k, bytes ? 1 + rng() % 12 : 1);
    }
    for (CachePolicy p : policies) {
      CAPTURE(trial, policy_name(p), capacity, bytes, universe, length);
      auto cache = make_cache(p, capacity, 4, 1);
      Reference reference(p, capacity);
      for (size_t i = 0; i < trace.size(); ++i) {
        CAPTURE(i);
        REQUIRE(cache->access(trace[i].first, trace[i].second) ==
                reference.access(trace[i].first, trace[i].second));
      }
    }
  }
}

namespace {

// ARC exactly as Megiddo & Modha give it (FAST 2003, Fig. 4), for pages of one unit: T1, T2,
// B1, B2 as LRU lists (front = most recent), the target p real-valued.
class PaperArc {
 public:
  explicit PaperArc(std::uint64_t c) : c_(static_cast<double>(c)) {}
  bool access(std::uint64_t x) {
    if (take(t1_, x) || take(t2_, x)) {  // case I
      t2_.push_front(x);
      return true;
    }
    // δ uses |B1| and |B2| at the request, x still in its ghost list.
    const double b1 = static_cast<double>(b1_.size()), b2 = static_cast<double>(b2_.size());
    if (take(b1_, x)) {  // case II
      p_ = std::min(c_, p_ + std::max(b2 / b1, 1.0));
      replace(false);
      t2_.push_front(x);
      return false;
    }
    if (take(b2_, x)) {  // case III
      p_ = std::max(0.0, p_ - std::max(b1 / b2, 1.0));
      replace(true);
      t2_.push_front(x);
      return false;
    }
    const double l1 = static_cast<double>(t1_.size() + b1_.size());
    const double all = l1 + static_cast<double>(t2_.size() + b2_.size());
    if (l1 == c_) {  // case IV A
      if (static_cast<double>(t1_.size()) < c_) {
        b1_.pop_back();
        replace(false);
      } else {
        t1_.pop_back();
      }
    } else if (l1 < c_ && all >= c_) {  // case IV B
      if (all == 2 * c_) b2_.pop_back();
      replace(false);
    }
    t1_.push_front(x);
    return false;
  }

 private:
  static bool take(std::list<std::uint64_t>& l, std::uint64_t x) {
    auto it = std::find(l.begin(), l.end(), x);
    if (it == l.end()) return false;
    l.erase(it);
    return true;
  }
  void replace(bool x_in_b2) {
    const double t1 = static_cast<double>(t1_.size());
    if (!t1_.empty() && ((x_in_b2 && t1 == p_) || t1 > p_ || t2_.empty())) {
      b1_.push_front(t1_.back());
      t1_.pop_back();
    } else {
      b2_.push_front(t2_.back());
      t2_.pop_back();
    }
  }
  double c_, p_ = 0.0;
  std::list<std::uint64_t> t1_, t2_, b1_, b2_;
};

}  // namespace

TEST_CASE("random short traces: ARC matches the paper's algorithm step for step", "[calc][cache][random]") {
  std::mt19937_64 rng(77);
  for (int trial = 0; trial < 400; ++trial) {
    const std::uint64_t universe = 2 + rng() % 40, capacity = 1 + rng() % 16;
    auto cache = make_cache(CachePolicy::kArc, capacity, 4, 1);
    PaperArc reference(capacity);
    const size_t length = 50 + rng() % 2000;
    for (size_t i = 0; i < length; ++i) {
      // A loop over part of the keys mixed with skewed ones: both recency and frequency matter.
      const std::uint64_t k = rng() % 3 == 0 ? i % (universe / 2 + 1) : std::min(rng() % universe, rng() % universe);
      CAPTURE(trial, capacity, universe, i);
      REQUIRE(cache->access(k, 1) == reference.access(k));
    }
  }
}

TEST_CASE("more cache never lowers LRU's hits (a stack algorithm) on random traces", "[calc][cache][random]") {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<std::uint64_t> keys;
    const std::uint64_t universe = 2 + rng() % 60;
    for (int i = 0; i < 800; ++i) keys.push_back(std::min(rng() % universe, rng() % universe));
    int previous = -1;
    for (std::uint64_t c = 1; c <= universe + 1; ++c) {
      auto cache = make_cache(CachePolicy::kLru, c, 4, 1);
      int hits = 0;
      for (std::uint64_t k : keys) hits += cache->access(k, 1);
      CAPTURE(trial, c);
      CHECK(hits >= previous);
      previous = hits;
    }
  }
}


namespace {

// S3-FIFO as Yang, Zhang, Qiu, Yue and Rashmi give it (SOSP 2023, Algorithm 1), for objects of
// one unit, written from the paper's pseudo-code with plain lists: S (small), M (main) and G
// (ghost keys, as many as M may hold). A hit raises the object's count, capped at 3.
// insert: while the cache is full, evict; then a key found in G goes to M, any other to S.
// evict: from S when S.size ≥ 0.1 · cache size (or M is empty), else from M. evictS: the tail
// of S with a count above 1 moves to M (evicting from M when M is full, past its 0.9 of the
// space), else its key goes to G and the eviction is done. evictM: the tail of M with a count
// above 0 is reinserted at the head with one less, else it leaves.
class PaperS3Fifo {
 public:
  explicit PaperS3Fifo(std::uint64_t c) : capacity_(c), small_share_(0.1 * c), main_share_(0.9 * c) {}
  bool access(std::uint64_t x) {
    if (auto it = freq_.find(x); it != freq_.end()) {
      it->second = std::min(it->second + 1, 3);
      return true;
    }
    while (s_.size() + m_.size() >= capacity_) evict();
    if (auto g = std::find(g_.begin(), g_.end(), x); g != g_.end()) {
      g_.erase(g);
      m_.push_front(x);
    } else {
      s_.push_front(x);
    }
    freq_[x] = 0;
    return false;
  }

 private:
  void evict() {
    if (static_cast<double>(s_.size()) >= small_share_ || m_.empty()) evict_s();
    else evict_m();
  }
  void evict_s() {
    while (!s_.empty()) {
      const std::uint64_t t = s_.back();
      s_.pop_back();
      if (freq_[t] > 1) {
        m_.push_front(t);
        if (static_cast<double>(m_.size()) > main_share_) evict_m();
      } else {
        freq_.erase(t);
        g_.push_front(t);
        if (static_cast<double>(g_.size()) > main_share_) g_.pop_back();
        return;
      }
    }
  }
  void evict_m() {
    while (!m_.empty()) {
      const std::uint64_t t = m_.back();
      m_.pop_back();
      if (freq_[t] > 0) {
        --freq_[t];
        m_.push_front(t);
      } else {
        freq_.erase(t);
        return;
      }
    }
  }
  std::uint64_t capacity_;
  double small_share_, main_share_;
  std::list<std::uint64_t> s_, m_, g_;
  std::unordered_map<std::uint64_t, int> freq_;  // objects in S or M
};

}  // namespace

TEST_CASE("random short traces: S3-FIFO matches the paper's algorithm step for step", "[calc][cache][random]") {
  std::mt19937_64 rng(2023);
  for (int trial = 0; trial < 400; ++trial) {
    const std::uint64_t universe = 2 + rng() % 60, capacity = 1 + rng() % 30;
    auto cache = make_cache(CachePolicy::kS3Fifo, capacity, 4, 1);
    PaperS3Fifo reference(capacity);
    const size_t length = 50 + rng() % 2000;
    for (size_t i = 0; i < length; ++i) {
      // One-hit wonders mixed with a skewed working set: both queues and the ghost matter.
      const std::uint64_t k = rng() % 4 == 0 ? 1000 + i : std::min(rng() % universe, rng() % universe);
      CAPTURE(trial, capacity, universe, i);
      REQUIRE(cache->access(k, 1) == reference.access(k));
    }
  }
}
