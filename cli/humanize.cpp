#include "cli/humanize.hpp"

#include "calc/base/printable.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <string_view>

namespace headroom::cli {
namespace {

using calc::Unit;

// Three significant figures without an exponent: 4.38, 43.8, 438, 4380.
std::string sig3(double v) {
  const double a = std::fabs(v);
  if (a >= 100 || a == 0) return fmt::format("{:.0f}", v);
  if (a >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

struct Scale {
  double factor;
  const char* suffix;
};

std::string scaled(double v, const Scale* scales, size_t n) {
  // The largest unit in which the value is at least 1.
  size_t pick = 0;
  for (size_t i = 0; i < n; ++i)
    if (std::fabs(v) >= scales[i].factor * (1 - 5e-4)) pick = i;
  return sig3(v / scales[pick].factor) + scales[pick].suffix;
}

std::string duration(double s) {
  static constexpr Scale kScales[] = {{1e-9, " ns"}, {1e-6, " µs"}, {1e-3, " ms"},
                                      {1.0, " s"},   {60.0, " min"}, {3600.0, " h"},
                                      {86400.0, " d"}, {365.25 * 86400.0, " y"}};
  if (s == 0) return "0 s";
  return scaled(s, kScales, std::size(kScales));
}

std::string bytes(double b, const char* per, bool binary) {
  static constexpr std::array kNames = {" B", " kB", " MB", " GB", " TB", " PB", " EB"};
  static constexpr std::array kBinary = {" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
  Scale scales[kNames.size()];
  for (size_t i = 0; i < kNames.size(); ++i)
    scales[i] = binary ? Scale{std::pow(1024.0, i), kBinary[i]} : Scale{std::pow(1000.0, i), kNames[i]};
  return scaled(b, scales, kNames.size()) + per;
}

std::string rate(double r) {
  static constexpr Scale kScales[] = {{1.0, "/s"}, {1e3, "k/s"}, {1e6, "M/s"}, {1e9, "G/s"},
                                      {1e12, "T/s"}};
  if (r != 0 && std::fabs(r) < 1) return sig3(r * 3600.0) + "/h";
  return scaled(r, kScales, std::size(kScales));
}

// A plain number without an exponent: whole numbers grouped by thousands past 9,999
// ("1,000,000,000"), others with `sig` significant figures in fixed notation.
std::string plain(double v, int sig) {
  const double a = std::fabs(v);
  if (a >= 1e21) return fmt::format("{:.{}g}", v, sig);  // past what a fixed form can hold readably
  if (v == std::floor(v) || a >= std::pow(10.0, sig)) {
    std::string digits = fmt::format("{:.0f}", a);
    if (digits.size() > 4)
      for (size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return (v < 0 ? "-" : "") + digits;
  }
  // Decimals for `sig` significant figures, at least enough to show the first one.
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  const int decimals = std::clamp(sig - 1 - magnitude, 0, 20);
  std::string text = fmt::format("{:.{}f}", v, decimals);
  if (text.find('.') != std::string::npos) {  // as %g does: no trailing zeros
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "0" || text == "-0" ? fmt::format("{:.{}g}", v, sig) : text;  // below 1e-20
}

}  // namespace

int percent_decimals(double v) {
  if (v > 0.99 && v < 1) {
    // Enough decimals to show the unavailability with two significant figures.
    // (the 1e-9 keeps 0.999 at two decimals despite 1 − 0.999 = 0.0010000000000000009)
    const double places = -std::log10((1 - v) * 100) - 1e-9;
    return std::clamp(static_cast<int>(std::ceil(places)) + 1, 1, 12);
  }
  if (v != 0 && std::isfinite(v) && std::fabs(v) < 0.001) {
    // Two significant figures of a small percentage, in fixed notation.
    const double places = -std::log10(std::fabs(v) * 100) - 1e-9;
    return std::clamp(static_cast<int>(std::ceil(places)) + 1, 1, 20);
  }
  return 1;
}

std::string percent_with(double v, int decimals) { return fmt::format("{:.{}f}%", v * 100, decimals); }

namespace {
std::string percent(double v) { return percent_with(v, percent_decimals(v)); }
}  // namespace

std::string humanize(double v, Unit unit, bool binary) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  switch (unit) {
    case Unit::kSeconds: return duration(v);
    case Unit::kBytes: return bytes(v, "", binary);
    case Unit::kPerSecond: return rate(v);
    case Unit::kBytesPerSecond: return bytes(v, "/s", binary);
    case Unit::kRatio: return percent(v);
    case Unit::kNines: return fmt::format("{:.2f}", v);
    case Unit::kCount: return plain(v, 4);
    case Unit::kNone: return v == 0 ? "0" : plain(v, 6);
  }
  return fmt::format("{}", v);
}

std::string humanize(const calc::Node& node, bool binary) {
  switch (node.type()) {
    case calc::Node::Type::kNull: return "n/a";
    case calc::Node::Type::kBool: return node.as_bool() ? "yes" : "no";
    case calc::Node::Type::kNumber: return humanize(node.as_number(), node.unit(), binary);
    case calc::Node::Type::kString: return calc::printable(node.as_string());
    default: return "";
  }
}

std::string label_of(const std::string& key) {
  std::string label = key;
  using namespace std::string_view_literals;
  for (const std::string_view s : {"_bytes_per_second"sv, "_per_second"sv, "_seconds"sv, "_bytes"sv}) {
    if (label.size() > s.size() && label.compare(label.size() - s.size(), s.size(), s) == 0) {
      label.resize(label.size() - s.size());
      break;
    }
  }
  for (char& c : label)
    if (c == '_') c = ' ';
  return label;
}

std::string paint(const std::string& text, const char* ansi_code, bool color) {
  if (!color) return text;
  return fmt::format("\x1b[{}m{}\x1b[0m", ansi_code, text);
}

}  // namespace headroom::cli
