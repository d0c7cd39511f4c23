// Names to positions in a list, for lists of 100,000 blocks: open addressing over one flat
// table of (hash, position) slots. The names stay in the caller's list; find() reads them back
// through the same accessor, so the index holds no pointers into it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace headroom::calc {

class NameIndex {
 public:
  /// Indexes name_of(0) .. name_of(n − 1). False when a name repeats (the index is then empty:
  /// callers scan, so that the first of a name wins).
  template <class NameOf>
  bool build(std::size_t n, NameOf name_of) {
    clear();
    if (n == 0) return true;
    std::size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    slots_.assign(cap, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view name = name_of(i);
      const std::uint64_t h = hash(name);
      std::size_t at = h & (cap - 1);
      for (; slots_[at] != 0; at = (at + 1) & (cap - 1)) {
        if (tag(slots_[at]) == tag(h) && name_of(position(slots_[at])) == name) {
          clear();
          return false;
        }
      }
      slots_[at] = (h & ~kPositionMask) | (static_cast<std::uint64_t>(i) + 1);
    }
    size_ = n;
    return true;
  }

  template <class NameOf>
  std::optional<std::size_t> find(std::string_view name, NameOf name_of) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t h = hash(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = h & mask; slots_[at] != 0; at = (at + 1) & mask) {
      if (tag(slots_[at]) == tag(h) && name_of(position(slots_[at])) == name)
        return position(slots_[at]);
    }
    return std::nullopt;
  }

  /// The number of names indexed (0 when empty or after a repeat).
  std::size_t size() const { return size_; }
  void clear() {
    slots_.clear();
    size_ = 0;
  }

 private:
  // A slot: the hash's high 32 bits, then the position + 1 (0 is an empty slot).
  static constexpr std::uint64_t kPositionMask = 0xffffffffu;
  static std::uint64_t hash(std::string_view s) { return std::hash<std::string_view>{}(s); }
  static std::uint64_t tag(std::uint64_t v) { return v & ~kPositionMask; }
  static std::size_t position(std::uint64_t slot) { return (slot & kPositionMask) - 1; }

  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

}  // namespace headroom::calc
