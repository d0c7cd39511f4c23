#include "formulas/hash64.hpp"

#include <charconv>
#include <cstring>

#include "formulas/md5.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace headroom::formulas {
namespace {

inline std::uint64_t rotl64(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

inline std::uint64_t load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);  // little-endian hosts only, as the reference implementation
  return v;
}

}  // namespace

std::uint64_t xxh64(std::string_view data, std::uint64_t seed) {
  return XXH64(data.data(), data.size(), seed);
}

std::uint64_t murmur3_x64_64(std::string_view data, std::uint64_t seed) {
  // MurmurHash3_x64_128 (Appleby, SMHasher), returning h1.
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  const size_t len = data.size(), blocks = len / 16;
  std::uint64_t h1 = seed, h2 = seed;
  constexpr std::uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
  for (size_t i = 0; i < blocks; ++i) {
    std::uint64_t k1 = load64(p + 16 * i), k2 = load64(p + 16 * i + 8);
    k1 *= c1, k1 = rotl64(k1, 31), k1 *= c2, h1 ^= k1;
    h1 = rotl64(h1, 27), h1 += h2, h1 = h1 * 5 + 0x52dce729;
    k2 *= c2, k2 = rotl64(k2, 33), k2 *= c1, h2 ^= k2;
    h2 = rotl64(h2, 31), h2 += h1, h2 = h2 * 5 + 0x38495ab5;
  }
  const unsigned char* tail = p + 16 * blocks;
  std::uint64_t k1 = 0, k2 = 0;
  switch (len & 15) {
    case 15: k2 ^= std::uint64_t{tail[14]} << 48; [[fallthrough]];
    case 14: k2 ^= std::uint64_t{tail[13]} << 40; [[fallthrough]];
    case 13: k2 ^= std::uint64_t{tail[12]} << 32; [[fallthrough]];
    case 12: k2 ^= std::uint64_t{tail[11]} << 24; [[fallthrough]];
    case 11: k2 ^= std::uint64_t{tail[10]} << 16; [[fallthrough]];
    case 10: k2 ^= std::uint64_t{tail[9]} << 8; [[fallthrough]];
    case 9:
      k2 ^= std::uint64_t{tail[8]};
      k2 *= c2, k2 = rotl64(k2, 33), k2 *= c1, h2 ^= k2;
      [[fallthrough]];
    case 8: k1 ^= std::uint64_t{tail[7]} << 56; [[fallthrough]];
    case 7: k1 ^= std::uint64_t{tail[6]} << 48; [[fallthrough]];
    case 6: k1 ^= std::uint64_t{tail[5]} << 40; [[fallthrough]];
    case 5: k1 ^= std::uint64_t{tail[4]} << 32; [[fallthrough]];
    case 4: k1 ^= std::uint64_t{tail[3]} << 24; [[fallthrough]];
    case 3: k1 ^= std::uint64_t{tail[2]} << 16; [[fallthrough]];
    case 2: k1 ^= std::uint64_t{tail[1]} << 8; [[fallthrough]];
    case 1:
      k1 ^= std::uint64_t{tail[0]};
      k1 *= c1, k1 = rotl64(k1, 31), k1 *= c2, h1 ^= k1;
  }
  h1 ^= len, h2 ^= len;
  h1 += h2, h2 += h1;
  h1 = fmix64(h1), h2 = fmix64(h2);
  h1 += h2;
  return h1;
}

std::uint64_t fnv1a_64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV offset basis
  for (unsigned char c : data) h = (h ^ c) * 0x100000001b3ULL;  // FNV prime
  return h;
}

std::uint64_t md5_64(std::string_view data) {
  const Md5Digest d = md5(data);
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | d[i];
  return v;
}

std::optional<std::uint64_t> hash64(Hash64 kind, std::string_view key) {
  switch (kind) {
    case Hash64::kMd5: return md5_64(key);
    case Hash64::kXxh64: return xxh64(key);
    case Hash64::kMurmur3: return murmur3_x64_64(key);
    case Hash64::kFnv1a: return fnv1a_64(key);
    case Hash64::kNone: {
      std::uint64_t v = 0;
      auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
      if (ec != std::errc() || end != key.data() + key.size()) return std::nullopt;
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace headroom::formulas
