// --vary KEY=RANGE: the values one key takes in a sweep (and the range `solve` searches),
// each written back as the TOML value --set would give, in the unit the user wrote.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/input/quantity_parser.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {

/// One value of a varied key.
struct VariedValue {
  std::string toml;   // as --set takes it: 4, 2.5, "2 GiB", "ketama"
  std::string label;  // as people read it: 4, 2.5, 2 GiB, ketama
  std::optional<double> si;  // in SI base units, when it is a quantity
};

struct Variation {
  std::string key;    // dotted, as --set writes it
  const KeySpec* spec = nullptr;
  std::vector<VariedValue> values;
  bool geometric = false;  // :xF, for a log scale
  std::optional<QuantityKind> kind;  // of a range's ends
};

/// The most points a sweep runs without --force, and with it.
inline constexpr double kMaxSweepPoints = 10000;
inline constexpr double kMaxForcedSweepPoints = 1000000;

/// A range's ends and step, before it is expanded: FROM..TO, FROM..TO:N, FROM..TO:xF.
struct Range1 {
  ParsedQuantity from, to;
  std::string from_text, to_text;
  std::optional<double> steps;   // :N
  std::optional<double> factor;  // :xF
};

/// Parses "KEY=FROM..TO[:N|:xF]" or "KEY=[a,b,c]" (`option` names the option in messages:
/// "--vary"). Refuses a key headroom's format does not have, a range on a key that is not a
/// number, FROM above TO, a step count of 0, a factor of 1 or less, and more than `max_points`
/// values. Throws: Error (usage).
Variation parse_variation(std::string_view arg, std::string_view option, double max_points);

/// parse_variation of each argument; a key given twice is an error too. Throws: Error (usage).
std::vector<Variation> parse_variations(const std::vector<std::string>& args, std::string_view option,
                                        double max_points);

/// The key of "KEY=..." checked against the format: the key's spec. Throws: Error (usage).
const KeySpec& varied_key(std::string_view key, std::string_view option);

/// Parses the range of --within LO..HI for `key`: the ends, checked like a sweep's.
Range1 parse_range(std::string_view key, std::string_view text, std::string_view option);

/// A range's ends in the unit its values are written in: FROM's ("1 GiB" for 1GiB..8GiB), or
/// TO's when FROM is 0.
struct WrittenRange {
  std::string like;  // the end whose unit the values take
  double lo = 0, hi = 0;
};
WrittenRange written_range(const Range1& range);

/// A number written in the unit of `like` (the text of a range's end): "2 GiB" for 2 GiB when
/// `like` is "1 GiB", a bare number for a bare number. `value` is in `like`'s unit.
VariedValue value_like(double value, std::string_view like);

/// The number `like` writes and the rest (its unit): "1.5 GiB" → 1.5, " GiB".
bool split_number(std::string_view like, double& number, std::string& unit);

}  // namespace headroom::calc
