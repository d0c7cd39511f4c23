#include "calc/input/quantity_parser.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <regex>
#include <vector>

using namespace headroom::calc;

namespace {
struct Case {
  const char* text;
  QuantityKind kind;
  double si;
};
}  // namespace

TEST_CASE("every example of SPEC §2 parses to SI base units", "[calc][quantity_parser]") {
  // SPEC §2; year = 365.25 days, month = year/12; SI and IEC sizes apart; bits are 1/8 byte.
  const double year = 365.25 * 86400, month = year / 12;
  static const Case kCases[] = {
      {"250 us", QuantityKind::kDuration, 250e-6},
      {"1.5ms", QuantityKind::kDuration, 1.5e-3},
      {"30 s", QuantityKind::kDuration, 30},
      {"5 min", QuantityKind::kDuration, 300},
      {"2 h", QuantityKind::kDuration, 7200},
      {"1 d", QuantityKind::kDuration, 86400},
      {"1 w", QuantityKind::kDuration, 604800},
      {"1 y", QuantityKind::kDuration, 365.25 * 86400},
      {"500 B", QuantityKind::kSize, 500},
      {"4 KiB", QuantityKind::kSize, 4096},
      {"1.5 GB", QuantityKind::kSize, 1.5e9},
      {"1 Gbit", QuantityKind::kSize, 1.25e8},
      {"800/s", QuantityKind::kRate, 800},
      {"800 rps", QuantityKind::kRate, 800},
      {"5k/s", QuantityKind::kRate, 5000},
      {"1.2M/day", QuantityKind::kRate, 1.2e6 / 86400},
      {"100M/month", QuantityKind::kRate, 1e8 / (365.25 * 86400 / 12)},
      {"10 MB/s", QuantityKind::kBandwidth, 1e7},
      {"1 Gbit/s", QuantityKind::kBandwidth, 1.25e8},
      {"99.95%", QuantityKind::kPercent, 0.9995},
      {"3.5 nines", QuantityKind::kNines, 3.5},
      {"10k", QuantityKind::kCount, 1e4},
      {"1.5M", QuantityKind::kCount, 1.5e6},
      {"10_000", QuantityKind::kNumber, 1e4},
      {"0.9995", QuantityKind::kNumber, 0.9995},
      {"5k req/s", QuantityKind::kRate, 5000},
      {"60/min", QuantityKind::kRate, 1},
      {"3600 per hour", QuantityKind::kRate, 1},
      {"1 Gbps", QuantityKind::kBandwidth, 1.25e8},
      {"2 TiB", QuantityKind::kSize, 2.0 * 1099511627776.0},
      {"1 mo", QuantityKind::kDuration, 0},  // checked below
      {"1e3 s", QuantityKind::kDuration, 1000},
      {"5k rps", QuantityKind::kRate, 5000},
      {"1.5M qps", QuantityKind::kRate, 1.5e6},
      {"1_000_000 B", QuantityKind::kSize, 1e6},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.text);
    const ParsedQuantity q = parse_quantity(c.text);
    REQUIRE(q.ok);
    CHECK(q.kind == c.kind);
    if (c.si != 0) CHECK(q.si_value == Approx(c.si).epsilon(1e-12));
  }
  CHECK(parse_quantity("1 mo").si_value == Approx(month).epsilon(1e-12));
  CHECK(parse_quantity("1 y").si_value == Approx(year).epsilon(1e-12));
}

TEST_CASE("malformed quantities are refused with a reason", "[calc][quantity_parser]") {
  static const std::pair<const char*, const char*> kBad[] = {
      {"", "empty value"},
      {"abc", "expected a number in 'abc'"},
      {"5 parsecs", "unknown unit 'parsecs' in '5 parsecs'"},
      {"10 Mb", "ambiguous unit 'Mb' in '10 Mb'"},
      {"10 mb", "unknown unit 'mb' in '10 mb'"},
      {"5k/fortnight", "unknown period 'fortnight' in '5k/fortnight'"},
      {"5 apples/s", "unknown unit 'apples' in '5 apples/s'"},
      {"nan s", "expected a number in 'nan s'"},
      {"inf", "expected a number in 'inf'"},
      {"1e999 s", "'1e999 s' is too large to represent"},
      {"1.2.3 s", "malformed number in '1.2.3 s'"},
      {"1e-400 s", "'1e-400 s' is too small to represent (it would be 0)"},
      {"_1", "misplaced '_' in '_1'"},
      {"1__0", "misplaced '_' in '1__0'"},
      {"1_ s", "misplaced '_' in '1_ s'"},
      {"1_.5", "misplaced '_' in '1_.5'"},
      {"5k bps", "unknown unit 'k bps' in '5k bps'"},
  };
  for (const auto& [text, error] : kBad) {
    CAPTURE(text);
    const ParsedQuantity q = parse_quantity(text);
    CHECK_FALSE(q.ok);
    CHECK(q.error == error);
  }
  CHECK(parse_quantity("10 Mb").hint == "write 'B' (bytes, as in 'MB') or 'bit' (bits, as in 'Mbit')");
}

TEST_CASE("ratios carry their exact decimal complement", "[calc][quantity_parser]") {
  // 1 − 0.999 in doubles is 0.0010000000000000009; written "99.9%", the unavailability the user
  // meant is 0.001, and that is what the complement holds (to the nearest double).
  CHECK(parse_quantity("99.9%").complement == 0.001);
  CHECK(parse_quantity("99.999%").complement == 1e-5);
  CHECK(parse_quantity("0.9999999").complement == 1e-7);
  CHECK(parse_quantity("99.9%").si_value == 0.999);
  CHECK(parse_quantity("100%").complement == 0.0);
  CHECK(parse_quantity("1e-3").complement == 1.0 - 1e-3);  // exponent form: plain subtraction
}

TEST_CASE("a size says how its unit is prefixed: IEC, SI or none", "[calc][quantity]") {
  // Every unit of the size and bandwidth tables, as SPEC §2 lists them.
  for (const char* t : {"64 KiB", "1 MiB", "2 GiB", "1 TiB", "1 PiB", "1 EiB", "8 Kibit", "8 Mibit",
                        "8 Gibit", "1 MiB/s"})
    CHECK(parse_quantity(t).prefix == SizePrefix::kBinary);
  for (const char* t : {"64 kB", "64 KB", "1 MB", "1 GB", "1 TB", "1 PB", "1 EB", "8 kbit", "8 Kbit",
                        "8 Mbit", "8 Gbit", "8 Tbit", "1 kbps", "1 Gbps", "10 MB/s"})
    CHECK(parse_quantity(t).prefix == SizePrefix::kDecimal);
  for (const char* t : {"64 B", "1 byte", "8 bits", "100 bps", "5k/s", "30 min", "0.5"})
    CHECK(parse_quantity(t).prefix == SizePrefix::kNone);
}

// The schema's patterns against the parser itself, on random strings built from numbers,
// blanks, units, event nouns and periods (valid and not): a pattern matches exactly the
// strings parse_quantity reads as one of its kinds.
TEST_CASE("quantity_pattern matches what parse_quantity reads", "[units][schema]") {
  using K = QuantityKind;
  const std::vector<std::vector<K>> kind_sets = {
      {K::kDuration}, {K::kSize}, {K::kRate}, {K::kBandwidth}, {K::kNumber, K::kCount},
      {K::kNumber, K::kPercent}, {K::kNumber, K::kPercent, K::kNines},
      {K::kNumber, K::kCount, K::kPercent, K::kNines, K::kDuration, K::kSize, K::kRate, K::kBandwidth}};
  const std::vector<std::string> numbers = {"1", "250", "0.5", ".5", "5.", "1_000", "1__0", "_1", "1e3",
                                            "2.5E-2", "-3", "+4", "1.2.3", "e5", "", "007", "9" };
  const std::vector<std::string> blanks = {"", " ", "  ", "\t"};
  const std::vector<std::string> units = {
      "", "ms", "s", "min", "m", "h", "hours", "d", "µs", "y", "mo", "B", "KiB", "kB", "MB", "Mb", "mb",
      "Gbit", "bits", "Gbps", "kbps", "%", "nines", "nine", "k", "K", "M", "G", "T", "x", "rps", "k rps",
      "qps", "/s", "k/s", "M/day", "/month", "k req/s", "req/s", "reqs/s", "writes per s", "k per day",
      "MB/s", "KiB/s", "GiB per day", "B/s", "/fortnight", "kk/s", "k/", "per s", "k users/s"};
  std::mt19937_64 rng(20261202);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<std::regex> patterns;
  for (const auto& kinds : kind_sets) {
    std::string p;
    switch (kinds.size()) {  // (an initializer_list cannot be built from a vector)
      case 1: p = quantity_pattern({kinds[0]}); break;
      case 2: p = quantity_pattern({kinds[0], kinds[1]}); break;
      case 3: p = quantity_pattern({kinds[0], kinds[1], kinds[2]}); break;
      default: p = quantity_pattern({kinds[0], kinds[1], kinds[2], kinds[3], kinds[4], kinds[5], kinds[6], kinds[7]});
    }
    patterns.emplace_back(p, std::regex::ECMAScript);
  }
  int matched = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::string text = pick(blanks) + pick(numbers) + pick(blanks) + pick(units) + pick(blanks);
    const ParsedQuantity q = parse_quantity(text);
    for (size_t s = 0; s < kind_sets.size(); ++s) {
      const bool want = q.ok && std::find(kind_sets[s].begin(), kind_sets[s].end(), q.kind) != kind_sets[s].end();
      const bool got = std::regex_match(text, patterns[s]);
      INFO("'" << text << "' against kinds set " << s);
      REQUIRE(got == want);
      matched += got;
    }
  }
  CHECK(matched > 5000);  // the strings are not nearly all refused
}
