// Writes a synthetic "key 1" trace for the cache benchmarks: N requests, Zipf(alpha) over
// `objects` keys, seeded; or the same requests as libCacheSim's oracleGeneral binary records
// (u32 time, u64 id, u32 size 1, i64 next access -1; little-endian).
// Usage: zipf_trace REQUESTS OBJECTS ALPHA [SEED [text|oracleGeneral]] > trace
#include <charconv>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "formulas/zipf_sampler.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: zipf_trace REQUESTS OBJECTS ALPHA [SEED [text|oracleGeneral]]\n");
    return 2;
  }
  const auto requests = std::strtoull(argv[1], nullptr, 10);
  const auto objects = std::strtoull(argv[2], nullptr, 10);
  const double alpha = std::strtod(argv[3], nullptr);
  std::mt19937_64 rng(argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1);
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
  headroom::formulas::ZipfSampler zipf(objects, alpha);
  std::string out;
  out.reserve(1 << 20);
  char digits[24];
  const bool binary = argc > 5 && std::string(argv[5]) == "oracleGeneral";
  for (unsigned long long i = 0; i < requests; ++i) {
    const std::uint64_t id = zipf(uniform);
    if (binary) {
      char record[24];
      const std::uint32_t time = static_cast<std::uint32_t>(i), size = 1;
      const std::int64_t next = -1;
      std::memcpy(record, &time, 4), std::memcpy(record + 4, &id, 8);
      std::memcpy(record + 12, &size, 4), std::memcpy(record + 16, &next, 8);
      out.append(record, sizeof record);
    } else {
      auto [end, ec] = std::to_chars(digits, digits + sizeof digits, id);
      out.append(digits, end);
      out.append(" 1\n");
    }
    if (out.size() > (1 << 20) - 64) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
