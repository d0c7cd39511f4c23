#include "formulas/bdd.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace headroom::formulas {
namespace {

constexpr uint32_t kTerminalVar = std::numeric_limits<uint32_t>::max();
// Entries the computed table keeps before it is cleared (about 40 MB of slots at most).
constexpr size_t kMaxComputed = size_t{1} << 20;

uint64_t mix(uint32_t a, uint32_t b, uint32_t c) {
  uint64_t h = (uint64_t{a} * 0x9E3779B97F4A7C15ull) ^ (uint64_t{b} * 0xC2B2AE3D27D4EB4Full) ^
               (uint64_t{c} * 0x165667B19E3779F9ull);
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

}  // namespace

Bdd::Ref* Bdd::TripleMap::find(uint32_t a, uint32_t b, uint32_t c) {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t i = mix(a, b, c) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (!s.used) return nullptr;
    if (s.a == a && s.b == b && s.c == c) return &s.value;
  }
}

void Bdd::TripleMap::insert(uint32_t a, uint32_t b, uint32_t c, Ref value) {
  if (2 * (size_ + 1) > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, 2 * old.size()), Slot{});
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) insert(s.a, s.b, s.c, s.value);
  }
  const size_t mask = slots_.size() - 1;
  for (size_t i = mix(a, b, c) & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (!s.used) {
      s = Slot{a, b, c, value, true};
      ++size_;
      return;
    }
    if (s.a == a && s.b == b && s.c == c) {
      s.value = value;
      return;
    }
  }
}

Bdd::Bdd(size_t max_nodes, size_t max_steps) : max_nodes_(max_nodes), max_steps_(max_steps) {
  nodes_.push_back({kTerminalVar, kFalse, kFalse});
  nodes_.push_back({kTerminalVar, kTrue, kTrue});
}

Bdd::Ref Bdd::make(uint32_t var, Ref lo, Ref hi) {
  if (lo == hi) return lo;
  if (Ref* found = unique_.find(var, lo, hi)) return *found;
  if (nodes_.size() >= max_nodes_) {
    exhausted_ = true;
    return kFalse;
  }
  const Ref r = static_cast<Ref>(nodes_.size());
  nodes_.push_back({var, lo, hi});
  unique_.insert(var, lo, hi, r);
  return r;
}

Bdd::Ref Bdd::variable(uint32_t var) {
  assert(var != kTerminalVar);
  return exhausted_ ? kFalse : make(var, kFalse, kTrue);
}

uint32_t Bdd::top_var(Ref f, Ref g, Ref h) const {
  return std::min({nodes_[f].var, nodes_[g].var, nodes_[h].var});
}

Bdd::Ref Bdd::cofactor(Ref f, uint32_t var, bool high) const {
  const Node& n = nodes_[f];
  if (n.var != var) return f;
  return high ? n.hi : n.lo;
}

bool Bdd::terminal_case(Ref f, Ref g, Ref h, Ref& out) const {
  if (f == kTrue || g == h) return out = g, true;
  if (f == kFalse) return out = h, true;
  if (g == kTrue && h == kFalse) return out = f, true;
  return false;
}

Bdd::Ref Bdd::ite(Ref f, Ref g, Ref h) {
  if (exhausted_) return kFalse;
  Ref result;
  if (terminal_case(f, g, h, result)) return result;
  // An explicit stack instead of recursion: a diagram may be 100,000 variables deep. It is
  // kept between calls, so that an ite costs no allocation.
  std::vector<Frame>& stack = stack_;
  stack.clear();
  stack.push_back({f, g, h, 0, 0, 0});
  Ref ret = kFalse;
  while (!stack.empty()) {
    Frame& fr = stack.back();
    if (fr.stage == 0) {
      if (Ref* found = computed_.find(fr.f, fr.g, fr.h)) {
        ret = *found;
        stack.pop_back();
        continue;
      }
      if (++steps_ > max_steps_) exhausted_ = true;
      if (exhausted_) return kFalse;
      fr.var = top_var(fr.f, fr.g, fr.h);
      fr.stage = 1;
      const Ref f0 = cofactor(fr.f, fr.var, false), g0 = cofactor(fr.g, fr.var, false),
                h0 = cofactor(fr.h, fr.var, false);
      if (terminal_case(f0, g0, h0, ret)) continue;
      stack.push_back({f0, g0, h0, 0, 0, 0});
    } else if (fr.stage == 1) {
      fr.lo = ret;
      fr.stage = 2;
      const Ref f1 = cofactor(fr.f, fr.var, true), g1 = cofactor(fr.g, fr.var, true),
                h1 = cofactor(fr.h, fr.var, true);
      if (terminal_case(f1, g1, h1, ret)) continue;
      stack.push_back({f1, g1, h1, 0, 0, 0});
    } else {
      const Ref r = make(fr.var, fr.lo, ret);
      if (exhausted_) return kFalse;
      // The computed table is a cache: dropping it costs time, never correctness.
      if (computed_.size() >= kMaxComputed) computed_ = TripleMap();
      computed_.insert(fr.f, fr.g, fr.h, r);
      ret = r;
      stack.pop_back();
    }
  }
  return ret;
}

Bdd::Ref Bdd::balanced(std::span<const Ref> operands, Ref empty, bool conjunction) {
  if (operands.empty()) return empty;
  // Pairs joined level by level: n log n steps for a chain, where joining one operand at a
  // time onto a growing result would walk it again each time.
  std::vector<Ref> level(operands.begin(), operands.end());
  while (level.size() > 1 && !exhausted_) {
    std::vector<Ref> next;
    for (size_t i = 0; i + 1 < level.size(); i += 2)
      next.push_back(conjunction ? both(level[i], level[i + 1]) : either(level[i], level[i + 1]));
    if (level.size() % 2) next.push_back(level.back());
    level = std::move(next);
  }
  return exhausted_ ? kFalse : level[0];
}

Bdd::Ref Bdd::at_least(std::span<const Ref> operands, int k) {
  const int n = static_cast<int>(operands.size());
  if (k <= 0) return kTrue;
  if (k > n) return kFalse;
  // t[j] = at least j of operands[i..n) are up, for i from n down to 0.
  std::vector<Ref> t(k + 1, kFalse);
  t[0] = kTrue;
  for (int i = n - 1; i >= 0 && !exhausted_; --i) {
    // Only j <= n − i can hold; go down in j so that t[j − 1] is still the row below.
    for (int j = std::min(k, n - i); j >= 1; --j) t[j] = ite(operands[i], t[j - 1], t[j]);
  }
  return exhausted_ ? kFalse : t[k];
}

void Bdd::set_probabilities(std::vector<Availability> vars) {
  vars_ = std::move(vars);
  up_ = {0.0, 1.0};
  down_ = {1.0, 0.0};
}

void Bdd::extend_probabilities(Ref f) {
  // Children are made before their parents, so index order is bottom-up.
  for (Ref i = static_cast<Ref>(up_.size()); i <= f; ++i) {
    const Node& n = nodes_[i];
    const Availability& v = vars_[n.var];
    up_.push_back(v.up * up_[n.hi] + v.down * up_[n.lo]);
    down_.push_back(v.up * down_[n.hi] + v.down * down_[n.lo]);
  }
}

Availability Bdd::probability(Ref f) {
  extend_probabilities(f);
  return from_parts(up_[f], down_[f]);
}

std::vector<double> Bdd::derivatives(Ref f) {
  std::vector<double> result(vars_.size(), 0.0);
  if (f <= kTrue) return result;
  extend_probabilities(f);
  std::vector<double> reach(f + 1, 0.0);
  reach[f] = 1.0;
  for (Ref i = f; i >= 2; --i) {
    if (reach[i] == 0.0) continue;
    const Node& n = nodes_[i];
    const Availability& v = vars_[n.var];
    // P(hi up) − P(lo up) = P(lo down) − P(hi down); non-negative for a monotone function.
    result[n.var] += reach[i] * (down_[n.lo] - down_[n.hi]);
    reach[n.hi] += reach[i] * v.up;
    reach[n.lo] += reach[i] * v.down;
  }
  for (double& d : result) d = std::clamp(d, 0.0, 1.0);
  return result;
}

}  // namespace headroom::formulas
