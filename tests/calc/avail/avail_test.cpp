#include "calc/avail/avail.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "calc/input/model_loader.hpp"

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
  CHECK(r.shared_blocks == 1);
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

TEST_CASE("a k-of-n block never exceeds 1, so a path on it meets its target", "[calc][avail][regression]") {
  // 20 replicas at 0.9, 1-of-20: A = 1 − 0.1²⁰. The sum of the up terms used to round to
  // 1.0000000000000004, and the group above it then had no availability at all.
  const Model m = load_model(R"(
[components.web]
availability = 0.9
replicas = 20
[groups.front]
all_of = ["web"]
[availability]
path = ["front"]
target = "4 nines"
)", "m.toml");
  const AvailResult r = analyse_availability(m);
  CHECK(r.availability.up <= 1.0);
  CHECK(r.availability.down == Approx(1e-20).epsilon(1e-12));
  CHECK(block(r, "web").availability.up <= 1.0);
  const AnalysisResult doc = avail_document(r);
  CHECK(doc.document.find("meets_target")->as_bool());
  CHECK(doc.document.find("availability")->as_number() <= 1.0);
}

TEST_CASE("a re-used group whose member appears elsewhere counts once", "[calc][avail][regression]") {
  // g1 = all_of[g0, a] with g0 = all_of[a, b]: the path [g0, g1] is a AND b = 0.72.
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
availability = 0.9
[components.b]
availability = 0.8
[groups.g0]
all_of = ["a", "b"]
[groups.g1]
all_of = ["g0", "a"]
[availability]
path = ["g0", "g1"]
)", "m.toml"));
  CHECK(r.availability.up == Approx(0.72).margin(1e-15));
  // g1 always up leaves g0 = 0.72 ... but g0 is on the path too: the path is then a AND b.
  CHECK(block(r, "g1").importance == Approx(0.72).margin(1e-15));
  CHECK(block(r, "g1").gain_if_perfect == Approx(0.0).margin(1e-15));
  CHECK(block(r, "g0").importance == Approx(0.9).margin(1e-15));  // g0 up: the path is a
  CHECK(block(r, "a").importance == Approx(0.8).margin(1e-15));
  CHECK(block(r, "b").importance == Approx(0.9).margin(1e-15));
}

TEST_CASE("importance inside a k-of group is the probability the rest is just enough", "[calc][avail][regression]") {
  // 2-of-[a, b] is a AND b, so I(a) = A_b = 1 − 0.2³ = 0.992 (it used to come out 0 when b's
  // computed availability was a hair above its exact value).
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
availability = 0.9
[components.b]
availability = 0.8
replicas = 3
[groups.g]
k = 2
of = ["a", "b"]
[availability]
path = ["g"]
)", "m.toml"));
  CHECK(block(r, "a").importance == Approx(0.992).margin(1e-15));
  CHECK(block(r, "b").importance == Approx(0.9).margin(1e-15));
  CHECK(r.availability.up == Approx(0.9 * 0.992).margin(1e-15));
}

TEST_CASE("making a block perfect saves what the whole diagram gains", "[calc][avail][regression]") {
  // path = [g, a], g = any_of[a, b]: the path is just a, so a perfect g saves nothing (the old
  // importance × (1 − A_g) said 568,037 s a year).
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
availability = 0.9
[components.b]
availability = 0.8
[groups.g]
any_of = ["a", "b"]
[availability]
path = ["g", "a"]
)", "m.toml"));
  CHECK(r.availability.up == Approx(0.9).margin(1e-15));
  CHECK(block(r, "g").gain_if_perfect == 0.0);
  CHECK(block(r, "g").importance == Approx(0.9).margin(1e-15));
  CHECK(block(r, "a").gain_if_perfect == Approx(0.1).margin(1e-15));
  const AnalysisResult doc = avail_document(r);
  CHECK(resolve_path(doc.document, "blocks.g.saved_downtime_seconds.per_year")->as_number() == 0.0);
}

TEST_CASE("perfect components give +0, never -0", "[calc][avail][regression]") {
  const AvailResult r = analyse_availability(load_model(R"(
[components.a]
mtbf = "1000 h"
mttr = "0 s"
[components.b]
availability = 1
[availability]
path = ["a", "b"]
)", "m.toml"));
  CHECK_FALSE(std::signbit(r.availability.down));
  CHECK(r.availability.down == 0.0);
  for (const auto& b : r.blocks) CHECK_FALSE(std::signbit(b.availability.down));
}

TEST_CASE("diagrams that share many blocks are solved without exponential work", "[calc][avail][bounded]") {
  SECTION("sixteen components shared by two groups each") {
    // Each c_i sits in two any_of groups; exact conditioning would take 2^16 evaluations per
    // block. The result is checked against the closed form: groups pair c_i with c_{i+1}.
    std::string toml;
    for (int i = 0; i < 16; ++i) toml += "[components.c" + std::to_string(i) + "]\navailability = 0.9\n";
    std::string path;
    for (int i = 0; i < 16; ++i) {
      toml += "[groups.g" + std::to_string(i) + "]\nany_of = [\"c" + std::to_string(i) + "\", \"c" +
              std::to_string((i + 1) % 16) + "\"]\n";
      path += (i ? ", " : "") + std::string("\"g") + std::to_string(i) + "\"";
    }
    toml += "[availability]\npath = [" + path + "]\n";
    const AvailResult r = analyse_availability(load_model(toml, "m.toml"));
    // A ring of 16 with every adjacent pair covered: no two neighbours both down. Transfer
    // matrix over (up, down) states: count of ring colourings weighted by probability.
    const double p = 0.9, q = 0.1;
    // trace(T^16) with T = [[p, q], [p, 0]] in the basis (previous up, previous down).
    double a = 1, b = 0, c = 0, d = 1;  // T^0
    for (int i = 0; i < 16; ++i) {
      const double na = a * p + b * p, nb = a * q, nc = c * p + d * p, nd = c * q;
      a = na, b = nb, c = nc, d = nd;
    }
    CHECK(r.availability.up == Approx(a + d).margin(1e-14));
  }
  SECTION("groups nested in a Fibonacci pattern") {
    // g_n = all_of[g_{n-1}, g_{n-2}]: expanded as a tree it has Fibonacci(n) leaves, yet the
    // whole is just x AND y.
    std::string toml = "[components.x]\navailability = 0.9\n[components.y]\navailability = 0.8\n";
    toml += "[groups.g1]\nall_of = [\"x\"]\n[groups.g2]\nall_of = [\"y\"]\n";
    for (int i = 3; i <= 90; ++i)
      toml += "[groups.g" + std::to_string(i) + "]\nall_of = [\"g" + std::to_string(i - 1) +
              "\", \"g" + std::to_string(i - 2) + "\"]\n";
    toml += "[availability]\npath = [\"g90\"]\n";
    const AvailResult r = analyse_availability(load_model(toml, "m.toml"));
    CHECK(r.availability.up == Approx(0.72).margin(1e-15));
    CHECK(block(r, "x").importance == Approx(0.8).margin(1e-15));
    CHECK(block(r, "g45").importance == Approx(0.72).margin(1e-15));  // forced down: all down
  }
  SECTION("a chain of 100,000 nested groups") {
    std::string toml;
    const int n = 100000;
    toml.reserve(n * 60);
    toml += "[components.c]\navailability = 0.999999\n[groups.g0]\nall_of = [\"c\"]\n";
    for (int i = 1; i < n; ++i)
      toml += "[groups.g" + std::to_string(i) + "]\nany_of = [\"g" + std::to_string(i - 1) + "\"]\n";
    toml += "[availability]\npath = [\"g" + std::to_string(n - 1) + "\"]\n";
    const AvailResult r = analyse_availability(load_model(toml, "m.toml"));
    CHECK(r.availability.up == Approx(0.999999).margin(1e-15));
    CHECK(r.blocks.size() == n + 1);
  }
  SECTION("a path of 100,000 components with one repeated") {
    std::string toml;
    const int n = 100000;
    std::string path;
    for (int i = 0; i < n; ++i) {
      toml += "[components.c" + std::to_string(i) + "]\navailability = 0.9999999\n";
      path += "\"c" + std::to_string(i) + "\", ";
    }
    toml += "[availability]\npath = [" + path + "\"c0\"]\n";
    const AvailResult r = analyse_availability(load_model(toml, "m.toml"));
    CHECK(r.availability.up == Approx(std::pow(0.9999999, n)).epsilon(1e-12));
    CHECK(block(r, "c0").importance == Approx(std::pow(0.9999999, n - 1)).epsilon(1e-12));
  }
}

TEST_CASE("without formulas the numbers are the same and nothing is explained", "[calc][avail]") {
  const Model m = load_model(R"(
[components.web]
mtbf = "1000 h"
mttr = "30 min"
replicas = 6
min_healthy = 4
[components.db]
availability = "99.9%"
replicas = 2
[groups.either]
any_of = ["db", "web"]
[availability]
path = ["web", "either"]
)", "m.toml");
  const AvailResult with = analyse_availability(m), without = analyse_availability(m, false);
  CHECK(with.availability.up == without.availability.up);
  REQUIRE(with.blocks.size() == without.blocks.size());
  for (size_t i = 0; i < with.blocks.size(); ++i) {
    CHECK(with.blocks[i].name == without.blocks[i].name);
    CHECK(with.blocks[i].availability.down == without.blocks[i].availability.down);
    CHECK(with.blocks[i].importance == without.blocks[i].importance);
    CHECK(with.blocks[i].on_path == without.blocks[i].on_path);
    CHECK_FALSE(with.blocks[i].formulas.empty());
    CHECK(without.blocks[i].formulas.empty());
  }
  CHECK(block(with, "web").on_path);
  CHECK(block(with, "either").on_path);
  CHECK_FALSE(block(with, "db").on_path);
  CHECK(avail_document(without).explanation.empty());
  CHECK(avail_document(with).explanation.size() == with.blocks.size() + 3);
  CHECK(avail_document(with).document.find("blocks")->items().size() == 3);
}
