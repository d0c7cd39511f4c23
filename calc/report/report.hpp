// Running analyses into the documents the commands print: one analysis, or all of them (report),
// and evaluating [[check]]s and targets against the report (check).
#pragma once

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

/// Every analysis whose sections are present, each nested under its name.
AnalysisResult run_report(const Model& model, const RunOptions& options);

struct CheckOutcome {
  std::string metric;
  bool is_target = false;  // from a `target`/`slo`, not a [[check]]
  double value = 0.0;
  Unit unit = Unit::kNone;
  std::optional<double> min;
  std::optional<double> max;
  bool passed = false;
  SourceLoc loc;
};

/// Evaluates every [[check]] and target against `report` (the document of run_report).
/// Throws: Error listing every check whose metric does not exist, is not a number, or whose
/// bound has the wrong unit.
std::vector<CheckOutcome> evaluate_checks(const Model& model, const AnalysisResult& report);

/// Throws: Error unless the model has at least one analysis to run (an empty file, say).
void require_analysis(const Model& model);

/// What `validate` checks beyond the loader, without simulating or reading data files: what
/// each present analysis would refuse, a file with nothing to analyse, and every [[check]]'s
/// path, unit and range against the analyses' previews. Throws: Error with every problem.
void validate_model(const Model& model);

/// Adds every problem of the file's [[check]]s against `doc` (the report, or the preview that
/// `validate` builds): a metric that does not exist or is not a number, an array item named by
/// index or ambiguously, a bound in the wrong unit or outside the metric's range, min above max.
void check_checks(const Model& model, const Node& doc, std::vector<Diagnostic>& problems);

/// The document of `headroom check`.
Node checks_document(const std::vector<CheckOutcome>& outcomes);

}  // namespace headroom::calc
