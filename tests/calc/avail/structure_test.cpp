// The structure solver against references written here: brute-force enumeration of every
// component state (small random diagrams), Monte Carlo of the structure function (larger
// ones), and properties (probabilities in 0..1, monotone in each component).
#include "calc/avail/structure.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace headroom::calc;
using headroom::formulas::Availability;
using Kind = StructureBlock::Kind;
using headroom::SourceLoc;

namespace {

// A random acyclic diagram: `leaves` components, then groups over earlier blocks (so blocks
// are shared and re-used freely), the root a series over a few of them (repeats allowed).
StructureDiagram random_diagram(std::mt19937_64& rng, int leaves, int groups) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  StructureDiagram d;
  d.blocks.push_back({"path", Kind::kAllOf, 0, {}, {}});
  for (int i = 0; i < leaves; ++i) {
    const double roll = unit(rng);
    // Some extreme ones: always up, always down, and availabilities near 1.
    const double a = roll < 0.05 ? 1.0 : roll < 0.1 ? 0.0 : roll < 0.3 ? 1 - std::pow(10, -1 - 8 * unit(rng)) : unit(rng);
    d.blocks.push_back({"c" + std::to_string(i), Kind::kLeaf, 0, {}, Availability{a, 1 - a}});
  }
  for (int g = 0; g < groups; ++g) {
    const auto available = static_cast<int>(d.blocks.size()) - 1;
    const int size = 1 + static_cast<int>(rng() % std::min(5, available));
    std::vector<uint32_t> members;
    while (static_cast<int>(members.size()) < size) {
      // Prefer recent blocks, so that groups nest deeply.
      const uint32_t pick = unit(rng) < 0.5 ? 1 + rng() % available
                                            : static_cast<uint32_t>(available - rng() % std::min(3, available));
      if (std::find(members.begin(), members.end(), pick) == members.end()) members.push_back(pick);
    }
    const int kind = static_cast<int>(rng() % 3);
    StructureBlock b{"g" + std::to_string(g), kind == 0 ? Kind::kAllOf : kind == 1 ? Kind::kAnyOf : Kind::kKOf, 0, members, {}};
    if (b.kind == Kind::kKOf) b.k = 1 + static_cast<int>(rng() % members.size());
    d.blocks.push_back(std::move(b));
  }
  const int path = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < path; ++i) d.blocks[0].children.push_back(1 + rng() % (d.blocks.size() - 1));
  return d;
}

// The structure function, plainly: is block v up, given the leaves' states and one block
// forced (forced_block < 0: none)?
bool is_up(const StructureDiagram& d, uint32_t v, const std::vector<bool>& state, int forced_block,
           bool forced_up) {
  if (static_cast<int>(v) == forced_block) return forced_up;
  const StructureBlock& b = d.blocks[v];
  if (b.kind == Kind::kLeaf) return state[v];
  int ups = 0;
  for (uint32_t c : b.children) ups += is_up(d, c, state, forced_block, forced_up);
  const int n = static_cast<int>(b.children.size());
  switch (b.kind) {
    case Kind::kAllOf: return ups == n;
    case Kind::kAnyOf: return ups > 0;
    case Kind::kKOf: return ups >= b.k;
    case Kind::kLeaf: break;
  }
  return false;
}

// P(root up) by enumerating every state of the leaves, with one block forced or none.
double enumerate(const StructureDiagram& d, int forced_block = -1, bool forced_up = false) {
  std::vector<uint32_t> leaves;
  for (uint32_t v = 0; v < d.blocks.size(); ++v)
    if (d.blocks[v].kind == Kind::kLeaf) leaves.push_back(v);
  double total = 0.0;
  std::vector<bool> state(d.blocks.size(), false);
  for (uint64_t mask = 0; mask < (uint64_t{1} << leaves.size()); ++mask) {
    double p = 1.0;
    for (size_t i = 0; i < leaves.size(); ++i) {
      const bool up = (mask >> i) & 1;
      state[leaves[i]] = up;
      p *= up ? d.blocks[leaves[i]].leaf.up : d.blocks[leaves[i]].leaf.down;
    }
    if (p > 0 && is_up(d, 0, state, forced_block, forced_up)) total += p;
  }
  return total;
}

// A block's own availability: the same enumeration with the block as the root.
double enumerate_block(const StructureDiagram& d, uint32_t v) {
  StructureDiagram sub = d;
  sub.blocks[0].children = {v};
  return enumerate(sub);
}

}  // namespace

TEST_CASE("random diagrams with shared blocks match brute-force enumeration", "[calc][avail][random]") {
  std::mt19937_64 rng(20261201);
  const SourceLoc loc{"m.toml", 1, 1};
  for (int trial = 0; trial < 1500; ++trial) {
    const int leaves = 1 + static_cast<int>(rng() % 7), groups = static_cast<int>(rng() % 8);
    const StructureDiagram d = random_diagram(rng, leaves, groups);
    CAPTURE(trial, leaves, groups);
    const StructureSolution s = solve_structure(d, loc, "availability.path");
    const double exact = enumerate(d);
    REQUIRE(s.system.up == Approx(exact).margin(1e-12));
    REQUIRE(s.system.up + s.system.down == Approx(1.0).margin(1e-15));
    std::vector<bool> reached(d.blocks.size(), false);
    std::vector<uint32_t> todo{0};
    while (!todo.empty()) {
      const uint32_t v = todo.back();
      todo.pop_back();
      if (reached[v]) continue;
      reached[v] = true;
      for (uint32_t c : d.blocks[v].children) todo.push_back(c);
    }
    for (uint32_t v = 1; v < d.blocks.size(); ++v) {
      if (!reached[v]) continue;  // the analysis lists the blocks the path reaches
      CAPTURE(v, d.blocks[v].name);
      const SolvedBlock& b = s.blocks[v];
      const double up = enumerate(d, static_cast<int>(v), true);
      const double down = enumerate(d, static_cast<int>(v), false);
      REQUIRE(b.importance == Approx(up - down).margin(1e-12));
      REQUIRE(b.gain_if_perfect == Approx(up - exact).margin(1e-12));
      REQUIRE(b.availability.up == Approx(enumerate_block(d, v)).margin(1e-12));
      for (double p : {b.availability.up, b.availability.down, b.importance, b.gain_if_perfect}) {
        REQUIRE(p >= 0.0);
        REQUIRE(p <= 1.0);
      }
    }
  }
}

TEST_CASE("larger random diagrams match a Monte Carlo of the structure function", "[calc][avail][random]") {
  std::mt19937_64 rng(7);
  const SourceLoc loc{"m.toml", 1, 1};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 6; ++trial) {
    StructureDiagram d = random_diagram(rng, 40, 60);
    for (auto& b : d.blocks)  // middling availabilities, so the estimate is informative
      if (b.kind == Kind::kLeaf) b.leaf = {0.5 + 0.45 * unit(rng), 0}, b.leaf.down = 1 - b.leaf.up;
    const StructureSolution s = solve_structure(d, loc, "availability.path");
    const int samples = 40000;
    int up = 0;
    std::vector<bool> state(d.blocks.size());
    for (int i = 0; i < samples; ++i) {
      for (uint32_t v = 0; v < d.blocks.size(); ++v)
        if (d.blocks[v].kind == Kind::kLeaf) state[v] = unit(rng) < d.blocks[v].leaf.up;
      up += is_up(d, 0, state, -1, false);
    }
    const double p = static_cast<double>(up) / samples;
    const double se = std::sqrt(std::max(p * (1 - p), 1e-6) / samples);
    CAPTURE(trial, p, se);
    CHECK(s.system.up == Approx(p).margin(5 * se));
  }
}

TEST_CASE("availability never falls when a component gets better", "[calc][avail][random]") {
  std::mt19937_64 rng(99);
  const SourceLoc loc{"m.toml", 1, 1};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int trial = 0; trial < 300; ++trial) {
    StructureDiagram d = random_diagram(rng, 6, 6);
    const double before = solve_structure(d, loc, "k").system.up;
    const uint32_t leaf = 1 + rng() % 6;
    Availability& a = d.blocks[leaf].leaf;
    const double better = a.up + (1 - a.up) * unit(rng);
    a = {better, 1 - better};
    CAPTURE(trial, leaf);
    CHECK(solve_structure(d, loc, "k").system.up >= before - 1e-15);
  }
}
