#include "calc/base/error.hpp"

#include <cassert>

#include "calc/base/printable.hpp"

namespace headroom {
namespace {

std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += format_diagnostic(d);
  }
  return text;
}

}  // namespace

Error::Error(Kind kind, std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)),
      kind_(kind),
      diagnostics_(std::move(diagnostics)) {}

Error Error::at(SourceLoc loc, std::string key, std::string message, std::string hint) {
  return Error(Kind::kInput, {Diagnostic{std::move(loc), std::move(key), std::move(message),
                                         std::move(hint)}});
}

Error Error::input(std::string message) {
  return Error(Kind::kInput, {Diagnostic{std::nullopt, "", std::move(message), ""}});
}

Error Error::usage(std::string message, std::string hint) {
  return Error(Kind::kUsage, {Diagnostic{std::nullopt, "", std::move(message), std::move(hint)}});
}

Error Error::many(std::vector<Diagnostic> diagnostics) {
  assert(!diagnostics.empty());
  return Error(Kind::kInput, std::move(diagnostics));
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string text;
  if (!d.loc) {
    text = "headroom: error: ";
  } else if (d.loc->line == 0) {
    text = d.loc->path + ": ";
  } else {
    text = d.loc->path + ":" + std::to_string(d.loc->line) + ":" + std::to_string(d.loc->column) +
           ": ";
  }
  if (!d.key.empty()) text += d.key + ": ";
  text += d.message;
  // Names and values in the message come from the user: no control character reaches the
  // terminal raw.
  text = calc::printable(text);
  if (!d.hint.empty()) text += "\n  hint: " + calc::printable(d.hint);
  return text;
}

}  // namespace headroom
