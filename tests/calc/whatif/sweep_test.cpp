#include "calc/whatif/sweep.hpp"

#include <catch2/catch.hpp>

#include "calc/budget/section.hpp"
#include "calc/input/model_loader.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

std::string usage_error(const std::string& arg, double max = kMaxSweepPoints) {
  try {
    parse_variation(arg, "--vary", max);
  } catch (const Error& e) {
    const std::string what = e.what();
    return what.rfind("headroom: error: ", 0) == 0 ? what.substr(17) : what;
  }
  return "no error";
}

std::vector<std::string> labels(const Variation& v) {
  std::vector<std::string> out;
  for (const VariedValue& x : v.values) out.push_back(x.label);
  return out;
}

// A web tier, a cache in front of the database, and the database's visits from the cache.
const char* kChained = R"(
[components.web]
availability = "99.9%"
replicas = 3
[availability]
path = ["web"]
target = "99.9%"
[cache]
capacity = "2k"
policies = ["lru"]
workload = { objects = "20k", zipf = 0.9, requests = "200k" }
[budget]
arrival_rate = "400/s"
slo = { p99 = "100 ms" }
samples = "20k"
[[budget.stage]]
name = "web"
servers = 4
service_time = "5 ms"
[[budget.stage]]
name = "db"
servers = 2
service_time = "4 ms"
visits = { cache = "lru" }
[[check]]
metric = "budget.stages.db.utilization"
max = "40%"
)";

// Every number and boolean of two documents, path by path.
void require_same_leaves(const Node& a, const Node& b) {
  const std::vector<std::string> paths = leaf_paths(a);
  REQUIRE(paths == leaf_paths(b));
  for (const std::string& p : paths) {
    const Node* x = resolve_path(a, p);
    const Node* y = resolve_path(b, p);
    INFO(p);
    REQUIRE(x->type() == y->type());
    if (x->type() == Node::Type::kNumber) CHECK(x->as_number() == y->as_number());
    if (x->type() == Node::Type::kBool) CHECK(x->as_bool() == y->as_bool());
  }
}

}  // namespace

TEST_CASE("the values of --vary: whole steps, N steps, a factor, a list, in the unit written", "[calc][whatif]") {
  CHECK(labels(parse_variation("budget.stage.db.servers=2..5", "--vary", 100)) ==
        std::vector<std::string>{"2", "3", "4", "5"});
  CHECK(labels(parse_variation("traffic.peak_to_average=1..2:5", "--vary", 100)) ==
        std::vector<std::string>{"1", "1.25", "1.5", "1.75", "2"});
  // 0.1 steps read as written, not 0.30000000000000004.
  CHECK(labels(parse_variation("system.target_utilization=0.1..0.5:5", "--vary", 100)) ==
        std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"});
  const Variation bytes = parse_variation("cache.capacity=1 GiB..8 GiB:x2", "--vary", 100);
  CHECK(labels(bytes) == std::vector<std::string>{"1 GiB", "2 GiB", "4 GiB", "8 GiB"});
  CHECK(bytes.geometric);
  CHECK(bytes.values[1].toml == "\"2 GiB\"");
  CHECK(*bytes.values[3].si == 8.0 * (1 << 30));
  // A factor stops at TO, not past it; ends in two units are written in FROM's.
  CHECK(labels(parse_variation("cache.capacity=10k..100k:x3", "--vary", 100)) ==
        std::vector<std::string>{"10k", "30k", "90k"});
  CHECK(labels(parse_variation("budget.stage.db.service_time=500ms..2s:4", "--vary", 100)) ==
        std::vector<std::string>{"500ms", "1000ms", "1500ms", "2000ms"});
  const Variation list = parse_variation("sharding.algorithm=[ketama, jump, \"maglev\"]", "--vary", 100);
  CHECK(labels(list) == std::vector<std::string>{"ketama", "jump", "maglev"});
  CHECK_FALSE(list.values[0].si);
  CHECK(parse_variation("budget.stage.db.servers=[2,4]", "--vary", 100).values[1].toml == "4");
}

TEST_CASE("a bad --vary is a usage error naming the key", "[calc][whatif]") {
  CHECK(usage_error("budget.stage.db.servers=10..2") ==
        "--vary budget.stage.db.servers: FROM '10' is above TO '2'\n  hint: write 2..10");
  CHECK(usage_error("budget.stage.db.servers=1..10:0") ==
        "--vary budget.stage.db.servers: a step count of 0 gives no values");
  CHECK_THAT(usage_error("cache.capacity=1k..8k:x1"), Catch::Contains("a factor of 1 does not grow"));
  CHECK_THAT(usage_error("cache.capacity=0..8k:x2"), Catch::Contains("a geometric range starts above 0"));
  CHECK(usage_error("budget.stage.db.servrs=1..4") ==
        "--vary: no key 'budget.stage.db.servrs' in headroom's format\n  hint: did you mean 'servers'?");
  CHECK_THAT(usage_error("sharding.algorithm=1..3"), Catch::Contains("the key is not a number, so it takes a list"));
  CHECK_THAT(usage_error("traffic.peak_to_average=1ms..2"), Catch::Contains("'1ms' is a duration and '2' is a number"));
  CHECK_THAT(usage_error("traffic.peak_to_average=1.5..3"), Catch::Contains("has no whole steps; give :N or :xF"));
  CHECK_THAT(usage_error("traffic.peak_to_average=1..20000"), Catch::Contains("20000 values, more than 10000"));
  CHECK_THAT(usage_error("traffic.peak_to_average=1..1e12"), Catch::Contains("more than"));  // counted, not built
  CHECK_THAT(usage_error("traffic.peak_to_average=abc..3"), Catch::Contains("'abc' is not a number"));
  CHECK_THAT(usage_error("traffic.peak_to_average"), Catch::Contains("expects KEY=FROM..TO"));
  CHECK_THAT(usage_error("traffic=1..3"), Catch::Contains("'traffic' is a table"));
  CHECK_THAT(usage_error("traffic.peak_to_average=[1,,2]"), Catch::Contains("an empty item"));
  std::vector<Variation> keys = {parse_variation("traffic.peak_to_average=1..200", "--vary", 1e4),
                                 parse_variation("budget.stage.db.servers=1..100", "--vary", 1e4)};
  CHECK_THROWS_WITH(sweep_points(keys, kMaxSweepPoints), Catch::Contains("20000 points in all, more than 10000"));
  CHECK(sweep_points(keys, kMaxForcedSweepPoints).size() == 20000);
}

TEST_CASE("find_key follows --set's paths through named tables and array entries", "[calc][schema]") {
  REQUIRE(find_key("components.db.mttr"));
  CHECK(find_key("components.db.mttr")->type == ValueType::kDuration);
  CHECK(find_key("budget.stage.db.servers")->type == ValueType::kInteger);
  CHECK(find_key("budget.stage.1.visits")->type == ValueType::kNumberOrTable);
  CHECK(find_key("budget.slo.p99"));
  CHECK(find_key("check.0.max"));
  CHECK(find_key("budget.stage.db") == nullptr);  // a whole entry
  CHECK(find_key("budget.stage.db.servrs") == nullptr);
  CHECK(find_key("nosuch.key") == nullptr);
}

TEST_CASE("an override (--set, --vary) names an array entry by its name", "[calc][input]") {
  const Model m = load_model(kChained, "c.toml", {{"budget.stage.db.servers", "7"}});
  CHECK(m.section<BudgetSection>()->stages[1].servers == 7);
  CHECK_THROWS_WITH(load_model(kChained, "c.toml", {{"budget.stage.dbx.servers", "7"}}),
                    "--set budget.stage.dbx.servers=7: budget.stage.dbx.servers: no [[budget.stage]] named 'dbx' in the file\n"
                    "  hint: did you mean 'db'?");
  // An error in the value names the override, not a line of the file.
  CHECK_THROWS_WITH(load_model(kChained, "c.toml", {{"budget.stage.db.servers", "1.5", "--vary budget.stage.db.servers=1.5"}}),
                    Catch::StartsWith("--vary budget.stage.db.servers=1.5: budget.stage[1].servers:"));
}

TEST_CASE("a sweep equals a loop of --set runs, point for point, on any thread count", "[calc][whatif]") {
  const ParsedDocument doc(kChained, "c.toml");
  std::vector<Variation> keys = {parse_variation("cache.capacity=1k..4k:x2", "--vary", 100),
                                 parse_variation("budget.stage.db.servers=[2,3]", "--vary", 100)};
  const std::vector<Point> points = sweep_points(keys, 100);
  REQUIRE(points.size() == 6);
  const std::vector<std::string> metrics = {"budget.latency_seconds.p99", "cache.policies.lru.hit_ratio",
                                            "avail.availability"};
  SweepResult by_one, by_four;
  for (auto [jobs, out] : {std::pair{1u, &by_one}, std::pair{4u, &by_four}}) {
    Evaluator evaluator(doc, {}, RunOptions{});
    *out = run_sweep(evaluator, evaluator.load(points[0]), keys, metrics, jobs, 100, nullptr);
  }
  REQUIRE(by_one.rows.size() == 6);
  for (size_t i = 0; i < points.size(); ++i) {
    const Model alone = load_model(kChained, "c.toml", points[i]);
    const AnalysisResult report = run_report(alone, RunOptions{});
    for (size_t m = 0; m < metrics.size(); ++m) {
      INFO(i << " " << metrics[m]);
      CHECK(*by_one.rows[i].values[m] == resolve_path(report.document, metrics[m])->as_number());
      CHECK(*by_four.rows[i].values[m] == *by_one.rows[i].values[m]);
    }
    // And the whole report, not only the chosen metrics.
    Evaluator evaluator(doc, {}, RunOptions{});
    require_same_leaves(evaluator.evaluate(points[i]).report.document, report.document);
  }
  // The db check (at most 40 %) fails with the smallest cache and two servers (41.9 %) only.
  CHECK(by_one.rows[0].failed_checks == std::vector<std::string>{"budget.stages.db.utilization"});
  for (size_t i = 1; i < by_one.rows.size(); ++i) CHECK(by_one.rows[i].failed_checks.empty());
}

TEST_CASE("a sweep over a budget stage's servers runs the cache simulation once", "[calc][whatif]") {
  const ParsedDocument doc(kChained, "c.toml");
  std::vector<Variation> keys = {parse_variation("budget.stage.db.servers=2..5", "--vary", 100)};
  Evaluator evaluator(doc, {}, RunOptions{});
  const SweepResult r = run_sweep(evaluator, evaluator.load(sweep_points(keys, 100)[0]), keys,
                                  {"budget.latency_seconds.p99"}, 2, 100, nullptr);
  // The cache once; the budget and avail (which reads every table) at each of the four points.
  CHECK(r.analyses_run == 1 + 4 + 4);
  // A sweep over the cache reruns the budget that reads it, and nothing else.
  // A sweep over the cache reruns it at each point, and what reads it (the budget).
  std::vector<Variation> cache_keys = {parse_variation("cache.capacity=1k..3k", "--vary", 100)};
  Evaluator again(doc, {}, RunOptions{});
  const SweepResult c = run_sweep(again, again.load(sweep_points(cache_keys, 100)[0]), cache_keys,
                                  {"budget.latency_seconds.p99"}, 2, 100, nullptr);
  CHECK(c.points == 3);
  CHECK(c.analyses_run == 3 * 3);
  // The same points again in the same evaluator: nothing runs.
  const SweepResult same = run_sweep(again, again.load(sweep_points(cache_keys, 100)[0]), cache_keys,
                                     {"budget.latency_seconds.p99"}, 2, 100, nullptr);
  CHECK(same.analyses_run == c.analyses_run);
}

TEST_CASE("a sweep's metric the report does not have is an error before the run", "[calc][whatif]") {
  const ParsedDocument doc(kChained, "c.toml");
  std::vector<Variation> keys = {parse_variation("budget.stage.db.servers=2..3", "--vary", 100)};
  Evaluator evaluator(doc, {}, RunOptions{});
  CHECK_THROWS_WITH(run_sweep(evaluator, evaluator.load(sweep_points(keys, 100)[0]), keys,
                              {"budget.latency_seconds.p98"}, 1, 100, nullptr),
                    Catch::Contains("no metric 'budget.latency_seconds.p98' in the report"));
  CHECK(evaluator.analyses_run() == 0);
  CHECK_THROWS_WITH(run_sweep(evaluator, evaluator.load(sweep_points(keys, 100)[0]), keys, {"budget.stages"}, 1, 100, nullptr),
                    Catch::Contains("'budget.stages' is not a number"));
}
