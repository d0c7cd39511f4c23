// `headroom avail`: availability of the request path from components, replicas and groups,
// with downtime, error budget and the Birnbaum importance of every block (SPEC §3.2).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/report/analysis.hpp"
#include "calc/avail/section.hpp"
#include "formulas/availability.hpp"

namespace headroom::calc {

struct BlockAvailability {
  std::string name;
  bool is_group = false;
  bool on_path = false;  // named in [availability].path itself, not only inside a group
  formulas::Availability availability;
  /// Birnbaum importance: A_sys(block up) − A_sys(block down), in [0, 1].
  double importance = 0.0;
  /// A_sys(block always up) − A_sys, in [0, 1]: what making it perfect would add.
  double gain_if_perfect = 0.0;
  Explanation formulas;  // how the block's availability was found, numbers substituted
};

struct AvailResult {
  std::string system;
  formulas::Availability availability;
  std::optional<formulas::Availability> target;
  SourceLoc target_loc;
  std::vector<BlockAvailability> blocks;  // ranked by importance, highest first
  size_t shared_blocks = 0;  // blocks referenced from more than one place, solved exactly
  bool explained = true;     // the blocks carry their formulas (for --explain)
};

/// Requires: model.section<AvailabilitySection>() (validated: names resolve, no cycles, availabilities known).
/// Shared blocks are solved exactly (modules, then decision diagrams). Throws: Error at
/// availability.path when the shared part would exceed the solver's memory or time limits.
/// Without `with_formulas`, the blocks' formulas are left empty (100,000 of them are a tenth of
/// the work) and the document has no explanation.
AvailResult analyse_availability(const Model& model, bool with_formulas = true);

/// The document of `headroom avail`, with its target.
AnalysisResult avail_document(const AvailResult& result);

}  // namespace headroom::calc
