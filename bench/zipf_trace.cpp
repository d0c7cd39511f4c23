// Writes a synthetic "key 1" trace for the cache benchmarks: N requests, Zipf(alpha) over
// `objects` keys, seeded. Usage: zipf_trace REQUESTS OBJECTS ALPHA [SEED] > trace.txt
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "formulas/zipf_sampler.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: zipf_trace REQUESTS OBJECTS ALPHA [SEED]\n");
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
  for (unsigned long long i = 0; i < requests; ++i) {
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, zipf(uniform));
    out.append(digits, end);
    out.append(" 1\n");
    if (out.size() > (1 << 20) - 64) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
