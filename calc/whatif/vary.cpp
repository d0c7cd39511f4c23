#include "calc/whatif/vary.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "calc/base/error.hpp"
#include "calc/base/spelling.hpp"

namespace headroom::calc {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_numeric(ValueType t) {
  switch (t) {
    case ValueType::kInteger:
    case ValueType::kNumber:
    case ValueType::kRatio:
    case ValueType::kAvailability:
    case ValueType::kDuration:
    case ValueType::kSize:
    case ValueType::kRate:
    case ValueType::kBandwidth:
    case ValueType::kQuantity:
    case ValueType::kNumberOrTable:
      return true;
    default:
      return false;
  }
}

// A number as people and TOML write it: 15 significant digits, so that 0.1 + 0.2 is 0.3.
std::string number_text(double v) {
  std::string s = fmt::format("{:.15g}", v == 0.0 ? 0.0 : v);
  return s;
}

}  // namespace

bool split_number(std::string_view like, double& number, std::string& unit) {
  like = trim(like);
  size_t end = 0;
  if (end < like.size() && (like[end] == '-' || like[end] == '+')) ++end;
  while (end < like.size() && ((like[end] >= '0' && like[end] <= '9') || like[end] == '.')) ++end;
  if (end + 1 < like.size() && (like[end] == 'e' || like[end] == 'E') &&
      ((like[end + 1] >= '0' && like[end + 1] <= '9') || like[end + 1] == '-' || like[end + 1] == '+')) {
    end += 2;
    while (end < like.size() && like[end] >= '0' && like[end] <= '9') ++end;
  }
  std::string digits(like.substr(like[0] == '+' ? 1 : 0, end - (like[0] == '+' ? 1 : 0)));
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return false;
  unit = std::string(like.substr(end));
  return true;
}

VariedValue value_like(double value, std::string_view like) {
  double number = 0;
  std::string unit;
  split_number(like, number, unit);
  VariedValue v;
  v.label = number_text(value) + unit;
  if (unit.empty()) {
    v.toml = v.label;  // a TOML integer or float, as it is written
  } else {
    v.toml = "\"" + v.label + "\"";
  }
  const ParsedQuantity q = parse_quantity(v.label);
  if (q.ok) v.si = q.si_value;
  return v;
}

const KeySpec& varied_key(std::string_view key, std::string_view option) {
  const KeySpec* spec = find_key(key);
  if (!spec) {
    // The nearest known key in the last table the path reaches.
    const std::string_view last = key.substr(key.rfind('.') == std::string_view::npos ? 0 : key.rfind('.') + 1);
    const std::string hint = did_you_mean(last, keys_near(key));
    throw Error::usage(fmt::format("{}: no key '{}' in headroom's format", option, key),
                       hint.empty() ? "keys are dotted paths as --set takes them, e.g. budget.stage.db.servers" : hint);
  }
  if (spec->type == ValueType::kTable || spec->type == ValueType::kTableArray)
    throw Error::usage(fmt::format("{}: '{}' is a table; name a key inside it", option, key));
  return *spec;
}

Range1 parse_range(std::string_view key, std::string_view text, std::string_view option) {
  Range1 r;
  const size_t dots = text.find("..");
  if (dots == std::string_view::npos)
    throw Error::usage(fmt::format("{} {}: expected FROM..TO, got '{}'", option, key, text),
                       "e.g. 1..64, \"1 GiB..64 GiB:x2\", 10ms..200ms:20");
  std::string_view rest = text.substr(dots + 2);
  const size_t colon = rest.rfind(':');
  std::string_view step;
  if (colon != std::string_view::npos) step = trim(rest.substr(colon + 1)), rest = rest.substr(0, colon);
  r.from_text = std::string(trim(text.substr(0, dots)));
  r.to_text = std::string(trim(rest));
  r.from = parse_quantity(r.from_text);
  r.to = parse_quantity(r.to_text);
  for (const auto& [q, t] : {std::pair{&r.from, &r.from_text}, std::pair{&r.to, &r.to_text}}) {
    double number = 0;
    std::string unit;
    if (!q->ok || !split_number(*t, number, unit))
      throw Error::usage(fmt::format("{} {}: '{}' is not a number with a unit{}", option, key, *t,
                                     q->error.empty() ? "" : ": " + q->error),
                         q->hint);
  }
  auto plain = [](QuantityKind k) { return k == QuantityKind::kNumber || k == QuantityKind::kCount; };
  if (r.from.kind != r.to.kind && !(plain(r.from.kind) && plain(r.to.kind)))
    throw Error::usage(fmt::format("{} {}: '{}' is {} and '{}' is {}", option, key, r.from_text,
                                   describe(r.from.kind), r.to_text, describe(r.to.kind)));
  if (r.from.si_value > r.to.si_value)
    throw Error::usage(fmt::format("{} {}: FROM '{}' is above TO '{}'", option, key, r.from_text, r.to_text),
                       fmt::format("write {}..{}", r.to_text, r.from_text));
  if (!step.empty()) {
    double v = 0;
    const bool geometric = step[0] == 'x';
    const std::string digits(geometric ? step.substr(1) : step);
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || ptr != digits.data() + digits.size() || !std::isfinite(v))
      throw Error::usage(fmt::format("{} {}: the step ':{}' is not :N (a count) or :xF (a factor)", option, key, step),
                         "e.g. :10 for ten values, :x2 to double each time");
    if (geometric) {
      if (v <= 1)
        throw Error::usage(fmt::format("{} {}: a factor of {} does not grow; give one above 1", option, key, digits));
      if (r.from.si_value <= 0)
        throw Error::usage(fmt::format("{} {}: a geometric range starts above 0, not at '{}'", option, key, r.from_text));
      r.factor = v;
    } else {
      if (v != std::floor(v) || v < 0)
        throw Error::usage(fmt::format("{} {}: the step count ':{}' is not a whole number", option, key, digits));
      if (v == 0) throw Error::usage(fmt::format("{} {}: a step count of 0 gives no values", option, key));
      if (v == 1 && r.from.si_value != r.to.si_value)
        throw Error::usage(fmt::format("{} {}: one value cannot span {}..{}", option, key, r.from_text, r.to_text),
                           "give at least :2");
      r.steps = v;
    }
  }
  return r;
}

WrittenRange written_range(const Range1& r) {
  double from = 0, to = 0;
  std::string from_unit, to_unit;
  split_number(r.from_text, from, from_unit);
  split_number(r.to_text, to, to_unit);
  const bool from_is_unit = from != 0 || to == 0;
  const double scale = from_is_unit ? (from != 0 ? r.from.si_value / from : 1.0) : r.to.si_value / to;
  return WrittenRange{from_is_unit ? r.from_text : r.to_text, r.from.si_value / scale, r.to.si_value / scale};
}

Variation parse_variation(std::string_view arg, std::string_view option, double max_points) {
  const size_t eq = arg.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw Error::usage(fmt::format("{} expects KEY=FROM..TO[:N|:xF] or KEY=[a,b,c], got '{}'", option, arg),
                       "e.g. --vary budget.stage.db.servers=2..16 --vary 'cache.capacity=1GiB..64GiB:x2'");
  Variation v;
  v.key = std::string(trim(arg.substr(0, eq)));
  v.spec = &varied_key(v.key, option);
  const std::string_view text = trim(arg.substr(eq + 1));
  if (!text.empty() && text.front() == '[') {
    if (text.back() != ']')
      throw Error::usage(fmt::format("{} {}: a list ends with ']'", option, v.key), "e.g. [ketama, jump, maglev]");
    std::string_view items = text.substr(1, text.size() - 2);
    while (true) {
      const size_t comma = items.find(',');
      const std::string_view item = trim(items.substr(0, comma));
      if (item.empty()) throw Error::usage(fmt::format("{} {}: an empty item in the list", option, v.key));
      VariedValue value;
      const bool quoted = item.size() >= 2 && item.front() == '"' && item.back() == '"';
      value.label = std::string(quoted ? item.substr(1, item.size() - 2) : item);
      // As --set reads a value: TOML when it is one (a number, true), a string otherwise.
      value.toml = std::string(item);
      const ParsedQuantity q = parse_quantity(value.label);
      if (q.ok) value.si = q.si_value;
      v.values.push_back(std::move(value));
      if (static_cast<double>(v.values.size()) > max_points)
        throw Error::usage(fmt::format("{} {}: more than {:.0f} values", option, v.key, max_points));
      if (comma == std::string_view::npos) break;
      items = items.substr(comma + 1);
    }
    return v;
  }
  if (!is_numeric(v.spec->type))
    throw Error::usage(fmt::format("{} {}: the key is not a number, so it takes a list, not a range", option, v.key),
                       fmt::format("e.g. {}=[{}]", v.key, v.spec->example.empty() ? "a, b" : std::string(v.spec->example)));
  const Range1 r = parse_range(v.key, text, option);
  v.kind = r.from.kind;
  const WrittenRange written = written_range(r);
  const std::string& like = written.like;
  const double lo = written.lo, hi = written.hi;
  double count = 0;
  if (r.factor) {
    v.geometric = true;
    count = std::floor(std::log(hi / lo) / std::log(*r.factor) + 1e-9) + 1;
  } else if (r.steps) {
    count = *r.steps;
  } else {
    if (lo != std::floor(lo) || hi != std::floor(hi))
      throw Error::usage(fmt::format("{} {}: {}..{} has no whole steps; give :N or :xF", option, v.key, r.from_text, r.to_text),
                         fmt::format("e.g. {}={}..{}:10", v.key, r.from_text, r.to_text));
    count = hi - lo + 1;
  }
  if (count > max_points)
    throw Error::usage(fmt::format("{} {}: {:.0f} values, more than {:.0f}", option, v.key, count, max_points),
                       max_points < kMaxForcedSweepPoints ? "use fewer steps, or --force" : "use fewer steps");
  const auto n = static_cast<size_t>(count);
  for (size_t i = 0; i < n; ++i) {
    const double x = r.factor ? lo * std::pow(*r.factor, static_cast<double>(i))
                     : n == 1 ? lo
                     : r.steps ? lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(n - 1)
                               : lo + static_cast<double>(i);
    v.values.push_back(value_like(x, like));
  }
  return v;
}

std::vector<Variation> parse_variations(const std::vector<std::string>& args, std::string_view option,
                                        double max_points) {
  std::vector<Variation> keys;
  for (const std::string& v : args) {
    keys.push_back(parse_variation(v, option, max_points));
    for (size_t k = 0; k + 1 < keys.size(); ++k)
      if (keys[k].key == keys.back().key) throw Error::usage(fmt::format("{} {} is given twice", option, keys.back().key));
  }
  return keys;
}

}  // namespace headroom::calc
