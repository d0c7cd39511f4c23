#include "calc/report/document.hpp"

#include <cassert>
#include <charconv>
#include <fmt/format.h>

#include "calc/input/quantity_parser.hpp"

namespace headroom::calc {

Node Node::boolean(bool b) {
  Node n;
  n.type_ = Type::kBool;
  n.bool_ = b;
  return n;
}

Node Node::number(double v, Unit unit) {
  Node n;
  n.type_ = Type::kNumber;
  n.number_ = v == 0.0 ? 0.0 : v;  // never −0 in any output
  n.unit_ = unit;
  return n;
}

Node Node::exact(std::uint64_t v) {
  Node n = count(static_cast<double>(v));
  n.exact_ = v;
  n.has_exact_ = true;
  return n;
}

Node Node::string(std::string s) {
  Node n;
  n.type_ = Type::kString;
  n.string_ = std::move(s);
  return n;
}

Node Node::object() {
  Node n;
  n.type_ = Type::kObject;
  return n;
}

Node Node::map() {
  Node n = object();
  n.is_map_ = true;
  return n;
}

Node Node::array() {
  Node n;
  n.type_ = Type::kArray;
  return n;
}

Node& Node::add(std::string key, Node value) {
  assert(type_ == Type::kObject);
  children_.emplace_back(std::move(key), std::move(value));
  return children_.back().second;
}

Node& Node::add_first(std::string key, Node value) {
  assert(type_ == Type::kObject);
  children_.emplace(children_.begin(), std::move(key), std::move(value));
  return children_.front().second;
}

Node& Node::push(Node value, std::string key) {
  assert(type_ == Type::kArray);
  children_.emplace_back(std::move(key), std::move(value));
  return children_.back().second;
}

const Node* Node::find(std::string_view key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const auto& [k, v] : children_)
    if (k == key) return &v;
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node&>(*this).find(key));
}

std::string path_step(std::string_view key) {
  if (!key.empty() && key.find_first_of(".\"\\") == std::string_view::npos) return std::string(key);
  std::string out = "\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool split_path(std::string_view path, std::vector<std::string>& steps) {
  steps.clear();
  size_t i = 0;
  while (true) {
    std::string step;
    if (i < path.size() && path[i] == '"') {
      ++i;
      bool closed = false;
      while (i < path.size()) {
        const char c = path[i++];
        if (c == '"') { closed = true; break; }
        if (c == '\\' && i < path.size()) step += path[i++];
        else step += c;
      }
      if (!closed || (i < path.size() && path[i] != '.')) return false;
    } else {
      const size_t dot = path.find('.', i);
      step = std::string(path.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i));
      i = dot == std::string_view::npos ? path.size() : dot;
      if (step.empty() || step.find('"') != std::string::npos) return false;
    }
    steps.push_back(std::move(step));
    if (i >= path.size()) return true;
    ++i;  // the dot
    if (i >= path.size()) return false;  // a path cannot end in a dot
  }
}

namespace {

// "lru@1k" against an item "lru@1000": the same name before '@' and the same number after.
bool same_capacity(std::string_view step, std::string_view key) {
  const size_t a = step.find('@'), b = key.find('@');
  if (a == std::string_view::npos || b == std::string_view::npos || step.substr(0, a) != key.substr(0, b))
    return false;
  const ParsedQuantity want = parse_quantity(step.substr(a + 1));
  const ParsedQuantity have = parse_quantity(key.substr(b + 1));
  if (!want.ok || !have.ok) return false;
  const bool want_bytes = want.kind == QuantityKind::kSize;
  const bool count_like = want.kind == QuantityKind::kNumber || want.kind == QuantityKind::kCount;
  if (!want_bytes && !count_like) return false;
  return have.si_value == want.si_value;
}

std::string item_list(const Node& array) {
  std::string out;
  size_t shown = 0;
  for (const auto& [key, item] : array.keyed_items()) {
    if (shown++ == 12) return out + ", …";
    out += (out.empty() ? "" : ", ") + path_step(key);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

PathLookup lookup_path(const Node& root, std::string_view path) {
  PathLookup out;
  std::vector<std::string> steps;
  if (!split_path(path, steps)) {
    out.problem = fmt::format("'{}' is not a metric path: steps are joined by dots, and a step "
                              "with a dot in it is quoted, e.g. ring.nodes.\"10.0.0.1:11211\".keys",
                              path);
    return out;
  }
  const Node* node = &root;
  std::string walked;
  for (size_t si = 0; si < steps.size(); ++si) {
    const std::string& step = steps[si];
    if (node->is_open()) {
      out.open = true;
      return out;
    }
    if (node->is_object()) {
      node = node->find(step);
    } else if (node->is_array()) {
      std::vector<const Node*> found;
      for (const auto& [key, item] : node->keyed_items())
        if (key == step) found.push_back(&item);
      if (found.empty()) {
        // "lru@1k" for "lru@1000"; "lru" alone while only one capacity is simulated.
        const bool bare = step.find('@') == std::string::npos;
        for (const auto& [key, item] : node->keyed_items()) {
          const size_t at = key.find('@');
          if (bare ? at != std::string::npos && key.compare(0, at, step) == 0 && at == step.size()
                   : same_capacity(step, key))
            found.push_back(&item);
        }
      }
      if (found.empty()) {
        // A name with dots written unquoted: "nodes.10.0.0.1:11211.keys".
        std::string joined = step;
        for (size_t sj = si + 1; sj < steps.size(); ++sj) {
          joined += "." + steps[sj];
          for (const auto& [key, item] : node->keyed_items()) {
            if (key != joined) continue;
            out.problem = fmt::format("the item '{}' has dots in its name: quote it, {}.{}", joined,
                                      walked, path_step(joined));
            return out;
          }
        }
      }
      if (found.size() != 1) {
        const bool index = !step.empty() && step.find_first_not_of("0123456789") == std::string::npos;
        out.problem = found.size() > 1
                          ? fmt::format("'{}' names {} items of {}; name one of: {}", step,
                                        found.size(), walked, item_list(*node))
                      : index ? fmt::format("the items of {} are named, not numbered; name one of: {}",
                                            walked, item_list(*node))
                              : fmt::format("{} has no item '{}'; its items: {}", walked, step,
                                            item_list(*node));
        return out;
      }
      node = found.front();
    } else {
      node = nullptr;
    }
    if (!node) return out;
    walked += (walked.empty() ? "" : ".") + path_step(step);
  }
  if (node->is_open()) {  // a value known only after the run
    out.open = true;
    return out;
  }
  out.node = node;
  return out;
}

void Node::mark_nulls_open() {
  if (type_ == Type::kNull) open_ = true;
  for (Entry& e : children_) e.second.mark_nulls_open();
}

const Node* resolve_path(const Node& root, std::string_view path) {
  return lookup_path(root, path).node;
}

namespace {

void collect(const Node& node, const std::string& prefix, std::vector<std::string>& out) {
  auto child = [&](std::string_view step) {
    return prefix.empty() ? path_step(step) : prefix + "." + path_step(step);
  };
  if (node.is_object()) {
    for (const auto& [k, v] : node.members()) collect(v, child(k), out);
  } else if (node.is_array()) {
    for (const auto& [key, item] : node.keyed_items()) collect(item, child(key), out);
  } else if (node.type() == Node::Type::kNumber || node.type() == Node::Type::kBool) {
    out.push_back(prefix);
  }
}

}  // namespace

std::vector<std::string> leaf_paths(const Node& root) {
  std::vector<std::string> out;
  collect(root, "", out);
  return out;
}

}  // namespace headroom::calc
