// Reduced ordered binary decision diagrams over independent Boolean variables, with the exact
// probability of a function and its derivative in each variable's probability (Birnbaum
// importance). Sources: R. E. Bryant, "Graph-based algorithms for Boolean function
// manipulation", IEEE Trans. Computers C-35(8), 1986 (ITE, unique and computed tables);
// A. Rauzy, "New algorithms for fault trees analysis", Reliability Engineering & System Safety
// 40(3), 1993 (probabilities and importance factors on BDDs).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "formulas/availability.hpp"

namespace headroom::formulas {

/// A manager of shared BDD nodes. Variables are numbered by their place in the order (0 first).
/// Every operation is iterative (no recursion, whatever the depth) and counts its work; past
/// the limits it stops, returns kFalse and `exhausted()` is true from then on.
class Bdd {
 public:
  using Ref = uint32_t;
  static constexpr Ref kFalse = 0;
  static constexpr Ref kTrue = 1;

  /// Limits: nodes held at once, and if-then-else steps (computed-table misses) in all.
  Bdd(size_t max_nodes, size_t max_steps);

  /// The function "variable `var` is up".
  Ref variable(uint32_t var);
  /// if f then g else h.
  Ref ite(Ref f, Ref g, Ref h);
  Ref both(Ref f, Ref g) { return ite(f, g, kFalse); }
  Ref either(Ref f, Ref g) { return ite(f, kTrue, g); }
  /// All of / any of the operands, combined as a balanced tree.
  Ref all_of(std::span<const Ref> operands) { return balanced(operands, kTrue, true); }
  Ref any_of(std::span<const Ref> operands) { return balanced(operands, kFalse, false); }
  /// At least k of the operands (0 <= k; k > size gives kFalse).
  Ref at_least(std::span<const Ref> operands, int k);

  bool exhausted() const { return exhausted_; }
  size_t nodes() const { return nodes_.size(); }

  /// Sets the probabilities of the independent variables (vars[v].up that v is up) that
  /// probability() and derivatives() use. Requires: every variable used < vars.size().
  void set_probabilities(std::vector<Availability> vars);

  /// P(f up) and P(f down), each summed from non-negative terms (no cancellation). Nodes'
  /// probabilities are kept, so asking for many functions costs one pass over the nodes.
  Availability probability(Ref f);

  /// ∂P(f up)/∂P(var up) for every variable (Birnbaum importance in f), from one pass down the
  /// diagram: Σ over var's nodes of P(reach node) × (P(hi up) − P(lo up)), the difference
  /// taken on the down side.
  std::vector<double> derivatives(Ref f);

 private:
  struct Node {
    uint32_t var;
    Ref lo, hi;
  };
  struct Slot {
    uint32_t a = 0, b = 0, c = 0;
    Ref value = 0;
    bool used = false;
  };
  // Open addressing over three 32-bit keys.
  class TripleMap {
   public:
    Ref* find(uint32_t a, uint32_t b, uint32_t c);
    void insert(uint32_t a, uint32_t b, uint32_t c, Ref value);
    size_t size() const { return size_; }

   private:
    std::vector<Slot> slots_;
    size_t size_ = 0;
  };

  Ref make(uint32_t var, Ref lo, Ref hi);
  Ref balanced(std::span<const Ref> operands, Ref empty, bool conjunction);
  uint32_t top_var(Ref f, Ref g, Ref h) const;
  Ref cofactor(Ref f, uint32_t var, bool high) const;
  bool terminal_case(Ref f, Ref g, Ref h, Ref& out) const;
  // P(up) and P(down) of every node up to f, bottom up, extending what is kept.
  void extend_probabilities(Ref f);

  struct Frame {
    Ref f, g, h;
    uint32_t var;
    int stage;  // 0: expand the low side, 1: the high side, 2: join them
    Ref lo;
  };

  std::vector<Node> nodes_;
  std::vector<Frame> stack_;  // ite's, reused
  TripleMap unique_;
  TripleMap computed_;
  std::vector<Availability> vars_;
  std::vector<double> up_, down_;  // per node, for the nodes below up_.size()
  size_t max_nodes_, max_steps_, steps_ = 0;
  bool exhausted_ = false;
};

}  // namespace headroom::formulas
