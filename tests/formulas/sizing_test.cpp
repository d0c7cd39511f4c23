#include "formulas/sizing.hpp"

#include <catch2/catch.hpp>

using namespace headroom::formulas;

TEST_CASE("ceil_count forgives rounding error but not a real fraction", "[formulas][sizing]") {
  CHECK(ceil_count(2800.0 / (2000.0 * 0.7)) == 2);  // 2.0000000000000004 in doubles
  CHECK(ceil_count(2.000001) == 3);
  CHECK(ceil_count(0.0) == 0);
  CHECK(ceil_count(1e9 + 0.5) == 1e9 + 1);
}

TEST_CASE("ceil_count stays exact for ratios beyond 10^12", "[formulas][sizing][regression]") {
  // 1e11/s over 0.0007/s per server: 142,857,142,857,142.857… → 142,857,142,857,143 servers
  // (long division by hand); a relative 1e-12 slack used to give 142,857,142,857,001.
  CHECK(servers_for_load(Rate(1e11), Rate(0.0007), 1.0) == 142857142857143.0);
  CHECK(ceil_count(1e15 / 1.0) == 1e15);
  CHECK(ceil_count(3e12 + 0.25) == 3e12 + 1);
  CHECK(ceil_count(7e13 / 7.0) == 1e13);
}

TEST_CASE("servers for a load is peak over capacity at the target utilisation", "[formulas][sizing]") {
  // SPEC §3.1: ⌈peak / (capacity × utilisation)⌉. 6944/s on 2000/s at 0.7: ⌈4.96⌉ = 5.
  CHECK(servers_for_load(Rate(6944.4), Rate(2000), 0.7) == 5);
  CHECK(servers_for_load(Rate(1400), Rate(2000), 0.7) == 1);
  CHECK(servers_for_load(Rate(1401), Rate(2000), 0.7) == 2);
}
