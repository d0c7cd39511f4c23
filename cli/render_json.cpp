// JSON: SI base units, keys in document order, numbers in fmt's shortest round-trip form, so
// that the same input gives the same bytes (SPEC §4).
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <ostream>

#include "cli/render.hpp"

namespace headroom::cli {
namespace {

using calc::Node;

void write_string(const std::string& s, std::string& out) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

void write_number(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no infinity; the table shows it
  } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
    fmt::format_to(std::back_inserter(out), "{:.0f}", v);  // whole numbers without ".0"
  } else {
    fmt::format_to(std::back_inserter(out), "{}", v);
  }
}

void write(const Node& n, int indent, std::string& out) {
  const auto pad = [&] { out.append(static_cast<size_t>(indent) + 2, ' '); };
  switch (n.type()) {
    case Node::Type::kNull: out += "null"; break;
    case Node::Type::kBool: out += n.as_bool() ? "true" : "false"; break;
    case Node::Type::kNumber:
      if (n.exact_value()) fmt::format_to(std::back_inserter(out), "{}", *n.exact_value());
      else write_number(n.as_number(), out);
      break;
    case Node::Type::kString: write_string(n.as_string(), out); break;
    case Node::Type::kObject:
      if (n.members().empty()) {
        out += "{}";
        break;
      }
      out += "{\n";
      for (size_t i = 0; i < n.members().size(); ++i) {
        pad();
        write_string(n.members()[i].first, out);
        out += ": ";
        write(n.members()[i].second, indent + 2, out);
        out += i + 1 < n.members().size() ? ",\n" : "\n";
      }
      out.append(static_cast<size_t>(indent), ' ');
      out += '}';
      break;
    case Node::Type::kArray:
      if (n.items().empty()) {
        out += "[]";
        break;
      }
      out += "[\n";
      for (size_t i = 0; i < n.items().size(); ++i) {
        pad();
        write(n.items()[i], indent + 2, out);
        out += i + 1 < n.items().size() ? ",\n" : "\n";
      }
      out.append(static_cast<size_t>(indent), ' ');
      out += ']';
      break;
  }
}

}  // namespace

void render_json(const Node& doc, std::ostream& out) {
  std::string text;
  write(doc, 0, text);
  text += '\n';
  out << text;
}

}  // namespace headroom::cli
