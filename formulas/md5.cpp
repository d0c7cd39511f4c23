#include "formulas/md5.hpp"

#include <cstring>
#include <utility>

namespace headroom::formulas {
namespace {

// Per-round shift amounts and the sine-derived constants K[i] = ⌊2³² |sin(i + 1)|⌋ (RFC 1321 §3.4).
constexpr std::uint32_t kShift[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                                      5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                                      4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                                      6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
constexpr std::uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391};

inline std::uint32_t rotl(std::uint32_t x, std::uint32_t c) { return (x << c) | (x >> (32 - c)); }

// Step I of the 64, with its round's function and message word (RFC 1321 §3.4). The four state
// words rotate roles each step; indexing them by I mod 4 lets the compiler keep them in
// registers once the steps are unrolled.
template <int I>
inline void step(std::uint32_t* v, const std::uint32_t* m) {
  std::uint32_t& a = v[(64 - I) % 4];
  const std::uint32_t b = v[(65 - I) % 4], c = v[(66 - I) % 4], d = v[(67 - I) % 4];
  std::uint32_t f;
  int g;
  if constexpr (I < 16) {
    f = d ^ (b & (c ^ d)), g = I;
  } else if constexpr (I < 32) {
    f = c ^ (d & (b ^ c)), g = (5 * I + 1) % 16;
  } else if constexpr (I < 48) {
    f = b ^ c ^ d, g = (3 * I + 5) % 16;
  } else {
    f = c ^ (b | ~d), g = (7 * I) % 16;
  }
  a = b + rotl(a + f + kSine[I] + m[g], kShift[I]);
}

template <size_t... I>
inline void all_steps(std::uint32_t* v, const std::uint32_t* m, std::index_sequence<I...>) {
  (step<static_cast<int>(I)>(v, m), ...);
}

// The steps of several independent messages interleaved: MD5 is one long dependency chain, so
// a core left to one message idles; running kLanes chains side by side fills it.
template <size_t Lanes, size_t... I>
inline void all_steps_lanes(std::uint32_t (*v)[4], const std::uint32_t (*m)[16],
                            std::index_sequence<I...>) {
  auto one_step = [&]<size_t S>(std::integral_constant<size_t, S>) {
    for (size_t lane = 0; lane < Lanes; ++lane) step<static_cast<int>(S)>(v[lane], m[lane]);
  };
  (one_step(std::integral_constant<size_t, I>()), ...);
}

// The single padded block of a message of at most 55 bytes.
inline void single_block(std::string_view data, std::uint32_t* m) {
  unsigned char block[64] = {};
  std::memcpy(block, data.data(), data.size());
  block[data.size()] = 0x80;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  std::memcpy(block + 56, &bits, 8);
  std::memcpy(m, block, 64);
}

// One 64-byte block into the state; the message words are read little-endian.
void compress(std::uint32_t state[4], const unsigned char* block) {
  std::uint32_t m[16];
  std::memcpy(m, block, sizeof m);  // little-endian hosts, as the words are defined
  std::uint32_t v[4] = {state[0], state[1], state[2], state[3]};
  all_steps(v, m, std::make_index_sequence<64>());
  state[0] += v[0], state[1] += v[1], state[2] += v[2], state[3] += v[3];
}

}  // namespace

Md5Words md5_words(std::string_view data) {
  std::uint32_t state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t left = data.size();
  while (left >= 64) {
    compress(state, p);
    p += 64, left -= 64;
  }
  // Padding: 0x80, zeros, then the length in bits, little-endian, in the last 8 bytes.
  const size_t tail_size = left + 9 <= 64 ? 64 : 128;
  unsigned char tail[128];
  std::memset(tail, 0, tail_size);
  std::memcpy(tail, p, left);
  tail[left] = 0x80;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  std::memcpy(tail + tail_size - 8, &bits, 8);  // little-endian
  compress(state, tail);
  if (tail_size == 128) compress(state, tail + 64);
  return {state[0], state[1], state[2], state[3]};
}

void md5_words_x4(const std::string_view* data, Md5Words* out) {
  constexpr size_t kLanes = 4;
  constexpr size_t kMaxSingleBlock = 55;
  bool short_enough = true;
  for (size_t i = 0; i < kLanes; ++i) short_enough &= data[i].size() <= kMaxSingleBlock;
  if (!short_enough) {
    for (size_t i = 0; i < kLanes; ++i) out[i] = md5_words(data[i]);
    return;
  }
  std::uint32_t m[kLanes][16];
  std::uint32_t v[kLanes][4];
  for (size_t i = 0; i < kLanes; ++i) {
    single_block(data[i], m[i]);
    v[i][0] = 0x67452301, v[i][1] = 0xefcdab89, v[i][2] = 0x98badcfe, v[i][3] = 0x10325476;
  }
  all_steps_lanes<kLanes>(v, m, std::make_index_sequence<64>());
  for (size_t i = 0; i < kLanes; ++i) {
    out[i] = {v[i][0] + 0x67452301, v[i][1] + 0xefcdab89, v[i][2] + 0x98badcfe,
              v[i][3] + 0x10325476};
  }
}

Md5Digest md5(std::string_view data) {
  const Md5Words words = md5_words(data);
  Md5Digest out;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(words[i] >> (8 * j));
  return out;
}

}  // namespace headroom::formulas
