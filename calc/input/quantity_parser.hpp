// The unit grammar of SPEC §2: the one place where "30 min", "4 KiB", "5k/s", "99.95%" and
// "3.5 nines" become numbers in SI base units.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace headroom::calc {

/// What a written value turned out to be.
enum class QuantityKind {
  kNumber,     // a bare number: "12", "0.5"
  kCount,      // a number with a multiplier: "10k", "1.5M"
  kPercent,    // "99.95%" (si_value is the fraction, 0.9995)
  kNines,      // "3.5 nines" (si_value is the count, 3.5: availability 1 − 10^−3.5)
  kDuration,   // seconds
  kSize,       // bytes
  kRate,       // events per second
  kBandwidth,  // bytes per second
};

/// "a duration", "a size", ... for messages.
std::string_view describe(QuantityKind kind);

/// The outcome of parsing one written value: either a kind and value, or an error with a hint.
/// How a size's unit is prefixed: IEC ("KiB", "Mibit"), SI ("kB", "Mbit", "Gbps"), or not at all.
enum class SizePrefix { kNone, kDecimal, kBinary };

struct ParsedQuantity {
  bool ok = false;
  QuantityKind kind = QuantityKind::kNumber;
  double si_value = 0.0;
  /// For kNumber and kPercent: 1 − si_value, computed in decimal from the digits written, so that
  /// "99.9%" gives exactly the double nearest 0.001 rather than 1 − 0.999's rounding error.
  double complement = 0.0;
  std::string error;  // lowercase, says what was wrong; empty when ok
  std::string hint;
  SizePrefix prefix = SizePrefix::kNone;  // sizes and bandwidths: how the unit was prefixed
};

/// Parses any quantity of SPEC §2. Case matters: "m"/"min" are minutes, "M" is a million,
/// "B" bytes, "bit" bits ("Mb" is refused as ambiguous). Never returns NaN or infinity.
ParsedQuantity parse_quantity(std::string_view text);

/// A regular expression (ECMA-262 and Python's `re`, anchored with ^ and $) for the strings
/// parse_quantity reads as any of `kinds`, built from the same unit tables, for the JSON Schema.
/// kNumber is a number written as a string ("12", "1_000"). It checks the form, not the range.
std::string quantity_pattern(std::initializer_list<QuantityKind> kinds);

}  // namespace headroom::calc
