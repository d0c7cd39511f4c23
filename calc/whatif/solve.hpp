// `headroom solve`: the largest (or smallest) value of one key for which every check and target
// in the file passes (SPEC §3.8) — bisection where the checks are monotone in the key, a grid
// search where they are not, the answer verified on both sides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/whatif/evaluator.hpp"
#include "calc/whatif/vary.hpp"

namespace headroom::calc {

struct SolveRequest {
  std::string key;
  bool maximise = true;
  std::optional<std::string> within;  // "LO..HI"; nullopt: searched out from the file's value
};

struct SolveProbe {
  double value = 0;  // in the unit the range is written in
  bool passed = false;
};

struct SolveResult {
  std::string key;
  bool maximise = true;
  bool found = false;         // some value in the range passes
  bool whole_range = false;   // every value up to the end of the range passes: the limit is beyond
  bool monotone = true;       // the grid's passes were one run, as bisection needs
  std::string unit;           // the unit the values are written in ("GiB", "k", "")
  double value = 0;           // the answer, in `unit`
  std::string label;          // as people read it: "3.2M"
  std::optional<double> si;   // the answer in SI base units
  std::optional<double> next_value;  // the nearest value past it that fails, in `unit`
  std::string next_label;
  std::string binding_check;  // the check that fails past the answer
  double margin = 0;          // of the binding check at the answer, in its unit
  Unit margin_unit = Unit::kNone;
  double lo = 0, hi = 0;      // the range searched, in `unit`
  std::vector<SolveProbe> probes;  // every value evaluated, in order
};

/// Solves `request` on the evaluator's model (`document`, the evaluator's, gives the key's
/// value to start from without --within). Throws: Error (usage) on a bad key or range, or a
/// key the file does not give without --within; Error as the loader on a value it refuses.
SolveResult solve(Evaluator& evaluator, const ParsedDocument& document, const SolveRequest& request,
                  unsigned jobs);

/// {"solve": {"key", "direction", "value", "binding_check", "margin", "monotone", ...}}.
Node solve_document(const SolveResult& result);

}  // namespace headroom::calc
