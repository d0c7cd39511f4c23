// `headroom size`: back-of-the-envelope rates, bandwidth, storage and servers (SPEC §3.1).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calc/base/explain_line.hpp"
#include "calc/report/analysis.hpp"
#include "calc/input/model.hpp"
#include "calc/size/traffic.hpp"

namespace headroom::calc {

struct ServerSizing {
  std::string name;
  Serves serves = Serves::kRequests;
  Rate capacity;           // per replica
  Rate peak_load;          // what this component carries at peak
  double servers_for_load = 0;  // ⌈peak / (capacity × target utilisation)⌉
  double spare = 0;             // replicas − min_healthy: failures it must ride out
  double servers_needed = 0;    // servers_for_load + spare
  int replicas = 1;             // as declared
  double peak_utilization = 0;  // peak / (capacity × replicas)
  double worst_case_utilization = 0;  // peak / (capacity × min_healthy)
};

struct SizeResult {
  std::string system;
  double target_utilization = defaults::kTargetUtilization;
  double peak_to_average = 1.0;
  Rate requests;  // average
  std::optional<Rate> reads, writes;
  std::optional<BytesPerSecond> ingress, egress;  // average
  std::optional<Bytes> storage_per_day, storage_per_month, storage_per_year;  // new logical data
  std::optional<Bytes> storage_total;  // over retention, replicated and compressed
  std::vector<ServerSizing> servers;   // components with capacity, file order
  Explanation explanation;  // formulas with numbers substituted, for --explain
};

/// Requires: model.traffic (validated). Throws: Error when a component serves reads or writes
/// and the traffic does not split into reads and writes.
SizeResult analyse_size(const Model& model);
/// With the traffic already split (the shared "traffic" result).
SizeResult analyse_size(const Model& model, const TrafficSplit& traffic);

AnalysisResult size_document(const SizeResult& result);

}  // namespace headroom::calc
