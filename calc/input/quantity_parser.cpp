#include "calc/input/quantity_parser.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formulas/units.hpp"

namespace headroom::calc {
namespace {

namespace tc = formulas::time_constants;

struct Unit {
  std::string_view name;
  double factor;
};

constexpr std::array kTimeUnits = {
    Unit{"ns", 1e-9},      Unit{"us", 1e-6},       Unit{"µs", 1e-6},       Unit{"μs", 1e-6},
    Unit{"ms", 1e-3},      Unit{"s", 1.0},         Unit{"sec", 1.0},       Unit{"secs", 1.0},
    Unit{"second", 1.0},   Unit{"seconds", 1.0},   Unit{"m", 60.0},        Unit{"min", 60.0},
    Unit{"mins", 60.0},    Unit{"minute", 60.0},   Unit{"minutes", 60.0},  Unit{"h", 3600.0},
    Unit{"hr", 3600.0},    Unit{"hrs", 3600.0},    Unit{"hour", 3600.0},   Unit{"hours", 3600.0},
    Unit{"d", 86400.0},    Unit{"day", 86400.0},   Unit{"days", 86400.0},  Unit{"w", 604800.0},
    Unit{"wk", 604800.0},  Unit{"week", 604800.0}, Unit{"weeks", 604800.0},
    Unit{"mo", tc::kMonth.value()},    Unit{"month", tc::kMonth.value()},
    Unit{"months", tc::kMonth.value()}, Unit{"y", tc::kYear.value()},
    Unit{"yr", tc::kYear.value()},     Unit{"year", tc::kYear.value()},
    Unit{"years", tc::kYear.value()},
};

constexpr std::array kSizeUnits = {
    Unit{"B", 1.0},          Unit{"byte", 1.0},       Unit{"bytes", 1.0},
    Unit{"kB", 1e3},         Unit{"KB", 1e3},         Unit{"MB", 1e6},
    Unit{"GB", 1e9},         Unit{"TB", 1e12},        Unit{"PB", 1e15},
    Unit{"EB", 1e18},        Unit{"KiB", 1024.0},     Unit{"MiB", 1048576.0},
    Unit{"GiB", 1073741824.0}, Unit{"TiB", 1099511627776.0}, Unit{"PiB", 1125899906842624.0},
    Unit{"EiB", 1152921504606846976.0},
    Unit{"bit", 0.125},      Unit{"bits", 0.125},     Unit{"kbit", 125.0},
    Unit{"Kbit", 125.0},     Unit{"Mbit", 1.25e5},    Unit{"Gbit", 1.25e8},
    Unit{"Tbit", 1.25e11},   Unit{"Kibit", 128.0},    Unit{"Mibit", 131072.0},
    Unit{"Gibit", 134217728.0},
};

// Bits per second written the network way.
constexpr std::array kBitRateUnits = {
    Unit{"bps", 0.125}, Unit{"kbps", 125.0}, Unit{"Kbps", 125.0},
    Unit{"Mbps", 1.25e5}, Unit{"Gbps", 1.25e8}, Unit{"Tbps", 1.25e11},
};

constexpr std::array kMultipliers = {
    Unit{"k", 1e3}, Unit{"K", 1e3}, Unit{"M", 1e6}, Unit{"G", 1e9}, Unit{"T", 1e12},
};

// Words that mean "per second" on their own.
constexpr std::array kPerSecondWords = {std::string_view("rps"), std::string_view("qps"),
                                        std::string_view("tps"), std::string_view("ops"),
                                        std::string_view("iops")};

// Nouns allowed between a count and its period: "5k req/s", "100 writes/s".
constexpr std::array kEventNouns = {
    std::string_view("req"),    std::string_view("reqs"),   std::string_view("request"),
    std::string_view("requests"), std::string_view("op"),   std::string_view("ops"),
    std::string_view("read"),   std::string_view("reads"),  std::string_view("write"),
    std::string_view("writes"), std::string_view("query"),  std::string_view("queries"),
    std::string_view("event"),  std::string_view("events"), std::string_view("msg"),
    std::string_view("msgs"),   std::string_view("messages"), std::string_view("keys"),
    std::string_view("users"),  std::string_view("objects"),
};

template <size_t N>
std::optional<double> find_unit(const std::array<Unit, N>& units, std::string_view name) {
  for (const Unit& u : units)
    if (u.name == name) return u.factor;
  return std::nullopt;
}

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  for (std::string_view x : words)
    if (x == w) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ParsedQuantity ok(QuantityKind kind, double v) { return {true, kind, v, 1.0 - v, "", ""}; }

// The prefix of a unit of kSizeUnits or kBitRateUnits: "KiB", "Mibit" are IEC; "kB", "KB",
// "Mbit", "Gbps" SI; "B", "byte", "bit", "bps" have none.
SizePrefix prefix_of(std::string_view unit) {
  if (unit.size() < 2 || std::string_view("kKMGTPE").find(unit[0]) == std::string_view::npos)
    return SizePrefix::kNone;  // "B", "bits", "bps"
  return unit[1] == 'i' ? SizePrefix::kBinary : SizePrefix::kDecimal;
}

ParsedQuantity sized(QuantityKind kind, double v, std::string_view unit) {
  ParsedQuantity q = ok(kind, v);
  q.prefix = prefix_of(unit);
  return q;
}

ParsedQuantity fail(std::string error, std::string hint = "") {
  return {false, QuantityKind::kNumber, 0.0, 0.0, std::move(error), std::move(hint)};
}

// Parses a decimal number exactly rounded, scaled by 10^shift ("99.9", −2 → 0.999).
std::optional<double> scaled_decimal(const std::string& digits, int shift) {
  const std::string text = digits + "e" + std::to_string(shift);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

// 1 − digits × 10^shift in exact decimal arithmetic, rounded once at the end. Plain decimals
// of up to 18 digits ("0.9995", "99.95" with shift −2); others fall back to the double result.
std::optional<double> decimal_complement(const std::string& digits, int shift) {
  if (digits.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
  const size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : digits.substr(point + 1);
  const int places = static_cast<int>(fraction.size()) - shift;  // value = D × 10^−places
  std::string d = whole + fraction;
  d.erase(0, std::min(d.find_first_not_of('0'), d.size()));
  if (places < 0 || places > 18 || d.size() > 18) return std::nullopt;
  std::uint64_t value = 0, one = 1;
  for (char c : d) value = value * 10 + static_cast<unsigned>(c - '0');
  for (int i = 0; i < places; ++i) one *= 10;
  const bool negative = value > one;
  std::uint64_t rest = negative ? value - one : one - value;
  std::string text;
  do {
    text.insert(text.begin(), static_cast<char>('0' + static_cast<int>(rest % 10)));
    rest /= 10;
  } while (rest > 0);
  auto v = scaled_decimal(text, -places);
  if (v && negative) *v = -*v;
  return v;
}

// "5k", "1.2M", "100", "5k req": a count of events, for the numerator of a rate.
std::optional<double> event_count_factor(std::string_view unit) {
  unit = trim(unit);
  if (unit.empty()) return 1.0;
  if (auto f = find_unit(kMultipliers, unit.substr(0, 1))) {
    std::string_view rest = trim(unit.substr(1));
    if (rest.empty() || contains(kEventNouns, rest)) return *f;
  }
  if (contains(kEventNouns, unit)) return 1.0;
  return std::nullopt;
}

// The unit after the number: everything that is not part of the number.
ParsedQuantity parse_unit(double number, std::string_view unit, std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (unit.empty()) return ok(QuantityKind::kNumber, number);
  if (unit == "%") return ok(QuantityKind::kPercent, number / 100.0);
  if (unit == "nines" || unit == "nine") return ok(QuantityKind::kNines, number);
  if (auto f = find_unit(kMultipliers, unit)) return ok(QuantityKind::kCount, number * *f);
  if (auto f = find_unit(kTimeUnits, unit)) return ok(QuantityKind::kDuration, number * *f);
  if (auto f = find_unit(kSizeUnits, unit)) return sized(QuantityKind::kSize, number * *f, unit);
  if (auto f = find_unit(kBitRateUnits, unit)) return sized(QuantityKind::kBandwidth, number * *f, unit);
  if (contains(kPerSecondWords, unit)) return ok(QuantityKind::kRate, number);
  // "5k rps", "1.2M qps": a multiplier, then a word that means per second.
  if (auto f = find_unit(kMultipliers, unit.substr(0, 1));
      f && contains(kPerSecondWords, trim(unit.substr(1)))) {
    return ok(QuantityKind::kRate, number * *f);
  }

  // "<numerator>/<period>" or "<numerator> per <period>".
  std::string_view numerator, period;
  if (size_t slash = unit.find('/'); slash != std::string_view::npos) {
    numerator = trim(unit.substr(0, slash));
    period = trim(unit.substr(slash + 1));
  } else if (size_t per = unit.find("per "); per != std::string_view::npos) {
    numerator = trim(unit.substr(0, per));
    period = trim(unit.substr(per + 4));
  }
  if (!period.empty()) {
    auto seconds = find_unit(kTimeUnits, period);
    if (!seconds) {
      return fail("unknown period '" + std::string(period) + "' in " + quoted,
                  "write the period as s, min, h, day, week, month or year, e.g. '5k/s'");
    }
    if (auto f = find_unit(kSizeUnits, numerator)) {
      return sized(QuantityKind::kBandwidth, number * *f / *seconds, numerator);
    }
    if (auto f = event_count_factor(numerator)) {
      return ok(QuantityKind::kRate, number * *f / *seconds);
    }
    return fail("unknown unit '" + std::string(numerator) + "' in " + quoted,
                "a rate is a count or size per period: '5k/s', '1.2M/day', '10 MB/s'");
  }

  if (unit == "b" || unit == "kb" || unit == "Kb" || unit == "Mb" || unit == "Gb" ||
      unit == "Tb") {
    return fail("ambiguous unit '" + std::string(unit) + "' in " + quoted,
                "write 'B' (bytes, as in 'MB') or 'bit' (bits, as in 'Mbit')");
  }
  if (unit == "mb" || unit == "gb" || unit == "tb" || unit == "kib" || unit == "mib" ||
      unit == "gib") {
    return fail("unknown unit '" + std::string(unit) + "' in " + quoted,
                "units are case-sensitive: 'MB', 'GB', 'KiB', 'MiB', 'GiB'");
  }
  return fail("unknown unit '" + std::string(unit) + "' in " + quoted,
              "durations: ms, s, min, h, d; sizes: B, KB, MiB, Gbit; rates: '/s', '/day'; "
              "ratios: '%', 'nines'; counts: k, M, G");
}

}  // namespace

std::string_view describe(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kNumber: return "a number";
    case QuantityKind::kCount: return "a count";
    case QuantityKind::kPercent: return "a percentage";
    case QuantityKind::kNines: return "a number of nines";
    case QuantityKind::kDuration: return "a duration";
    case QuantityKind::kSize: return "a size";
    case QuantityKind::kRate: return "a rate";
    case QuantityKind::kBandwidth: return "a bandwidth";
  }
  return "a value";
}

ParsedQuantity parse_quantity(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return fail("empty value", "write a number with its unit, e.g. '30 s'");

  // The number: digits with optional '_' separators, a fraction and an exponent.
  std::string digits;
  size_t i = 0;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) digits += s[i++];
  bool any_digit = false;
  while (i < s.size() && (is_digit(s[i]) || s[i] == '_' || s[i] == '.')) {
    // As in TOML, '_' only between two digits: "10_000", not "_1", "1__0" or "1_.5".
    if (s[i] == '_' && (i == 0 || !is_digit(s[i - 1]) || i + 1 >= s.size() || !is_digit(s[i + 1]))) {
      return fail("misplaced '_' in '" + std::string(text) + "'",
                  "'_' may only separate digits, as in '10_000'");
    }
    if (s[i] != '_') digits += s[i];
    any_digit |= is_digit(s[i]);
    ++i;
  }
  if (any_digit && i < s.size() && (s[i] == 'e' || s[i] == 'E') && i + 1 < s.size() &&
      (is_digit(s[i + 1]) || ((s[i + 1] == '-' || s[i + 1] == '+') && i + 2 < s.size() &&
                              is_digit(s[i + 2])))) {
    digits += s[i++];
    while (i < s.size() && (is_digit(s[i]) || s[i] == '-' || s[i] == '+')) digits += s[i++];
  }
  if (!any_digit) {
    return fail("expected a number in '" + std::string(text) + "'",
                "write a number with its unit, e.g. '30 s', '4 KiB', '5k/s', '99.9%'");
  }
  double number = 0.0;
  const char* first = digits.data() + (digits[0] == '+' ? 1 : 0);
  auto [end, ec] = std::from_chars(first, digits.data() + digits.size(), number);
  if (ec == std::errc::result_out_of_range) {
    // Out of range either way: beyond the largest double, or so small it would round to 0.
    const double magnitude = std::fabs(std::strtod(first, nullptr));
    if (magnitude < 1.0) {
      return fail("'" + std::string(text) + "' is too small to represent (it would be 0)");
    }
    return fail("'" + std::string(text) + "' is too large to represent");
  }
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return fail("malformed number in '" + std::string(text) + "'");
  }
  if (!std::isfinite(number)) return fail("'" + std::string(text) + "' is not a finite number");

  ParsedQuantity q = parse_unit(number, trim(s.substr(i)), text);
  if (q.ok && !std::isfinite(q.si_value)) {
    return fail("'" + std::string(text) + "' is too large to represent");
  }
  if (q.ok && (q.kind == QuantityKind::kNumber || q.kind == QuantityKind::kPercent)) {
    const int shift = q.kind == QuantityKind::kPercent ? -2 : 0;
    if (auto exact = scaled_decimal(digits, shift)) q.si_value = *exact;
    if (auto complement = decimal_complement(digits, shift)) q.complement = *complement;
    else q.complement = 1.0 - q.si_value;
  }
  return q;
}

namespace {

std::string regex_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (std::string_view(R"(\^$.|?*+()[]{}/)").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

template <class List>
std::string alternatives(const List& names) {
  std::string out = "(?:";
  bool first = true;
  for (const auto& n : names) {
    out += (first ? "" : "|") + regex_escaped(n);
    first = false;
  }
  return out + ")";
}

template <size_t N>
std::vector<std::string_view> names_of(const std::array<Unit, N>& units) {
  std::vector<std::string_view> out;
  for (const Unit& u : units) out.push_back(u.name);
  return out;
}

}  // namespace

std::string quantity_pattern(std::initializer_list<QuantityKind> kinds) {
  // parse_quantity's grammar: blanks, a number ('_' only between digits), blanks, the unit.
  const std::string kBlank = "[ \\t]*";
  const std::string digits = "[0-9](?:_?[0-9])*";
  const std::string number =
      "[+-]?(?:" + digits + "(?:\\.(?:" + digits + ")?)?|\\." + digits + ")(?:[eE][+-]?[0-9]+)?";
  const std::string multiplier = alternatives(names_of(kMultipliers));
  const std::string period = alternatives(names_of(kTimeUnits));
  const std::string per = kBlank + std::string("(?:/|per ") + kBlank + ")" + kBlank + period;
  // A count of events before a period: "", "5k", "k req", "req".
  const std::string events = "(?:" + multiplier + "(?:" + kBlank + alternatives(kEventNouns) + ")?|" +
                             alternatives(kEventNouns) + ")?";
  std::vector<std::string> units;
  for (const QuantityKind kind : kinds) {
    switch (kind) {
      case QuantityKind::kNumber: units.emplace_back(""); break;
      case QuantityKind::kCount: units.push_back(multiplier); break;
      case QuantityKind::kPercent: units.emplace_back("%"); break;
      case QuantityKind::kNines: units.emplace_back("nines?"); break;
      case QuantityKind::kDuration: units.push_back(period); break;
      case QuantityKind::kSize: units.push_back(alternatives(names_of(kSizeUnits))); break;
      case QuantityKind::kRate:
        units.push_back(alternatives(kPerSecondWords));
        units.push_back(multiplier + kBlank + alternatives(kPerSecondWords));
        units.push_back(events + per);
        break;
      case QuantityKind::kBandwidth:
        units.push_back(alternatives(names_of(kBitRateUnits)));
        units.push_back(alternatives(names_of(kSizeUnits)) + per);
        break;
    }
  }
  std::string unit;
  for (size_t i = 0; i < units.size(); ++i) unit += (i ? "|" : "") + units[i];
  return "^" + kBlank + number + kBlank + "(?:" + unit + ")" + kBlank + "$";
}

}  // namespace headroom::calc
