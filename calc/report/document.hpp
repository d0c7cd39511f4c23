// The result document every command produces: an ordered tree of named values, each number
// tagged with its unit. The renderers in cli/ turn it into a table, JSON, CSV or markdown, and
// [[check]] metrics are paths into it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace headroom::calc {

/// The unit of a number in a document. JSON always carries SI base units, with the unit in the
/// key's name (SPEC §4); tables scale them for people.
enum class Unit : std::uint8_t {
  kNone,            // a plain number
  kSeconds,
  kBytes,
  kPerSecond,       // events per second
  kBytesPerSecond,
  kRatio,           // 0..1, shown as a percentage
  kCount,           // a whole number of things
  kNines,           // −log10(1 − A)
};

class Node {
 public:
  enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };
  using Entry = std::pair<std::string, Node>;

  Node() = default;
  Node(const Node&) = default;
  Node& operator=(const Node&) = default;
  // noexcept, so that vectors of nodes move them when they grow instead of copying subtrees.
  Node(Node&&) noexcept = default;
  Node& operator=(Node&&) noexcept = default;
  static Node null() { return Node(); }
  static Node boolean(bool b);
  static Node number(double v, Unit unit = Unit::kNone);
  static Node count(double v) { return number(v, Unit::kCount); }
  /// A count kept exactly, all 64 bits of it (a seed): written digit for digit.
  static Node exact(std::uint64_t v);
  static Node string(std::string s);
  static Node object();
  /// An object whose keys are names from the model (components), not labels to humanise.
  static Node map();
  static Node array();

  Type type() const { return type_; }
  bool is_object() const { return type_ == Type::kObject; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_map() const { return is_map_; }
  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  Unit unit() const { return unit_; }
  /// The exact value of a Node::exact.
  std::optional<std::uint64_t> exact_value() const {
    return has_exact_ ? std::optional<std::uint64_t>(exact_) : std::nullopt;
  }
  const std::string& as_string() const { return string_; }

  /// Object: appends a member (keys keep insertion order). Returns the new member.
  Node& add(std::string key, Node value);
  /// Object: puts a member first (moving the others up). Returns it.
  Node& add_first(std::string key, Node value);
  /// Array: appends an item named `key`, its step in metric paths (unique in the array:
  /// "lru@1000", a node's name). Returns the new item.
  Node& push(Node value, std::string key);
  /// What is inside is known only once the analysis has run (a preview document for
  /// `validate` holds none of an open array's items; a path into it is checked on the run).
  void mark_open() { open_ = true; }
  bool is_open() const { return open_; }
  /// Kept in JSON and CSV but left out of tables for people, where another member already
  /// shows the same figure (a ring's stddev equals its coefficient of variation when every
  /// weight is equal).
  Node& machine_only() {
    machine_only_ = true;
    return *this;
  }
  bool is_machine_only() const { return machine_only_; }
  /// Marks every null below (or this, when null) open: a preview whose numbers wait on
  /// another analysis cannot tell a value that will be null from one it does not know yet.
  void mark_nulls_open();

  /// An object's members in order.
  const std::vector<Entry>& members() const { return children_; }
  /// An array's items with their keys, in order.
  const std::vector<Entry>& keyed_items() const { return children_; }

  /// An array's items without their keys: a view that iterates the nodes.
  class Items {
   public:
    class iterator {
     public:
      using value_type = Node;
      using difference_type = std::ptrdiff_t;
      explicit iterator(const Entry* e) : e_(e) {}
      const Node& operator*() const { return e_->second; }
      const Node* operator->() const { return &e_->second; }
      iterator& operator++() { ++e_; return *this; }
      bool operator==(const iterator& o) const { return e_ == o.e_; }
     private:
      const Entry* e_;
    };
    explicit Items(const std::vector<Entry>& v) : v_(v) {}
    iterator begin() const { return iterator(v_.data()); }
    iterator end() const { return iterator(v_.data() + v_.size()); }
    size_t size() const { return v_.size(); }
    bool empty() const { return v_.empty(); }
    const Node& front() const { return v_.front().second; }
    const Node& operator[](size_t i) const { return v_[i].second; }
   private:
    const std::vector<Entry>& v_;
  };
  Items items() const { return Items(children_); }
  /// Object member by key, or nullptr.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);

 private:
  // 80 bytes: a document of 100,000 blocks holds about a million of these.
  Type type_ = Type::kNull;
  Unit unit_ = Unit::kNone;
  bool bool_ = false;
  bool is_map_ = false;
  bool open_ = false;
  bool has_exact_ = false;
  bool machine_only_ = false;
  double number_ = 0.0;
  std::uint64_t exact_ = 0;
  std::string string_;
  std::vector<Entry> children_;  // an object's members or an array's keyed items
};

/// A metric path, as [[check]], `--set` and CSV rows write it: steps joined by dots, an object
/// member by its name, an array item by its key ("cache.policies.lru@1000.hit_ratio"). A step
/// with a dot, a quote or a backslash in it is quoted: ring.nodes."10.0.0.1:11211".key_share.
std::string path_step(std::string_view key);
/// The steps of `path`, unquoted; false when a quote is not closed or a step is empty.
bool split_path(std::string_view path, std::vector<std::string>& steps);

struct PathLookup {
  const Node* node = nullptr;  // what the path names, or nullptr
  bool open = false;           // it leads into an open array (known only after the run)
  std::string problem;         // why not, when an array step or the quoting is wrong
};

/// Follows a metric path. An array step is an item's key; an item of a capacity-keyed array
/// also answers to the capacity in any unit ("lru@1k" for "lru@1000"), and to its name alone
/// while the array has one capacity ("lru"). An index, a key that
/// names no item or several, is a problem naming the items.
PathLookup lookup_path(const Node& root, std::string_view path);
/// lookup_path(root, path).node.
const Node* resolve_path(const Node& root, std::string_view path);

/// Every path to a number or boolean under `root`, for "did you mean" on a mistyped metric.
std::vector<std::string> leaf_paths(const Node& root);

}  // namespace headroom::calc
