// Running analyses into the documents the commands print: one analysis, or all of them (report),
// and evaluating [[check]]s and targets against the report (check).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "calc/report/analysis.hpp"

namespace headroom::calc {

/// The JSON schema version every document carries at its top (SPEC §4).
inline constexpr int kSchemaVersion = 1;

/// `body`'s members behind "schema_version" at the top (SPEC §4).
Node with_schema_version(Node body);

/// A document for one command: schema_version, then the analysis's own members.
AnalysisResult run_analysis(const Analysis& analysis, const Model& model,
                            const RunOptions& options);

/// Results kept across the runs of one sweep or solve, by analysis and a hash of its inputs
/// (Model::input_hashes, its own tables, the results it reads): an analysis whose inputs did
/// not change between two points is run once. One cache serves runs with the same RunOptions. Thread-safe: runs on several threads share it,
/// and a result being computed is waited for, not computed twice.
class ResultCache {
 public:
  ResultCache();
  ~ResultCache();
  /// The result under `key`, computing it with `compute` the first time.
  std::shared_ptr<const AnalysisResult> get(std::uint64_t key,
                                            const std::function<AnalysisResult()>& compute);
  /// How many results were computed (not found), for tests.
  size_t computed() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Every analysis whose sections are present, each nested under its name. With a cache (the
/// model loaded by ParsedDocument, so that it has input hashes), results come from it.
AnalysisResult run_report(const Model& model, const RunOptions& options, ResultCache* cache = nullptr);

struct CheckOutcome {
  std::string metric;
  bool is_target = false;  // from a `target`/`slo`, not a [[check]]
  double value = 0.0;
  Unit unit = Unit::kNone;
  std::optional<double> min;
  std::optional<double> max;
  bool passed = false;
  SourceLoc loc;
  // With --baseline (apply_baseline): the baseline's value (NaN: none finite there), the
  // change from it, and the [[check]]'s bounds on that change, relative to the baseline.
  std::optional<double> baseline;
  double change = 0, relative_change = 0;
  std::optional<double> max_increase, max_decrease;
};

/// A previous report to bound changes against (calc/baseline reads one): its document keyed
/// as metric paths name items, and its file's name for messages.
struct BaselineView {
  const Node& document;
  std::string_view path;
};

/// The relative change from `baseline` to `value`: (value − baseline)/|baseline|; 0 from 0 to
/// 0, ±∞ from 0 to anything else; NaN when either is NaN.
double relative_change(double value, double baseline);

/// Evaluates every [[check]] and target against `report` (the document of run_report), and
/// with a baseline each [[check]]'s change from it (max_increase, max_decrease).
/// Throws: Error listing every check whose metric does not exist, is not a number, or whose
/// bound has the wrong unit; that bounds a change with no baseline given (it cannot pass by
/// accident); or whose metric the baseline lacks while the check bounds its change.
std::vector<CheckOutcome> evaluate_checks(const Model& model, const AnalysisResult& report,
                                          const BaselineView* baseline = nullptr);

/// Throws: Error unless the model has at least one analysis to run (an empty file, say).
void require_analysis(const Model& model);

/// What `validate` checks beyond the loader, without simulating or reading data files: what
/// each present analysis would refuse, a file with nothing to analyse, and every [[check]]'s
/// path, unit and range against the analyses' previews. Throws: Error with every problem.
void validate_model(const Model& model);

/// The report as the analyses' previews give it (what `validate` resolves paths against), each
/// analysis that would refuse the model adding its problems and leaving its part open.
Node preview_report(const Model& model, std::vector<Diagnostic>& problems);

/// Whether any analysis present gives a target or SLO (from the previews: nothing simulated).
bool has_targets(const Model& model);

/// The node `metric` names in `doc` — a number, a boolean, or null (no finite value here) —
/// or nullptr with the reason added to `problems` at `loc` and `key`; nullptr and `open` when
/// the path leads into what only a run knows. `paths` caches the leaf paths for "did you mean".
const Node* find_metric(const Model& model, const Node& doc, const std::string& metric, const SourceLoc& loc,
                        const std::string& key, std::optional<std::vector<std::string>>& paths,
                        std::vector<Diagnostic>& problems, bool& open);

/// Adds every problem of the file's [[check]]s against `doc` (the report, or the preview that
/// `validate` builds): a metric that does not exist or is not a number, an array item named by
/// index or ambiguously, a bound in the wrong unit or outside the metric's range, min above max.
void check_checks(const Model& model, const Node& doc, std::vector<Diagnostic>& problems);

/// The document of `headroom check`.
Node checks_document(const std::vector<CheckOutcome>& outcomes);

}  // namespace headroom::calc
