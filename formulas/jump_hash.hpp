// Jump consistent hash. Source: J. Lamping & E. Veach, "A Fast, Minimal Memory, Consistent Hash
// Algorithm", arXiv:1406.2294, 2014, Figure 1 (the 64-bit linear congruential version).
#pragma once

#include <cstdint>

namespace headroom::formulas {

/// The bucket in [0, buckets) of a 64-bit key. Requires: buckets >= 1.
inline std::int32_t jump_consistent_hash(std::uint64_t key, std::int32_t buckets) {
  std::int64_t b = -1, j = 0;
  while (j < buckets) {
    b = j;
    key = key * 2862933555777941757ULL + 1;
    j = static_cast<std::int64_t>((b + 1) * (static_cast<double>(1LL << 31) /
                                             static_cast<double>((key >> 33) + 1)));
  }
  return static_cast<std::int32_t>(b);
}

}  // namespace headroom::formulas
