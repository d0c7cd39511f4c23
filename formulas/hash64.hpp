// 64-bit key hashes for placement: xxh64 (Collet), MurmurHash3 x64_128 (Appleby; its first
// 64-bit half, as Cassandra's Murmur3Partitioner uses), FNV-1a 64 (Fowler, Noll & Vo), and
// MD5's first 8 bytes read little-endian. One function per choice; `none` reads the key as an
// unsigned integer.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace headroom::formulas {

enum class Hash64 { kMd5, kXxh64, kMurmur3, kFnv1a, kNone };

std::uint64_t xxh64(std::string_view data, std::uint64_t seed = 0);
std::uint64_t murmur3_x64_64(std::string_view data, std::uint64_t seed = 0);
std::uint64_t fnv1a_64(std::string_view data);
std::uint64_t md5_64(std::string_view data);

/// The key's 64-bit hash under `kind`. For kNone, the key must be a decimal unsigned integer;
/// returns nullopt when it is not.
std::optional<std::uint64_t> hash64(Hash64 kind, std::string_view key);

/// MurmurHash3's 64-bit finaliser: a bijective mix, for combining two hashes (rendezvous).
inline std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace headroom::formulas
