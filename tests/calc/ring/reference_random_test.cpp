// Random ketama rings against a straightforward continuum (sorted points, lower_bound).
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "calc/ring/placement.hpp"
#include "formulas/md5.hpp"

using namespace headroom::calc;

namespace {

// Ketama as SPEC §3.4 states it, plainly: ⌊40·n·w/W⌋ digests of "<name>-<i>" per server, four
// little-endian points per digest, sorted (equal points: the server listed first); a key goes
// to the first point ≥ its own, wrapping.
std::vector<std::uint32_t> straightforward_ketama(const std::vector<ShardNode>& nodes,
                                                  const std::vector<std::string>& keys) {
  double total = 0;
  for (const ShardNode& n : nodes) total += n.weight;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> points;  // (point, server)
  for (std::uint32_t s = 0; s < nodes.size(); ++s) {
    const auto digests = static_cast<std::uint64_t>(
        (40 * static_cast<long long>(nodes.size()) * static_cast<long long>(nodes[s].weight)) /
        static_cast<long long>(total));
    for (std::uint64_t i = 0; i < digests; ++i) {
      const auto d = headroom::formulas::md5(nodes[s].name + "-" + std::to_string(i));
      for (int h = 0; h < 4; ++h) {
        std::uint32_t p = 0;
        for (int b = 3; b >= 0; --b) p = (p << 8) | d[h * 4 + b];
        points.emplace_back(p, s);
      }
    }
  }
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  std::vector<std::uint32_t> owners;
  for (const std::string& key : keys) {
    const auto d = headroom::formulas::md5(key);
    std::uint32_t p = 0;
    for (int b = 3; b >= 0; --b) p = (p << 8) | d[b];
    auto it = std::lower_bound(points.begin(), points.end(), std::make_pair(p, std::uint32_t{0}));
    if (it == points.end()) it = points.begin();
    owners.push_back(it->second);
  }
  return owners;
}

}  // namespace

TEST_CASE("random ketama rings place every key as a straightforward continuum does", "[calc][ring][random]") {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 60; ++trial) {
    const size_t n = 1 + rng() % 30;
    std::vector<ShardNode> nodes;
    for (size_t i = 0; i < n; ++i)
      nodes.push_back(ShardNode{"h" + std::to_string(rng() % 100000) + "-" + std::to_string(i) + ":" +
                                    std::to_string(11211 + rng() % 3),
                                static_cast<double>(trial % 2 ? 1 + rng() % 9 : 1)});
    std::vector<std::string> keys;
    for (int k = 0; k < 3000; ++k) keys.push_back("key:" + std::to_string(rng()));
    // Keys that are point names hash exactly onto ring points: the tie rule matters there.
    for (int i = 0; i < 40; ++i) keys.push_back(nodes[0].name + "-" + std::to_string(i));
    ShardingSection s;
    s.algorithm = ShardAlgorithm::kKetama;
    s.nodes = nodes;
    auto placement = make_placement(ShardAlgorithm::kKetama, s, nodes);
    const std::vector<std::uint32_t> expected = straightforward_ketama(nodes, keys);
    size_t differ = 0;
    for (size_t i = 0; i < keys.size(); ++i) differ += placement->node_of(keys[i]) != expected[i];
    CAPTURE(trial, n);
    CHECK(differ == 0);
  }
}
