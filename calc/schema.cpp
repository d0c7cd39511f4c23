#include "calc/schema.hpp"

#include <array>
#include <map>
#include <string>

namespace headroom::calc {

const std::vector<KeySpec>& schema() {
  using T = ValueType;
  static const std::vector<KeySpec> kSchema = {
      {"", "system", T::kTable, "the system's name and defaults"},
      {"", "traffic", T::kTable, "load: users and requests, or rates given directly"},
      {"", "storage", T::kTable, "what each write stores and for how long"},
      {"", "components", T::kTable, "the building blocks, one table each"},
      {"", "groups", T::kTable, "blocks made of components or other groups"},
      {"", "availability", T::kTable, "the request path and the availability target"},
      {"", "sharding", T::kTable, "placement of keys on nodes (consistent hashing and others)"},
      {"", "cache", T::kTable, "a cache: its size, eviction policies and workload"},
      {"", "check", T::kTableArray, "capacity checks on any reported metric"},

      {"system", "name", T::kString, "the system's name, shown in reports"},
      {"system", "target_utilization", T::kRatio,
       "busiest a server may be at peak when sizing (default 0.7)"},

      {"traffic", "daily_active_users", T::kNumber, "users a day (count, e.g. \"10M\")"},
      {"traffic", "requests_per_user_per_day", T::kNumber, "requests each user makes a day"},
      {"traffic", "request_rate", T::kRate, "total requests (reads + writes), e.g. \"5k/s\""},
      {"traffic", "read_rate", T::kRate, "reads, e.g. \"100M/month\""},
      {"traffic", "write_rate", T::kRate, "writes, e.g. \"10M/month\""},
      {"traffic", "read_write_ratio", T::kNumber, "reads per write"},
      {"traffic", "peak_to_average", T::kNumber, "peak rate / average rate (default 1)"},
      {"traffic", "request_size", T::kSize, "bytes in per request (ingress)"},
      {"traffic", "response_size", T::kSize, "bytes out per read (egress)"},

      {"storage", "object_size", T::kSize, "bytes stored per write"},
      {"storage", "retention", T::kDuration, "how long data is kept"},
      {"storage", "replication_factor", T::kNumber, "copies kept (default 1)"},
      {"storage", "compression_ratio", T::kNumber, "raw size / stored size (default 1)"},

      {"components.*", "availability", T::kAvailability,
       "availability of one replica: 0.999, \"99.9%\" or \"3 nines\""},
      {"components.*", "mtbf", T::kDuration, "mean time between failures of one replica"},
      {"components.*", "mttr", T::kDuration, "mean time to repair one replica"},
      {"components.*", "replicas", T::kInteger, "replicas n (default 1)"},
      {"components.*", "min_healthy", T::kInteger,
       "k: the block is up while at least k replicas are up (default 1)"},
      {"components.*", "mode", T::kString, "\"active-active\" (default) or \"active-passive\""},
      {"components.*", "failover_time", T::kDuration,
       "active-passive: outage per failure of the active replica"},
      {"components.*", "repair_crews", T::kInteger,
       "replicas repaired at once: solves the block as a Markov chain"},
      {"components.*", "capacity", T::kRate, "requests per second one replica serves"},
      {"components.*", "serves", T::kString,
       "the traffic it carries when sizing: \"requests\" (default), \"reads\" or \"writes\""},
      {"components.*", "service_time", T::kDuration, "mean service time of one request"},
      {"components.*", "service_scv", T::kNumber,
       "squared coefficient of variation of the service time (default 1)"},
      {"components.*", "concurrency", T::kInteger, "workers per replica (default 1)"},

      {"groups.*", "any_of", T::kStringList, "parallel: up while any member is up"},
      {"groups.*", "all_of", T::kStringList, "series: up while every member is up"},
      {"groups.*", "k", T::kInteger, "with `of`: up while at least k members are up"},
      {"groups.*", "of", T::kStringList, "the members of a k-of-n group"},

      {"availability", "path", T::kStringList, "components and groups a request needs, in order"},
      {"availability", "target", T::kAvailability, "availability objective, e.g. \"99.95%\""},

      {"sharding", "algorithm", T::kString,
       "ketama (default), ring, jump, rendezvous, maglev, modulo or bounded"},
      {"sharding", "compat", T::kString,
       "ketama only: exact (default), libketama, libmemcached, hashring or uhashring"},
      {"sharding", "hash", T::kString,
       "key hash for ring, rendezvous, jump, maglev, modulo, bounded: md5, xxh64, murmur3, fnv1a "
       "or none (keys are integers)"},
      {"sharding", "vnodes", T::kInteger, "ring and bounded: points per node of weight 1 (160)"},
      {"sharding", "keys", T::kInteger, "synthetic keys: key_format with {} = 0 .. keys-1"},
      {"sharding", "key_format", T::kString, "synthetic key pattern, {} replaced by the index"},
      {"sharding", "key_file", T::kString, "keys from a file instead, one per line"},
      {"sharding", "popularity", T::kTable,
       "request load per key: { zipf = 0.99 } (key i has rank i+1); default uniform"},
      {"sharding", "nodes", T::kStringList, "node names, weight 1 each"},
      {"sharding", "node", T::kTableArray, "nodes with weights: [[sharding.node]] name, weight"},
      {"sharding", "load_factor", T::kNumber, "bounded: capacity (1+ε) × mean load (1.25)"},
      {"sharding", "max_imbalance", T::kNumber,
       "target: max share / fair share; also reports the vnodes needed"},
      {"sharding", "table_size", T::kInteger, "maglev: lookup table size M, a prime (65537)"},
      {"sharding", "change", T::kTable, "a change to analyse: add, remove, reweight"},
      {"sharding.node[]", "name", T::kString, "the node's name (host:port for memcached)"},
      {"sharding.node[]", "weight", T::kNumber, "relative capacity (1)"},
      {"sharding.popularity", "zipf", T::kNumber, "Zipf exponent s: key i gets (i+1)^−s"},
      {"sharding.change", "add", T::kStringList, "nodes added (names, weight 1)"},
      {"sharding.change", "remove", T::kStringList, "nodes removed"},
      {"sharding.change", "reweight", T::kTable, "new weights: { \"cache-1:11211\" = 2 }"},
      {"cache", "capacity", T::kQuantity, "objects (\"100k\") or bytes (\"4 GiB\")"},
      {"cache", "capacities", T::kQuantityList, "several sizes to compare, e.g. [\"1k\", \"10k\"]"},
      {"cache", "policies", T::kStringList,
       "fifo, lifo, lru, mru, lfu, random, clock, arc, sieve, s3fifo (default the first six)"},
      {"cache", "request_rate", T::kRate, "requests per second, for the backend load"},
      {"cache", "hit_time", T::kDuration, "latency of a hit, for the mean latency"},
      {"cache", "miss_time", T::kDuration, "latency of a miss"},
      {"cache", "sample_rate", T::kRatio, "SHARDS sampling rate for the LRU curve (1 = exact)"},
      {"cache", "miss_ratio_curve", T::kBool, "compute the LRU miss-ratio curve (true)"},
      {"cache", "workload", T::kTable, "the requests: synthetic (objects, zipf) or a trace"},
      {"cache.workload", "objects", T::kInteger, "distinct objects (synthetic)"},
      {"cache.workload", "zipf", T::kNumber, "Zipf exponent α of popularity, 0 to 3"},
      {"cache.workload", "object_size", T::kSize, "the size of every object (synthetic)"},
      {"cache.workload", "object_sizes", T::kTable,
       "sizes that vary by object: { dist = \"lognormal\", median = \"4 KiB\", sigma = 1 }"},
      {"cache.workload", "requests", T::kInteger, "length of the simulated stream"},
      {"cache.workload.object_sizes", "dist", T::kString, "\"uniform\", \"lognormal\" or \"pareto\""},
      {"cache.workload.object_sizes", "min", T::kSize, "uniform: smallest size"},
      {"cache.workload.object_sizes", "max", T::kSize, "uniform: largest size"},
      {"cache.workload.object_sizes", "median", T::kSize, "lognormal: median size"},
      {"cache.workload.object_sizes", "sigma", T::kNumber, "lognormal: σ of the log of the size"},
      {"cache.workload.object_sizes", "xm", T::kSize, "pareto: smallest size"},
      {"cache.workload.object_sizes", "alpha", T::kNumber, "pareto: tail index α (> 1)"},
      {"cache.workload", "trace", T::kString, "a request trace to replay (.gz and .zst too)"},
      {"cache.workload", "trace_format", T::kString, "\"key\" (default), \"key size\" or \"csv\""},
      {"cache.workload", "key_column", T::kString, "csv: the key's column (\"key\")"},
      {"cache.workload", "size_column", T::kString, "csv: the size's column (\"size\"), optional"},
      {"check[]", "metric", T::kString,
       "dotted path into `headroom report --format json`, e.g. \"avail.availability\""},
      {"check[]", "min", T::kQuantity, "lowest passing value, in the metric's unit"},
      {"check[]", "max", T::kQuantity, "highest passing value, in the metric's unit"},
  };
  return kSchema;
}

const std::vector<const KeySpec*>& keys_of(std::string_view table) {
  // Built once: the loader asks for every table it reads (100,000 components, say).
  static const auto* const by_table = [] {
    auto* m = new std::map<std::string, std::vector<const KeySpec*>, std::less<>>();
    for (const KeySpec& k : schema()) (*m)[std::string(k.table)].push_back(&k);
    return m;
  }();
  static const std::vector<const KeySpec*> kNone;
  auto it = by_table->find(table);
  return it == by_table->end() ? kNone : it->second;
}

bool is_planned_section(std::string_view name) {
  constexpr std::array kPlanned = {std::string_view("replication"), std::string_view("quorum"),
                                   std::string_view("budget"), std::string_view("scalability")};
  for (std::string_view p : kPlanned)
    if (p == name) return true;
  return false;
}

}  // namespace headroom::calc
