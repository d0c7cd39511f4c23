// The registry of analyses: each command that reads the model and returns a document is one
// entry here, and `report`, `check`, `validate` and the command line pick them up from this list.
//
// Adding an analysis is adding its folder, calc/<name>/, and one entry in analyses.cpp:
//   section.hpp   the struct of its TOML table (with kName), read back by Model::section<S>()
//   load.cpp      its loader and its keys' schema entries (the SectionSpec of its entry)
//   <name>.hpp/.cpp  the analysis; document.cpp  its result document and its preview
// plus its text in man/ and its tests in tests/calc/<name>/. CMake picks up the folder's
// sources; the loader, the schema, the runner and every command find it through the entry.
#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/report/document.hpp"
#include "calc/base/error.hpp"
#include "calc/input/model.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {

struct RunOptions {
  using progress_type = std::function<void(std::uint64_t done, std::uint64_t total)>;
  unsigned long long seed = defaults::kSeed;
  /// Long work reports progress here (a trace replay its bytes, a synthetic cache run its
  /// requests, a ring its keys), from the calling thread; may be empty.
  progress_type progress;
  /// Bytes a simulation may hold before it stops with an error naming the key that set its
  /// size; 0: half of this machine's memory (or of its cgroup's limit).
  double memory_budget = 0;
  /// The explanation is wanted (--explain); an analysis may skip building it otherwise.
  bool explain = true;
};

/// A `target` or `slo` in the file: a check that every analysis contributes implicitly.
struct Target {
  std::string metric;  // path into the report document, e.g. "avail.availability"
  std::optional<double> min;
  std::optional<double> max;
  SourceLoc loc;
  Unit unit = Unit::kNone;  // of the metric and its bounds, also when the metric has no value
};

/// A value one analysis took from another's result, both ends as report paths: the JSON's
/// chained_inputs and the flow lines of `report --explain` are built from these.
struct ChainLink {
  std::string from;  // the metric it came from: "cache.policies.lru@10000.miss_ratio"
  std::string to;    // where it went: "budget.stages.db.visits"
  double value = 0;  // what it was
  std::vector<std::string> then;  // what it went on to set in this analysis, in order
};

struct AnalysisResult {
  Node document = Node::object();
  Explanation explanation;  // formulas with numbers substituted, for --explain
  std::vector<Target> targets;
  std::vector<ChainLink> chain;  // the inputs it took from other analyses
  /// The analysis's typed result (SizeResult, CacheResult, TrafficSplit, ...), for the
  /// analyses that declare they need it.
  std::any typed;
};

/// The typed results computed so far in one run, by analysis name. An analysis's run finds
/// there the result of every analysis in its `needs`, each computed once per run.
class Results {
 public:
  /// Requires: `name` was computed and holds a T (the registry test checks `needs`).
  template <typename T>
  const T& get(std::string_view name) const {
    auto it = results_.find(name);
    const T* typed = it == results_.end() ? nullptr : std::any_cast<T>(it->second);
    if (!typed) throw std::logic_error("result '" + std::string(name) + "' is not computed");
    return *typed;
  }
  bool has(std::string_view name) const { return results_.count(name) != 0; }
  /// `typed` is the runner's, and outlives this.
  void put(std::string name, const std::any* typed) { results_[std::move(name)] = typed; }

 private:
  std::map<std::string, const std::any*, std::less<>> results_;
};

struct Analysis {
  std::string_view name;     // the command and the key under `report`
  std::string_view summary;  // one line
  std::string_view reads;    // the TOML sections it reads
  /// The TOML tables it reads and how (none: it reads only the shared sections).
  std::vector<SectionSpec> sections;
  bool (*is_present)(const Model&);
  /// The analyses whose typed results `run` reads from its Results, computed before it.
  std::vector<std::string_view> needs = {};
  /// Analyses whose results `run` reads when the file has their sections (Results::has says),
  /// and does without otherwise: lag takes its write rate from the traffic when it is given.
  std::vector<std::string_view> uses = {};
  AnalysisResult (*run)(const Model&, const RunOptions&, const Results&);
  /// Throws what the analysis would refuse, without simulating or reading data files, so that
  /// `validate` rejects whatever the analysis would (nullptr: the loader and the preview
  /// refuse everything the run would).
  void (*check)(const Model&) = nullptr;
  /// The document `run` would give, every key and unit in place, built without simulating or
  /// reading data files (arrays known only after a run are open): `validate` resolves the
  /// file's [[check]] paths against it. An analysis as quick as its checks returns its run.
  AnalysisResult (*preview)(const Model&) = nullptr;
  /// A shared result (the traffic split) has no command and no place in the report: it is
  /// computed only for the analyses that need it.
  bool is_shared_result = false;
  /// The top-level tables `run` reads, when it reads only these (its entry hands it only
  /// them: the cache its [cache]): a sweep that varies another table reuses its result.
  /// Empty: every table but the [[check]]s counts as its input.
  std::vector<std::string_view> only_tables = {};
};

/// Every analysis, in the order `report` shows them.
const std::vector<Analysis>& analyses();

/// Analysis by name, or nullptr.
const Analysis* find_analysis(std::string_view name);

}  // namespace headroom::calc
