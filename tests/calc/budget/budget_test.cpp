#include "calc/budget/budget.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "calc/base/error.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/report/document.hpp"
#include "calc/report/report.hpp"
#include "formulas/phase_type.hpp"
#include "formulas/queueing.hpp"

#include <fmt/format.h>

using namespace headroom;
using namespace headroom::calc;

namespace {

BudgetResult budget_of(const std::string& toml, bool preview = false, unsigned long long seed = 1) {
  const Model m = load_model(toml, "b.toml");
  RunOptions o;
  o.seed = seed;
  return analyse_budget(m, *m.section<BudgetSection>(), nullptr, o, preview);
}

// An independent reference: FCFS G/G/c simulated by the Kiefer–Wolfowitz recursion (the sorted
// times at which each of the c servers next falls free; an arrival takes the earliest). Returns
// the response times of n customers after a warm-up of n/10.
std::vector<double> simulate_ggc(int c, double lambda, double s, bool h2_service, std::uint64_t seed, int n) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> inter(lambda);
  // H2 with balanced means and scv 4 (as formulas::ph_fit does), or exponential.
  const double scv = 4, p1 = 0.5 * (1 + std::sqrt((scv - 1) / (scv + 1)));
  std::exponential_distribution<double> e1(2 * p1 / s), e2(2 * (1 - p1) / s), e(1 / s);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> free_at(c, 0.0), out;
  double t = 0;
  const int warm = n / 10;
  for (int i = 0; i < n + warm; ++i) {
    t += inter(rng);
    std::pop_heap(free_at.begin(), free_at.end(), std::greater<>());
    const double start = std::max(t, free_at.back());
    const double service = h2_service ? (u(rng) < p1 ? e1(rng) : e2(rng)) : e(rng);
    free_at.back() = start + service;
    std::push_heap(free_at.begin(), free_at.end(), std::greater<>());
    if (i >= warm) out.push_back(start + service - t);
  }
  return out;
}

double quantile(std::vector<double> x, double q) {
  const size_t i = static_cast<size_t>(std::ceil(q * x.size())) - 1;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(i), x.end());
  return x[i];
}

// What loading `toml` reports ("no error" when it loads).
std::string errors_of(const std::string& toml, const std::string& name) {
  try {
    load_model(toml, name);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

double mean(const std::vector<double>& x) {
  double sum = 0;
  for (double v : x) sum += v;
  return sum / x.size();
}

}  // namespace

TEST_CASE("an M/M/c stage agrees with a simulated FCFS queue", "[calc][budget]") {
  // 8 servers at 85 %: mean response and p99 within 3 % of 2 M simulated customers.
  const BudgetResult r = budget_of(R"(
[budget]
arrival_rate = "340/s"
[[budget.stage]]
name = "app"
servers = 8
service_time = "20 ms"
)");
  REQUIRE(r.stages.size() == 1);
  const StageBudget& b = r.stages[0];
  CHECK(b.method == "M/M/8 exact");
  CHECK(b.utilization == Approx(0.85).epsilon(1e-12));
  const std::vector<double> sim = simulate_ggc(8, 340, 0.02, false, 7, 2'000'000);
  CHECK(b.visit_mean == Approx(mean(sim)).epsilon(0.03));
  CHECK(b.visit_percentiles[2] == Approx(quantile(sim, 0.99)).epsilon(0.03));
  CHECK(b.visit_percentiles[0] == Approx(quantile(sim, 0.5)).epsilon(0.03));
  // One stage, one visit: the request's percentiles are the stage's, within the Monte Carlo's error.
  REQUIRE(r.latency.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    INFO("quantile " << r.latency[i].q);
    CHECK(std::abs(r.latency[i].value - b.visit_percentiles[i]) < 4 * r.latency[i].standard_error);
    CHECK(r.latency[i].standard_error > 0);
  }
  CHECK(r.latency_mean == Approx(b.visit_mean).epsilon(1e-12));
  CHECK(r.concurrency == Approx(340 * b.visit_mean).epsilon(1e-12));  // Little's law
}

TEST_CASE("a G/G/c stage is Allen–Cunneen's approximation, close to a simulation", "[calc][budget]") {
  // Bursty service (scv 4), 4 servers at 80 %: the approximation's mean wait within 15 % of the
  // simulated FCFS queue (Allen–Cunneen is known to be within ~10 % in this range).
  const BudgetResult r = budget_of(R"(
[budget]
arrival_rate = "160/s"
[[budget.stage]]
name = "db"
servers = 4
service_time = "20 ms"
service_scv = 4
)");
  const StageBudget& b = r.stages[0];
  CHECK(b.method == "M/G/4 Allen–Cunneen approx.");
  const std::vector<double> sim = simulate_ggc(4, 160, 0.02, true, 9, 2'000'000);
  CHECK(b.queue->wait_mean + 0.02 == Approx(mean(sim)).epsilon(0.15));
}

TEST_CASE("one server with bursty service is M/H2/1, exact against a simulation", "[calc][budget]") {
  const BudgetResult r = budget_of(R"(
[budget]
arrival_rate = "35/s"
[[budget.stage]]
name = "db"
service_time = "20 ms"
service_scv = 4
)");
  const StageBudget& b = r.stages[0];
  CHECK(b.method == "M/H2/1 exact");
  const std::vector<double> sim = simulate_ggc(1, 35, 0.02, true, 13, 3'000'000);
  CHECK(b.visit_mean == Approx(mean(sim)).epsilon(0.03));
  CHECK(b.visit_percentiles[2] == Approx(quantile(sim, 0.99)).epsilon(0.03));
}

TEST_CASE("visits, fan-out and latency add up the request's mean exactly", "[calc][budget]") {
  const BudgetResult r = budget_of(R"(
[budget]
arrival_rate = "100/s"
samples = 200000
[[budget.stage]]
name = "a"
servers = 4
service_time = "10 ms"
latency = "1 ms"
[[budget.stage]]
name = "b"
servers = 100
service_time = "5 ms"
visits = 2.5
fanout = 10
latency = "0.5 ms"
)");
  REQUIRE(r.stable);
  const StageBudget &a = r.stages[0], &b = r.stages[1];
  CHECK(b.arrival_rate == Approx(100 * 2.5 * 10).epsilon(1e-14));
  CHECK(r.latency_mean == Approx(a.visit_mean + 2.5 * b.visit_mean).epsilon(1e-14));
  CHECK(a.visit_mean == Approx(formulas::ph_mean(a.queue->response) + 0.001).epsilon(1e-12));
  CHECK(b.visit_mean > formulas::ph_mean(b.queue->response) + 0.0005);  // the slowest of 10
  // The bottleneck and the saturation point: c / (s × visits × fanout).
  CHECK(r.stages[r.bottleneck].stage.name == "a");  // 25 % busy; b 12.5 %
  CHECK(r.stages[1].max_arrival_rate == Approx(100 / (0.005 * 25)).epsilon(1e-12));
  CHECK(r.max_throughput == Approx(4 / 0.01).epsilon(1e-12));
  CHECK(r.headroom == Approx(400.0 / 100 - 1).epsilon(1e-12));
  // 2 or 3 visits: the p50 lies between a + 2 visits and a + 3 visits of b at their medians.
  CHECK(r.latency[0].value > b.visit_percentiles[0] * 2);
}

TEST_CASE("an overloaded stage is a result, not an error", "[calc][budget]") {
  const BudgetResult r = budget_of(R"(
[budget]
arrival_rate = "500/s"
[[budget.stage]]
name = "web"
servers = 4
service_time = "10 ms"
)");
  CHECK_FALSE(r.stable);
  CHECK_FALSE(r.stages[0].stable);
  CHECK(r.stages[0].utilization == Approx(1.25).epsilon(1e-12));
  CHECK(r.stages[0].servers_needed == 8);  // ⌈5 / 0.7⌉
  CHECK(r.latency.empty());
  CHECK(r.headroom == Approx(400.0 / 500 - 1).epsilon(1e-12));
}

TEST_CASE("a stage takes its servers and service time from its component", "[calc][budget]") {
  const BudgetResult r = budget_of(R"(
[components.api]
replicas = 3
concurrency = 4
capacity = "400/s"
service_scv = 2
[budget]
arrival_rate = "1k/s"
[[budget.stage]]
name = "api"
component = "api"
)");
  const BudgetStage& st = r.stages[0].stage;
  CHECK(st.servers == 12);
  CHECK(st.service_time.value() == Approx(4.0 / 400).epsilon(1e-14));  // concurrency / capacity
  CHECK(st.service_scv == 2);
  CHECK(r.stages[0].utilization == Approx(1000 * 0.01 / 12).epsilon(1e-12));
}

TEST_CASE("the same seed gives the same draws; another seed other draws", "[calc][budget]") {
  const std::string toml = R"(
[budget]
arrival_rate = "300/s"
samples = 150000
[[budget.stage]]
name = "a"
servers = 4
service_time = "5 ms"
visits = 1.5
)";
  const BudgetResult x = budget_of(toml, false, 5), y = budget_of(toml, false, 5), z = budget_of(toml, false, 6);
  REQUIRE(x.latency.size() == 4);
  REQUIRE(y.latency.size() == 4);
  REQUIRE(z.latency.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(x.latency[i].value == y.latency[i].value);
    CHECK(x.latency[i].standard_error == y.latency[i].standard_error);
  }
  CHECK(x.latency[3].value != z.latency[3].value);
  CHECK(budget_of(toml, true).latency.empty());  // a preview draws nothing
}

TEST_CASE("bad budgets are positioned errors", "[calc][budget]") {
  auto error_of = [](const std::string& toml) { return errors_of(toml, "b.toml"); };
  const std::string head = "[budget]\narrival_rate = \"1k/s\"\n[[budget.stage]]\nname = \"x\"\n";
  CHECK_THAT(error_of(head + "servers = 0\nservice_time = \"1 ms\"\n"), Catch::Contains("budget.stage[0].servers"));
  CHECK_THAT(error_of(head + "service_time = \"-1 ms\"\n"), Catch::Contains("budget.stage[0].service_time"));
  CHECK_THAT(error_of(head + "service_time = \"1 ms\"\nvisits = -0.5\n"), Catch::Contains("budget.stage[0].visits"));
  CHECK_THAT(error_of(head + "component = \"ap\"\n[components.api]\nservice_time = \"1 ms\"\n"),
             Catch::Contains("no component named 'ap'"));
  CHECK_THAT(error_of(head), Catch::Contains("a stage needs service_time"));
  CHECK_THAT(error_of("[budget]\narrival_rate = \"1k/s\"\n"), Catch::Contains("at least one [[budget.stage]]"));
  CHECK_THAT(error_of("[budget]\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n"),
             Catch::Contains("budget.arrival_rate"));
  CHECK_THAT(error_of(head + "service_time = \"1 ms\"\n[budget.slo]\np95 = \"1 s\"\n"),
             Catch::Contains("budget.slo.p95"));
  const std::string closed = "[budget]\nusers = 100\nslo = { p99 = \"1 s\" }\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n";
  CHECK_THAT(error_of(closed), Catch::Contains("budget.slo.p99: a closed workload (users) gives the mean latency only"));
  CHECK_THAT(error_of("[budget]\nusers = 100\narrival_rate = \"1/s\"\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n"),
             Catch::Contains("not both"));
  CHECK_THAT(error_of("[budget]\narrival_rate = \"1/s\"\nthink_time = \"1 s\"\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n"),
             Catch::Contains("budget.think_time"));
}

TEST_CASE("a stage's visits from the cache are its miss ratio, and the cache size moves the database",
          "[calc][budget]") {
  auto model = [](const std::string& capacities) {
    return "[cache]\ncapacities = " + capacities + "\npolicies = [\"fifo\", \"lru\"]\n"
           "[cache.workload]\nobjects = \"20k\"\nzipf = 0.8\nrequests = \"200k\"\n"
           "[budget]\narrival_rate = \"1k/s\"\nsamples = \"10k\"\n"
           "[[budget.stage]]\nname = \"cache\"\nservers = 2\nservice_time = \"0.2 ms\"\n"
           "[[budget.stage]]\nname = \"db\"\nservers = 4\nservice_time = \"3 ms\"\n"
           "visits = { cache = \"lru\" }\n";
  };
  auto number = [](const Node& doc, const std::string& path) {
    const Node* n = resolve_path(doc, path);
    REQUIRE(n != nullptr);
    return n->as_number();
  };
  // The first capacity's LRU, not FIFO's and not the second capacity's.
  const AnalysisResult big = run_report(load_model(model(R"(["4k", "1k"])"), "c.toml"), RunOptions{});
  const double miss = 1 - number(big.document, "cache.policies.lru@4000.hit_ratio");
  CHECK(miss != 1 - number(big.document, "cache.policies.fifo@4000.hit_ratio"));
  CHECK(number(big.document, "budget.stages.db.visits") == miss);
  CHECK(number(big.document, "budget.stages.db.utilization") == Approx(1000 * miss * 0.003 / 4).epsilon(1e-12));
  // A smaller cache misses more: the database's load and latency go up with it.
  const AnalysisResult small = run_report(load_model(model(R"(["1k", "4k"])"), "c.toml"), RunOptions{});
  const double small_miss = 1 - number(small.document, "cache.policies.lru@1000.hit_ratio");
  CHECK(number(small.document, "budget.stages.db.visits") == small_miss);
  CHECK(small_miss > miss);
  CHECK(number(small.document, "budget.stages.db.utilization") > number(big.document, "budget.stages.db.utilization"));
  CHECK(number(small.document, "budget.latency_seconds.mean") > number(big.document, "budget.latency_seconds.mean"));
  // `headroom budget` alone runs the cache too.
  const Model m = load_model(model(R"(["4k"])"), "c.toml");
  const AnalysisResult alone = run_analysis(*find_analysis("budget"), m, RunOptions{});
  CHECK(number(alone.document, "stages.db.visits") == miss);

  // The references are checked where the file is loaded.
  const std::string no_cache = "[budget]\narrival_rate = \"1k/s\"\n[[budget.stage]]\nname = \"db\"\n"
                               "service_time = \"3 ms\"\nvisits = { cache = \"lru\" }\n";
  CHECK_THAT(errors_of(no_cache, "c.toml"),
             Catch::Contains("c.toml:6:20: budget.stage[0].visits.cache: visits from the cache's lru miss ratio, "
                             "but the file has no [cache]"));
  std::string other = model(R"(["4k"])");
  other.replace(other.find("\"lru\" }"), 5, "\"arc\"");
  CHECK_THAT(errors_of(other, "c.toml"), Catch::Contains("[cache] does not run arc (its policies: fifo, lru)"));
  other = model(R"(["4k"])");
  other.replace(other.find("\"lru\" }"), 5, "\"lur\"");
  CHECK_THAT(errors_of(other, "c.toml"), Catch::Contains("budget.stage[1].visits.cache"));
  CHECK_THAT(errors_of(other, "c.toml"), Catch::Contains("lru"));
  other = model(R"(["4k"])");
  other.replace(other.find("{ cache = \"lru\" }"), 17, "{}");
  CHECK_THAT(errors_of(other, "c.toml"), Catch::Contains("budget.stage[1].visits: visits as a table names the cache policy"));
  other = model(R"(["4k"])");
  other.replace(other.find("{ cache = \"lru\" }"), 17, "\"a lot\"");
  CHECK_THAT(errors_of(other, "c.toml"), Catch::Contains("c.toml:19:10: budget.stage[1].visits: expected a number"));
}

TEST_CASE("a hedged M/M/1 stage: the extra copies load it, the tail is the closed form's", "[calc][budget]") {
  // μ = 100/s, first copies at 60/s; a second copy after the p95 adds 5 % load: x = 63/s.
  const BudgetResult r = budget_of(
      "[budget]\narrival_rate = \"60/s\"\nsamples = \"400k\"\n[[budget.stage]]\nname = \"leaf\"\n"
      "servers = 1\nservice_time = \"10 ms\"\nhedge_after = \"p95\"\n");
  const StageBudget& b = r.stages[0];
  const double x = 60 * 1.05, rate = 100 - x;  // the response is Exp(μ − x)
  CHECK(b.arrival_rate == Approx(x).epsilon(1e-12));
  CHECK(b.extra_load_fraction == Approx(0.05).epsilon(1e-12));
  CHECK(b.utilization == Approx(x / 100).epsilon(1e-12));
  const double d = -std::log(0.05) / rate;
  CHECK(b.hedge_delay == Approx(d).epsilon(1e-9));
  // Past d, P(L > t) = e^{−r(2t − d)}: the p99 and p999 in closed form; the mean too.
  CHECK(b.visit_percentiles[2] == Approx((d - std::log(0.01) / rate) / 2).epsilon(1e-9));
  CHECK(b.visit_percentiles[3] == Approx((d - std::log(0.001) / rate) / 2).epsilon(1e-9));
  const double mean = (1 - std::exp(-rate * d)) / rate + std::exp(-rate * d) / (2 * rate);
  CHECK(r.latency_mean == Approx(mean).epsilon(1e-9));
  // The Monte Carlo agrees with the closed form within a few standard errors.
  CHECK(std::abs(r.latency[2].value - b.visit_percentiles[2]) < 4 * r.latency[2].standard_error);
  CHECK(std::abs(r.latency[3].value - b.visit_percentiles[3]) < 4 * r.latency[3].standard_error);
  // Saturation comes 5 % sooner: c/(s × 1.05).
  CHECK(r.max_throughput == Approx(100 / 1.05).epsilon(1e-12));
}

TEST_CASE("a retried M/M/1 stage settles at the least fixed point, or storms", "[calc][budget]") {
  // μ = 100/s, timeout 100 ms, one retry: copies at x = λ(1 + e^{−(μ − x)T}).
  auto model = [](double lambda) {
    return fmt::format("[budget]\narrival_rate = \"{}/s\"\nsamples = \"200k\"\n[[budget.stage]]\n"
                       "name = \"api\"\nservers = 1\nservice_time = \"10 ms\"\nretry_after = \"100 ms\"\n",
                       lambda);
  };
  const double T = 0.1;
  auto g = [&](double lambda, double x) { return lambda * (1 + std::exp(-(100 - x) * T)) - x; };
  // The least root of g, independently: scan up from λ, then bisect.
  auto least_root = [&](double lambda) {
    double lo = lambda, hi = lambda;
    while (g(lambda, hi) > 0) lo = hi, hi += 1e-3;
    for (int i = 0; i < 200; ++i) ((g(lambda, 0.5 * (lo + hi)) > 0) ? lo : hi) = 0.5 * (lo + hi);
    return 0.5 * (lo + hi);
  };
  const BudgetResult r = budget_of(model(60));
  const double x = least_root(60);
  CHECK(r.stages[0].arrival_rate == Approx(x).epsilon(1e-9));
  CHECK(r.stages[0].extra_load_fraction == Approx(std::exp(-(100 - x) * T)).epsilon(1e-8));
  // Exponential copies: a retry leaves the latency Exp(μ − x), only heavier for the load.
  CHECK(r.stages[0].visit_percentiles[2] == Approx(-std::log(0.01) / (100 - x)).epsilon(1e-8));
  CHECK(r.latency_mean == Approx(1 / (100 - x)).epsilon(1e-8));
  // The most first copies with a stable fixed point: max over x < μ of x/(1 + e^{−(μ − x)T}),
  // inside (about 70.6/s), not μ/2 where it ends: past it, the retries storm.
  double best = 0;
  for (int i = 1; i < 1'000'000; ++i) best = std::max(best, (i * 1e-4) / (1 + std::exp(-(100 - i * 1e-4) * T)));
  CHECK(r.max_throughput == Approx(best).epsilon(1e-7));
  CHECK(best > 70);
  CHECK(budget_of(model(70)).stable);
  const BudgetResult storm = budget_of(model(72));
  CHECK_FALSE(storm.stable);
  CHECK(storm.stages[0].utilization == Approx(72 * 2 * 0.01).epsilon(1e-12));  // every retry sent
}

TEST_CASE("validate takes a check on a Monte Carlo percentile, which only the run knows", "[calc][budget][regression]") {
  // It refused budget.latency_seconds.p99 as "not a number": the preview leaves the draws out.
  const std::string stage = "[[budget.stage]]\nname = \"web\"\nservers = 4\nservice_time = \"10 ms\"\n";
  auto validate = [](const std::string& toml) {
    try {
      validate_model(load_model(toml, "v.toml"));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("valid");
  };
  CHECK(validate("[budget]\narrival_rate = \"100/s\"\n" + stage +
                 "[[check]]\nmetric = \"budget.latency_seconds.p99\"\nmax = \"1 s\"\n") == "valid");
  CHECK(validate("[budget]\n" + stage + "[[budget.class]]\nname = \"a\"\narrival_rate = \"100/s\"\n"
                 "[[check]]\nmetric = \"budget.classes.a.response_seconds.p999\"\nmax = \"1 s\"\n") == "valid");
  // A misspelt one is still refused. An unstable budget's percentile is null in the preview as in
  // the run: the file is valid, and `check` fails the check (report_test: no finite value).
  CHECK_THAT(validate("[budget]\narrival_rate = \"100/s\"\n" + stage +
                      "[[check]]\nmetric = \"budget.latency_seconds.p98\"\nmax = \"1 s\"\n"),
             Catch::Contains("no metric 'budget.latency_seconds.p98'"));
  CHECK(validate("[budget]\narrival_rate = \"1k/s\"\n" + stage +
                 "[[check]]\nmetric = \"budget.latency_seconds.p99\"\nmax = \"1 s\"\n") == "valid");
}

TEST_CASE("bad tail tactics are positioned errors", "[calc][budget]") {
  const std::string head = "[budget]\narrival_rate = \"1k/s\"\n[[budget.stage]]\nname = \"x\"\nservers = 8\n"
                           "service_time = \"1 ms\"\n";
  CHECK_THAT(errors_of(head + "hedge_after = \"p42\"\n", "t.toml"),
             Catch::Contains("t.toml:7:15: budget.stage[0].hedge_after: 'p42' is not a percentile"));
  CHECK_THAT(errors_of(head + "hedge_after = \"95%\"\n", "t.toml"), Catch::Contains("budget.stage[0].hedge_after"));
  CHECK(errors_of(head + "hedge_after = \"p99.9\"\n", "t.toml") == "no error");
  CHECK(errors_of(head + "hedge_after = \"p9999\"\n", "t.toml") == "no error");
  CHECK_THAT(errors_of(head + "retries = 2\n", "t.toml"), Catch::Contains("budget.stage[0].retries: retries need retry_after"));
  CHECK_THAT(errors_of(head + "retry_after = \"0 s\"\n", "t.toml"), Catch::Contains("budget.stage[0].retry_after"));
  CHECK_THAT(errors_of(head + "retry_after = \"5 ms\"\nretries = 11\n", "t.toml"), Catch::Contains("budget.stage[0].retries"));
  CHECK_THAT(errors_of(head + "retry_after = \"5 ms\"\nhedge_after = \"p95\"\n", "t.toml"),
             Catch::Contains("hedges or retries, not both"));
  CHECK_THAT(errors_of("[budget]\nusers = 10\n[[budget.stage]]\nname = \"x\"\nservice_time = \"1 ms\"\n"
                       "hedge_after = \"p95\"\n", "t.toml"),
             Catch::Contains("budget.stage[0].hedge_after: a closed workload (users) is solved by MVA"));
}

namespace {

// An independent reference for closed classes: the product form of BCMP's processor-sharing
// stations summed over every placement of every user. A station of c servers holding n_ik of
// class k contributes (n_i! / Π_k n_ik!)·Π_k D_ik^n_ik / Π_{j<=n_i} min(j, c); the think time a
// delay, Π_k Z_k^n_k / n_k!. Returns X_k = G(N − e_k)/G(N) and each station's mean queue.
struct ProductForm {
  std::vector<double> throughput, queue;
};
ProductForm product_form(const std::vector<std::vector<double>>& d, const std::vector<int>& c,
                         const std::vector<double>& z, const std::vector<int>& users) {
  const size_t stations = c.size(), classes = users.size();
  // G over populations: enumerate placements recursively, class by class, station by station.
  std::function<void(size_t, size_t, int, std::vector<std::vector<int>>&, const std::vector<int>&,
                     double&, std::vector<double>&)> place;
  place = [&](size_t k, size_t i, int left, std::vector<std::vector<int>>& n, const std::vector<int>& pop,
              double& g, std::vector<double>& q) {
    if (k == classes) {
      double w = 1;
      for (size_t s = 0; s < stations; ++s) {
        int total = 0;
        for (size_t m = 0; m < classes; ++m) total += n[s][m];
        double f = std::tgamma(total + 1);
        for (size_t m = 0; m < classes; ++m) f *= std::pow(d[s][m], n[s][m]) / std::tgamma(n[s][m] + 1);
        for (int j = 1; j <= total; ++j) f /= std::min(j, c[s]);
        w *= f;
      }
      for (size_t m = 0; m < classes; ++m) {
        int thinking = pop[m];
        for (size_t s = 0; s < stations; ++s) thinking -= n[s][m];
        w *= std::pow(z[m], thinking) / std::tgamma(thinking + 1);
      }
      g += w;
      for (size_t s = 0; s < stations; ++s) {
        int total = 0;
        for (size_t m = 0; m < classes; ++m) total += n[s][m];
        q[s] += w * total;
      }
      return;
    }
    if (i == stations) return place(k + 1, 0, k + 1 < classes ? pop[k + 1] : 0, n, pop, g, q);
    for (int x = 0; x <= left; ++x) {
      n[i][k] = x;
      place(k, i + 1, left - x, n, pop, g, q);
    }
    n[i][k] = 0;
  };
  auto constant = [&](const std::vector<int>& pop, std::vector<double>* q) {
    std::vector<std::vector<int>> n(stations, std::vector<int>(classes, 0));
    double g = 0;
    std::vector<double> qs(stations, 0.0);
    place(0, 0, pop[0], n, pop, g, qs);
    if (q) for (size_t s = 0; s < stations; ++s) (*q)[s] = qs[s] / g;
    return g;
  };
  ProductForm out;
  out.queue.assign(stations, 0.0);
  const double g = constant(users, &out.queue);
  for (size_t k = 0; k < classes; ++k) {
    std::vector<int> less = users;
    --less[k];
    out.throughput.push_back(constant(less, nullptr) / g);
  }
  return out;
}

}  // namespace

TEST_CASE("closed classes: exact multiclass MVA is the product form summed by brute force", "[calc][budget]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0.05, 1.0);
  for (int round = 0; round < 12; ++round) {
    const std::vector<int> c = {1 + static_cast<int>(rng() % 3), 1, 1 + static_cast<int>(rng() % 4)};
    const std::vector<int> users = {1 + static_cast<int>(rng() % 4), 1 + static_cast<int>(rng() % 3)};
    std::vector<std::vector<double>> d(3, std::vector<double>(2));
    for (auto& row : d) for (double& x : row) x = u(rng);
    const std::vector<double> z = {u(rng) * 3, u(rng) * 3};
    std::string toml = "[budget]\n";
    for (size_t i = 0; i < 3; ++i)
      toml += fmt::format("[[budget.stage]]\nname = \"s{}\"\nservers = {}\nservice_time = \"1 s\"\n", i, c[i]);
    for (size_t k = 0; k < 2; ++k)
      toml += fmt::format("[[budget.class]]\nname = \"k{}\"\nusers = {}\nthink_time = \"{:.17g} s\"\n"
                          "service_times = {{ s0 = \"{:.17g} s\", s1 = \"{:.17g} s\", s2 = \"{:.17g} s\" }}\n",
                          k, users[k], z[k], d[0][k], d[1][k], d[2][k]);
    CAPTURE(toml);
    const BudgetResult r = budget_of(toml);
    REQUIRE(r.classes);
    const ProductForm ref = product_form(d, c, z, users);
    for (size_t k = 0; k < 2; ++k) {
      CHECK(r.classes->classes[k].throughput == Approx(ref.throughput[k]).epsilon(1e-10));
      // Little for the class: N_k = X_k·(Z_k + R_k).
      CHECK(users[k] == Approx(r.classes->classes[k].throughput * (z[k] + r.classes->classes[k].response)).epsilon(1e-10));
    }
    for (size_t i = 0; i < 3; ++i) CHECK(r.classes->stages[i].queue_length == Approx(ref.queue[i]).epsilon(1e-9));
  }
}

TEST_CASE("open classes: with one service time a stage is M/M/c, the classes sharing its wait", "[calc][budget]") {
  const BudgetResult r = budget_of(
      "[budget]\n[[budget.stage]]\nname = \"db\"\nservers = 3\nservice_time = \"10 ms\"\n"
      "[[budget.class]]\nname = \"a\"\narrival_rate = \"120/s\"\n"
      "[[budget.class]]\nname = \"b\"\narrival_rate = \"60/s\"\nvisits = { db = 2 }\n");
  REQUIRE(r.classes);
  // 240 calls/s on 3 servers of 10 ms: ρ = 0.8; W = C(3, 2.4)/(cμ − λ).
  const double lambda = 240, wait = formulas::erlang_c(3, 2.4) / (300 - lambda);
  CHECK(r.classes->stages[0].utilization == Approx(0.8).epsilon(1e-12));
  CHECK(r.classes->stages[0].method == "M/M/3 exact");
  CHECK(r.classes->stages[0].wait_mean == Approx(wait).epsilon(1e-12));
  CHECK(r.classes->classes[0].response == Approx(wait + 0.01).epsilon(1e-9));
  CHECK(r.classes->classes[1].response == Approx(2 * (wait + 0.01)).epsilon(1e-9));
  CHECK(r.classes->stages[0].queue_length == Approx(lambda * (wait + 0.01)).epsilon(1e-12));
  // Each class's percentiles by Monte Carlo: M/M/3 with one service time, a class's response
  // is the stage's wait (atom 1 − C, then Exp(cμ − λ)) plus Exp(μ): against its quantile.
  {
    const formulas::PhaseType wait{{formulas::erlang_c(3, 2.4)}, {-(300 - lambda)}};
    const formulas::PhaseType response = formulas::ph_sum(wait, formulas::ph_exponential(100));
    for (size_t i = 0; i < budget_quantiles().size(); ++i) {
      const Percentile& p = r.classes->classes[0].percentiles.at(i);
      CAPTURE(p.q);
      CHECK(std::abs(p.value - formulas::ph_quantile(response, p.q)) < 4 * p.standard_error);
    }
  }
  // One server and two service times: M/G/1 by Pollaczek–Khinchine, the mix's second moment.
  const BudgetResult pk = budget_of(
      "[budget]\n[[budget.stage]]\nname = \"db\"\nservers = 1\nservice_time = \"10 ms\"\n"
      "[[budget.class]]\nname = \"a\"\narrival_rate = \"30/s\"\n"
      "[[budget.class]]\nname = \"b\"\narrival_rate = \"20/s\"\nservice_times = { db = \"20 ms\" }\n");
  const double rho = 30 * 0.01 + 20 * 0.02, second = 30 * 2 * 1e-4 + 20 * 2 * 4e-4;  // Σ λ·E[S²]
  CHECK(pk.classes->stages[0].wait_mean == Approx(second / (2 * (1 - rho))).epsilon(1e-9));
  CHECK(pk.classes->classes[1].response == Approx(second / (2 * (1 - rho)) + 0.02).epsilon(1e-9));
}

TEST_CASE("bad classes are positioned errors", "[calc][budget]") {
  const std::string head = "[budget]\n[[budget.stage]]\nname = \"web\"\nservers = 2\nservice_time = \"1 ms\"\n";
  CHECK_THAT(errors_of(head + "[[budget.class]]\nname = \"a\"\n", "c.toml"),
             Catch::Contains("budget.class[0].arrival_rate: a class is open (arrival_rate) or closed (users)"));
  CHECK_THAT(errors_of(head + "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\nvisits = { wbe = 2 }\n", "c.toml"),
             Catch::Contains("c.toml:9:12: budget.class[0].visits.wbe: no stage named 'wbe'"));
  CHECK_THAT(errors_of(head + "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\nvisits = { web = -1 }\n", "c.toml"),
             Catch::Contains("budget.class[0].visits.web: expected calls per request"));
  CHECK_THAT(errors_of(head + "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\nservice_times = { web = 5 }\n", "c.toml"),
             Catch::Contains("budget.class[0].service_times.web: expected a service time"));
  CHECK_THAT(errors_of(head + "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\n[[budget.class]]\nname = \"b\"\nusers = 3\n", "c.toml"),
             Catch::Contains("budget.class[1].users: the classes are all open (arrival_rate) or all closed (users)"));
  CHECK_THAT(errors_of("[budget]\narrival_rate = \"1/s\"\n[[budget.stage]]\nname = \"web\"\nservice_time = \"1 ms\"\n"
                       "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\n", "c.toml"),
             Catch::Contains("budget.arrival_rate: with [[budget.class]], each class gives its own rate"));
  CHECK_THAT(errors_of("[budget]\nslo = { p99 = \"1 s\" }\n" + head.substr(9) +
                       "[[budget.class]]\nname = \"a\"\nusers = 3\n", "c.toml"),
             Catch::Contains("c.toml:2:15: budget.slo.p99: closed classes (users) report each class's mean latency only"));
  CHECK(errors_of("[budget]\nslo = { p99 = \"1 s\" }\n" + head.substr(9) +
                  "[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\n", "c.toml") == "no error");
  CHECK_THAT(errors_of(head + "hedge_after = \"p95\"\n[[budget.class]]\nname = \"a\"\narrival_rate = \"1/s\"\n", "c.toml"),
             Catch::Contains("budget.stage[0]: with request classes a stage takes no hedge"));
}

TEST_CASE("the largest rate for an SLO: M/M/1 closed forms", "[calc][budget]") {
  // Mean response 1/(μ − λ) <= b: λ* = μ − 1/b. Its p99 ln(100)/(μ − λ) <= b: λ* = μ − ln 100/b.
  const std::string stage = "[[budget.stage]]\nname = \"one\"\nservice_time = \"10 ms\"\n";
  BudgetResult r = budget_of("[budget]\narrival_rate = \"10/s\"\nslo = { mean = \"50 ms\" }\n" + stage, true);
  REQUIRE(r.slo.max_rate_known);
  CHECK(r.slo.max_rate == Approx(100 - 1 / 0.05).epsilon(1e-8));
  CHECK(r.slo.limited_by == "one");
  r = budget_of("[budget]\narrival_rate = \"10/s\"\nslo = { p99 = \"100 ms\" }\n" + stage, true);
  const double exact = 100 - std::log(100.0) / 0.1;
  CHECK(r.slo.max_rate <= exact * (1 + 1e-9));  // the grid rounds latencies up
  CHECK(r.slo.max_rate == Approx(exact).epsilon(2e-3));
  // Not met at any rate: 10 ms of service against a 5 ms mean.
  r = budget_of("[budget]\narrival_rate = \"10/s\"\nslo = { mean = \"5 ms\" }\n" + stage, true);
  CHECK(r.slo.max_rate_known);
  CHECK(r.slo.max_rate == 0);
  CHECK(r.slo.servers.empty());
}

TEST_CASE("the fewest servers for a mean SLO match a brute-force search", "[calc][budget]") {
  // Two M/M/c stages; the mean is separable and convex in each c, so the fewest servers in all
  // is found by trying every pair. Random loads, service times and bounds.
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0, 1);
  auto mean_response = [](double lambda, double s, int c) {
    return formulas::erlang_c(c, lambda * s) / (c / s - lambda) + s;
  };
  for (int round = 0; round < 25; ++round) {
    const double lambda = 50 + 950 * u(rng), s1 = 0.002 + 0.02 * u(rng), s2 = 0.001 + 0.01 * u(rng);
    const double bound = (s1 + s2) * (1.05 + 0.5 * u(rng));
    const std::string toml = fmt::format(
        "[budget]\narrival_rate = \"{}/s\"\nslo = {{ mean = \"{} s\" }}\n"
        "[[budget.stage]]\nname = \"a\"\nservice_time = \"{} s\"\n"
        "[[budget.stage]]\nname = \"b\"\nservice_time = \"{} s\"\n", lambda, bound, s1, s2);
    const BudgetResult r = budget_of(toml, true);
    INFO("round " << round << ": " << toml);
    REQUIRE(r.slo.servers.size() == 2);
    const int c1 = r.slo.servers[0], c2 = r.slo.servers[1];
    CHECK(mean_response(lambda, s1, c1) + mean_response(lambda, s2, c2) <= bound * (1 + 1e-12));
    int best = 1 << 30;
    const int lo1 = static_cast<int>(lambda * s1) + 1, lo2 = static_cast<int>(lambda * s2) + 1;
    for (int a = lo1; a < lo1 + 200; ++a)
      for (int b = lo2; b < lo2 + 200; ++b)
        if (a + b < best && mean_response(lambda, s1, a) + mean_response(lambda, s2, b) <= bound) best = a + b;
    CHECK(c1 + c2 == best);
  }
}

TEST_CASE("PDQ's published reports: the call centre (M/M/4), the Big Book Store, the time-share computer (closed)", "[calc][budget]") {
  // PDQ's README (github.com/DrQz/pdq-qnm-pkg): 4 agents, 0.35 customers/min, 10 min each:
  // residence 24.7572 min, waiting 14.7572 min, 8.6650 in the system, 87.5 % busy.
  const BudgetResult open = budget_of("[budget]\narrival_rate = \"0.35/min\"\nsamples = \"10k\"\n"
                                      "[[budget.stage]]\nname = \"agents\"\nservers = 4\nservice_time = \"10 min\"\n");
  CHECK(open.stages[0].queue->wait_mean / 60 == Approx(14.7572).margin(5e-5));
  CHECK(open.latency_mean / 60 == Approx(24.7572).margin(5e-5));
  CHECK(open.concurrency == Approx(8.6650).margin(5e-5));
  CHECK(open.stages[0].utilization == Approx(0.875).epsilon(1e-12));
  // PDQ's examples/Big Book Store/bks3.rpt: 40 customers an hour browse (3,000 servers, 45 min)
  // then check out (3 tills, 4 min): response 58.5701 min, 39.0467 in the store, checkout wait
  // 9.5701 min and queue 9.0467.
  const BudgetResult store = budget_of(
      "[budget]\narrival_rate = \"40/h\"\nsamples = \"10k\"\n[[budget.stage]]\nname = \"browsing\"\nservers = 3000\n"
      "service_time = \"45 min\"\n[[budget.stage]]\nname = \"checkout\"\nservers = 3\nservice_time = \"4 min\"\n");
  CHECK(store.latency_mean / 60 == Approx(58.5701).margin(5e-5));
  CHECK(store.concurrency == Approx(39.0467).margin(5e-5));
  CHECK(store.stages[1].queue->wait_mean / 60 == Approx(9.5701).margin(5e-5));
  CHECK(store.stages[1].concurrency == Approx(9.0467).margin(5e-5));
  CHECK(store.stages[1].utilization == Approx(0.888889).margin(5e-7));
  // PDQ's examples/Book PPA 1998/chap2/closed1.out: 100 users thinking 300 s on a CPU of
  // 0.63 s: X = 0.3325/s, R = 0.7943 s, U = 20.9445 %, Q = 0.2641, N* = 477.1905.
  const BudgetResult closed = budget_of("[budget]\nusers = 100\nthink_time = \"300 s\"\n"
                                        "[[budget.stage]]\nname = \"cpu\"\nservers = 1\nservice_time = \"0.63 s\"\n");
  REQUIRE(closed.closed);
  CHECK(closed.closed->throughput == Approx(0.3325).margin(5e-5));
  CHECK(closed.closed->response == Approx(0.7943).margin(5e-5));
  CHECK(closed.closed->stages[0].utilization * 100 == Approx(20.9445).margin(5e-5));
  CHECK(closed.closed->stages[0].queue_length == Approx(0.2641).margin(5e-5));
  CHECK(closed.closed->saturation_users == Approx(477.1905).margin(5e-5));
}

TEST_CASE("PDQ's AWS-Tomcat model: 400 users on 300 threads, X = 675.68/s, R = 0.592 s", "[calc][budget]") {
  // Gunther and Chawla, "Linux-Tomcat Application Performance on Amazon AWS" (arXiv:1811.12341):
  // PDQ's multi-server model of one Tomcat instance, N = 400 users with Z = 0 on m = 300 threads
  // of S = 0.444 s, gives X = 675.68/s and R = 0.592 s (saturated: X = m/S, R = N/X).
  const BudgetResult r = budget_of("[budget]\nusers = 400\n[[budget.stage]]\nname = \"tomcat\"\n"
                                   "servers = 300\nservice_time = \"0.444 s\"\n");
  REQUIRE(r.closed);
  CHECK(r.closed->throughput == Approx(675.68).margin(0.005));
  CHECK(r.closed->response == Approx(0.592).margin(0.0005));
  CHECK(r.closed->stages[0].utilization == Approx(1.0).epsilon(1e-12));
}

TEST_CASE("a closed workload on one server is the machine-repairman model", "[calc][budget]") {
  // N users thinking Z, one server of mean s (M/M/1//N): p0 = 1/Σ_k N!/(N−k)!·(s/Z)^k, and
  // X = (1 − p0)/s (Kleinrock vol. 1, §3.10). R = N/X − Z.
  const int n = 30;
  const double s = 0.05, z = 1.0;
  const BudgetResult r = budget_of(R"(
[budget]
users = 30
think_time = "1 s"
slo = { mean = "300 ms" }
[[budget.stage]]
name = "one"
service_time = "50 ms"
)");
  REQUIRE(r.closed);
  double sum = 0, term = 1;
  for (int k = 0; k <= n; ++k) {
    sum += term;
    term *= (n - k) * s / z;
  }
  const double x = (1 - 1 / sum) / s;
  CHECK(r.closed->throughput == Approx(x).epsilon(1e-12));
  CHECK(r.closed->response == Approx(n / x - z).epsilon(1e-12));
  CHECK(r.closed->max_throughput == Approx(20).epsilon(1e-14));
  CHECK(r.closed->saturation_users == Approx((0.05 + 1) / 0.05).epsilon(1e-14));
  // The most users whose mean response stays within 300 ms, by the same closed form.
  int most = 0;
  for (int users = 1; users <= n; ++users) {
    double total = 0, t = 1;
    for (int k = 0; k <= users; ++k) total += t, t *= (users - k) * s / z;
    const double xu = (1 - 1 / total) / s;
    if (users / xu - z <= 0.3) most = users;
  }
  REQUIRE(r.closed->max_users_known);
  CHECK(r.closed->max_users_for_slo == most);
  CHECK(r.closed->curve.back().users == 30);
}

TEST_CASE("[scalability] fits the USL; bad measurements are positioned errors", "[calc][budget]") {
  const Model m = load_model("[scalability]\nmeasurements = [[1, 20], [4, 78], [8, 130], [12, 170], [16, 190]]\n", "u.toml");
  const AnalysisResult r = budget_analysis(m, RunOptions{}, nullptr, nullptr, false);
  const Node* sigma = resolve_path(r.document, "usl.sigma");
  REQUIRE(sigma);
  CHECK(sigma->as_number() > 0);
  CHECK(resolve_path(r.document, "usl.fit.8.fitted_per_second"));
  auto error_of = [](const std::string& toml) { return errors_of(toml, "u.toml"); };
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[1, 20], [4, 78]]\n"),
             Catch::Contains("u.toml:2:16: scalability.measurements: 2 measurement(s); the fit of γ, σ and κ needs at least 3"));
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[1, 20], [4], [8, 130]]\n"),
             Catch::Contains("scalability.measurements: expected a pair [x, y], got 1 values"));
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[0, 20], [4, 78], [8, 130]]\n"),
             Catch::Contains("concurrency 0 is out of range"));
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[1, 20], [4, -1], [8, 130]]\n"),
             Catch::Contains("throughput -1 is out of range"));
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[4, 20], [4, 78], [8, 130]]\n"),
             Catch::Contains("at least 3 different concurrencies"));
  CHECK_THAT(error_of("[scalability]\nmeasurements = [[1, \"fast\"], [4, 78], [8, 130]]\n"),
             Catch::Contains("expected a finite number, got a string"));
}
