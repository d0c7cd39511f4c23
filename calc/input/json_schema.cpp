#include "calc/input/json_schema.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>
#include <toml++/toml.h>

#include "calc/input/quantity_parser.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {
namespace {

using Json = nlohmann::ordered_json;
using Q = QuantityKind;

// A TOML value as JSON: what an editor's TOML-to-JSON view of the same text gives.
Json to_json(const toml::node& n) {
  if (const auto* s = n.as_string()) return s->get();
  if (const auto* i = n.as_integer()) return i->get();
  if (const auto* f = n.as_floating_point()) return f->get();
  if (const auto* b = n.as_boolean()) return b->get();
  if (const auto* a = n.as_array()) {
    Json out = Json::array();
    for (const toml::node& item : *a) out.push_back(to_json(item));
    return out;
  }
  if (const auto* t = n.as_table()) {
    Json out = Json::object();
    for (auto&& [k, v] : *t) out[std::string(k.str())] = to_json(v);
    return out;
  }
  throw std::logic_error("the schema's defaults and examples hold no dates");
}

// A value as the schema table writes it (TOML), as JSON.
Json toml_value(std::string_view text) {
  const toml::table t = toml::parse("v = " + std::string(text));
  return to_json(*t.get("v"));
}

std::string child_table(const KeySpec& k) {
  return k.table.empty() ? std::string(k.key) : std::string(k.table) + "." + std::string(k.key);
}

// A JSON number in `range`; `integer` for whole numbers.
Json number(const std::optional<Range>& range, bool integer) {
  Json out = {{"type", integer ? "integer" : "number"}};
  if (!range) return out;
  out[range->min_open ? "exclusiveMinimum" : "minimum"] = range->min;
  out[range->max_open ? "exclusiveMaximum" : "maximum"] = range->max;
  return out;
}

Json pattern(std::initializer_list<QuantityKind> kinds) {
  return {{"type", "string"}, {"pattern", quantity_pattern(kinds)}};
}

Json any_of(Json a, Json b) { return {{"anyOf", Json::array({std::move(a), std::move(b)})}}; }

Json object_of(const std::string& table);

// The schema of one value of `type` (a key's, or each entry's of a name-keyed table).
Json value_of(const KeySpec& k, ValueType type) {
  switch (type) {
    case ValueType::kString: {
      Json out = {{"type", "string"}};
      if (k.choices) out["enum"] = k.choices();
      return out;
    }
    case ValueType::kBool: return {{"type", "boolean"}};
    case ValueType::kStringList: {
      Json item = {{"type", "string"}};
      if (k.choices) item["enum"] = k.choices();
      return {{"type", "array"}, {"items", item}};
    }
    case ValueType::kInteger: return any_of(number(k.range, true), pattern({Q::kNumber, Q::kCount}));
    case ValueType::kNumber: return any_of(number(k.range, false), pattern({Q::kNumber, Q::kCount}));
    case ValueType::kRatio:
      return any_of(number(k.range.value_or(Range{0, 1}), false), pattern({Q::kNumber, Q::kPercent}));
    case ValueType::kAvailability:
      return any_of(number(Range{0, 1, /*min_open=*/true}, false), pattern({Q::kNumber, Q::kPercent, Q::kNines}));
    case ValueType::kDuration: return pattern({Q::kDuration});
    case ValueType::kSize: return pattern({Q::kSize});
    case ValueType::kRate: return pattern({Q::kRate});
    case ValueType::kBandwidth: return pattern({Q::kBandwidth});
    case ValueType::kQuantity:
      return any_of({{"type", "number"}}, pattern({Q::kNumber, Q::kCount, Q::kPercent, Q::kNines, Q::kDuration,
                                                   Q::kSize, Q::kRate, Q::kBandwidth}));
    case ValueType::kQuantityList: return {{"type", "array"}, {"items", value_of(k, ValueType::kQuantity)}};
    case ValueType::kNumberPairs: {
      const Json x = any_of({{"type", "number"}}, pattern({Q::kNumber, Q::kCount}));
      return {{"type", "array"},
              {"items", {{"type", "array"}, {"items", x}, {"minItems", 2}, {"maxItems", 2}}}};
    }
    case ValueType::kNumberOrTable: return any_of(number(k.range, false), object_of(child_table(k)));
    case ValueType::kTable: {
      if (!k.entries) return object_of(child_table(k));
      // The loaders of name-keyed tables read a number entry as a TOML number only ("1.5k" is
      // refused there), so the schema says the same.
      return {{"type", "object"},
              {"additionalProperties", *k.entries == ValueType::kNumber ? number(k.range, false) : value_of(k, *k.entries)}};
    }
    case ValueType::kTableArray:
      return {{"type", "array"}, {"items", object_of(child_table(k) + "[]")}};
  }
  throw std::logic_error("a value type the schema does not write");
}

Json key_schema(const KeySpec& k) {
  Json out = {{"description", std::string(k.help)}};
  if (!k.default_value.empty()) out["default"] = toml_value(k.default_value);
  if (!k.example.empty()) out["examples"] = Json::array({toml_value(k.example)});
  Json value = value_of(k, k.type);  // (kept: a temporary's items() would dangle)
  // A number or quantity that may also be a word ("fill"): the words are one more choice.
  if (k.choices && k.type != ValueType::kString && k.type != ValueType::kStringList)
    value = any_of(value, {{"enum", k.choices()}});
  for (const auto& [name, v] : value.items()) out[name] = v;
  return out;
}

// A table of the schema: its keys, nothing else; a table of named entries ("components.*")
// takes any name, each entry a table of the pattern's keys.
Json object_of(const std::string& table) {
  Json out = {{"type", "object"}};
  Json properties = Json::object();
  for (const KeySpec* k : keys_of(table)) properties[std::string(k->key)] = key_schema(*k);
  if (!properties.empty()) out["properties"] = std::move(properties);
  const std::string named = table.empty() ? "*" : table + ".*";
  out["additionalProperties"] = keys_of(named).empty() ? Json(false) : object_of(named);
  return out;
}

}  // namespace

std::string json_schema(std::string_view version) {
  Json doc = {
      {"$schema", "http://json-schema.org/draft-07/schema#"},
      {"title", "headroom model"},
      {"description", "A headroom capacity model (TOML), generated by `headroom schema` from headroom " +
                          std::string(version) +
                          ". Units are strings: \"250 ms\", \"4 KiB\", \"5k/s\", \"99.9%\", \"3 nines\"."},
  };
  const Json root = object_of("");
  for (const auto& [name, value] : root.items()) doc[name] = value;
  return doc.dump(2) + "\n";
}

}  // namespace headroom::calc
