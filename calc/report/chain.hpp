// How values flow between analyses: the chained inputs an analysis records (ChainLink), in its
// JSON and as the flow lines of `report --explain`.
#pragma once

#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/input/model.hpp"
#include "calc/report/analysis.hpp"

namespace headroom::calc {

/// A "chained_inputs" array at the end of out.document, one item per link of out.chain keyed by
/// where it went: {"input", "from", "value"}. Nothing when the analysis took nothing.
void add_chained_inputs(AnalysisResult& out);

/// One line per chain through the report (topic "chain"): from a metric no link produced,
/// through every link it feeds, each step with its value in `report`:
/// "cache.policies.lru@10000.miss_ratio 0.12 → budget.stages.db.visits 0.12 → ...".
Explanation flow_lines(const Model& model, const Node& report, const std::vector<ChainLink>& links);

}  // namespace headroom::calc
