// The structure function of an availability diagram (the path in series, groups, components),
// solved exactly when blocks are shared: modules (A. Rauzy & Y. Dutuit, "Exact and truncated
// computations of prime implicants of coherent and non-coherent fault trees within Aralia",
// RESS 58, 1997: linear-time module detection) are solved on their own, and a module whose
// parts share blocks becomes a binary decision diagram.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calc/base/error.hpp"
#include "formulas/availability.hpp"

namespace headroom::calc {

/// One block of the diagram: a component (a leaf with its own availability) or a group.
struct StructureBlock {
  enum class Kind { kLeaf, kAllOf, kAnyOf, kKOf };
  std::string name;
  Kind kind = Kind::kLeaf;
  int k = 0;                       // kKOf
  std::vector<uint32_t> children;  // indices into the diagram's blocks
  formulas::Availability leaf;     // kLeaf
};

/// Blocks[0] is the root (the path, in series); the rest are reachable from it. Acyclic.
struct StructureDiagram {
  std::vector<StructureBlock> blocks;
};

struct SolvedBlock {
  formulas::Availability availability;  // the block's own
  /// Birnbaum importance: A_sys(block always up) − A_sys(block always down), in 0..1.
  double importance = 0.0;
  /// A_sys(block always up) − A_sys: the share of time that making it perfect would add.
  double gain_if_perfect = 0.0;
  bool is_module = false;  // shares nothing with the rest of the diagram
};

struct StructureSolution {
  formulas::Availability system;
  std::vector<SolvedBlock> blocks;  // as the diagram's blocks; [0] is the root
  size_t shared_blocks = 0;         // blocks referenced from more than one place
};

/// Solves the diagram exactly. Work is bounded: a diagram whose shared parts need more than
/// the decision diagram's limits throws Error::at(loc, key, …).
/// Requires: diagram acyclic, every index valid, kKOf with 1 <= k <= children.
StructureSolution solve_structure(const StructureDiagram& diagram, const SourceLoc& loc,
                                  const std::string& key);

}  // namespace headroom::calc
