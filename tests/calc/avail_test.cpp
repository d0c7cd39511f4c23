#include "calc/avail.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "calc/model_loader.hpp"

using namespace headroom::calc;

namespace {

const BlockAvailability& block(const AvailResult& r, const std::string& name) {
  for (const auto& b : r.blocks)
    if (b.name == name) return b;
  FAIL("no block " << name);
  return r.blocks.front();
}

double binomial_up(int n, int k, double p) {
  // Independent of formulas/: exact integer binomial coefficients, summed directly.
  double sum = 0;
  for (int i = k; i <= n; ++i) {
    double c = 1;
    for (int j = 1; j <= i; ++j) c = c * (n - i + j) / j;
    sum += c * std::pow(p, i) * std::pow(1 - p, n - i);
  }
  return sum;
}

}  // namespace

TEST_CASE("a series path multiplies, and Birnbaum importance is the product of the others",
          "[calc][avail]") {
  // Birnbaum (1969); Rausand & Høyland §6.2: in series, I_B(i) = Π_{j≠i} A_j.
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
availability = 0.99
[components.b]
availability = 0.95
[components.c]
availability = 0.999
[availability]
path = ["a", "b", "c"]
)", "m.toml"));
  CHECK(r.availability.up == Approx(0.99 * 0.95 * 0.999).margin(1e-15));
  CHECK(block(r, "a").importance == Approx(0.95 * 0.999).margin(1e-14));
  CHECK(block(r, "b").importance == Approx(0.99 * 0.999).margin(1e-14));
  CHECK(block(r, "c").importance == Approx(0.99 * 0.95).margin(1e-14));
  // Ranked: the least available block matters most in series.
  CHECK(r.blocks[0].name == "b");
}

TEST_CASE("a parallel member's importance is the others' unavailability", "[calc][avail]") {
  // Rausand & Høyland §6.2: in parallel, I_B(i) = Π_{j≠i} (1 − A_j); here times the series rest.
  const AvailResult r = analyse_availability(load_model(R"(
[components.lb]
availability = 0.999
[components.a]
availability = 0.9
[components.b]
availability = 0.8
[groups.pair]
any_of = ["a", "b"]
[availability]
path = ["lb", "pair"]
)", "m.toml"));
  CHECK(r.availability.up == Approx(0.999 * (1 - 0.1 * 0.2)).margin(1e-15));
  CHECK(block(r, "a").importance == Approx(0.999 * 0.2).margin(1e-14));
  CHECK(block(r, "b").importance == Approx(0.999 * 0.1).margin(1e-14));
  CHECK(block(r, "pair").availability.up == Approx(0.98).margin(1e-15));
  CHECK(block(r, "pair").on_path);
  CHECK_FALSE(block(r, "a").on_path);
}

TEST_CASE("replicas with min_healthy are k-of-n, and fail-over costs its share", "[calc][avail]") {
  const AvailResult r = analyse_availability(load_model(R"(
[components.web]
mtbf = "1000 h"
mttr = "30 min"
replicas = 6
min_healthy = 4
[components.db]
mtbf = "2000 h"
mttr = "2 h"
replicas = 2
mode = "active-passive"
failover_time = "60 s"
[availability]
path = ["web", "db"]
)", "m.toml"));
  const double web = binomial_up(6, 4, 1000 / 1000.5);
  const double db_replica = 2000.0 / 2002.0;
  const double db = (1 - std::pow(1 - db_replica, 2)) * (1 - 60.0 / (2000 * 3600));
  CHECK(block(r, "web").availability.up == Approx(web).margin(1e-14));
  CHECK(block(r, "db").availability.up == Approx(db).margin(1e-14));
  CHECK(r.availability.up == Approx(web * db).margin(1e-14));
}

TEST_CASE("a block in two places counts once", "[calc][avail]") {
  // path = [a, g] with g = any_of[a, b]: whenever a is up, g is up, so A_sys = A_a exactly.
  // Treating the two a's as independent would give A_a(1 − (1−A_a)(1−A_b)) instead.
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
availability = 0.9
[components.b]
availability = 0.5
[groups.g]
any_of = ["a", "b"]
[availability]
path = ["a", "g"]
)", "m.toml"));
  CHECK(r.availability.up == Approx(0.9).margin(1e-15));
  CHECK(r.shared_blocks == std::vector<std::string>{"a"});
  CHECK(block(r, "a").importance == Approx(1.0).margin(1e-15));
  CHECK(block(r, "b").importance == Approx(0.0).margin(1e-15));
}

TEST_CASE("the structure function agrees with a Monte Carlo of component states", "[calc][avail]") {
  // Independent check by simulation: draw each component up with its availability, evaluate the
  // structure directly, and compare with the exact result (4 standard errors).
  const AvailResult r = analyse_availability(load_model(R"(
[components.x]
availability = 0.9
[components.y]
availability = 0.7
[components.z]
availability = 0.6
[components.w]
availability = 0.8
[groups.two]
k = 2
of = ["x", "y", "z"]
[groups.either]
any_of = ["two", "w"]
[availability]
path = ["either", "x"]
)", "m.toml"));
  std::mt19937_64 rng(42);
  auto up = [&](double p) { return static_cast<double>(rng() >> 11) * 0x1p-53 < p; };
  const int trials = 400000;
  int system_up = 0;
  for (int i = 0; i < trials; ++i) {
    const bool x = up(0.9), y = up(0.7), z = up(0.6), w = up(0.8);
    const bool two = (x + y + z) >= 2;
    system_up += (two || w) && x;
  }
  const double p = static_cast<double>(system_up) / trials;
  const double stderr_ = std::sqrt(p * (1 - p) / trials);
  CHECK(r.availability.up == Approx(p).margin(4 * stderr_));
  // And the exact value by conditioning on x by hand: x up → (y or z up) or w.
  const double exact = 0.9 * (1 - (1 - (1 - 0.3 * 0.4)) * 0.2);
  CHECK(r.availability.up == Approx(exact).margin(1e-15));
}

TEST_CASE("repair crews solve the block as a Markov chain", "[calc][avail]") {
  // One crew for two replicas, 1-of-2: A = (μ² + 2λμ)/(μ² + 2λμ + 2λ²) (Trivedi, ch. 8).
  const AvailResult r = analyse_availability(load_model(R"(
[components.db]
mtbf = "100 h"
mttr = "10 h"
replicas = 2
repair_crews = 1
[availability]
path = ["db"]
)", "m.toml"));
  const double l = 1.0 / 100, m = 1.0 / 10;
  CHECK(r.availability.up == Approx((m * m + 2 * l * m) / (m * m + 2 * l * m + 2 * l * l)).margin(1e-14));
}

TEST_CASE("the avail document carries SPEC §3.2's keys", "[calc][avail]") {
  const AnalysisResult doc = avail_document(analyse_availability(load_model(R"(
[components.a]
availability = "99.9%"
[availability]
path = ["a"]
target = "99.95%"
)", "m.toml")));
  const Node& d = doc.document;
  CHECK(d.find("availability")->as_number() == Approx(0.999).margin(1e-15));
  CHECK(d.find("nines")->as_number() == Approx(3).margin(1e-9));
  CHECK(resolve_path(d, "downtime_seconds.per_year")->as_number() ==
        Approx(0.001 * 365.25 * 86400).margin(1e-6));
  CHECK(resolve_path(d, "downtime_seconds.per_month")->as_number() ==
        Approx(0.001 * 365.25 * 86400 / 12).margin(1e-6));
  CHECK(resolve_path(d, "error_budget_seconds.per_month")->as_number() ==
        Approx(0.0005 * 365.25 * 86400 / 12).margin(1e-6));
  CHECK_FALSE(d.find("meets_target")->as_bool());
  CHECK(resolve_path(d, "blocks.a.importance")->as_number() == Approx(1).margin(1e-15));
  REQUIRE(doc.targets.size() == 1);
  CHECK(doc.targets[0].metric == "avail.availability");
}
