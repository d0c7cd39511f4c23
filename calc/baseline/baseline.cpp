#include "calc/baseline/baseline.hpp"

#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "calc/base/error.hpp"
#include "calc/report/analysis.hpp"

namespace headroom::calc {
namespace {

using json = nlohmann::json;

// A report nests about eight deep; anything past this is not one (and would recurse deeply).
constexpr int kMaxDepth = 32;

[[noreturn]] void refuse(const std::string& path, const std::string& message, std::string hint = "") {
  if (hint.empty()) hint = "make it with `headroom report FILE --format json > " + path + "`";
  throw Error::at(SourceLoc{path, 0, 0}, "--baseline", std::move(message), std::move(hint));
}

// A member's value as it could appear in an item's key: a string as is, a number as %.15g
// and, when whole, without an exponent ("1000000" for 1e+06). Empty: not a scalar.
std::vector<std::string> key_texts(const Node& n) {
  if (n.type() == Node::Type::kString) return {n.as_string()};
  if (n.type() != Node::Type::kNumber) return {};
  const double v = n.as_number();
  std::vector<std::string> out = {fmt::format("{:.15g}", v)};
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e18) out.push_back(fmt::format("{:.0f}", v));
  return out;
}

// `text` appears in `key` as a whole token: not inside a longer run of digits or of letters
// ("100" in "lru@100" and "1" in "k1", but not "0" in "lru@100").
bool shows_in(const std::string& key, const std::string& text) {
  if (text.empty()) return false;
  auto kind = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isdigit(u) ? 1 : std::isalpha(u) ? 2 : 0;
  };
  for (size_t at = key.find(text); at != std::string::npos; at = key.find(text, at + 1)) {
    const int first = kind(text.front()), last = kind(text.back());
    const bool left = at == 0 || first == 0 || kind(key[at - 1]) != first;
    const size_t end = at + text.size();
    const bool right = end == key.size() || last == 0 || kind(key[end]) != last;
    if (left && right) return true;
  }
  return false;
}

// The identity of a current report's item: the chosen members' values, as in its key.
std::string identity_of(const Node& item, const std::vector<std::string>& members) {
  std::string id;
  for (const std::string& m : members) id += key_texts(*item.find(m)).front() + '\x1f';
  return id;
}

// The members of `items` (objects) whose value shows in every item's key: what identifies an
// item. Empty when none does (grid points keyed by a formatted time, say).
std::vector<std::string> identity_members(const Node& array) {
  const auto& items = array.keyed_items();
  if (items.empty() || !items.front().second.is_object()) return {};
  std::vector<std::string> members;
  for (const auto& [name, value] : items.front().second.members()) {
    bool everywhere = true;
    for (const auto& [key, item] : items) {
      const Node* m = item.is_object() ? item.find(name) : nullptr;
      bool shows = false;
      if (m)
        for (const std::string& t : key_texts(*m)) shows = shows || shows_in(key, t);
      if (!shows) {
        everywhere = false;
        break;
      }
    }
    if (everywhere) members.push_back(name);
  }
  // The fewest of them that tell the items apart: one (a name), else two (a policy and its
  // capacity), else all (a value that happens to show in the key stays out when it can).
  auto distinct = [&](const std::vector<std::string>& chosen) {
    std::set<std::string> seen;
    for (const auto& [key, item] : items)
      if (!seen.insert(identity_of(item, chosen)).second) return false;
    return true;
  };
  for (const std::string& m : members)
    if (distinct({m})) return {m};
  for (size_t a = 0; a < members.size(); ++a)
    for (size_t b = a + 1; b < members.size(); ++b)
      if (distinct({members[a], members[b]})) return {members[a], members[b]};
  return distinct(members) ? members : std::vector<std::string>{};
}

std::string identity_of(const json& item, const std::vector<std::string>& members) {
  std::string id;
  for (const std::string& m : members) {
    const auto it = item.find(m);
    if (it == item.end()) return {};
    if (it->is_string()) id += it->get<std::string>();
    else if (it->is_number()) id += fmt::format("{:.15g}", it->get<double>());
    else return {};
    id += '\x1f';
  }
  return id;
}

Node convert(const json& j, const Node* current, int depth, const std::string& path);

Node convert_array(const json& j, const Node* current, int depth, const std::string& path) {
  Node out = Node::array();
  const bool keyed = current && current->is_array();
  const std::vector<std::string> members = keyed ? identity_members(*current) : std::vector<std::string>{};
  std::map<std::string, std::pair<std::string, const Node*>> by_identity;  // identity → current key, item
  if (!members.empty()) {
    for (const auto& [key, item] : current->keyed_items()) by_identity[identity_of(item, members)] = {key, &item};
  }
  size_t index = 0;
  for (const json& item : j) {
    std::string key;
    const Node* match = nullptr;
    if (!members.empty() && item.is_object()) {
      const auto it = by_identity.find(identity_of(item, members));
      if (it != by_identity.end()) key = it->second.first, match = it->second.second;
    } else if (members.empty() && keyed && current->keyed_items().size() == j.size()) {
      // No identity (points of a grid the file sets): the same place in an array of the same
      // length is the same item.
      key = current->keyed_items()[index].first, match = &current->keyed_items()[index].second;
    }
    if (key.empty()) {
      // An item the current report does not have: keyed by its name when it has one, so it
      // shows as removed by name.
      const auto name = item.is_object() ? item.find("name") : item.end();
      key = item.is_object() && name != item.end() && name->is_string() ? name->get<std::string>()
                                                                          : "#" + std::to_string(index);
    }
    out.push(convert(item, match, depth + 1, path), key);
    ++index;
  }
  return out;
}

Node convert(const json& j, const Node* current, int depth, const std::string& path) {
  if (depth > kMaxDepth) refuse(path, fmt::format("nests deeper than {} levels; a headroom report does not", kMaxDepth));
  switch (j.type()) {
    case json::value_t::object: {
      Node out = Node::object();
      for (auto it = j.begin(); it != j.end(); ++it) {
        const Node* mine = current && current->is_object() ? current->find(it.key()) : nullptr;
        out.add(it.key(), convert(it.value(), mine, depth + 1, path));
      }
      return out;
    }
    case json::value_t::array: return convert_array(j, current, depth, path);
    case json::value_t::string: return Node::string(j.get<std::string>());
    case json::value_t::boolean: return Node::boolean(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: {
      const Unit unit = current && current->type() == Node::Type::kNumber ? current->unit() : Unit::kNone;
      return Node::number(j.get<double>(), unit);
    }
    default: return Node::null();
  }
}

// Every number under `root` by path, in document order.
void numbers(const Node& node, const std::string& prefix, std::vector<std::pair<std::string, const Node*>>& out) {
  auto child = [&](std::string_view step) { return prefix.empty() ? path_step(step) : prefix + "." + path_step(step); };
  if (node.is_object()) {
    for (const auto& [k, v] : node.members()) numbers(v, child(k), out);
  } else if (node.is_array()) {
    for (const auto& [k, v] : node.keyed_items()) numbers(v, child(k), out);
  } else if (node.type() == Node::Type::kNumber) {
    out.push_back({prefix, &node});
  }
}

}  // namespace

Baseline read_baseline(std::string_view text, const std::string& path, const Node& current) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {  // a parse error, or a number past a double's range
    refuse(path, fmt::format("not JSON ({})", e.what()));
  }
  if (!j.is_object()) refuse(path, "not a headroom report: the document is not a JSON object");
  const auto version = j.find("schema_version");
  if (version == j.end()) refuse(path, "not a headroom report: it has no schema_version");
  if (!version->is_number_integer() || version->get<long long>() != kSchemaVersion) {
    refuse(path, fmt::format("schema_version {}; this headroom reads reports of schema_version {}", version->dump(),
                             kSchemaVersion),
           "make the baseline again with this headroom: `headroom report FILE --format json`");
  }
  for (const char* other : {"checks", "sweep", "solve", "valid", "topics", "topic"}) {
    if (j.contains(other)) {
      refuse(path, fmt::format("not a headroom report: it is the output of another command (it has \"{}\")", other));
    }
  }
  bool has_analysis = false;
  for (const Analysis& a : analyses()) has_analysis = has_analysis || j.contains(std::string(a.name));
  if (!has_analysis) refuse(path, "not a headroom report: it has none of the analyses' results");
  Baseline b;
  b.path = path;
  b.document = convert(j, &current, 0, path);
  return b;
}

Comparison compare_with_baseline(const Node& current, const Baseline& baseline) {
  std::vector<std::pair<std::string, const Node*>> now, before;
  numbers(current, "", now);
  numbers(baseline.document, "", before);
  std::map<std::string, const Node*> old(before.begin(), before.end());
  Comparison c;
  std::set<std::string> seen;
  for (const auto& [metric, node] : now) {
    if (metric == "schema_version" || metric == "seed") continue;
    seen.insert(metric);
    const auto it = old.find(metric);
    if (it == old.end()) {
      c.added.push_back(metric);
      continue;
    }
    MetricChange m;
    m.metric = metric;
    m.unit = node->unit();
    m.value = node->as_number();
    m.baseline = it->second->as_number();
    m.change = m.value - m.baseline;
    m.relative_change = relative_change(m.value, m.baseline);
    c.metrics.push_back(std::move(m));
  }
  for (const auto& [metric, node] : before)
    if (!seen.count(metric) && metric != "schema_version" && metric != "seed") c.removed.push_back(metric);
  return c;
}

Node baseline_document(const Comparison& c, const Baseline& baseline, bool changed_only) {
  Node doc = Node::object();
  doc.add("file", Node::string(baseline.path));
  size_t changed = 0;
  Node& metrics = doc.add("metrics", Node::array());
  auto finite = [](double v, Unit unit) { return std::isfinite(v) ? Node::number(v, unit) : Node::null(); };
  for (const MetricChange& m : c.metrics) {
    changed += m.change != 0;
    if (changed_only && m.change == 0) continue;
    Node& n = metrics.push(Node::object(), m.metric);
    n.add("metric", Node::string(m.metric));
    n.add("value", Node::number(m.value, m.unit));
    n.add("baseline", Node::number(m.baseline, m.unit));
    n.add("change", Node::number(m.change, m.unit));
    // ±∞ from a baseline of 0 has no JSON number: null, with the change itself above.
    n.add("relative_change", finite(m.relative_change, Unit::kRatio));
  }
  doc.add("changed", Node::count(static_cast<double>(changed)));
  doc.add("unchanged", Node::count(static_cast<double>(c.metrics.size() - changed)));
  Node& added = doc.add("added", Node::array());
  for (const std::string& m : c.added) added.push(Node::string(m), std::to_string(added.items().size()));
  Node& removed = doc.add("removed", Node::array());
  for (const std::string& m : c.removed) removed.push(Node::string(m), std::to_string(removed.items().size()));
  return doc;
}

}  // namespace headroom::calc
