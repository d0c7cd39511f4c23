#include "calc/input/schema.hpp"

#include "calc/input/model.hpp"

#include <array>
#include <map>
#include <string>

namespace headroom::calc {

const std::vector<KeySpec>& schema() {
  using T = ValueType;
  static const std::vector<KeySpec> kSchema = [] {
    std::vector<KeySpec> keys = {
      {"", "system", T::kTable, "the system's name and defaults"},
      {"", "traffic", T::kTable, "load: users and requests, or rates given directly"},
      {"", "storage", T::kTable, "what each write stores and for how long"},
      {"", "components", T::kTable, "the building blocks, one table each"},
      {"", "groups", T::kTable, "blocks made of components or other groups"},
      {"", "check", T::kTableArray, "capacity checks on any reported metric"},

      {"system", "name", T::kString, "the system's name, shown in reports"},
      KeySpec{"system", "target_utilization", T::kRatio,
       "busiest a server may be at peak when sizing (default 0.7)"}.in(0, 1, /*min_open=*/true).by_default("0.7"),

      KeySpec{"traffic", "daily_active_users", T::kNumber, "users a day (count, e.g. \"10M\")"}.in(0, 1e15, /*min_open=*/true),
      KeySpec{"traffic", "requests_per_user_per_day", T::kNumber, "requests each user makes a day"}.in(0, 1e15, /*min_open=*/true),
      {"traffic", "request_rate", T::kRate, "total requests (reads + writes), e.g. \"5k/s\""},
      {"traffic", "read_rate", T::kRate, "reads, e.g. \"100M/month\""},
      {"traffic", "write_rate", T::kRate, "writes, e.g. \"10M/month\""},
      KeySpec{"traffic", "read_write_ratio", T::kNumber, "reads per write"}.in(0, 1e15, /*min_open=*/true),
      KeySpec{"traffic", "peak_to_average", T::kNumber, "peak rate / average rate (default 1)"}.in(1, 1e6).by_default("1"),
      {"traffic", "request_size", T::kSize, "bytes in per request (ingress)"},
      {"traffic", "response_size", T::kSize, "bytes out per read (egress)"},

      {"storage", "object_size", T::kSize, "bytes stored per write"},
      {"storage", "retention", T::kDuration, "how long data is kept"},
      KeySpec{"storage", "replication_factor", T::kNumber, "copies kept (default 1)"}.in(1, 1000).by_default("1"),
      KeySpec{"storage", "compression_ratio", T::kNumber, "raw size / stored size (default 1)"}.in(0, 1e6, /*min_open=*/true).by_default("1"),

      {"components.*", "availability", T::kAvailability,
       "availability of one replica: 0.999, \"99.9%\" or \"3 nines\""},
      {"components.*", "mtbf", T::kDuration, "mean time between failures of one replica"},
      KeySpec{"components.*", "mttr", T::kDuration, "mean time to repair one replica"}.in(0, 1e15),
      KeySpec{"components.*", "replicas", T::kInteger, "replicas n (default 1)"}.in(1, 1e6).by_default("1"),
      KeySpec{"components.*", "min_healthy", T::kInteger,
       "k: the block is up while at least k replicas are up (default 1)"}.in(1, 1e6).by_default("1"),
      KeySpec{"components.*", "mode", T::kString, "\"active-active\" (default) or \"active-passive\""}.one_of([] { return names_only(redundancy_mode_names()); }).by_default("\"active-active\""),
      KeySpec{"components.*", "failover_time", T::kDuration,
       "active-passive: outage per failure of the active replica"}.in(0, 1e15),
      KeySpec{"components.*", "repair_crews", T::kInteger,
       "replicas repaired at once: solves the block as a Markov chain"}.in(1, 1e6),
      {"components.*", "capacity", T::kRate, "requests per second one replica serves"},
      KeySpec{"components.*", "serves", T::kString,
       "the traffic it carries when sizing: \"requests\" (default), \"reads\" or \"writes\""}.one_of([] { return names_only(serves_names()); }).by_default("\"requests\""),
      {"components.*", "service_time", T::kDuration, "mean service time of one request"},
      KeySpec{"components.*", "service_scv", T::kNumber,
       "squared coefficient of variation of the service time (default 1)"}.in(0, 1e6).by_default("1"),
      KeySpec{"components.*", "concurrency", T::kInteger, "workers per replica (default 1)"}.in(1, 1e6).by_default("1"),

      {"groups.*", "any_of", T::kStringList, "parallel: up while any member is up"},
      {"groups.*", "all_of", T::kStringList, "series: up while every member is up"},
      KeySpec{"groups.*", "k", T::kInteger, "with `of`: up while at least k members are up"}.in(1, 1e6),
      {"groups.*", "of", T::kStringList, "the members of a k-of-n group"},


      {"check[]", "metric", T::kString,
       "dotted path into `headroom report --format json`, e.g. \"avail.availability\""},
      {"check[]", "min", T::kQuantity, "lowest passing value, in the metric's unit"},
      {"check[]", "max", T::kQuantity, "highest passing value, in the metric's unit"},
    };
    // Each analysis's section: its table at the top, then its keys (calc/<analysis>/load.cpp).
    for (const SectionSpec& section : analysis_sections()) {
      keys.push_back({"", section.name, T::kTable, section.help});
      for (const KeySpec& k : section.keys()) keys.push_back(k);
    }
    return keys;
  }();
  return kSchema;
}

const std::vector<const KeySpec*>& keys_of(std::string_view table) {
  // Built once: the loader asks for every table it reads (100,000 components, say).
  static const auto* const by_table = [] {
    auto* m = new std::map<std::string, std::vector<const KeySpec*>, std::less<>>();
    for (const KeySpec& k : schema()) (*m)[std::string(k.table)].push_back(&k);
    return m;
  }();
  static const std::vector<const KeySpec*> kNone;
  auto it = by_table->find(table);
  return it == by_table->end() ? kNone : it->second;
}

bool is_planned_section(std::string_view name) {
  constexpr std::array kPlanned = {std::string_view("replication"), std::string_view("quorum"),
                                   std::string_view("budget"), std::string_view("scalability")};
  for (std::string_view p : kPlanned)
    if (p == name) return true;
  return false;
}

}  // namespace headroom::calc
