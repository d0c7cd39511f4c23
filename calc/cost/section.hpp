// [cost]: prices per replica-hour, storage GB-month, egress GB and cache GB-month (SPEC §3.8).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/base/error.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {

class Diagnostics;
class TableReader;
struct Model;

struct CostSection {
  static constexpr std::string_view kName = "cost";
  SourceLoc loc;
  std::string currency = "USD";
  std::optional<double> replica_hour;      // default price of one replica for an hour
  std::optional<double> storage_gb_month;  // per GiB stored for a month
  std::optional<double> egress_gb;         // per GiB sent out
  std::optional<double> cache_gb_month;    // per GiB of cache memory for a month
  struct Price {
    double per_replica_hour = 0;
    SourceLoc loc;
  };
  std::map<std::string, Price, std::less<>> components;  // by component name
  std::vector<std::string> named;  // every name [cost.components] gives, a valid price or not
};

const std::vector<KeySpec>& cost_keys();
void load_cost(TableReader& reader, Model& model, Diagnostics& diag);
/// Every priced component exists, and every component has a price (its own or the default).
void link_cost(const Model& model, Diagnostics& diag);

}  // namespace headroom::calc
