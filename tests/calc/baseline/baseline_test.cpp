// Baselines: a previous report read back with its array items keyed as metric paths name them,
// compared number by number, and [[check]]s bounding the change — against hand arithmetic.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <string>

#include "calc/base/error.hpp"
#include "calc/baseline/baseline.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/report/report.hpp"

using namespace headroom::calc;
using headroom::Error;

namespace {

const char* kModel = R"(
[traffic]
request_rate = "1000/s"
peak_to_average = 1
[components.web]
capacity = "100/s"
replicas = 20
min_healthy = 19
[components.db]
capacity = "500/s"
replicas = 4
min_healthy = 3
[[check]]
metric = "size.servers.web"
max_increase = "10%"
[[check]]
metric = "size.requests_per_second.average"
max_decrease = "0.01%"
)";

AnalysisResult report_of(const Model& m) {
  RunOptions options;
  options.explain = false;
  return run_report(m, options);
}

}  // namespace

TEST_CASE("relative change: against |baseline|, from 0 infinite, NaN stays NaN", "[calc][baseline]") {
  CHECK(relative_change(110, 100) == Approx(0.1));
  CHECK(relative_change(-110, -100) == Approx(-0.1));  // more negative is a decrease
  CHECK(relative_change(0, 0) == 0);
  CHECK(relative_change(1, 0) == std::numeric_limits<double>::infinity());
  CHECK(relative_change(-1, 0) == -std::numeric_limits<double>::infinity());
  CHECK(std::isnan(relative_change(std::nan(""), 1)));
  CHECK(std::isnan(relative_change(1, std::nan(""))));
}

TEST_CASE("a baseline's items are keyed by the identity the current report's keys show", "[calc][baseline]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult now = report_of(m);
  // size.components in another order, web with other numbers, a component that is gone.
  const std::string old = R"({"schema_version": 1, "seed": 1, "size": {"requests_per_second": {"average": 800},
    "components": [{"name": "gone", "servers_needed": 3}, {"name": "db", "servers_needed": 4},
                   {"name": "web", "servers_needed": 12}]}})";
  const Baseline b = read_baseline(old, "old.json", now.document);
  CHECK(resolve_path(b.document, "size.components.web.servers_needed")->as_number() == 12);
  CHECK(resolve_path(b.document, "size.components.db.servers_needed")->as_number() == 4);
  CHECK(resolve_path(b.document, "size.components.gone.servers_needed")->as_number() == 3);
  const Comparison c = compare_with_baseline(now.document, b);
  bool saw_web = false;
  for (const MetricChange& x : c.metrics) {
    if (x.metric != "size.components.web.servers_needed") continue;
    saw_web = true;
    // ⌈1000 / (100 × 0.7)⌉ = 15 for load, + 1 spare = 16 against 12.
    CHECK(x.value == 16);
    CHECK(x.baseline == 12);
    CHECK(x.change == 4);
    CHECK(x.relative_change == Approx(4.0 / 12));
  }
  CHECK(saw_web);
  CHECK(std::find(c.removed.begin(), c.removed.end(), "size.components.gone.servers_needed") != c.removed.end());
  CHECK(std::find(c.added.begin(), c.added.end(), "size.servers.web") != c.added.end());
}

TEST_CASE("a cache's policies are matched by policy and capacity together", "[calc][baseline]") {
  const Model m = load_model(R"(
[cache]
capacities = [100, 200]
policies = ["lru", "fifo"]
workload = { objects = 1000, zipf = 0.8, requests = 20000 }
)", "m.toml");
  const AnalysisResult now = report_of(m);
  // The baseline lists them in another order.
  const std::string old = R"({"schema_version": 1, "cache": {"policies": [
    {"policy": "fifo", "capacity": 200, "hit_ratio": 0.4}, {"policy": "lru", "capacity": 200, "hit_ratio": 0.3},
    {"policy": "fifo", "capacity": 100, "hit_ratio": 0.2}, {"policy": "lru", "capacity": 100, "hit_ratio": 0.1}]}})";
  const Baseline b = read_baseline(old, "old.json", now.document);
  CHECK(resolve_path(b.document, "cache.policies.lru@100.hit_ratio")->as_number() == 0.1);
  CHECK(resolve_path(b.document, "cache.policies.lru@200.hit_ratio")->as_number() == 0.3);
  CHECK(resolve_path(b.document, "cache.policies.fifo@100.hit_ratio")->as_number() == 0.2);
  CHECK(resolve_path(b.document, "cache.policies.fifo@200.hit_ratio")->as_number() == 0.4);
}

TEST_CASE("max_increase and max_decrease pass at the bound and fail past it", "[calc][baseline]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult now = report_of(m);  // web needs 16, requests 1000/s
  auto outcomes_with = [&](double web, double requests) {
    const std::string old = fmt::format(R"({{"schema_version": 1, "size": {{"servers": {{"web": {}}},
      "requests_per_second": {{"average": {}}}}}}})", web, requests);
    const Baseline b = read_baseline(old, "old.json", now.document);
    const BaselineView view = b.view();
    return evaluate_checks(m, now, &view);
  };
  // 16 against a baseline of 16/1.1: a rise of exactly 10 % (to rounding) passes; against 14,
  // 14.3 % fails.
  CHECK(outcomes_with(16 / 1.1 + 1e-9, 1000)[0].passed);
  CHECK_FALSE(outcomes_with(14, 1000)[0].passed);
  const CheckOutcome o = outcomes_with(14, 1000)[0];
  CHECK(*o.baseline == 14);
  CHECK(o.change == 2);
  CHECK(o.relative_change == Approx(2.0 / 14));
  // A fall of 0.01 % passes; from 1000.2, 0.02 % fails; a rise always passes max_decrease.
  CHECK(outcomes_with(16, 1000.1)[1].passed);
  CHECK_FALSE(outcomes_with(16, 1000.2)[1].passed);
  CHECK(outcomes_with(16, 1)[1].passed);
  // From 0, any rise is infinite.
  CHECK_FALSE(outcomes_with(0, 1000)[0].passed);
}

TEST_CASE("a change bound without a baseline, or on a metric the baseline lacks, is an error", "[calc][baseline]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult now = report_of(m);
  try {
    evaluate_checks(m, now);
    FAIL("no error");
  } catch (const Error& e) {
    REQUIRE(e.diagnostics().size() == 2);  // both checks
    CHECK(e.diagnostics()[0].key == "check[0].max_increase");
    CHECK(e.diagnostics()[0].message.find("none is given") != std::string::npos);
  }
  const Baseline b = read_baseline(R"({"schema_version": 1, "size": {"requests_per_second": {"average": 1000}}})",
                                   "old.json", now.document);
  const BaselineView view = b.view();
  try {
    evaluate_checks(m, now, &view);
    FAIL("no error");
  } catch (const Error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].key == "check[0].metric");
    CHECK(e.diagnostics()[0].message == "the baseline old.json has no size.servers.web, so its change cannot be bounded");
  }
}

TEST_CASE("a baseline with no value fails the change bound", "[calc][baseline]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult now = report_of(m);
  const Baseline b = read_baseline(R"({"schema_version": 1, "size": {"servers": {"web": null},
    "requests_per_second": {"average": 1000}}})", "old.json", now.document);
  const BaselineView view = b.view();
  const std::vector<CheckOutcome> o = evaluate_checks(m, now, &view);
  CHECK(std::isnan(*o[0].baseline));
  CHECK_FALSE(o[0].passed);
  CHECK(o[1].passed);
}

TEST_CASE("what is not a baseline is refused", "[calc][baseline]") {
  const Model m = load_model(kModel, "m.toml");
  const AnalysisResult now = report_of(m);
  auto refusal = [&](const std::string& text) {
    try {
      read_baseline(text, "old.json", now.document);
    } catch (const Error& e) {
      return e.diagnostics().front().message;
    }
    return std::string("accepted");
  };
  CHECK(refusal("{").rfind("not JSON", 0) == 0);
  // A number past a double's range (a fuzz finding: nlohmann throws out_of_range, not a parse error).
  CHECK(refusal(R"({"schema_version": 1, "size": {"x": 0.00045222974387E60558}})").find("number overflow") !=
        std::string::npos);
  CHECK(refusal("[1, 2]") == "not a headroom report: the document is not a JSON object");
  CHECK(refusal(R"({"size": {}})") == "not a headroom report: it has no schema_version");
  CHECK(refusal(R"({"schema_version": 2, "size": {}})") ==
        "schema_version 2; this headroom reads reports of schema_version 1");
  CHECK(refusal(R"({"schema_version": "1", "size": {}})").rfind("schema_version \"1\"", 0) == 0);
  CHECK(refusal(R"({"schema_version": 1, "checks": [], "passed": 0})").find("another command") != std::string::npos);
  CHECK(refusal(R"({"schema_version": 1, "name": "x"})") == "not a headroom report: it has none of the analyses' results");
  CHECK(refusal(R"({"schema_version": 1, "size": )" + std::string(40, '[') + std::string(40, ']') + "}")
            .find("nests deeper") != std::string::npos);
}
