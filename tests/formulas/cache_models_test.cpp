#include "formulas/cache_models.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "formulas/zipf_sampler.hpp"

using namespace headroom::formulas;

namespace {

// A TTL cache without a capacity limit, simulated: Poisson requests at `rate`, objects drawn by
// Zipf(α), each kept `ttl` seconds from its fetch (fixed) or from its last request (sliding).
// The hit ratio of the requests after a warm-up of 20 TTLs.
double simulate_ttl(std::uint64_t n, double alpha, double rate, double ttl, bool sliding,
                    std::uint64_t requests, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; };
  ZipfSampler zipf(n, alpha);
  std::vector<double> expires(n + 1, -1.0);
  const double warm = 20 * ttl;
  double now = 0;
  std::uint64_t hits = 0, counted = 0;
  while (counted < requests) {
    now += -std::log(uniform()) / rate;
    const std::uint64_t i = zipf(uniform);
    const bool hit = expires[i] > now;
    if (!hit || sliding) expires[i] = now + ttl;  // fetched again, or (sliding) the TTL restarts
    if (now > warm) hits += hit, ++counted;
  }
  return static_cast<double>(hits) / static_cast<double>(counted);
}

}  // namespace

// The closed forms against simulation on Zipf(0.8) over 1,000 objects at 100 requests/s, TTLs
// from a tenth of a second to a minute: within four standard errors of a binomial proportion.
TEST_CASE("TTL cache without a capacity limit: closed forms against simulation", "[formulas][cache][ttl]") {
  const std::uint64_t n = 1000, requests = 400'000;
  const double alpha = 0.8, rate = 100;
  for (const double ttl : {0.1, 1.0, 10.0, 60.0}) {
    for (const bool sliding : {false, true}) {
      CAPTURE(ttl, sliding);
      const TtlEstimate e = sliding ? ttl_sliding(n, alpha, rate, ttl) : ttl_fixed(n, alpha, rate, ttl);
      const double simulated = simulate_ttl(n, alpha, rate, ttl, sliding, requests, 42 + static_cast<unsigned>(ttl * 10));
      const double se = std::sqrt(e.hit_ratio * (1 - e.hit_ratio) / static_cast<double>(requests));
      CHECK(std::fabs(simulated - e.hit_ratio) < 4 * se + 1e-4);
      CHECK(e.objects_held <= static_cast<double>(n));
      CHECK(e.objects_held >= 0);
    }
  }
}

TEST_CASE("TTL closed forms: limits and order", "[formulas][cache][ttl]") {
  // No TTL, no hit; a TTL far longer than any gap, nearly every request hits.
  CHECK(ttl_fixed(100, 0.9, 10, 0).hit_ratio == 0);
  CHECK(ttl_sliding(100, 0.9, 10, 0).hit_ratio == 0);
  CHECK(ttl_sliding(100, 0.9, 10, 1e9).hit_ratio == Approx(1).margin(1e-6));
  CHECK(ttl_sliding(100, 0.9, 10, 1e9).objects_held == Approx(100).margin(1e-4));
  // Sliding keeps an object at least as long as fixed does: its hit ratio is never lower.
  for (const double ttl : {0.01, 0.3, 3.0, 30.0}) {
    CAPTURE(ttl);
    CHECK(ttl_sliding(10'000, 1.0, 50, ttl).hit_ratio >= ttl_fixed(10'000, 1.0, 50, ttl).hit_ratio);
  }
  // One object at λ = 2/s, τ = 1 s: fixed 2/(1+2) = 2/3; sliding 1 − e^−2 = 0.8647.
  CHECK(ttl_fixed(1, 0.0, 2, 1).hit_ratio == Approx(2.0 / 3).epsilon(1e-12));
  CHECK(ttl_sliding(1, 0.0, 2, 1).hit_ratio == Approx(1 - std::exp(-2.0)).epsilon(1e-12));
}
