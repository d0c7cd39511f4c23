// The TOML keys headroom knows: their table, type and one line of help. The loader refuses any
// other key (with a suggestion), and the tests hold man/headroom.toml.5 to this list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headroom::calc {

enum class ValueType {
  kString,
  kBool,
  kStringList,
  kInteger,       // a whole number, also "10k"
  kNumber,        // a dimensionless number, also "1.5k"
  kRatio,         // 0..1, or "99.9%"
  kAvailability,  // a ratio, or "3.5 nines"
  kDuration,
  kSize,
  kRate,
  kBandwidth,
  kQuantity,  // any unit, matched to another value later (check bounds)
  kQuantityList,
  kNumberPairs,   // [[x, y], ...]: pairs of plain numbers (measurements)
  kNumberOrTable, // a plain number, or a table saying where the number comes from
  kTable,
  kTableArray,
};

/// The values a number may take: [min, max], either end open.
struct Range {
  double min = 0, max = 0;
  bool min_open = false, max_open = false;
  bool contains(double v) const {
    return (min_open ? v > min : v >= min) && (max_open ? v < max : v <= max);
  }
};

/// One key. `table` is a dotted pattern: "" for the top level, "components.*" for any
/// component, "check[]" for each [[check]]. The loader reads a key through its spec: the
/// range of a number, count, ratio or duration and the choices of a name are enforced from
/// here, and the man page, `headroom schema` and `explain` print them from here.
struct KeySpec {
  std::string_view table;
  std::string_view key;
  ValueType type;
  std::string_view help;
  std::optional<Range> range = std::nullopt;
  std::vector<std::string> (*choices)() = nullptr;  // the names a string may be
  std::string_view default_value = {};  // as TOML writes it; empty: no default (or computed)
  std::string_view example = {};        // a value as TOML writes it, accepted by the loader
  /// A table keyed by names the file chooses (components, stages, replicas): the type of each
  /// entry, in `range` when it is a number. The loader reads such a table itself.
  std::optional<ValueType> entries = std::nullopt;

  KeySpec in(double min, double max, bool min_open = false, bool max_open = false) const {
    KeySpec k = *this;
    k.range = Range{min, max, min_open, max_open};
    return k;
  }
  KeySpec one_of(std::vector<std::string> (*names)()) const {
    KeySpec k = *this;
    k.choices = names;
    return k;
  }
  KeySpec by_default(std::string_view value) const {
    KeySpec k = *this;
    k.default_value = value;
    return k;
  }
  KeySpec each(ValueType type) const {
    KeySpec k = *this;
    k.entries = type;
    return k;
  }
  KeySpec eg(std::string_view value) const {
    KeySpec k = *this;
    k.example = value;
    return k;
  }
};

class Diagnostics;
class TableReader;
struct Model;

/// The TOML table an analysis reads, as its folder defines it: the keys it accepts and the
/// loader that reads it into the Model (Model::section<S>()).
struct SectionSpec {
  std::string_view name;  // the top-level table, e.g. "cache"
  std::string_view help;  // one line, for the schema and the man page
  std::string_view example;  // the table as an inline TOML value, accepted by the loader
  const std::vector<KeySpec>& (*keys)();
  void (*load)(TableReader& reader, Model& model, Diagnostics& diag);
  /// After every section is loaded: checks the section's references into other sections (a
  /// budget stage's visits from the cache's miss ratio), adding positioned errors to `diag`.
  void (*link)(const Model& model, Diagnostics& diag) = nullptr;
};

/// The sections of the registered analyses, in registry order (defined with the registry,
/// calc/report/analyses.cpp, so that input/ does not name any analysis).
const std::vector<SectionSpec>& analysis_sections();

/// Every key: the shared sections', then each analysis section's.
const std::vector<KeySpec>& schema();

/// The keys of one table pattern.
const std::vector<const KeySpec*>& keys_of(std::string_view table);

/// The key a dotted path names, as --set writes it ("components.db.mttr",
/// "budget.stage.db.servers", "budget.stage.1.visits"), or nullptr when the format has no such
/// key (or the path names a whole table or entry).
const KeySpec* find_key(std::string_view dotted);
/// The keys of the deepest table `dotted` reaches, for "did you mean" on a key find_key
/// does not know.
std::vector<std::string> keys_near(std::string_view dotted);

}  // namespace headroom::calc
