#include "cli/render_junit.hpp"

#include <cmath>
#include <fmt/format.h>
#include <vector>
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
  std::vector<std::string> parts;
  if (o.min && o.max) parts.push_back(fmt::format("{} to {}", humanize(*o.min, o.unit), humanize(*o.max, o.unit)));
  else if (o.min) parts.push_back("≥ " + humanize(*o.min, o.unit));
  else if (o.max) parts.push_back("≤ " + humanize(*o.max, o.unit));
  if (o.max_increase) parts.push_back("rise ≤ " + humanize(*o.max_increase, calc::Unit::kRatio));
  if (o.max_decrease) parts.push_back("fall ≤ " + humanize(*o.max_decrease, calc::Unit::kRatio));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string describe_change(const calc::CheckOutcome& o, bool binary) {
  if (!o.baseline) return "";
  if (!std::isfinite(*o.baseline) || !std::isfinite(o.value)) return "n/a";
  if (o.change == 0) return "0";
  const std::string absolute = (o.change > 0 ? "+" : "−") + humanize(std::abs(o.change), o.unit, binary);
  if (!std::isfinite(o.relative_change)) return absolute + " (from 0)";
  return fmt::format("{} ({}{})", absolute, o.relative_change > 0 ? "+" : "−",
                     humanize(std::abs(o.relative_change), calc::Unit::kRatio));
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
    std::string message =
        fmt::format("{} is {}, outside {}", o.metric, humanize(o.value, o.unit), describe_bounds(o));
    if (o.baseline) message += fmt::format("; baseline {}, change {}", humanize(*o.baseline, o.unit), describe_change(o));
    out << ">\n";
    out << fmt::format("      <failure type=\"{}\" message=\"{}\">{}: {}</failure>\n",
                       o.is_target ? "target" : "check", xml_escape(message), xml_escape(where),
                       xml_escape(message));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace headroom::cli
