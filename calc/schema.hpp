// The TOML keys headroom knows: their table, type and one line of help. The loader refuses any
// other key (with a suggestion), and the tests hold man/headroom.toml.5 to this list.
#pragma once

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
  kTable,
  kTableArray,
};

/// One key. `table` is a dotted pattern: "" for the top level, "components.*" for any
/// component, "check[]" for each [[check]].
struct KeySpec {
  std::string_view table;
  std::string_view key;
  ValueType type;
  std::string_view help;
};

/// Every key, in the order the man page documents them.
const std::vector<KeySpec>& schema();

/// The keys of one table pattern.
const std::vector<const KeySpec*>& keys_of(std::string_view table);

/// Sections named in SPEC whose analyses this version does not run yet: accepted with a warning.
bool is_planned_section(std::string_view name);

}  // namespace headroom::calc
