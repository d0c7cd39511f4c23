// Limits checked on a TOML text before it is parsed: toml++ builds a dotted key or table header
// as nested tables, recursively, so 100,000 dotted parts overflow the stack in the parser.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "calc/base/error.hpp"

namespace headroom::calc {

/// Dotted parts one key or table header may have ("[a.b.c]" has 3). Real files use a handful.
inline constexpr int kMaxKeyParts = 32;

/// The first key or header in `text` with more than kMaxKeyParts parts, as a problem at its
/// line and column; nothing when there is none. Malformed text is left for the parser.
std::optional<Diagnostic> key_depth_problem(std::string_view text, const std::string& display_path);

}  // namespace headroom::calc
