#include "calc/base/percentile.hpp"

#include <catch2/catch.hpp>

using headroom::calc::percentile_of;

TEST_CASE("percentile names are the digits of the percentage, or it with its point", "[calc][base]") {
  // The nearest double to the decimal, not a sum of digit × 10^−k (0.9 + 0.05 is 0.9500000000000001).
  CHECK(percentile_of("p95") == 0.95);
  CHECK(percentile_of("p50") == 0.5);
  CHECK(percentile_of("p999") == 0.999);
  CHECK(percentile_of("p99.9") == 0.999);
  CHECK(percentile_of("p99.99") == 0.9999);
  CHECK(percentile_of("p05") == 0.05);
  CHECK(percentile_of("p999999999") == 0.999999999);
  for (const char* bad : {"p", "p5", "p00", "p9.99", "p99.", "p.99", "p9a", "q99", "p99.9.9", "p 99",
                          "p9999999999", "P99", "p-99"}) {
    CAPTURE(bad);
    CHECK_FALSE(percentile_of(bad).has_value());
  }
}
