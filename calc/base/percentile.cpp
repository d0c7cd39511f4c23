#include "calc/base/percentile.hpp"

#include <charconv>
#include <string>

namespace headroom::calc {

std::optional<double> percentile_of(std::string_view name) {
  if (name.size() < 3 || name.size() > 10 || name[0] != 'p') return std::nullopt;
  // "0." and the digits, the written point dropped: p99.9 and p999 are both 0.999.
  std::string decimal = "0.";
  for (size_t i = 1; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '.' && i == 3 && i + 1 < name.size()) continue;
    if (c < '0' || c > '9') return std::nullopt;
    decimal += c;
  }
  double p = 0;
  const auto [end, ec] = std::from_chars(decimal.data(), decimal.data() + decimal.size(), p);
  if (ec != std::errc() || end != decimal.data() + decimal.size()) return std::nullopt;
  return p > 0 && p < 1 ? std::optional<double>(p) : std::nullopt;
}

}  // namespace headroom::calc
