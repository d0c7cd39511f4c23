#include "calc/report/report.hpp"

#include <catch2/catch.hpp>

#include "calc/input/model_loader.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

const char* kModel = R"(
[traffic]
request_rate = "1k/s"
[components.a]
availability = "99.9%"
capacity = "400/s"
[availability]
path = ["a"]
target = "99.5%"
)";

std::vector<CheckOutcome> outcomes_for(const std::string& checks) {
  const Model m = load_model(std::string(kModel) + checks, "m.toml");
  return evaluate_checks(m, run_report(m, RunOptions{}));
}

std::string check_error(const std::string& checks) {
  try {
    outcomes_for(checks);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("report nests each present analysis under its name", "[calc][report]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult r = run_report(m, RunOptions{});
  CHECK(r.document.find("schema_version")->as_number() == 1);
  CHECK(resolve_path(r.document, "size.servers.a")->as_number() == 4);  // ⌈1000/(400×0.7)⌉
  CHECK(resolve_path(r.document, "avail.availability")->as_number() == Approx(0.999).margin(1e-15));
}

TEST_CASE("checks compare in the metric's unit, and targets are checks", "[calc][report]") {
  const auto o = outcomes_for(R"(
[[check]]
metric = "avail.downtime_seconds.per_year"
max = "9 h"
[[check]]
metric = "size.servers.a"
max = 3
[[check]]
metric = "avail.availability"
min = "3 nines"
)");
  REQUIRE(o.size() == 4);
  CHECK(o[0].passed);  // 8.77 h ≤ 9 h
  CHECK(o[0].max == Approx(9 * 3600.0));
  CHECK_FALSE(o[1].passed);  // 4 > 3
  CHECK(o[2].passed);        // 0.999 ≥ 0.999
  CHECK(o[3].is_target);
  CHECK(o[3].passed);  // 0.999 ≥ 0.995
}

TEST_CASE("a bad check is an error with its place", "[calc][report]") {
  CHECK(check_error("[[check]]\nmetric = \"avail.availabilty\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: no metric 'avail.availabilty' in the report\n"
        "  hint: did you mean 'avail.availability'?");
  CHECK(check_error("[[check]]\nmetric = \"avail.availability\"\nmin = \"250 ms\"\n") ==
        "m.toml:12:7: check[0].min: '250 ms' is a duration, but the metric is a ratio");
  CHECK(check_error("[[check]]\nmetric = \"avail.blocks\"\nmax = 1\n") ==
        "m.toml:11:10: check[0].metric: 'avail.blocks' is not a number\n"
        "  hint: name a number inside it");
  CHECK(check_error("[[check]]\nmetric = \"cache.hit_ratio\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: 'cache' is not computed: the file has none of [cache]");
  CHECK(check_error("[[check]]\nmetric = \"avail.uptime\"\nmin = 0.9\n") ==
        "m.toml:11:10: check[0].metric: no metric 'avail.uptime' in the report\n"
        "  hint: list the metrics with: headroom report FILE --format csv");
}
