#include "calc/stack_distance.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "formulas/hash64.hpp"

namespace headroom::calc {

StackDistance::StackDistance(double sample_rate, std::uint64_t expected)
    : rate_(sample_rate),
      threshold_(sample_rate >= 1 ? ~0ULL : static_cast<std::uint64_t>(std::ldexp(sample_rate, 64))),
      index_(static_cast<std::uint64_t>(static_cast<double>(expected) * std::min(1.0, sample_rate * 1.1)) + 16),
      tree_(1024, 0) {}

void StackDistance::add(std::uint64_t t, int delta) {
  for (std::uint64_t i = t + 1; i <= tree_.size(); i += i & (~i + 1))
    tree_[i - 1] = static_cast<std::uint32_t>(static_cast<int>(tree_[i - 1]) + delta);
}

std::uint64_t StackDistance::prefix(std::uint64_t t) const {
  std::uint64_t sum = 0;
  for (std::uint64_t i = t; i > 0; i -= i & (~i + 1)) sum += tree_[i - 1];
  return sum;
}

// Renumbers the live last-reference times 0..m−1 in order, in a tree twice that size.
void StackDistance::compact() {
  std::vector<std::uint32_t> order(last_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return last_[a] < last_[b]; });
  const std::uint64_t size = std::max<std::uint64_t>(1024, 2 * last_.size());
  tree_.assign(size, 0);
  for (std::uint64_t t = 0; t < order.size(); ++t) {
    last_[order[t]] = t;
    add(t, +1);
  }
  now_ = order.size();
}

void StackDistance::access(std::uint64_t key) {
  ++references_;
  if (rate_ < 1 && formulas::fmix64(key ^ 0x5348415244530000ULL) >= threshold_) return;  // "SHARDS"
  ++sampled_;
  if (now_ >= tree_.size()) compact();
  const std::uint32_t object = index_.find(key);
  if (object == cache_store::kNone) {
    ++cold_;
    index_.insert(key, static_cast<std::uint32_t>(last_.size()));
    last_.push_back(now_);
  } else {
    const std::uint64_t previous = last_[object];
    // Distinct objects referenced since: marks after the previous reference.
    const std::uint64_t distance = prefix(now_) - prefix(previous + 1);
    if (distance >= histogram_.size()) histogram_.resize(distance + 1, 0);
    ++histogram_[distance];
    add(previous, -1);
    last_[object] = now_;
  }
  add(now_, +1);
  ++now_;
  distinct_ = static_cast<std::uint64_t>(std::llround(static_cast<double>(last_.size()) / rate_));
}

double StackDistance::miss_ratio(std::uint64_t objects) const {
  if (sampled_ == 0) return 0.0;
  // A sampled distance d stands for d / R objects: hits at capacity c are those with d/R < c.
  const double scaled = static_cast<double>(objects) * rate_;
  const std::uint64_t limit = static_cast<std::uint64_t>(std::ceil(scaled));
  std::uint64_t hits = 0;
  for (std::uint64_t d = 0; d < std::min<std::uint64_t>(limit, histogram_.size()); ++d) hits += histogram_[d];
  return 1.0 - static_cast<double>(hits) / static_cast<double>(sampled_);
}

}  // namespace headroom::calc
