#include "cli/render_junit.hpp"

#include <fmt/format.h>
#include <ostream>

#include "cli/humanize.hpp"

namespace headroom::cli {

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string describe_bounds(const calc::CheckOutcome& o) {
  if (o.min && o.max)
    return fmt::format("{} to {}", humanize(*o.min, o.unit), humanize(*o.max, o.unit));
  if (o.min) return "≥ " + humanize(*o.min, o.unit);
  return "≤ " + humanize(*o.max, o.unit);
}

void render_junit(const std::vector<calc::CheckOutcome>& outcomes, const std::string& file,
                  std::ostream& out) {
  size_t failures = 0;
  for (const calc::CheckOutcome& o : outcomes) failures += !o.passed;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"headroom\" tests=\"{}\" failures=\"{}\">\n",
                     outcomes.size(), failures);
  out << fmt::format(
      "  <testsuite name=\"headroom check {}\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"0\">\n",
      xml_escape(file), outcomes.size(), failures);
  for (const calc::CheckOutcome& o : outcomes) {
    const std::string name = fmt::format("{} {}", o.metric, describe_bounds(o));
    out << fmt::format("    <testcase classname=\"headroom.{}\" name=\"{}\"",
                       o.is_target ? "target" : "check", xml_escape(name));
    if (o.passed) {
      out << "/>\n";
      continue;
    }
    const std::string where =
        o.loc.line ? fmt::format("{}:{}:{}", o.loc.path, o.loc.line, o.loc.column) : o.loc.path;
    const std::string message =
        fmt::format("{} is {}, outside {}", o.metric, humanize(o.value, o.unit), describe_bounds(o));
    out << ">\n";
    out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}: {}</failure>\n",
                       o.is_target ? "target" : "check", xml_escape(message), xml_escape(where),
                       xml_escape(message));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace headroom::cli
