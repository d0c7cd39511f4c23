// MD5 (RFC 1321), the hash ketama and its clients place servers and keys with. Written for
// short messages: a key or "host:port-i" is hashed in one or two blocks without allocation.
// Source: R. Rivest, "The MD5 Message-Digest Algorithm", RFC 1321, 1992.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace headroom::formulas {

using Md5Digest = std::array<std::uint8_t, 16>;

/// The MD5 digest of `data` (any length).
Md5Digest md5(std::string_view data);

/// The digest as its four little-endian 32-bit words: word i is ketama_point(md5(data), i).
using Md5Words = std::array<std::uint32_t, 4>;
Md5Words md5_words(std::string_view data);

/// md5_words of four messages at once, interleaved for instruction-level parallelism: about
/// twice the throughput of four calls for short keys (each at most 55 bytes; longer ones are
/// hashed one by one).
void md5_words_x4(const std::string_view* data, Md5Words* out);

/// The ketama point of a digest: the little-endian 32-bit word `index` (0..3) of the digest,
/// (d[4i+3] << 24) | (d[4i+2] << 16) | (d[4i+1] << 8) | d[4i], as libketama's
/// ketama_md5_digest consumers read it. Requires: index < 4.
inline std::uint32_t ketama_point(const Md5Digest& d, unsigned index) {
  const unsigned b = index * 4;
  return (std::uint32_t{d[b + 3]} << 24) | (std::uint32_t{d[b + 2]} << 16) |
         (std::uint32_t{d[b + 1]} << 8) | std::uint32_t{d[b]};
}

}  // namespace headroom::formulas
