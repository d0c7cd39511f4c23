#include "calc/cache.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <optional>
#include <cmath>

#include "calc/cache_policy.hpp"
#include "calc/helper_thread.hpp"
#include "calc/stack_distance.hpp"
#include "formulas/cache_models.hpp"

namespace headroom::calc {
namespace {

// Requests handed to the policies at a time.
constexpr size_t kChunk = 1 << 20;
// Batches for the batch-means confidence interval, and Student's t at 95% for 19 degrees of
// freedom (two-sided).
constexpr int kBatches = 20;
constexpr double kStudentT19 = 2.093;
// Points of the miss-ratio curve, spaced evenly in log(capacity).
constexpr int kCurvePoints = 64;

std::optional<CachePolicy> policy_of(const std::string& name) {
  for (int p = 0; p <= static_cast<int>(CachePolicy::kS3Fifo); ++p)
    if (policy_name(static_cast<CachePolicy>(p)) == name) return static_cast<CachePolicy>(p);
  return std::nullopt;
}

struct Run {
  PolicyResult result;
  std::unique_ptr<Cache> cache;
  bool bytes = false;
  std::vector<std::uint64_t> batch_hits;
};

// Each lane's runs over each chunk; the second lane on a helper thread.
class Lanes {
 public:
  Lanes(std::vector<Run*> a, std::vector<Run*> b, StackDistance* curve, std::uint64_t batch)
      : a_(std::move(a)), b_(std::move(b)), curve_(curve), batch_(batch) {
    if (!b_.empty()) helper_.emplace();
  }
  void feed(std::span<const Request> chunk, std::uint64_t first_index) {
    chunk_ = chunk, first_ = first_index;
    hashes_.resize(chunk.size());
    for (size_t i = 0; i < chunk.size(); ++i) hashes_[i] = cache_store::hash_of(chunk[i].key);
    auto ours = [&] {
      run(a_, hits_a_);
      if (curve_) curve_->access(chunk.data(), hashes_.data(), chunk.size());
    };
    if (helper_) helper_->split([this] { run(b_, hits_b_); }, ours);
    else ours();
  }

 private:
  void run(const std::vector<Run*>& runs, std::vector<std::uint8_t>& hit) const {
    const std::span<const Request> chunk = chunk_;
    hit.resize(chunk.size());
    for (Run* run : runs) {
      run->cache->access(chunk.data(), hashes_.data(), chunk.size(), run->bytes, hit.data());
      PolicyResult& r = run->result;
      std::uint64_t hits = 0, hit_bytes = 0, bytes = 0;
      for (size_t i = 0; i < chunk.size(); ++i) {
        hits += hit[i];
        bytes += chunk[i].size;
        hit_bytes += hit[i] ? chunk[i].size : 0;
      }
      r.hits += hits, r.bytes += bytes, r.hit_bytes += hit_bytes, r.requests += chunk.size();
      if (!batch_) continue;
      // Hits per batch of the batch-means interval; a chunk may straddle batches.
      for (size_t i = 0; i < chunk.size();) {
        const std::uint64_t b = std::min<std::uint64_t>((first_ + i) / batch_, kBatches - 1);
        const size_t end = b == kBatches - 1 ? chunk.size()
                                             : std::min<size_t>(chunk.size(), (b + 1) * batch_ - first_);
        for (; i < end; ++i) run->batch_hits[b] += hit[i];
      }
    }
  }

  std::vector<Run*> a_, b_;
  StackDistance* curve_;
  std::uint64_t batch_;
  std::span<const Request> chunk_;
  std::vector<std::uint64_t> hashes_;
  std::vector<std::uint8_t> hits_a_, hits_b_;
  std::uint64_t first_ = 0;
  std::optional<HelperThread> helper_;  // last: joined before what its jobs use goes
};

void add_analytic(PolicyResult& r, const CacheSection& s) {
  const CacheWorkload& w = s.workload;
  if (r.capacity.bytes && !w.object_size) return;  // the models assume one size for all
  const double objects = r.capacity.bytes ? std::floor(r.capacity.value / w.object_size->value())
                                          : r.capacity.value;
  if (objects < 1 || objects >= static_cast<double>(w.objects)) return;
  const auto c = static_cast<std::uint64_t>(objects);
  if (r.policy == "lru") {
    r.analytic = formulas::che_lru(w.objects, w.zipf, objects).hit_ratio;
    r.analytic_model = "Che's approximation";
  } else if (r.policy == "fifo" || r.policy == "random") {
    r.analytic = formulas::fifo_random(w.objects, w.zipf, objects).hit_ratio;
    r.analytic_model = "characteristic time, h = pT/(1+pT)";
  } else if (r.policy == "lfu") {
    r.analytic = formulas::perfect_lfu(w.objects, w.zipf, c);
    r.analytic_model = "perfect LFU, top-C mass (upper bound)";
  } else if (r.policy == "lifo") {
    r.analytic = formulas::lifo(w.objects, w.zipf, c);
    r.analytic_model = "first C-1 distinct objects plus one churning slot";
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

}  // namespace

CacheResult analyse_cache(const CacheSection& s, const RunOptions& options) {
  const CacheWorkload& w = s.workload;
  CacheResult result;
  result.synthetic = !w.is_trace();
  result.sample_rate = s.sample_rate;
  const double mean_size = w.object_size    ? w.object_size->value()
                           : w.object_sizes ? w.object_sizes->mean()
                                            : 1.0;

  std::vector<Run> runs;
  for (const std::string& name : s.policies) {
    for (const CacheCapacity& capacity : s.capacities) {
      Run run;
      run.result.policy = name;
      run.result.capacity = capacity;
      run.bytes = capacity.bytes;
      // Presized for what the cache holds, up to 4M objects; beyond that the index grows. A
      // trace's object sizes are unknown up front: start small.
      const bool sizes_unknown = capacity.bytes && result.synthetic == false;
      const double objects = sizes_unknown ? 65536.0
                             : capacity.bytes ? capacity.value / mean_size
                                              : capacity.value;
      const auto expected = static_cast<std::uint64_t>(std::min(objects, 4.0 * (1 << 20))) + 16;
      run.cache = make_cache(*policy_of(name), static_cast<std::uint64_t>(capacity.value), expected,
                             options.seed * 0x9E3779B97F4A7C15ULL + runs.size());
      if (result.synthetic) run.batch_hits.assign(kBatches, 0);
      runs.push_back(std::move(run));
    }
  }
  // Two lanes of about equal work; the curve rides on the first.
  std::vector<Run*> lane_a, lane_b;
  for (size_t i = 0; i < runs.size(); ++i) (i % 2 ? lane_b : lane_a).push_back(&runs[i]);
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
  Lanes lanes(lane_a, lane_b, curve ? &*curve : nullptr, batch);

  std::unique_ptr<RequestSource> source =
      result.synthetic ? synthetic_source(w, options.seed) : trace_source(w, options.progress);
  std::vector<Request> buffer(kChunk);
  std::uint64_t index = 0;
  while (const size_t n = source->next(buffer)) {
    lanes.feed({buffer.data(), n}, index);
    index += n;
  }
  result.requests = index;
  if (result.requests == 0) {
    throw Error::at(w.trace_loc, "cache.workload.trace",
                    fmt::format("the trace '{}' has no requests; there is nothing to replay", w.trace));
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
    if (result.synthetic) {
      add_analytic(r, s);
      // Batch means: the spread of the 20 batches' hit ratios.
      double mean = 0, var = 0;
      std::vector<double> ratios;
      for (int b = 0; b < kBatches; ++b) {
        const std::uint64_t begin = b * batch, end = std::min<std::uint64_t>(result.requests, (b + 1) * batch);
        if (end > begin) ratios.push_back(static_cast<double>(run.batch_hits[b]) / static_cast<double>(end - begin));
      }
      for (double x : ratios) mean += x / static_cast<double>(ratios.size());
      for (double x : ratios) var += (x - mean) * (x - mean) / static_cast<double>(ratios.size() - 1);
      if (ratios.size() > 1) r.ci95 = kStudentT19 * std::sqrt(var / static_cast<double>(ratios.size()));
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

}  // namespace headroom::calc
