// solve --min METRIC --vary: the best value of a metric among the passing points, against a
// model whose answer is known by hand.
#include <catch2/catch.hpp>

#include "calc/whatif/optimise.hpp"

using namespace headroom::calc;

namespace {

// n replicas of 99 %, any one enough: A = 1 − 0.01ⁿ, so the target of 1 − 10⁻⁶ needs n ≥ 3;
// each replica costs 0.1 an hour, 73.05 a month.
const char* kReplicas = R"(
[components.db]
availability = "99%"
replicas = 2
min_healthy = 1
[availability]
path = ["db"]
target = "99.9999%"
[cost]
replica_hour = 0.1
)";

OptimiseResult run(const char* toml, const std::string& vary, const std::string& metric, bool maximise,
                   const std::vector<Override>& overrides = {}) {
  const ParsedDocument doc(toml, "m.toml");
  Evaluator evaluator(doc, overrides, RunOptions{});
  const std::vector<Variation> keys = parse_variations({vary}, "--vary", kMaxSweepPoints);
  const Model first = evaluator.load(sweep_points(keys, kMaxSweepPoints).front());
  return optimise(evaluator, first, keys, metric, maximise, 2, nullptr);
}

}  // namespace

TEST_CASE("solve --min cost: the fewest replicas that meet the target, priced", "[calc][whatif][optimise]") {
  const OptimiseResult r = run(kReplicas, "components.db.replicas=1..6", "cost.monthly_total", false);
  REQUIRE(r.best);
  CHECK(r.sweep.keys[0].values[r.sweep.rows[*r.best].at[0]].label == "3");
  CHECK(*r.sweep.rows[*r.best].values[0] == Approx(3 * 0.1 * 730.5));
  CHECK(r.passing == 4);  // 3, 4, 5, 6
  CHECK(r.sweep.points == 6);
  // --max: the dearest passing one.
  const OptimiseResult most = run(kReplicas, "components.db.replicas=1..6", "cost.monthly_total", true);
  REQUIRE(most.best);
  CHECK(most.sweep.keys[0].values[most.sweep.rows[*most.best].at[0]].label == "6");
  const Node doc = optimise_document(r);
  CHECK(resolve_path(doc, "solve.metric_value")->as_number() == Approx(219.15));
  CHECK(resolve_path(doc, "solve.found")->as_bool());
}

TEST_CASE("solve --min with nothing passing finds nothing; ties go to the first", "[calc][whatif][optimise]") {
  const OptimiseResult none = run(kReplicas, "components.db.replicas=1..2", "cost.monthly_total", false);
  CHECK_FALSE(none.best);
  CHECK(none.passing == 0);
  CHECK(resolve_path(optimise_document(none), "solve.metric_value")->type() == Node::Type::kNull);
  // The availability target does not depend on the price: every price passes at 3 replicas,
  // and the availability is the same at each, so the first wins.
  const OptimiseResult tie = run(kReplicas, "cost.replica_hour=[0.3,0.1,0.2]", "avail.availability", false);
  CHECK_FALSE(tie.best);  // 2 replicas: 1 − 10⁻⁴ misses the target at every price
  const OptimiseResult first =
      run(kReplicas, "cost.replica_hour=[0.3,0.1,0.2]", "avail.availability", false, {{"components.db.replicas", "3"}});
  REQUIRE(first.best);
  CHECK(*first.best == 0);
}
