#include "calc/avail.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>

#include "formulas/repair_chain.hpp"

namespace headroom::calc {
namespace {

using formulas::Availability;

// Exact conditioning costs 2^shared evaluations of the structure.
constexpr size_t kMaxSharedBlocks = 16;

struct BlockEval {
  Availability availability;
  std::string formula;
};

BlockEval component_block(const Component& c) {
  const Availability replica = *c.availability;
  BlockEval b;
  const int n = c.replicas, k = c.min_healthy;
  if (c.repair_crews) {
    b.availability = formulas::k_of_n_with_repair_crews(
        n, k, Rate(1.0 / c.mtbf->value()), Rate(1.0 / c.mttr->value()), *c.repair_crews);
    b.formula = fmt::format(
        "{}-of-{} with {} repair crew(s): birth-death chain, λ = 1/{} s, μ = 1/{} s → {:.9f}", k,
        n, *c.repair_crews, c.mtbf->value(), c.mttr->value(), b.availability.up);
  } else if (n == 1) {
    b.availability = replica;
    b.formula = c.mtbf && c.mttr
                    ? fmt::format("mtbf/(mtbf+mttr) = {}/({}+{}) = {:.9f}", c.mtbf->value(),
                                  c.mtbf->value(), c.mttr->value(), replica.up)
                    : fmt::format("given {:.9f}", replica.up);
  } else {
    b.availability = formulas::k_of_n_identical(replica, n, k);
    b.formula = fmt::format("Σ_{{i={}..{}}} C({},i) {:.9f}^i {:.3e}^({}-i) = {:.9f}", k, n, n,
                            replica.up, replica.down, n, b.availability.up);
  }
  if (c.mode == RedundancyMode::kActivePassive && c.failover_time) {
    const double fraction = c.failover_time->value() / c.mtbf->value();
    b.availability = formulas::with_failover(b.availability, fraction);
    b.formula += fmt::format("; × (1 − failover/mtbf) = × (1 − {}/{}) = {:.9f}",
                             c.failover_time->value(), c.mtbf->value(), b.availability.up);
  }
  return b;
}

class Structure {
 public:
  explicit Structure(const Model& model) : model_(model) {
    for (const Component& c : model.components)
      if (c.availability) component_blocks_[c.name] = component_block(c);
  }

  const BlockEval& component(const std::string& name) const { return component_blocks_.at(name); }

  /// The blocks `roots` in series, with some blocks forced up (true) or down (false). Blocks
  /// that appear in several places are conditioned on (pivotal decomposition), so that each
  /// counts once: A = A_b·A(b up) + (1 − A_b)·A(b down).
  Availability series_of(const std::vector<std::string>& roots,
                         std::map<std::string, bool> forced = {}) const {
    for (const std::string& s : shared_blocks(roots)) {
      if (forced.count(s)) continue;
      const Availability block = unconditioned(s, forced);
      forced[s] = true;
      const Availability if_up = series_of(roots, forced);
      forced[s] = false;
      const Availability if_down = series_of(roots, forced);
      return {block.up * if_up.up + block.down * if_down.up,
              block.up * if_up.down + block.down * if_down.down};
    }
    std::vector<Availability> blocks;
    for (const std::string& name : roots) blocks.push_back(eval(name, forced));
    return formulas::series(blocks);
  }

  /// Blocks reachable from `roots`, first appearance first.
  std::vector<std::string> reachable(const std::vector<std::string>& roots) const {
    return walk(roots).first;
  }

  /// Blocks reachable from `roots` in more than one place.
  std::vector<std::string> shared_blocks(const std::vector<std::string>& roots) const {
    auto [order, references] = walk(roots);
    std::vector<std::string> shared;
    for (const std::string& name : order)
      if (references[name] > 1) shared.push_back(name);
    return shared;
  }

 private:
  // The block's own availability, with forced blocks below it taken as given.
  Availability unconditioned(const std::string& name, const std::map<std::string, bool>& forced) const {
    const Group* g = model_.find_group(name);
    if (!g) return component_blocks_.at(name).availability;
    return eval_group(*g, forced);
  }

  Availability eval(const std::string& name, const std::map<std::string, bool>& forced) const {
    if (auto it = forced.find(name); it != forced.end())
      return it->second ? Availability::perfect() : Availability::failed();
    return unconditioned(name, forced);
  }

  Availability eval_group(const Group& g, const std::map<std::string, bool>& forced) const {
    std::vector<Availability> members;
    for (const std::string& m : g.members) members.push_back(eval(m, forced));
    switch (g.kind) {
      case GroupKind::kAllOf: return formulas::series(members);
      case GroupKind::kAnyOf: return formulas::parallel(members);
      case GroupKind::kKOf: return formulas::k_of_n_distinct(members, g.k);
    }
    return Availability::failed();
  }

  std::pair<std::vector<std::string>, std::map<std::string, int>> walk(
      const std::vector<std::string>& roots) const {
    std::vector<std::string> order;
    std::map<std::string, int> references;
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
      if (references[name]++ == 0) order.push_back(name);
      if (const Group* g = model_.find_group(name))
        for (const std::string& m : g->members) visit(m);
    };
    for (const std::string& name : roots) visit(name);
    return {order, references};
  }

  const Model& model_;
  std::map<std::string, BlockEval> component_blocks_;
};

std::string group_formula(const Group& g) {
  std::string members;
  for (const std::string& m : g.members) members += (members.empty() ? "" : ", ") + m;
  switch (g.kind) {
    case GroupKind::kAllOf: return "all of (" + members + "): product";
    case GroupKind::kAnyOf: return "any of (" + members + "): 1 − Π(1 − Aᵢ)";
    case GroupKind::kKOf:
      return fmt::format("{} of ({}): exact sum over subsets", g.k, members);
  }
  return "";
}

}  // namespace

AvailResult analyse_availability(const Model& model) {
  const AvailabilitySection& section = *model.availability;
  const Structure structure(model);

  AvailResult result;
  result.shared_blocks = structure.shared_blocks(section.path);
  if (result.shared_blocks.size() > kMaxSharedBlocks) {
    throw Error::at(section.loc, "availability.path",
                    fmt::format("{} blocks appear in more than one place; exact conditioning "
                                "handles at most {}",
                                result.shared_blocks.size(), kMaxSharedBlocks),
                    "model shared dependencies once, as a block in series on the path");
  }
  result.system = model.system_name();
  result.availability = structure.series_of(section.path);
  result.target = section.target;
  result.target_loc = section.target_loc;

  for (const std::string& name : structure.reachable(section.path)) {
    BlockAvailability b;
    b.name = name;
    b.on_path = std::find(section.path.begin(), section.path.end(), name) != section.path.end();
    if (const Group* g = model.find_group(name)) {
      b.is_group = true;
      b.availability = structure.series_of({name});
      b.formula = group_formula(*g);
    } else {
      b.availability = structure.component(name).availability;
      b.formula = structure.component(name).formula;
    }
    const Availability up = structure.series_of(section.path, {{name, true}});
    const Availability down = structure.series_of(section.path, {{name, false}});
    // The difference of the down sides keeps precision when both are tiny.
    b.importance = std::max(0.0, down.down - up.down);
    result.blocks.push_back(std::move(b));
  }
  std::stable_sort(result.blocks.begin(), result.blocks.end(),
                   [](const auto& a, const auto& b) { return a.importance > b.importance; });
  return result;
}

}  // namespace headroom::calc
