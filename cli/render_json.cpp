// JSON: SI base units, keys in document order, numbers in fmt's shortest round-trip form, so
// that the same input gives the same bytes (SPEC §4).
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <ostream>

#include "cli/render.hpp"

namespace headroom::cli {
namespace {

using calc::Node;

// The text so far, handed to the stream a megabyte at a time (a document of 100,000 blocks is
// 25 MB of JSON: no need to hold it twice).
struct Out {
  std::string text;
  std::ostream& stream;
  void maybe_flush() {
    if (text.size() < (size_t{1} << 20)) return;
    stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  }
};

void write_string(const std::string& s, std::string& out) {
  out += '"';
  size_t plain = 0;  // start of the run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += fmt::format("\\u{:04x}", c);
    }
  }
  out.append(s, plain, s.size() - plain);
  out += '"';
}

template <typename... Args>
void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
  char buffer[64];
  const auto r = fmt::format_to_n(buffer, sizeof buffer, format, std::forward<Args>(args)...);
  out.append(buffer, std::min(r.size, sizeof buffer));
}

void write_number(double v, std::string& out) {
  if (!std::isfinite(v)) {
    out += "null";  // JSON has no infinity; the table shows it
  } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
    append(out, "{:.0f}", v);  // whole numbers without ".0"
  } else {
    append(out, "{}", v);
  }
}

void write(const Node& n, int indent, Out& o) {
  std::string& out = o.text;
  const auto pad = [&] { out.append(static_cast<size_t>(indent) + 2, ' '); };
  switch (n.type()) {
    case Node::Type::kNull: out += "null"; break;
    case Node::Type::kBool: out += n.as_bool() ? "true" : "false"; break;
    case Node::Type::kNumber:
      if (n.exact_value()) append(out, "{}", *n.exact_value());
      else write_number(n.as_number(), out);
      break;
    case Node::Type::kString: write_string(n.as_string(), out); break;
    case Node::Type::kObject:
    case Node::Type::kArray: {
      const bool object = n.is_object();
      const auto& children = n.members();  // an array's keyed items: the keys are not written
      if (children.empty()) {
        out += object ? "{}" : "[]";
        break;
      }
      out += object ? "{\n" : "[\n";
      for (size_t i = 0; i < children.size(); ++i) {
        pad();
        if (object) {
          write_string(children[i].first, out);
          out += ": ";
        }
        write(children[i].second, indent + 2, o);
        o.text += i + 1 < children.size() ? ",\n" : "\n";
        o.maybe_flush();
      }
      o.text.append(static_cast<size_t>(indent), ' ');
      o.text += object ? '}' : ']';
      break;
    }
  }
}

}  // namespace

void render_json(const Node& doc, std::ostream& out) {
  Out o{std::string(), out};
  write(doc, 0, o);
  o.text += '\n';
  out.write(o.text.data(), static_cast<std::streamsize>(o.text.size()));
}

}  // namespace headroom::cli
