// The list of analyses. Adding an analysis is adding its folder, calc/<name>/ (its section
// struct and loader with its schema keys, the analysis, its document), and one entry here.
#include "calc/report/analysis.hpp"
#include "calc/avail/avail.hpp"
#include "calc/cache/cache.hpp"
#include "calc/ring/ring.hpp"
#include "calc/size/size.hpp"

namespace headroom::calc {

const std::vector<Analysis>& analyses() {
  static const std::vector<Analysis> kAnalyses = {
      {"size", "back-of-the-envelope rates, bandwidth, storage and servers needed",
       "[traffic], [storage], components.*.capacity",
       "headroom size examples/url-shortener.toml --set traffic.peak_to_average=5",
       {},
       [](const Model& m) { return m.traffic.has_value(); },
       [](const Model& m, const RunOptions&) { return size_document(analyse_size(m)); },
       /*has_own_command=*/false, [](const Model& m) { analyse_size(m); }},
      {"avail", "availability of the request path, downtime, error budget, which block matters",
       "[components], [groups], [availability]",
       "headroom avail examples/payments-api.toml --format json",
       {"availability", "the request path and the availability target", availability_keys,
        load_availability},
       [](const Model& m) { return (m.section<AvailabilitySection>() != nullptr); },
       [](const Model& m, const RunOptions&) { return avail_document(analyse_availability(m)); },
       // Solving the diagram is how its limits are known; it is quick where it is feasible.
       /*has_own_command=*/false, [](const Model& m) { analyse_availability(m); }},
      {"ring", "how keys and load spread over nodes, what a change moves, vnodes needed",
       "[sharding]", "headroom ring examples/memcached-pool.toml --compare",
       {"sharding", "placement of keys on nodes (consistent hashing and others)", sharding_keys,
        load_sharding},
       [](const Model& m) { return (m.section<ShardingSection>() != nullptr); },
       [](const Model& m, const RunOptions&) {
         return ring_document(analyse_ring(*m.section<ShardingSection>()), *m.section<ShardingSection>());
       },
       /*has_own_command=*/true, [](const Model& m) { check_ring_keys(*m.section<ShardingSection>()); }},
      {"cache", "hit ratio of each eviction policy, analytic and simulated or replayed; LRU curve",
       "[cache]", "headroom cache examples/cdn-edge.toml --plot curves.svg",
       {"cache", "a cache: its size, eviction policies and workload", cache_keys, load_cache},
       [](const Model& m) { return (m.section<CacheSection>() != nullptr); },
       [](const Model& m, const RunOptions& o) {
         return cache_document(analyse_cache(*m.section<CacheSection>(), o), *m.section<CacheSection>());
       },
       /*has_own_command=*/true, [](const Model& m) { check_cache_bounds(*m.section<CacheSection>()); }},
  };
  return kAnalyses;
}

const std::vector<SectionSpec>& analysis_sections() {
  static const std::vector<SectionSpec> kSections = [] {
    std::vector<SectionSpec> out;
    for (const Analysis& a : analyses())
      if (!a.section.name.empty()) out.push_back(a.section);
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
