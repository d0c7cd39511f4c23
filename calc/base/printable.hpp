// Text from the user (names, keys, values) made safe to print on a terminal: control
// characters are shown as escapes instead of moving the cursor or changing colours.
#pragma once

#include <string>
#include <string_view>

namespace headroom::calc {

/// `text` with \n, \r, \t as themselves escaped ("\\n") and every other byte below 0x20, and
/// 0x7f, as \xNN. Other bytes (UTF-8 included) are kept.
inline std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace headroom::calc
