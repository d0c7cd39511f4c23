#include <catch2/catch.hpp>
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
