#include "calc/input/table_reader.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cmath>
#include <fmt/format.h>
#include <stdexcept>

#include "calc/base/spelling.hpp"

namespace headroom::calc {
namespace {

// Counts beyond this lose integer precision in a double and exceed any real system.
constexpr double kMaxCount = 1e15;

std::string format_number(double v) { return fmt::format("{:.15g}", v); }

// A schema example as a message shows it: "5 ms" (a TOML string) without its quotes.
std::string unquoted(std::string_view toml_value) {
  if (toml_value.size() >= 2 && toml_value.front() == '"' && toml_value.back() == '"')
    toml_value = toml_value.substr(1, toml_value.size() - 2);
  return std::string(toml_value);
}

}  // namespace

std::string_view describe_node(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

SourceLoc Diagnostics::loc(const toml::source_region& src) const {
  // Values that came from an override (--set, a sweep's --vary) carry it as their path; the
  // file is parsed without one.
  if (src.path && !src.path->empty()) return SourceLoc{*src.path, 0, 0};
  return SourceLoc{path_, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column)};
}

void Diagnostics::error(const toml::source_region& src, std::string key, std::string message,
                        std::string hint) {
  errors_.push_back(Diagnostic{loc(src), std::move(key), std::move(message), std::move(hint)});
}

void Diagnostics::warning(const toml::source_region& src, std::string key, std::string message) {
  warnings_.push_back(Diagnostic{loc(src), std::move(key), std::move(message), ""});
}

void Diagnostics::note_size(const ParsedQuantity& q) {
  if (q.prefix == SizePrefix::kBinary) ++binary_sizes_;
  if (q.prefix == SizePrefix::kDecimal) ++decimal_sizes_;
}

std::vector<Diagnostic> Diagnostics::take_errors() {
  // Report in file order; overrides (no line) last, in the order given.
  std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    const int la = a.loc && a.loc->line ? a.loc->line : INT_MAX;
    const int lb = b.loc && b.loc->line ? b.loc->line : INT_MAX;
    if (la != lb) return la < lb;
    const int ca = a.loc ? a.loc->column : 0, cb = b.loc ? b.loc->column : 0;
    return ca < cb;
  });
  return std::move(errors_);
}

TableReader::TableReader(const toml::table& table, std::string dotted,
                         std::string_view schema_table, Diagnostics& diagnostics)
    : table_(table),
      dotted_(std::move(dotted)),
      schema_table_(schema_table),
      specs_(keys_of(schema_table)),
      diag_(diagnostics) {}

bool TableReader::has(std::string_view key) const { return table_.contains(key); }

std::string TableReader::key_path(std::string_view key) const {
  if (key.empty()) return dotted_;
  return dotted_.empty() ? std::string(key) : dotted_ + "." + std::string(key);
}

SourceLoc TableReader::loc() const { return diag_.loc(table_.source()); }

SourceLoc TableReader::loc_of(std::string_view key) const {
  const toml::node* n = table_.get(key);
  return n ? diag_.loc(n->source()) : loc();
}

void TableReader::error(std::string_view key, std::string message, std::string hint) {
  const toml::node* n = table_.get(key);
  diag_.error(n ? n->source() : table_.source(), key_path(key), std::move(message),
              std::move(hint));
}

void TableReader::warning(std::string_view key, std::string message) {
  const toml::node* n = table_.get(key);
  diag_.warning(n ? n->source() : table_.source(), key_path(key), std::move(message));
}

const toml::node* TableReader::node(std::string_view key, ValueType type) {
#ifndef NDEBUG
  bool known = false;
  for (const KeySpec* k : specs_) known |= (k->key == key && k->type == type);
  assert(known && "the loader reads a key the schema does not list");
#else
  (void)type;
#endif
  return table_.get(key);
}

void TableReader::type_error(std::string_view key, const toml::node& n,
                             std::string_view expected) {
  error(key, fmt::format("expected {}, got {}", expected, describe_node(n)));
}

std::optional<std::string> TableReader::string(std::string_view key) {
  const toml::node* n = node(key, ValueType::kString);
  if (!n) return std::nullopt;
  if (!n->is_string()) return type_error(key, *n, "a string"), std::nullopt;
  return n->as_string()->get();
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* n = node(key, ValueType::kBool);
  if (!n) return std::nullopt;
  if (!n->is_boolean()) return type_error(key, *n, "true or false"), std::nullopt;
  return n->as_boolean()->get();
}

std::optional<std::vector<std::pair<std::string, SourceLoc>>> TableReader::string_list(
    std::string_view key) {
  const toml::node* n = node(key, ValueType::kStringList);
  if (!n) return std::nullopt;
  if (!n->is_array()) return type_error(key, *n, "an array of names"), std::nullopt;
  std::vector<std::pair<std::string, SourceLoc>> items;
  bool ok = true;
  for (const toml::node& item : *n->as_array()) {
    if (!item.is_string()) {
      diag_.error(item.source(), key_path(key),
                  fmt::format("expected a name (string), got {}", describe_node(item)));
      ok = false;
      continue;
    }
    items.emplace_back(item.as_string()->get(), diag_.loc(item.source()));
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<double> TableReader::plain_number(std::string_view key, const toml::node& n,
                                                std::string_view expected) {
  if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
  if (n.is_floating_point()) return n.as_floating_point()->get();
  if (!n.is_string()) return type_error(key, n, expected), std::nullopt;
  const ParsedQuantity q = parse_quantity(n.as_string()->get());
  if (!q.ok) return error(key, q.error, q.hint), std::nullopt;
  if (q.kind != QuantityKind::kNumber && q.kind != QuantityKind::kCount) {
    return error(key, fmt::format("expected {}, got {} '{}'", expected, describe(q.kind),
                                  n.as_string()->get())),
           std::nullopt;
  }
  return q.si_value;
}

const KeySpec& TableReader::spec(std::string_view key) const {
  for (const KeySpec* k : specs_)
    if (k->key == key) return *k;
  throw std::logic_error("the loader reads " + key_path(key) + ", which the schema does not list");
}

const Range& TableReader::range_of(std::string_view key) const {
  const KeySpec& k = spec(key);
  if (!k.range) throw std::logic_error("the schema gives " + key_path(key) + " no range");
  return *k.range;
}

std::optional<long long> TableReader::integer(std::string_view key) {
  const toml::node* n = node(key, ValueType::kInteger);
  if (!n) return std::nullopt;  // most keys are absent: no schema lookup for them
  const Range& range = range_of(key);
  const auto min = static_cast<long long>(range.min), max = static_cast<long long>(range.max);
  if (n->is_floating_point()) return type_error(key, *n, "a whole number"), std::nullopt;
  const std::optional<double> v = plain_number(key, *n, "a whole number");
  if (!v) return std::nullopt;
  if (*v != std::floor(*v)) {
    return error(key, fmt::format("expected a whole number, got {}", format_number(*v))),
           std::nullopt;
  }
  if (*v < static_cast<double>(min) || *v > static_cast<double>(max)) {
    return error(key, fmt::format("{} is out of range: expected {} to {}", format_number(*v), min,
                                  max)),
           std::nullopt;
  }
  return static_cast<long long>(*v);
}

std::optional<double> TableReader::number(std::string_view key) {
  const toml::node* n = node(key, ValueType::kNumber);
  if (!n) return std::nullopt;
  return ranged_number(key, *n, "a plain number");
}

TableReader::NumberOrTable TableReader::number_or_table(std::string_view key) {
  const toml::node* n = node(key, ValueType::kNumberOrTable);
  if (!n) return {};
  if (n->is_table()) return {std::nullopt, n->as_table()};
  return {ranged_number(key, *n, "a plain number or a table"), nullptr};
}

std::optional<double> TableReader::ranged_number(std::string_view key, const toml::node& node,
                                                 std::string_view expected) {
  const toml::node* n = &node;
  const Range& range = range_of(key);
  const double min = range.min, max = range.max;
  const bool min_exclusive = range.min_open;
  const std::optional<double> parsed = plain_number(key, *n, expected);
  if (!parsed) return std::nullopt;
  const double v = *parsed;
  if (!std::isfinite(v)) return error(key, "must be a finite number, got " + format_number(v)), std::nullopt;
  const double upper = std::min(max, kMaxCount);
  if ((min_exclusive ? v <= min : v < min) || v > upper) {
    const std::string low = min_exclusive ? "greater than " + format_number(min)
                                          : "at least " + format_number(min);
    return error(key, fmt::format("{} is out of range: expected {} and at most {}",
                                  format_number(v), low, format_number(upper))),
           std::nullopt;
  }
  return v;
}

std::optional<double> TableReader::ratio(std::string_view key) {
  const toml::node* n = node(key, ValueType::kRatio);
  if (!n) return std::nullopt;
  const Range range = spec(key).range.value_or(Range{0.0, 1.0});
  const double min = range.min, max = range.max;
  const bool min_exclusive = range.min_open, max_exclusive = range.max_open;
  double v = 0;
  if (n->is_integer() || n->is_floating_point()) {
    v = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                        : n->as_floating_point()->get();
  } else if (n->is_string()) {
    const ParsedQuantity q = parse_quantity(n->as_string()->get());
    if (!q.ok) return error(key, q.error, q.hint), std::nullopt;
    if (q.kind != QuantityKind::kNumber && q.kind != QuantityKind::kPercent) {
      return error(key, fmt::format("expected a ratio such as 0.7 or '70%', got {} '{}'",
                                    describe(q.kind), n->as_string()->get())),
             std::nullopt;
    }
    v = q.si_value;
  } else {
    return type_error(key, *n, "a ratio such as 0.7 or '70%'"), std::nullopt;
  }
  if (!std::isfinite(v)) return error(key, "must be a finite number, got " + format_number(v)), std::nullopt;
  const bool below = min_exclusive ? v <= min : v < min;
  const bool above = max_exclusive ? v >= max : v > max;
  if (below || above) {
    return error(key, fmt::format("ratio {} is out of range: expected {}{}, {}{}",
                                  format_number(v), min_exclusive ? "(" : "[", format_number(min),
                                  format_number(max), max_exclusive ? ")" : "]"),
                 v >= 10 && v <= 100 ? "write a percentage as a string: '" + format_number(v) + "%'"
                                   : ""),
           std::nullopt;
  }
  return v;
}

std::optional<formulas::Availability> TableReader::availability(std::string_view key) {
  const toml::node* n = node(key, ValueType::kAvailability);
  if (!n) return std::nullopt;
  if (n->is_integer() || n->is_floating_point()) {
    const double v = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                                     : n->as_floating_point()->get();
    if (!std::isfinite(v) || v <= 0 || v > 1) {
      return error(key, fmt::format("availability {} is out of range: expected (0, 1]",
                                    format_number(v)),
                   v >= 10 && v <= 100 ? "write a percentage as a string: '" + format_number(v) + "%'"
                                     : ""),
             std::nullopt;
    }
    // The shortest decimal that reads back as v is what the user wrote: complement it exactly.
    const ParsedQuantity q = parse_quantity(fmt::format("{}", v));
    return formulas::Availability{v, q.ok ? q.complement : 1.0 - v};
  }
  if (!n->is_string()) {
    return type_error(key, *n, "an availability such as 0.999, '99.9%' or '3 nines'"),
           std::nullopt;
  }
  const std::string& text = n->as_string()->get();
  const ParsedQuantity q = parse_quantity(text);
  if (!q.ok) return error(key, q.error, q.hint), std::nullopt;
  if (q.kind == QuantityKind::kNines) {
    if (!(q.si_value > 0)) {
      return error(key, fmt::format("'{}' is out of range: expected more than 0 nines", text)),
             std::nullopt;
    }
    // 1 − A = 10^−n, kept directly so that "9 nines" keeps its precision.
    const double down = std::pow(10.0, -q.si_value);
    return formulas::Availability{1.0 - down, down};
  }
  if (q.kind != QuantityKind::kNumber && q.kind != QuantityKind::kPercent) {
    return error(key, fmt::format("expected an availability such as '99.9%' or '3 nines', got "
                                  "{} '{}'",
                                  describe(q.kind), text)),
           std::nullopt;
  }
  if (q.si_value <= 0 || q.si_value > 1) {
    return error(key, fmt::format("availability '{}' is out of range: expected more than 0% "
                                  "and at most 100%",
                                  text)),
           std::nullopt;
  }
  return formulas::Availability{q.si_value, q.complement};
}

std::optional<double> TableReader::dimensioned(std::string_view key, ValueType type,
                                               QuantityKind want, bool allow_zero) {
  const toml::node* n = node(key, type);
  if (!n) return std::nullopt;
  const std::string example = unquoted(spec(key).example);
  if (n->is_integer() || n->is_floating_point()) {
    const double v = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                                     : n->as_floating_point()->get();
    if (!std::isfinite(v)) return error(key, "must be a finite value, got " + format_number(v)), std::nullopt;
    return error(key, fmt::format("{} needs a unit, got the bare number {}", describe(want),
                                  format_number(v)),
                 fmt::format("write it as a string with a unit, e.g. '{}'", example)),
           std::nullopt;
  }
  if (!n->is_string()) {
    return type_error(key, *n, fmt::format("{} such as '{}'", describe(want), example)),
           std::nullopt;
  }
  const std::string& text = n->as_string()->get();
  const ParsedQuantity q = parse_quantity(text);
  if (!q.ok) return error(key, q.error, q.hint), std::nullopt;
  if (q.kind == QuantityKind::kNumber) {
    return error(key, fmt::format("{} needs a unit, got '{}'", describe(want), text),
                 fmt::format("e.g. '{}'", example)),
           std::nullopt;
  }
  if (q.kind != want) {
    return error(key, fmt::format("expected {} such as '{}', got {} '{}'", describe(want),
                                  example, describe(q.kind), text)),
           std::nullopt;
  }
  diag_.note_size(q);
  if (q.si_value < 0 || (!allow_zero && q.si_value == 0)) {
    return error(key, fmt::format("{} must be {}, got '{}'", describe(want),
                                  allow_zero ? "zero or more" : "greater than zero", text)),
           std::nullopt;
  }
  return q.si_value;
}

std::optional<Duration> TableReader::duration(std::string_view key) {
  const std::optional<Range>& range = spec(key).range;
  const bool allow_zero = range && range->min == 0 && !range->min_open;
  auto v = dimensioned(key, ValueType::kDuration, QuantityKind::kDuration, allow_zero);
  if (v && range && *v > range->max) {
    return error(key, fmt::format("{} s is out of range: expected at most {} s", format_number(*v),
                                  format_number(range->max))),
           std::nullopt;
  }
  return v ? std::optional(Duration(*v)) : std::nullopt;
}

std::optional<Bytes> TableReader::size(std::string_view key) {
  auto v = dimensioned(key, ValueType::kSize, QuantityKind::kSize, false);
  return v ? std::optional(Bytes(*v)) : std::nullopt;
}

std::optional<Rate> TableReader::rate(std::string_view key) {
  auto v = dimensioned(key, ValueType::kRate, QuantityKind::kRate, false);
  return v ? std::optional(Rate(*v)) : std::nullopt;
}

std::optional<BytesPerSecond> TableReader::bandwidth(std::string_view key) {
  auto v = dimensioned(key, ValueType::kBandwidth, QuantityKind::kBandwidth, false);
  return v ? std::optional(BytesPerSecond(*v)) : std::nullopt;
}

std::optional<CheckBound> TableReader::quantity(std::string_view key) {
  const toml::node* n = node(key, ValueType::kQuantity);
  if (!n) return std::nullopt;
  CheckBound bound;
  bound.loc = diag_.loc(n->source());
  if (n->is_integer() || n->is_floating_point()) {
    const double v = n->is_integer() ? static_cast<double>(n->as_integer()->get())
                                     : n->as_floating_point()->get();
    if (!std::isfinite(v)) return error(key, "must be a finite number, got " + format_number(v)), std::nullopt;
    bound.quantity = ParsedQuantity{true, QuantityKind::kNumber, v, 1.0 - v, "", ""};
    bound.text = format_number(v);
    return bound;
  }
  if (!n->is_string()) return type_error(key, *n, "a number or a value with a unit"), std::nullopt;
  bound.text = n->as_string()->get();
  bound.quantity = parse_quantity(bound.text);
  if (!bound.quantity.ok) return error(key, bound.quantity.error, bound.quantity.hint), std::nullopt;
  return bound;
}

std::optional<CheckBound> TableReader::quantity_or_word(std::string_view key, std::string& word) {
  word.clear();
  const toml::node* n = node(key, ValueType::kQuantity);
  if (!n) return std::nullopt;
  if (const auto* s = n->as_string(); s && spec(key).choices) {
    for (const std::string& choice : spec(key).choices())
      if (s->get() == choice) {
        word = choice;
        return CheckBound{};
      }
  }
  return quantity(key);
}

std::optional<std::vector<CheckBound>> TableReader::quantity_list(std::string_view key) {
  const toml::node* n = node(key, ValueType::kQuantityList);
  if (!n) return std::nullopt;
  if (!n->is_array()) return type_error(key, *n, "an array of values"), std::nullopt;
  std::vector<CheckBound> out;
  for (const toml::node& item : *n->as_array()) {
    CheckBound b;
    b.loc = diag_.loc(item.source());
    if (item.is_integer() || item.is_floating_point()) {
      const double v = item.is_integer() ? static_cast<double>(item.as_integer()->get())
                                         : item.as_floating_point()->get();
      b.text = format_number(v);
      b.quantity = parse_quantity(b.text);
    } else if (item.is_string()) {
      b.text = item.as_string()->get();
      b.quantity = parse_quantity(b.text);
    } else {
      diag_.error(item.source(), key_path(key),
                  fmt::format("expected a number or a value with a unit, got {}", describe_node(item)));
      continue;
    }
    if (!b.quantity.ok) {
      diag_.error(item.source(), key_path(key), b.quantity.error, b.quantity.hint);
      continue;
    }
    out.push_back(std::move(b));
  }
  return out;
}

std::optional<std::vector<std::pair<std::array<double, 2>, SourceLoc>>> TableReader::number_pairs(
    std::string_view key) {
  const toml::node* n = node(key, ValueType::kNumberPairs);
  if (!n) return std::nullopt;
  if (!n->is_array()) return type_error(key, *n, "an array of [x, y] pairs"), std::nullopt;
  std::vector<std::pair<std::array<double, 2>, SourceLoc>> out;
  bool ok = true;
  for (const toml::node& item : *n->as_array()) {
    const toml::array* pair = item.as_array();
    if (!pair || pair->size() != 2) {
      diag_.error(item.source(), key_path(key),
                  fmt::format("expected a pair [x, y], got {}", pair ? fmt::format("{} values", pair->size())
                                                                     : std::string(describe_node(item))));
      ok = false;
      continue;
    }
    std::array<double, 2> v{};
    for (size_t i = 0; i < 2; ++i) {
      const toml::node& e = *pair->get(i);
      std::optional<double> x;
      if (e.is_integer()) x = static_cast<double>(e.as_integer()->get());
      else if (e.is_floating_point()) x = e.as_floating_point()->get();
      else if (e.is_string()) {
        const ParsedQuantity q = parse_quantity(e.as_string()->get());
        if (q.ok && (q.kind == QuantityKind::kNumber || q.kind == QuantityKind::kCount)) x = q.si_value;
      }
      if (!x || !std::isfinite(*x)) {
        diag_.error(e.source(), key_path(key), fmt::format("expected a finite number, got {}", describe_node(e)));
        ok = false;
        break;
      }
      v[i] = *x;
    }
    out.emplace_back(v, diag_.loc(item.source()));
  }
  if (!ok) return std::nullopt;
  return out;
}

namespace {

std::string unknown_choice_hint(const std::string& text, const std::vector<std::string>& names) {
  const std::string suggestion = did_you_mean(text, names);
  return suggestion.empty() ? fmt::format("expected one of: {}", fmt::join(names, ", ")) : suggestion;
}

}  // namespace

void TableReader::check_choices(std::string_view key, const std::vector<std::string>& names) const {
  const KeySpec& k = spec(key);
  if (!k.choices || k.choices() != names)
    throw std::logic_error("the schema's choices for " + key_path(key) + " are not the loader's");
}

std::optional<size_t> TableReader::choice_index(std::string_view key,
                                                const std::vector<std::string>& names) {
  const std::optional<std::string> text = string(key);
  if (!text) return std::nullopt;
  check_choices(key, names);
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == *text) return i;
  error(key, fmt::format("unknown {} '{}'", key, *text), unknown_choice_hint(*text, names));
  return std::nullopt;
}

std::optional<std::vector<size_t>> TableReader::choice_indices(std::string_view key,
                                                               const std::vector<std::string>& names) {
  const auto list = string_list(key);
  if (!list) return std::nullopt;
  check_choices(key, names);
  std::vector<size_t> out;
  bool ok = true;
  for (const auto& [text, loc] : *list) {
    const auto it = std::find(names.begin(), names.end(), text);
    if (it == names.end()) {
      // "policies" → "unknown policy 'lfru'"
      std::string one(key);
      if (one.size() > 3 && one.compare(one.size() - 3, 3, "ies") == 0) one.replace(one.size() - 3, 3, "y");
      else if (one.size() > 1 && one.back() == 's') one.pop_back();
      diag_.add(Diagnostic{loc, key_path(key), fmt::format("unknown {} '{}'", one, text),
                           unknown_choice_hint(text, names)});
      ok = false;
    } else if (std::find(out.begin(), out.end(), static_cast<size_t>(it - names.begin())) != out.end()) {
      diag_.add(Diagnostic{loc, key_path(key), fmt::format("'{}' is listed twice", text), ""});
      ok = false;
    } else {
      out.push_back(static_cast<size_t>(it - names.begin()));
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

const toml::table* TableReader::table(std::string_view key) {
  const toml::node* n = node(key, ValueType::kTable);
  if (!n) return nullptr;
  if (!n->is_table()) return type_error(key, *n, "a table"), nullptr;
  return n->as_table();
}

const toml::array* TableReader::table_array(std::string_view key) {
  const toml::node* n = node(key, ValueType::kTableArray);
  if (!n) return nullptr;
  if (!n->is_array_of_tables()) {
    return type_error(key, *n, fmt::format("an array of tables ([[{}]])", key_path(key))), nullptr;
  }
  return n->as_array();
}

void TableReader::finish() {
  for (auto&& [k, v] : table_) {
    const std::string_view key = k.str();
    if (std::any_of(specs_.begin(), specs_.end(), [&](const KeySpec* s) { return s->key == key; }))
      continue;
    const std::string name(key);
    std::vector<std::string> known;
    for (const KeySpec* spec : specs_) known.emplace_back(spec->key);
    diag_.error(k.source(), key_path(name), "unknown key", did_you_mean(name, known));
  }
}

}  // namespace headroom::calc
