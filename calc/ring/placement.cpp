#include "calc/ring/placement.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <queue>
#include <string>

#include "formulas/hash64.hpp"
#include "formulas/jump_hash.hpp"
#include "formulas/md5.hpp"

namespace headroom::calc {
namespace {

using formulas::Hash64;

// Every lookup hashes the key once.
constexpr double kOneHash = 1.0;

std::string with_index(std::string_view prefix, std::uint64_t i) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, i);
  std::string s(prefix);
  s.append(digits, end);
  return s;
}

// A sorted ring of points with their owners. Lookup is "first point ≥ h" (ketama and most
// clients) or "first point > h" (uhashring's bisect_right), wrapping to the first point.
class Continuum {
 public:
  struct Point {
    std::uint64_t position;
    std::uint32_t owner;
  };

  /// `points` in the order the client builds them (node by node); on equal positions the
  /// first built wins, or the last when `last_wins` (uhashring's dict overwrite).
  Continuum(std::vector<Point> points, bool strictly_greater, bool last_wins, int bits)
      : strictly_greater_(strictly_greater), bits_(bits) {
    std::stable_sort(points.begin(), points.end(),
                     [](const Point& a, const Point& b) { return a.position < b.position; });
    for (size_t i = 0; i < points.size();) {
      size_t j = i;
      while (j + 1 < points.size() && points[j + 1].position == points[i].position) ++j;
      positions_.push_back(points[i].position);
      owners_.push_back(last_wins ? points[j].owner : points[i].owner);
      i = j + 1;
    }
  }

  size_t index_of(std::uint64_t h) const {
    auto it = strictly_greater_ ? std::upper_bound(positions_.begin(), positions_.end(), h)
                                : std::lower_bound(positions_.begin(), positions_.end(), h);
    return it == positions_.end() ? 0 : static_cast<size_t>(it - positions_.begin());
  }
  std::uint32_t owner_at(size_t index) const { return owners_[index]; }
  size_t size() const { return positions_.size(); }

  /// Exact share of the 2^bits hash space per owner: each point owns the arc back to the
  /// previous point (the same lengths for "≥" and ">" lookups; only the end points differ).
  std::vector<double> arc_shares(size_t owners) const {
    std::vector<double> shares(owners, 0.0);
    const double space = std::ldexp(1.0, bits_);
    if (positions_.size() == 1) {
      shares[owners_[0]] = 1.0;
      return shares;
    }
    for (size_t i = 1; i < positions_.size(); ++i)
      shares[owners_[i]] += static_cast<double>(positions_[i] - positions_[i - 1]) / space;
    const std::uint64_t mask = bits_ == 64 ? ~0ULL : (1ULL << bits_) - 1;
    const std::uint64_t wrap = ((positions_.front() - positions_.back()) & mask);
    shares[owners_[0]] += static_cast<double>(wrap) / space;
    return shares;
  }

  double lookup_operations() const { return kOneHash + std::log2(std::max<size_t>(2, size())); }
  std::uint64_t position(size_t index) const { return positions_[index]; }
  int bits() const { return bits_; }
  std::uint64_t memory_bytes() const { return size() * (sizeof(std::uint64_t) + sizeof(std::uint32_t)); }

 private:
  std::vector<std::uint64_t> positions_;
  std::vector<std::uint32_t> owners_;
  bool strictly_greater_;
  int bits_;
};

double total_weight(const std::vector<ShardNode>& nodes) {
  double w = 0;
  for (const ShardNode& n : nodes) w += n.weight;
  return w;
}

// What every ring placement shares: a continuum, its exact arcs and its costs.
class ContinuumPlacement : public Placement {
 public:
  ContinuumPlacement(Continuum continuum, size_t nodes)
      : continuum_(std::move(continuum)), nodes_(nodes) {}
  std::optional<std::vector<double>> arc_shares() const override {
    return continuum_.arc_shares(nodes_);
  }
  double lookup_operations() const override { return continuum_.lookup_operations(); }
  std::uint64_t memory_bytes() const override { return continuum_.memory_bytes(); }
  const Continuum& continuum() const { return continuum_; }

 protected:
  Continuum continuum_;
  size_t nodes_;
};

class KetamaPlacement : public ContinuumPlacement {
 public:
  KetamaPlacement(KetamaCompat compat, const std::vector<ShardNode>& nodes)
      : ContinuumPlacement(Continuum(build(compat, nodes), compat == KetamaCompat::kUhashring,
                                     compat == KetamaCompat::kUhashring, 32),
                           nodes.size()) {}

  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::uint64_t h = formulas::md5_words(key)[0];  // = ketama_point(md5(key), 0)
    return continuum_.owner_at(continuum_.index_of(h));
  }
  size_t nodes_of(const std::string_view* keys, size_t count, std::uint32_t* nodes) override {
    size_t i = 0;
    formulas::Md5Words words[4];
    for (; i + 4 <= count; i += 4) {
      formulas::md5_words_x4(keys + i, words);
      for (size_t j = 0; j < 4; ++j) nodes[i + j] = continuum_.owner_at(continuum_.index_of(words[j][0]));
    }
    for (; i < count; ++i) nodes[i] = *node_of(keys[i]);
    return count;
  }

 private:
  static std::vector<Continuum::Point> build(KetamaCompat compat,
                                             const std::vector<ShardNode>& nodes) {
    std::vector<Continuum::Point> points;
    const double total = total_weight(nodes);
    for (std::uint32_t n = 0; n < nodes.size(); ++n) {
      const std::uint32_t digests = ketama_digests(compat, nodes[n].weight, total, nodes.size());
      for (std::uint32_t i = 0; i < digests; ++i) {
        const formulas::Md5Digest d = formulas::md5(ketama_point_name(compat, nodes[n].name, i));
        for (unsigned h = 0; h < 4; ++h) points.push_back({formulas::ketama_point(d, h), n});
      }
    }
    return points;
  }
};

// Generic ring: round(vnodes × weight) points per node at hash("<name>-<i>").
std::vector<Continuum::Point> ring_points(const ShardingSection& s,
                                          const std::vector<ShardNode>& nodes) {
  std::vector<Continuum::Point> points;
  const Hash64 point_hash = s.hash == Hash64::kNone ? Hash64::kXxh64 : s.hash;
  for (std::uint32_t n = 0; n < nodes.size(); ++n) {
    const auto count = static_cast<std::uint64_t>(std::max(1.0, std::round(s.vnodes * nodes[n].weight)));
    const std::string prefix = nodes[n].name + "-";
    for (std::uint64_t i = 0; i < count; ++i)
      points.push_back({*formulas::hash64(point_hash, with_index(prefix, i)), n});
  }
  return points;
}

class RingPlacement : public ContinuumPlacement {
 public:
  RingPlacement(const ShardingSection& s, const std::vector<ShardNode>& nodes)
      : ContinuumPlacement(Continuum(ring_points(s, nodes), false, false, 64), nodes.size()),
        hash_(s.hash) {}

  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    return continuum_.owner_at(continuum_.index_of(h));
  }

 private:
  Hash64 hash_;
};

// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018): a key
// goes to the first node clockwise whose load is under ⌈(1+ε)·m·wᵢ/W⌉, m the keys placed so far
// including this one. Order matters: keys are placed in the order they come.
class BoundedPlacement : public Placement {
 public:
  BoundedPlacement(const ShardingSection& s, const std::vector<ShardNode>& nodes)
      : continuum_(ring_points(s, nodes), false, false, 64),
        hash_(s.hash),
        load_factor_(s.load_factor),
        loads_(nodes.size(), 0) {
    const double total = total_weight(nodes);
    for (const ShardNode& n : nodes) share_.push_back(n.weight / total);
  }

  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    ++placed_;
    size_t i = continuum_.index_of(h);
    // Σ capacities ≥ (1+ε)·m > m − 1 keys already placed, so some node has room.
    for (size_t step = 0; step < continuum_.size(); ++step, i = (i + 1) % continuum_.size()) {
      const std::uint32_t owner = continuum_.owner_at(i);
      const double capacity = std::ceil(load_factor_ * static_cast<double>(placed_) * share_[owner]);
      if (static_cast<double>(loads_[owner]) < capacity) {
        ++loads_[owner];
        return owner;
      }
    }
    const std::uint32_t owner = continuum_.owner_at(continuum_.index_of(h));  // unreachable
    ++loads_[owner];
    return owner;
  }
  double lookup_operations() const override { return continuum_.lookup_operations() + 1; }
  bool is_stateful() const override { return true; }
  std::uint64_t memory_bytes() const override {
    return continuum_.memory_bytes() + loads_.size() * sizeof(std::uint64_t);
  }

 private:
  Continuum continuum_;
  Hash64 hash_;
  double load_factor_;
  std::vector<double> share_;
  std::vector<std::uint64_t> loads_;
  std::uint64_t placed_ = 0;
};

class JumpPlacement : public Placement {
 public:
  JumpPlacement(Hash64 hash, size_t nodes) : hash_(hash), nodes_(static_cast<std::int32_t>(nodes)) {}
  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    return static_cast<std::uint32_t>(formulas::jump_consistent_hash(h, nodes_));
  }
  // Lamping & Veach: the expected number of jumps is ln(n) + 1.
  double lookup_operations() const override { return kOneHash + std::log(nodes_) + 1; }
  std::uint64_t memory_bytes() const override { return 0; }

 private:
  Hash64 hash_;
  std::int32_t nodes_;
};

// Weighted rendezvous (highest random weight; Thaler & Ravishankar 1998), weights by the
// logarithmic method (Schindelhauer & Schomaker 2005): score = −w / ln(u), u uniform in (0,1)
// from mixing the key's hash with the node's; the highest score wins, ties to the first node.
class RendezvousPlacement : public Placement {
 public:
  RendezvousPlacement(Hash64 hash, const std::vector<ShardNode>& nodes) : hash_(hash) {
    for (const ShardNode& n : nodes) {
      seeds_.push_back(formulas::xxh64(n.name));
      weights_.push_back(n.weight);
    }
  }
  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    std::uint32_t best = 0;
    double best_score = -1;
    for (std::uint32_t n = 0; n < seeds_.size(); ++n) {
      const double u = (static_cast<double>(formulas::fmix64(h ^ seeds_[n]) >> 11) + 0.5) * 0x1p-53;
      const double score = -weights_[n] / std::log(u);
      if (score > best_score) best_score = score, best = n;
    }
    return best;
  }
  double lookup_operations() const override { return kOneHash + static_cast<double>(seeds_.size()); }
  std::uint64_t memory_bytes() const override { return seeds_.size() * 16; }

 private:
  Hash64 hash_;
  std::vector<std::uint64_t> seeds_;
  std::vector<double> weights_;
};

// Maglev (Eisenbud et al., NSDI 2016, §3.4): each node walks its permutation of the M slots,
// offset + j·skip mod M, claiming the first empty one in turn. Weighted: the node furthest
// below its weighted share takes the next turn (ties to the first listed), which is the
// paper's round-robin when weights are equal.
class MaglevPlacement : public Placement {
 public:
  MaglevPlacement(const ShardingSection& s, const std::vector<ShardNode>& nodes)
      : hash_(s.hash), table_(s.table_size, kEmpty), nodes_(nodes.size()) {
    const std::uint64_t m = s.table_size;
    std::vector<std::uint64_t> offset(nodes.size()), skip(nodes.size()), next(nodes.size(), 0);
    for (size_t n = 0; n < nodes.size(); ++n) {
      offset[n] = formulas::xxh64(nodes[n].name, 0x6d61676c) % m;        // "magl"
      skip[n] = formulas::xxh64(nodes[n].name, 0x65760000) % (m - 1) + 1;  // "ev"
    }
    using Turn = std::pair<double, std::uint32_t>;  // (filled / weight, node): least first
    std::priority_queue<Turn, std::vector<Turn>, std::greater<Turn>> turns;
    std::vector<std::uint64_t> filled(nodes.size(), 0);
    for (std::uint32_t n = 0; n < nodes.size(); ++n) turns.push({0.0, n});
    for (std::uint64_t done = 0; done < m;) {
      const std::uint32_t n = turns.top().second;
      turns.pop();
      std::uint64_t slot;
      do {
        slot = (offset[n] + next[n] * skip[n]) % m;
        ++next[n];
      } while (table_[slot] != kEmpty);
      table_[slot] = n;
      ++done, ++filled[n];
      turns.push({static_cast<double>(filled[n]) / nodes[n].weight, n});
    }
  }
  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    return table_[h % table_.size()];
  }
  std::optional<std::vector<double>> arc_shares() const override {
    std::vector<double> shares(nodes_, 0.0);
    for (std::uint32_t owner : table_) shares[owner] += 1.0 / static_cast<double>(table_.size());
    return shares;
  }
  double lookup_operations() const override { return kOneHash + 1; }
  std::uint64_t memory_bytes() const override { return table_.size() * sizeof(std::uint32_t); }

 private:
  static constexpr std::uint32_t kEmpty = ~0u;
  Hash64 hash_;
  std::vector<std::uint32_t> table_;
  size_t nodes_;
};

class ModuloPlacement : public Placement {
 public:
  ModuloPlacement(Hash64 hash, size_t nodes) : hash_(hash), nodes_(nodes) {}
  std::optional<std::uint32_t> node_of(std::string_view key) override {
    const std::optional<std::uint64_t> hash = formulas::hash64(hash_, key);
    if (!hash) return std::nullopt;  // hash = "none" and a key that is not a number
    const std::uint64_t h = *hash;
    return static_cast<std::uint32_t>(h % nodes_);
  }
  double lookup_operations() const override { return kOneHash + 1; }
  std::uint64_t memory_bytes() const override { return 0; }

 private:
  Hash64 hash_;
  std::uint64_t nodes_;
};

const Continuum* continuum_of(const Placement& p) {
  auto* ring = dynamic_cast<const ContinuumPlacement*>(&p);
  return ring ? &ring->continuum() : nullptr;
}

}  // namespace

size_t Placement::nodes_of(const std::string_view* keys, size_t count, std::uint32_t* nodes) {
  for (size_t i = 0; i < count; ++i) {
    const auto node = node_of(keys[i]);
    if (!node) return i;
    nodes[i] = *node;
  }
  return count;
}

std::optional<double> moved_hash_space(const Placement& before, const Placement& after,
                                       const std::vector<long long>& after_index) {
  const Continuum* a = continuum_of(before);
  const Continuum* b = continuum_of(after);
  if (!a || !b || a->bits() != b->bits() || a->size() == 0 || b->size() == 0) return std::nullopt;
  // Between consecutive boundaries of either ring, both rings map every hash to one point each
  // (the first point at or after the interval's end), so ownership is constant there.
  const double space = std::ldexp(1.0, a->bits());
  const std::uint64_t mask = a->bits() == 64 ? ~0ULL : (1ULL << a->bits()) - 1;
  auto moved = [&](size_t ia, size_t ib) {
    return after_index[a->owner_at(ia)] != static_cast<long long>(b->owner_at(ib));
  };
  double total = 0.0;
  size_t ia = 0, ib = 0;
  std::uint64_t previous = 0;
  bool first = true;
  std::uint64_t first_boundary = 0;
  while (ia < a->size() || ib < b->size()) {
    const std::uint64_t pa = ia < a->size() ? a->position(ia) : ~0ULL;
    const std::uint64_t pb = ib < b->size() ? b->position(ib) : ~0ULL;
    const std::uint64_t boundary = std::min(pa, pb);
    const size_t oa = ia < a->size() ? ia : 0, ob = ib < b->size() ? ib : 0;
    if (first) {
      first_boundary = boundary, first = false;
    } else if (moved(oa, ob)) {
      total += static_cast<double>(boundary - previous) / space;
    }
    previous = boundary;
    if (pa == boundary) ++ia;
    if (pb == boundary) ++ib;
  }
  // The wrap-around interval belongs to the first point of each ring.
  const std::uint64_t wrap = (first_boundary - previous) & mask;
  if (moved(0, 0)) total += wrap == 0 ? 1.0 : static_cast<double>(wrap) / space;
  return total;
}

std::uint32_t ketama_digests(KetamaCompat compat, double weight, double total_weight,
                             std::size_t nodes) {
  switch (compat) {
    case KetamaCompat::kExact:
    case KetamaCompat::kUhashring: {
      // (40 · n · w) // W in integers, as uhashring computes it and SPEC §3.4 defines it.
      const auto w = static_cast<std::uint64_t>(weight), total = static_cast<std::uint64_t>(total_weight);
      if (total == 0) return 0;  // only weights under 1, which the loader refuses
      return static_cast<std::uint32_t>(40 * nodes * w / total);
    }
    case KetamaCompat::kLibketama: {
      // libketama: float pct = (float)w/(float)W; floorf(pct * 40.0 * (float)n), the double
      // product rounded to float on its way into floorf.
      const float pct = static_cast<float>(weight) / static_cast<float>(total_weight);
      return static_cast<std::uint32_t>(
          std::floor(static_cast<float>(pct * 40.0 * static_cast<float>(nodes))));
    }
    case KetamaCompat::kLibmemcached: {
      // libmemcached (KETAMA_WEIGHTED): floor((float)(pct * 160 / 4 * (float)n + 1e-10)) points
      // groups of 4, all of pct * 160 / 4 * n evaluated in float.
      const float pct = static_cast<float>(weight) / static_cast<float>(total_weight);
      const float product = pct * 160.0f / 4.0f * static_cast<float>(nodes);
      return static_cast<std::uint32_t>(std::floor(static_cast<float>(product + 0.0000000001)));
    }
    case KetamaCompat::kHashring:
      // node-hashring: Math.floor(percentage * vnodes * servers.length) in doubles.
      return static_cast<std::uint32_t>(std::floor(weight / total_weight * 40 * static_cast<double>(nodes)));
  }
  return 0;
}

std::string ketama_point_name(KetamaCompat compat, std::string_view node, std::uint32_t i) {
  std::string_view name = node;
  // libmemcached names a server on the default port by its host alone.
  constexpr std::string_view kDefaultPort = ":11211";
  if (compat == KetamaCompat::kLibmemcached && name.size() > kDefaultPort.size() &&
      name.substr(name.size() - kDefaultPort.size()) == kDefaultPort) {
    name.remove_suffix(kDefaultPort.size());
  }
  std::string prefix(name);
  prefix += '-';
  return with_index(prefix, i);
}

const Names<ShardAlgorithm>& algorithm_names() {
  using A = ShardAlgorithm;
  static const Names<A> kNames = {{"ketama", A::kKetama}, {"ring", A::kRing},     {"jump", A::kJump},
                                  {"rendezvous", A::kRendezvous}, {"maglev", A::kMaglev},
                                  {"modulo", A::kModulo}, {"bounded", A::kBounded}};
  return kNames;
}

const Names<KetamaCompat>& compat_names() {
  using C = KetamaCompat;
  static const Names<C> kNames = {{"exact", C::kExact}, {"libketama", C::kLibketama},
                                  {"libmemcached", C::kLibmemcached}, {"hashring", C::kHashring},
                                  {"uhashring", C::kUhashring}};
  return kNames;
}

const Names<formulas::Hash64>& hash_names() {
  using H = formulas::Hash64;
  static const Names<H> kNames = {{"md5", H::kMd5}, {"xxh64", H::kXxh64}, {"murmur3", H::kMurmur3},
                                  {"fnv1a", H::kFnv1a}, {"none", H::kNone}};
  return kNames;
}

std::unique_ptr<Placement> make_placement(ShardAlgorithm algorithm, const ShardingSection& s,
                                          const std::vector<ShardNode>& nodes) {
  switch (algorithm) {
    case ShardAlgorithm::kKetama: return std::make_unique<KetamaPlacement>(s.compat, nodes);
    case ShardAlgorithm::kRing: return std::make_unique<RingPlacement>(s, nodes);
    case ShardAlgorithm::kBounded: return std::make_unique<BoundedPlacement>(s, nodes);
    case ShardAlgorithm::kJump: return std::make_unique<JumpPlacement>(s.hash, nodes.size());
    case ShardAlgorithm::kRendezvous: return std::make_unique<RendezvousPlacement>(s.hash, nodes);
    case ShardAlgorithm::kMaglev: return std::make_unique<MaglevPlacement>(s, nodes);
    case ShardAlgorithm::kModulo: return std::make_unique<ModuloPlacement>(s.hash, nodes.size());
  }
  return nullptr;
}

}  // namespace headroom::calc
