#include "calc/report/document.hpp"

#include <cassert>
#include <charconv>

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
  members_.emplace_back(std::move(key), std::move(value));
  return members_.back().second;
}

Node& Node::add_first(std::string key, Node value) {
  assert(type_ == Type::kObject);
  members_.emplace(members_.begin(), std::move(key), std::move(value));
  return members_.front().second;
}

Node& Node::push(Node value) {
  assert(type_ == Type::kArray);
  items_.push_back(std::move(value));
  return items_.back();
}

const Node* Node::find(std::string_view key) const {
  for (const auto& [k, v] : members_)
    if (k == key) return &v;
  return nullptr;
}

const Node* resolve_path(const Node& root, std::string_view path) {
  const Node* node = &root;
  while (node && !path.empty()) {
    const size_t dot = path.find('.');
    const std::string_view step = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (node->is_object()) {
      node = node->find(step);
    } else if (node->is_array()) {
      const Node* next = nullptr;
      size_t index = 0;
      auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
      if (ec == std::errc() && end == step.data() + step.size()) {
        if (index < node->items().size()) next = &node->items()[index];
      } else {
        for (const Node& item : node->items()) {
          const Node* name = item.is_object() ? item.find("name") : nullptr;
          if (!name) name = item.is_object() ? item.find("policy") : nullptr;
          if (name && name->type() == Node::Type::kString && name->as_string() == step) {
            next = &item;
            break;
          }
        }
      }
      node = next;
    } else {
      return nullptr;
    }
  }
  return node;
}

namespace {

void collect(const Node& node, const std::string& prefix, std::vector<std::string>& out) {
  if (node.is_object()) {
    for (const auto& [k, v] : node.members()) collect(v, prefix.empty() ? k : prefix + "." + k, out);
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.items().size(); ++i) {
      const Node& item = node.items()[i];
      const Node* name = item.is_object() ? item.find("name") : nullptr;
      const std::string step = name && name->type() == Node::Type::kString ? name->as_string()
                                                                            : std::to_string(i);
      collect(item, prefix + "." + step, out);
    }
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
