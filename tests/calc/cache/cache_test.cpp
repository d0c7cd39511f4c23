#include "calc/cache/cache.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <charconv>
#include <cmath>
#include <fstream>
#include <random>
#include <thread>
#include <unordered_map>
#include <zlib.h>
#include <zstd.h>

#include "calc/cache/policy.hpp"
#include "calc/base/helper_thread.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/cache/request_source.hpp"
#include "calc/cache/stack_distance.hpp"
#include "formulas/cache_models.hpp"
#include "formulas/hash64.hpp"
#include "formulas/zipf_sampler.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

// Steady-state hit ratio of `policy` on an IRM Zipf(alpha) stream over n objects: a warm-up
// long enough to fill the cache, then `measure` requests counted.
double simulated(CachePolicy policy, double alpha, std::uint64_t n, std::uint64_t capacity,
                 std::uint64_t measure, std::uint64_t seed) {
  formulas::ZipfSampler zipf(n, alpha);
  std::mt19937_64 rng(seed);
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
  auto cache = make_cache(policy, capacity, capacity, seed);
  const std::uint64_t warm = std::max<std::uint64_t>(200'000, 30 * capacity);
  for (std::uint64_t i = 0; i < warm; ++i) cache->access(zipf(uniform), 1);
  std::uint64_t hits = 0;
  for (std::uint64_t i = 0; i < measure; ++i) hits += cache->access(zipf(uniform), 1);
  return static_cast<double>(hits) / static_cast<double>(measure);
}

// A "key size" trace of `text` written to the build directory, as a workload.
CacheWorkload key_size_trace(const std::string& name, const std::string& text) {
  CacheWorkload w;
  w.trace = std::string(HEADROOM_BINARY_DIR) + "/" + name;
  w.trace_format = TraceFormat::kKeySize;
  std::ofstream(w.trace, std::ios::binary) << text;
  return w;
}

}  // namespace

TEST_CASE("Che's LRU and the FIFO/Random approximation match simulation within 0.01", "[calc][cache]") {
  // Che, Tung & Wang (2002); Fricker, Robert & Roberts (2012); FIFO/Random by h = pT/(1+pT)
  // (Martina, Garetto & Leonardi 2014). N = 10⁵, capacities 0.1%, 1% and 10% of N.
  const auto alpha = GENERATE(0.6, 0.8, 1.0, 1.2);
  const auto capacity = GENERATE(std::uint64_t{100}, std::uint64_t{1000}, std::uint64_t{10000});
  CAPTURE(alpha, capacity);
  const std::uint64_t n = 100'000;
  const double lru = simulated(CachePolicy::kLru, alpha, n, capacity, 600'000, 7);
  const double fifo = simulated(CachePolicy::kFifo, alpha, n, capacity, 600'000, 8);
  const double random = simulated(CachePolicy::kRandom, alpha, n, capacity, 600'000, 9);
  CHECK(formulas::che_lru(n, alpha, static_cast<double>(capacity)).hit_ratio == Approx(lru).margin(0.01));
  CHECK(formulas::fifo_random(n, alpha, static_cast<double>(capacity)).hit_ratio == Approx(fifo).margin(0.01));
  CHECK(formulas::fifo_random(n, alpha, static_cast<double>(capacity)).hit_ratio == Approx(random).margin(0.01));
  // Gelenbe (1973): FIFO and Random are equal under the IRM.
  CHECK(random == Approx(fifo).margin(0.005));
}

TEST_CASE("top-C mass is perfect LFU: an upper bound for the in-cache LFU", "[calc][cache]") {
  // A perfect LFU holds the C objects with the most requests overall; simulated here as the
  // static set of the C most requested objects of the stream, counted after the fact.
  const auto alpha = GENERATE(0.6, 0.8, 1.0, 1.2);
  const auto capacity = GENERATE(std::uint64_t{100}, std::uint64_t{1000}, std::uint64_t{10000});
  CAPTURE(alpha, capacity);
  const std::uint64_t n = 100'000, requests = 1'000'000;
  formulas::ZipfSampler zipf(n, alpha);
  std::mt19937_64 rng(11);
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
  std::vector<std::uint64_t> counts(n + 1, 0);
  for (std::uint64_t i = 0; i < requests; ++i) ++counts[zipf(uniform)];
  std::vector<std::uint64_t> sorted(counts.begin() + 1, counts.end());
  std::sort(sorted.rbegin(), sorted.rend());
  std::uint64_t top = 0;
  for (std::uint64_t i = 0; i < capacity; ++i) top += sorted[i];
  const double perfect = static_cast<double>(top) / requests;
  const double model = formulas::perfect_lfu(n, alpha, capacity);
  CHECK(model == Approx(perfect).margin(0.01));
  CHECK(model >= simulated(CachePolicy::kLfu, alpha, n, capacity, 300'000, 12) - 0.002);
}

TEST_CASE("the one-pass LRU curve equals LRU replayed at every size", "[calc][cache]") {
  // Mattson et al. (1970): LRU is a stack algorithm, so one pass of stack distances gives the
  // miss ratio at every capacity. Checked against a replay at each size from 1 to 400, on the
  // whole CloudPhysics trace (113,872 requests: the time axis is compacted on the way).
  gzFile gz = gzopen(HEADROOM_SOURCE_DIR "/tests/data/cloudPhysicsIO.keysize.txt.gz", "rb");
  REQUIRE(gz);
  std::vector<std::uint64_t> keys;
  char line[256];
  while (gzgets(gz, line, sizeof line)) keys.push_back(std::strtoull(line, nullptr, 10));
  gzclose(gz);
  StackDistance curve(1.0, 1024);
  for (std::uint64_t k : keys) curve.access(k);
  for (std::uint64_t capacity = 1; capacity <= 400; ++capacity) {
    auto lru = make_cache(CachePolicy::kLru, capacity, capacity, 1);
    std::uint64_t misses = 0;
    for (std::uint64_t k : keys) misses += !lru->access(k, 1);
    CAPTURE(capacity);
    CHECK(curve.miss_ratio(capacity) == static_cast<double>(misses) / keys.size());
  }
}

TEST_CASE("the one-pass LRU curve in bytes equals LRU replayed by bytes at every capacity it gives", "[calc][cache]") {
  // With variable sizes, LRU that evicts until an object fits holds the most recent objects
  // whose sizes sum to at most B, so a reference hits iff its own size plus the bytes of the
  // distinct objects referenced since is at most B (a stack algorithm in bytes, for B at least
  // the largest object). Checked on the whole CloudPhysics trace (the time axis is compacted on
  // the way), each key held at the first size it shows, against a replay at every capacity of
  // the curve's grid and at capacities off the grid counted exactly.
  gzFile gz = gzopen(HEADROOM_SOURCE_DIR "/tests/data/cloudPhysicsIO.keysize.txt.gz", "rb");
  REQUIRE(gz);
  std::vector<Request> trace;
  std::unordered_map<std::uint64_t, std::uint64_t> size_of;
  char line[256];
  while (gzgets(gz, line, sizeof line)) {
    char* rest = nullptr;
    const std::uint64_t key = std::strtoull(line, &rest, 10);
    const std::uint64_t size = size_of.emplace(key, std::strtoull(rest, nullptr, 10)).first->second;
    trace.push_back(Request{key, size});
  }
  gzclose(gz);
  REQUIRE(trace.size() == 113'872);
  const std::vector<std::uint64_t> off_grid = {1'000'003, 3'000'001, 10'000'007, 77'777'777};
  StackDistance curve(1.0, 1024, StackDistance::Unit::kBytes, off_grid);
  for (const Request& r : trace) curve.access(r.key, cache_store::hash_of(r.key), r.size);
  CHECK(curve.resized() == 0);
  std::vector<std::uint64_t> capacities = curve.capacities(64);
  CHECK(capacities.front() == curve.largest_object());
  CHECK(capacities.size() > 40);
  capacities.insert(capacities.end(), off_grid.begin(), off_grid.end());
  for (const std::uint64_t capacity : capacities) {
    auto lru = make_cache(CachePolicy::kLru, capacity, 1024, 1);
    std::uint64_t misses = 0;
    for (const Request& r : trace) misses += !lru->access(r.key, r.size);
    CAPTURE(capacity);
    CHECK(curve.miss_ratio(capacity) == static_cast<double>(misses) / static_cast<double>(trace.size()));
  }
}

TEST_CASE("SHARDS sampling stays within its stated error", "[calc][cache]") {
  // Waldspurger et al. (FAST 2015): spatial sampling at rate R by key hash, distances / R.
  formulas::ZipfSampler zipf(200'000, 0.9);
  std::mt19937_64 rng(3);
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
  StackDistance exact(1.0, 1 << 16), sampled(0.1, 1 << 16);
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t k = zipf(uniform);
    exact.access(k);
    sampled.access(k);
  }
  // Keys are sampled, not references: the hottest keys make the count swing.
  CHECK(sampled.sampled() == Approx(200'000).margin(40'000));
  for (std::uint64_t c : {1000, 5000, 20000, 80000}) {
    CAPTURE(c);
    const double m = sampled.miss_ratio(c);
    const double se = std::sqrt(m * (1 - m) / sampled.sampled());
    // Keys, not references, are sampled, so the error is larger than the binomial one; the
    // paper reports mean absolute errors of about 0.01 and less with SHARDS-adj.
    CHECK(m == Approx(exact.miss_ratio(c)).margin(std::max(0.02, 10 * se)));
  }
}

TEST_CASE("SHARDS sampling of the byte curve stays close to the exact byte curve", "[calc][cache]") {
  // The same sampling with distances in bytes (sizes fixed per key, 1 to 2,000 bytes), scaled
  // by 1/R; compared at capacities both count exactly.
  formulas::ZipfSampler zipf(200'000, 0.9);
  std::mt19937_64 rng(5);
  auto uniform = [&] { return static_cast<double>(rng() >> 11) * 0x1p-53; };
  const std::vector<std::uint64_t> at = {1'000'000, 5'000'000, 20'000'000, 80'000'000};
  StackDistance exact(1.0, 1 << 16, StackDistance::Unit::kBytes, at);
  StackDistance sampled(0.1, 1 << 16, StackDistance::Unit::kBytes, at);
  for (int i = 0; i < 2'000'000; ++i) {
    const std::uint64_t k = zipf(uniform);
    const std::uint64_t size = 1 + formulas::fmix64(k) % 2000;
    exact.access(k, cache_store::hash_of(k), size);
    sampled.access(k, cache_store::hash_of(k), size);
  }
  for (std::uint64_t c : at) {
    CAPTURE(c);
    CHECK(sampled.miss_ratio(c) == Approx(exact.miss_ratio(c)).margin(0.02));
  }
  CHECK(exact.miss_ratio(at[0]) > exact.miss_ratio(at[3]) + 0.1);  // the capacities matter
}

TEST_CASE("a trace streams from plain text, gzip and zstd alike", "[calc][cache]") {
  const std::string text = "1 512\n2 4096\n1 512\nabc 100\n2 4096\n\n3 10\r\n1 512";
  const std::string dir = std::string(HEADROOM_BINARY_DIR);
  std::ofstream(dir + "/trace.txt", std::ios::binary) << text;
  gzFile gz = gzopen((dir + "/trace.txt.gz").c_str(), "wb");
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  std::string compressed(ZSTD_compressBound(text.size()), '\0');
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), text.data(), text.size(), 3));
  std::ofstream(dir + "/trace.txt.zst", std::ios::binary) << compressed;
  for (const char* name : {"trace.txt", "trace.txt.gz", "trace.txt.zst"}) {
    CAPTURE(name);
    const Model m = load_model(std::string("[cache]\ncapacity = 3\npolicies = [\"lru\"]\n[cache.workload]\ntrace = \"") +
                                   dir + "/" + name + "\"\ntrace_format = \"key size\"\n",
                               "m.toml");
    const CacheResult r = analyse_cache(*m.section<CacheSection>(), RunOptions{});
    CHECK(r.requests == 7);
    CHECK(r.distinct_objects == 4);
    // LRU of 3: 1 2 1(hit) abc 2(hit) 3 — which evicts 1 — then 1 misses.
    CHECK(r.policies[0].hits == 2);
    CHECK(r.policies[0].hit_bytes == 512 + 4096);
  }
}

TEST_CASE("the trace reader's fast path reads every line as the general parser does", "[calc][cache]") {
  // Lines of every shape the eight-digits-at-a-time path takes or hands on: keys of 1 to 20
  // digits (20 may not fit in 64 bits: then the key is hashed), leading zeros, keys that are
  // not numbers, sizes of 1 to 12 digits and 2^40 itself (the largest object), CRLF, blank
  // lines and lines with blanks around their fields. The expected requests come from
  // std::from_chars and xxh64, independently of the reader. Long enough to cross read blocks.
  std::mt19937_64 rng(7);
  std::string text;
  std::vector<Request> expected;
  auto digits = [&](int n) {
    std::string d;
    for (int i = 0; i < n; ++i) d += static_cast<char>('0' + rng() % 10);
    return d;
  };
  auto id_of = [](const std::string& key) {
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
    return ec == std::errc() && end == key.data() + key.size() ? v : formulas::xxh64(key);
  };
  while (text.size() < (10u << 20)) {
    const std::uint64_t shape = rng() % 100;
    std::string key = shape < 3 ? "k" + digits(3) : digits(1 + static_cast<int>(rng() % 20));
    std::string size = shape == 5 ? "1099511627776" : digits(1 + static_cast<int>(rng() % 12));
    if (size.find_first_not_of('0') == std::string::npos) size = "7";
    text += (shape == 6 ? " " : "") + key + (shape == 7 ? " \t " : " ") + size + (shape == 8 ? "\t" : "") +
            (shape == 3 ? "\r\n" : "\n");
    if (shape == 4) text += "\n";
    if (shape == 9) text += "  \t\n";
    expected.push_back(Request{id_of(key), std::stoull(size)});
  }
  const CacheWorkload w = key_size_trace("shapes.txt", text);
  auto source = trace_source(w, {});
  std::vector<Request> got, buffer(4096);
  while (const size_t n = source->next(buffer)) got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<long>(n));
  REQUIRE(got.size() == expected.size());
  size_t differ = 0;
  for (size_t i = 0; i < got.size(); ++i) differ += got[i].key != expected[i].key || got[i].size != expected[i].size;
  CHECK(differ == 0);
}

TEST_CASE("odd trace lines are positioned errors, never a crash or a wrapped counter", "[calc][cache][regression]") {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"a 10\nb   \n", ":2:2: cache.workload.trace: expected 'key size', got no size"},
      {"1 10\n2 1099511627777\n", ":2:3: cache.workload.trace: object size '1099511627777' is over the largest a simulation takes, 2^40 bytes (1 TiB)"},
      {"1 9223372036854775808\n", ":1:3: cache.workload.trace: object size '9223372036854775808' is over the largest a simulation takes, 2^40 bytes (1 TiB)"},
      {"1 18446744073709551616\n", ":1:3: cache.workload.trace: object size '18446744073709551616' is over the largest a simulation takes, 2^40 bytes (1 TiB)"},
      {"1 5\r2 5\r", ":1:4: cache.workload.trace: a carriage return inside a line: lines end with \\n or \\r\\n (CR-only line endings are not read)"},
      {"1 5\n  7 a\n", ":2:5: cache.workload.trace: expected a size in bytes (a whole number above 0), got 'a'"},
  };
  int i = 0;
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const CacheWorkload w = key_size_trace("odd-" + std::to_string(i++) + ".txt", c.text);
    auto source = trace_source(w, {});
    std::vector<Request> buffer(64);
    CHECK_THROWS_WITH([&] { while (source->next(buffer)) {} }(), w.trace + c.error);
  }
  // One line of 2 MiB: refused at 1 MiB instead of growing the buffer without bound.
  const CacheWorkload w = key_size_trace("one-line.txt", std::string(2 << 20, '7') + " 1\n");
  auto source = trace_source(w, {});
  std::vector<Request> buffer(64);
  CHECK_THROWS_WITH([&] { while (source->next(buffer)) {} }(),
                    w.trace + ":1:1: cache.workload.trace: a line longer than 1048576 bytes (1 MiB): is this a trace of one request per line?");
}

TEST_CASE("a malformed line deep in a long trace is reported at its line and column", "[calc][cache]") {
  std::string text;
  for (int i = 1; i < 100000; ++i) text += std::to_string(i * 7919 % 1000003) + " " + std::to_string(i % 900 + 1) + "\n";
  text += "123 45 6\n1 1\n";  // line 100000: a third field
  const CacheWorkload w = key_size_trace("deep-bad.txt", text);
  auto source = trace_source(w, {});
  std::vector<Request> buffer(1 << 16);
  CHECK_THROWS_WITH([&] { while (source->next(buffer)) {} }(),
                    w.trace + ":100000:5: cache.workload.trace: expected 'key size', got '123 45 6'");
}

TEST_CASE("a malformed trace line stops the replay with its line number", "[calc][cache]") {
  const std::string dir = std::string(HEADROOM_BINARY_DIR);
  std::ofstream(dir + "/bad-trace.txt", std::ios::binary) << "1 512\n2 4096\n3\n4 12\n";
  const Model m = load_model("[cache]\ncapacity = 3\n[cache.workload]\ntrace = \"" + dir +
                                 "/bad-trace.txt\"\ntrace_format = \"key size\"\n",
                             "m.toml");
  CHECK_THROWS_WITH(analyse_cache(*m.section<CacheSection>(), RunOptions{}),
                    dir + "/bad-trace.txt:3:2: cache.workload.trace: expected 'key size', got no size");
  std::ofstream(dir + "/bad-size.txt", std::ios::binary) << "1 512\n2 0x10\n";
  const Model m2 = load_model("[cache]\ncapacity = 3\n[cache.workload]\ntrace = \"" + dir +
                                  "/bad-size.txt\"\ntrace_format = \"key size\"\n",
                              "m.toml");
  CHECK_THROWS_WITH(analyse_cache(*m2.section<CacheSection>(), RunOptions{}),
                    dir + "/bad-size.txt:2:3: cache.workload.trace: expected a size in bytes (a "
                          "whole number above 0), got '0x10'");
}

TEST_CASE("analysis on a synthetic workload: analytic beside simulated, with a confidence interval", "[calc][cache]") {
  const Model m = load_model(R"([cache]
capacity = 1000
policies = ["lru", "fifo", "lfu", "mru"]
request_rate = "10k/s"
hit_time = "1 ms"
miss_time = "11 ms"
[cache.workload]
objects = "100k"
zipf = 1.0
requests = "2M"
)", "m.toml");
  const CacheResult r = analyse_cache(*m.section<CacheSection>(), RunOptions{});
  REQUIRE(r.policies.size() == 4);
  for (const PolicyResult& p : r.policies) {
    CAPTURE(p.name());
    REQUIRE(p.ci95);
    CHECK(*p.ci95 > 0);
    CHECK(*p.ci95 < 0.02);
    if (p.policy == CachePolicy::kMru) CHECK_FALSE(p.analytic);
    else REQUIRE(p.analytic);
  }
  // Cold misses count, so the simulated LRU sits a little under Che's steady state.
  CHECK(r.policies[0].hit_ratio() == Approx(*r.policies[0].analytic).margin(0.02));
  CHECK(r.policies[0].hit_ratio() <= *r.policies[0].analytic + *r.policies[0].ci95);
  const AnalysisResult doc = cache_document(r, *m.section<CacheSection>());
  const double h = r.policies[0].hit_ratio();
  CHECK(resolve_path(doc.document, "policies.lru.backend_requests_per_second")->as_number() ==
        Approx(10000 * (1 - h)).margin(1e-9));
  CHECK(resolve_path(doc.document, "policies.lru.mean_latency_seconds")->as_number() ==
        Approx(h * 0.001 + (1 - h) * 0.011).margin(1e-12));
  // The curve at the configured capacity is LRU's miss ratio on this very stream.
  const auto at = std::find_if(r.curve.begin(), r.curve.end(),
                               [](const CurvePoint& c) { return c.capacity == 1000; });
  REQUIRE(at != r.curve.end());  // the configured capacity is always a point of the curve
  CHECK(at->miss_ratio == Approx(1 - h).margin(1e-12));
}

TEST_CASE("object sizes drawn from a distribution keep their mean and stay fixed per object", "[calc][cache]") {
  // Means: uniform (a+b)/2; lognormal median·e^{σ²/2}; Pareto α·xm/(α−1) (α = 3: finite variance).
  const std::pair<SizeDistribution, double> kCases[] = {
      {{SizeDistribution::Kind::kUniform, 1000, 3000}, 2000.0},
      {{SizeDistribution::Kind::kLognormal, 4096, 0.5}, 4096 * std::exp(0.125)},
      {{SizeDistribution::Kind::kPareto, 1024, 3.0}, 1536.0},
  };
  for (const auto& [dist, mean] : kCases) {
    CAPTURE(static_cast<int>(dist.kind));
    CHECK(dist.mean() == Approx(mean).epsilon(1e-12));
    double sum = 0;
    const int n = 400'000;
    for (int id = 1; id <= n; ++id) sum += static_cast<double>(object_size_of(dist, id));
    CHECK(sum / n == Approx(mean).epsilon(0.01));
    CHECK(object_size_of(dist, 77) == object_size_of(dist, 77));
  }
}

TEST_CASE("the helper thread runs its half beside ours, and either half's exception reaches the caller", "[calc]") {
  HelperThread helper;
  std::vector<int> theirs(1000, 0), ours(1000, 0);
  for (int round = 0; round < 50; ++round) {
    helper.split([&] { for (int& x : theirs) ++x; }, [&] { for (int& x : ours) ++x; });
  }
  CHECK(std::count(theirs.begin(), theirs.end(), 50) == 1000);
  CHECK(std::count(ours.begin(), ours.end(), 50) == 1000);
  CHECK_THROWS_WITH(helper.split([] { throw std::runtime_error("theirs"); }, [] {}), "theirs");
  // Ours throws while theirs is still running: theirs finishes before the exception leaves.
  // Theirs cannot finish before ours has thrown (it waits for the flag), then does more work;
  // a split that let the exception out at once would find `finished` still false.
  std::atomic<bool> ours_threw{false}, finished{false};
  CHECK_THROWS_WITH(helper.split([&] {
                      while (!ours_threw) std::this_thread::yield();
                      volatile std::uint64_t work = 0;
                      for (int i = 0; i < 20'000'000; ++i) work = work + i;
                      finished = true;
                    },
                                 [&] {
                                   ours_threw = true;
                                   throw std::runtime_error("ours");
                                 }),
                    "ours");
  CHECK(finished);
  int after = 0;
  helper.split([&] { after = 1; }, [] {});  // still usable
  CHECK(after == 1);
}

TEST_CASE("a replay stops, naming the key, once its caches and curve pass the memory budget", "[calc][cache][regression]") {
  // 400,000 distinct keys: a large LRU's entries outgrow 8 MB long before the end (one job
  // replays in chunks of 64k requests); a trace's distinct objects are known only as it is read.
  const std::string path = std::string(HEADROOM_BINARY_DIR) + "/many-keys.txt";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 400'000; ++i) out << i << '\n';
  }
  const std::string toml = "[cache]\ncapacity = \"1M\"\npolicies = [\"lru\"]\nmiss_ratio_curve = false\n"
                           "[cache.workload]\ntrace = \"" + path + "\"\n";
  const Model m = load_model(toml, "m.toml");
  RunOptions small;
  small.memory_budget = 8e6;
  try {
    analyse_cache(*m.section<CacheSection>(), small);
    FAIL("the replay ran past its budget");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("m.toml:6:9: cache.workload.trace: after "));
    CHECK_THAT(what, Catch::Contains("more than the 0.008 GB allowed; it stopped there"));
    CHECK_THAT(what, Catch::Contains("(1 cache), more than"));
    CHECK_THAT(what, Catch::Contains("fewer or smaller capacities"));
    // It stopped part of the way, not after reading everything.
    const auto after = what.find("after ") + 6;
    CHECK(std::stoull(what.substr(after)) < 400'000);
  }
  // What it measures is what the structures hold: at least an entry per object held.
  auto lru = make_cache(CachePolicy::kLru, 1'000'000, 16, 1);
  for (std::uint64_t k = 0; k < 100'000; ++k) lru->access(k, 1);
  CHECK(lru->memory_bytes() >= 100'000 * sizeof(cache_store::Entry));
  // Enough room: the same replay runs to the end.
  RunOptions roomy;
  roomy.memory_budget = 1e9;
  CHECK(analyse_cache(*m.section<CacheSection>(), roomy).requests == 400'000);
  // With the curve (two jobs, chunks of 1M requests), the hint is to sample it.
  const Model curve = load_model("[cache]\ncapacity = \"1M\"\npolicies = [\"lru\"]\n[cache.workload]\ntrace = \"" + path + "\"\n", "m.toml");
  CHECK_THROWS_WITH(analyse_cache(*curve.section<CacheSection>(), small),
                    Catch::Contains("the LRU curve tracking 400000 objects") &&
                        Catch::Contains("sample_rate = 0.01"));
  // A synthetic run is refused before it allocates, naming its objects.
  const Model synthetic = load_model("[cache]\ncapacity = \"1M\"\n[cache.workload]\nobjects = \"10M\"\n", "m.toml");
  CHECK_THROWS_WITH(check_cache_bounds(*synthetic.section<CacheSection>(), 8e6),
                    Catch::Contains("m.toml:4:11: cache.workload.objects: the simulation would hold about"));
}

namespace {
// [cache] over a "key size" trace of `text` with `more` lines, run.
CacheResult replay_text(const std::string& name, const std::string& text, const std::string& more) {
  const std::string path = std::string(HEADROOM_BINARY_DIR) + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  const Model m = load_model("[cache]\n" + more + "\n[cache.workload]\ntrace = \"" + path + "\"\ntrace_format = \"key size\"\n",
                             "m.toml");
  return analyse_cache(*m.section<CacheSection>(), RunOptions{});
}
}  // namespace

// Counted by hand. LRU of 2 objects on 1 2 1 3 1 2: miss miss hit miss(evicts 2) hit miss.
TEST_CASE("warm-up: a count, a share and fill, counted by hand", "[calc][cache][warmup]") {
  const std::string trace = "1 10\n2 20\n1 10\n3 30\n1 10\n2 20\n";
  SECTION("no warm-up: every request counts, and no warm figures") {
    const CacheResult r = replay_text("warm0.txt", trace, "capacity = 2\npolicies = [\"lru\"]");
    CHECK_FALSE(r.policies[0].warm);
    CHECK(r.policies[0].hit_ratio() == Approx(2.0 / 6));
  }
  SECTION("warmup = 2: counted from the third request, 2 hits in 4") {
    const CacheResult r = replay_text("warm1.txt", trace, "capacity = 2\npolicies = [\"lru\"]\nwarmup = 2");
    const PolicyResult& p = r.policies[0];
    CHECK(p.warmup_requests == 2);
    CHECK(p.warm_requests == 4);
    CHECK(p.hit_ratio() == Approx(0.5));
    CHECK(p.cold_hit_ratio() == Approx(2.0 / 6));
    // bytes after the warm-up: 10 + 30 + 10 + 20 = 70, hits 10 + 10.
    CHECK(p.byte_hit_ratio() == Approx(20.0 / 70));
    CHECK(p.cold_byte_hit_ratio() == Approx(20.0 / 100));
  }
  SECTION("warmup = \"50%\" of 6 requests is 3: 1 hit in the last 3") {
    const CacheResult r = replay_text("warm2.txt", trace, "capacity = 2\npolicies = [\"lru\"]\nwarmup = \"50%\"");
    CHECK(r.policies[0].warmup_requests == 3);
    CHECK(r.policies[0].hit_ratio() == Approx(1.0 / 3));
  }
  SECTION("warmup = \"fill\": each capacity from the request that fills it") {
    // Capacity 2 fills with the 2nd request (2 distinct): counted from the 3rd, as warmup = 2.
    // Capacity 3 fills with the 4th (object 3): counted from the 5th, where 1 and 2 both hit.
    // Capacity 5 never fills: nothing is counted, the ratio is unknown (NaN).
    const CacheResult r = replay_text("warm3.txt", trace, "capacities = [2, 3, 5]\npolicies = [\"lru\", \"fifo\"]\nwarmup = \"fill\"");
    REQUIRE(r.policies.size() == 6);
    for (size_t p = 0; p < 2; ++p) {
      CHECK(r.policies[3 * p].warmup_requests == 2);
      CHECK(r.policies[3 * p + 1].warmup_requests == 4);
      CHECK(r.policies[3 * p + 1].hit_ratio() == 1.0);
      CHECK(r.policies[3 * p + 2].warmup_requests == 6);
      CHECK(std::isnan(r.policies[3 * p + 2].hit_ratio()));
      CHECK(r.policies[3 * p + 2].cold_hit_ratio() == Approx(3.0 / 6));
    }
    CHECK(r.policies[0].hit_ratio() == Approx(0.5));  // LRU of 2, as warmup = 2
  }
  SECTION("fill in bytes: the first object that would not fit starts the count") {
    // 25 bytes: 1 (10) and then 2 (20) would make 30 > 25, so request 2 is the first counted.
    const CacheResult r = replay_text("warm4.txt", trace, "capacity = \"25 B\"\npolicies = [\"lru\"]\nwarmup = \"fill\"");
    CHECK(r.policies[0].warmup_requests == 1);
    CHECK(r.policies[0].warm_requests == 5);
  }
}

TEST_CASE("warm-up on a synthetic stream: the warm ratio is nearer the steady state, the interval over later batches", "[calc][cache][warmup]") {
  auto run = [](const std::string& warmup) {
    const Model m = load_model("[cache]\ncapacity = 1000\npolicies = [\"lru\"]\n" + warmup +
                                   "\n[cache.workload]\nobjects = 100000\nzipf = 0.9\nrequests = 200000\n",
                               "m.toml");
    return analyse_cache(*m.section<CacheSection>(), RunOptions{}).policies[0];
  };
  const PolicyResult cold = run(""), warm = run("warmup = \"10%\"");
  CHECK(warm.warmup_requests == 20000);
  CHECK(warm.cold_hit_ratio() == cold.hit_ratio());  // the same stream, every request
  REQUIRE(warm.analytic);
  // Che's approximation is the steady state: the warm ratio is closer to it than the cold one.
  CHECK(std::fabs(warm.hit_ratio() - *warm.analytic) < std::fabs(cold.hit_ratio() - *cold.analytic));
  CHECK(warm.hit_ratio() > cold.hit_ratio());
  REQUIRE(warm.ci95);
  CHECK(*warm.ci95 > 0);
}

// What warmup = "fill" rests on: before a cache is first full no policy evicts, so every
// re-reference until then hits, for each of the ten policies, in objects and in bytes.
TEST_CASE("no policy evicts before it is full (warmup = \"fill\")", "[calc][cache][warmup]") {
  std::mt19937_64 rng(7);
  for (const auto& [name, policy] : cache_policy_names()) {
    for (const bool bytes : {false, true}) {
      CAPTURE(name, bytes);
      const std::uint64_t capacity = bytes ? 50'000 : 500;
      auto cache = make_cache(policy, capacity, 1024, 1);
      std::unordered_map<std::uint64_t, std::uint64_t> sizes;
      std::uint64_t used = 0;
      for (int i = 0; i < 5000; ++i) {
        const std::uint64_t key = rng() % 2000, size = bytes ? 1 + rng() % 200 : 1;
        const auto seen = sizes.find(key);
        const std::uint64_t s = seen == sizes.end() ? size : seen->second;  // admitted at its first size
        if (seen == sizes.end() && used + s > capacity) break;            // the first that would not fit
        const bool hit = cache->access(key, s);
        if (seen != sizes.end()) {
          REQUIRE(hit);
        } else {
          REQUIRE_FALSE(hit);
          sizes.emplace(key, s);
          used += s;
        }
      }
      CHECK(used > capacity / 2);
    }
  }
}
