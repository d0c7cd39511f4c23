#include "calc/stack_distance.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fmt/format.h>

#include "calc/error.hpp"
#include "formulas/hash64.hpp"

namespace headroom::calc {
namespace {
// The time axis holds this many times the live objects before it is compacted.
constexpr std::uint64_t kHeadroomFactor = 4;
constexpr std::uint64_t kMinTimes = 1 << 16;
// Times are 32-bit and the axis is kHeadroomFactor times the live objects.
constexpr std::uint64_t kMaxObjects = (1ULL << 32) / kHeadroomFactor - 1;

// Bits set in words[0..whole) plus the low `partial_bits` of words[whole]. Built twice, for the
// POPCNT instruction and for plain x86-64, and picked once at load time.
__attribute__((target_clones("popcnt", "default")))
std::uint64_t count_bits(const std::uint64_t* words, std::uint64_t whole, unsigned partial_bits) {
  std::uint64_t sum = 0;
  for (std::uint64_t w = 0; w < whole; ++w) sum += static_cast<std::uint64_t>(__builtin_popcountll(words[w]));
  if (partial_bits) sum += static_cast<std::uint64_t>(__builtin_popcountll(words[whole] & ((1ULL << partial_bits) - 1)));
  return sum;
}
}  // namespace

StackDistance::StackDistance(double sample_rate, std::uint64_t expected)
    : rate_(sample_rate),
      threshold_(sample_rate >= 1 ? ~0ULL : static_cast<std::uint64_t>(std::ldexp(sample_rate, 64))),
      index_(static_cast<std::uint64_t>(static_cast<double>(expected) * std::min(1.0, sample_rate * 1.1)) + 16),
      bits_(kMinTimes / 64, 0),
      blocks_(kMinTimes / kBlockBits, 0) {
  tracked_.reserve(static_cast<std::uint64_t>(static_cast<double>(expected) * std::min(1.0, sample_rate * 1.1)) + 16);
}

void StackDistance::set_bit(std::uint64_t t) {
  bits_[t / 64] |= 1ULL << (t % 64);
  for (std::uint64_t i = t / kBlockBits + 1; i <= blocks_.size(); i += i & (~i + 1)) ++blocks_[i - 1];
}

void StackDistance::clear_bit(std::uint64_t t) {
  bits_[t / 64] &= ~(1ULL << (t % 64));
  for (std::uint64_t i = t / kBlockBits + 1; i <= blocks_.size(); i += i & (~i + 1)) --blocks_[i - 1];
}

std::uint64_t StackDistance::rank(std::uint64_t t) const {
  std::uint64_t sum = 0;
  for (std::uint64_t i = t / kBlockBits; i > 0; i -= i & (~i + 1)) sum += blocks_[i - 1];
  const std::uint64_t first_word = (t / kBlockBits) * (kBlockBits / 64);
  return sum + count_bits(bits_.data() + first_word, t / 64 - first_word, static_cast<unsigned>(t % 64));
}

// Renumbers the live last-reference times 0..live−1 in order (each becomes its rank among
// the set bits) on an axis kHeadroomFactor times the live objects.
void StackDistance::compact() {
  for (Tracked& o : tracked_) o.last = static_cast<std::uint32_t>(rank(o.last));
  const std::uint64_t times = std::max(kMinTimes, ((kHeadroomFactor * live_) / kBlockBits + 1) * kBlockBits);
  bits_.assign(times / 64, 0);
  for (std::uint64_t t = 0; t < live_; ++t) bits_[t / 64] |= 1ULL << (t % 64);
  // Fenwick tree built in linear time from the per-block counts.
  blocks_.assign(times / kBlockBits, 0);
  for (std::uint64_t b = 0; b < blocks_.size(); ++b) {
    const std::uint64_t first = b * kBlockBits;
    blocks_[b] += static_cast<std::uint32_t>(first >= live_ ? 0 : std::min(kBlockBits, live_ - first));
    const std::uint64_t parent = (b + 1) + ((b + 1) & (~(b + 1) + 1));
    if (parent <= blocks_.size()) blocks_[parent - 1] += blocks_[b];
  }
  now_ = live_;
}

bool StackDistance::tracks(std::uint64_t key) const {
  return rate_ >= 1 || formulas::fmix64(key ^ 0x5348415244530000ULL) < threshold_;  // "SHARDS"
}

void StackDistance::access(const Request* requests, const std::uint64_t* hash, size_t n) {
  // The lookup is two dependent loads (slot, then record) from tables larger than the caches:
  // start the slot kAhead references early and the record half as early.
  constexpr size_t kAhead = 16;
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n && tracks(requests[i + kAhead].key)) index_.prefetch(hash[i + kAhead]);
    if (i + kAhead / 2 < n && tracks(requests[i + kAhead / 2].key)) {
      const std::uint32_t c = index_.candidate(hash[i + kAhead / 2]);
      if (c != cache_store::kNone) __builtin_prefetch(&tracked_[c]);
    }
    access(requests[i].key, hash[i]);
  }
}

void StackDistance::access(std::uint64_t key, std::uint64_t hash) {
  ++references_;
  if (!tracks(key)) return;
  ++sampled_;
  if (now_ >= bits_.size() * 64) compact();
  const std::uint32_t found = index_.find(hash, [&](std::uint32_t i) { return tracked_[i].key == key; });
  if (found == cache_store::kNone) {
    ++cold_;
    ++live_;
    if (live_ > kMaxObjects) {
      throw Error::input(fmt::format("the miss-ratio curve can track up to {} objects exactly; set cache.sample_rate below 1 to sample them", kMaxObjects));
    }
    index_.insert(hash, static_cast<std::uint32_t>(tracked_.size()));
    tracked_.push_back(Tracked{key, static_cast<std::uint32_t>(now_)});
  } else {
    std::uint32_t* last = &tracked_[found].last;
    // Distinct objects referenced since: live marks after the previous reference.
    const std::uint64_t distance = live_ - 1 - rank(*last);
    if (distance >= histogram_.size()) histogram_.resize(std::max<std::uint64_t>(distance + 1, 2 * histogram_.size()), 0);
    ++histogram_[distance];
    clear_bit(*last);
    *last = static_cast<std::uint32_t>(now_);
  }
  set_bit(now_);
  ++now_;
}

std::uint64_t StackDistance::distinct() const {
  return static_cast<std::uint64_t>(std::llround(static_cast<double>(live_) / rate_));
}

double StackDistance::miss_ratio(std::uint64_t objects) const {
  if (sampled_ == 0) return 0.0;
  // A sampled distance d stands for d / R objects: hits at capacity c are those with d/R < c.
  const double scaled = static_cast<double>(objects) * rate_;
  const std::uint64_t limit = static_cast<std::uint64_t>(std::ceil(scaled));
  std::uint64_t hits = 0;
  for (std::uint64_t d = 0; d < std::min<std::uint64_t>(limit, histogram_.size()); ++d) hits += histogram_[d];
  if (rate_ >= 1) return static_cast<double>(sampled_ - hits) / static_cast<double>(sampled_);
  // SHARDS-adj (Waldspurger et al. 2015, §4.2): a few hot keys in or out of the sample swing
  // the count; the difference between the expected and the actual number of samples is
  // credited to the smallest distance, which every capacity counts as a hit.
  const double expected = rate_ * static_cast<double>(references_);
  const double adjusted = static_cast<double>(hits) + expected - static_cast<double>(sampled_);
  return std::clamp(1.0 - adjusted / expected, 0.0, 1.0);
}

}  // namespace headroom::calc
