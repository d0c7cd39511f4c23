// Where a key goes: one class per placement algorithm of SPEC §3.4 behind one interface, built
// from the [sharding] nodes. Ketama reproduces each real client's continuum key for key.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "calc/base/names.hpp"
#include "calc/ring/section.hpp"

namespace headroom::calc {

class Placement {
 public:
  virtual ~Placement() = default;

  /// Index (into the nodes it was built from) of the node that owns `key`, or nullopt when the
  /// key cannot be hashed (hash = "none" and the key is not an unsigned integer).
  /// Not const: bounded loads remember what each node already holds.
  virtual std::optional<std::uint32_t> node_of(std::string_view key) = 0;

  /// node_of for `count` keys into `nodes`; returns how many were placed before the first key
  /// that cannot be hashed (count when all were). Ketama hashes four keys at a time.
  virtual size_t nodes_of(const std::string_view* keys, size_t count, std::uint32_t* nodes);

  /// The exact fraction of the hash space each node owns, for ring algorithms and maglev.
  virtual std::optional<std::vector<double>> arc_shares() const { return std::nullopt; }

  /// Deterministic cost model for --compare: hash evaluations plus comparisons per lookup, and
  /// the bytes the lookup structure holds.
  virtual double lookup_operations() const = 0;
  virtual std::uint64_t memory_bytes() const = 0;

  /// True when node_of depends on earlier calls (bounded loads): keys must go in order, on one
  /// thread. Otherwise node_of may be called from several threads at once.
  virtual bool is_stateful() const { return false; }
};

const Names<ShardAlgorithm>& algorithm_names();
const Names<KetamaCompat>& compat_names();
const Names<formulas::Hash64>& hash_names();

/// Whether the algorithm's placement knows each node's exact share of the hash space (its
/// arc_shares()), and whether moved_hash_space() measures a change for it.
constexpr bool has_arc_shares(ShardAlgorithm a) {
  return a == ShardAlgorithm::kKetama || a == ShardAlgorithm::kRing || a == ShardAlgorithm::kMaglev;
}
/// Whether the algorithm takes `vnodes` (so that "vnodes needed" is advice it can follow).
constexpr bool takes_vnodes(ShardAlgorithm a) {
  return a == ShardAlgorithm::kRing || a == ShardAlgorithm::kBounded;
}
constexpr bool has_moved_hash_space(ShardAlgorithm a) {
  return a == ShardAlgorithm::kKetama || a == ShardAlgorithm::kRing;
}


/// The exact fraction of the hash space whose owner differs between two rings of the same kind
/// (ketama or ring), nodes matched by `after_index` (before index → after index, −1 if gone).
/// nullopt for other algorithms.
std::optional<double> moved_hash_space(const Placement& before, const Placement& after,
                                       const std::vector<long long>& after_index);

/// Builds the placement for `algorithm` over `nodes`. `section` supplies compat, hash, vnodes,
/// load_factor and table_size. Requires: nodes validated by the loader (non-empty, distinct).
std::unique_ptr<Placement> make_placement(ShardAlgorithm algorithm, const ShardingSection& section,
                                          const std::vector<ShardNode>& nodes);

/// Points per node on a ketama continuum as each client computes them (SPEC §3.4): exact
/// ⌊40·n·w/W⌋ digests; libketama and libmemcached in single precision; hashring in double.
/// Returns the number of MD5 digests (4 points each).
std::uint32_t ketama_digests(KetamaCompat compat, double weight, double total_weight,
                             std::size_t nodes);

/// The string hashed for digest i of a node under a client's naming ("host:port-i", or
/// libmemcached's "host-i" for port 11211).
std::string ketama_point_name(KetamaCompat compat, std::string_view node, std::uint32_t i);

}  // namespace headroom::calc
