// Loads [cache] and [cache.workload].
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "calc/cache/policy.hpp"
#include "calc/cache/request_source.hpp"
#include "calc/cache/section.hpp"
#include "calc/input/table_reader.hpp"
#include "calc/base/spelling.hpp"

namespace headroom::calc {
namespace {

// Beyond this a run takes hours or the index outgrows memory; refuse instead (the ranges of
// objects and requests, in the schema below, say the same for the workload).
constexpr double kMaxCapacityObjects = 1e9;
// The default length of a synthetic stream stops here (given explicitly, up to 10^10).
constexpr std::uint64_t kDefaultMaxRequests = 100'000'000;
// Each capacity is a cache simulated beside the others, for every policy.
constexpr size_t kMaxCapacities = 256;

std::optional<CacheCapacity> capacity_of(const CheckBound& b, TableReader& r, std::string_view key) {
  const ParsedQuantity& q = b.quantity;
  CacheCapacity c;
  if (q.kind == QuantityKind::kSize) {
    c = {q.si_value, true};
    r.diagnostics().note_size(q);
  } else if (q.kind == QuantityKind::kNumber || q.kind == QuantityKind::kCount) {
    if (q.si_value != std::floor(q.si_value)) {
      r.error(key, fmt::format("a capacity in objects is a whole number, got '{}'", b.text));
      return std::nullopt;
    }
    c = {q.si_value, false};
  } else {
    r.error(key, fmt::format("a capacity is a count of objects or a size, got {} '{}'",
                             describe(q.kind), b.text),
            "e.g. capacity = \"100k\" or capacity = \"4 GiB\"");
    return std::nullopt;
  }
  if (c.value < 1 || (!c.bytes && c.value > kMaxCapacityObjects) || c.value > 1e18) {
    r.error(key, fmt::format("capacity '{}' is out of range", b.text),
            c.value < 1 ? "a cache holds at least one object or byte" : "at most 1e9 objects");
    return std::nullopt;
  }
  return c;
}

void load_workload(TableReader& w, CacheSection& c, Diagnostics& diag) {
  CacheWorkload& wl = c.workload;
  if (auto n = w.integer("objects")) {
    wl.objects = static_cast<std::uint64_t>(*n);
    wl.objects_loc = w.loc_of("objects");
  }
  if (auto z = w.number("zipf")) wl.zipf = *z;
  wl.object_size = w.size("object_size");
  auto too_large = [](std::optional<Bytes> b) {
    return b && b->value() > static_cast<double>(kMaxObjectSize);
  };
  if (too_large(wl.object_size)) {
    w.error("object_size", "an object is at most 2^40 bytes (1 TiB) in a simulation");
  }
  if (const toml::table* t = w.table("object_sizes")) {
    TableReader d(*t, "cache.workload.object_sizes", "cache.workload.object_sizes", diag);
    SizeDistribution dist;
    const auto kind = d.choice("dist", SizeDistribution::kind_names());
    auto need = [&](std::optional<double> v, const char* key) {
      if (!v && !d.has(key)) d.error(key, fmt::format("this distribution needs {}", key));
      return v.value_or(0);
    };
    auto bytes = [&](std::optional<Bytes> b, const char* key) -> std::optional<double> {
      if (!b) return std::nullopt;
      if (too_large(b)) {
        d.error(key, "an object is at most 2^40 bytes (1 TiB) in a simulation");
        return 1.0;
      }
      return b->value();
    };
    if (!kind) {
      if (!d.has("dist")) d.error("dist", "object_sizes needs dist", "\"uniform\", \"lognormal\" or \"pareto\"");
    } else if (*kind == SizeDistribution::Kind::kUniform) {
      dist = {SizeDistribution::Kind::kUniform, need(bytes(d.size("min"), "min"), "min"), need(bytes(d.size("max"), "max"), "max")};
      if (dist.b < dist.a) d.error("max", "max is smaller than min");
    } else if (*kind == SizeDistribution::Kind::kLognormal) {
      dist = {SizeDistribution::Kind::kLognormal, need(bytes(d.size("median"), "median"), "median"),
              need(d.number("sigma"), "sigma")};
    } else {
      dist = {SizeDistribution::Kind::kPareto, need(bytes(d.size("xm"), "xm"), "xm"),
              need(d.number("alpha"), "alpha")};
    }
    d.finish();
    wl.object_sizes = dist;
    if (w.has("object_size")) w.error("object_sizes", "give object_size or object_sizes, not both");
  }
  if (auto n = w.integer("requests")) wl.requests = static_cast<std::uint64_t>(*n);
  if (auto t = w.string("trace")) {
    std::filesystem::path path(*t);
    if (path.is_relative() && diag.path() != "<stdin>")
      path = std::filesystem::path(diag.path()).parent_path() / path;
    wl.trace = path.string();
    wl.trace_loc = w.loc_of("trace");
    if (!std::ifstream(wl.trace)) w.error("trace", fmt::format("cannot open '{}'", wl.trace));
    for (const char* synthetic : {"objects", "zipf", "requests", "object_size", "object_sizes"}) {
      if (w.has(synthetic)) {
        w.error(synthetic, fmt::format("{} describes a synthetic workload; a trace brings its own",
                                       synthetic));
      }
    }
  } else if (!w.has("objects")) {
    w.error("", "the workload needs objects (synthetic) or a trace",
            "e.g. objects = \"1M\" and zipf = 0.9, or trace = \"requests.txt\"");
  }
  if (auto f = w.choice("trace_format", trace_format_names())) wl.trace_format = *f;
  if (w.has("trace_format") && !w.has("trace")) w.error("trace_format", "trace_format needs a trace");
  if (wl.is_trace() && !w.has("trace_format") && std::ifstream(wl.trace)) {
    try {
      const DetectedFormat d = detect_trace_format(wl.trace, wl.trace_loc);
      wl.trace_format = d.format;
      wl.trace_format_from = d.from;
    } catch (const Error& e) {
      for (const Diagnostic& d : e.diagnostics()) diag.add(d);
    }
  }
  if (auto ops = w.choice("operations", operations_names())) wl.reads_only = *ops;
  if (wl.reads_only && wl.trace_format != TraceFormat::kTwitter)
    w.error("operations", "operations applies to trace_format = \"twitter\" (the one with an operation column)");
  if (auto k = w.string("key_column")) wl.key_column = *k;
  if (auto s = w.string("size_column")) wl.size_column = *s;
  if ((w.has("key_column") || w.has("size_column")) && wl.trace_format != TraceFormat::kCsv) {
    w.error(w.has("key_column") ? "key_column" : "size_column", "columns apply to trace_format = \"csv\"");
  }
  if (!wl.is_trace() && wl.objects > 0) {
    // By default ten requests per object, at least 1M and at most 100M (a bound on the time).
    if (wl.requests == 0) wl.requests = std::clamp<std::uint64_t>(10 * wl.objects, 1'000'000, kDefaultMaxRequests);
  }
}

}  // namespace

// "all" or "reads": whether a twitter trace is replayed for its reads only.
const Names<bool>& operations_names() {
  static const Names<bool> kNames = {{"all", false}, {"reads", true}};
  return kNames;
}

const Names<TraceFormat>& trace_format_names() {
  static const Names<TraceFormat> kNames = {{"key", TraceFormat::kKey},
                                            {"key size", TraceFormat::kKeySize},
                                            {"csv", TraceFormat::kCsv},
                                            {"oracleGeneral", TraceFormat::kOracleGeneral},
                                            {"twitter", TraceFormat::kTwitter}};
  return kNames;
}

const Names<SizeDistribution::Kind>& SizeDistribution::kind_names() {
  static const Names<Kind> kNames = {
      {"uniform", Kind::kUniform}, {"lognormal", Kind::kLognormal}, {"pareto", Kind::kPareto}};
  return kNames;
}

const std::vector<KeySpec>& cache_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"cache", "capacity", T::kQuantity, "objects (\"100k\") or bytes (\"4 GiB\")"}.eg(R"("100k")"),
      KeySpec{"cache", "capacities", T::kQuantityList, "several sizes to compare, e.g. [\"1k\", \"10k\"]"}.eg(R"(["1k", "10k", "100k"])"),
      KeySpec{"cache", "policies", T::kStringList,
       "fifo, lifo, lru, mru, lfu, random, clock, arc, sieve, s3fifo (default the first six)"}.one_of([] { return names_only(cache_policy_names()); })
          .by_default("[\"fifo\", \"lifo\", \"lru\", \"mru\", \"lfu\", \"random\"]").eg(R"(["lru", "sieve", "s3fifo"])"),
      KeySpec{"cache", "request_rate", T::kRate, "requests per second, for the backend load"}.eg(R"("20k/s")"),
      KeySpec{"cache", "hit_time", T::kDuration, "latency of a hit, for the mean latency"}.in(0, 1e15).eg(R"("0.5 ms")"),
      KeySpec{"cache", "miss_time", T::kDuration, "latency of a miss"}.in(0, 1e15).eg(R"("20 ms")"),
      KeySpec{"cache", "sample_rate", T::kRatio, "SHARDS sampling rate for the LRU curve (1 = exact)"}.in(0, 1, /*min_open=*/true).by_default("1").eg("0.01"),
      KeySpec{"cache", "miss_ratio_curve", T::kBool, "compute the LRU miss-ratio curve (true)"}.by_default("true").eg("false"),
      KeySpec{"cache", "warmup", T::kQuantity, "requests replayed before hits are counted: a share (\"10%\"), a count (100000) or \"fill\" (until each cache is first full)"}.one_of([] { return std::vector<std::string>{"fill"}; }).eg(R"("10%")"),
      KeySpec{"cache", "workload", T::kTable, "the requests: synthetic (objects, zipf) or a trace"}.eg(R"({ objects = "1M", zipf = 0.9 })"),
      // Beyond 10^9 objects or 10^10 requests a run takes hours or the index outgrows memory.
      KeySpec{"cache.workload", "objects", T::kInteger, "distinct objects (synthetic)"}.in(1, 1e9).eg(R"("1M")"),
      KeySpec{"cache.workload", "zipf", T::kNumber, "Zipf exponent α of popularity, 0 to 3"}.in(0, 3).by_default("0").eg("0.9"),
      KeySpec{"cache.workload", "object_size", T::kSize, "the size of every object (synthetic)"}.eg(R"("4 KiB")"),
      KeySpec{"cache.workload", "object_sizes", T::kTable,
       "sizes that vary by object: { dist = \"lognormal\", median = \"4 KiB\", sigma = 1 }"}.eg(R"({ dist = "lognormal", median = "4 KiB", sigma = 1 })"),
      KeySpec{"cache.workload", "requests", T::kInteger, "length of the simulated stream"}.in(1, 1e10).eg(R"("10M")"),
      KeySpec{"cache.workload.object_sizes", "dist", T::kString, "\"uniform\", \"lognormal\" or \"pareto\""}.one_of([] { return names_only(SizeDistribution::kind_names()); }).eg(R"("lognormal")"),
      KeySpec{"cache.workload.object_sizes", "min", T::kSize, "uniform: smallest size"}.eg(R"("1 KiB")"),
      KeySpec{"cache.workload.object_sizes", "max", T::kSize, "uniform: largest size"}.eg(R"("64 KiB")"),
      KeySpec{"cache.workload.object_sizes", "median", T::kSize, "lognormal: median size"}.eg(R"("4 KiB")"),
      KeySpec{"cache.workload.object_sizes", "sigma", T::kNumber, "lognormal: σ of the log of the size"}.in(0, 5).eg("1"),
      KeySpec{"cache.workload.object_sizes", "xm", T::kSize, "pareto: smallest size"}.eg(R"("1 KiB")"),
      KeySpec{"cache.workload.object_sizes", "alpha", T::kNumber, "pareto: tail index α (> 1)"}.in(1, 100, /*min_open=*/true).eg("1.5"),
      KeySpec{"cache.workload", "trace", T::kString, "a request trace to replay (.gz and .zst too)"}.eg(R"("traces/requests.txt.gz")"),
      KeySpec{"cache.workload", "trace_format", T::kString, "\"key\", \"key size\", \"csv\", \"oracleGeneral\" (libCacheSim's binary) or \"twitter\"; default: detected from the name and first bytes"}.one_of([] { return names_only(trace_format_names()); }).eg(R"("key size")"),
      KeySpec{"cache.workload", "operations", T::kString, "twitter: \"all\" (default) replays every request, \"reads\" only get and gets"}.one_of([] { return names_only(operations_names()); }).by_default("\"all\"").eg(R"("reads")"),
      KeySpec{"cache.workload", "key_column", T::kString, "csv: the key's column (\"key\")"}.by_default("\"key\"").eg(R"("key")"),
      KeySpec{"cache.workload", "size_column", T::kString, "csv: the size's column (\"size\"), optional"}.by_default("\"size\"").eg(R"("bytes")"),
  };
  return kKeys;
}

void load_cache(TableReader& r, Model& model, Diagnostics& diag) {
  CacheSection c;
  c.loc = r.loc();
  if (auto b = r.quantity("capacity")) {
    if (auto cap = capacity_of(*b, r, "capacity")) c.capacities.push_back(*cap);
  }
  if (auto list = r.quantity_list("capacities")) {
    if (list->empty()) r.error("capacities", "the list of capacities is empty");
    if (list->size() > kMaxCapacities) {
      r.error("capacities", fmt::format("{} capacities; headroom simulates at most {} in one run",
                                        list->size(), kMaxCapacities),
              "the miss-ratio curve gives LRU at every size in one pass");
    } else {
      for (const CheckBound& b : *list)
        if (auto cap = capacity_of(b, r, "capacities")) c.capacities.push_back(*cap);
    }
  }
  if (!r.has("capacity") && !r.has("capacities")) {
    r.error("", "[cache] needs capacity", "e.g. capacity = \"100k\" (objects) or \"4 GiB\"");
  }
  bool bytes = false, objects = false;
  for (const CacheCapacity& cap : c.capacities) (cap.bytes ? bytes : objects) = true;
  if (bytes && objects) r.error("capacities", "give every capacity in objects or every one in bytes");
  if (auto list = r.choice_list("policies", cache_policy_names())) {
    c.policies = *list;
    if (list->empty()) r.error("policies", "the list of policies is empty");
  } else if (!r.has("policies")) {
    c.policies = {CachePolicy::kFifo, CachePolicy::kLifo, CachePolicy::kLru,
                  CachePolicy::kMru,  CachePolicy::kLfu,  CachePolicy::kRandom};
  }
  c.request_rate = r.rate("request_rate");
  c.hit_time = r.duration("hit_time");
  c.miss_time = r.duration("miss_time");
  if (auto s = r.ratio("sample_rate")) {
    c.sample_rate = *s;
    c.sample_rate_loc = r.loc_of("sample_rate");
  }
  if (auto curve = r.boolean("miss_ratio_curve")) c.miss_ratio_curve = *curve;
  std::string word;
  if (auto w = r.quantity_or_word("warmup", word)) {
    CacheWarmup& warm = c.warmup;
    warm.text = word.empty() ? w->text : word;
    const QuantityKind kind = w->quantity.kind;
    const double v = w->quantity.si_value;
    if (word == "fill") {
      warm.kind = CacheWarmup::Kind::kFill;
    } else if (kind == QuantityKind::kPercent && v >= 0 && v < 1) {
      warm.kind = CacheWarmup::Kind::kShare;
      warm.share = v;
    } else if ((kind == QuantityKind::kNumber || kind == QuantityKind::kCount) && v >= 0 && v == std::floor(v) && v <= 1e12) {
      warm.kind = CacheWarmup::Kind::kRequests;
      warm.requests = static_cast<std::uint64_t>(v);
    } else {
      r.error("warmup", fmt::format("warmup '{}' is not a share of the requests below 100%, a whole count of them, "
                                    "or \"fill\"", w->text),
              "e.g. warmup = \"10%\", 100000, \"100k\" or \"fill\"");
    }
  }
  if (const toml::table* w = r.table("workload")) {
    TableReader wr(*w, "cache.workload", "cache.workload", diag);
    load_workload(wr, c, diag);
    wr.finish();
  } else if (!r.has("workload")) {
    r.error("", "[cache] needs a [cache.workload]", "objects and zipf, or a trace");
  }
  if (bytes && !c.workload.is_trace() && !c.workload.object_size && !c.workload.object_sizes &&
      r.has("workload")) {
    r.error(r.has("capacity") ? "capacity" : "capacities",
            "a capacity in bytes needs object sizes: give cache.workload.object_size or object_sizes");
  }
  for (const CacheCapacity& cap : c.capacities) {
    if (!cap.bytes && !c.workload.is_trace() && c.workload.objects &&
        cap.value >= static_cast<double>(c.workload.objects)) {
      r.error(r.has("capacity") ? "capacity" : "capacities",
              fmt::format("a capacity of {} objects holds all {} objects; nothing is evicted",
                          cap.value, c.workload.objects));
    }
  }
  r.finish();
  model.set_section(std::move(c));
}

}  // namespace headroom::calc
