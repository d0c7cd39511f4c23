// CSV for pipelines: one row per value, "metric,value", the metric being the same dotted path
// that [[check]] uses (array items by their key, steps with a dot quoted); values in SI units.
#include <cmath>
#include <fmt/format.h>
#include <ostream>

#include "cli/render.hpp"

namespace headroom::cli {
namespace {

using calc::Node;

std::string quoted(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string scalar(const Node& n) {
  switch (n.type()) {
    case Node::Type::kBool: return n.as_bool() ? "true" : "false";
    case Node::Type::kNumber: {
      if (n.exact_value()) return fmt::format("{}", *n.exact_value());
      const double v = n.as_number();
      if (!std::isfinite(v)) return "";
      return v == std::floor(v) && std::fabs(v) < 1e15 ? fmt::format("{:.0f}", v)
                                                       : fmt::format("{}", v);
    }
    case Node::Type::kString: return quoted(n.as_string());
    default: return "";
  }
}

void rows(const Node& n, const std::string& path, std::ostream& out) {
  auto child = [&](std::string_view step) {
    return path.empty() ? calc::path_step(step) : path + "." + calc::path_step(step);
  };
  if (n.is_object()) {
    for (const auto& [k, v] : n.members()) rows(v, child(k), out);
  } else if (n.is_array()) {
    for (const auto& [key, item] : n.keyed_items()) rows(item, child(key), out);
  } else {
    out << quoted(path) << ',' << scalar(n) << '\n';
  }
}

}  // namespace

void render_csv(const Node& doc, std::ostream& out) {
  out << "metric,value\n";
  rows(doc, "", out);
}

}  // namespace headroom::cli
