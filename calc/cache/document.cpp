// The result document of `headroom cache` (SPEC §3.5 JSON keys).
#include <fmt/format.h>

#include "calc/cache/cache.hpp"

namespace headroom::calc {

AnalysisResult cache_document(const CacheResult& r, const CacheSection& s) {
  AnalysisResult out;
  Node& doc = out.document;
  const bool bytes = !s.capacities.empty() && s.capacities.front().bytes;
  Node& workload = doc.add("workload", Node::object());
  workload.add("kind", Node::string(r.synthetic ? "synthetic" : "trace"));
  if (r.synthetic) {
    workload.add("objects", Node::count(static_cast<double>(s.workload.objects)));
    workload.add("zipf", Node::number(s.workload.zipf));
  } else {
    workload.add("trace", Node::string(s.workload.trace));
    workload.add("trace_format", Node::string(name_of(trace_format_names(), s.workload.trace_format)));
    workload.add("trace_format_from", Node::string(s.workload.trace_format_from));
    if (s.workload.trace_format == TraceFormat::kOracleGeneral || s.workload.trace_format == TraceFormat::kTwitter) {
      // oracleGeneral's records of size 0, twitter's writes under operations = "reads"
      workload.add("skipped_requests", Node::count(static_cast<double>(r.skipped_requests)));
    }
  }
  workload.add("requests", Node::count(static_cast<double>(r.requests)));
  if (s.miss_ratio_curve) {  // counted by the curve's pass
    workload.add("distinct_objects", Node::count(static_cast<double>(r.distinct_objects)));
  }
  doc.add("capacity_unit", Node::string(bytes ? "bytes" : "objects"));

  Node& policies = doc.add("policies", Node::array());
  for (const PolicyResult& p : r.policies) {
    Node& n = policies.push(Node::object(), p.key());
    n.add("policy", Node::string(p.name()));
    n.add("capacity", Node::number(p.capacity.value, bytes ? Unit::kBytes : Unit::kCount));
    n.add("hit_ratio", Node::number(p.hit_ratio(), Unit::kRatio));
    n.add("miss_ratio", Node::number(1 - p.hit_ratio(), Unit::kRatio));
    n.add("byte_hit_ratio", Node::number(p.byte_hit_ratio(), Unit::kRatio));
    if (p.warm) {  // the ratios above count after the warm-up; these, every request
      n.add("warmup_requests", Node::count(static_cast<double>(p.warmup_requests)));
      n.add("cold_hit_ratio", Node::number(p.cold_hit_ratio(), Unit::kRatio));
      n.add("cold_byte_hit_ratio", Node::number(p.cold_byte_hit_ratio(), Unit::kRatio));
    }
    if (r.synthetic) {
      n.add("analytic_hit_ratio", p.analytic ? Node::number(*p.analytic, Unit::kRatio) : Node::null());
      n.add("ci95", p.ci95 ? Node::number(*p.ci95, Unit::kRatio) : Node::null());
    }
    n.add("backend_requests_per_second",
          s.request_rate ? Node::number(s.request_rate->value() * (1 - p.hit_ratio()), Unit::kPerSecond)
                         : Node::null());
    n.add("mean_latency_seconds",
          s.hit_time && s.miss_time
              ? Node::number(p.hit_ratio() * s.hit_time->value() + (1 - p.hit_ratio()) * s.miss_time->value(),
                             Unit::kSeconds)
              : Node::null());
    if (p.analytic) {
      out.explanation.push_back({p.analytic_topic, fmt::format("{} at {}: analytic {:.4f} ({}), simulated {:.4f} ± {:.4f}",
                                            p.name(), p.capacity.value, *p.analytic, p.analytic_model,
                                            p.hit_ratio(), p.ci95.value_or(0))});
    }
  }
  if (s.warmup.kind != CacheWarmup::Kind::kNone) {
    out.explanation.push_back({"warmup", fmt::format(
        "warmup = {}: hit, miss and byte hit ratios count the requests after each run's warm-up "
        "(warmup_requests); cold_hit_ratio and cold_byte_hit_ratio count every request{}{}",
        s.warmup.text,
        s.warmup.kind == CacheWarmup::Kind::kFill
            ? "; \"fill\" ends at the request that fills the cache (before its first eviction every "
              "policy holds every distinct object seen)"
            : "",
        s.miss_ratio_curve ? "; the miss-ratio curve counts every request" : "")});
  }
  if (!s.miss_ratio_curve) return out;
  Node& curve = doc.add("miss_ratio_curve", Node::array());
  for (const CurvePoint& c : r.curve) {
    Node& n = curve.push(Node::object(), std::to_string(c.capacity));
    n.add("capacity", r.curve_bytes ? Node::number(static_cast<double>(c.capacity), Unit::kBytes)
                                    : Node::count(static_cast<double>(c.capacity)));
    n.add("miss_ratio", Node::number(c.miss_ratio, Unit::kRatio));
    if (r.sample_rate < 1) n.add("stderr", Node::number(c.stderr_, Unit::kRatio));
  }
  Node& lru = doc.add("miss_ratio_curve_info", Node::object());
  lru.add("policy", Node::string("lru"));
  lru.add("capacity_unit", Node::string(r.curve_bytes ? "bytes" : "objects"));
  lru.add("sample_rate", Node::number(r.sample_rate, Unit::kRatio));
  lru.add("sampled_requests", Node::count(static_cast<double>(r.sampled_requests)));
  if (r.curve_bytes) {
    lru.add("largest_object", Node::number(static_cast<double>(r.largest_object), Unit::kBytes));
    lru.add("resized_references", Node::count(static_cast<double>(r.resized_references)));
    lru.add("exact", Node::boolean(r.sample_rate >= 1 && r.resized_references == 0));
    out.explanation.push_back({"mattson", fmt::format(
        "miss ratio curve in bytes: the distance of a reference is its size plus the bytes of the "
        "distinct objects referenced since (one pass); LRU of B bytes hits it iff distance ≤ B, "
        "for every B from the largest object ({} bytes) up: below it an object too large to "
        "enter would not push others out, and no one-pass curve is exact there",
        r.largest_object)});
    if (r.resized_references > 0) {
      out.explanation.push_back({"mattson", fmt::format(
          "{} references found their object at another size than last time: the curve takes each "
          "object's latest size, the simulated policies keep the size an object was admitted with, "
          "so the curve is an estimate (exact = false)",
          r.resized_references)});
    }
  } else {
    out.explanation.push_back({"mattson", 
        "miss ratio curve: Mattson stack distances (one pass, exact for every capacity in "
        "objects); miss ratio at C = (cold misses + references with distance ≥ C) / references"});
  }
  if (r.sample_rate < 1) {
    out.explanation.push_back({"shards", fmt::format(
        "SHARDS sampling at rate {}: {} of {} references tracked, distances scaled by 1/R; "
        "stderr = √(m(1−m)/sampled) per point",
        r.sample_rate, r.sampled_requests, r.requests)});
  }
  if (r.synthetic) {
    out.explanation.push_back({"batch-means", 
        "ci95: half-width from 20 batch means, t(0.975, 19) × s/√20; cold misses count"});
  }
  return out;
}

AnalysisResult cache_preview(const CacheSection& s) {
  CacheResult r;
  r.synthetic = !s.workload.is_trace();
  r.sample_rate = s.sample_rate;
  r.curve_bytes = !s.capacities.empty() && s.capacities.front().bytes;
  for (const CachePolicy policy : s.policies) {
    for (const CacheCapacity& capacity : s.capacities) {
      PolicyResult p;
      p.policy = policy;
      p.capacity = capacity;
      p.warm = s.warmup.kind != CacheWarmup::Kind::kNone;
      p.warm_requests = p.requests = 1, p.warm_bytes = p.bytes = 1;  // placeholders: finite ratios
      if (r.synthetic) p.analytic = 0.0, p.ci95 = 0.0;  // optimistic: a null is checked on the run
      r.policies.push_back(std::move(p));
    }
  }
  AnalysisResult out = cache_document(r, s);
  if (Node* curve = out.document.find("miss_ratio_curve")) curve->mark_open();
  return out;
}

}  // namespace headroom::calc
