// Loads [replication]: the write stream and its replicas, each checked against its source
// (which must exist, and never lead back to the replica itself).
#include <fmt/format.h>
#include <map>

#include "calc/base/spelling.hpp"
#include "calc/input/table_reader.hpp"
#include "calc/lag/section.hpp"

namespace headroom::calc {
namespace {

// Beyond these a model is a typo: the lag of a chain is the sum of its hops' distributions.
constexpr size_t kMaxReplicas = 1000;
constexpr size_t kMaxChain = 16;

}  // namespace

const Names<ReplicationMode>& replication_mode_names() {
  static const Names<ReplicationMode> kNames = {{"async", ReplicationMode::kAsync},
                                                {"semi-sync", ReplicationMode::kSemiSync},
                                                {"sync", ReplicationMode::kSync},
                                                {"multi-primary", ReplicationMode::kMultiPrimary}};
  return kNames;
}

const std::vector<KeySpec>& replication_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"replication", "write_rate", T::kRate, "writes per second the primary commits (default: [traffic]'s peak writes)"}.eg(R"("2k/s")"),
      KeySpec{"replication", "write_size", T::kSize, "bytes shipped per write, for bandwidth and egress"}.eg(R"("1 KiB")"),
      KeySpec{"replication", "mode", T::kString, "async (default), semi-sync, sync or multi-primary"}.one_of([] { return names_only(replication_mode_names()); }).by_default("\"async\"").eg(R"("semi-sync")"),
      KeySpec{"replication", "outage", T::kDuration, "how long a replica is down, for its catch-up time"}.in(0, 1e15).eg(R"("10 min")"),
      KeySpec{"replication", "primaries", T::kInteger, "multi-primary: primaries taking writes (2)"}.in(2, 100).by_default("2").eg("3"),
      KeySpec{"replication", "keys", T::kInteger, "multi-primary: distinct keys written"}.in(1, 1e12).eg(R"("10M")"),
      KeySpec{"replication", "popularity", T::kTable, "multi-primary: { zipf = 0.9 } by key rank; default uniform"}.eg("{ zipf = 0.9 }"),
      KeySpec{"replication.popularity", "zipf", T::kNumber, "Zipf exponent s of the keys' popularity"}.in(0, 10).by_default("0").eg("0.9"),
      KeySpec{"replication", "replication_delay", T::kDuration, "multi-primary: delay between primaries (default: the replicas' mean lag)"}.in(0, 1e6).eg(R"("50 ms")"),
      KeySpec{"replication", "replica", T::kTableArray, "the replicas: [[replication.replica]] name, source, apply_time, ..."}.eg(R"([{ name = "replica-1", apply_time = "200 us" }])"),
      KeySpec{"replication.replica[]", "name", T::kString, "the replica's name"}.eg(R"("replica-1")"),
      KeySpec{"replication.replica[]", "source", T::kString, "\"primary\" (default) or the replica it copies (cascading)"}.by_default("\"primary\"").eg(R"("replica-1")"),
      KeySpec{"replication.replica[]", "apply_time", T::kDuration, "mean time one thread takes to apply a write"}.in(0, 1e6, /*min_open=*/true).eg(R"("200 us")"),
      KeySpec{"replication.replica[]", "apply_scv", T::kNumber, "squared coefficient of variation of the apply time (1)"}.in(0, 100).by_default("1").eg("4"),
      KeySpec{"replication.replica[]", "apply_threads", T::kInteger, "writes applied in parallel (1)"}.in(1, 1024).by_default("1").eg("4"),
      KeySpec{"replication.replica[]", "network_delay", T::kDuration, "one-way delay from its source (0)"}.in(0, 1e6).by_default("\"0 s\"").eg(R"("1 ms")"),
      KeySpec{"replication.replica[]", "bandwidth", T::kBandwidth, "the link from its source, for transmission time"}.eg(R"("1 Gbit/s")"),
      KeySpec{"replication.replica[]", "read_capacity", T::kRate, "reads/s it serves while applying no writes"}.eg(R"("5k/s")"),
      KeySpec{"replication.replica[]", "max_lag", T::kDuration, "target: its p99 lag at most this"}.in(0, 1e15, /*min_open=*/true).eg(R"("1 s")"),
  };
  return kKeys;
}

void load_replication(TableReader& r, Model& model, Diagnostics& diag) {
  ReplicationSection s;
  s.loc = r.loc();
  if ((s.write_rate = r.rate("write_rate"))) s.write_rate_loc = r.loc_of("write_rate");
  s.write_size = r.size("write_size");
  if (auto m = r.choice("mode", replication_mode_names())) s.mode = *m;
  s.outage = r.duration("outage");
  if (auto p = r.integer("primaries")) s.primaries = static_cast<int>(*p);
  if (auto k = r.integer("keys")) s.keys = static_cast<std::uint64_t>(*k);
  if (const toml::table* pop = r.table("popularity")) {
    TableReader p(*pop, "replication.popularity", "replication.popularity", diag);
    if (auto z = p.number("zipf")) s.zipf = *z;
    else if (!p.has("zipf")) p.error("zipf", "popularity needs zipf", "e.g. popularity = { zipf = 0.9 }");
    p.finish();
  }
  s.replication_delay = r.duration("replication_delay");
  const bool multi = s.mode == ReplicationMode::kMultiPrimary;
  for (std::string_view key : {"primaries", "keys", "popularity", "replication_delay"})
    if (!multi && r.has(key)) r.error(key, fmt::format("{} is for mode = \"multi-primary\"", key));
  if (multi && !s.keys && !r.has("keys"))
    r.error("keys", "multi-primary needs keys, how many distinct keys are written", "e.g. keys = \"10M\"");
  std::map<std::string, size_t, std::less<>> index;
  if (const toml::array* list = r.table_array("replica")) {
    if (list->size() > kMaxReplicas) {
      r.error("replica", fmt::format("{} replicas; at most {}", list->size(), kMaxReplicas));
      model.set_section(std::move(s));
      return;
    }
    for (size_t i = 0; i < list->size(); ++i) {
      const std::string dotted = fmt::format("replication.replica[{}]", i);
      TableReader e(*list->get(i)->as_table(), dotted, "replication.replica[]", diag);
      Replica x;
      x.loc = e.loc();
      if (auto name = e.string("name")) x.name = *name;
      else if (!e.has("name")) e.error("name", "a replica needs a name", "e.g. name = \"replica-1\"");
      if (auto source = e.string("source")) {
        x.source = *source;
        x.source_loc = e.loc_of("source");
      }
      if (auto t = e.duration("apply_time")) x.apply_time = *t;
      else if (!e.has("apply_time"))
        e.error("apply_time", "a replica needs apply_time, the mean time to apply one write",
                "e.g. apply_time = \"200 us\"");
      if (auto v = e.number("apply_scv")) x.apply_scv = *v;
      if (auto n = e.integer("apply_threads")) x.apply_threads = static_cast<int>(*n);
      if (auto d = e.duration("network_delay")) x.network_delay = *d;
      x.bandwidth = e.bandwidth("bandwidth");
      x.read_capacity = e.rate("read_capacity");
      if ((x.max_lag = e.duration("max_lag"))) x.max_lag_loc = e.loc_of("max_lag");
      e.finish();
      if (x.bandwidth && !s.write_size && !r.has("write_size")) {
        e.error("bandwidth", "a bandwidth needs the size of a write to give a transmission time",
                "set write_size in [replication], e.g. write_size = \"1 KiB\"");
      }
      if (x.name == "primary") {
        e.error("name", "'primary' is the source every chain starts from; name the replica otherwise");
      } else if (!x.name.empty() && !index.emplace(x.name, s.replicas.size()).second) {
        e.error("name", fmt::format("a second replica named '{}'", x.name));
      }
      s.replicas.push_back(std::move(x));
    }
  }
  r.finish();
  if (multi && !s.replication_delay && !r.has("replication_delay") && s.replicas.empty() && !r.has("replica")) {
    r.error("replication_delay", "multi-primary needs replication_delay, or replicas whose mean lag gives it",
            "e.g. replication_delay = \"50 ms\"");
  }
  if (s.replicas.empty() && !diag.has_errors() && !multi) {
    r.error("replica", "[replication] needs at least one [[replication.replica]]",
            "e.g. [[replication.replica]] name = \"replica-1\", apply_time = \"200 us\"");
  }
  if (!s.write_rate && !model.traffic && !r.has("write_rate")) {
    r.error("write_rate", "[replication] needs write_rate, or a [traffic] that gives writes",
            "e.g. write_rate = \"2k/s\"");
  }
  // Each source exists; following sources reaches the primary (no cycle). Then the replicas
  // are ordered so that every source comes before the replicas that copy it.
  std::vector<std::string> names;
  for (const Replica& x : s.replicas) names.push_back(x.name);
  names.push_back("primary");
  bool sources_ok = true;
  auto source_key = [](size_t i) { return fmt::format("replication.replica[{}].source", i); };
  for (size_t i = 0; i < s.replicas.size(); ++i) {
    const Replica& x = s.replicas[i];
    if (x.source == "primary" || index.count(x.source)) continue;
    diag.add(Diagnostic{x.source_loc, source_key(i),
                        fmt::format("no replica named '{}' to copy from", x.source),
                        did_you_mean(x.source, names)});
    sources_ok = false;
  }
  if (sources_ok && !diag.has_errors()) {
    std::vector<int> state(s.replicas.size(), 0);  // 0 unseen, 1 on the walk, 2 placed
    std::vector<size_t> depth(s.replicas.size(), 0);
    std::vector<Replica> ordered;
    for (size_t start = 0; start < s.replicas.size(); ++start) {
      if (state[start] == 2) continue;  // placed with a replica that copies it
      std::vector<size_t> chain;
      size_t at = start;
      while (state[at] == 0) {
        state[at] = 1;
        chain.push_back(at);
        if (s.replicas[at].source == "primary") break;
        at = index.find(s.replicas[at].source)->second;
      }
      if (state[at] == 1 && s.replicas[at].source != "primary") {
        const Replica& x = s.replicas[at];
        diag.add(Diagnostic{x.source_loc, source_key(at),
                            fmt::format("replica '{}' copies from a chain that leads back to it", x.name),
                            "every chain of sources ends at \"primary\""});
        model.set_section(std::move(s));
        return;
      }
      // How deep each replica sits below the primary: its source's depth plus one.
      if (chain.size() > kMaxChain || (state[at] == 2 && depth[at] + chain.size() > kMaxChain)) {
        const Replica& x = s.replicas[chain.front()];
        diag.add(Diagnostic{x.source_loc, source_key(chain.front()),
                            fmt::format("replica '{}' is more than {} hops from the primary", x.name, kMaxChain),
                            "a cascade that deep is a typo, not a topology"});
        model.set_section(std::move(s));
        return;
      }
      const size_t base = state[at] == 2 ? depth[at] : 0;  // else the chain reached the primary
      for (size_t j = 0; j < chain.size(); ++j) depth[chain[chain.size() - 1 - j]] = base + j + 1;
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        state[*it] = 2;
        ordered.push_back(s.replicas[*it]);
      }
    }
    s.replicas = std::move(ordered);
  }
  model.set_section(std::move(s));
}

}  // namespace headroom::calc
