// The list of analyses. Adding an analysis is adding its folder, calc/<name>/ (its section
// struct and loader with its schema keys, the analysis, its document), and one entry here.
#include "calc/report/analysis.hpp"
#include "calc/avail/avail.hpp"
#include "calc/budget/budget.hpp"
#include "calc/cache/cache.hpp"
#include "calc/cost/cost.hpp"
#include "calc/lag/lag.hpp"
#include "calc/lag/quorum.hpp"
#include "calc/ring/ring.hpp"
#include "calc/size/size.hpp"

namespace headroom::calc {
namespace {

// The document of `result`, carrying the result itself for the analyses that need it.
template <class Result, class Document>
AnalysisResult documented(Result result, const Document& document) {
  AnalysisResult r = document(result);
  r.typed = std::move(result);
  return r;
}

// The traffic an analysis that `uses` it finds among the results, or nullptr.
const TrafficSplit* traffic_in(const Results& in) {
  return in.has("traffic") ? &in.get<TrafficSplit>("traffic") : nullptr;
}

// A preview runs alone: it splits the traffic itself.
std::optional<TrafficSplit> preview_traffic(const Model& m) {
  return m.traffic ? std::optional<TrafficSplit>(split_traffic(*m.traffic)) : std::nullopt;
}

}  // namespace

const std::vector<Analysis>& analyses() {
  static const std::vector<Analysis> kAnalyses = {
      {.name = "traffic",
       .summary = "requests, reads and writes per second, however [traffic] gives them",
       .reads = "[traffic]",
       .sections = {},
       .is_present = [](const Model& m) { return m.traffic.has_value(); },
       .run = [](const Model& m, const RunOptions&, const Results&) {
         AnalysisResult r;
         r.typed = split_traffic(*m.traffic);
         return r;
       },
       .is_shared_result = true,
       .only_tables = {"traffic"}},
      {.name = "size",
       .summary = "back-of-the-envelope rates, bandwidth, storage and servers needed",
       .reads = "[traffic], [storage], components.*.capacity",
       .sections = {},
       .is_present = [](const Model& m) { return m.traffic.has_value(); },
       .needs = {"traffic"},
       .run = [](const Model& m, const RunOptions&, const Results& in) {
         return documented(analyse_size(m, in.get<TrafficSplit>("traffic")), size_document);
       },
       // The preview is the analysis itself (closed forms): it refuses what the run would.
       .preview = [](const Model& m) { return size_document(analyse_size(m)); }},
      {.name = "avail",
       .summary = "availability of the request path, downtime, error budget, which block matters",
       .reads = "[availability], [components], [groups]",
       .sections = {{"availability", "the request path and the availability target",
                   R"({ path = ["lb", "web", "db"], target = "99.95%" })", availability_keys,
                   load_availability}},
       .is_present = [](const Model& m) { return m.section<AvailabilitySection>() != nullptr; },
       .run = [](const Model& m, const RunOptions& o, const Results&) {
         return documented(analyse_availability(m, o.explain), avail_document);
       },
       // The preview solves the diagram, which is how its limits are known (quick where it is
       // feasible): it refuses what the run would.
       .preview = [](const Model& m) { return avail_document(analyse_availability(m, false)); }},
      {.name = "lag",
       .summary = "replica lag, catch-up, writes lost at fail-over; staleness of partial quorums (PBS)",
       .reads = "[replication], [quorum], [traffic]",
       .sections = {{"replication", "a primary's writes and the replicas that apply them",
                     R"({ write_rate = "2k/s", replica = [{ name = "replica-1", apply_time = "200 us" }] })",
                     replication_keys, load_replication},
                    {"quorum", "a Dynamo-style store's N, R, W and message latencies, for PBS",
                     R"({ n = 3, r = 1, w = 1, trials = 10000, write = { preset = "lnkd-ssd" }, ack = { preset = "lnkd-ssd" }, read = { preset = "lnkd-ssd" }, response = { preset = "lnkd-ssd" } })",
                     quorum_keys, load_quorum}},
       .is_present = [](const Model& m) {
         return m.section<ReplicationSection>() != nullptr || m.section<QuorumSection>() != nullptr;
       },
       .uses = {"traffic"},
       .run = [](const Model& m, const RunOptions& o, const Results& in) {
         return lag_analysis(m, o, traffic_in(in), /*preview=*/false);
       },
       // Closed forms and small matrices for the replicas; the quorum's trials are left out.
       .preview = [](const Model& m) {
         const std::optional<TrafficSplit> traffic = preview_traffic(m);
         return lag_analysis(m, RunOptions{}, traffic ? &*traffic : nullptr, /*preview=*/true);
       }},
      {.name = "budget",
       .summary = "latency per stage and end to end, the bottleneck, headroom, servers needed",
       .reads = "[budget], [scalability], [components], [traffic], [cache]",
       .sections = {{"budget", "the request's stages, its arrival rate and latency objective",
                     R"({ arrival_rate = "1k/s", stage = [{ name = "web", servers = 8, service_time = "20 ms" }] })",
                     budget_keys, load_budget, link_budget},
                    {"scalability", "a load test's throughput by concurrency, for the USL fit",
                     R"({ measurements = [[1, 955.16], [2, 1878.91], [4, 3548.68]] })",
                     scalability_keys, load_scalability}},
       .is_present = [](const Model& m) {
         return m.section<BudgetSection>() != nullptr || m.section<ScalabilitySection>() != nullptr;
       },
       // A stage's visits may be the cache's miss ratio: the cache runs first, once.
       .uses = {"traffic", "cache"},
       .run = [](const Model& m, const RunOptions& o, const Results& in) {
         const CacheResult* cache = in.has("cache") ? &in.get<CacheResult>("cache") : nullptr;
         return budget_analysis(m, o, traffic_in(in), cache, /*preview=*/false);
       },
       // Closed forms per stage (visits from the cache taken as 1); no Monte Carlo.
       .preview = [](const Model& m) {
         const std::optional<TrafficSplit> traffic = preview_traffic(m);
         return budget_analysis(m, RunOptions{}, traffic ? &*traffic : nullptr, nullptr, /*preview=*/true);
       }},
      {.name = "ring",
       .summary = "how keys and load spread over nodes, what a change moves, vnodes needed",
       .reads = "[sharding]",
       .sections = {{"sharding", "placement of keys on nodes (consistent hashing and others)",
                   R"({ nodes = ["cache-1", "cache-2", "cache-3"], keys = "1M" })", sharding_keys,
                   load_sharding}},
       .is_present = [](const Model& m) { return m.section<ShardingSection>() != nullptr; },
       .run = [](const Model& m, const RunOptions& o, const Results&) {
         const ShardingSection& s = *m.section<ShardingSection>();
         return documented(analyse_ring(s, o.progress),
                           [&s](const RingResult& r) { return ring_document(r, s); });
       },
       .check = [](const Model& m) { check_ring_keys(*m.section<ShardingSection>()); },
       .preview = [](const Model& m) { return ring_preview(*m.section<ShardingSection>()); },
       .only_tables = {"sharding"}},
      {.name = "cache",
       .summary = "hit ratio of each eviction policy, analytic and simulated or replayed; LRU curve",
       .reads = "[cache]",
       .sections = {{"cache", "a cache: its size, eviction policies and workload",
                   R"({ capacity = "100k", workload = { objects = "1M", zipf = 0.9 } })",
                   cache_keys, load_cache}},
       .is_present = [](const Model& m) { return m.section<CacheSection>() != nullptr; },
       .run = [](const Model& m, const RunOptions& o, const Results&) {
         const CacheSection& s = *m.section<CacheSection>();
         return documented(analyse_cache(s, o),
                           [&s](const CacheResult& r) { return cache_document(r, s); });
       },
       .check = [](const Model& m) { check_cache_bounds(*m.section<CacheSection>()); },
       .preview = [](const Model& m) { return cache_preview(*m.section<CacheSection>()); },
       .only_tables = {"cache"}},
      {.name = "cost",
       .summary = "monthly cost per component and in all: servers needed, storage, egress, cache memory",
       .reads = "[cost], [components], [traffic], [storage], [budget], [cache]",
       .sections = {{"cost", "prices: per replica-hour, storage GiB-month, egress GiB, cache GiB-month",
                     R"({ currency = "USD", replica_hour = 0.20 })", cost_keys, load_cost, link_cost}},
       .is_present = [](const Model& m) { return m.section<CostSection>() != nullptr; },
       // A component's replicas are the most of its own, what size and what budget need.
       .uses = {"size", "budget"},
       .run = [](const Model& m, const RunOptions&, const Results& in) {
         return documented(analyse_cost(m, in.has("size") ? &in.get<SizeResult>("size") : nullptr,
                                        in.has("budget") ? &in.get<BudgetResult>("budget") : nullptr),
                           cost_document);
       },
       // From the previews of size and budget (closed forms): the servers they need are known.
       .preview = [](const Model& m) {
         std::optional<SizeResult> size;
         if (m.traffic) size = analyse_size(m);
         AnalysisResult budget;
         const Analysis* b = find_analysis("budget");
         if (b->is_present(m)) budget = b->preview(m);
         return cost_document(analyse_cost(m, size ? &*size : nullptr, std::any_cast<BudgetResult>(&budget.typed)));
       }},
  };
  return kAnalyses;
}

const std::vector<SectionSpec>& analysis_sections() {
  static const std::vector<SectionSpec> kSections = [] {
    std::vector<SectionSpec> out;
    for (const Analysis& a : analyses())
      for (const SectionSpec& section : a.sections) out.push_back(section);
    return out;
  }();
  return kSections;
}

const Analysis* find_analysis(std::string_view name) {
  for (const Analysis& a : analyses())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace headroom::calc
