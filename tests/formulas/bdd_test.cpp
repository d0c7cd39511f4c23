#include "formulas/bdd.hpp"

#include <catch2/catch.hpp>
#include <random>

using namespace headroom::formulas;

TEST_CASE("decision diagrams are canonical: equal functions are the same node", "[formulas][bdd]") {
  Bdd bdd(1000, 10000);
  const Bdd::Ref a = bdd.variable(0), b = bdd.variable(1), c = bdd.variable(2);
  // Distributivity and absorption, built two ways (Bryant 1986: reduced ordered BDDs are
  // canonical for a fixed order).
  CHECK(bdd.both(a, bdd.either(b, c)) == bdd.either(bdd.both(a, b), bdd.both(a, c)));
  CHECK(bdd.both(a, bdd.either(a, b)) == a);
  CHECK(bdd.at_least(std::vector<Bdd::Ref>{a, b, c}, 3) == bdd.all_of(std::vector<Bdd::Ref>{a, b, c}));
  CHECK(bdd.at_least(std::vector<Bdd::Ref>{a, b, c}, 1) == bdd.any_of(std::vector<Bdd::Ref>{a, b, c}));
  CHECK(bdd.at_least(std::vector<Bdd::Ref>{a, b}, 0) == Bdd::kTrue);
  CHECK(bdd.at_least(std::vector<Bdd::Ref>{a, b}, 3) == Bdd::kFalse);
}

TEST_CASE("probability and derivatives of 2-of-3 match the closed forms", "[formulas][bdd]") {
  // P(2 of 3) = ab + ac + bc − 2abc; ∂/∂a = b + c − 2bc (Rausand & Høyland §6.2).
  Bdd bdd(1000, 10000);
  const std::vector<Bdd::Ref> v{bdd.variable(0), bdd.variable(1), bdd.variable(2)};
  const Bdd::Ref f = bdd.at_least(v, 2);
  const double a = 0.9, b = 0.7, c = 0.6;
  bdd.set_probabilities({{a, 1 - a}, {b, 1 - b}, {c, 1 - c}});
  const Availability p = bdd.probability(f);
  CHECK(p.up == Approx(a * b + a * c + b * c - 2 * a * b * c).margin(1e-15));
  CHECK(p.up + p.down == Approx(1).margin(1e-15));
  const std::vector<double> d = bdd.derivatives(f);
  CHECK(d[0] == Approx(b + c - 2 * b * c).margin(1e-15));
  CHECK(d[1] == Approx(a + c - 2 * a * c).margin(1e-15));
  CHECK(d[2] == Approx(a + b - 2 * a * b).margin(1e-15));
}

TEST_CASE("a tiny unavailability keeps its digits through the diagram", "[formulas][bdd]") {
  Bdd bdd(1000, 10000);
  const std::vector<Bdd::Ref> v{bdd.variable(0), bdd.variable(1)};
  const Bdd::Ref f = bdd.any_of(v);
  bdd.set_probabilities({{1 - 1e-9, 1e-9}, {1 - 1e-10, 1e-10}});
  CHECK(bdd.probability(f).down == Approx(1e-19).epsilon(1e-14));
}

TEST_CASE("a chain 200,000 variables deep is built without recursion", "[formulas][bdd]") {
  Bdd bdd(1'000'000, 10'000'000);
  std::vector<Bdd::Ref> vars;
  for (uint32_t i = 0; i < 200000; ++i) vars.push_back(bdd.variable(i));
  // Joined in reverse order, every ite walks the whole chain below: depth 200,000.
  Bdd::Ref f = Bdd::kTrue;
  for (size_t i = vars.size(); i-- > 0;) f = bdd.both(vars[i], f);
  const Bdd::Ref g = bdd.both(f, vars.back());  // recurses to the bottom of f
  CHECK(g == f);
  CHECK_FALSE(bdd.exhausted());
}

TEST_CASE("past its limits the diagram says so instead of growing", "[formulas][bdd]") {
  Bdd bdd(50, 1000);
  std::vector<Bdd::Ref> vars;
  for (uint32_t i = 0; i < 40; ++i) vars.push_back(bdd.variable(i));
  const Bdd::Ref f = bdd.at_least(vars, 20);  // needs about 20 × 20 nodes
  CHECK(bdd.exhausted());
  CHECK(f == Bdd::kFalse);
  CHECK(bdd.nodes() <= 50);
}
