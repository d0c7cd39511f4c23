#include "calc/avail/structure.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>

#include "formulas/bdd.hpp"

namespace headroom::calc {
namespace {

using formulas::Availability;
using formulas::Bdd;
using Kind = StructureBlock::Kind;

// Limits of one module's decision diagram: about 12 bytes a node plus its table slot, and the
// if-then-else steps (each a hash look-up) that bound the time to a few seconds.
constexpr size_t kMaxBddNodes = 4'000'000;
constexpr size_t kMaxBddSteps = 30'000'000;
// Blocks re-joined in all to force each shared group up and down (its ancestors in a module).
constexpr size_t kMaxRebuildWork = 50'000'000;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Visit dates of a depth-first walk from the root (iterative: diagrams may be 100,000 deep).
struct Walk {
  std::vector<uint64_t> first, last, finish;
  std::vector<uint32_t> references;
  std::vector<uint32_t> postorder;
};

Walk walk(const StructureDiagram& d) {
  const size_t n = d.blocks.size();
  Walk w{std::vector<uint64_t>(n, 0), std::vector<uint64_t>(n, 0), std::vector<uint64_t>(n, 0),
         std::vector<uint32_t>(n, 0), {}};
  w.postorder.reserve(n);
  uint64_t t = 0;
  struct Item {
    uint32_t block;
    size_t next;
  };
  std::vector<Item> stack{{0, 0}};
  w.first[0] = w.last[0] = ++t;
  w.references[0] = 1;
  while (!stack.empty()) {
    const uint32_t v = stack.back().block;
    const std::vector<uint32_t>& children = d.blocks[v].children;
    if (stack.back().next < children.size()) {
      const uint32_t c = children[stack.back().next++];
      ++w.references[c];
      if (w.first[c] == 0) {
        w.first[c] = w.last[c] = ++t;
        stack.push_back({c, 0});
      } else {
        w.last[c] = ++t;
      }
    } else {
      w.finish[v] = ++t;
      w.postorder.push_back(v);
      stack.pop_back();
    }
  }
  return w;
}

class Solver {
 public:
  Solver(const StructureDiagram& d, const SourceLoc& loc, const std::string& key)
      : d_(d), loc_(loc), key_(key), n_(d.blocks.size()) {}

  StructureSolution solve() {
    const Walk w = walk(d_);
    find_modules(w);
    avail_.assign(n_, Availability::failed());
    local_derivative_.assign(n_, 0.0);
    parent_module_.assign(n_, kNone);
    forced_down_.assign(n_, {0.0, 0.0});
    module_vars_.assign(n_, {});
    module_groups_.assign(n_, {});
    for (uint32_t v = 0; v < n_; ++v)
      if (d_.blocks[v].kind == Kind::kLeaf) avail_[v] = d_.blocks[v].leaf;
    for (uint32_t v : w.postorder)
      if (module_[v] && d_.blocks[v].kind != Kind::kLeaf) solve_module(v);

    StructureSolution out;
    out.system = avail_[0];
    out.blocks.resize(n_);
    for (uint32_t v = 1; v < n_; ++v) out.shared_blocks += w.references[v] > 1;
    // Top down: the root first, each module before the modules inside it.
    std::vector<double> slope(n_, 0.0);  // ∂A_sys/∂A_block, for modules
    slope[0] = 1.0;
    for (auto it = w.postorder.rbegin(); it != w.postorder.rend(); ++it) {
      const uint32_t m = *it;
      if (!module_[m] || d_.blocks[m].kind == Kind::kLeaf) continue;
      for (uint32_t x : module_vars_[m]) slope[x] = local_derivative_[x] * slope[m];
      for (uint32_t g : module_groups_[m]) {
        const auto [down_if_up, down_if_down] = forced_down_[g];
        SolvedBlock& b = out.blocks[g];
        b.importance = std::clamp((down_if_down - down_if_up) * slope[m], 0.0, 1.0);
        b.gain_if_perfect = std::clamp((avail_[m].down - down_if_up) * slope[m], 0.0, 1.0);
      }
    }
    for (uint32_t v = 0; v < n_; ++v) {
      SolvedBlock& b = out.blocks[v];
      b.availability = avail_[v];
      b.is_module = module_[v];
      if (module_[v]) {
        // A_sys is affine in a module's availability: perfect adds (1 − A) × slope.
        b.importance = std::clamp(slope[v], 0.0, 1.0);
        b.gain_if_perfect = std::clamp(avail_[v].down * slope[v], 0.0, 1.0);
      }
    }
    return out;
  }

 private:
  // Rauzy–Dutuit: a block is a module when every block below it is first visited after it and
  // last visited before the walk leaves it, i.e. nothing outside reaches its parts.
  void find_modules(const Walk& w) {
    std::vector<uint64_t> min_first(n_, std::numeric_limits<uint64_t>::max());
    std::vector<uint64_t> max_last(n_, 0);
    module_.assign(n_, false);
    for (uint32_t v : w.postorder) {
      for (uint32_t c : d_.blocks[v].children) {
        min_first[v] = std::min({min_first[v], w.first[c], min_first[c]});
        max_last[v] = std::max({max_last[v], w.last[c], max_last[c]});
      }
      module_[v] = d_.blocks[v].kind == Kind::kLeaf ||
                   (min_first[v] > w.first[v] && max_last[v] < w.finish[v]);
    }
  }

  [[noreturn]] void too_large(uint32_t m, const std::string& why) const {
    const std::string& name = m == 0 ? std::string("the path") : "group '" + d_.blocks[m].name + "'";
    throw Error::at(loc_, key_,
                    fmt::format("{} shares blocks in a way too large to solve exactly ({})", name,
                                why),
                    "model a shared dependency once, as a block in series on the path");
  }

  // A module whose members are distinct modules, in series or in parallel: closed forms.
  bool solve_by_formula(uint32_t m) {
    const StructureBlock& b = d_.blocks[m];
    if (b.kind != Kind::kAllOf && b.kind != Kind::kAnyOf) return false;
    for (uint32_t c : b.children)
      if (!module_[c]) return false;
    std::vector<uint32_t> members;
    for (uint32_t c : b.children) {
      if (parent_module_[c] == m) continue;  // listed twice: x ∧ x = x ∨ x = x
      parent_module_[c] = m;
      members.push_back(c);
    }
    std::vector<Availability> parts;
    for (uint32_t c : members) parts.push_back(avail_[c]);
    const bool series = b.kind == Kind::kAllOf;
    avail_[m] = series ? formulas::series(parts) : formulas::parallel(parts);
    // ∂/∂A_i: the product of the others' up (series) or down (parallel) sides.
    const size_t count = parts.size();
    std::vector<double> suffix(count + 1, 1.0);
    for (size_t i = count; i-- > 0;) suffix[i] = suffix[i + 1] * (series ? parts[i].up : parts[i].down);
    double prefix = 1.0;
    for (size_t i = 0; i < count; ++i) {
      local_derivative_[members[i]] = prefix * suffix[i + 1];
      prefix *= series ? parts[i].up : parts[i].down;
    }
    module_vars_[m] = std::move(members);
    return true;
  }

  void solve_module(uint32_t m) {
    if (solve_by_formula(m)) return;
    // The module's own structure: m and the groups below it that are not modules, down to
    // the modules (components or independent groups) it is made of, its variables.
    std::vector<uint32_t> locals;  // postorder
    std::vector<uint32_t>& vars = module_vars_[m];
    std::vector<uint32_t>& groups = module_groups_[m];
    {
      struct Item {
        uint32_t block;
        size_t next;
      };
      std::vector<Item> stack{{m, 0}};
      std::vector<char>& in_local = in_local_;
      in_local[m] = 1;
      while (!stack.empty()) {
        const uint32_t v = stack.back().block;
        const auto& children = d_.blocks[v].children;
        if (stack.back().next < children.size()) {
          const uint32_t c = children[stack.back().next++];
          if (module_[c]) {
            if (parent_module_[c] != m) parent_module_[c] = m, vars.push_back(c);
          } else if (!in_local[c]) {
            in_local[c] = 1;
            parent_module_[c] = m;
            stack.push_back({c, 0});
          }
        } else {
          locals.push_back(v);
          if (v != m) groups.push_back(v);
          stack.pop_back();
        }
      }
    }
    Bdd bdd(kMaxBddNodes, kMaxBddSteps);
    std::vector<Availability> probabilities;
    for (size_t i = 0; i < vars.size(); ++i) {
      var_ref_[vars[i]] = bdd.variable(static_cast<uint32_t>(i));
      probabilities.push_back(avail_[vars[i]]);
    }
    bdd.set_probabilities(std::move(probabilities));

    auto join = [&](uint32_t v, auto&& ref_of) {
      const StructureBlock& b = d_.blocks[v];
      std::vector<Bdd::Ref> ops;
      ops.reserve(b.children.size());
      for (uint32_t c : b.children) ops.push_back(ref_of(c));
      switch (b.kind) {
        case Kind::kAllOf: return bdd.all_of(ops);
        case Kind::kAnyOf: return bdd.any_of(ops);
        case Kind::kKOf: return bdd.at_least(ops, b.k);
        case Kind::kLeaf: break;
      }
      return Bdd::kFalse;
    };
    auto check = [&] {
      if (bdd.exhausted())
        too_large(m, fmt::format("over {} decision-diagram nodes or {} steps", kMaxBddNodes,
                                 kMaxBddSteps));
    };
    auto base_ref = [&](uint32_t c) { return module_[c] ? var_ref_[c] : local_ref_[c]; };
    for (uint32_t v : locals) local_ref_[v] = join(v, base_ref), check();
    avail_[m] = bdd.probability(local_ref_[m]);
    const std::vector<double> derivative = bdd.derivatives(local_ref_[m]);
    for (size_t i = 0; i < vars.size(); ++i) local_derivative_[vars[i]] = derivative[i];
    for (uint32_t g : groups) avail_[g] = bdd.probability(local_ref_[g]);
    if (groups.empty()) return;

    // Each shared group forced up, then down: only its ancestors inside the module change.
    // Indexed by place in `locals`; a module's parts are not looked at again by another.
    std::vector<size_t>& position = position_;
    for (size_t i = 0; i < locals.size(); ++i) position[locals[i]] = i;
    std::vector<std::vector<uint32_t>> parents(locals.size());
    for (uint32_t v : locals)
      for (uint32_t c : d_.blocks[v].children)
        if (!module_[c]) parents[position[c]].push_back(v);
    std::vector<char>& marked = marked_;
    std::vector<Bdd::Ref>& forced_ref = forced_ref_;
    for (uint32_t g : groups) {
      std::vector<uint32_t> ancestors, frontier{g};
      marked[g] = 1;
      while (!frontier.empty()) {
        const uint32_t v = frontier.back();
        frontier.pop_back();
        for (uint32_t p : parents[position[v]])
          if (!marked[p]) marked[p] = 1, ancestors.push_back(p), frontier.push_back(p);
      }
      rebuild_work_ += ancestors.size() + 1;
      if (rebuild_work_ > kMaxRebuildWork)
        too_large(m, fmt::format("over {} blocks re-joined to rank the shared groups",
                                 kMaxRebuildWork));
      std::sort(ancestors.begin(), ancestors.end(),
                [&](uint32_t a, uint32_t b) { return position[a] < position[b]; });
      auto forced_of = [&](uint32_t c) {
        return module_[c] ? var_ref_[c] : marked[c] ? forced_ref[c] : local_ref_[c];
      };
      double down[2];
      for (int up = 1; up >= 0; --up) {
        forced_ref[g] = up ? Bdd::kTrue : Bdd::kFalse;
        for (uint32_t a : ancestors) forced_ref[a] = join(a, forced_of), check();
        down[up] = bdd.probability(forced_ref[m]).down;
      }
      forced_down_[g] = {down[1], down[0]};
      marked[g] = 0;
      for (uint32_t a : ancestors) marked[a] = 0;
    }
  }

  const StructureDiagram& d_;
  const SourceLoc& loc_;
  const std::string& key_;
  const size_t n_;
  std::vector<bool> module_;
  std::vector<Availability> avail_;
  std::vector<double> local_derivative_;  // ∂A_parent-module/∂A_block, for modules
  std::vector<uint32_t> parent_module_;
  // For a shared group: P(its module down) with the group forced up, and forced down.
  std::vector<std::pair<double, double>> forced_down_;
  std::vector<std::vector<uint32_t>> module_vars_, module_groups_;
  std::vector<char> in_local_ = std::vector<char>(n_, 0);
  std::vector<char> marked_ = std::vector<char>(n_, 0);
  std::vector<size_t> position_ = std::vector<size_t>(n_, 0);
  std::vector<Bdd::Ref> forced_ref_ = std::vector<Bdd::Ref>(n_, Bdd::kFalse);
  std::vector<Bdd::Ref> var_ref_ = std::vector<Bdd::Ref>(n_, Bdd::kFalse);
  std::vector<Bdd::Ref> local_ref_ = std::vector<Bdd::Ref>(n_, Bdd::kFalse);
  size_t rebuild_work_ = 0;
};

}  // namespace

StructureSolution solve_structure(const StructureDiagram& diagram, const SourceLoc& loc,
                                  const std::string& key) {
  return Solver(diagram, loc, key).solve();
}

}  // namespace headroom::calc
