#include "calc/cache/cache.hpp"

#include <algorithm>
#include <unordered_set>
#include <atomic>
#include <fmt/format.h>
#include <optional>
#include <cmath>

#include "calc/cache/policy.hpp"
#include "calc/base/helper_thread.hpp"
#include "calc/cache/stack_distance.hpp"
#include "formulas/cache_models.hpp"

namespace headroom::calc {
namespace {

// Requests handed to the policies at a time: with one job (one policy, or the curve), few
// enough that a chunk is still in the processor's caches when it is replayed; with several,
// enough that each job's tables warm up again only rarely.
constexpr size_t kChunkOneJob = 1 << 16, kChunkManyJobs = 1 << 20;
// Batches for the batch-means confidence interval, and Student's t at 95% for 19 degrees of
// freedom (two-sided).
constexpr int kBatches = 20;

// Student's t, two-sided 95% (the 0.975 quantile), for 1 to 19 degrees of freedom (Law,
// Simulation Modeling and Analysis, table T.1).
double student_t975(size_t df) {
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                  2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093};
  return kT[std::clamp<size_t>(df, 1, 19) - 1];
}
// Points of the miss-ratio curve, spaced evenly in log(capacity).
constexpr int kCurvePoints = 64;

struct Run {
  PolicyResult result;
  std::unique_ptr<Cache> cache;
  bool bytes = false;
  std::vector<std::uint64_t> batch_hits;
  // The warm-up: counted from request warm_from on, or, for "fill", from the chunk's
  // fill_at[capacity] (known once the chunk holding it is read).
  bool fill = false;
  size_t capacity_index = 0;
  std::uint64_t warm_from = 0;
};

// A chunk of requests with the hash of each key, computed once for every policy and the curve.
struct Chunk {
  explicit Chunk(size_t capacity) : requests(capacity), hashes(capacity) {}
  std::vector<Request> requests;
  std::vector<std::uint64_t> hashes;
  size_t size = 0;
  std::uint64_t first = 0;  // index of its first request in the whole stream
  std::vector<std::uint64_t> fill_at;  // warmup = "fill": where each capacity's count starts
};

constexpr std::uint64_t kNever = ~std::uint64_t{0};

// warmup = "fill": the request after which each capacity is first full. Before its first
// eviction every policy holds every distinct object it has seen (each admits on a miss), so the
// point is the same for all: the request that brings the distinct objects' size to the
// capacity, or the first one that would not fit beside them (an object larger than the whole
// cache is never admitted, and skipped). Tracks distinct keys only until every capacity is full.
class FillTracker {
 public:
  explicit FillTracker(const std::vector<CacheCapacity>& capacities) {
    for (const CacheCapacity& c : capacities) capacity_.push_back(static_cast<std::uint64_t>(c.value));
    used_.assign(capacity_.size(), 0);
    fill_at_.assign(capacity_.size(), kNever);
    bytes_ = !capacities.empty() && capacities.front().bytes;
    left_ = capacity_.size();
  }
  void see(const Chunk& c) {
    for (size_t i = 0; i < c.size && left_ > 0; ++i) {
      if (!seen_.insert(c.requests[i].key).second) continue;
      const std::uint64_t size = bytes_ ? c.requests[i].size : 1, at = c.first + i;
      for (size_t j = 0; j < capacity_.size(); ++j) {
        if (fill_at_[j] != kNever || size > capacity_[j]) continue;
        if (used_[j] + size > capacity_[j]) {
          fill_at_[j] = at;  // full for this one: it is the first counted
        } else if ((used_[j] += size) == capacity_[j]) {
          fill_at_[j] = at + 1;
        }
        if (fill_at_[j] != kNever) --left_;
      }
    }
  }
  const std::vector<std::uint64_t>& fill_at() const { return fill_at_; }

 private:
  std::vector<std::uint64_t> capacity_, used_, fill_at_;
  std::unordered_set<std::uint64_t> seen_;
  bool bytes_ = false;
  size_t left_ = 0;
};

// Replays chunks through every run and the curve on two threads. The jobs of a chunk (the
// curve, then each run) go to whichever thread is free next, so the work balances itself
// whatever each policy costs; the caller's thread first reads the next chunk, so that reading
// overlaps the replay. Chunks go through in order, and each run sees its requests in order.
class Replay {
 public:
  Replay(std::vector<Run>& runs, StackDistance* curve, std::uint64_t batch)
      : runs_(runs), curve_(curve), batch_(batch) {
    if (usable_cpus() > 1) helper_.emplace();  // on one processor, a second thread only gets in the way
  }
  /// Two threads: the next chunk can be read while this one is replayed.
  bool parallel() const { return helper_.has_value(); }
  /// Replays `chunk` and runs `read_next`: meanwhile when parallel(), else after.
  template <class ReadNext>
  void feed(const Chunk& chunk, ReadNext read_next) {
    chunk_ = &chunk;
    next_job_ = 0;
    if (!helper_) {
      take_jobs(hits_[0]);
      read_next();
      return;
    }
    helper_->split([this] { take_jobs(hits_[1]); }, [&] {
      read_next();
      take_jobs(hits_[0]);
    });
  }

 private:
  // Job 0 is the curve (the longest); job j > 0 is run j − 1.
  void take_jobs(std::vector<std::uint8_t>& hit) {
    const size_t jobs = runs_.size() + 1;
    for (size_t j = next_job_++; j < jobs; j = next_job_++) {
      if (j == 0) {
        if (curve_) curve_->access(chunk_->requests.data(), chunk_->hashes.data(), chunk_->size);
      } else {
        replay(runs_[j - 1], hit);
      }
    }
  }
  void replay(Run& run, std::vector<std::uint8_t>& hit) const {
    const Chunk& c = *chunk_;
    hit.resize(c.size);
    run.cache->access(c.requests.data(), c.hashes.data(), c.size, run.bytes, hit.data());
    PolicyResult& r = run.result;
    std::uint64_t hits = 0, hit_bytes = 0, bytes = 0;
    for (size_t i = 0; i < c.size; ++i) {
      hits += hit[i];
      bytes += c.requests[i].size;
      hit_bytes += hit[i] ? c.requests[i].size : 0;
    }
    r.hits += hits, r.requests += c.size;
    r.bytes += static_cast<double>(bytes), r.hit_bytes += static_cast<double>(hit_bytes);
    if (r.warm) {  // what comes after the warm-up
      const std::uint64_t from = run.fill ? c.fill_at[run.capacity_index] : run.warm_from;
      const size_t start = from <= c.first ? 0 : static_cast<size_t>(std::min<std::uint64_t>(from - c.first, c.size));
      std::uint64_t warm_hits = 0, warm_bytes = 0, warm_hit_bytes = 0;
      for (size_t i = start; i < c.size; ++i) {
        warm_hits += hit[i];
        warm_bytes += c.requests[i].size;
        warm_hit_bytes += hit[i] ? c.requests[i].size : 0;
      }
      r.warm_hits += warm_hits, r.warm_requests += c.size - start;
      r.warm_bytes += static_cast<double>(warm_bytes), r.warm_hit_bytes += static_cast<double>(warm_hit_bytes);
    }
    if (!batch_) return;
    // Hits per batch of the batch-means interval; a chunk may straddle batches.
    for (size_t i = 0; i < c.size;) {
      const std::uint64_t b = std::min<std::uint64_t>((c.first + i) / batch_, kBatches - 1);
      const size_t end = b == kBatches - 1 ? c.size : std::min<size_t>(c.size, (b + 1) * batch_ - c.first);
      for (; i < end; ++i) run.batch_hits[b] += hit[i];
    }
  }

  std::vector<Run>& runs_;
  StackDistance* curve_;
  std::uint64_t batch_;
  const Chunk* chunk_ = nullptr;
  std::atomic<size_t> next_job_{0};
  std::vector<std::uint8_t> hits_[2];     // one per thread
  std::optional<HelperThread> helper_;  // last: joined before what its jobs use goes
};

void add_analytic(PolicyResult& r, const CacheSection& s) {
  const CacheWorkload& w = s.workload;
  if (r.capacity.bytes && !w.object_size) return;  // the models assume one size for all
  const double objects = r.capacity.bytes ? std::floor(r.capacity.value / w.object_size->value())
                                          : r.capacity.value;
  if (objects < 1 || objects >= static_cast<double>(w.objects)) return;
  const auto c = static_cast<std::uint64_t>(objects);
  if (r.policy == CachePolicy::kLru) {
    r.analytic = formulas::che_lru(w.objects, w.zipf, objects).hit_ratio;
    r.analytic_model = "Che's approximation";
    r.analytic_topic = "che";
  } else if (r.policy == CachePolicy::kFifo || r.policy == CachePolicy::kRandom) {
    r.analytic = formulas::fifo_random(w.objects, w.zipf, objects).hit_ratio;
    r.analytic_model = "characteristic time, h = pT/(1+pT)";
    r.analytic_topic = "fifo-random";
  } else if (r.policy == CachePolicy::kLfu) {
    r.analytic = formulas::perfect_lfu(w.objects, w.zipf, c);
    r.analytic_model = "perfect LFU, top-C mass (upper bound)";
    r.analytic_topic = "perfect-lfu";
  } else if (r.policy == CachePolicy::kLifo) {
    r.analytic = formulas::lifo(w.objects, w.zipf, c);
    r.analytic_model = "first C-1 distinct objects plus one churning slot";
    r.analytic_topic = "lifo";
  }
}

// The curve's capacities: its own log-spaced points and the section's, where exact (in bytes,
// none below the largest object).
std::vector<std::uint64_t> curve_capacities(const StackDistance& curve, const CacheSection& s) {
  std::vector<std::uint64_t> points = curve.capacities(kCurvePoints);
  for (const CacheCapacity& c : s.capacities) {
    const auto capacity = static_cast<std::uint64_t>(c.value);
    if (!c.bytes || capacity >= curve.largest_object()) points.push_back(capacity);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

std::string describe_budget(double budget) {
  return budget == default_memory_budget()
             ? fmt::format("half of this machine's {:.3g} GB", 2 * budget / 1e9)
             : fmt::format("the {:.3g} GB allowed", budget / 1e9);
}

// Stops a replay, naming the trace (or the synthetic objects), once its caches and curve hold
// more than the budget: a trace's distinct objects are known only as it is read.
void check_memory(const std::vector<Run>& runs, const StackDistance* curve, const CacheSection& s,
                  std::uint64_t requests, double budget) {
  if (budget <= 0) return;
  double held = curve ? static_cast<double>(curve->memory_bytes()) : 0.0;
  for (const Run& run : runs) held += static_cast<double>(run.cache->memory_bytes());
  if (held <= budget) return;
  const CacheWorkload& w = s.workload;
  const std::string what =
      curve ? fmt::format(", the LRU curve tracking {} objects", curve->tracked()) : "";
  throw Error::at(w.is_trace() ? w.trace_loc : w.objects_loc,
                  w.is_trace() ? "cache.workload.trace" : "cache.workload.objects",
                  fmt::format("after {} requests the simulation holds {:.3g} GB ({} cache{}{}), "
                              "more than {}; it stopped there",
                              requests, held / 1e9, runs.size(), runs.size() == 1 ? "" : "s",
                              what, describe_budget(budget)),
                  curve && s.sample_rate == 1
                      ? "sample the curve (sample_rate = 0.01 tracks 1 object in 100) or set "
                        "miss_ratio_curve = false; smaller byte capacities hold fewer objects"
                      : "fewer or smaller capacities, fewer policies, or a lower sample_rate");
}

// The mean size of a synthetic workload's objects (1 when they have none).
double mean_object_size(const CacheWorkload& w) {
  return w.object_size ? w.object_size->value() : w.object_sizes ? w.object_sizes->mean() : 1.0;
}

}  // namespace

void check_cache_bounds(const CacheSection& s, double budget) {
  const CacheWorkload& w = s.workload;
  if (w.is_trace()) return;
  // Per object held: its entry, two index slots (the index stays at most half full) and a
  // policy's extra (ghosts, buckets); the curve keeps a tracked record and bits per object.
  constexpr double kCacheBytesPerObject = sizeof(cache_store::Entry) + 2 * 8 + 16;
  constexpr double kCurveBytesPerObject = 64;
  const double distinct = std::min(static_cast<double>(w.objects), static_cast<double>(w.requests));
  const double mean_size = mean_object_size(w);
  double need = s.miss_ratio_curve ? distinct * kCurveBytesPerObject : 0.0;
  for (const CacheCapacity& c : s.capacities) {
    const double held = c.bytes ? c.value / mean_size : c.value;
    need += static_cast<double>(s.policies.size()) * std::min(held, distinct) * kCacheBytesPerObject;
  }
  if (budget == 0) budget = default_memory_budget();
  if (budget > 0 && need > budget) {
    throw Error::at(w.objects_loc, "cache.workload.objects",
                    fmt::format("the simulation would hold about {:.3g} GB ({:.3g} distinct "
                                "objects in {} caches{}), more than {}",
                                need / 1e9, distinct, s.policies.size() * s.capacities.size(),
                                s.miss_ratio_curve ? " and the LRU curve" : "",
                                describe_budget(budget)),
                    "fewer objects or requests, smaller capacities, or fewer policies");
  }
}

CacheResult analyse_cache(const CacheSection& s, const RunOptions& options) {
  const double budget = options.memory_budget > 0 ? options.memory_budget : default_memory_budget();
  check_cache_bounds(s, budget);
  const CacheWorkload& w = s.workload;
  CacheResult result;
  result.synthetic = !w.is_trace();
  result.sample_rate = s.sample_rate;
  const double mean_size = mean_object_size(w);

  // A fixed warm-up: a count, or a share of the requests (a trace's counted by a first pass).
  const CacheWarmup& warmup = s.warmup;
  std::uint64_t warm_from = 0;
  if (warmup.kind == CacheWarmup::Kind::kRequests) warm_from = warmup.requests;
  if (warmup.kind == CacheWarmup::Kind::kShare) {
    std::uint64_t total = w.requests;
    if (!result.synthetic) {
      total = 0;
      std::vector<Request> buffer(1 << 16);
      for (auto counter = trace_source(w, {}); const size_t n = counter->next(buffer);) total += n;
    }
    warm_from = static_cast<std::uint64_t>(std::ceil(warmup.share * static_cast<double>(total)));
  }
  std::optional<FillTracker> fill;
  if (warmup.kind == CacheWarmup::Kind::kFill) fill.emplace(s.capacities);

  std::vector<Run> runs;
  for (const CachePolicy policy : s.policies) {
    for (size_t capacity_index = 0; capacity_index < s.capacities.size(); ++capacity_index) {
      const CacheCapacity& capacity = s.capacities[capacity_index];
      Run run;
      run.result.policy = policy;
      run.result.capacity = capacity;
      run.result.warm = warmup.kind != CacheWarmup::Kind::kNone;
      run.fill = fill.has_value();
      run.capacity_index = capacity_index;
      run.warm_from = warm_from;
      run.bytes = capacity.bytes;
      // Presized for what the cache holds, up to 4M objects and never more than there are
      // (a "1 EB" cache over 10,000 objects holds 10,000); beyond that the index grows. A
      // trace's objects are unknown up front: start small.
      const double held = capacity.bytes ? capacity.value / mean_size : capacity.value;
      const double objects = result.synthetic ? std::min(held, static_cast<double>(w.objects))
                                              : std::min(held, 65536.0);
      const auto expected = static_cast<std::uint64_t>(std::min(objects, 4.0 * (1 << 20))) + 16;
      run.cache = make_cache(policy, static_cast<std::uint64_t>(capacity.value), expected,
                             options.seed * 0x9E3779B97F4A7C15ULL + runs.size());
      if (result.synthetic) run.batch_hits.assign(kBatches, 0);
      runs.push_back(std::move(run));
    }
  }
  std::optional<StackDistance> curve;
  if (s.miss_ratio_curve) {
    // In the unit of the capacities; in bytes, the section's capacities are counted exactly.
    const bool bytes = !s.capacities.empty() && s.capacities.front().bytes;
    std::vector<std::uint64_t> exact;
    for (const CacheCapacity& c : s.capacities) exact.push_back(static_cast<std::uint64_t>(c.value));
    curve.emplace(s.sample_rate, result.synthetic ? std::min<std::uint64_t>(w.objects, 1 << 20) : 1 << 20,
                  bytes ? StackDistance::Unit::kBytes : StackDistance::Unit::kObjects, bytes ? exact : std::vector<std::uint64_t>{});
  }
  const std::uint64_t batch = result.synthetic ? (w.requests + kBatches - 1) / kBatches : 0;
  std::unique_ptr<RequestSource> source =
      result.synthetic ? synthetic_source(w, options.seed) : trace_source(w, options.progress);
  // With two threads, two chunks: one replayed while the next is read.
  Replay replay(runs, curve ? &*curve : nullptr, batch);
  const size_t jobs = runs.size() + (curve ? 1 : 0);
  // A synthetic stream shorter than a chunk gets a chunk of its own length (2,000 requests do
  // not need 24 MB of buffers).
  size_t chunk_size = jobs > 1 ? kChunkManyJobs : kChunkOneJob;
  if (result.synthetic) chunk_size = static_cast<size_t>(std::min<std::uint64_t>(chunk_size, std::max<std::uint64_t>(w.requests, 1)));
  std::vector<Chunk> chunks(replay.parallel() ? 2 : 1, Chunk(chunk_size));
  auto read = [&source, &fill](Chunk& c, std::uint64_t first) {
    c.size = source->next(c.requests);
    c.first = first;
    for (size_t i = 0; i < c.size; ++i) c.hashes[i] = cache_store::hash_of(c.requests[i].key);
    if (fill) {  // where each capacity fills, as far as this chunk tells: its runs' count starts there
      fill->see(c);
      c.fill_at = fill->fill_at();
    }
  };
  read(chunks[0], 0);
  for (size_t now = 0; chunks[now].size > 0; now = (now + 1) % chunks.size()) {
    const Chunk& c = chunks[now];
    const std::uint64_t end = c.first + c.size;
    replay.feed(c, [&] { read(chunks[(now + 1) % chunks.size()], end); });
    result.requests = end;
    check_memory(runs, curve ? &*curve : nullptr, s, end, budget);
    // A trace reports the bytes it has read; a synthetic stream, the requests replayed.
    if (result.synthetic && options.progress) options.progress(end, w.requests);
  }
  result.skipped_requests = source->skipped();
  if (result.requests == 0) {
    throw Error::at(w.trace_loc, "cache.workload.trace",
                    fmt::format("the trace '{}' has no requests; there is nothing to replay", w.trace));
  }
  if (curve && curve->sampled() == 0) {
    throw Error::at(s.sample_rate_loc, "cache.sample_rate",
                    fmt::format("sample_rate {} sampled none of the {} requests, so there is no "
                                "miss-ratio curve to report",
                                s.sample_rate, result.requests),
                    "raise sample_rate (about 1000 / distinct objects keeps a few thousand)");
  }
  if (curve) {
    result.distinct_objects = curve->distinct();
    result.sampled_requests = curve->sampled();
    result.curve_bytes = curve->unit() == StackDistance::Unit::kBytes;
    result.largest_object = curve->largest_object();
    result.resized_references = curve->resized();
  }

  for (Run& run : runs) {
    PolicyResult& r = run.result;
    if (r.warm) {
      const std::uint64_t from = run.fill ? (fill->fill_at()[run.capacity_index]) : run.warm_from;
      r.warmup_requests = std::min(from, result.requests);
    }
    if (result.synthetic) {
      add_analytic(r, s);
      // Batch means: the spread of the 20 batches' hit ratios; with a warm-up, of the batches
      // that start after it (Student's t for their number).
      double mean = 0, var = 0;
      std::vector<double> ratios;
      for (int b = 0; b < kBatches; ++b) {
        const std::uint64_t begin = b * batch, end = b == kBatches - 1 ? result.requests
                                                                        : std::min<std::uint64_t>(result.requests, (b + 1) * batch);
        if (r.warm && begin < r.warmup_requests) continue;
        if (end > begin) ratios.push_back(static_cast<double>(run.batch_hits[b]) / static_cast<double>(end - begin));
      }
      for (double x : ratios) mean += x / static_cast<double>(ratios.size());
      for (double x : ratios) var += (x - mean) * (x - mean) / static_cast<double>(ratios.size() - 1);
      if (ratios.size() > 1) r.ci95 = student_t975(ratios.size() - 1) * std::sqrt(var / static_cast<double>(ratios.size()));
    }
    result.policies.push_back(std::move(r));
  }
  if (!curve) return result;  // without the curve, distinct objects are not tracked either
  for (std::uint64_t c : curve_capacities(*curve, s)) {
    CurvePoint p;
    p.capacity = c;
    p.miss_ratio = curve->miss_ratio(c);
    if (s.sample_rate < 1 && curve->sampled() > 0)
      p.stderr_ = std::sqrt(p.miss_ratio * (1 - p.miss_ratio) / static_cast<double>(curve->sampled()));
    result.curve.push_back(p);
  }
  return result;
}

std::string policy_key(CachePolicy policy, const CacheCapacity& capacity) {
  return fmt::format("{}@{:.0f}", name_of(cache_policy_names(), policy), capacity.value);
}

}  // namespace headroom::calc
