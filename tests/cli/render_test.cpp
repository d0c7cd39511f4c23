#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "cli/humanize.hpp"
#include "cli/render.hpp"

using namespace headroom::cli;
using headroom::calc::Node;
using headroom::calc::Unit;

TEST_CASE("humanize scales SI values to readable units", "[cli][humanize]") {
  static const std::tuple<double, Unit, const char*> kCases[] = {
      {31557.6, Unit::kSeconds, "8.77 h"},
      {2629.8, Unit::kSeconds, "43.8 min"},
      {0.25, Unit::kSeconds, "250 ms"},
      {250e-6, Unit::kSeconds, "250 µs"},
      {12.7e9, Unit::kBytes, "12.7 GB"},
      {999, Unit::kBytes, "999 B"},
      {40500, Unit::kPerSecond, "40.5k/s"},
      {3.8, Unit::kPerSecond, "3.80/s"},
      {0.5, Unit::kPerSecond, "1800/h"},
      {1.25e8, Unit::kBytesPerSecond, "125 MB/s"},
      {0.9995, Unit::kRatio, "99.950%"},
      {0.99999999, Unit::kRatio, "99.9999990%"},
      {0.35, Unit::kRatio, "35.0%"},
      {3.30103, Unit::kNines, "3.30"},
      {7, Unit::kCount, "7"},
  };
  for (const auto& [value, unit, text] : kCases) {
    CAPTURE(value, text);
    CHECK(humanize(value, unit) == text);
  }
}

// Issue 13's examples and their neighbours: no exponent in any humanised cell, whole numbers
// grouped by thousands, small percentages with two significant figures.
TEST_CASE("humanize never falls back to scientific notation", "[cli][humanize]") {
  static const std::tuple<double, Unit, const char*> kCases[] = {
      {9.9999e-05, Unit::kRatio, "0.0100%"},
      {1e-7, Unit::kRatio, "0.000010%"},
      {1.6e-20, Unit::kRatio, "0.0000000000000000016%"},
      {0.00012345, Unit::kRatio, "0.012%"},
      {1e9, Unit::kNone, "1,000,000,000"},
      {1e9, Unit::kCount, "1,000,000,000"},
      {9999, Unit::kCount, "9999"},
      {10000, Unit::kCount, "10,000"},
      {-1234567, Unit::kNone, "-1,234,567"},
      {1234567.8, Unit::kNone, "1,234,568"},
      {1.98753e-05, Unit::kNone, "0.0000198753"},
      {0.0813861, Unit::kNone, "0.0813861"},
      {10.3219, Unit::kNone, "10.3219"},
      {2.5, Unit::kCount, "2.5"},
      {1e16, Unit::kCount, "10,000,000,000,000,000"},
  };
  for (const auto& [value, unit, text] : kCases) {
    CAPTURE(value, text);
    CHECK(humanize(value, unit) == text);
  }
  // And on many random values: digits, separators, a point, a sign and units only.
  for (int e = -18; e <= 20; ++e) {
    for (const double m : {1.0, 1.234567, 9.99999, 5.5}) {
      const double v = m * std::pow(10.0, e);
      for (const Unit u : {Unit::kNone, Unit::kCount, Unit::kRatio, Unit::kSeconds, Unit::kBytes, Unit::kPerSecond}) {
        const std::string text = humanize(v, u);
        CAPTURE(v, text);
        CHECK(text.find("e+") == std::string::npos);
        CHECK(text.find("e-") == std::string::npos);
      }
    }
  }
}

TEST_CASE("labels drop the unit suffix", "[cli][humanize]") {
  CHECK(label_of("downtime_seconds") == "downtime");
  CHECK(label_of("ingress_bytes_per_second") == "ingress");
  CHECK(label_of("requests_per_second") == "requests");
  CHECK(label_of("error_budget_used") == "error budget used");
}

TEST_CASE("JSON escapes strings and writes non-finite numbers as null", "[cli][render]") {
  Node doc = Node::object();
  doc.add("s", Node::string("a\"b\\c\n"));
  doc.add("inf", Node::number(1.0 / 0.0, Unit::kNines));
  doc.add("x", Node::number(0.1, Unit::kNone));
  doc.add("n", Node::count(3));
  std::ostringstream out;
  render_json(doc, out);
  CHECK(out.str() ==
        "{\n  \"s\": \"a\\\"b\\\\c\\n\",\n  \"inf\": null,\n  \"x\": 0.1,\n  \"n\": 3\n}\n");
}

TEST_CASE("markdown renders blocks as tables", "[cli][render]") {
  Node doc = Node::object();
  doc.add("availability", Node::number(0.999, Unit::kRatio));
  Node& arr = doc.add("blocks", Node::array());
  Node& b = arr.push(Node::object(), "web|1");
  b.add("name", Node::string("web|1"));
  b.add("importance", Node::number(0.5));
  std::ostringstream out;
  render_markdown(doc, RenderOptions{Format::kMarkdown, false, "headroom avail"}, out);
  CHECK(out.str() ==
        "## headroom avail\n\n| metric | value |\n|---|---:|\n| availability | 99.90% |\n\n"
        "**blocks**\n\n| name | importance |\n|---|---:|\n| web\\|1 | 0.5 |\n\n");
}
