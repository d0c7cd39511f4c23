#include "formulas/mva.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

using namespace headroom::formulas;

namespace {

using Poly = std::vector<long double>;

// f(j) = D^j / Π_{l<=j} min(l, c) (a delay: c = ∞, so D^j / j!), j = 0 .. n.
Poly station_terms(const MvaStation& s, int n) {
  Poly f(n + 1);
  f[0] = 1;
  for (int j = 1; j <= n; ++j) {
    const long double rate = s.delay ? j : std::min(j, s.servers);
    f[j] = f[j - 1] * s.demand / rate;
  }
  return f;
}

Poly convolve(const Poly& a, const Poly& b, int n) {
  Poly out(n + 1, 0);
  for (int i = 0; i <= n; ++i)
    for (int j = 0; i + j <= n; ++j) out[i + j] += a[i] * b[j];
  return out;
}

}  // namespace

TEST_CASE("exact MVA agrees with Buzen's convolution on random multi-server networks", "[formulas][mva]") {
  // The reference: the normalising constants G(n) of the product form by convolution (Buzen,
  // CACM 16(9), 1973), in long double; X(N) = G(N − 1)/G(N), and a station's mean queue
  // Σ_j j·f_i(j)·G_{−i}(N − j)/G(N). A different algorithm from MVA's recursion.
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> u(0, 1);
  for (int round = 0; round < 60; ++round) {
    const int n = 1 + static_cast<int>(u(rng) * 40);
    const int k = 1 + static_cast<int>(u(rng) * 5);
    std::vector<MvaStation> st;
    for (int i = 0; i < k; ++i) {
      MvaStation s;
      s.demand = 0.001 + 0.05 * u(rng);
      s.servers = 1 + static_cast<int>(u(rng) * 8);
      s.delay = u(rng) < 0.15;
      st.push_back(s);
    }
    const double think = u(rng) < 0.3 ? 0.0 : u(rng) * 0.5;
    Poly g(n + 1, 0);
    g[0] = 1;
    MvaStation z;
    z.demand = think, z.delay = true;
    if (think > 0) g = station_terms(z, n);
    std::vector<Poly> f;
    for (const MvaStation& s : st) {
      f.push_back(station_terms(s, n));
      g = convolve(g, f.back(), n);
    }
    const std::vector<MvaPoint> points = mva(st, think, n);
    REQUIRE(points.size() == 1);
    const MvaPoint& p = points.back();
    INFO("round " << round << ", N = " << n << ", stations " << k);
    const long double x = g[n - 1] / g[n];
    CHECK(p.throughput == Approx(static_cast<double>(x)).epsilon(1e-10));
    for (int i = 0; i < k; ++i) {
      // G without station i: convolve the others (and the think time).
      Poly rest(n + 1, 0);
      rest[0] = 1;
      if (think > 0) rest = station_terms(z, n);
      for (int m = 0; m < k; ++m)
        if (m != i) rest = convolve(rest, f[m], n);
      long double queue = 0;
      for (int j = 1; j <= n; ++j) queue += j * f[i][j] * rest[n - j];
      queue /= g[n];
      CHECK(p.queue_length[i] == Approx(static_cast<double>(queue)).epsilon(1e-9).margin(1e-12));
    }
    CHECK(p.response + think == Approx(n / p.throughput).epsilon(1e-12));  // Little
  }
}

TEST_CASE("MVA meets its asymptotic bounds", "[formulas][mva]") {
  // X(N) <= min(N/(D + Z), c_i/D_i); R(N) >= max(D, N·max(D_i/c_i) − Z).
  const std::vector<MvaStation> st = {{0.010, 4, false}, {0.004, 1, false}, {0.002, 1, true}};
  const double think = 1.0, d = 0.016, bottleneck = 0.004;  // D_i/c_i: 0.0025, 0.004
  const std::vector<MvaPoint> points = mva(st, think, 2000, {1, 10, 100, 253, 500, 1000});
  for (const MvaPoint& p : points) {
    INFO("N = " << p.users);
    CHECK(p.throughput <= std::min(p.users / (d + think), 1 / bottleneck) * (1 + 1e-12));
    CHECK(p.response >= std::max(d, p.users * bottleneck - think) * (1 - 1e-12));
    CHECK(p.utilization[1] <= 1 + 1e-12);
  }
  CHECK(points.front().users == 1);
  CHECK(points.front().response == Approx(d).epsilon(1e-14));  // one user never waits
  CHECK(points.back().users == 2000);
  CHECK(points.back().throughput == Approx(250).epsilon(1e-6));  // saturated: 1/0.004
}

TEST_CASE("MVA stays exact at 2,000 users, where the marginal recursion loses every digit", "[formulas][mva]") {
  // Reiser–Lavenberg's load-dependent recursion takes P(0 present) by difference: past ~1,200
  // users on this network its throughput was 8 % low and the 32-server station's queue 7×
  // too long. Against Buzen's convolution in long double.
  const std::vector<MvaStation> st = {{0.015, 32, false}, {0.020, 8, false}, {0.009, 4, false}, {0.010, 1, true}};
  const int n = 2000;
  const double think = 5.0;
  MvaStation z;
  z.demand = think, z.delay = true;
  Poly g = station_terms(z, n);
  std::vector<Poly> f;
  for (const MvaStation& s : st) {
    f.push_back(station_terms(s, n));
    g = convolve(g, f.back(), n);
  }
  const MvaPoint p = mva(st, think, n).back();
  CHECK(p.throughput == Approx(static_cast<double>(g[n - 1] / g[n])).epsilon(1e-10));
  Poly rest = station_terms(z, n);
  for (size_t m = 1; m < st.size(); ++m) rest = convolve(rest, f[m], n);
  long double q = 0;
  for (int j = 1; j <= n; ++j) q += j * f[0][j] * rest[n - j];
  CHECK(p.queue_length[0] == Approx(static_cast<double>(q / g[n])).epsilon(1e-9));
  CHECK(p.residence[0] == Approx(0.015).epsilon(1e-3));  // 18 % busy over 32 servers: no wait
}

TEST_CASE("MVA at 10,000 users stays in range", "[formulas][mva]") {
  std::vector<MvaStation> st;
  for (int i = 0; i < 20; ++i) st.push_back({0.001 * (1 + i % 7), 1 + (i * 5) % 33, false});
  const MvaPoint p = mva(st, 5.0, 10000).back();
  // Saturated: X at the bottleneck's 1/max(D_i/c_i) = 1/0.001 (station 0: 1 ms, 1 server).
  CHECK(p.throughput == Approx(1000).epsilon(1e-9));
  CHECK(p.response == Approx(10000 / 1000.0 - 5).epsilon(1e-9));
}
