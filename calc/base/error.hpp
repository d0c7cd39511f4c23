// headroom's one error type: every problem found in an input, each with its place and key.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace headroom {

/// A place in an input: a file (as the user named it), 1-based line and column. line == 0 means
/// the input has no lines, e.g. a --set override, whose `path` reads "--set KEY=VALUE".
struct SourceLoc {
  std::string path;
  int line = 0;
  int column = 0;
};

/// One problem: where, which key (dotted path, may be empty), what, and an optional hint.
struct Diagnostic {
  std::optional<SourceLoc> loc;
  std::string key;
  std::string message;
  std::string hint;
};

/// The error every layer above formulas/ throws. kind() picks the exit code in cli::run.
class Error : public std::runtime_error {
 public:
  enum class Kind { kInput, kUsage };

  static Error at(SourceLoc loc, std::string key, std::string message, std::string hint = "");
  static Error input(std::string message);
  static Error usage(std::string message, std::string hint = "");
  /// Requires: !diagnostics.empty().
  static Error many(std::vector<Diagnostic> diagnostics);

  Kind kind() const { return kind_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  Error(Kind kind, std::vector<Diagnostic> diagnostics);
  Kind kind_;
  std::vector<Diagnostic> diagnostics_;
};

/// The one error format: "FILE:LINE:COLUMN: KEY: message" (SPEC §2), then "  hint: ..." on its
/// own line. Without a place: "headroom: error: KEY: message".
std::string format_diagnostic(const Diagnostic& d);

}  // namespace headroom
