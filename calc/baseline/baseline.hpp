// A previous `headroom report --format json` to compare with: each metric beside its baseline,
// and the [[check]] bounds on a change (max_increase, max_decrease).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/report/document.hpp"
#include "calc/report/report.hpp"

namespace headroom::calc {

struct Baseline {
  std::string path;  // as the user named it
  /// The baseline as a document whose array items carry the keys metric paths name. JSON
  /// drops those keys; each array's items get the key of the current report's item with the
  /// same identity (the members whose values make up the current keys: a stage's name, a
  /// policy and its capacity), so that a path means the same thing in both.
  Node document = Node::object();
  BaselineView view() const { return {document, path}; }
};

/// Parses `text` (the file at `path`) against the current report `current`.
/// Throws: Error (exit 2) when it is not JSON, not a headroom report (a check's or sweep's
/// output, another program's JSON), has another schema_version, or nests deeper than a report.
Baseline read_baseline(std::string_view text, const std::string& path, const Node& current);

/// One metric of the current report beside the baseline's.
struct MetricChange {
  std::string metric;
  Unit unit = Unit::kNone;
  double value = 0, baseline = 0;
  double change = 0;           // value − baseline
  double relative_change = 0;  // change / |baseline|; ±∞ from 0, 0 for 0 → 0; NaN when either is
};

struct Comparison {
  std::vector<MetricChange> metrics;  // every number in both, in the current report's order
  std::vector<std::string> added;     // numbers in the current report only
  std::vector<std::string> removed;   // numbers in the baseline only
};

Comparison compare_with_baseline(const Node& current, const Baseline& baseline);

/// The "baseline" member of `report --baseline`'s document: {"file", "metrics": [{"metric",
/// "value", "baseline", "change", "relative_change"}], "changed", "unchanged", "added",
/// "removed"}. `changed_only` (for people): metrics lists only those whose value changed.
Node baseline_document(const Comparison& c, const Baseline& baseline, bool changed_only);

}  // namespace headroom::calc
