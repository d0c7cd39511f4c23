#include "calc/ring/ring.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <unordered_map>

#include "calc/base/helper_thread.hpp"
#include "calc/ring/placement.hpp"

namespace headroom::calc {
namespace {

// Below this many keys one thread is quicker than starting a second.
constexpr std::uint64_t kParallelKeys = 200'000;
// The vnode search stops here (and at the point cap the loader enforces).
constexpr int kMaxSearchVnodes = 1 << 16;
// The longest key read from a key file (1 MiB).
constexpr size_t kMaxKeyLine = size_t{1} << 20;
constexpr double kMaxSearchPoints = 2e7;

// Synthetic key i: key_format with "{}" replaced by i, written into a reused buffer.
class KeyFormatter {
 public:
  explicit KeyFormatter(const std::string& format) {
    const size_t at = format.find("{}");
    prefix_ = format.substr(0, at);
    suffix_ = format.substr(at + 2);
  }
  std::string_view operator()(std::uint64_t i) {
    buffer_.assign(prefix_);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, i);
    buffer_.append(digits, end);
    buffer_.append(suffix_);
    return buffer_;
  }

 private:
  std::string prefix_, suffix_, buffer_;
};

// What one pass over the keys counts.
struct Tally {
  std::vector<std::uint64_t> keys_before, keys_after;
  std::vector<double> load_before, load_after;  // popularity weight, normalised at the end
  std::unordered_map<std::uint64_t, std::uint64_t> moves;  // from × 2³² + to → keys
  double total_load = 0.0;
  std::uint64_t total_keys = 0;
  std::string bad_key;  // the first key that could not be hashed
  std::uint64_t bad_index = 0;

  Tally(size_t before, size_t after)
      : keys_before(before), keys_after(after), load_before(before), load_after(after) {}

  void merge(const Tally& o) {
    for (size_t i = 0; i < keys_before.size(); ++i)
      keys_before[i] += o.keys_before[i], load_before[i] += o.load_before[i];
    for (size_t i = 0; i < keys_after.size(); ++i)
      keys_after[i] += o.keys_after[i], load_after[i] += o.load_after[i];
    for (const auto& [k, v] : o.moves) moves[k] += v;
    total_load += o.total_load;
    total_keys += o.total_keys;
    if (bad_key.empty() && !o.bad_key.empty()) bad_key = o.bad_key, bad_index = o.bad_index;
  }
};

struct Placements {
  Placement* before;
  Placement* after;  // null without a change
};

// One key: its node before and after, its popularity weight.
inline bool count_key(Placements p, std::string_view key, std::uint64_t index, double zipf,
                      Tally& t) {
  const auto from = p.before->node_of(key);
  std::optional<std::uint32_t> to;
  if (p.after) to = p.after->node_of(key);
  if (!from || (p.after && !to)) {
    if (t.bad_key.empty()) t.bad_key = std::string(key), t.bad_index = index;
    return false;
  }
  const double weight = zipf > 0 ? std::pow(static_cast<double>(index + 1), -zipf) : 1.0;
  ++t.keys_before[*from];
  t.load_before[*from] += weight;
  if (p.after) {
    ++t.keys_after[*to];
    t.load_after[*to] += weight;
    ++t.moves[(std::uint64_t{*from} << 32) | *to];
  }
  t.total_load += weight;
  ++t.total_keys;
  return true;
}

Tally tally_synthetic(const ShardingSection& s, Placements p, size_t before, size_t after,
                      const RunOptions::progress_type& progress) {
  // `scale` turns this thread's keys into keys done overall (2 while another thread does the
  // other half at the same pace); only the calling thread reports.
  auto run = [&](std::uint64_t begin, std::uint64_t end, Tally& t, const RunOptions::progress_type* report,
                 std::uint64_t offset, std::uint64_t scale) {
    KeyFormatter format(s.key_format);
    for (std::uint64_t i = begin; i < end; ++i) {
      if (!count_key(p, format(i), i, s.zipf, t)) return;
      if (report && (i & 0xFFFF) == 0) (*report)(offset + (i - begin) * scale, s.keys);
    }
  };
  const RunOptions::progress_type* report = progress ? &progress : nullptr;
  Tally total(before, after);
  // Many keys are tallied in two halves and merged in key order, on one processor or two: the
  // halves, not the processors, decide how the floating sums of load are grouped, so the bytes
  // of the output are the same on any machine. A stateful placement sees keys in order.
  const bool halves = s.keys >= kParallelKeys && !p.before->is_stateful() &&
                      !(p.after && p.after->is_stateful());
  if (!halves) {
    run(0, s.keys, total, report, 0, 1);
  } else {
    Tally second(before, after);
    const std::uint64_t middle = s.keys / 2;
    if (usable_cpus() > 1) {
      HelperThread().split([&] { run(middle, s.keys, second, nullptr, 0, 1); },
                           [&] { run(0, middle, total, report, 0, 2); });
    } else {
      run(0, middle, total, report, 0, 1);
      run(middle, s.keys, second, report, middle, 1);
    }
    total.merge(second);
  }
  if (report) (*report)(s.keys, s.keys);
  return total;
}

Tally tally_file(const ShardingSection& s, Placements p, size_t before, size_t after) {
  Tally t(before, after);
  std::ifstream in(s.key_file, std::ios::binary);
  if (!in) throw Error::input(fmt::format("cannot open key_file '{}'", s.key_file));
  // Lines are read into a fixed buffer: a key file that is one endless line (/dev/zero) is an
  // error at its first line, not a string that grows until memory runs out.
  std::vector<char> buffer(kMaxKeyLine + 2);
  std::uint64_t index = 0;
  while (in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()))) {
    std::string_view line(buffer.data(), static_cast<size_t>(in.gcount()) - (in.eof() ? 0 : 1));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!count_key(p, line, index, s.zipf, t)) break;
    ++index;
  }
  if (in.fail() && !in.eof()) {
    throw Error::at(s.key_file_loc, "sharding.key_file",
                    fmt::format("line {} of '{}' is longer than {} bytes; a key file has one key "
                                "per line",
                                index + 1, s.key_file, kMaxKeyLine));
  }
  if (index == 0) {
    throw Error::at(s.key_file_loc, "sharding.key_file",
                    fmt::format("the key file '{}' has no keys; shares of no keys mean nothing", s.key_file),
                    "one key per line");
  }
  return t;
}

Balance balance_of(const std::vector<double>& shares, const std::vector<double>& fair) {
  Balance b;
  std::vector<double> x(shares.size());
  double mean = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    x[i] = shares[i] / fair[i];
    b.imbalance = std::max(b.imbalance, x[i]);
    mean += x[i] / static_cast<double>(shares.size());
  }
  double variance = 0;
  for (double v : x) variance += (v - mean) * (v - mean) / static_cast<double>(x.size());
  b.stddev = std::sqrt(variance);
  b.coefficient_of_variation = mean > 0 ? b.stddev / mean : 0.0;
  return b;
}

std::vector<double> fair_shares(const std::vector<ShardNode>& nodes) {
  double total = 0;
  for (const ShardNode& n : nodes) total += n.weight;
  std::vector<double> fair;
  for (const ShardNode& n : nodes) fair.push_back(n.weight / total);
  return fair;
}

std::vector<NodeShare> shares_of(const std::vector<ShardNode>& nodes,
                                 const std::vector<std::uint64_t>& keys,
                                 const std::vector<double>& load, const Tally& t,
                                 const std::optional<std::vector<double>>& arcs) {
  const std::vector<double> fair = fair_shares(nodes);
  std::vector<NodeShare> out;
  for (size_t i = 0; i < nodes.size(); ++i) {
    NodeShare n;
    n.name = nodes[i].name;
    n.weight = nodes[i].weight;
    n.keys = keys[i];
    n.key_share = t.total_keys ? static_cast<double>(keys[i]) / static_cast<double>(t.total_keys) : 0.0;
    n.load_share = t.total_load > 0 ? load[i] / t.total_load : 0.0;
    if (arcs) n.arc_share = (*arcs)[i];
    n.fair_share = fair[i];
    out.push_back(n);
  }
  return out;
}

// Balance of one kind of share (keys or load) against the fair shares.
Balance balance_by(const std::vector<NodeShare>& nodes, double NodeShare::*share) {
  std::vector<double> shares, fair;
  for (const NodeShare& n : nodes) shares.push_back(n.*share), fair.push_back(n.fair_share);
  return balance_of(shares, fair);
}

}  // namespace

std::vector<ShardNode> nodes_after(const ShardingSection& s) {
  std::vector<ShardNode> after;
  for (const ShardNode& n : s.nodes)
    if (std::find(s.change->remove.begin(), s.change->remove.end(), n.name) == s.change->remove.end())
      after.push_back(n);
  for (const ShardNode& n : s.change->add) after.push_back(n);
  for (const ShardNode& r : s.change->reweight)
    for (ShardNode& n : after)
      if (n.name == r.name) n.weight = r.weight;
  return after;
}

namespace {

// ½ Σ |fair_before − fair_after| over every node in either: the least share any placement must
// move (total variation distance between the two fair distributions).
double ideal_moved(const std::vector<ShardNode>& before, const std::vector<ShardNode>& after) {
  std::map<std::string, std::pair<double, double>> fair;
  const std::vector<double> fb = fair_shares(before), fa = fair_shares(after);
  for (size_t i = 0; i < before.size(); ++i) fair[before[i].name].first = fb[i];
  for (size_t i = 0; i < after.size(); ++i) fair[after[i].name].second = fa[i];
  double sum = 0;
  for (const auto& [name, f] : fair) sum += std::fabs(f.first - f.second);
  return sum / 2;
}

VnodesResult search_vnodes(const ShardingSection& s) {
  VnodesResult v;
  v.target = *s.max_imbalance;
  v.target_loc = s.max_imbalance_loc;
  const double n = static_cast<double>(s.nodes.size());
  const double z = std::sqrt(2 * std::log(std::max(2.0, n)));
  // A whole number, but kept as a double: a target a hair above 1 asks for more than 2^31.
  v.rule_of_thumb = std::ceil(std::pow(z / (v.target - 1), 2));
  double total_weight = 0;
  for (const ShardNode& node : s.nodes) total_weight += node.weight;
  const std::vector<double> fair = fair_shares(s.nodes);
  auto imbalance_at = [&](int vnodes) {
    ShardingSection ring = s;
    ring.vnodes = vnodes;
    auto p = make_placement(ShardAlgorithm::kRing, ring, s.nodes);
    return balance_of(*p->arc_shares(), fair).imbalance;
  };
  // Double until the target is met, then bisect between the last failure and the first success.
  int low = 0, high = 1;
  double at_high = 0;
  while (true) {
    if (high > kMaxSearchVnodes || high * total_weight > kMaxSearchPoints) return v;
    at_high = imbalance_at(high);
    if (at_high <= v.target) break;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const int mid = low + (high - low) / 2;
    const double at_mid = imbalance_at(mid);
    if (at_mid <= v.target) high = mid, at_high = at_mid;
    else low = mid;
  }
  v.found = true;
  v.vnodes_needed = high;
  v.imbalance_at_needed = at_high;
  return v;
}

}  // namespace

void check_ring_keys(const ShardingSection& s) {
  if (s.hash != formulas::Hash64::kNone || s.algorithm == ShardAlgorithm::kKetama || !s.key_file.empty()) return;
  // Synthetic keys are integers only when the text around "{}" is digits and the last key
  // still fits in 64 bits.
  const size_t at = s.key_format.find("{}");
  const std::string last =
      s.key_format.substr(0, at) + std::to_string(s.keys - 1) + s.key_format.substr(at + 2);
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), v);
  if (ec != std::errc() || end != last.data() + last.size()) {
    throw Error::at(s.loc, "sharding.hash",
                    fmt::format("hash = \"none\" needs integer keys, and the synthetic key '{}' "
                                "is not an unsigned 64-bit integer",
                                last),
                    "key_format = \"{}\" gives the keys 0, 1, 2, ...; or choose a hash such as xxh64");
  }
}

RingResult analyse_ring(const ShardingSection& s, const RunOptions::progress_type& progress) {
  check_ring_keys(s);
  RingResult r;
  r.algorithm = name_of(algorithm_names(), s.algorithm);
  r.compat = s.algorithm == ShardAlgorithm::kKetama ? name_of(compat_names(), s.compat) : "";
  r.hash = s.algorithm == ShardAlgorithm::kKetama ? "md5" : name_of(hash_names(), s.hash);
  r.zipf = s.zipf;
  auto before = make_placement(s.algorithm, s, s.nodes);
  std::vector<ShardNode> after_nodes;
  std::unique_ptr<Placement> after;
  if (s.change) {
    after_nodes = nodes_after(s);
    after = make_placement(s.algorithm, s, after_nodes);
  }
  const Placements p{before.get(), after.get()};
  const Tally t = s.key_file.empty() ? tally_synthetic(s, p, s.nodes.size(), after_nodes.size(), progress)
                                     : tally_file(s, p, s.nodes.size(), after_nodes.size());
  if (!t.bad_key.empty()) {
    throw Error::at(s.loc, "sharding.hash",
                    fmt::format("key {} '{}' is not an unsigned integer, which hash = \"none\" "
                                "needs",
                                t.bad_index + 1, t.bad_key),
                    "choose a hash such as xxh64 for string keys");
  }
  r.keys = t.total_keys;
  const auto arcs = before->arc_shares();
  r.nodes = shares_of(s.nodes, t.keys_before, t.load_before, t, arcs);
  r.key_balance = balance_by(r.nodes, &NodeShare::key_share);
  r.load_balance = balance_by(r.nodes, &NodeShare::load_share);
  if (arcs) r.arc_balance = balance_of(*arcs, fair_shares(s.nodes));
  r.lookup_operations = before->lookup_operations();
  r.memory_bytes = before->memory_bytes();

  if (s.change) {
    ChangeResult c;
    std::uint64_t moved = 0;
    std::vector<std::pair<std::pair<std::uint32_t, std::uint32_t>, std::uint64_t>> pairs;
    std::vector<long long> after_index(s.nodes.size(), -1);
    for (size_t i = 0; i < s.nodes.size(); ++i)
      for (size_t j = 0; j < after_nodes.size(); ++j)
        if (after_nodes[j].name == s.nodes[i].name) after_index[i] = static_cast<long long>(j);
    for (const auto& [key, count] : t.moves) {
      const auto from = static_cast<std::uint32_t>(key >> 32), to = static_cast<std::uint32_t>(key);
      if (after_index[from] == static_cast<long long>(to)) continue;
      moved += count;
      pairs.push_back({{from, to}, count});
    }
    std::sort(pairs.begin(), pairs.end());
    for (const auto& [ft, count] : pairs)
      c.moves.push_back(Move{s.nodes[ft.first].name, after_nodes[ft.second].name, count});
    c.moved_fraction = t.total_keys ? static_cast<double>(moved) / static_cast<double>(t.total_keys) : 0;
    c.ideal_moved_fraction = ideal_moved(s.nodes, after_nodes);
    c.moved_arc_fraction = moved_hash_space(*before, *after, after_index);
    c.nodes = shares_of(after_nodes, t.keys_after, t.load_after, t, after->arc_shares());
    c.key_balance = balance_by(c.nodes, &NodeShare::key_share);
    c.load_balance = balance_by(c.nodes, &NodeShare::load_share);
    r.change = std::move(c);
  }
  // Only an algorithm that takes vnodes can follow the advice; the target holds for every one.
  if (s.max_imbalance && takes_vnodes(s.algorithm)) r.vnodes = search_vnodes(s);
  return r;
}

std::vector<RingResult> compare_algorithms(const Model& model) {
  std::vector<RingResult> results;
  const ShardingSection& base = *model.section<ShardingSection>();
  bool equal_weights = true;
  for (const ShardNode& n : base.nodes) equal_weights &= n.weight == base.nodes.front().weight;
  for (ShardAlgorithm a : {ShardAlgorithm::kKetama, ShardAlgorithm::kRing, ShardAlgorithm::kJump,
                           ShardAlgorithm::kRendezvous, ShardAlgorithm::kMaglev,
                           ShardAlgorithm::kModulo, ShardAlgorithm::kBounded}) {
    ShardingSection s = base;
    s.algorithm = a;
    s.max_imbalance.reset();  // the vnode search is the single-algorithm report's
    const bool reweights = base.change && !base.change->reweight.empty();
    if (a == ShardAlgorithm::kJump && (!equal_weights || reweights)) continue;  // no weights
    // A maglev table needs at least a slot per node, before and after the change.
    const size_t most_nodes = s.nodes.size() + (s.change ? s.change->add.size() : 0);
    if (a == ShardAlgorithm::kMaglev && s.table_size < most_nodes) continue;
    if (a == ShardAlgorithm::kKetama) {
      bool whole = true;
      for (const ShardNode& n : s.nodes) whole &= n.weight == std::floor(n.weight);
      if (!whole) continue;
      s.hash = formulas::Hash64::kMd5;
    } else if (s.hash == formulas::Hash64::kMd5 && base.algorithm == ShardAlgorithm::kKetama) {
      s.hash = formulas::Hash64::kXxh64;  // ketama's md5 is its own; the others hash fast
    }
    if (a != ShardAlgorithm::kKetama) s.compat = KetamaCompat::kExact;
    results.push_back(analyse_ring(s));
  }
  return results;
}

}  // namespace headroom::calc
