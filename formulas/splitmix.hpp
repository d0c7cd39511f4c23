// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
// 2014): a fast generator whose every seed starts a good stream, so that Monte Carlo work split
// into blocks seeds each block from (seed, block index) and gives the same numbers on any
// number of threads.
#pragma once

#include <cstdint>

namespace headroom::formulas {

struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }  // [0, 1)
  /// In (0, 1]: safe under a logarithm.
  double uniform_open() { return static_cast<double>((next() >> 11) + 1) * 0x1p-53; }
};

/// The seed of block `block` of a run seeded `seed`: SplitMix's (block + 1)-th output, so that
/// the blocks' streams start at unrelated places (seeding them seed, seed + 1, ... would make
/// each block's stream its neighbour's shifted by one draw).
inline std::uint64_t block_seed(std::uint64_t seed, std::uint64_t block) {
  return SplitMix{seed + block * 0x9E3779B97F4A7C15ULL}.next();
}

}  // namespace headroom::formulas
