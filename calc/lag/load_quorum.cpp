// Loads [quorum]: N, R, W, the four WARS latency legs (each a distribution, a mixture of them,
// or one of the PBS paper's production fits), the times to report and the target.
#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <string>

#include "calc/base/percentile.hpp"
#include "calc/input/table_reader.hpp"
#include "calc/lag/section.hpp"

namespace headroom::calc {
namespace {

enum class DistKind { kExponential, kLognormal, kPareto, kConstant, kEmpirical, kMixture };
const Names<DistKind>& dist_names() {
  static const Names<DistKind> kNames = {{"exponential", DistKind::kExponential}, {"lognormal", DistKind::kLognormal},
                                         {"pareto", DistKind::kPareto},           {"constant", DistKind::kConstant},
                                         {"empirical", DistKind::kEmpirical},     {"mixture", DistKind::kMixture}};
  return kNames;
}
enum class Preset { kLnkdSsd, kLnkdDisk, kYmmr, kWan };
const Names<Preset>& preset_names() {
  static const Names<Preset> kNames = {{"lnkd-ssd", Preset::kLnkdSsd}, {"lnkd-disk", Preset::kLnkdDisk},
                                       {"ymmr", Preset::kYmmr}, {"wan", Preset::kWan}};
  return kNames;
}

constexpr std::array<std::string_view, 4> kLegs = {"write", "ack", "read", "response"};
constexpr std::array<formulas::WarsLeg, 4> kWarsLegs = {formulas::WarsLeg::kWrite, formulas::WarsLeg::kAck,
                                                        formulas::WarsLeg::kRead, formulas::WarsLeg::kResponse};
// The paper's WAN scenario: LNKD-DISK, plus 75 ms on every message to a replica in another
// datacentre (all but the coordinator's own).
constexpr double kWanDelay = 0.075;
// The most mixture parts, empirical points and listed times a file may give.
constexpr size_t kMaxList = 10'000;

// "quorum.write", "quorum.write.parts[]", ...: patterns the schema needs to outlive it.
const std::string& pattern(size_t leg, bool part) {
  static const std::array<std::string, 8> kPatterns = [] {
    std::array<std::string, 8> p;
    for (size_t i = 0; i < 4; ++i) {
      p[i] = "quorum." + std::string(kLegs[i]);
      p[4 + i] = p[i] + ".parts[]";
    }
    return p;
  }();
  return kPatterns[leg + (part ? 4 : 0)];
}

void add_dist_keys(std::vector<KeySpec>& keys, std::string_view table, bool part) {
  using T = ValueType;
  keys.push_back(KeySpec{table, "dist", T::kString, "exponential, lognormal, pareto, constant, empirical or mixture"}
                     .one_of([] { return names_only(dist_names()); }).eg(R"("exponential")"));
  if (!part) {
    keys.push_back(KeySpec{table, "preset", T::kString, "a production fit of the PBS paper: lnkd-ssd, lnkd-disk, ymmr or wan"}
                       .one_of([] { return names_only(preset_names()); }).eg(R"("lnkd-ssd")"));
    keys.push_back(KeySpec{table, "parts", T::kTableArray, "mixture: [{ weight, dist, ... }, ...], weights summing to 1"}
                       .eg(R"([{ weight = 0.9, dist = "constant", value = "1 ms" }, { weight = 0.1, dist = "exponential", mean = "10 ms" }])"));
  } else {
    keys.push_back(KeySpec{table, "weight", T::kRatio, "mixture: this part's share"}.in(0, 1, true).eg("0.9"));
  }
  keys.push_back(KeySpec{table, "mean", T::kDuration, "exponential: the mean"}.in(0, 1e6, true).eg(R"("5 ms")"));
  keys.push_back(KeySpec{table, "median", T::kDuration, "lognormal: the median"}.in(0, 1e6, true).eg(R"("2 ms")"));
  keys.push_back(KeySpec{table, "sigma", T::kNumber, "lognormal: σ of the log"}.in(0, 10, true).eg("0.8"));
  keys.push_back(KeySpec{table, "p50", T::kDuration, "lognormal: the median (with p99)"}.in(0, 1e6, true).eg(R"("2 ms")"));
  keys.push_back(KeySpec{table, "p99", T::kDuration, "lognormal: the 99th percentile (with p50)"}.in(0, 1e6, true).eg(R"("20 ms")"));
  keys.push_back(KeySpec{table, "xm", T::kDuration, "pareto: the scale (least value)"}.in(0, 1e6, true).eg(R"("0.235 ms")"));
  keys.push_back(KeySpec{table, "alpha", T::kNumber, "pareto: the tail index α"}.in(0, 1000, true).eg("10"));
  keys.push_back(KeySpec{table, "value", T::kDuration, "constant: the latency"}.in(0, 1e6).eg(R"("1 ms")"));
  keys.push_back(KeySpec{table, "samples", T::kQuantityList, "empirical: measured latencies"}.eg(R"(["1 ms", "1.2 ms", "4 ms"])"));
  keys.push_back(KeySpec{table, "percentiles", T::kTable, "empirical: { p50 = \"1 ms\", p99 = \"8 ms\", p999 = \"30 ms\" }"}
                     .each(T::kDuration).in(0, 1e6)
                     .eg(R"({ p50 = "1 ms", p99 = "8 ms" })"));
}

std::optional<std::vector<double>> durations(TableReader& r, std::string_view key, bool allow_zero) {
  auto list = r.quantity_list(key);
  if (!list) return std::nullopt;
  if (list->size() > kMaxList) {
    r.error(key, fmt::format("at most {} values", kMaxList));
    return std::nullopt;
  }
  std::vector<double> out;
  for (const CheckBound& b : *list) {
    if (b.quantity.kind != QuantityKind::kDuration || b.quantity.si_value < 0 ||
        (!allow_zero && b.quantity.si_value == 0) || !std::isfinite(b.quantity.si_value)) {
      r.diagnostics().add(Diagnostic{b.loc, r.key_path(key),
                                     fmt::format("expected a duration{}, got '{}'", allow_zero ? "" : " above zero", b.text),
                                     "e.g. \"5 ms\""});
      return std::nullopt;
    }
    out.push_back(b.quantity.si_value);
  }
  return out;
}

std::optional<formulas::LatencyDist> read_dist(TableReader& r, size_t leg, bool part, std::string& from,
                                               double& remote_delay, Diagnostics& diag);

std::optional<formulas::LatencyDist> read_kind(TableReader& r, DistKind kind, size_t leg, Diagnostics& diag) {
  auto need = [&](auto value, std::string_view key) {
    if (!value && !r.has(key)) r.error(key, fmt::format("this distribution needs {}", key));
    return value;
  };
  switch (kind) {
    case DistKind::kExponential:
      if (auto m = need(r.duration("mean"), "mean")) return formulas::exponential_latency(m->value());
      return std::nullopt;
    case DistKind::kLognormal: {
      auto median = r.duration("median");
      auto sigma = r.number("sigma");
      auto p50 = r.duration("p50");
      auto p99 = r.duration("p99");
      if (median && sigma) return formulas::lognormal_latency(median->value(), *sigma);
      if (p50 && p99) {
        if (p99->value() <= p50->value()) {
          r.error("p99", "p99 must be above p50");
          return std::nullopt;
        }
        // p99 = median · e^{σ·z_0.99}, z_0.99 = Φ⁻¹(0.99).
        return formulas::lognormal_latency(p50->value(), std::log(p99->value() / p50->value()) / 2.3263478740408408);
      }
      if (!r.has("median") && !r.has("p50"))
        r.error("median", "a lognormal needs median and sigma, or p50 and p99");
      else if (median && !r.has("sigma")) r.error("sigma", "a lognormal with a median needs sigma");
      else if (p50 && !r.has("p99")) r.error("p99", "a lognormal with p50 needs p99");
      return std::nullopt;
    }
    case DistKind::kPareto: {
      auto xm = need(r.duration("xm"), "xm");
      auto alpha = need(r.number("alpha"), "alpha");
      if (xm && alpha) return formulas::pareto_latency(xm->value(), *alpha);
      return std::nullopt;
    }
    case DistKind::kConstant:
      if (auto v = need(r.duration("value"), "value")) return formulas::constant_latency(v->value());
      return std::nullopt;
    case DistKind::kEmpirical: {
      if (r.has("samples")) {
        auto s = durations(r, "samples", true);
        if (!s) return std::nullopt;
        if (s->empty()) {
          r.error("samples", "the list of samples is empty");
          return std::nullopt;
        }
        return formulas::empirical_from_samples(*s);
      }
      if (const toml::table* t = r.table("percentiles")) {
        std::vector<std::pair<double, double>> points;
        for (const auto& [name, node] : *t) {
          const std::string key(name.str());
          const std::optional<double> prob = percentile_of(key);
          const ParsedQuantity q = node.is_string() ? parse_quantity(node.as_string()->get()) : ParsedQuantity{};
          if (!prob) {
            diag.add(Diagnostic{diag.loc(node.source()), r.key_path("percentiles") + "." + key,
                                "a percentile is p followed by its digits", "e.g. p50, p99, p999"});
          } else if (!q.ok || q.kind != QuantityKind::kDuration || q.si_value < 0) {
            diag.add(Diagnostic{diag.loc(node.source()), r.key_path("percentiles") + "." + key,
                                "expected a duration", "e.g. p99 = \"8 ms\""});
          } else {
            points.emplace_back(*prob, q.si_value);
          }
        }
        if (points.empty()) {
          r.error("percentiles", "no percentiles given", "e.g. percentiles = { p50 = \"1 ms\", p99 = \"8 ms\" }");
          return std::nullopt;
        }
        std::sort(points.begin(), points.end());
        std::vector<double> probs, values;
        for (size_t i = 0; i < points.size(); ++i) {
          if (i > 0 && points[i].second < points[i - 1].second) {
            r.error("percentiles", fmt::format("percentiles must not decrease: p{:g} is below the one before it",
                                               points[i].first * 100));
            return std::nullopt;
          }
          probs.push_back(points[i].first);
          values.push_back(points[i].second);
        }
        return formulas::empirical_from_points(probs, values);
      }
      r.error("samples", "an empirical distribution needs samples or percentiles");
      return std::nullopt;
    }
    case DistKind::kMixture: {
      const toml::array* parts = r.table_array("parts");
      if (!parts) {
        if (!r.has("parts")) r.error("parts", "a mixture needs parts", "e.g. parts = [{ weight = 0.9, dist = ... }, ...]");
        return std::nullopt;
      }
      if (parts->empty() || parts->size() > kMaxList) {
        r.error("parts", fmt::format("a mixture has 1 to {} parts", kMaxList));
        return std::nullopt;
      }
      std::vector<double> weights;
      std::vector<formulas::LatencyDist> dists;
      bool ok = true;
      for (size_t i = 0; i < parts->size(); ++i) {
        TableReader pr(*parts->get(i)->as_table(), r.key_path("parts") + fmt::format("[{}]", i), pattern(leg, true), diag);
        const auto weight = pr.ratio("weight");
        if (!weight && !pr.has("weight")) pr.error("weight", "a mixture part needs a weight");
        std::string from;
        double unused = 0;
        auto d = read_dist(pr, leg, true, from, unused, diag);
        if (!weight || !d) ok = false;
        else weights.push_back(*weight), dists.push_back(std::move(*d));
      }
      if (!ok) return std::nullopt;
      double total = 0;
      for (double w : weights) total += w;
      if (std::abs(total - 1) > 1e-9) {
        r.error("parts", fmt::format("the weights sum to {:.12g}, not 1", total));
        return std::nullopt;
      }
      return formulas::mixture_latency(weights, dists);
    }
  }
  return std::nullopt;
}

std::optional<formulas::LatencyDist> read_dist(TableReader& r, size_t leg, bool part, std::string& from,
                                               double& remote_delay, Diagnostics& diag) {
  std::optional<formulas::LatencyDist> out;
  if (!part && r.has("preset")) {
    const auto preset = r.choice("preset", preset_names());
    for (std::string_view key : {"dist", "mean", "median", "sigma", "p50", "p99", "xm", "alpha", "value", "samples", "percentiles", "parts"})
      if (r.has(key)) r.error(key, "a preset is the whole distribution: give one or the other");
    if (preset) {
      const Preset p = *preset;
      out = formulas::latency_preset(p == Preset::kWan ? "lnkd-disk" : name_of(preset_names(), p), kWarsLegs[leg]);
      if (p == Preset::kWan) remote_delay = kWanDelay;
      from = "preset " + name_of(preset_names(), p);
    }
  } else if (const auto kind = r.choice("dist", dist_names())) {
    if (part && *kind == DistKind::kMixture) {
      r.error("dist", "a part of a mixture cannot be a mixture itself", "list its parts in the outer mixture");
      r.finish();
      return std::nullopt;
    }
    out = read_kind(r, *kind, leg, diag);
    from = name_of(dist_names(), *kind);
  } else if (!r.has("dist")) {
    r.error("dist", part ? "a mixture part needs dist" : "a latency needs dist, or a preset",
            "e.g. { dist = \"exponential\", mean = \"5 ms\" } or { preset = \"lnkd-ssd\" }");
  }
  r.finish();
  return out;
}

}  // namespace

const std::vector<KeySpec>& quorum_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = [] {
    std::vector<KeySpec> keys = {
        KeySpec{"quorum", "n", T::kInteger, "replicas of each key, N"}.in(1, 100).eg("3"),
        KeySpec{"quorum", "r", T::kInteger, "read responses awaited, R (1..N)"}.in(1, 100).eg("1"),
        KeySpec{"quorum", "w", T::kInteger, "write acknowledgements awaited, W (1..N)"}.in(1, 100).eg("1"),
        KeySpec{"quorum", "write", T::kTable, "W: coordinator to replica, for a write"}.eg(R"({ dist = "exponential", mean = "5 ms" })"),
        KeySpec{"quorum", "ack", T::kTable, "A: replica to coordinator, the acknowledgement"}.eg(R"({ preset = "lnkd-ssd" })"),
        KeySpec{"quorum", "read", T::kTable, "R: coordinator to replica, for a read"}.eg(R"({ dist = "lognormal", median = "2 ms", sigma = 0.8 })"),
        KeySpec{"quorum", "response", T::kTable, "S: replica to coordinator, the read's response"}.eg(R"({ dist = "constant", value = "1 ms" })"),
        KeySpec{"quorum", "trials", T::kInteger, "Monte Carlo trials (1M)"}.in(1000, 1e10).by_default("1000000").eg(R"("10M")"),
        KeySpec{"quorum", "t", T::kQuantityList, "times after commit to report consistency at (0 is always reported)"}.eg(R"(["1 ms", "10 ms", "100 ms"])"),
        KeySpec{"quorum", "k", T::kInteger, "k-staleness reported for 1 .. k (3)"}.in(1, 1000).by_default("3").eg("5"),
        KeySpec{"quorum", "min_consistency", T::kTable, "target: { t = \"10 ms\", probability = 0.999 }"}.eg(R"({ t = "10 ms", probability = 0.999 })"),
        KeySpec{"quorum.min_consistency", "t", T::kDuration, "the time after commit"}.in(0, 1e6).eg(R"("10 ms")"),
        KeySpec{"quorum.min_consistency", "probability", T::kRatio, "the least probability of a consistent read at t"}.in(0, 1, true).eg("0.999"),
    };
    for (size_t leg = 0; leg < 4; ++leg) {
      add_dist_keys(keys, pattern(leg, false), false);
      add_dist_keys(keys, pattern(leg, true), true);
    }
    return keys;
  }();
  return kKeys;
}

void load_quorum(TableReader& r, Model& model, Diagnostics& diag) {
  QuorumSection q;
  q.loc = r.loc();
  if (auto n = r.integer("n")) q.n = static_cast<int>(*n);
  if (auto v = r.integer("r")) q.r = static_cast<int>(*v);
  if (auto v = r.integer("w")) q.w = static_cast<int>(*v);
  if (q.r > q.n) r.error("r", fmt::format("r = {} is more than the n = {} replicas", q.r, q.n));
  if (q.w > q.n) r.error("w", fmt::format("w = {} is more than the n = {} replicas", q.w, q.n));
  formulas::LatencyDist* dists[4] = {&q.write, &q.ack, &q.read, &q.response};
  std::string* froms[4] = {&q.write_from, &q.ack_from, &q.read_from, &q.response_from};
  for (size_t leg = 0; leg < 4; ++leg) {
    const std::string_view key = kLegs[leg];
    const toml::table* t = r.table(key);
    if (!t) {
      if (!r.has(key))
        r.error(key, fmt::format("[quorum] needs {}, the latency of the {} leg", key, key),
                fmt::format("e.g. {} = {{ dist = \"exponential\", mean = \"5 ms\" }} or {{ preset = \"lnkd-ssd\" }}", key));
      continue;
    }
    TableReader lr(*t, r.key_path(key), pattern(leg, false), diag);
    double remote = 0;
    if (auto d = read_dist(lr, leg, false, *froms[leg], remote, diag)) *dists[leg] = std::move(*d);
    q.remote_delay = std::max(q.remote_delay, remote);
  }
  if (auto n = r.integer("trials")) q.trials = static_cast<std::uint64_t>(*n);
  if (auto t = durations(r, "t", true)) q.t = *t;
  if (auto k = r.integer("k")) q.k = static_cast<int>(*k);
  if (const toml::table* mc = r.table("min_consistency")) {
    TableReader m(*mc, "quorum.min_consistency", "quorum.min_consistency", diag);
    auto t = m.duration("t");
    auto p = m.ratio("probability");
    if (!t && !m.has("t")) m.error("t", "min_consistency needs t, the time after commit");
    if (!p && !m.has("probability")) m.error("probability", "min_consistency needs probability");
    m.finish();
    if (t && p) q.min_consistency = QuorumSection::MinConsistency{t->value(), *p, r.loc_of("min_consistency")};
  }
  r.finish();
  model.set_section(std::move(q));
}

}  // namespace headroom::calc
