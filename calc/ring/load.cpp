// Loads [sharding], [[sharding.node]], sharding.popularity and [sharding.change].
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <set>

#include "calc/ring/placement.hpp"
#include "calc/ring/section.hpp"
#include "calc/input/table_reader.hpp"
#include "calc/base/spelling.hpp"

namespace headroom::calc {
namespace {

// A continuum of more points than this is a typo, not a cluster (memory: 12 bytes a point).
constexpr long long kMaxNodes = 100'000;
constexpr double kMaxPoints = 5e7;
constexpr std::uint32_t kDefaultMaglevTable = 65537;

bool is_prime(std::uint32_t n) {
  if (n < 2) return false;
  for (std::uint32_t d = 2; static_cast<std::uint64_t>(d) * d <= n; ++d)
    if (n % d == 0) return false;
  return true;
}

std::vector<ShardNode> read_nodes(TableReader& r, ShardAlgorithm algorithm, Diagnostics& diag) {
  std::vector<ShardNode> nodes;
  if (auto names = r.string_list("nodes")) {
    for (auto& [name, loc] : *names) nodes.push_back(ShardNode{name, 1.0});
  }
  if (const toml::array* tables = r.table_array("node")) {
    if (r.has("nodes")) {
      r.error("node", "give nodes = [...] or [[sharding.node]] tables, not both");
    }
    size_t index = 0;
    for (const toml::node& n : *tables) {
      TableReader t(*n.as_table(), fmt::format("sharding.node[{}]", index++), "sharding.node[]",
                    diag);
      ShardNode node;
      if (auto name = t.string("name")) node.name = *name;
      else if (!t.has("name")) t.error("name", "a node needs a name");
      if (auto w = t.number("weight")) {
        node.weight = *w;
        if (algorithm == ShardAlgorithm::kKetama && *w != std::floor(*w)) {
          t.error("weight", fmt::format("ketama weights are whole numbers; got {}", *w),
                  "ketama divides 40 × nodes × weight by the total weight in integers");
        }
      }
      t.finish();
      nodes.push_back(node);
    }
  }
  return nodes;
}

ShardingChange read_change(TableReader& r, Diagnostics& diag) {
  ShardingChange change;
  if (auto add = r.string_list("add"))
    for (auto& [name, loc] : *add) change.add.push_back(ShardNode{name, 1.0});
  if (auto remove = r.string_list("remove"))
    for (auto& [name, loc] : *remove) change.remove.push_back(name);
  if (const toml::table* reweight = r.table("reweight")) {
    for (auto&& [k, v] : *reweight) {
      const std::string name(k.str());
      double w = 0;
      if (v.is_integer()) w = static_cast<double>(v.as_integer()->get());
      else if (v.is_floating_point()) w = v.as_floating_point()->get();
      if (!(v.is_integer() || v.is_floating_point()) || !std::isfinite(w) || w <= 0 || w > 1e9) {
        diag.error(v.source(), "sharding.change.reweight." + name,
                   "expected a positive weight (a number up to 1e9)");
        continue;
      }
      change.reweight.push_back(ShardNode{name, w});
    }
  }
  return change;
}

// The points a ring of these nodes would have, against what headroom builds (`key` names
// where the problem is reported).
void check_points(TableReader& r, const ShardingSection& s, const std::vector<ShardNode>& nodes,
                  const char* key) {
  double total_weight = 0;
  for (const ShardNode& n : nodes) total_weight += n.weight;
  const double points = s.algorithm == ShardAlgorithm::kKetama ? 160.0 * static_cast<double>(nodes.size())
                                                               : s.vnodes * total_weight;
  if ((s.algorithm == ShardAlgorithm::kKetama || s.algorithm == ShardAlgorithm::kRing ||
       s.algorithm == ShardAlgorithm::kBounded) && points > kMaxPoints) {
    r.error(key, fmt::format("the ring{} would have {:.3g} points; headroom builds at most {:.3g}",
                             std::string_view(key) == "change" ? " after the change" : "", points,
                             kMaxPoints));
  }
  // ketama gives a node ⌊40·n·w/W⌋ digests: a light node beside heavy ones can get none, and
  // then no key at all, silently (weights 100 and 1).
  // Fractional weights are an error of their own (check_nodes, read_change); the integer
  // division below would see a total of 0 for weights under 1.
  const bool whole = std::all_of(nodes.begin(), nodes.end(), [](const ShardNode& n) {
    return n.weight >= 1 && n.weight == std::floor(n.weight);
  });
  if (s.algorithm == ShardAlgorithm::kKetama && whole) {
    for (const ShardNode& n : nodes) {
      if (ketama_digests(s.compat, n.weight, total_weight, nodes.size()) != 0) continue;
      r.warning(std::string_view(key) == "change" ? "change" : (r.has("node") ? "node" : "nodes"),
                fmt::format("ketama gives node '{}' (weight {}) no points{}: it gets no keys",
                                          n.name, n.weight,
                                          std::string_view(key) == "change" ? " after the change" : ""));
    }
  }
}

// Names, weights and the change, checked against each other and the algorithm.
void check_nodes(TableReader& r, ShardingSection& s) {
  std::set<std::string> seen;
  std::vector<std::string> names;
  for (const ShardNode& n : s.nodes) {
    if (!seen.insert(n.name).second) {
      r.error(r.has("nodes") ? "nodes" : "node", fmt::format("node '{}' is listed twice", n.name));
    }
    names.push_back(n.name);
  }
  if (s.nodes.empty() && (r.has("nodes") || r.has("node"))) r.error("nodes", "no nodes listed");
  if (!r.has("nodes") && !r.has("node")) {
    r.error("", "[sharding] needs nodes", "e.g. nodes = [\"cache-1:11211\", \"cache-2:11211\"]");
  }
  if (static_cast<long long>(s.nodes.size()) > kMaxNodes) {
    r.error("nodes", fmt::format("{} nodes is more than the {} headroom places", s.nodes.size(),
                                 kMaxNodes));
  }
  check_points(r, s, s.nodes, "vnodes");
  if (s.algorithm == ShardAlgorithm::kJump) {
    for (const ShardNode& n : s.nodes) {
      if (n.weight != s.nodes.front().weight) {
        r.error("node", "jump consistent hash has no weights; give every node the same weight",
                "use rendezvous, maglev or ring for weighted nodes");
        break;
      }
    }
  }
  if (s.algorithm == ShardAlgorithm::kMaglev && s.table_size < s.nodes.size()) {
    r.error("table_size", fmt::format("table_size {} is smaller than the {} nodes", s.table_size,
                                      s.nodes.size()));
  }
  if (!s.change) return;
  std::set<std::string> after(seen);
  for (const ShardNode& n : s.change->add) {
    if (!after.insert(n.name).second) {
      r.error("change", fmt::format("change adds '{}', which is already a node", n.name));
    }
  }
  for (const std::string& name : s.change->remove) {
    if (!seen.count(name)) {
      r.error("change", fmt::format("change removes '{}', which is not a node", name),
              did_you_mean(name, names));
    }
    after.erase(name);
  }
  for (const ShardNode& n : s.change->reweight) {
    if (!after.count(n.name)) {
      r.error("change", fmt::format("change reweights '{}', which is not a node after the change",
                                    n.name),
              did_you_mean(n.name, names));
    } else if (s.algorithm == ShardAlgorithm::kKetama && n.weight != std::floor(n.weight)) {
      r.error("change", fmt::format("ketama weights are whole numbers; '{}' gets {}", n.name, n.weight));
    } else if (s.algorithm == ShardAlgorithm::kJump) {
      r.error("change", "jump consistent hash has no weights to change");
    }
  }
  if (after.empty()) r.error("change", "the change leaves no nodes");
  // The ring after the change is built too: its points are bounded like the first one's.
  std::map<std::string, double> weight_after;
  for (const ShardNode& n : s.nodes) weight_after[n.name] = n.weight;
  for (const ShardNode& n : s.change->add) weight_after[n.name] = n.weight;
  for (const std::string& name : s.change->remove) weight_after.erase(name);
  for (const ShardNode& n : s.change->reweight) weight_after[n.name] = n.weight;
  std::vector<ShardNode> nodes_after;
  for (const auto& [name, w] : weight_after) nodes_after.push_back(ShardNode{name, w});
  check_points(r, s, nodes_after, "change");
}

}  // namespace

const std::vector<KeySpec>& sharding_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"sharding", "algorithm", T::kString,
       "ketama (default), ring, jump, rendezvous, maglev, modulo or bounded"}.one_of([] { return names_only(algorithm_names()); }).by_default("\"ketama\"").eg(R"("jump")"),
      KeySpec{"sharding", "compat", T::kString,
       "ketama only: exact (default), libketama, libmemcached, hashring or uhashring"}.one_of([] { return names_only(compat_names()); }).by_default("\"exact\"").eg(R"("libmemcached")"),
      KeySpec{"sharding", "hash", T::kString,
       "key hash for ring, rendezvous, jump, maglev, modulo, bounded: md5, xxh64, murmur3, fnv1a "
       "or none (keys are integers)"}.one_of([] { return names_only(hash_names()); }).by_default("\"md5\"").eg(R"("xxh64")"),
      KeySpec{"sharding", "vnodes", T::kInteger, "ring and bounded: points per node of weight 1 (160)"}.in(1, 1e5).by_default("160").eg("160"),
      // Synthetic keys are generated and hashed one by one; beyond 10^9 a run takes minutes.
      KeySpec{"sharding", "keys", T::kInteger, "synthetic keys: key_format with {} = 0 .. keys-1"}.in(1, 1e9).by_default("100000").eg(R"("1M")"),
      KeySpec{"sharding", "key_format", T::kString, "synthetic key pattern, {} replaced by the index"}.by_default("\"key:{}\"").eg(R"("user:{}")"),
      KeySpec{"sharding", "key_file", T::kString, "keys from a file instead, one per line"}.eg(R"("keys.txt")"),
      KeySpec{"sharding", "popularity", T::kTable,
       "request load per key: { zipf = 0.99 } (key i has rank i+1); default uniform"}.eg("{ zipf = 0.99 }"),
      KeySpec{"sharding", "nodes", T::kStringList, "node names, weight 1 each"}.eg(R"(["cache-1:11211", "cache-2:11211", "cache-3:11211"])"),
      KeySpec{"sharding", "node", T::kTableArray, "nodes with weights: [[sharding.node]] name, weight"}.eg(R"([{ name = "cache-1:11211", weight = 2 }])"),
      KeySpec{"sharding", "load_factor", T::kNumber, "bounded: capacity (1+ε) × mean load (1.25)"}.in(1, 100, /*min_open=*/true).by_default("1.25").eg("1.25"),
      KeySpec{"sharding", "max_imbalance", T::kNumber,
       "target: max share / fair share; also reports the vnodes needed"}.in(1, 1e6, /*min_open=*/true).eg("1.1"),
      KeySpec{"sharding", "table_size", T::kInteger, "maglev: lookup table size M, a prime (65537)"}.in(1, 100000007).by_default("65537").eg("65537"),
      KeySpec{"sharding", "change", T::kTable, "a change to analyse: add, remove, reweight"}.eg(R"({ add = ["cache-4:11211"] })"),
      KeySpec{"sharding.node[]", "name", T::kString, "the node's name (host:port for memcached)"}.eg(R"("cache-1:11211")"),
      KeySpec{"sharding.node[]", "weight", T::kNumber, "relative capacity (1)"}.in(0, 1e9, /*min_open=*/true).by_default("1").eg("2"),
      KeySpec{"sharding.popularity", "zipf", T::kNumber, "Zipf exponent s: key i gets (i+1)^−s"}.in(0, 10).by_default("0").eg("0.99"),
      KeySpec{"sharding.change", "add", T::kStringList, "nodes added (names, weight 1)"}.eg(R"(["cache-4:11211"])"),
      KeySpec{"sharding.change", "remove", T::kStringList, "nodes removed"}.eg(R"(["cache-1:11211"])"),
      KeySpec{"sharding.change", "reweight", T::kTable, "new weights: { \"cache-1:11211\" = 2 }"}.each(T::kNumber).in(0, 1e9, true).eg(R"({ "cache-1:11211" = 2 })"),
  };
  return kKeys;
}

void load_sharding(TableReader& r, Model& model, Diagnostics& diag) {
  ShardingSection s;
  s.loc = r.loc();
  using A = ShardAlgorithm;
  if (auto a = r.choice("algorithm", algorithm_names())) {
    s.algorithm = *a;
  }
  if (auto c = r.choice("compat", compat_names())) {
    s.compat = *c;
    if (s.algorithm != A::kKetama) r.error("compat", "compat applies only to algorithm = \"ketama\"");
  }
  using H = formulas::Hash64;
  if (auto h = r.choice("hash", hash_names())) {
    s.hash = *h;
    if (s.algorithm == A::kKetama && *h != H::kMd5) {
      r.error("hash", "ketama hashes with md5; other hashes need algorithm = \"ring\"");
    }
  }
  if (auto v = r.integer("vnodes")) {
    s.vnodes = static_cast<int>(*v);
    if (s.algorithm != A::kRing && s.algorithm != A::kBounded) {
      r.error("vnodes", "vnodes applies to algorithm = \"ring\" or \"bounded\"",
              s.algorithm == A::kKetama ? "ketama fixes its own count: 40 digests of 4 points "
                                          "per node of average weight"
                                        : "");
    }
  }
  if (auto k = r.integer("keys")) s.keys = static_cast<std::uint64_t>(*k);
  if (auto f = r.string("key_format")) {
    const size_t first = f->find("{}");
    if (first == std::string::npos || f->find("{}", first + 1) != std::string::npos) {
      r.error("key_format", fmt::format("key_format must contain '{{}}' once, got '{}'", *f),
              "e.g. key_format = \"user:{}\"");
    } else {
      s.key_format = *f;
    }
  }
  if (auto file = r.string("key_file")) {
    // Relative to the model file, so that a model and its keys travel together.
    std::filesystem::path path(*file);
    if (path.is_relative() && diag.path() != "<stdin>") {
      path = std::filesystem::path(diag.path()).parent_path() / path;
    }
    s.key_file = path.string();
    s.key_file_loc = r.loc_of("key_file");
    if (!std::ifstream(s.key_file)) {
      r.error("key_file", fmt::format("cannot open '{}'", s.key_file));
    }
    if (r.has("keys") || r.has("key_format")) {
      r.error("key_file", "give key_file or keys with key_format, not both");
    }
  }
  if (const toml::table* p = r.table("popularity")) {
    TableReader pr(*p, "sharding.popularity", "sharding.popularity", diag);
    if (auto z = pr.number("zipf")) s.zipf = *z;
    else if (!pr.has("zipf")) pr.error("zipf", "popularity needs zipf", "e.g. popularity = { zipf = 0.99 }");
    pr.finish();
  }
  s.nodes = read_nodes(r, s.algorithm, diag);
  if (auto lf = r.number("load_factor")) {
    s.load_factor = *lf;
    if (s.algorithm != A::kBounded) r.error("load_factor", "load_factor applies to algorithm = \"bounded\"");
  }
  if (auto m = r.number("max_imbalance")) {
    s.max_imbalance = *m;
    s.max_imbalance_loc = r.loc_of("max_imbalance");
  }
  if (auto t = r.integer("table_size")) {
    s.table_size = static_cast<std::uint32_t>(*t);
    if (!is_prime(s.table_size)) {
      r.error("table_size", fmt::format("maglev's table size must be prime, got {}", *t),
              "e.g. 65537, 655373");
    }
    if (s.algorithm != A::kMaglev) r.error("table_size", "table_size applies to algorithm = \"maglev\"");
  } else {
    s.table_size = kDefaultMaglevTable;
  }
  if (const toml::table* c = r.table("change")) {
    TableReader cr(*c, "sharding.change", "sharding.change", diag);
    s.change = read_change(cr, diag);
    cr.finish();
  }
  check_nodes(r, s);
  r.finish();
  model.set_section(std::move(s));
}

}  // namespace headroom::calc
