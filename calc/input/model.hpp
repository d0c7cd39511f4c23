// The typed model of a headroom TOML file, parsed once with units converted: the sections every
// analysis shares (system, traffic, storage, components, groups, checks) and, by name, the
// section of each analysis (defined in its folder: calc/avail/section.hpp, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <any>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "calc/base/error.hpp"
#include "calc/base/name_index.hpp"
#include "calc/base/names.hpp"
#include "calc/input/quantity_parser.hpp"
#include "formulas/availability.hpp"
#include "formulas/units.hpp"

namespace headroom::calc {

using formulas::Bytes;
using formulas::BytesPerSecond;
using formulas::Duration;
using formulas::Rate;

namespace defaults {
/// Servers are sized to run at most this busy at peak (SPEC §3.1): room for bursts and for
/// queueing delay to stay small (at ρ = 0.7 an M/M/1 wait is 2.3 service times).
inline constexpr double kTargetUtilization = 0.7;
/// Fixed seed so that output is reproducible run to run (SPEC §1 --seed).
inline constexpr unsigned long long kSeed = 1;
}  // namespace defaults

struct SystemSection {
  std::string name;
  double target_utilization = defaults::kTargetUtilization;  // (0, 1]
};

struct TrafficSection {
  SourceLoc loc;
  std::optional<double> daily_active_users;         // > 0
  std::optional<double> requests_per_user_per_day;  // > 0
  std::optional<Rate> request_rate;                 // reads + writes
  std::optional<Rate> read_rate;
  std::optional<Rate> write_rate;
  std::optional<double> read_write_ratio;  // reads per write, > 0
  double peak_to_average = 1.0;            // >= 1
  std::optional<Bytes> request_size;
  std::optional<Bytes> response_size;
  /// Whether the requests split into reads and writes (a ratio, or either rate given).
  bool splits_reads_writes() const { return read_write_ratio || read_rate || write_rate; }
};

struct StorageSection {
  SourceLoc loc;
  Bytes object_size;
  std::optional<Duration> retention;
  double replication_factor = 1.0;  // >= 1
  double compression_ratio = 1.0;   // > 0; stored = raw / compression_ratio
};

enum class RedundancyMode { kActiveActive, kActivePassive };
const Names<RedundancyMode>& redundancy_mode_names();
/// Which share of the traffic a component carries, for sizing.
enum class Serves { kRequests, kReads, kWrites };
const Names<Serves>& serves_names();

struct Component {
  std::string name;
  SourceLoc loc;
  std::optional<formulas::Availability> availability;  // of one replica
  std::optional<Duration> mtbf;
  std::optional<Duration> mttr;
  int replicas = 1;
  int min_healthy = 1;  // 1 <= min_healthy <= replicas
  RedundancyMode mode = RedundancyMode::kActiveActive;
  std::optional<Duration> failover_time;
  std::optional<int> repair_crews;  // 1 <= crews <= replicas
  std::optional<Rate> capacity;     // per replica
  std::optional<Duration> service_time;
  double service_scv = 1.0;
  int concurrency = 1;
  Serves serves = Serves::kRequests;
};

enum class GroupKind { kAllOf, kAnyOf, kKOf };

struct Group {
  std::string name;
  SourceLoc loc;
  GroupKind kind = GroupKind::kAllOf;
  int k = 0;  // kKOf only: up while >= k members are up
  std::vector<std::string> members;
};

/// A bound of a [[check]] as written; its unit is matched against the metric's at check time.
struct CheckBound {
  ParsedQuantity quantity;
  std::string text;
  SourceLoc loc;
};

struct Check {
  SourceLoc loc;
  std::string metric;
  SourceLoc metric_loc;
  std::optional<CheckBound> min;
  std::optional<CheckBound> max;
  // Bounds on the change from a baseline report, relative to its value (a ratio: 0.1 or "10%").
  std::optional<CheckBound> max_increase;
  std::optional<CheckBound> max_decrease;
};

struct Model {
  std::string source_path;  // as the user gave it ("-" for stdin)
  std::optional<SystemSection> system;
  std::optional<TrafficSection> traffic;
  std::optional<StorageSection> storage;
  std::vector<Component> components;  // file order
  std::vector<Group> groups;          // file order
  std::vector<Check> checks;
  std::vector<Diagnostic> warnings;
  /// The file writes its sizes in IEC units ("64 KiB"), none in SI ("64 kB"): show them so.
  bool binary_sizes = false;
  /// When the loader is asked (sweep, solve): a hash of each top-level table as loaded, --set
  /// applied, by name, so that an analysis whose tables did not change is not run again.
  std::map<std::string, std::uint64_t, std::less<>> input_hashes;

  /// By name: through the index that index_blocks() built, or a scan when the lists changed
  /// since. Call index_blocks() after filling `components` and `groups`.
  const Component* find_component(std::string_view name) const;
  const Group* find_group(std::string_view name) const;
  void index_blocks();
  double target_utilization() const {
    return system ? system->target_utilization : defaults::kTargetUtilization;
  }
  std::string system_name() const { return system ? system->name : std::string(); }

  /// An analysis's own section (S::kName names its TOML table), or nullptr when the file has
  /// none. Each analysis folder defines its section struct; the loader stores it here.
  template <typename S>
  const S* section() const {
    auto it = sections_.find(S::kName);
    return it == sections_.end() ? nullptr : std::any_cast<S>(&it->second);
  }
  template <typename S>
  S* section() {
    auto it = sections_.find(S::kName);
    return it == sections_.end() ? nullptr : std::any_cast<S>(&it->second);
  }
  template <typename S>
  S& set_section(S s) {
    std::any& slot = sections_[S::kName];
    slot = std::move(s);
    return *std::any_cast<S>(&slot);
  }
  bool has_section(std::string_view name) const { return sections_.count(name) != 0; }

 private:
  // Name → position in components / groups (the first of a name), for large diagrams.
  NameIndex component_index_, group_index_;
  std::map<std::string_view, std::any, std::less<>> sections_;
};

}  // namespace headroom::calc
