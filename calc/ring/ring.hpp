// `headroom ring`: how keys and load spread over nodes under a placement algorithm, what moves
// on a change, and how many virtual nodes a balance target needs (SPEC §3.4).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "calc/report/analysis.hpp"
#include "calc/ring/section.hpp"

namespace headroom::calc {

struct NodeShare {
  std::string name;
  double weight = 1.0;
  std::uint64_t keys = 0;
  double key_share = 0.0;
  std::optional<double> arc_share;  // exact fraction of the hash space, where defined
  double load_share = 0.0;          // of the requests, under the popularity
  double fair_share = 0.0;          // weight / total weight
};

/// Spread of shares relative to the weight-fair share: x_i = share_i / fair_i.
struct Balance {
  double imbalance = 0.0;  // max x_i
  double stddev = 0.0;     // population standard deviation of x_i
  double coefficient_of_variation = 0.0;  // stddev / mean of x_i
};

struct Move {
  std::string from, to;
  std::uint64_t keys = 0;
};

struct ChangeResult {
  double moved_fraction = 0.0;        // of the keys, observed
  double ideal_moved_fraction = 0.0;  // ½ Σ |fair_before − fair_after|: the least any can move
  std::optional<double> moved_arc_fraction;  // of the hash space, exact, for rings
  std::vector<Move> moves;            // (from, to) pairs, node order
  std::vector<NodeShare> nodes;       // after the change
  Balance key_balance, load_balance;
};

struct VnodesResult {
  double target = 0.0;              // max_imbalance
  SourceLoc target_loc;
  int vnodes_needed = 0;            // smallest found whose ring meets the target (arc shares)
  double imbalance_at_needed = 0.0;
  bool found = false;               // within the search limit
  double rule_of_thumb = 0;         // ⌈(z_n / (target − 1))²⌉, z_n ≈ √(2 ln n): the 1/√v estimate
};

struct RingResult {
  std::string algorithm, compat, hash;
  std::uint64_t keys = 0;
  double zipf = 0.0;
  std::vector<NodeShare> nodes;
  Balance key_balance, load_balance;
  std::optional<Balance> arc_balance;
  std::optional<ChangeResult> change;
  std::optional<VnodesResult> vnodes;
  double lookup_operations = 0.0;
  std::uint64_t memory_bytes = 0;
};

/// Runs the placement over every key. Requires: a validated section.
/// Throws: Error when a key cannot be hashed (hash = "none" and a key is not an integer).
/// Throws what analyse_ring would refuse before placing a key: synthetic keys that hash = "none"
/// cannot take (validate runs it).
void check_ring_keys(const ShardingSection& section);

/// `progress`, if set, hears keys placed out of all, from the calling thread.
RingResult analyse_ring(const ShardingSection& section,
                        const RunOptions::progress_type& progress = {});

AnalysisResult ring_document(const RingResult& result, const ShardingSection& section);

/// The document analyse_ring would give, with every key and unit but placeholder numbers,
/// built without placing a key (for `validate`); the moves of a change are an open array.
AnalysisResult ring_preview(const ShardingSection& section);

/// The nodes after the section's change. Requires: section.change.
std::vector<ShardNode> nodes_after(const ShardingSection& section);

/// Every algorithm on the same nodes, keys and change (--compare).
std::vector<RingResult> compare_algorithms(const Model& model);
Node comparison_document(const std::vector<RingResult>& results);

}  // namespace headroom::calc
