#include "calc/avail/avail.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>
#include <string_view>

#include "calc/avail/structure.hpp"
#include "formulas/repair_chain.hpp"

namespace headroom::calc {
namespace {

using formulas::Availability;

struct BlockEval {
  Availability availability;
  Explanation formulas;
};

BlockEval component_block(const Component& c, bool with_formula) {
  const Availability replica = *c.availability;
  BlockEval b;
  const int n = c.replicas, k = c.min_healthy;
  if (c.repair_crews) {
    b.availability = formulas::k_of_n_with_repair_crews(
        n, k, Rate(1.0 / c.mtbf->value()), Rate(1.0 / c.mttr->value()), *c.repair_crews);
    if (with_formula)
      b.formulas.push_back({"repair-crews", fmt::format(
          "{}-of-{} with {} repair crew(s): birth-death chain, λ = 1/{} s, μ = 1/{} s → {:.9f}",
          k, n, *c.repair_crews, c.mtbf->value(), c.mttr->value(), b.availability.up)});
  } else if (n == 1) {
    b.availability = replica;
    if (with_formula)
      b.formulas.push_back({"replica-availability", c.mtbf && c.mttr
                      ? fmt::format("mtbf/(mtbf+mttr) = {}/({}+{}) = {:.9f}", c.mtbf->value(),
                                    c.mtbf->value(), c.mttr->value(), replica.up)
                      : fmt::format("given {:.9f}", replica.up)});
  } else {
    b.availability = formulas::k_of_n_identical(replica, n, k);
    if (with_formula)
      b.formulas.push_back({"k-of-n", fmt::format("Σ_{{i={}..{}}} C({},i) {:.9f}^i {:.3e}^({}-i) = {:.9f}",
                              k, n, n, replica.up, replica.down, n, b.availability.up)});
  }
  if (c.mode == RedundancyMode::kActivePassive && c.failover_time) {
    const double fraction = c.failover_time->value() / c.mtbf->value();
    b.availability = formulas::with_failover(b.availability, fraction);
    if (with_formula)
      b.formulas.push_back({"failover", fmt::format("× (1 − failover/mtbf) = × (1 − {}/{}) = {:.9f}",
                               c.failover_time->value(), c.mtbf->value(), b.availability.up)});
  }
  return b;
}

ExplainLine group_formula(const Group& g) {
  std::string members;
  for (const std::string& m : g.members) members += (members.empty() ? "" : ", ") + m;
  switch (g.kind) {
    case GroupKind::kAllOf: return {"series", "all of (" + members + "): product"};
    case GroupKind::kAnyOf: return {"parallel", "any of (" + members + "): 1 − Π(1 − Aᵢ)"};
    case GroupKind::kKOf:
      return {"k-of-n", fmt::format("{} of ({}): exact sum over subsets", g.k, members)};
  }
  return {};
}

}  // namespace

AvailResult analyse_availability(const Model& model, bool with_formulas) {
  const AvailabilitySection& section = *model.section<AvailabilitySection>();
  // The diagram in depth-first order of first appearance (iterative: groups nest deeply).
  // A block's diagram id by its place in the model (0: not reached yet; the root is 0).
  StructureDiagram diagram;
  std::vector<Explanation> formulas(1);
  std::vector<uint32_t> group_id(model.groups.size(), 0), component_id(model.components.size(), 0);
  diagram.blocks.push_back({"", StructureBlock::Kind::kAllOf, 0, {}, {}});
  struct Item {
    uint32_t block;
    const std::vector<std::string>* members;
    size_t next;
  };
  std::vector<Item> stack{{0, &section.path, 0}};
  while (!stack.empty()) {
    Item& top = stack.back();
    if (top.next == top.members->size()) {
      stack.pop_back();
      continue;
    }
    const uint32_t parent = top.block;
    const std::string& name = (*top.members)[top.next++];
    const Group* group = model.find_group(name);
    const Component* component = group ? nullptr : model.find_component(name);
    uint32_t& known = group ? group_id[group - model.groups.data()]
                            : component_id[component - model.components.data()];
    if (known != 0) {
      diagram.blocks[parent].children.push_back(known);
      continue;
    }
    const auto id = static_cast<uint32_t>(diagram.blocks.size());
    known = id;
    diagram.blocks[parent].children.push_back(id);
    StructureBlock b;
    b.name = name;
    if (group) {
      b.kind = group->kind == GroupKind::kAllOf  ? StructureBlock::Kind::kAllOf
               : group->kind == GroupKind::kAnyOf ? StructureBlock::Kind::kAnyOf
                                                  : StructureBlock::Kind::kKOf;
      b.k = group->k;
      diagram.blocks.push_back(std::move(b));
      formulas.emplace_back();
      if (with_formulas) formulas.back().push_back(group_formula(*group));
      stack.push_back({id, &group->members, 0});
    } else {
      const BlockEval e = component_block(*component, with_formulas);
      b.leaf = e.availability;
      diagram.blocks.push_back(std::move(b));
      formulas.push_back(std::move(e.formulas));
    }
  }

  const StructureSolution solved = solve_structure(diagram, section.loc, "availability.path");
  AvailResult result;
  result.system = model.system_name();
  result.availability = solved.system;
  result.shared_blocks = solved.shared_blocks;
  result.target = section.target;
  result.target_loc = section.target_loc;
  std::vector<bool> on_path(diagram.blocks.size(), false);  // named in the path itself
  for (const uint32_t child : diagram.blocks[0].children) on_path[child] = true;
  // Ranked by importance, ties in order of first appearance (indices sorted, not the blocks).
  std::vector<uint32_t> ranked(diagram.blocks.size() - 1);
  std::iota(ranked.begin(), ranked.end(), 1u);
  std::stable_sort(ranked.begin(), ranked.end(), [&](uint32_t a, uint32_t b) {
    return solved.blocks[a].importance > solved.blocks[b].importance;
  });
  result.blocks.reserve(ranked.size());
  result.explained = with_formulas;
  for (const uint32_t id : ranked) {
    const StructureBlock& sb = diagram.blocks[id];
    BlockAvailability b;
    b.name = sb.name;
    b.is_group = sb.kind != StructureBlock::Kind::kLeaf;
    b.on_path = on_path[id];
    b.availability = solved.blocks[id].availability;
    b.importance = solved.blocks[id].importance;
    b.gain_if_perfect = solved.blocks[id].gain_if_perfect;
    b.formulas = std::move(formulas[id]);
    result.blocks.push_back(std::move(b));
  }
  return result;
}

}  // namespace headroom::calc
