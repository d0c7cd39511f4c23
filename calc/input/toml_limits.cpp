#include "calc/input/toml_limits.hpp"

#include <fmt/format.h>
#include <vector>

namespace headroom::calc {
namespace {

// A forward-only scanner over TOML's lexical structure: comments, the four string forms,
// arrays and inline tables, and keys where a key may stand. Every step advances.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  // Returns the position of the first over-deep key, or npos.
  size_t find_deep_key() {
    std::vector<char> nesting;  // '[' array, '{' inline table
    bool expect_key = true;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        ++i_;
        if (nesting.empty()) expect_key = true;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
        continue;
      }
      if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (expect_key && (nesting.empty() || nesting.back() == '{')) {
        const size_t start = i_;
        if (nesting.empty() && c == '[') {  // [table] or [[array of tables]]
          ++i_;
          if (i_ < s_.size() && s_[i_] == '[') ++i_;
        }
        if (key_parts() > kMaxKeyParts) return start;
        expect_key = false;
        if (i_ < s_.size() && (s_[i_] == ']' || s_[i_] == '=')) ++i_;
        if (i_ < s_.size() && s_[i_] == ']') ++i_;
        continue;
      }
      if (c == '"' || c == '\'') {
        skip_string();
      } else if (c == '[' || c == '{') {
        nesting.push_back(c);
        expect_key = c == '{';
        ++i_;
      } else if (c == ']' || c == '}') {
        if (!nesting.empty()) nesting.pop_back();
        ++i_;
      } else if (c == ',') {
        expect_key = !nesting.empty() && nesting.back() == '{';
        ++i_;
      } else {
        ++i_;
      }
    }
    return std::string_view::npos;
  }

 private:
  static bool is_bare(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  }
  void skip_blanks() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  // One key: parts separated by dots, each bare or quoted. Counts them; stops at anything else.
  int key_parts() {
    int parts = 0;
    while (i_ < s_.size()) {
      skip_blanks();
      if (i_ >= s_.size()) break;
      const size_t before = i_;
      if (s_[i_] == '"' || s_[i_] == '\'') {
        skip_string();
      } else {
        while (i_ < s_.size() && is_bare(s_[i_])) ++i_;
      }
      if (i_ == before) break;
      ++parts;
      skip_blanks();
      if (i_ < s_.size() && s_[i_] == '.') {
        ++i_;
        continue;
      }
      break;
    }
    return parts;
  }
  // A basic or literal string, one line or multi-line; escapes only in basic strings.
  void skip_string() {
    const char q = s_[i_];
    const bool triple = s_.substr(i_, 3) == std::string(3, q);
    i_ += triple ? 3 : 1;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\\' && q == '"') {
        i_ += 2;
        continue;
      }
      if (c == '\n' && !triple) return;  // unterminated: the parser says so
      if (c == q && (!triple || s_.substr(i_, 3) == std::string(3, q))) {
        i_ += triple ? 3 : 1;
        while (triple && i_ < s_.size() && s_[i_] == q) ++i_;  // up to two quotes may close it
        return;
      }
      ++i_;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::optional<Diagnostic> key_depth_problem(std::string_view text, const std::string& display_path) {
  const size_t at = Scanner(text).find_deep_key();
  if (at == std::string_view::npos) return std::nullopt;
  int line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') ++line, column = 1;
    else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;  // UTF-8 starts
  }
  return Diagnostic{SourceLoc{display_path, line, column}, "",
                    fmt::format("a key or table header of more than {} dotted parts; headroom "
                                "reads at most {}",
                                kMaxKeyParts, kMaxKeyParts),
                    "nest with fewer levels"};
}

}  // namespace headroom::calc
