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
      KeySpec{"", "system", T::kTable, "the system's name and defaults"}.eg(R"({ name = "photo-sharing", target_utilization = 0.7 })"),
      KeySpec{"", "traffic", T::kTable, "load: users and requests, or rates given directly"}.eg(R"({ daily_active_users = "10M", requests_per_user_per_day = 20 })"),
      KeySpec{"", "storage", T::kTable, "what each write stores and for how long"}.eg(R"({ object_size = "200 KiB", retention = "5 years" })"),
      KeySpec{"", "components", T::kTable, "the building blocks, one table each"}.eg(R"({ web = { availability = "99.9%", replicas = 3 } })"),
      KeySpec{"", "groups", T::kTable, "blocks made of components or other groups"}.eg(R"({ lbs = { any_of = ["lb-a", "lb-b"] } })"),
      KeySpec{"", "check", T::kTableArray, "capacity checks on any reported metric"}.eg(R"([{ metric = "avail.availability", min = "99.9%" }])"),

      KeySpec{"system", "name", T::kString, "the system's name, shown in reports"}.eg(R"("photo-sharing")"),
      KeySpec{"system", "target_utilization", T::kRatio,
       "busiest a server may be at peak when sizing (default 0.7)"}.in(0, 1, /*min_open=*/true).by_default("0.7").eg("0.7"),

      KeySpec{"traffic", "daily_active_users", T::kNumber, "users a day (count, e.g. \"10M\")"}.in(0, 1e15, /*min_open=*/true).eg(R"("10M")"),
      KeySpec{"traffic", "requests_per_user_per_day", T::kNumber, "requests each user makes a day"}.in(0, 1e15, /*min_open=*/true).eg("20"),
      KeySpec{"traffic", "request_rate", T::kRate, "total requests (reads + writes), e.g. \"5k/s\""}.eg(R"("5k/s")"),
      KeySpec{"traffic", "read_rate", T::kRate, "reads, e.g. \"100M/month\""}.eg(R"("100M/month")"),
      KeySpec{"traffic", "write_rate", T::kRate, "writes, e.g. \"10M/month\""}.eg(R"("10M/month")"),
      KeySpec{"traffic", "read_write_ratio", T::kNumber, "reads per write"}.in(0, 1e15, /*min_open=*/true).eg("100"),
      KeySpec{"traffic", "peak_to_average", T::kNumber, "peak rate / average rate (default 1)"}.in(1, 1e6).by_default("1").eg("3"),
      KeySpec{"traffic", "request_size", T::kSize, "bytes in per request (ingress)"}.eg(R"("2 KiB")"),
      KeySpec{"traffic", "response_size", T::kSize, "bytes out per read (egress)"}.eg(R"("200 KiB")"),

      KeySpec{"storage", "object_size", T::kSize, "bytes stored per write"}.eg(R"("200 KiB")"),
      KeySpec{"storage", "retention", T::kDuration, "how long data is kept"}.eg(R"("5 years")"),
      KeySpec{"storage", "replication_factor", T::kNumber, "copies kept (default 1)"}.in(1, 1000).by_default("1").eg("3"),
      KeySpec{"storage", "compression_ratio", T::kNumber, "raw size / stored size (default 1)"}.in(0, 1e6, /*min_open=*/true).by_default("1").eg("2"),

      KeySpec{"components.*", "availability", T::kAvailability,
       "availability of one replica: 0.999, \"99.9%\" or \"3 nines\""}.eg(R"("99.9%")"),
      KeySpec{"components.*", "mtbf", T::kDuration, "mean time between failures of one replica"}.eg(R"("30 days")"),
      KeySpec{"components.*", "mttr", T::kDuration, "mean time to repair one replica"}.in(0, 1e15).eg(R"("4 h")"),
      KeySpec{"components.*", "replicas", T::kInteger, "replicas n (default 1)"}.in(1, 1e6).by_default("1").eg("3"),
      KeySpec{"components.*", "min_healthy", T::kInteger,
       "k: the block is up while at least k replicas are up (default 1)"}.in(1, 1e6).by_default("1").eg("2"),
      KeySpec{"components.*", "mode", T::kString, "\"active-active\" (default) or \"active-passive\""}.one_of([] { return names_only(redundancy_mode_names()); }).by_default("\"active-active\"").eg(R"("active-passive")"),
      KeySpec{"components.*", "failover_time", T::kDuration,
       "active-passive: outage per failure of the active replica"}.in(0, 1e15).eg(R"("30 s")"),
      KeySpec{"components.*", "repair_crews", T::kInteger,
       "replicas repaired at once: solves the block as a Markov chain"}.in(1, 1e6).eg("1"),
      KeySpec{"components.*", "capacity", T::kRate, "requests per second one replica serves"}.eg(R"("2k/s")"),
      KeySpec{"components.*", "serves", T::kString,
       "the traffic it carries when sizing: \"requests\" (default), \"reads\" or \"writes\""}.one_of([] { return names_only(serves_names()); }).by_default("\"requests\"").eg(R"("reads")"),
      KeySpec{"components.*", "service_time", T::kDuration, "mean service time of one request"}.eg(R"("5 ms")"),
      KeySpec{"components.*", "service_scv", T::kNumber,
       "squared coefficient of variation of the service time (default 1)"}.in(0, 1e6).by_default("1").eg("1.5"),
      KeySpec{"components.*", "concurrency", T::kInteger, "workers per replica (default 1)"}.in(1, 1e6).by_default("1").eg("8"),

      KeySpec{"groups.*", "any_of", T::kStringList, "parallel: up while any member is up"}.eg(R"(["db-a", "db-b"])"),
      KeySpec{"groups.*", "all_of", T::kStringList, "series: up while every member is up"}.eg(R"(["lb", "web"])"),
      KeySpec{"groups.*", "k", T::kInteger, "with `of`: up while at least k members are up"}.in(1, 1e6).eg("2"),
      KeySpec{"groups.*", "of", T::kStringList, "the members of a k-of-n group"}.eg(R"(["zone-a", "zone-b", "zone-c"])"),


      KeySpec{"check[]", "metric", T::kString,
       "dotted path into `headroom report --format json`, e.g. \"avail.availability\""}.eg(R"("avail.availability")"),
      KeySpec{"check[]", "min", T::kQuantity, "lowest passing value, in the metric's unit"}.eg(R"("99.9%")"),
      KeySpec{"check[]", "max", T::kQuantity, "highest passing value, in the metric's unit"}.eg(R"("80%")"),
      KeySpec{"check[]", "max_increase", T::kQuantity, "largest rise from --baseline's value, relative to it (a ratio or \"10%\")"}.eg(R"("10%")"),
      KeySpec{"check[]", "max_decrease", T::kQuantity, "largest fall from --baseline's value, relative to it (a ratio or \"10%\")"}.eg(R"("0.01%")"),
    };
    // Each analysis's section: its table at the top, then its keys (calc/<analysis>/load.cpp).
    for (const SectionSpec& section : analysis_sections()) {
      keys.push_back(KeySpec{"", section.name, T::kTable, section.help}.eg(section.example));
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

namespace {

// find_key, and the pattern of the table it reached.
const KeySpec* walk_key(std::string_view dotted, std::string& pattern) {
  size_t start = 0;
  while (true) {
    const size_t dot = dotted.find('.', start);
    const std::string_view part = dotted.substr(start, dot == std::string_view::npos ? dotted.npos : dot - start);
    const KeySpec* spec = nullptr;
    for (const KeySpec* k : keys_of(pattern))
      if (k->key == part) spec = k;
    if (!spec) return nullptr;
    if (dot == std::string_view::npos) return spec;
    start = dot + 1;
    std::string next = pattern.empty() ? std::string(part) : pattern + "." + std::string(part);
    // An entry of an array of tables, or a named table (a component): its step is skipped.
    const bool entry = spec->type == ValueType::kTableArray;
    if (entry || !keys_of(next + ".*").empty()) {
      next += entry ? "[]" : ".*";
      const size_t skip = dotted.find('.', start);
      if (skip == std::string_view::npos) return nullptr;  // the whole entry
      start = skip + 1;
    }
    pattern = std::move(next);
  }
}

}  // namespace

const KeySpec* find_key(std::string_view dotted) {
  std::string pattern;
  return walk_key(dotted, pattern);
}

std::vector<std::string> keys_near(std::string_view dotted) {
  std::string pattern;
  walk_key(dotted, pattern);
  std::vector<std::string> names;
  for (const KeySpec* k : keys_of(pattern)) names.emplace_back(k->key);
  return names;
}


}  // namespace headroom::calc
