// Loading a headroom TOML document into a Model, reporting every problem at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "calc/input/model.hpp"

namespace headroom::calc {

/// One --set KEY=VALUE override: a dotted path and a TOML value (a bare word is a string).
struct Override {
  std::string key;
  std::string value;
};

/// Parses `text` (named `display_path` in messages), applies the overrides, and validates it.
/// Throws: Error with one diagnostic per problem found, each "FILE:LINE:COLUMN: KEY: message".
Model load_model(std::string_view text, const std::string& display_path,
                 const std::vector<Override>& overrides = {});

/// Parses "KEY=VALUE" as given on the command line. Throws: Error (usage) when there is no '='.
Override parse_override(std::string_view arg);

}  // namespace headroom::calc
