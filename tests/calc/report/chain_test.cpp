// The chain between analyses: every value one analysis takes from another is recorded with
// both ends as report paths that hold it, and report --explain prints each chain once.
#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <string>

#include "calc/input/model_loader.hpp"
#include "calc/report/chain.hpp"
#include "calc/report/report.hpp"

using namespace headroom::calc;

namespace {

// Traffic sets the budget's arrival rate and the web tier's servers; the cache's LRU misses
// are the database's visits; size's and the budget's servers needed set what cost prices.
const char* kChained = R"(
[traffic]
request_rate = "300/s"
peak_to_average = 2
[components.web]
capacity = "100/s"
replicas = 2
min_healthy = 2
[components.db]
replicas = 2
concurrency = 2
service_time = "10 ms"
[cache]
capacity = "2k"
policies = ["lru"]
workload = { objects = "20k", zipf = 0.9, requests = "200k" }
[budget]
samples = "20k"
target_utilization = 0.5
[[budget.stage]]
name = "web"
servers = 8
service_time = "5 ms"
[[budget.stage]]
name = "db"
component = "db"
visits = { cache = "lru" }
[cost]
replica_hour = 0.25
)";

double number_at(const Node& doc, const std::string& path) {
  const Node* n = resolve_path(doc, path);
  INFO(path);
  REQUIRE(n != nullptr);
  REQUIRE(n->type() == Node::Type::kNumber);
  return n->as_number();
}

}  // namespace

TEST_CASE("each chained input names the metric it came from, and both hold the value", "[calc][report][chain]") {
  const Model m = load_model(kChained, "m.toml");
  RunOptions options;
  const AnalysisResult report = run_report(m, options);
  REQUIRE(report.chain.size() == 4);
  for (const ChainLink& l : report.chain) {
    CAPTURE(l.from, l.to);
    CHECK(number_at(report.document, l.to) == l.value);
    // A copy, except the budget's servers over the component's concurrency.
    if (l.from.find("servers_needed") == std::string::npos) CHECK(number_at(report.document, l.from) == l.value);
    for (const std::string& then : l.then) number_at(report.document, then);
  }
  const Node& doc = report.document;
  // The JSON of each analysis lists what it took.
  const double miss = number_at(doc, "cache.policies.lru@2000.miss_ratio");
  CHECK(number_at(doc, "budget.chained_inputs.\"budget.stages.db.visits\".value") == miss);
  CHECK(resolve_path(doc, "budget.chained_inputs.\"budget.stages.db.visits\".from")->as_string() ==
        "cache.policies.lru@2000.miss_ratio");
  CHECK(number_at(doc, "budget.arrival_rate_per_second") == 600);
  CHECK(number_at(doc, "cost.components.web.replicas") == number_at(doc, "size.servers.web"));
  // db's stage needs ⌈servers_needed / 2⌉ replicas of 2 workers: ⌈600 × miss × 0.01 / 0.5⌉ servers.
  const double db_servers = number_at(doc, "budget.stages.db.servers_needed");
  CHECK(db_servers == std::ceil(600 * miss * 0.01 / 0.5));
  CHECK(number_at(doc, "cost.components.db.replicas") == std::ceil(db_servers / 2));
  CHECK(number_at(doc, "cost.components.db.replicas") > 2);  // more than the file's: a chained input
}

TEST_CASE("report --explain prints each chain from its source to its end", "[calc][report][chain]") {
  const Model m = load_model(kChained, "m.toml");
  RunOptions options;
  const AnalysisResult report = run_report(m, options);
  std::vector<std::string> flows;
  for (const ExplainLine& l : report.explanation)
    if (l.topic == "chain") flows.push_back(l.text);
  REQUIRE(flows.size() == 3);
  // Sources in order: the cache's miss ratio, size's peak, size's servers.
  CHECK(flows[0].rfind("flow: cache.policies.lru@2000.miss_ratio ", 0) == 0);
  CHECK(flows[0].find(" → budget.stages.db.visits ") != std::string::npos);
  CHECK(flows[0].find(" → budget.stages.db.servers_needed ") != std::string::npos);
  CHECK(flows[0].find(" → cost.components.db.replicas ") != std::string::npos);
  CHECK(flows[0].find(" → cost.monthly_total ") != std::string::npos);
  CHECK(flows[1] == "flow: size.requests_per_second.peak 600 → budget.arrival_rate_per_second 600 → budget.headroom " +
                        fmt::format("{:.6g}", number_at(report.document, "budget.headroom")));
  CHECK(flows[2].rfind("flow: size.servers.web 9 → cost.components.web.replicas 9 → cost.components.web.monthly ", 0) == 0);
  // Without --explain, no flow lines (and no work for them).
  options.explain = false;
  for (const ExplainLine& l : run_report(m, options).explanation) CHECK(l.topic != "chain");
}

TEST_CASE("a chain's links never loop back, and a link nobody feeds is a source", "[calc][report][chain]") {
  const Model m = load_model("[traffic]\nrequest_rate = \"1/s\"\n", "m.toml");
  const Node doc = Node::object();
  // a → b (then c), c → d, d → e: one flow a, b, c, d, e (values unknown: n/a).
  const std::vector<ChainLink> links = {{"x.a", "x.b", 1, {"x.c"}}, {"x.c", "x.d", 1, {}}, {"x.d", "x.e", 1, {}}};
  const Explanation flows = flow_lines(m, doc, links);
  REQUIRE(flows.size() == 1);
  CHECK(flows[0].text == "flow: x.a n/a → x.b n/a → x.c n/a → x.d n/a → x.e n/a");
  // Two links from one step: two flows.
  const std::vector<ChainLink> fork = {{"x.a", "x.b", 1, {}}, {"x.a", "x.c", 1, {}}};
  CHECK(flow_lines(m, doc, fork).size() == 2);
}
