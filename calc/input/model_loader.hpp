// Loading a headroom TOML document into a Model, reporting every problem at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calc/input/model.hpp"

namespace headroom::calc {

/// One --set KEY=VALUE override: a dotted path and a TOML value (a bare word is a string).
struct Override {
  std::string key;
  std::string value;
  std::string origin = {};  // where it was given, for messages; empty: "--set KEY=VALUE"
};

/// Parses `text` (named `display_path` in messages), applies the overrides, and validates it.
/// Throws: Error with one diagnostic per problem found, each "FILE:LINE:COLUMN: KEY: message".
Model load_model(std::string_view text, const std::string& display_path,
                 const std::vector<Override>& overrides = {});

/// A document parsed once and loaded many times, each time with other overrides (sweep, solve).
class ParsedDocument {
 public:
  /// Throws: Error on a syntax error or a key nested too deep, positioned in `display_path`.
  ParsedDocument(std::string_view text, std::string display_path);
  ~ParsedDocument();
  ParsedDocument(ParsedDocument&&) noexcept;
  /// The model with `overrides` applied to a copy of the document, and Model::input_hashes
  /// filled. Thread-safe. Throws: Error as load_model.
  Model load(const std::vector<Override>& overrides) const;
  const std::string& display_path() const { return display_path_; }
  /// The value the file gives `key` (a dotted path as --set takes it, an array entry by index
  /// or name), as written: a string's text, a number's digits; nullopt when the file has none.
  std::optional<std::string> value_text(std::string_view key) const;

 private:
  struct Root;
  std::unique_ptr<Root> root_;
  std::string display_path_;
};

/// Parses "KEY=VALUE" as given on the command line. Throws: Error (usage) when there is no '='.
Override parse_override(std::string_view arg);

}  // namespace headroom::calc
