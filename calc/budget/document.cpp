// The result document of `headroom budget` (SPEC §3.6 JSON keys), and the SLO as targets.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "calc/base/spelling.hpp"
#include "calc/budget/budget.hpp"
#include "calc/report/chain.hpp"

namespace headroom::calc {
namespace {

// A figure that may be infinite or unknown: JSON null, "n/a" in a table.
Node finite(double v, Unit unit) { return std::isfinite(v) ? Node::number(v, unit) : Node::null(); }

// A Monte Carlo figure a preview leaves out: null, and open (validate takes a check on it on
// trust until the run), or null because the run has none either.
Node unknown(bool preview) {
  Node n = Node::null();
  if (preview) n.mark_open();
  return n;
}

std::string statistic_name(double q) {
  return q == 0.5 ? "p50" : q == 0.9 ? "p90" : q == 0.99 ? "p99" : "p999";
}

}  // namespace

AnalysisResult closed_document(const ClosedResult& c, const BudgetSection& section) {
  AnalysisResult out;
  Node& doc = out.document;
  doc.add("users", Node::count(c.users));
  doc.add("think_time_seconds", Node::number(c.think_time, Unit::kSeconds));
  doc.add("method", Node::string("exact MVA, multi-server stations"));
  doc.add("throughput_per_second", Node::number(c.throughput, Unit::kPerSecond));
  Node response = Node::object();
  response.add("mean", Node::number(c.response, Unit::kSeconds));
  doc.add("response_seconds", std::move(response));
  Node& stages = doc.add("stages", Node::array());
  for (const ClosedStage& s : c.stages) {
    Node& n = stages.push(Node::object(), s.name);
    n.add("name", Node::string(s.name));
    n.add("servers", Node::count(s.servers));
    n.add("demand_seconds", Node::number(s.demand, Unit::kSeconds));
    n.add("utilization", Node::number(s.utilization, Unit::kRatio));
    n.add("queue_length", Node::number(s.queue_length, Unit::kNone));
    n.add("residence_seconds", Node::number(s.residence, Unit::kSeconds));
  }
  Node bounds = Node::object();
  bounds.add("max_throughput_per_second", c.max_throughput > 0 ? Node::number(c.max_throughput, Unit::kPerSecond) : Node::null());
  bounds.add("min_response_seconds", Node::number(c.demand, Unit::kSeconds));
  bounds.add("saturation_users", c.max_throughput > 0 ? Node::number(c.saturation_users, Unit::kNone) : Node::null());
  doc.add("bounds", std::move(bounds));
  doc.add("max_users_for_slo", c.max_users_known ? Node::count(c.max_users_for_slo) : Node::null());
  Node& curve = doc.add("curve", Node::array());
  for (const ClosedPoint& p : c.curve) {
    Node& n = curve.push(Node::object(), std::to_string(p.users));
    n.add("users", Node::count(p.users));
    n.add("throughput_per_second", Node::number(p.throughput, Unit::kPerSecond));
    n.add("response_seconds", Node::number(p.response, Unit::kSeconds));
  }
  for (const BudgetStage& st : section.stages)
    if (!st.visits_from.empty()) out.explanation.push_back({"cache-miss-visits", fmt::format("{}: visits = {}", st.name, st.visits_from)});
  // A closed workload's SLO is on the mean (the loader refuses percentiles).
  for (const Slo& slo : section.slo)
    out.targets.push_back(Target{"budget.response_seconds." + slo.statistic, std::nullopt, slo.bound.value(), slo.loc, Unit::kSeconds});
  out.explanation.push_back({"mva", fmt::format(
      "closed: N = {} users, Z = {} s; exact MVA: R_i(n) = D_i·[A + (Q_i(n−1) + 1 − B)/c_i] with A, B "
      "from the marginals P(j < c_i present), X(n) = n/(Z + Σ R_i)", c.users, c.think_time)});
  out.explanation.push_back({"asymptotic-bounds", fmt::format(
      "bounds: X <= min(N/(D + Z), 1/max(D_i/c_i)) = {:.6g}/s; R >= D = {:.6g} s; N* = (D + Z)/max(D_i/c_i) = {:.6g}",
      std::min(c.users / (c.demand + c.think_time), c.max_throughput), c.demand, c.saturation_users)});
  return out;
}

AnalysisResult classes_document(const ClassesResult& c, const BudgetSection& section, bool preview) {
  AnalysisResult out;
  Node& doc = out.document;
  doc.add("method", Node::string(c.closed ? "exact multiclass MVA, multi-server stations"
                                          : "open product-form network, FCFS stations"));
  doc.add("stable", Node::boolean(c.stable));
  Node& classes = doc.add("classes", Node::array());
  for (const ClassResult& k : c.classes) {
    Node& n = classes.push(Node::object(), k.name);
    n.add("name", Node::string(k.name));
    n.add("workload", Node::string(k.closed ? "closed" : "open"));
    n.add("users", k.closed ? Node::count(k.users) : Node::null());
    n.add("think_time_seconds", k.closed ? Node::number(k.think_time, Unit::kSeconds) : Node::null());
    n.add("throughput_per_second", Node::number(k.throughput, Unit::kPerSecond));
    Node response = Node::object();
    response.add("mean", c.stable ? Node::number(k.response, Unit::kSeconds) : Node::null());
    Node errors = Node::object();
    for (size_t i = 0; i < budget_quantiles().size(); ++i) {
      const std::string name = statistic_name(budget_quantiles()[i]);
      const bool known = i < k.percentiles.size(), pending = preview && !k.closed && c.stable;
      response.add(name, known ? Node::number(k.percentiles[i].value, Unit::kSeconds) : unknown(pending));
      errors.add(name, known ? Node::number(k.percentiles[i].standard_error, Unit::kSeconds) : unknown(pending));
    }
    n.add("response_seconds", std::move(response));
    n.add("response_standard_error_seconds", std::move(errors));
    Node& residence = n.add("residence_seconds", Node::map());
    for (size_t i = 0; i < section.stages.size(); ++i)
      residence.add(section.stages[i].name, c.stable ? Node::number(k.residence[i], Unit::kSeconds) : Node::null());
  }
  Node& stages = doc.add("stages", Node::array());
  for (const ClassStage& s : c.stages) {
    Node& n = stages.push(Node::object(), s.name);
    n.add("name", Node::string(s.name));
    n.add("method", Node::string(s.method));
    n.add("servers", Node::count(s.servers));
    n.add("utilization", Node::number(s.utilization, Unit::kRatio));
    n.add("stable", Node::boolean(s.stable));
    n.add("wait_seconds", c.closed || !s.stable ? Node::null() : Node::number(s.wait_mean, Unit::kSeconds));
    n.add("queue_length", s.stable ? Node::number(s.queue_length, Unit::kNone) : Node::null());
  }
  doc.add("bottleneck", Node::string(c.stages[c.bottleneck].name));
  for (const Slo& slo : section.slo)  // closed classes: the loader takes only the mean
    for (const ClassResult& k : c.classes)
      out.targets.push_back(Target{"budget.classes." + k.name + ".response_seconds." + slo.statistic, std::nullopt,
                                   slo.bound.value(), slo.loc, Unit::kSeconds});
  if (c.closed) {
    out.explanation.push_back({"multiclass-mva", 
        "classes: exact multiclass MVA over every population vector: R_ik(N) = D_ik/c_i·[1 + Q_i(N − e_k) + "
        "Σ_{j<=c−2} (c − 1 − j)·P_i(j | N − e_k)], X_k = N_k/(Z_k + Σ_i R_ik), P_i(j | N) from the classes' "
        "throughputs, P_i(0) from the utilisation"});
  } else {
    out.explanation.push_back({"multiclass", 
        "classes: each stage one FCFS queue of every class's calls, its service the classes' mix (mean and "
        "second moment weighted by calls); a class's residence = visits × (E[slowest of its fan-out calls: the "
        "stage's wait + its own service] + latency); each class's percentiles by Monte Carlo over its own calls"});
  }
  for (const ClassStage& s : c.stages)
    out.explanation.push_back({"multiclass", fmt::format("{}: utilisation Σ_k λ_k·visits·fan-out·s_k / c = {:.6g} ({})", s.name,
                                          s.utilization, s.method)});
  return out;
}

AnalysisResult budget_document(const BudgetResult& r, const BudgetSection& section) {
  if (r.closed) return closed_document(*r.closed, section);
  if (r.classes) return classes_document(*r.classes, section, r.preview);
  AnalysisResult out;
  Node& doc = out.document;
  doc.add("arrival_rate_per_second", Node::number(r.arrival_rate, Unit::kPerSecond));
  doc.add("target_utilization", Node::number(r.target_utilization, Unit::kRatio));
  doc.add("stable", Node::boolean(r.stable));
  Node& stages = doc.add("stages", Node::array());
  for (const StageBudget& b : r.stages) {
    const BudgetStage& st = b.stage;
    Node& n = stages.push(Node::object(), st.name);
    n.add("name", Node::string(st.name));
    n.add("method", Node::string(b.method));
    n.add("visits", Node::number(st.visits, Unit::kNone));
    n.add("arrival_rate_per_second", Node::number(b.arrival_rate, Unit::kPerSecond));
    n.add("servers", Node::count(st.servers));
    n.add("service_time_seconds", Node::number(st.service_time.value(), Unit::kSeconds));
    n.add("utilization", Node::number(b.utilization, Unit::kRatio));
    n.add("stable", Node::boolean(b.stable));
    // By how much the offered load is over the servers: ρ − 1 (0 while stable).
    n.add("overload", Node::number(b.stable ? 0.0 : b.utilization - 1, Unit::kRatio));
    const formulas::StageQueue* q = b.queue ? &*b.queue : nullptr;
    if (!st.visits_from.empty())
      out.explanation.push_back({"cache-miss-visits", fmt::format("{}: visits = {}", st.name, st.visits_from)});
    n.add("wait_probability", q ? Node::number(q->p_wait, Unit::kRatio) : Node::null());
    Node wait = Node::object();
    wait.add("mean", q ? Node::number(q->wait_mean, Unit::kSeconds) : Node::null());
    n.add("wait_seconds", std::move(wait));
    Node response = Node::object();
    response.add("mean", q ? Node::number(b.visit_mean, Unit::kSeconds) : Node::null());
    for (size_t i = 0; i < budget_quantiles().size(); ++i)
      response.add(statistic_name(budget_quantiles()[i]),
                   q ? Node::number(b.visit_percentiles[i], Unit::kSeconds) : Node::null());
    n.add("response_seconds", std::move(response));
    n.add("concurrency", q ? Node::number(b.concurrency, Unit::kNone) : Node::null());
    // The tail tactic: its copies beyond the first per call (counted in the utilisation).
    n.add("tactic", st.hedge_quantile ? Node::string("hedge") : st.retry_after ? Node::string("retry") : Node::string("none"));
    n.add("hedge_delay_seconds", st.hedge_quantile && q ? Node::number(b.hedge_delay, Unit::kSeconds) : Node::null());
    n.add("extra_load_fraction", Node::number(b.extra_load_fraction, Unit::kRatio));
    n.add("max_arrival_rate_per_second", finite(b.max_arrival_rate, Unit::kPerSecond));
    n.add("servers_needed", Node::count(b.servers_needed));
    const size_t index = static_cast<size_t>(&b - r.stages.data());
    n.add("servers_for_slo", index < r.slo.servers.size() ? Node::count(r.slo.servers[index]) : Node::null());
    const std::string copies = b.extra_load_fraction > 0
        ? fmt::format(" × (1 + {:.6g} extra copies)", b.extra_load_fraction) : "";
    out.explanation.push_back({"utilization", fmt::format(
        "{}: λ = {:.6g}/s × {} visits × {} fan-out{} = {:.6g}/s; ρ = λs/c = {:.6g} × {:.6g} / {} = {:.6g}{}",
        st.name, r.arrival_rate, st.visits, st.fanout, copies, b.arrival_rate, b.arrival_rate,
        st.service_time.value(), st.servers, b.utilization, st.from.empty() ? "" : " (" + st.from + ")")});
    if (q) {
      out.explanation.push_back({b.method_topic, fmt::format(
          "{}: {}; P(wait) = Erlang C = {:.6g}; mean wait = C/(cμ − λ) × (ca² + cs²)/2 = {:.6g} s",
          st.name, b.method, q->p_wait, q->wait_mean)});
      out.explanation.push_back({"stage-percentiles", fmt::format(
          "{}: response per visit = wait + service (the slowest of the fan-out calls): p50 = {:.6g} s, p99 = {:.6g} s", st.name,
          b.visit_percentiles[0], b.visit_percentiles[2])});
      if (st.hedge_quantile)
        out.explanation.push_back({"hedging", fmt::format(
            "{}: hedged: a second copy after d = p{:g} of a copy's response = {:.6g} s, the first answer "
            "taken: P(L > t) = S(t)·S(t − d) past d; extra load 1 − {:g} = {:.6g} copies per call, not "
            "cancelled", st.name, 100 * *st.hedge_quantile, b.hedge_delay, *st.hedge_quantile, b.extra_load_fraction)});
      if (st.retry_after)
        out.explanation.push_back({"retries", fmt::format(
            "{}: retried after T = {:.6g} s, {} time(s), the last attempt waited for: P(L > t) = p^j·S(t − jT) "
            "with p = S(T); extra load p + … + p^r = {:.6g} copies per call at the fixed point "
            "x = λ(1 + f(x)) = {:.6g}/s", st.name, st.retry_after->value(), st.retries,
            b.extra_load_fraction, b.arrival_rate)});
      if (q->shape_clamped)
        out.explanation.push_back({"stage-percentiles", fmt::format("{}: service scv below 1/64 is shaped as 1/64 for "
                                              "the percentiles", st.name)});
    }
  }
  Node latency = Node::object();
  latency.add("mean", r.stable ? Node::number(r.latency_mean, Unit::kSeconds) : Node::null());
  Node errors = Node::object();
  for (size_t i = 0; i < budget_quantiles().size(); ++i) {
    const std::string name = statistic_name(budget_quantiles()[i]);
    const bool known = i < r.latency.size(), pending = r.preview && r.stable;
    latency.add(name, known ? Node::number(r.latency[i].value, Unit::kSeconds) : unknown(pending));
    errors.add(name, known ? Node::number(r.latency[i].standard_error, Unit::kSeconds) : unknown(pending));
  }
  doc.add("latency_seconds", std::move(latency));
  doc.add("latency_standard_error_seconds", std::move(errors));
  doc.add("samples", Node::count(static_cast<double>(r.samples)));
  doc.add("seed", Node::exact(r.seed));
  doc.add("bottleneck", Node::string(r.stages[r.bottleneck].stage.name));
  doc.add("max_throughput_per_second", finite(r.max_throughput, Unit::kPerSecond));
  doc.add("headroom", finite(r.headroom, Unit::kRatio));
  doc.add("concurrency", r.stable ? Node::number(r.concurrency, Unit::kNone) : Node::null());
  // The SLO's limits, solved on the grid: the largest rate that meets it with the servers as
  // given, and the stage whose queueing adds most latency there.
  doc.add("max_arrival_rate_for_slo_per_second",
          r.slo.max_rate_known ? Node::number(r.slo.max_rate, Unit::kPerSecond) : Node::null());
  doc.add("slo_limited_by", r.slo.limited_by.empty() ? Node::null() : Node::string(r.slo.limited_by));
  for (const Slo& slo : section.slo) {
    out.targets.push_back(Target{"budget.latency_seconds." + slo.statistic, std::nullopt,
                                 slo.bound.value(), slo.loc, Unit::kSeconds});
  }
  out.explanation.push_back({"traffic", fmt::format("arrival rate λ = {:.6g}/s (from {})", r.arrival_rate, r.arrival_from)});
  if (r.arrival_from == "traffic")
    out.chain.push_back({"size.requests_per_second.peak", "budget.arrival_rate_per_second", r.arrival_rate, {"budget.headroom"}});
  for (const StageBudget& b : r.stages) {
    if (b.stage.visits_metric.empty()) continue;
    const std::string stage = "budget.stages." + path_step(b.stage.name);
    // A preview's visits wait on the cache: unknown, not the 1 they stand at.
    const double visits = r.preview ? std::numeric_limits<double>::quiet_NaN() : b.stage.visits;
    out.chain.push_back({b.stage.visits_metric, stage + ".visits", visits,
                         {stage + ".utilization", stage + ".servers_needed"}});
  }
  add_chained_inputs(out);
  if (!section.slo.empty()) {
    out.explanation.push_back({"slo-search", fmt::format(
        "SLO limits: the exact mean and the request's latency on an 8,192-point grid (rounded up); "
        "max rate by bisection; servers by greedy marginal allocation then lowered while met "
        "({})", counted(r.slo.evaluations, "evaluation"))});
    if (r.slo.search_exhausted)
      out.explanation.push_back({"slo-search", "servers_for_slo: the search stopped at its bound of evaluations before "
                                "meeting the SLO; servers_for_slo is unknown, not unreachable"});
  }
  out.explanation.push_back({"end-to-end-latency", "end-to-end mean = Σ visits × (E[slowest of the fan-out calls] + latency); "
                            "percentiles by Monte Carlo over the stages' response distributions"});
  out.explanation.push_back({"bottleneck", fmt::format("bottleneck {}: saturates at c/(s × visits × fan-out × copies per call) = {:.6g}/s; "
                                        "headroom = max/λ − 1 = {:.6g}",
                                        r.stages[r.bottleneck].stage.name, r.max_throughput, r.headroom)});
  return out;
}

void add_usl_document(AnalysisResult& out, const formulas::UslFit& f, const ScalabilitySection& s) {
  Node& u = out.document.add("usl", Node::object());
  u.add("sigma", Node::number(f.sigma, Unit::kNone));
  u.add("kappa", Node::number(f.kappa, Unit::kNone));
  u.add("gamma", Node::number(f.gamma, Unit::kPerSecond));  // SPEC §3.6 names it so
  Node se = Node::object();
  se.add("sigma", Node::number(f.sigma_se, Unit::kNone));
  se.add("kappa", Node::number(f.kappa_se, Unit::kNone));
  se.add("gamma", Node::number(f.gamma_se, Unit::kPerSecond));
  u.add("standard_error", std::move(se));
  u.add("r_squared", Node::number(f.r_squared, Unit::kNone));
  u.add("residual_standard_error_per_second", Node::number(f.residual_se, Unit::kPerSecond));
  // No peak when κ = 0: throughput then rises towards γ/σ for ever (or linearly, σ = 0 too).
  u.add("peak_concurrency", f.peak_concurrency ? Node::number(*f.peak_concurrency, Unit::kNone) : Node::null());
  u.add("peak_concurrency_floor", f.peak_concurrency ? Node::count(std::floor(*f.peak_concurrency)) : Node::null());
  u.add("peak_throughput_per_second",
        f.peak_throughput ? Node::number(*f.peak_throughput, Unit::kPerSecond) : Node::null());
  Node& points = u.add("fit", Node::array());
  for (size_t i = 0; i < s.concurrency.size(); ++i) {
    Node& p = points.push(Node::object(), fmt::format("{:.15g}", s.concurrency[i]));
    p.add("concurrency", Node::number(s.concurrency[i], Unit::kNone));
    p.add("measured_per_second", Node::number(s.throughput[i], Unit::kPerSecond));
    p.add("fitted_per_second", Node::number(formulas::usl_throughput(f, s.concurrency[i]), Unit::kPerSecond));
  }
  out.explanation.push_back({"usl", fmt::format(
      "USL: X(N) = γN/(1 + σ(N − 1) + κN(N − 1)) by least squares with σ, κ >= 0: σ = {:.6g} ± {:.3g}, "
      "κ = {:.6g} ± {:.3g}, γ = {:.6g} ± {:.3g}/s, R² = {:.6g}", f.sigma, f.sigma_se, f.kappa, f.kappa_se,
      f.gamma, f.gamma_se, f.r_squared)});
  if (f.peak_concurrency)
    out.explanation.push_back({"usl", fmt::format("USL: peak at N = √((1 − σ)/κ) = {:.6g}, X = {:.6g}/s",
                                          *f.peak_concurrency, *f.peak_throughput)});
}

AnalysisResult budget_analysis(const Model& model, const RunOptions& options, const TrafficSplit* traffic,
                               const CacheResult* cache, bool preview) {
  BudgetResult r;
  AnalysisResult out;
  if (const BudgetSection* given = model.section<BudgetSection>()) {
    const BudgetSection section = resolve_cache_visits(*given, cache, model.section<CacheSection>());
    r = analyse_budget(model, section, traffic, options, preview);
    out = budget_document(r, section);
    // Visits from the cache are 1 until it runs: what is null with them may not be after.
    const bool waits_on_cache = std::any_of(section.stages.begin(), section.stages.end(),
                                            [](const BudgetStage& st) { return st.visits_cache.has_value(); });
    if (preview && waits_on_cache) out.document.mark_nulls_open();
  }
  if (const ScalabilitySection* s = model.section<ScalabilitySection>()) {
    r.usl = formulas::fit_usl(s->concurrency, s->throughput);
    add_usl_document(out, *r.usl, *s);
  }
  out.typed = std::move(r);
  return out;
}

}  // namespace headroom::calc
