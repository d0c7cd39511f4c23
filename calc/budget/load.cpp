// Loads [budget]: the arrival rate, the SLO and the stages, each stage from a component of the
// model or from its own servers and service time.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "calc/base/percentile.hpp"
#include "calc/base/spelling.hpp"
#include "calc/budget/section.hpp"
#include "calc/input/quantity_parser.hpp"
#include "calc/input/table_reader.hpp"

namespace headroom::calc {
namespace {

// Beyond these a model is a typo; each stage's percentiles are a few small matrix exponentials
// and a Monte Carlo draw is one pass over the stages.
constexpr size_t kMaxStages = 100;
constexpr long long kMaxServers = 1'000'000;

// A hedge's percentile: "p50" to "p9999" (or "p99.9", "p99.99").
std::optional<double> hedge_percentile(const std::string& name) {
  const std::optional<double> q = percentile_of(name);
  const bool pointed = name.find('.') != std::string::npos;
  if (!q || *q < 0.5 || *q > 0.9999 || (!pointed && name.size() > 5)) return std::nullopt;
  return q;
}

// A free-form table keyed by stage name: each value through `read`, positioned errors for an
// unknown stage (with a suggestion) or a bad value.
template <class Read>
void per_stage(const toml::table& t, const std::string& dotted, const std::vector<std::string>& stage_names,
               Diagnostics& diag, Read read) {
  for (auto&& [k, v] : t) {
    const std::string name(k.str());
    const auto it = std::find(stage_names.begin(), stage_names.end(), name);
    if (it == stage_names.end()) {
      diag.error(k.source(), dotted + "." + name, fmt::format("no stage named '{}'", name),
                 did_you_mean(name, stage_names));
      continue;
    }
    read(static_cast<size_t>(it - stage_names.begin()), v, dotted + "." + name);
  }
}

void load_classes(const toml::array& list, TableReader& r, BudgetSection& s, Diagnostics& diag) {
  constexpr size_t kMaxClasses = 20;
  if (list.size() > kMaxClasses) {
    r.error("class", fmt::format("{} classes; at most {}", list.size(), kMaxClasses));
    return;
  }
  if (r.has("arrival_rate") || r.has("users"))
    r.error(r.has("users") ? "users" : "arrival_rate", "with [[budget.class]], each class gives its own rate or users");
  std::vector<std::string> stage_names;
  for (const BudgetStage& st : s.stages) stage_names.push_back(st.name);
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string dotted = fmt::format("budget.class[{}]", i);
    TableReader e(*list.get(i)->as_table(), dotted, "budget.class[]", diag);
    BudgetClass c;
    c.loc = e.loc();
    if (auto name = e.string("name")) c.name = *name;
    else if (!e.has("name")) e.error("name", "a class needs a name", "e.g. name = \"checkout\"");
    if (!c.name.empty() && !seen.insert(c.name).second) e.error("name", fmt::format("a second class named '{}'", c.name));
    c.arrival_rate = e.rate("arrival_rate");
    c.users = e.integer("users");
    if (auto z = e.duration("think_time")) c.think_time = *z;
    if (e.has("arrival_rate") == e.has("users"))
      e.error("arrival_rate", "a class is open (arrival_rate) or closed (users): give one of them",
              "e.g. arrival_rate = \"50/s\"");
    if (e.has("think_time") && !e.has("users")) e.error("think_time", "think_time is for a closed class: give users too");
    for (const BudgetStage& st : s.stages) {
      c.visits.push_back(st.visits);
      c.service_time.push_back(st.service_time.value());
    }
    if (const toml::table* v = e.table("visits")) {
      per_stage(*v, dotted + ".visits", stage_names, diag, [&](size_t k, const toml::node& n, const std::string& key) {
        const std::optional<double> x = n.value<double>();
        if (!x || !std::isfinite(*x) || *x < 0 || *x > 1000) {
          diag.error(n.source(), key, "expected calls per request, a number from 0 to 1000");
          return;
        }
        c.visits[k] = *x;
      });
    }
    if (const toml::table* v = e.table("service_times")) {
      per_stage(*v, dotted + ".service_times", stage_names, diag, [&](size_t k, const toml::node& n, const std::string& key) {
        const ParsedQuantity q = n.is_string() ? parse_quantity(n.as_string()->get()) : ParsedQuantity{};
        if (!q.ok || q.kind != QuantityKind::kDuration || !(q.si_value > 0) || q.si_value > 1e6) {
          diag.error(n.source(), key, "expected a service time, a duration above 0 s, e.g. \"8 ms\"");
          return;
        }
        c.service_time[k] = q.si_value;
      });
    }
    e.finish();
    if (!s.classes.empty() && c.users.has_value() != s.classes.front().users.has_value() &&
        (e.has("users") || e.has("arrival_rate")))
      e.error(c.users ? "users" : "arrival_rate",
              "the classes are all open (arrival_rate) or all closed (users): a mixed network is not solved yet");
    s.classes.push_back(std::move(c));
  }
  for (const Slo& slo : s.slo) {
    if (slo.statistic == "mean" || !s.closed_classes()) continue;
    diag.add(Diagnostic{slo.loc, "budget.slo." + slo.statistic, "closed classes (users) report each class's mean latency only",
                        "give an slo on the mean, checked for every class"});
  }
  for (size_t i = 0; i < s.stages.size(); ++i) {
    const BudgetStage& st = s.stages[i];
    if (st.hedge_quantile || st.retry_after || st.visits_cache)
      diag.add(Diagnostic{st.loc, fmt::format("budget.stage[{}]", i),
                          "with request classes a stage takes no hedge, retry or visits from the cache",
                          "give them in a budget without classes"});
  }
}

}  // namespace

const std::vector<std::string>& budget_statistics() {
  static const std::vector<std::string> kStatistics = {"mean", "p50", "p90", "p99", "p999"};
  return kStatistics;
}

const std::vector<KeySpec>& budget_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"budget", "arrival_rate", T::kRate, "requests per second (default: [traffic]'s peak requests)"}.eg(R"("5k/s")"),
      KeySpec{"budget", "users", T::kInteger, "a closed workload instead of arrival_rate: users who think between requests (exact MVA)"}.in(1, 1e6).eg("2000"),
      KeySpec{"budget", "think_time", T::kDuration, "with users: the time each user waits between a response and the next request (0)"}.in(0, 1e6).eg(R"("5 s")"),
      KeySpec{"budget", "arrival_scv", T::kNumber, "squared coefficient of variation of the inter-arrival times (1: Poisson)"}.in(0, 100).by_default("1").eg("2"),
      KeySpec{"budget", "slo", T::kTable, "end-to-end latency objective: { mean, p50, p90, p99, p999 } at most these"}.eg(R"({ p99 = "250 ms", mean = "60 ms" })"),
      KeySpec{"budget.slo", "mean", T::kDuration, "the mean latency at most this"}.in(0, 1e6, true).eg(R"("60 ms")"),
      KeySpec{"budget.slo", "p50", T::kDuration, "the median latency at most this"}.in(0, 1e6, true).eg(R"("40 ms")"),
      KeySpec{"budget.slo", "p90", T::kDuration, "the 90th percentile at most this"}.in(0, 1e6, true).eg(R"("120 ms")"),
      KeySpec{"budget.slo", "p99", T::kDuration, "the 99th percentile at most this"}.in(0, 1e6, true).eg(R"("250 ms")"),
      KeySpec{"budget.slo", "p999", T::kDuration, "the 99.9th percentile at most this"}.in(0, 1e6, true).eg(R"("500 ms")"),
      KeySpec{"budget", "target_utilization", T::kRatio, "utilisation each stage is sized for (default: [system]'s, 0.7)"}.in(0, 1, true).eg("0.7"),
      KeySpec{"budget", "samples", T::kInteger, "Monte Carlo draws of the end-to-end latency"}.in(1000, 1e8).by_default("1000000").eg(R"("10M")"),
      KeySpec{"budget", "stage", T::kTableArray, "the request's stages in order: [[budget.stage]] name, component or servers and service_time, ..."}.eg(R"([{ name = "web", servers = 8, service_time = "20 ms" }])"),
      KeySpec{"budget", "class", T::kTableArray, "request classes instead of one workload: [[budget.class]] name, arrival_rate or users, visits, service_times"}.eg(R"([{ name = "browse", arrival_rate = "200/s" }])"),
      KeySpec{"budget.class[]", "name", T::kString, "the class's name"}.eg(R"("checkout")"),
      KeySpec{"budget.class[]", "arrival_rate", T::kRate, "an open class: its requests per second"}.eg(R"("50/s")"),
      KeySpec{"budget.class[]", "users", T::kInteger, "a closed class: its users, who think between requests"}.in(1, 1e6).eg("200"),
      KeySpec{"budget.class[]", "think_time", T::kDuration, "with users: each user's time between a response and the next request (0)"}.in(0, 1e6).eg(R"("5 s")"),
      KeySpec{"budget.class[]", "visits", T::kTable, "calls per request by stage name; a stage not named keeps its own visits"}.each(T::kNumber).in(0, 1000).eg(R"({ web = 1, db = 0.2 })"),
      KeySpec{"budget.class[]", "service_times", T::kTable, "this class's service time by stage name; a stage not named keeps its own"}.each(T::kDuration).in(0, 1e6, true).eg(R"({ db = "8 ms" })"),
      KeySpec{"budget.stage[]", "name", T::kString, "the stage's name"}.eg(R"("web")"),
      KeySpec{"budget.stage[]", "component", T::kString, "a component: servers = replicas × concurrency, its service_time (or concurrency/capacity) and service_scv"}.eg(R"("web")"),
      KeySpec{"budget.stage[]", "servers", T::kInteger, "servers working in parallel (c)"}.in(1, kMaxServers).eg("4"),
      KeySpec{"budget.stage[]", "service_time", T::kDuration, "mean time a server takes per call"}.in(0, 1e6, true).eg(R"("5 ms")"),
      KeySpec{"budget.stage[]", "service_scv", T::kNumber, "squared coefficient of variation of the service time (1)"}.in(0, 100).eg("1.5"),
      KeySpec{"budget.stage[]", "visits", T::kNumberOrTable, "calls per request (a fraction: a call that often), or { cache = \"lru\" }: the cache's miss ratio"}.in(0, 1000).by_default("1").eg("0.1"),
      KeySpec{"budget.stage[].visits", "cache", T::kString, "the [cache] policy whose miss ratio (at the cache's first capacity) is the stage's visits"}.one_of([] { return names_only(cache_policy_names()); }).eg(R"("lru")"),
      KeySpec{"budget.stage[]", "fanout", T::kInteger, "parallel calls per visit; the visit waits for the slowest"}.in(1, 10000).by_default("1").eg("10"),
      KeySpec{"budget.stage[]", "latency", T::kDuration, "fixed network time per visit"}.in(0, 1e6).by_default("\"0 s\"").eg(R"("0.5 ms")"),
      KeySpec{"budget.stage[]", "hedge_after", T::kString, "send each call a second copy after this percentile of the stage's response, \"p50\" to \"p9999\"; the first answer wins"}.eg(R"("p95")"),
      KeySpec{"budget.stage[]", "retry_after", T::kDuration, "abandon a call's attempt after this long and send another"}.in(0, 1e6, true).eg(R"("50 ms")"),
      KeySpec{"budget.stage[]", "retries", T::kInteger, "with retry_after: attempts after the first, the last waited for (1)"}.in(1, 10).eg("2"),
  };
  return kKeys;
}

void load_budget(TableReader& r, Model& model, Diagnostics& diag) {
  BudgetSection s;
  s.loc = r.loc();
  s.arrival_rate = r.rate("arrival_rate");
  s.users = r.integer("users");
  if (auto z = r.duration("think_time")) s.think_time = *z;
  if (r.has("users") && r.has("arrival_rate"))
    r.error("users", "give arrival_rate (an open workload) or users (a closed one), not both");
  if (r.has("think_time") && !r.has("users"))
    r.error("think_time", "think_time is for a closed workload: give users too", "e.g. users = 2000");
  if (auto v = r.number("arrival_scv")) s.arrival_scv = *v;
  s.target_utilization = r.ratio("target_utilization");
  if (auto n = r.integer("samples")) s.samples = static_cast<std::uint64_t>(*n);
  if (const toml::table* slo = r.table("slo")) {
    TableReader t(*slo, "budget.slo", "budget.slo", diag);
    for (const std::string& statistic : budget_statistics()) {
      if (auto bound = t.duration(statistic)) s.slo.push_back(Slo{statistic, *bound, t.loc_of(statistic)});
    }
    t.finish();
    if (slo->empty()) t.error("", "the slo names no statistic", "e.g. slo = { p99 = \"250 ms\" }");
  }
  if (s.users) {
    for (const Slo& slo : s.slo) {
      if (slo.statistic == "mean") continue;
      diag.add(Diagnostic{slo.loc, "budget.slo." + slo.statistic,
                          "a closed workload (users) gives the mean latency only",
                          "give an slo on the mean, or an arrival_rate for percentiles"});
    }
  }
  std::set<std::string, std::less<>> names;
  if (const toml::array* list = r.table_array("stage")) {
    if (list->size() > kMaxStages) {
      r.error("stage", fmt::format("{} stages; at most {}", list->size(), kMaxStages));
      model.set_section(std::move(s));
      return;
    }
    std::vector<std::string> component_names;
    for (const Component& c : model.components) component_names.push_back(c.name);
    for (size_t i = 0; i < list->size(); ++i) {
      TableReader e(*list->get(i)->as_table(), fmt::format("budget.stage[{}]", i), "budget.stage[]", diag);
      BudgetStage x;
      x.loc = e.loc();
      if (auto name = e.string("name")) x.name = *name;
      else if (!e.has("name")) e.error("name", "a stage needs a name", "e.g. name = \"web\"");
      if (!x.name.empty() && !names.insert(x.name).second)
        e.error("name", fmt::format("a second stage named '{}'", x.name));
      const Component* c = nullptr;
      if (auto ref = e.string("component")) {
        x.component = *ref;
        c = model.find_component(*ref);
        if (!c) {
          e.error("component", fmt::format("no component named '{}'", *ref),
                  did_you_mean(*ref, component_names));
        }
      }
      const auto servers = e.integer("servers");
      const auto service_time = e.duration("service_time");
      const auto scv = e.number("service_scv");
      const TableReader::NumberOrTable visits = e.number_or_table("visits");
      if (visits.number) x.visits = *visits.number;
      if (visits.table) {
        TableReader t(*visits.table, fmt::format("budget.stage[{}].visits", i), "budget.stage[].visits", diag);
        x.visits_cache = t.choice("cache", cache_policy_names());
        x.visits_loc = t.loc_of("cache");
        if (!t.has("cache"))
          t.error("", "visits as a table names the cache policy whose miss ratio it is",
                  "e.g. visits = { cache = \"lru\" }");
        t.finish();
      }
      if (auto k = e.integer("fanout")) x.fanout = static_cast<int>(*k);
      if (auto d = e.duration("latency")) x.latency = *d;
      if (auto h = e.string("hedge_after")) {
        x.hedge_quantile = hedge_percentile(*h);
        if (!x.hedge_quantile)
          e.error("hedge_after", fmt::format("'{}' is not a percentile of the stage's response", *h),
                  "e.g. hedge_after = \"p95\" (p50 to p9999)");
      }
      x.retry_after = e.duration("retry_after");
      if (auto n = e.integer("retries")) x.retries = static_cast<int>(*n);
      if (e.has("retries") && !e.has("retry_after"))
        e.error("retries", "retries need retry_after, the timeout after which an attempt is abandoned",
                "e.g. retry_after = \"50 ms\"");
      if (e.has("hedge_after") && e.has("retry_after"))
        e.error("retry_after", "a stage hedges or retries, not both");
      if (s.users && (e.has("hedge_after") || e.has("retry_after")))
        e.error(e.has("hedge_after") ? "hedge_after" : "retry_after",
                "a closed workload (users) is solved by MVA, which has no hedges or retries",
                "give an arrival_rate for the tail tactics");
      e.finish();
      // The stage's own figures win over its component's.
      long long component_servers = 1;
      if (c) {
        component_servers = static_cast<long long>(c->replicas) * c->concurrency;
        x.servers = static_cast<int>(std::min(component_servers, kMaxServers));
        x.service_scv = c->service_scv;
        if (c->service_time) {
          x.service_time = *c->service_time;
          x.from = fmt::format("component {}: {} replica(s) × {} worker(s), service time {} s",
                               c->name, c->replicas, c->concurrency, c->service_time->value());
        } else if (c->capacity) {
          // A replica's capacity is its workers over the service time.
          x.service_time = Duration(c->concurrency / c->capacity->value());
          x.from = fmt::format("component {}: {} replica(s) × {} worker(s), service time "
                               "concurrency/capacity = {}/{} s", c->name, c->replicas,
                               c->concurrency, c->concurrency, c->capacity->value());
        }
      }
      if (servers) x.servers = static_cast<int>(*servers);
      if (service_time) x.service_time = *service_time;
      if (scv) x.service_scv = *scv;
      if (servers || service_time) x.from = "given";
      if (c && !servers && component_servers > kMaxServers) {
        e.error("component", fmt::format("{} servers (replicas × concurrency); at most {}",
                                         component_servers, kMaxServers));
      }
      if (x.service_time.value() <= 0 && !service_time && !e.has("service_time")) {
        if (c) {
          e.error("component", fmt::format("component '{}' gives neither service_time nor capacity",
                                           c->name),
                  "set service_time in the stage or the component");
        } else if (!e.has("component")) {
          e.error("service_time", "a stage needs service_time, or a component that gives it",
                  "e.g. service_time = \"5 ms\"");
        }
      }
      s.stages.push_back(std::move(x));
    }
  }
  if (const toml::array* list = r.table_array("class")) load_classes(*list, r, s, diag);
  r.finish();
  if (s.stages.empty() && !r.has("stage")) {
    r.error("stage", "[budget] needs at least one [[budget.stage]]",
            "e.g. [[budget.stage]] name = \"web\", servers = 8, service_time = \"20 ms\"");
  }
  if (!s.arrival_rate && !model.traffic && !r.has("arrival_rate") && !r.has("users") && !r.has("class")) {
    r.error("arrival_rate", "[budget] needs arrival_rate, or a [traffic] that gives requests",
            "e.g. arrival_rate = \"5k/s\"");
  }
  model.set_section(std::move(s));
}

}  // namespace headroom::calc

namespace headroom::calc {

void link_budget(const Model& model, Diagnostics& diag) {
  const BudgetSection* budget = model.section<BudgetSection>();
  if (!budget) return;
  const CacheSection* cache = model.section<CacheSection>();
  for (size_t i = 0; i < budget->stages.size(); ++i) {
    const BudgetStage& st = budget->stages[i];
    if (!st.visits_cache) continue;
    const std::string key = fmt::format("budget.stage[{}].visits.cache", i);
    const std::string& policy = name_of(cache_policy_names(), *st.visits_cache);
    if (!cache) {
      diag.add(Diagnostic{st.visits_loc, key,
                          fmt::format("visits from the cache's {} miss ratio, but the file has no [cache]", policy),
                          "add a [cache] section, or give visits as a number"});
    } else if (std::find(cache->policies.begin(), cache->policies.end(), *st.visits_cache) ==
               cache->policies.end()) {
      std::string runs;
      for (CachePolicy p : cache->policies) runs += (runs.empty() ? "" : ", ") + name_of(cache_policy_names(), p);
      diag.add(Diagnostic{st.visits_loc, key,
                          fmt::format("[cache] does not run {} (its policies: {})", policy, runs),
                          fmt::format("add \"{}\" to cache.policies, or name one it runs", policy)});
    }
  }
}

const std::vector<KeySpec>& scalability_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"scalability", "measurements", T::kNumberPairs, "[concurrency, throughput per second] pairs from a load test (at least 3)"}.eg("[[1, 955.16], [2, 1878.91], [4, 3548.68]]"),
  };
  return kKeys;
}

void load_scalability(TableReader& r, Model& model, Diagnostics& diag) {
  ScalabilitySection s;
  s.loc = r.loc();
  constexpr size_t kMaxPoints = 100000;
  if (auto points = r.number_pairs("measurements")) {
    if (points->size() < 3) {
      r.error("measurements", fmt::format("{} measurement(s); the fit of γ, σ and κ needs at least 3",
                                          points->size()),
              "e.g. measurements = [[1, 955], [2, 1879], [4, 3549]]");
    } else if (points->size() > kMaxPoints) {
      r.error("measurements", fmt::format("{} measurements; at most {}", points->size(), kMaxPoints));
    }
    std::set<double> seen;
    for (const auto& [v, loc] : *points) {
      if (v[0] < 1 || v[0] > 1e9) {
        diag.add(Diagnostic{loc, "scalability.measurements",
                            fmt::format("concurrency {:.15g} is out of range: expected 1 to 1e9", v[0]), ""});
      } else if (!(v[1] > 0) || v[1] > 1e15) {
        diag.add(Diagnostic{loc, "scalability.measurements",
                            fmt::format("throughput {:.15g} is out of range: expected more than 0, at most 1e15", v[1]), ""});
      }
      seen.insert(v[0]);
      s.concurrency.push_back(v[0]);
      s.throughput.push_back(v[1]);
    }
    if (points->size() >= 3 && seen.size() < 3) {
      r.error("measurements", "the measurements need at least 3 different concurrencies");
    }
  } else if (!r.has("measurements")) {
    r.error("measurements", "[scalability] needs measurements, [concurrency, throughput] pairs",
            "e.g. measurements = [[1, 955], [2, 1879], [4, 3549]]");
  }
  r.finish();
  model.set_section(std::move(s));
}

}  // namespace headroom::calc
