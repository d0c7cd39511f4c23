// The result documents of `headroom ring` and `headroom ring --compare` (SPEC §3.4 JSON keys).
#include <algorithm>
#include <fmt/format.h>

#include "calc/ring/placement.hpp"
#include "calc/ring/ring.hpp"

namespace headroom::calc {
namespace {

// With every weight equal the mean of x_i is 1 and stddev is the coefficient of variation:
// tables print it once.
Node balance_node(const Balance& b, bool same_weights) {
  Node n = Node::object();
  n.add("imbalance", Node::number(b.imbalance));
  Node& stddev = n.add("stddev", Node::number(b.stddev));
  if (same_weights) stddev.machine_only();
  n.add("coefficient_of_variation", Node::number(b.coefficient_of_variation));
  return n;
}

bool equal_weights(const std::vector<NodeShare>& nodes) {
  return std::all_of(nodes.begin(), nodes.end(), [&](const NodeShare& n) { return n.weight == nodes.front().weight; });
}

Node nodes_node(const std::vector<NodeShare>& nodes) {
  Node array = Node::array();
  for (const NodeShare& s : nodes) {
    Node& n = array.push(Node::object(), s.name);
    n.add("name", Node::string(s.name));
    n.add("weight", Node::number(s.weight));
    n.add("keys", Node::count(static_cast<double>(s.keys)));
    n.add("key_share", Node::number(s.key_share, Unit::kRatio));
    n.add("arc_share", s.arc_share ? Node::number(*s.arc_share, Unit::kRatio) : Node::null());
    n.add("load_share", Node::number(s.load_share, Unit::kRatio));
    n.add("fair_share", Node::number(s.fair_share, Unit::kRatio));
  }
  return array;
}

// How the keys were placed: the algorithm's rule, under its `headroom explain` topic.
ExplainLine placement_line(const ShardingSection& s, const RingResult& r) {
  const std::string keys = fmt::format("{} keys hashed with {}", r.keys, r.hash);
  switch (s.algorithm) {
    case ShardAlgorithm::kKetama:
      return {"ketama", fmt::format("ketama ({}): ⌊40·n·w/W⌋ MD5 digests per node, 4 points each; a key "
                                    "goes to the first point at or after its hash; {}",
                                    r.compat.empty() ? "exact" : r.compat, keys)};
    case ShardAlgorithm::kRing:
      return {"hash-ring", fmt::format("ring: round({} × weight) points per node at hash(\"name-i\"); a key "
                                       "goes to the first point at or after its hash; {}", s.vnodes, keys)};
    case ShardAlgorithm::kBounded:
      return {"bounded-load", fmt::format("bounded loads: the first node clockwise whose load is under "
                                          "⌈(1 + ε)·m·w/W⌉, ε = {} − 1, m the keys placed so far; {}",
                                          s.load_factor, keys)};
    case ShardAlgorithm::kJump:
      return {"jump-hash", fmt::format("jump consistent hash: the bucket from the key's 64-bit hash by "
                                       "b = ⌊(b + 1)·2^31 / ((k >> 33) + 1)⌋ until b ≥ n; {}", keys)};
    case ShardAlgorithm::kRendezvous:
      return {"rendezvous", fmt::format("rendezvous: the node with the highest score −w / ln(u), u uniform in "
                                        "(0, 1) from the key's and the node's hashes; {}", keys)};
    case ShardAlgorithm::kMaglev:
      return {"maglev", fmt::format("maglev: a lookup table of {} slots filled by each node's permutation "
                                    "offset + j·skip mod M in turn; a key goes to slot hash mod M; {}",
                                    s.table_size, keys)};
    case ShardAlgorithm::kModulo:
      return {"modulo", fmt::format("modulo: node = hash mod n; {}", keys)};
  }
  return {};
}

}  // namespace

AnalysisResult ring_document(const RingResult& r, const ShardingSection& s) {
  AnalysisResult out;
  Node& doc = out.document;
  doc.add("algorithm", Node::string(r.algorithm));
  if (!r.compat.empty()) doc.add("compat", Node::string(r.compat));
  doc.add("hash", Node::string(r.hash));
  if (s.algorithm == ShardAlgorithm::kRing || s.algorithm == ShardAlgorithm::kBounded)
    doc.add("vnodes", Node::count(s.vnodes));
  doc.add("keys", Node::count(static_cast<double>(r.keys)));
  doc.add("zipf", Node::number(r.zipf));
  doc.add("nodes", nodes_node(r.nodes));
  const bool equal = equal_weights(r.nodes);
  doc.add("key_balance", balance_node(r.key_balance, equal));
  doc.add("load_balance", balance_node(r.load_balance, equal));
  if (r.arc_balance) doc.add("arc_balance", balance_node(*r.arc_balance, equal));
  doc.add("lookup_operations", Node::number(r.lookup_operations));
  doc.add("memory_bytes", Node::number(static_cast<double>(r.memory_bytes), Unit::kBytes));
  out.explanation.push_back(placement_line(s, r));
  out.explanation.push_back({"ring-balance", 
      "x_i = share_i / (weight_i / total weight); imbalance = max x_i; stddev and coefficient of "
      "variation of x_i over the nodes"});
  if (r.arc_balance) {
    out.explanation.push_back({"ring-balance", 
        "arc share: each ring point owns the hash space back to the previous point, summed per "
        "node and divided by the size of the hash space (exact, not sampled)"});
  }
  if (r.change) {
    const ChangeResult& c = *r.change;
    Node& change = doc.add("change", Node::object());
    change.add("moved_fraction", Node::number(c.moved_fraction, Unit::kRatio));
    change.add("ideal_moved_fraction", Node::number(c.ideal_moved_fraction, Unit::kRatio));
    change.add("moved_arc_fraction",
               c.moved_arc_fraction ? Node::number(*c.moved_arc_fraction, Unit::kRatio) : Node::null());
    Node& moves = change.add("moves", Node::array());
    for (const Move& m : c.moves) {
      Node& n = moves.push(Node::object(), m.from + "->" + m.to);
      n.add("from", Node::string(m.from));
      n.add("to", Node::string(m.to));
      n.add("keys", Node::count(static_cast<double>(m.keys)));
    }
    change.add("nodes", nodes_node(c.nodes));
    change.add("key_balance", balance_node(c.key_balance, equal_weights(c.nodes)));
    change.add("load_balance", balance_node(c.load_balance, equal_weights(c.nodes)));
    out.explanation.push_back({"ring-change", fmt::format(
        "ideal moved fraction = ½ Σ |fair share before − fair share after| = {:.6f}",
        c.ideal_moved_fraction)});
  }
  if (r.vnodes) {
    const VnodesResult& v = *r.vnodes;
    Node& vn = doc.add("vnodes_for_target", Node::object());
    vn.add("max_imbalance", Node::number(v.target));
    vn.add("found", Node::boolean(v.found));
    vn.add("vnodes_needed", v.found ? Node::count(v.vnodes_needed) : Node::null());
    vn.add("imbalance_at_needed", v.found ? Node::number(v.imbalance_at_needed) : Node::null());
    vn.add("rule_of_thumb_vnodes", Node::count(v.rule_of_thumb));
    out.targets.push_back(Target{"ring.key_balance.imbalance", std::nullopt, v.target, v.target_loc, Unit::kNone});
    out.explanation.push_back({"vnodes-needed", fmt::format(
        "vnodes needed: a generic ring (algorithm = \"ring\", hash = {}) built at doubling vnode "
        "counts, then bisected, until its exact arc imbalance ≤ {}; rule of thumb "
        "(√(2 ln n) / (target − 1))² = {}",
        r.hash, v.target, v.rule_of_thumb)});
  } else if (s.max_imbalance) {
    out.targets.push_back(Target{"ring.key_balance.imbalance", std::nullopt, *s.max_imbalance,
                                 s.max_imbalance_loc, Unit::kNone});
  }
  return out;
}

AnalysisResult ring_preview(const ShardingSection& s) {
  RingResult r;
  r.algorithm = name_of(algorithm_names(), s.algorithm);
  r.compat = s.algorithm == ShardAlgorithm::kKetama ? name_of(compat_names(), s.compat) : "";
  r.hash = s.algorithm == ShardAlgorithm::kKetama ? "md5" : name_of(hash_names(), s.hash);
  const bool arcs = has_arc_shares(s.algorithm);
  auto shares = [&](const std::vector<ShardNode>& nodes) {
    std::vector<NodeShare> out;
    for (const ShardNode& n : nodes) {
      NodeShare share;
      share.name = n.name;
      share.weight = n.weight;
      if (arcs) share.arc_share = 0.0;
      out.push_back(share);
    }
    return out;
  };
  r.nodes = shares(s.nodes);
  if (arcs) r.arc_balance = Balance{};
  if (s.change) {
    ChangeResult c;
    if (has_moved_hash_space(s.algorithm)) c.moved_arc_fraction = 0.0;
    c.nodes = shares(nodes_after(s));
    r.change = std::move(c);
  }
  if (s.max_imbalance && takes_vnodes(s.algorithm)) {
    r.vnodes = VnodesResult{};
    r.vnodes->found = true;  // optimistic: a search that finds nothing leaves nulls, checked then
    r.vnodes->target = *s.max_imbalance;
    r.vnodes->target_loc = s.max_imbalance_loc;
  }
  AnalysisResult out = ring_document(r, s);
  if (Node* change = out.document.find("change"))
    if (Node* moves = change->find("moves")) moves->mark_open();
  return out;
}

Node comparison_document(const std::vector<RingResult>& results) {
  Node doc = Node::object();
  Node& rows = doc.add("comparison", Node::array());
  for (const RingResult& r : results) {
    Node& n = rows.push(Node::object(), r.algorithm);
    n.add("algorithm", Node::string(r.algorithm));
    n.add("hash", Node::string(r.hash));
    n.add("key_imbalance", Node::number(r.key_balance.imbalance));
    n.add("load_imbalance", Node::number(r.load_balance.imbalance));
    n.add("arc_imbalance", r.arc_balance ? Node::number(r.arc_balance->imbalance) : Node::null());
    n.add("key_coefficient_of_variation", Node::number(r.key_balance.coefficient_of_variation));
    n.add("moved_fraction", r.change ? Node::number(r.change->moved_fraction, Unit::kRatio) : Node::null());
    n.add("ideal_moved_fraction",
          r.change ? Node::number(r.change->ideal_moved_fraction, Unit::kRatio) : Node::null());
    n.add("lookup_operations", Node::number(r.lookup_operations));
    n.add("memory_bytes", Node::number(static_cast<double>(r.memory_bytes), Unit::kBytes));
  }
  return doc;
}

}  // namespace headroom::calc
