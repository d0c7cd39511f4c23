// [sharding]: the nodes, the placement algorithm, the keys and a change to analyse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/input/model.hpp"
#include "formulas/hash64.hpp"

namespace headroom::calc {

enum class ShardAlgorithm { kKetama, kRing, kJump, kRendezvous, kMaglev, kModulo, kBounded };
/// Which ketama client to reproduce key for key (SPEC §3.4).
enum class KetamaCompat { kExact, kLibketama, kLibmemcached, kHashring, kUhashring };

struct ShardNode {
  std::string name;
  double weight = 1.0;  // > 0; whole numbers for ketama
};

struct ShardingChange {
  std::vector<ShardNode> add;
  std::vector<std::string> remove;
  std::vector<ShardNode> reweight;  // name and new weight
};

struct ShardingSection {
  static constexpr std::string_view kName = "sharding";
  SourceLoc loc;
  ShardAlgorithm algorithm = ShardAlgorithm::kKetama;
  KetamaCompat compat = KetamaCompat::kExact;
  formulas::Hash64 hash = formulas::Hash64::kMd5;
  int vnodes = 160;            // ring and bounded: points per node of weight 1
  std::uint64_t keys = 100'000;  // synthetic keys
  std::string key_format = "key:{}";
  std::string key_file;        // keys from a file instead (one per line), as resolved
  SourceLoc key_file_loc;
  double zipf = 0.0;           // request popularity; 0 is uniform
  std::vector<ShardNode> nodes;  // file order
  double load_factor = 1.25;   // bounded: capacity (1+ε) × mean load
  std::optional<double> max_imbalance;
  SourceLoc max_imbalance_loc;
  std::uint32_t table_size = 65537;  // maglev M, prime
  std::optional<ShardingChange> change;
};

class Diagnostics;
class TableReader;
struct KeySpec;

/// The keys of [sharding] and of the tables inside it, for the schema.
const std::vector<KeySpec>& sharding_keys();
/// Reads [sharding] into the model (model.section<ShardingSection>()).
void load_sharding(TableReader& reader, Model& model, Diagnostics& diag);

}  // namespace headroom::calc
