// `headroom cost`: monthly cost per component and in all, from the servers `size` and `budget`
// say are needed, the storage and egress `size` computes and the cache's memory (SPEC §3.8).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/budget/budget.hpp"
#include "calc/cost/section.hpp"
#include "calc/report/analysis.hpp"
#include "calc/size/size.hpp"

namespace headroom::calc {

/// A month is a twelfth of 365.25 days (SPEC §3.8).
inline constexpr double kHoursPerMonth = 365.25 * 24 / 12;
/// Prices are per GiB (as the clouds bill a "GB"): 2^30 bytes.
inline constexpr double kBytesPerGb = 1073741824.0;

struct ComponentCost {
  std::string name;
  double replicas = 0;       // priced: the largest of what follows
  std::string replicas_from;  // "replicas", "size" or "budget stage NAME"
  std::string replicas_metric;  // the report path they came from (empty: the file's replicas)
  double price_per_replica_hour = 0;
  double monthly = 0;
};

struct CostResult {
  std::string currency;
  std::vector<ComponentCost> components;  // file order
  std::optional<double> storage_bytes, storage_monthly;
  std::optional<double> egress_bytes_per_month, egress_monthly;
  std::optional<double> cache_bytes, cache_monthly;
  double monthly_total = 0;
  Explanation explanation;  // formulas with numbers substituted, for --explain
};

/// `size` and `budget` when the file has their sections (nullptr otherwise). Throws: Error when
/// a price needs what the file does not give (storage without retention, egress without a
/// response size, cache memory without a capacity in bytes).
CostResult analyse_cost(const Model& model, const SizeResult* size, const BudgetResult* budget);
AnalysisResult cost_document(const CostResult& result);

}  // namespace headroom::calc
