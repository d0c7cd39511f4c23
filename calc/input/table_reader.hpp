// Internal to calc/*.cpp: reads one TOML table key by key against the schema, converting units
// and collecting every problem instead of stopping at the first. Not part of calc's interface.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

#include "calc/base/error.hpp"
#include "calc/base/names.hpp"
#include "calc/input/model.hpp"
#include "calc/input/schema.hpp"

namespace headroom::calc {

/// Every error and warning found while loading one document.
class Diagnostics {
 public:
  explicit Diagnostics(std::string display_path) : path_(std::move(display_path)) {}

  SourceLoc loc(const toml::source_region& src) const;
  void error(const toml::source_region& src, std::string key, std::string message,
             std::string hint = "");
  void warning(const toml::source_region& src, std::string key, std::string message);
  void add(Diagnostic d) { errors_.push_back(std::move(d)); }

  bool has_errors() const { return !errors_.empty(); }
  std::vector<Diagnostic> take_errors();
  std::vector<Diagnostic> take_warnings() { return std::move(warnings_); }
  const std::string& path() const { return path_; }
  /// Tallies how a size was written: IEC ("64 KiB") or SI-prefixed ("64 kB"); plain bytes neither.
  void note_size(const ParsedQuantity& q);
  /// Every prefixed size in the file is IEC: outputs show sizes the same way.
  bool sizes_are_binary() const { return binary_sizes_ > 0 && decimal_sizes_ == 0; }

 private:
  std::string path_;
  std::vector<Diagnostic> errors_;
  std::vector<Diagnostic> warnings_;
  int binary_sizes_ = 0, decimal_sizes_ = 0;
};

class TableReader {
 public:
  /// `dotted` names the table in messages ("components.web"); `schema_table` is its pattern in
  /// the schema ("components.*").
  TableReader(const toml::table& table, std::string dotted, std::string_view schema_table,
              Diagnostics& diagnostics);

  bool has(std::string_view key) const;
  std::string key_path(std::string_view key) const;
  SourceLoc loc() const;
  SourceLoc loc_of(std::string_view key) const;  // the value's place; the table's if absent
  void error(std::string_view key, std::string message, std::string hint = "");
  Diagnostics& diagnostics() { return diag_; }
  void warning(std::string_view key, std::string message);

  std::optional<std::string> string(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  /// Each element with its place.
  std::optional<std::vector<std::pair<std::string, SourceLoc>>> string_list(std::string_view key);
  /// A whole number in the key's schema range.
  std::optional<long long> integer(std::string_view key);
  /// A dimensionless number in the key's schema range.
  std::optional<double> number(std::string_view key);
  /// A plain number in the key's schema range, or a table of keys of its own (read by the
  /// caller with a TableReader of pattern "<table>.<key>"): `visits = { cache = "lru" }`.
  struct NumberOrTable {
    std::optional<double> number;
    const toml::table* table = nullptr;
  };
  NumberOrTable number_or_table(std::string_view key);
  /// A fraction: 0.7 or "70%", in the key's schema range ([0, 1] without one).
  std::optional<double> ratio(std::string_view key);
  /// An availability in (0, 1]: 0.999, "99.9%", "3 nines".
  std::optional<formulas::Availability> availability(std::string_view key);
  /// A duration: above zero, or zero too where the schema's range starts at a closed 0.
  std::optional<Duration> duration(std::string_view key);
  std::optional<Bytes> size(std::string_view key);
  std::optional<Rate> rate(std::string_view key);
  std::optional<BytesPerSecond> bandwidth(std::string_view key);
  /// A value of any unit, kept as written for matching later (check bounds).
  std::optional<CheckBound> quantity(std::string_view key);
  std::optional<std::vector<CheckBound>> quantity_list(std::string_view key);
  /// A value of any unit, or a string that is one of the key's schema choices (a word such as
  /// "fill"): `word` holds it then, and the bound is empty.
  std::optional<CheckBound> quantity_or_word(std::string_view key, std::string& word);
  /// [[x, y], ...], each a finite plain number (or "10k"), with each pair's place.
  std::optional<std::vector<std::pair<std::array<double, 2>, SourceLoc>>> number_pairs(std::string_view key);
  /// One of `names`: an unknown name is an error with a did-you-mean, else the choices.
  template <class Enum>
  std::optional<Enum> choice(std::string_view key, const Names<Enum>& names) {
    if (!has(key)) return std::nullopt;  // no name list to build for an absent key
    const std::optional<size_t> i = choice_index(key, names_only(names));
    return i ? std::optional<Enum>(names[*i].second) : std::nullopt;
  }
  /// A list of distinct choices, each checked as choice() checks one.
  template <class Enum>
  std::optional<std::vector<Enum>> choice_list(std::string_view key, const Names<Enum>& names) {
    if (!has(key)) return std::nullopt;
    const std::optional<std::vector<size_t>> list = choice_indices(key, names_only(names));
    if (!list) return std::nullopt;
    std::vector<Enum> out;
    for (size_t i : *list) out.push_back(names[i].second);
    return out;
  }
  const toml::table* table(std::string_view key);
  const toml::array* table_array(std::string_view key);

  /// Reports every key the schema does not list for this table, with a suggestion.
  void finish();

 private:
  const toml::node* node(std::string_view key, ValueType type);
  /// The schema's entry for `key` in this table. Throws std::logic_error when it has none.
  const KeySpec& spec(std::string_view key) const;
  const Range& range_of(std::string_view key) const;
  /// A number with a unit of `want`; errors show the key's schema example.
  std::optional<double> dimensioned(std::string_view key, ValueType type, QuantityKind want,
                                    bool allow_zero);
  void type_error(std::string_view key, const toml::node& n, std::string_view expected);
  /// Throws std::logic_error unless the schema lists `names` as the key's choices (checked
  /// where a file gives the key, not for every table read).
  void check_choices(std::string_view key, const std::vector<std::string>& names) const;
  std::optional<size_t> choice_index(std::string_view key, const std::vector<std::string>& names);
  std::optional<std::vector<size_t>> choice_indices(std::string_view key,
                                                    const std::vector<std::string>& names);
  /// An integer, a float, or a string number with a count suffix ("10k"); reports otherwise.
  std::optional<double> plain_number(std::string_view key, const toml::node& n,
                                     std::string_view expected);
  /// `n` as a plain number in the key's range; reports otherwise.
  std::optional<double> ranged_number(std::string_view key, const toml::node& n, std::string_view expected);

  const toml::table& table_;
  std::string dotted_;
  std::string_view schema_table_;
  const std::vector<const KeySpec*>& specs_;  // the schema's keys for schema_table_
  Diagnostics& diag_;
};

/// "a string", "an integer", ... for messages about a TOML node's type.
std::string_view describe_node(const toml::node& n);

}  // namespace headroom::calc
