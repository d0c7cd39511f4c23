// The list of analyses. Adding an analysis: write calc/<name>.{hpp,cpp} and add one entry here.
#include "calc/analysis.hpp"
#include "calc/avail.hpp"
#include "calc/cache.hpp"
#include "calc/ring.hpp"
#include "calc/size.hpp"

namespace headroom::calc {

const std::vector<Analysis>& analyses() {
  static const std::vector<Analysis> kAnalyses = {
      {"size", "back-of-the-envelope rates, bandwidth, storage and servers needed",
       "[traffic], [storage], components.*.capacity",
       "headroom size examples/url-shortener.toml --set traffic.peak_to_average=5",
       [](const Model& m) { return m.traffic.has_value(); },
       [](const Model& m, const RunOptions&) { return size_document(analyse_size(m)); },
       /*has_own_command=*/false, [](const Model& m) { analyse_size(m); }},
      {"avail", "availability of the request path, downtime, error budget, which block matters",
       "[components], [groups], [availability]",
       "headroom avail examples/payments-api.toml --format json",
       [](const Model& m) { return m.availability.has_value(); },
       [](const Model& m, const RunOptions&) { return avail_document(analyse_availability(m)); },
       // Solving the diagram is how its limits are known; it is quick where it is feasible.
       /*has_own_command=*/false, [](const Model& m) { analyse_availability(m); }},
      {"ring", "how keys and load spread over nodes, what a change moves, vnodes needed",
       "[sharding]", "headroom ring examples/memcached-pool.toml --compare",
       [](const Model& m) { return m.sharding.has_value(); },
       [](const Model& m, const RunOptions&) {
         return ring_document(analyse_ring(*m.sharding), *m.sharding);
       },
       /*has_own_command=*/true, [](const Model& m) { check_ring_keys(*m.sharding); }},
      {"cache", "hit ratio of each eviction policy, analytic and simulated or replayed; LRU curve",
       "[cache]", "headroom cache examples/cdn-edge.toml --plot curves.svg",
       [](const Model& m) { return m.cache.has_value(); },
       [](const Model& m, const RunOptions& o) {
         return cache_document(analyse_cache(*m.cache, o), *m.cache);
       },
       /*has_own_command=*/true, [](const Model& m) { check_cache_bounds(*m.cache); }},
  };
  return kAnalyses;
}

const Analysis* find_analysis(std::string_view name) {
  for (const Analysis& a : analyses())
    if (a.name == name) return &a;
  return nullptr;
}

}  // namespace headroom::calc
