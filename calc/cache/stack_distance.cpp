#include "calc/cache/stack_distance.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <fmt/format.h>

#include "calc/base/error.hpp"
#include "formulas/hash64.hpp"

namespace headroom::calc {
namespace {
// The time axis holds this many times the live objects before it is compacted.
constexpr std::uint64_t kHeadroomFactor = 4;
constexpr std::uint64_t kMinTimes = 1 << 16;
// Times are 32-bit and the axis is kHeadroomFactor times the live objects.
constexpr std::uint64_t kMaxObjects = (1ULL << 32) / kHeadroomFactor - 1;

// The byte histogram's grid: a distance v is rounded up to six significant bits, q << e with
// q = ceil(v / 2^e) and e = max(0, bits(v) - 6), so that neighbouring capacities on the grid
// are at most 1/32 apart. Cells are numbered e * 65 + q, increasing with the value.
constexpr std::uint64_t kGridMax = 1ULL << 62;  // distances are clamped here (4 EiB)
constexpr std::uint64_t kGridCells = 58 * 65;
std::uint64_t grid_cell(std::uint64_t v) {
  const int e = std::max(0, static_cast<int>(std::bit_width(v)) - 6);
  return static_cast<std::uint64_t>(e) * 65 + ((v - 1) >> e) + 1;
}
std::uint64_t grid_value(std::uint64_t cell) { return (cell % 65) << (cell / 65); }

// How many of `expected` objects a sample at `rate` tracks, with room to spare.
std::uint64_t tracked_for(std::uint64_t expected, double rate) {
  return static_cast<std::uint64_t>(static_cast<double>(expected) * std::min(1.0, rate * 1.1)) + 16;
}

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

StackDistance::StackDistance(double sample_rate, std::uint64_t expected, Unit unit, std::vector<std::uint64_t> exact)
    : rate_(sample_rate),
      threshold_(sample_rate >= 1 ? ~0ULL : static_cast<std::uint64_t>(std::ldexp(sample_rate, 64))),
      unit_(unit),
      index_(tracked_for(expected, sample_rate)),
      bits_(kMinTimes / 64, 0),
      blocks_(unit == Unit::kBytes ? 0 : kMinTimes / kBlockBits, 0) {
  tracked_.reserve(tracked_for(expected, sample_rate));
  if (unit_ == Unit::kBytes) {
    size_at_.assign(kMinTimes, 0);
    word_bytes_.assign(kMinTimes / 64, 0);
    grid_.assign(kGridCells, 0);
    exact_ = std::move(exact);
    exact_hits_.assign(exact_.size(), 0);
  }
}

void StackDistance::set_bit(std::uint64_t t, std::uint64_t size) {
  bits_[t / 64] |= 1ULL << (t % 64);
  for (std::uint64_t i = t / kBlockBits + 1; i <= blocks_.size(); i += i & (~i + 1)) ++blocks_[i - 1];
  if (unit_ != Unit::kBytes) return;
  if (live_bytes_ + size < live_bytes_) {
    throw Error::input("the objects' sizes add up to more than 2^64 bytes; the byte miss-ratio curve cannot count them");
  }
  size_at_[t] = size;
  live_bytes_ += size;
  for (std::uint64_t i = t / 64 + 1; i <= word_bytes_.size(); i += i & (~i + 1)) word_bytes_[i - 1] += size;
}

void StackDistance::clear_bit(std::uint64_t t) {
  bits_[t / 64] &= ~(1ULL << (t % 64));
  for (std::uint64_t i = t / kBlockBits + 1; i <= blocks_.size(); i += i & (~i + 1)) --blocks_[i - 1];
  if (unit_ != Unit::kBytes) return;
  const std::uint64_t size = size_at_[t];
  size_at_[t] = 0;
  live_bytes_ -= size;
  for (std::uint64_t i = t / 64 + 1; i <= word_bytes_.size(); i += i & (~i + 1)) word_bytes_[i - 1] -= size;
}

std::uint64_t StackDistance::bytes_before(std::uint64_t t) const {
  std::uint64_t sum = 0;
  for (std::uint64_t i = t / 64; i > 0; i -= i & (~i + 1)) sum += word_bytes_[i - 1];
  const std::uint64_t base = t / 64 * 64;
  for (std::uint64_t w = bits_[t / 64] & ((1ULL << (t % 64)) - 1); w; w &= w - 1) {
    sum += size_at_[base + static_cast<std::uint64_t>(std::countr_zero(w))];
  }
  return sum;
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
  const std::uint64_t times = std::max(kMinTimes, ((kHeadroomFactor * live_) / kBlockBits + 1) * kBlockBits);
  // A live time's new place is its rank among the live times: bits set before it, from a
  // running count per word (linear, where the Fenwick tree would take a log per object).
  std::vector<std::uint64_t> set_before(bits_.size());
  for (std::uint64_t w = 1; w < bits_.size(); ++w) {
    set_before[w] = set_before[w - 1] + static_cast<std::uint64_t>(std::popcount(bits_[w - 1]));
  }
  std::vector<std::uint64_t> sizes(unit_ == Unit::kBytes ? times : 0, 0);
  for (Tracked& o : tracked_) {
    const std::uint64_t below = bits_[o.last / 64] & ((1ULL << (o.last % 64)) - 1);
    const auto t = static_cast<std::uint32_t>(set_before[o.last / 64] + static_cast<std::uint64_t>(std::popcount(below)));
    if (unit_ == Unit::kBytes) sizes[t] = size_at_[o.last];
    o.last = t;
  }
  bits_.assign(times / 64, 0);
  for (std::uint64_t t = 0; t < live_; ++t) bits_[t / 64] |= 1ULL << (t % 64);
  // Fenwick tree built in linear time from the per-block counts (in bytes, no count is asked).
  blocks_.assign(unit_ == Unit::kBytes ? 0 : times / kBlockBits, 0);
  for (std::uint64_t b = 0; b < blocks_.size(); ++b) {
    const std::uint64_t first = b * kBlockBits;
    blocks_[b] += static_cast<std::uint32_t>(first >= live_ ? 0 : std::min(kBlockBits, live_ - first));
    const std::uint64_t parent = (b + 1) + ((b + 1) & (~(b + 1) + 1));
    if (parent <= blocks_.size()) blocks_[parent - 1] += blocks_[b];
  }
  now_ = live_;
  if (unit_ != Unit::kBytes) return;
  size_at_.swap(sizes);
  word_bytes_.assign(times / 64, 0);
  for (std::uint64_t w = 0; w < word_bytes_.size(); ++w) {
    for (std::uint64_t t = w * 64; t < w * 64 + 64; ++t) word_bytes_[w] += size_at_[t];
    const std::uint64_t parent = (w + 1) + ((w + 1) & (~(w + 1) + 1));
    if (parent <= word_bytes_.size()) word_bytes_[parent - 1] += word_bytes_[w];
  }
}

void StackDistance::count_distance(double distance) {
  const auto v = static_cast<std::uint64_t>(std::ceil(std::min(distance, static_cast<double>(kGridMax))));
  ++grid_[grid_cell(std::max<std::uint64_t>(v, 1))];
  for (size_t i = 0; i < exact_.size(); ++i) exact_hits_[i] += distance <= static_cast<double>(exact_[i]);
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
    access(requests[i].key, hash[i], requests[i].size);
  }
}

void StackDistance::access(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
  ++references_;
  largest_ = std::max(largest_, size);
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
    if (unit_ == Unit::kBytes) {
      // Its own size and the bytes of the distinct objects referenced since: those at later times.
      const std::uint64_t after = live_bytes_ - bytes_before(*last + 1);
      resized_ += size_at_[*last] != size;
      count_distance((static_cast<double>(after) + static_cast<double>(size)) / rate_);
    } else {
      // Distinct objects referenced since: live marks after the previous reference.
      const std::uint64_t distance = live_ - 1 - rank(*last);
      if (distance >= histogram_.size()) histogram_.resize(std::max<std::uint64_t>(distance + 1, 2 * histogram_.size()), 0);
      ++histogram_[distance];
    }
    clear_bit(*last);
    *last = static_cast<std::uint32_t>(now_);
  }
  set_bit(now_, size);
  ++now_;
}

std::uint64_t StackDistance::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return index_.memory_bytes() + bytes(tracked_) + bytes(bits_) + bytes(blocks_) +
         bytes(histogram_) + bytes(size_at_) + bytes(word_bytes_) + bytes(grid_) +
         bytes(exact_) + bytes(exact_hits_);
}

std::uint64_t StackDistance::distinct() const {
  return static_cast<std::uint64_t>(std::llround(static_cast<double>(live_) / rate_));
}

std::vector<std::uint64_t> StackDistance::capacities(int points) const {
  std::vector<std::uint64_t> out;
  if (unit_ == Unit::kObjects) {
    const double top = static_cast<double>(std::max<std::uint64_t>(distinct(), 2));
    for (int i = 0; i <= points; ++i)
      out.push_back(static_cast<std::uint64_t>(std::llround(std::pow(top, static_cast<double>(i) / points))));
  } else {
    const double lo = static_cast<double>(std::max<std::uint64_t>(largest_, 1));
    const double hi = std::max(lo, std::min(static_cast<double>(live_bytes_) / rate_, static_cast<double>(kGridMax)));
    for (int i = 0; i <= points; ++i) {
      const double target = lo * std::pow(hi / lo, static_cast<double>(i) / points);
      out.push_back(grid_value(grid_cell(static_cast<std::uint64_t>(std::ceil(target)))));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double StackDistance::miss_ratio(std::uint64_t capacity) const {
  if (sampled_ == 0) return 0.0;
  std::uint64_t hits = 0;
  if (unit_ == Unit::kObjects) {
    // A sampled distance d stands for d / R objects: hits at capacity c are those with d/R < c.
    const double scaled = static_cast<double>(capacity) * rate_;
    const std::uint64_t limit = static_cast<std::uint64_t>(std::ceil(scaled));
    for (std::uint64_t d = 0; d < std::min<std::uint64_t>(limit, histogram_.size()); ++d) hits += histogram_[d];
  } else if (auto it = std::find(exact_.begin(), exact_.end(), capacity); it != exact_.end()) {
    hits = exact_hits_[static_cast<size_t>(it - exact_.begin())];
  } else {
    // Exact on the grid: every distance up to a grid value rounds up to a cell no higher.
    assert(grid_value(grid_cell(capacity)) == capacity && "a byte capacity off the grid");
    for (std::uint64_t cell = 0; cell < kGridCells; ++cell) hits += grid_value(cell) <= capacity ? grid_[cell] : 0;
  }
  if (rate_ >= 1) return static_cast<double>(sampled_ - hits) / static_cast<double>(sampled_);
  // SHARDS-adj (Waldspurger et al. 2015, §4.2): a few hot keys in or out of the sample swing
  // the count; the difference between the expected and the actual number of samples is
  // credited to the smallest distance, which every capacity counts as a hit.
  const double expected = rate_ * static_cast<double>(references_);
  const double adjusted = static_cast<double>(hits) + expected - static_cast<double>(sampled_);
  return std::clamp(1.0 - adjusted / expected, 0.0, 1.0);
}

}  // namespace headroom::calc
