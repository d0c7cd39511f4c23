#include "calc/whatif/solve.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fmt/format.h>
#include <random>

#include "calc/input/model_loader.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

// Servers needed: ⌈rate / (100/s × 0.7)⌉ plus replicas − min_healthy spares (SPEC §3.1): at
// most 4 with one spare allows up to 3 × 70/s = 210/s.
const char* kSized = R"(
[traffic]
request_rate = "100/s"
[components.a]
availability = 0.9
replicas = 2
capacity = "100/s"
[availability]
path = ["a"]
target = "99.99%"
[[check]]
metric = "size.servers.a"
max = 4
)";

SolveResult solve_text(const std::string& text, SolveRequest request, std::vector<Override> base = {}) {
  const ParsedDocument doc(text, "s.toml");
  Evaluator evaluator(doc, base, RunOptions{});
  return solve(evaluator, doc, request, 2);
}

// Every check and target at `key = value`, run alone.
bool passes_alone(const std::string& text, const std::string& key, const std::string& value,
                  std::vector<Override> base = {}) {
  base.push_back({key, value});
  const Model m = load_model(text, "s.toml", base);
  for (const CheckOutcome& c : evaluate_checks(m, run_report(m, RunOptions{})))
    if (!c.passed) return false;
  return true;
}

}  // namespace

TEST_CASE("solve --max: the largest rate the servers check allows, from the closed form", "[calc][whatif]") {
  // Without the availability target (0.9 × 2 replicas misses 99.99 % whatever the rate).
  const std::vector<Override> no_target = {{"availability.target", "\"90%\""}};
  for (const std::optional<std::string>& within : {std::optional<std::string>("10/s..10k/s"), std::optional<std::string>()}) {
    const SolveResult r = solve_text(kSized, {"traffic.request_rate", true, within}, no_target);
    INFO(within.value_or("from the file's value"));
    REQUIRE(r.found);
    CHECK_FALSE(r.whole_range);
    CHECK(r.monotone);
    CHECK(*r.si == Approx(210).epsilon(1e-6));  // 3 × 100/s × 0.7
    CHECK(*r.si <= 210);
    CHECK(r.binding_check == "size.servers.a");
    CHECK(r.margin == 0);  // 4 servers at the answer: at the bound
    // The answer passes when run alone, and the value past it fails.
    CHECK(passes_alone(kSized, "traffic.request_rate", "\"" + r.label + "\"", no_target));
    CHECK_FALSE(passes_alone(kSized, "traffic.request_rate", "\"" + r.next_label + "\"", no_target));
  }
}

TEST_CASE("solve --min on a whole key: the fewest replicas for 99.99 %, from 1 − 0.1^n", "[calc][whatif]") {
  // 0.9 per replica, any one of n enough: 1 − 0.1^n ≥ 0.9999 first at n = 4 (the servers
  // check, which spares raise, out of the way).
  const std::vector<Override> loose = {{"check.0.max", "100"}};
  const SolveResult r = solve_text(kSized, {"components.a.replicas", false, "1..20"}, loose);
  REQUIRE(r.found);
  CHECK(r.value == 4);
  CHECK(r.next_label == "3");
  CHECK(r.binding_check == "avail.availability");
  CHECK(r.margin == Approx(0).margin(1e-12));  // 0.9999 against 99.99 %
  CHECK(passes_alone(kSized, "components.a.replicas", "4", loose));
  CHECK_FALSE(passes_alone(kSized, "components.a.replicas", "3", loose));
  // From the file's value (2), doubling finds the same.
  CHECK(solve_text(kSized, {"components.a.replicas", false, std::nullopt}, loose).value == 4);
  // With the servers check, more replicas mean more spares: 20 fails it, as do 1..3 the target.
  CHECK_FALSE(solve_text(kSized, {"components.a.replicas", false, "1..20"}).found);
}

TEST_CASE("solve: checks that are not monotone in the key are said so, and the best cell refined", "[calc][whatif]") {
  // Exactly 3 servers (one a spare): a window of rates, above 70/s and up to 140/s.
  const std::string window = std::string(kSized) + "[[check]]\nmetric = \"size.servers.a\"\nmin = 3\n";
  const std::vector<Override> no_target = {{"availability.target", "\"90%\""}, {"check.0.max", "3"}};
  const SolveResult r = solve_text(window, {"traffic.request_rate", true, "1/s..1k/s"}, no_target);
  REQUIRE(r.found);
  CHECK_FALSE(r.monotone);
  CHECK(*r.si == Approx(140).epsilon(1e-6));
  CHECK(passes_alone(window, "traffic.request_rate", "\"" + r.label + "\"", no_target));
}

TEST_CASE("solve: no value passes, or every value does", "[calc][whatif]") {
  // 0.9 with two replicas never meets 99.99 %, whatever the rate.
  const SolveResult none = solve_text(kSized, {"traffic.request_rate", true, "10/s..1k/s"});
  CHECK_FALSE(none.found);
  CHECK(none.binding_check == "avail.availability");
  // Up to 200/s every rate needs at most 4 servers.
  const SolveResult all = solve_text(kSized, {"traffic.request_rate", true, "10/s..200/s"}, {{"availability.target", "\"90%\""}});
  CHECK(all.found);
  CHECK(all.whole_range);
  CHECK(*all.si == 200);
}

TEST_CASE("solve: bad requests are usage errors", "[calc][whatif]") {
  auto error = [](SolveRequest request) {
    try {
      solve_text(kSized, request);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(error({"system.name", true, "1..2"}), Catch::Contains("'system.name' is not a number"));
  CHECK_THAT(error({"traffic.peak_to_average", true, std::nullopt}),
             Catch::Contains("the file gives no number for 'traffic.peak_to_average'"));
  CHECK_THAT(error({"traffic.request_rate", true, "1k/s..10/s"}), Catch::Contains("is above TO"));
  CHECK_THAT(error({"traffic.request_rat", true, "1..2"}), Catch::Contains("did you mean 'request_rate'?"));
  CHECK_THAT(error({"traffic.request_rate", true, "10/s..10/s"}), Catch::Contains("the range is one value"));
}

TEST_CASE("solve against closed forms on random models", "[calc][whatif][random]") {
  // The largest rate: servers = ⌈rate / (C·u)⌉ + (r − m) ≤ S, so rate ≤ (S − r + m)·C·u. The
  // fewest replicas: 1 − (1 − p)^n ≥ T, found by counting n up from 1.
  std::mt19937_64 rng(12);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto whole = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 40; ++trial) {
    const int replicas = whole(1, 6), min_healthy = whole(1, replicas), bound = whole(replicas - min_healthy + 1, 40);
    const double capacity = uniform(10, 5000), utilization = uniform(0.3, 1.0), p = uniform(0.5, 0.999);
    const double target = 1 - std::pow(10, -uniform(1, 6));
    const std::string text = fmt::format(
        "[system]\ntarget_utilization = {}\n[traffic]\nrequest_rate = \"1/s\"\n[components.a]\navailability = {}\n"
        "replicas = {}\nmin_healthy = {}\ncapacity = \"{}/s\"\n[availability]\npath = [\"a\"]\ntarget = {}\n"
        "[[check]]\nmetric = \"size.servers.a\"\nmax = {}\n",
        utilization, p, replicas, min_healthy, capacity, target, bound);
    INFO(text);
    const double limit = (bound - replicas + min_healthy) * capacity * utilization;
    const SolveResult rate = solve_text(text, {"traffic.request_rate", true, "0.5/s..1G/s"}, {{"availability.target", "1e-9"}});
    REQUIRE(rate.found);
    CHECK(*rate.si <= limit * (1 + 1e-12));
    CHECK(*rate.si >= limit * (1 - 2e-6));
    int fewest = 1;
    while (fewest < 200 && 1 - std::pow(1 - p, fewest) < target) ++fewest;
    const SolveResult n = solve_text(text, {"components.a.replicas", false, "1..200"},
                                     {{"check.0.max", "1000"}, {"components.a.min_healthy", "1"}});
    // The loader's availability is exact where this pow is not: skip a tie within rounding.
    if (std::abs(1 - std::pow(1 - p, fewest) - target) < 1e-12) continue;
    REQUIRE(n.found == (fewest <= 200));
    if (n.found) CHECK(n.value == fewest);
  }
}
