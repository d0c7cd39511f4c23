// Internal to the cache simulations: an open-addressing index from a key's hash to an entry id,
// a pool of entries with intrusive doubly linked lists, and the byte (or object) accounting
// they share.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "calc/base/error.hpp"
#include "formulas/hash64.hpp"

namespace headroom::calc::cache_store {

inline constexpr std::uint32_t kNone = ~0u;

/// The hash every index below is keyed by.
inline std::uint64_t hash_of(std::uint64_t key) { return formulas::fmix64(key); }

/// Hash → entry id. Linear probing with backward-shift deletion (no tombstones), at most half
/// full. A slot is 8 bytes: the hash's low 32 bits (its home is those bits under the mask, so
/// moving and growing never look at a key) and id + 1 (0 marks an empty slot). The caller
/// keeps the keys and confirms a candidate with `same(id)`: equal low bits are not equal keys.
class Index {
 public:
  explicit Index(std::uint64_t expected) {
    std::uint64_t n = 16;
    while (n < 2 * expected + 2) n *= 2;
    resize(n);
  }

  /// The id whose hash is `hash` and for which same(id) holds, or kNone.
  template <class Same>
  std::uint32_t find(std::uint64_t hash, Same same) const {
    const auto tag = static_cast<std::uint32_t>(hash);
    for (std::uint64_t i = tag & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t s = slots_[i];
      if (s == 0) return kNone;
      if (static_cast<std::uint32_t>(s >> 32) == tag && same(static_cast<std::uint32_t>(s) - 1)) {
        return static_cast<std::uint32_t>(s) - 1;
      }
    }
  }
  /// Starts loading the slot where a search for hash begins.
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(&slots_[hash & mask_]); }
  std::uint64_t memory_bytes() const { return slots_.capacity() * sizeof(std::uint64_t); }
  /// The first id stored under hash's low 32 bits, or kNone: what find would compare first,
  /// to prefetch.
  std::uint32_t candidate(std::uint64_t hash) const {
    return find(hash, [](std::uint32_t) { return true; });
  }
  /// Requires: no id with this hash and key is present.
  void insert(std::uint64_t hash, std::uint32_t id) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(static_cast<std::uint32_t>(hash), id);
    ++size_;
  }
  /// Requires: id is present under hash.
  void erase(std::uint64_t hash, std::uint32_t id) {
    const std::uint64_t want = (hash << 32) | (static_cast<std::uint64_t>(id) + 1);
    std::uint64_t i = hash & mask_;
    while (slots_[i] != want) {
      assert(slots_[i] != 0 && "erasing an id that is not in the index");
      i = (i + 1) & mask_;
    }
    // Shift back every later slot of the run that would not be found past the hole.
    for (std::uint64_t j = (i + 1) & mask_; slots_[j] != 0; j = (j + 1) & mask_) {
      const std::uint64_t home = (slots_[j] >> 32) & mask_;
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = 0;
    --size_;
  }

 private:
  void place(std::uint32_t tag, std::uint32_t id) {
    std::uint64_t i = tag & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = (static_cast<std::uint64_t>(tag) << 32) | (static_cast<std::uint64_t>(id) + 1);
  }
  void resize(std::uint64_t n) {
    // Homes are taken from 32 bits of the hash, so the table stops at 2^32 slots.
    if (n > (1ULL << 32)) throw Error::input("a cache simulation holds more than 2^31 objects; that is past what headroom can index");
    slots_.assign(n, 0);
    mask_ = n - 1;
  }
  void grow() {
    std::vector<std::uint64_t> old;
    old.swap(slots_);
    resize(old.size() * 2);
    for (const std::uint64_t s : old)
      if (s != 0) place(static_cast<std::uint32_t>(s >> 32), static_cast<std::uint32_t>(s) - 1);
  }
  std::vector<std::uint64_t> slots_;
  std::uint64_t mask_ = 0, size_ = 0;
};

struct Entry {
  std::uint64_t key = 0;
  std::uint64_t size = 0;
  std::uint32_t prev = kNone;  // towards the head (newer)
  std::uint32_t next = kNone;  // towards the tail (older)
  std::uint32_t aux = 0;       // per policy: frequency, visited bit, list tag, position, bucket
};

/// A doubly linked list threaded through the pool, with the bytes (or objects) it holds.
struct List {
  std::uint32_t head = kNone, tail = kNone;
  std::uint64_t bytes = 0, count = 0;
};

/// Objects of type T numbered from 0, reused through a free list.
template <class T>
class Slab {
 public:
  void reserve(std::uint64_t n) { items_.reserve(n); }
  /// A fresh T{} at a free number.
  std::uint32_t make() {
    if (!free_.empty()) {
      const std::uint32_t i = free_.back();
      free_.pop_back();
      items_[i] = T{};
      return i;
    }
    if (items_.size() >= kNone - 1) {
      throw Error::input("a cache simulation holds more than 2^32 - 2 objects; that is past what headroom can index");
    }
    items_.emplace_back();
    return static_cast<std::uint32_t>(items_.size() - 1);
  }
  void release(std::uint32_t i) { free_.push_back(i); }
  /// Bytes allocated (vectors keep their high-water mark).
  std::uint64_t memory_bytes() const {
    return items_.capacity() * sizeof(T) + free_.capacity() * sizeof(std::uint32_t);
  }
  T& operator[](std::uint32_t i) { return items_[i]; }
  const T& operator[](std::uint32_t i) const { return items_[i]; }

 private:
  std::vector<T> items_;
  std::vector<std::uint32_t> free_;
};

/// Cache entries with the index that finds them by key, and the lists threaded through them.
class Pool {
 public:
  explicit Pool(std::uint64_t expected) : index_(expected) { entries_.reserve(expected); }

  std::uint32_t find(std::uint64_t key, std::uint64_t hash) const {
    return index_.find(hash, [&](std::uint32_t e) { return entries_[e].key == key; });
  }
  /// A new entry for key, in the index. Requires: key is not present.
  std::uint32_t make(std::uint64_t key, std::uint64_t hash, std::uint64_t size) {
    const std::uint32_t e = entries_.make();
    entries_[e].key = key, entries_[e].size = size;
    index_.insert(hash, e);
    return e;
  }
  /// Drops e from the index and frees it. Requires: e is in no list.
  void release(std::uint32_t e) {
    index_.erase(hash_of(entries_[e].key), e);
    entries_.release(e);
  }
  Entry& operator[](std::uint32_t e) { return entries_[e]; }
  std::uint64_t memory_bytes() const { return entries_.memory_bytes() + index_.memory_bytes(); }
  /// Starts loading where a find for hash will look first.
  void prefetch_slot(std::uint64_t hash) const { index_.prefetch(hash); }
  /// Starts loading the entry a find for hash will compare first (its slot should be loaded).
  void prefetch_entry(std::uint64_t hash) const {
    const std::uint32_t e = index_.candidate(hash);
    if (e != kNone) __builtin_prefetch(&entries_[e]);
  }

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
  Index index_;
  Slab<Entry> entries_;
};

}  // namespace headroom::calc::cache_store
