#include "calc/ring/ring.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "calc/input/model_loader.hpp"
#include "calc/ring/placement.hpp"
#include "formulas/md5.hpp"

using namespace headroom::calc;

namespace {

Model model_of(const std::string& sharding) {
  return load_model("[sharding]\n" + sharding, "m.toml");
}

RingResult ring_of(const std::string& sharding) {
  const Model m = model_of(sharding);
  return analyse_ring(*m.section<ShardingSection>());
}

const char* kThree = "nodes = [\"a:11211\", \"b:11211\", \"c:11211\"]\n";

}  // namespace

TEST_CASE("ketama point counts follow each client's arithmetic", "[calc][ring]") {
  // SPEC §3.4: ⌊40·n·w/W⌋ digests exactly. node-hashring computes 1/7 × 40 × 7 in doubles
  // (39.99999999999999 → 39); libketama and libmemcached round through float and lose a digest
  // at other counts (libmemcached at 25 and 61, libketama at 61).
  CHECK(ketama_digests(KetamaCompat::kExact, 1, 7, 7) == 40);
  CHECK(ketama_digests(KetamaCompat::kHashring, 1, 7, 7) == 39);
  CHECK(ketama_digests(KetamaCompat::kLibmemcached, 1, 25, 25) == 39);
  CHECK(ketama_digests(KetamaCompat::kLibketama, 1, 25, 25) == 40);
  CHECK(ketama_digests(KetamaCompat::kLibketama, 1, 61, 61) == 39);
  CHECK(ketama_digests(KetamaCompat::kLibmemcached, 1, 61, 61) == 39);
  CHECK(ketama_digests(KetamaCompat::kUhashring, 1, 61, 61) == 40);
  CHECK(ketama_digests(KetamaCompat::kExact, 3, 6, 3) == 60);  // weights 1,2,3 of 6
  CHECK(ketama_point_name(KetamaCompat::kLibmemcached, "cache-1:11211", 0) == "cache-1-0");
  CHECK(ketama_point_name(KetamaCompat::kLibmemcached, "cache-1:11212", 3) == "cache-1:11212-3");
  CHECK(ketama_point_name(KetamaCompat::kExact, "cache-1:11211", 0) == "cache-1:11211-0");
}

TEST_CASE("uhashring looks up strictly greater, the others at or after", "[calc][ring]") {
  // A key whose hash is exactly a ring point: "a:11211-0" hashes to the first point of node a.
  // ketama (≥) gives it to a; uhashring (bisect_right, >) to the next point's owner.
  ShardingSection s = *model_of(kThree).section<ShardingSection>();
  auto exact = make_placement(ShardAlgorithm::kKetama, s, s.nodes);
  s.compat = KetamaCompat::kUhashring;
  auto uhash = make_placement(ShardAlgorithm::kKetama, s, s.nodes);
  int differ = 0;
  for (const char* node : {"a:11211", "b:11211", "c:11211"}) {
    for (int i = 0; i < 40; ++i) {
      const std::string key = std::string(node) + "-" + std::to_string(i);
      const auto owner = exact->node_of(key);
      CHECK(s.nodes[*owner].name == node);  // the point's own node, always
      differ += *uhash->node_of(key) != *owner;
    }
  }
  CHECK(differ > 0);  // the next point often belongs to another node
}

TEST_CASE("arc shares are exact and sum to one", "[calc][ring]") {
  for (const char* algorithm : {"ketama", "ring", "maglev"}) {
    CAPTURE(algorithm);
    const RingResult r = ring_of(std::string("algorithm = \"") + algorithm + "\"\nkeys = 1000\n" + kThree);
    double sum = 0;
    for (const NodeShare& n : r.nodes) sum += *n.arc_share;
    CHECK(sum == Approx(1.0).margin(1e-12));
  }
  // One node owns everything.
  const RingResult one = ring_of("keys = 10\nnodes = [\"solo\"]\n");
  CHECK(*one.nodes[0].arc_share == 1.0);
}

TEST_CASE("maglev gives each node M/N slots, within one", "[calc][ring]") {
  // Eisenbud et al., NSDI 2016, §3.4: the population gives every backend ⌊M/N⌋ or ⌈M/N⌉ slots.
  const RingResult r = ring_of("algorithm = \"maglev\"\nkeys = 100\nnodes = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]\n");
  for (const NodeShare& n : r.nodes) CHECK(std::fabs(*n.arc_share * 65537 - 65537.0 / 7) <= 1.0);
}

TEST_CASE("a ring's moved fraction on an add is the arc the new node takes", "[calc][ring]") {
  for (const char* algorithm : {"ketama", "ring"}) {
    CAPTURE(algorithm);
    const RingResult r = ring_of(std::string("algorithm = \"") + algorithm +
                                 "\"\nkeys = 200000\n" + kThree + "[sharding.change]\nadd = [\"d:11211\"]\n");
    const NodeShare& added = r.change->nodes.back();
    REQUIRE(added.name == "d:11211");
    // Exactly, over the hash space.
    CHECK(*r.change->moved_arc_fraction == Approx(*added.arc_share).margin(1e-12));
    // And over the keys, within sampling error (binomial, 5 standard errors).
    const double p = *added.arc_share, se = std::sqrt(p * (1 - p) / 200000);
    CHECK(r.change->moved_fraction == Approx(p).margin(5 * se));
    // Every move goes to the new node.
    for (const Move& m : r.change->moves) CHECK(m.to == "d:11211");
    CHECK(r.change->ideal_moved_fraction == Approx(0.25).margin(1e-15));
  }
}

TEST_CASE("modulo moves n/(n+1) of the keys on an add; jump only 1/(n+1)", "[calc][ring]") {
  const std::string change = "keys = 100000\nhash = \"xxh64\"\n" + std::string(kThree) +
                             "[sharding.change]\nadd = [\"d:11211\"]\n";
  const RingResult modulo = ring_of("algorithm = \"modulo\"\n" + change);
  CHECK(modulo.change->moved_fraction == Approx(0.75).margin(0.01));
  const RingResult jump = ring_of("algorithm = \"jump\"\n" + change);
  CHECK(jump.change->moved_fraction == Approx(0.25).margin(0.01));
}

TEST_CASE("weighted placements give shares in proportion to weight", "[calc][ring]") {
  const char* nodes = "[[sharding.node]]\nname = \"big\"\nweight = 3\n[[sharding.node]]\nname = \"small\"\nweight = 1\n";
  for (const char* algorithm : {"rendezvous", "maglev", "ring", "ketama"}) {
    CAPTURE(algorithm);
    const RingResult r = ring_of(std::string("algorithm = \"") + algorithm + "\"\nkeys = 100000\n" + nodes);
    CHECK(r.nodes[0].fair_share == 0.75);
    CHECK(r.nodes[0].key_share == Approx(0.75).margin(0.03));
  }
}

TEST_CASE("bounded loads never exceed (1+ε) times the fair load", "[calc][ring]") {
  // Mirrokni, Thorup & Zadimoghaddam (SODA 2018): every bin's load ≤ ⌈(1+ε)·m/n⌉.
  const RingResult r = ring_of("algorithm = \"bounded\"\nload_factor = 1.1\nvnodes = 5\nkeys = 30000\n"
                               "nodes = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n");
  for (const NodeShare& n : r.nodes) CHECK(n.keys <= std::ceil(1.1 * 30000 / 5));
  const RingResult plain = ring_of("algorithm = \"ring\"\nvnodes = 5\nkeys = 30000\nnodes = [\"a\", \"b\", \"c\", \"d\", \"e\"]\n");
  CHECK(plain.key_balance.imbalance > 1.1);  // without the bound, 5 vnodes are far off
}

TEST_CASE("balance, ideal moves and the vnode search", "[calc][ring]") {
  const RingResult r = ring_of("algorithm = \"ring\"\nkeys = 1000\nmax_imbalance = 1.2\n" + std::string(kThree) +
                               "[sharding.change]\nremove = [\"c:11211\"]\n");
  CHECK(r.change->ideal_moved_fraction == Approx(1.0 / 3).margin(1e-15));
  REQUIRE(r.vnodes);
  CHECK(r.vnodes->found);
  // Verified: a ring with that many vnodes meets the target, and one fewer does not.
  auto arc_imbalance = [&](int v) {
    ShardingSection s = *model_of(std::string(kThree)).section<ShardingSection>();
    s.algorithm = ShardAlgorithm::kRing;
    s.vnodes = v;
    const auto shares = *make_placement(ShardAlgorithm::kRing, s, s.nodes)->arc_shares();
    return *std::max_element(shares.begin(), shares.end()) * 3;
  };
  CHECK(arc_imbalance(r.vnodes->vnodes_needed) <= 1.2);
  CHECK(arc_imbalance(r.vnodes->vnodes_needed) == Approx(r.vnodes->imbalance_at_needed).margin(1e-12));
  CHECK(arc_imbalance(r.vnodes->vnodes_needed - 1) > 1.2);
  // Balance of an exactly even split is 1, with no spread.
  const RingResult even = ring_of("algorithm = \"modulo\"\nhash = \"none\"\nkey_format = \"{}\"\nkeys = 300\n" + std::string(kThree));
  CHECK(even.key_balance.imbalance == Approx(1.0).margin(1e-12));
  CHECK(even.key_balance.stddev == Approx(0.0).margin(1e-12));
}

TEST_CASE("load shares follow the Zipf popularity", "[calc][ring]") {
  // modulo with integer keys: key i on node i mod 2. Load on node 0 = Σ_{i even} (i+1)^−s / H.
  const RingResult r = ring_of("algorithm = \"modulo\"\nhash = \"none\"\nkey_format = \"{}\"\nkeys = 1000\n"
                               "popularity = { zipf = 1.0 }\nnodes = [\"even\", \"odd\"]\n");
  double even = 0, total = 0;
  for (int i = 0; i < 1000; ++i) {
    total += 1.0 / (i + 1);
    if (i % 2 == 0) even += 1.0 / (i + 1);
  }
  CHECK(r.nodes[0].load_share == Approx(even / total).margin(1e-12));
  CHECK(r.nodes[0].key_share == 0.5);
}

TEST_CASE("a non-integer key under hash = none is an error", "[calc][ring]") {
  const Model m = model_of("algorithm = \"modulo\"\nhash = \"none\"\nkeys = 3\nnodes = [\"a\"]\n");
  // Refused before any key is placed, by the check validate runs too.
  const char* error =
      "m.toml:1:1: sharding.hash: hash = \"none\" needs integer keys, and the synthetic key "
      "'key:2' is not an unsigned 64-bit integer\n  hint: key_format = \"{}\" gives the keys 0, 1, "
      "2, ...; or choose a hash such as xxh64";
  CHECK_THROWS_WITH(check_ring_keys(*m.section<ShardingSection>()), error);
  CHECK_THROWS_WITH(analyse_ring(*m.section<ShardingSection>()), error);
  // Integer keys pass; the last one must fit in 64 bits.
  CHECK_NOTHROW(check_ring_keys(*model_of("algorithm = \"modulo\"\nhash = \"none\"\nkey_format = \"7{}\"\nkeys = 3\nnodes = [\"a\"]\n").section<ShardingSection>()));
  CHECK_THROWS(check_ring_keys(*model_of("algorithm = \"modulo\"\nhash = \"none\"\nkey_format = \"99999999999999999999{}\"\nkeys = 3\nnodes = [\"a\"]\n").section<ShardingSection>()));
}
