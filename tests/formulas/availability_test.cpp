#include "formulas/availability.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace headroom::formulas;

TEST_CASE("series and parallel match the textbook structure functions", "[formulas][availability]") {
  // Rausand & Høyland, System Reliability Theory (2nd ed.), §4.2: series R = Π pᵢ,
  // parallel R = 1 − Π(1 − pᵢ). Two blocks of 0.9 and 0.95: 0.855 and 0.995.
  const std::vector<Availability> blocks = {Availability::from_ratio(0.9),
                                            Availability::from_ratio(0.95)};
  CHECK(series(blocks).up == Approx(0.855).margin(1e-15));
  CHECK(series(blocks).down == Approx(0.145).margin(1e-15));
  CHECK(parallel(blocks).up == Approx(0.995).margin(1e-15));
  CHECK(parallel(blocks).down == Approx(0.005).margin(1e-15));
}

TEST_CASE("two-out-of-three of identical blocks is 3p² − 2p³", "[formulas][availability]") {
  // Trivedi, Probability and Statistics with Reliability, Queuing and Computer Science
  // Applications (2nd ed.), §3.5 TMR: R = 3p² − 2p³; p = 0.9 gives 0.972. Its complement,
  // 1 − R = q²(1 + 2p) with q = 1 − p, is written factored so the reference keeps its digits.
  const auto p = GENERATE(0.5, 0.9, 0.99, 0.999);
  CAPTURE(p);
  const Availability a = k_of_n_identical(Availability::from_ratio(p), 3, 2);
  CHECK(a.up == Approx(3 * p * p - 2 * p * p * p).margin(1e-15));
  CHECK(a.down == Approx((1 - p) * (1 - p) * (1 + 2 * p)).epsilon(1e-12));
}

TEST_CASE("k-of-n keeps a tiny unavailability exact", "[formulas][availability]") {
  // 1-of-4 at 99.99%: unavailability (1e-4)^4 = 1e-16, below double's resolution of A itself.
  const Availability a = k_of_n_identical(Availability::from_ratio(0.9999), 4, 1);
  CHECK(a.down == Approx(1e-16).epsilon(1e-9));
  // The same through parallel() of four distinct blocks.
  const std::vector<Availability> four(4, Availability::from_ratio(0.9999));
  CHECK(parallel(four).down == Approx(1e-16).epsilon(1e-9));
}

TEST_CASE("k-of-n over distinct blocks sums the subsets exactly", "[formulas][availability]") {
  // 2-of-3 with p1, p2, p3: p1p2 + p1p3 + p2p3 − 2p1p2p3 (Rausand & Høyland, Example 4.6).
  const double p1 = 0.9, p2 = 0.8, p3 = 0.7;
  const std::vector<Availability> blocks = {Availability::from_ratio(p1),
                                            Availability::from_ratio(p2),
                                            Availability::from_ratio(p3)};
  const double expected = p1 * p2 + p1 * p3 + p2 * p3 - 2 * p1 * p2 * p3;
  CHECK(k_of_n_distinct(blocks, 2).up == Approx(expected).margin(1e-15));
  CHECK(k_of_n_distinct(blocks, 3).up == Approx(series(blocks).up).margin(1e-15));
  CHECK(k_of_n_distinct(blocks, 1).up == Approx(parallel(blocks).up).margin(1e-15));
  CHECK(k_of_n_distinct(blocks, 0).up == Approx(1.0).margin(1e-15));

  // Equal blocks: the binomial sum.
  const auto n = GENERATE(1, 2, 5, 12);
  const auto k = GENERATE(1, 2, 5);
  if (k <= n) {
    CAPTURE(n, k);
    const std::vector<Availability> same(n, Availability::from_ratio(0.97));
    const Availability expected_block = k_of_n_identical(Availability::from_ratio(0.97), n, k);
    CHECK(k_of_n_distinct(same, k).up == Approx(expected_block.up).margin(1e-14));
    CHECK(k_of_n_distinct(same, k).down == Approx(expected_block.down).epsilon(1e-10));
  }
}

TEST_CASE("mtbf and mttr give mtbf/(mtbf+mttr)", "[formulas][availability]") {
  // 1000 h between failures, 30 min to repair: 1000/1000.5 = 0.99950025.
  const Availability a = from_mtbf_mttr(Duration(1000 * 3600.0), Duration(1800.0));
  CHECK(a.up == Approx(1000 / 1000.5).margin(1e-15));
  CHECK(a.down == Approx(0.5 / 1000.5).margin(1e-15));
}

TEST_CASE("downtime per period follows the standard availability table", "[formulas][availability]") {
  // E. Bauer, Reliability and Availability of Cloud Computing, Table 2.1, and the SRE book's
  // availability table: 99.9% is 8.76 h a year, 43.8 min a month, 10.1 min a week,
  // 1.44 min a day; 99.99% is 52.6 min a year (year = 365.25 days).
  namespace tc = time_constants;
  const Availability three = Availability::from_ratio(0.999);
  CHECK(expected_downtime(three, tc::kYear).value() / 3600 == Approx(8.766).margin(1e-3));
  CHECK(expected_downtime(three, tc::kMonth).value() / 60 == Approx(43.83).margin(1e-2));
  CHECK(expected_downtime(three, tc::kWeek).value() / 60 == Approx(10.08).margin(1e-2));
  CHECK(expected_downtime(three, tc::kDay).value() / 60 == Approx(1.44).margin(1e-3));
  const Availability four = Availability::from_ratio(0.9999);
  CHECK(expected_downtime(four, tc::kYear).value() / 60 == Approx(52.6).margin(0.01));
}

TEST_CASE("nines are −log10 of the unavailability", "[formulas][availability]") {
  CHECK(nines(Availability::from_ratio(0.999)) == Approx(3.0).margin(1e-9));
  CHECK(nines(Availability::from_ratio(0.9995)) == Approx(3.30103).margin(1e-5));
  CHECK(std::isinf(nines(Availability::perfect())));
}

TEST_CASE("active-passive fail-over costs failover/mtbf of the time", "[formulas][availability]") {
  // SPEC §3.2: A_block × (1 − f/mtbf). 2 × 10⁻⁵ of the time lost on 0.99999.
  const Availability a = with_failover(Availability::from_ratio(0.99999), 2e-5);
  CHECK(a.up == Approx(0.99999 * (1 - 2e-5)).margin(1e-15));
  CHECK(a.up + a.down == Approx(1.0).margin(1e-15));
}
