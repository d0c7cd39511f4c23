// Internal to the cache policies: an open-addressing index from key to entry, a pool of entries
// with intrusive doubly linked lists, and the byte (or object) accounting they share.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "formulas/hash64.hpp"

namespace headroom::calc::cache_store {

inline constexpr std::uint32_t kNone = ~0u;

/// Key → entry index. Linear probing with backward-shift deletion (no tombstones), at most half
/// full; it grows only when the working set outgrows what it was presized for.
class Index {
 public:
  explicit Index(std::uint64_t expected) { resize(capacity_for(expected)); }

  std::uint32_t find(std::uint64_t key) const {
    for (std::uint64_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i].entry == kNone) return kNone;
      if (slots_[i].key == key) return slots_[i].entry;
    }
  }
  /// The stored value for key, to read or change in place, or nullptr.
  std::uint32_t* value(std::uint64_t key) {
    for (std::uint64_t i = home(key);; i = (i + 1) & mask_) {
      if (slots_[i].entry == kNone) return nullptr;
      if (slots_[i].key == key) return &slots_[i].entry;
    }
  }
  /// Calls f(value&) for every stored value, in no particular order.
  template <class F>
  void for_each_value(F f) {
    for (Slot& s : slots_)
      if (s.entry != kNone) f(s.entry);
  }
  void insert(std::uint64_t key, std::uint32_t entry) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::uint64_t i = home(key);
    while (slots_[i].entry != kNone) i = (i + 1) & mask_;
    slots_[i] = {key, entry};
    ++size_;
  }
  /// Requires: key is present.
  void erase(std::uint64_t key) {
    std::uint64_t i = home(key);
    while (true) {
      assert(slots_[i].entry != kNone && "erasing a key that is not in the index");
      if (slots_[i].key == key) break;
      i = (i + 1) & mask_;
    }
    // Shift back every later slot of the run that would not be found past the hole.
    for (std::uint64_t j = (i + 1) & mask_; slots_[j].entry != kNone; j = (j + 1) & mask_) {
      const std::uint64_t h = home(slots_[j].key);
      if (((j - h) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].entry = kNone;
    --size_;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t entry = kNone;
  };
  static std::uint64_t capacity_for(std::uint64_t n) {
    std::uint64_t c = 16;
    while (c < 2 * n + 2) c *= 2;
    return c;
  }
  std::uint64_t home(std::uint64_t key) const { return formulas::fmix64(key) & mask_; }
  void resize(std::uint64_t n) {
    slots_.assign(n, Slot{});
    mask_ = n - 1;
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    resize(old.size() * 2);
    size_ = 0;
    for (const Slot& s : old)
      if (s.entry != kNone) insert(s.key, s.entry);
  }
  std::vector<Slot> slots_;
  std::uint64_t mask_ = 0, size_ = 0;
};

struct Entry {
  std::uint64_t key = 0;
  std::uint64_t size = 0;
  std::uint32_t prev = kNone;  // towards the head (newer)
  std::uint32_t next = kNone;  // towards the tail (older)
  std::uint32_t aux = 0;       // per policy: frequency, visited bit, list tag, position
  std::uint32_t aux2 = 0;      // per policy: LFU bucket
};

/// A doubly linked list threaded through the pool, with the bytes (or objects) it holds.
struct List {
  std::uint32_t head = kNone, tail = kNone;
  std::uint64_t bytes = 0, count = 0;
};

class Pool {
 public:
  explicit Pool(std::uint64_t expected) { entries_.reserve(expected); }
  std::uint32_t make(std::uint64_t key, std::uint64_t size) {
    std::uint32_t e;
    if (!free_.empty()) {
      e = free_.back();
      free_.pop_back();
      entries_[e] = Entry{};
    } else {
      e = static_cast<std::uint32_t>(entries_.size());
      entries_.emplace_back();
    }
    entries_[e].key = key, entries_[e].size = size;
    return e;
  }
  void release(std::uint32_t e) { free_.push_back(e); }
  Entry& operator[](std::uint32_t e) { return entries_[e]; }

  void push_front(List& l, std::uint32_t e) {
    Entry& x = entries_[e];
    x.prev = kNone, x.next = l.head;
    if (l.head != kNone) entries_[l.head].prev = e;
    l.head = e;
    if (l.tail == kNone) l.tail = e;
    l.bytes += x.size, ++l.count;
  }
  void remove(List& l, std::uint32_t e) {
    Entry& x = entries_[e];
    if (x.prev != kNone) entries_[x.prev].next = x.next; else l.head = x.next;
    if (x.next != kNone) entries_[x.next].prev = x.prev; else l.tail = x.prev;
    x.prev = x.next = kNone;
    l.bytes -= x.size, --l.count;
  }

 private:
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> free_;
};

}  // namespace headroom::calc::cache_store
