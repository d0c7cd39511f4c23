#include "calc/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <map>
#include <mutex>
#include <stdexcept>
#include <fmt/format.h>

#include "calc/base/spelling.hpp"
#include "calc/report/chain.hpp"
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace headroom::calc {
namespace {

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::kSeconds: return "seconds";
    case Unit::kBytes: return "bytes";
    case Unit::kPerSecond: return "per_second";
    case Unit::kBytesPerSecond: return "bytes_per_second";
    case Unit::kRatio: return "ratio";
    case Unit::kCount: return "count";
    case Unit::kNines: return "nines";
    case Unit::kNone: return "number";
  }
  return "number";
}

// The bound in the metric's unit, or an error message.
std::optional<double> bound_value(const CheckBound& b, Unit unit, std::string& error) {
  const ParsedQuantity& q = b.quantity;
  auto want = [&](std::string_view what) {
    error = fmt::format("'{}' is {}, but the metric is {}", b.text, describe(q.kind), what);
    return std::nullopt;
  };
  switch (unit) {
    case Unit::kSeconds:
      return q.kind == QuantityKind::kDuration ? std::optional(q.si_value) : want("a duration");
    case Unit::kBytes:
      return q.kind == QuantityKind::kSize ? std::optional(q.si_value) : want("a size");
    case Unit::kPerSecond:
      return q.kind == QuantityKind::kRate ? std::optional(q.si_value) : want("a rate");
    case Unit::kBytesPerSecond:
      return q.kind == QuantityKind::kBandwidth ? std::optional(q.si_value) : want("a bandwidth");
    case Unit::kRatio:
      if (q.kind == QuantityKind::kNines) return -std::expm1(-q.si_value * std::log(10.0));
      if (q.kind == QuantityKind::kNumber || q.kind == QuantityKind::kPercent) return q.si_value;
      return want("a ratio");
    case Unit::kCount:
    case Unit::kNone:
    case Unit::kNines:
      if (q.kind == QuantityKind::kNumber || q.kind == QuantityKind::kCount) return q.si_value;
      return want("a plain number");
  }
  return std::nullopt;
}

// The unit a bound of `kind` is written for: a metric that has no value takes it from its bound.
Unit unit_of_bound(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::kDuration: return Unit::kSeconds;
    case QuantityKind::kSize: return Unit::kBytes;
    case QuantityKind::kRate: return Unit::kPerSecond;
    case QuantityKind::kBandwidth: return Unit::kBytesPerSecond;
    case QuantityKind::kPercent:
    case QuantityKind::kNines: return Unit::kRatio;
    case QuantityKind::kNumber:
    case QuantityKind::kCount: return Unit::kNone;
  }
  return Unit::kNone;
}

}  // namespace

Node with_schema_version(Node body) {
  if (body.find("schema_version")) return body;  // a report has it already
  body.add_first("schema_version", Node::count(kSchemaVersion));  // the body is moved, not copied
  return body;
}

namespace {

// One run's analyses: each computed once, after the analyses it needs, its typed result kept
// for the ones that need it in turn. With a cache, a result whose inputs were seen before (in
// another point of a sweep) is taken from it.
class Runner {
 public:
  Runner(const Model& model, const RunOptions& options, ResultCache* cache = nullptr)
      : model_(model), options_(options), cache_(model.input_hashes.empty() ? nullptr : cache) {}

  const AnalysisResult& result(const Analysis& a) {
    auto done = done_.find(a.name);
    if (done != done_.end()) return *done->second.result;
    if (std::find(active_.begin(), active_.end(), a.name) != active_.end())
      throw std::logic_error("analyses need each other: " + std::string(a.name));
    active_.push_back(a.name);
    const std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> hasher(
        cache_ ? XXH3_createState() : nullptr, XXH3_freeState);
    XXH3_state_t* state = hasher.get();
    if (state) XXH3_64bits_reset(state);
    auto put = [state](const void* data, size_t size) {
      if (state) XXH3_64bits_update(state, data, size);
    };
    put(a.name.data(), a.name.size());
    for (std::string_view need : a.needs) {
      const Analysis* n = find_analysis(need);
      if (!n) throw std::logic_error("unknown analysis '" + std::string(need) + "' in needs");
      if (!n->is_present(model_)) {
        throw Error::input(fmt::format("'{}' needs '{}', which reads {}, and the file has none of it",
                                       a.name, n->name, n->reads));
      }
      result(*n);
      put(&done_.at(n->name).key, sizeof(std::uint64_t));
    }
    for (std::string_view use : a.uses) {
      const Analysis* n = find_analysis(use);
      if (!n) throw std::logic_error("unknown analysis '" + std::string(use) + "' in uses");
      const std::uint64_t absent = 0;
      if (n->is_present(model_)) {
        result(*n);
        put(&done_.at(n->name).key, sizeof(std::uint64_t));
      } else {
        put(&absent, sizeof absent);
      }
    }
    Done entry;
    if (cache_) {
      // Its inputs: the tables it names, or every table but the checks.
      for (const auto& [table, hash] : model_.input_hashes) {
        const bool named = std::find(a.only_tables.begin(), a.only_tables.end(), table) != a.only_tables.end();
        if (table == "check" || (!a.only_tables.empty() && !named)) continue;
        put(table.data(), table.size());
        put(&hash, sizeof hash);
      }
      entry.key = XXH3_64bits_digest(state);
      entry.result = cache_->get(entry.key, [&] { return a.run(model_, options_, results_); });
    } else {
      entry.owned = std::make_shared<AnalysisResult>(a.run(model_, options_, results_));
      entry.result = entry.owned;
    }
    Done& d = done_.emplace(a.name, std::move(entry)).first->second;
    results_.put(std::string(a.name), &d.result->typed);  // held by the cache or by d
    active_.pop_back();
    return *d.result;
  }

  /// The result of `a` (computed) to put in a document: moved out when this run alone holds
  /// it, the typed result only when asked (otherwise a later analysis may still read it).
  AnalysisResult take(const Analysis& a, bool with_typed) {
    Done& d = done_.at(a.name);
    if (!d.owned) return *d.result;
    AnalysisResult r;
    r.document = std::move(d.owned->document);
    r.explanation = std::move(d.owned->explanation);
    r.targets = std::move(d.owned->targets);
    r.chain = std::move(d.owned->chain);
    if (with_typed) r.typed = std::move(d.owned->typed);
    return r;
  }

 private:
  struct Done {
    std::uint64_t key = 0;
    std::shared_ptr<const AnalysisResult> result;
    std::shared_ptr<AnalysisResult> owned;  // without a cache: this run's, movable
  };
  const Model& model_;
  const RunOptions& options_;
  ResultCache* cache_;
  Results results_;
  std::map<std::string_view, Done> done_;
  std::vector<std::string_view> active_;
};

}  // namespace

struct ResultCache::State {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_future<std::shared_ptr<const AnalysisResult>>> results;
  size_t computed = 0;
};

ResultCache::ResultCache() : state_(std::make_unique<State>()) {}
ResultCache::~ResultCache() = default;

std::shared_ptr<const AnalysisResult> ResultCache::get(std::uint64_t key,
                                                       const std::function<AnalysisResult()>& compute) {
  std::promise<std::shared_ptr<const AnalysisResult>> promise;
  std::shared_future<std::shared_ptr<const AnalysisResult>> future;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->results.find(key);
    if (it != state_->results.end()) {
      future = it->second;
    } else {
      state_->results.emplace(key, promise.get_future().share());
      ++state_->computed;
    }
  }
  if (future.valid()) return future.get();  // rethrows what its computation threw
  try {
    auto result = std::make_shared<const AnalysisResult>(compute());
    promise.set_value(result);
    return result;
  } catch (...) {
    promise.set_exception(std::current_exception());
    throw;
  }
}

size_t ResultCache::computed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->computed;
}

AnalysisResult run_analysis(const Analysis& analysis, const Model& model,
                            const RunOptions& options) {
  Runner runner(model, options);
  runner.result(analysis);
  AnalysisResult r = runner.take(analysis, /*with_typed=*/true);
  r.document = with_schema_version(std::move(r.document));
  return r;
}

AnalysisResult run_report(const Model& model, const RunOptions& options, ResultCache* cache) {
  AnalysisResult report;
  report.document.add("schema_version", Node::count(kSchemaVersion));
  if (!model.system_name().empty()) report.document.add("system", Node::string(model.system_name()));
  report.document.add("seed", Node::exact(options.seed));
  Runner runner(model, options, cache);
  for (const Analysis& a : analyses()) {
    if (!a.is_present(model) || a.is_shared_result) continue;
    runner.result(a);
    AnalysisResult r = runner.take(a, /*with_typed=*/false);
    report.document.add(std::string(a.name), std::move(r.document));
    for (ExplainLine& line : r.explanation) {
      std::string text(a.name);  // appended, not `+`: GCC 12 warns falsely (-Wrestrict) on the sum
      text.append(": ").append(line.text);
      report.explanation.push_back({std::move(line.topic), std::move(text)});
    }
    for (Target& t : r.targets) report.targets.push_back(std::move(t));
    for (ChainLink& l : r.chain) report.chain.push_back(std::move(l));
  }
  // How the analyses fed each other, once every value is in the document.
  if (options.explain) {
    for (ExplainLine& line : flow_lines(model, report.document, report.chain)) report.explanation.push_back(std::move(line));
  }
  return report;
}

namespace {

}  // namespace

const Node* find_metric(const Model& model, const Node& doc, const std::string& metric, const SourceLoc& loc,
                        const std::string& key, std::optional<std::vector<std::string>>& paths,
                        std::vector<Diagnostic>& problems, bool& open) {
  const PathLookup found = lookup_path(doc, metric);
  open = found.open;
  if (found.open) return nullptr;
  const Node* node = found.node;
  if (!node) {
    const std::string head = metric.substr(0, metric.find('.'));
    const Analysis* a = find_analysis(head);
    if (a && a->is_shared_result) a = nullptr;  // not in the report
    if (!found.problem.empty()) {
      problems.push_back({loc, key, found.problem, ""});
    } else if (a && !a->is_present(model)) {
      problems.push_back({loc, key,
                          fmt::format("'{}' is not computed: the file has none of {}", head, a->reads),
                          ""});
    } else {
      if (!paths) paths = leaf_paths(doc);  // only for a metric that is not there
      const std::string hint = did_you_mean(metric, *paths);
      problems.push_back({loc, key, fmt::format("no metric '{}' in the report", metric),
                          hint.empty() ? "list the metrics with: headroom report FILE --format csv"
                                       : hint});
    }
    return nullptr;
  }
  if (node->type() != Node::Type::kNumber && node->type() != Node::Type::kBool &&
      node->type() != Node::Type::kNull) {
    problems.push_back({loc, key, fmt::format("'{}' is not a number", metric), "name a number inside it"});
    return nullptr;
  }
  return node;
}

namespace {

// The check's metric and bounds resolved against `doc`: an outcome without `passed`, or nothing
// with every problem added to `problems`. In a preview, a path into an open array is taken on
// trust (nullopt, no problem) until the analysis runs.
std::optional<CheckOutcome> resolve_check(const Model& model, const Node& doc, size_t i, bool run,
                                          std::optional<std::vector<std::string>>& paths,
                                          std::vector<Diagnostic>& problems) {
  const Check& c = model.checks[i];
  const std::string key = fmt::format("check[{}].metric", i);
  bool open = false;
  const Node* node = find_metric(model, doc, c.metric, c.metric_loc, key, paths, problems, open);
  if (!node) return std::nullopt;
  const bool no_value = node->type() == Node::Type::kNull;
  // A metric with no finite value here (a latency past saturation, a lag that grows without
  // bound): a preview cannot tell its unit, and a run fails the check (never passes it, never
  // calls the file invalid: the same file passes at a lower --set).
  if (no_value && !run) return std::nullopt;
  CheckOutcome o;
  o.metric = c.metric;
  o.loc = c.loc;
  o.unit = node->type() == Node::Type::kBool ? Unit::kNone : node->unit();
  o.value = node->type() == Node::Type::kBool ? (node->as_bool() ? 1.0 : 0.0) : node->as_number();
  if (no_value) {
    // Without min or max (a change bound only), nothing says the unit.
    o.unit = c.min || c.max ? unit_of_bound((c.min ? *c.min : *c.max).quantity.kind) : Unit::kNone;
    o.value = std::nan("");
  }
  bool ok = true;
  for (auto [bound, slot, name] : {std::tuple{&c.min, &o.min, "min"}, std::tuple{&c.max, &o.max, "max"}}) {
    if (!*bound) continue;
    const std::string bound_key = fmt::format("check[{}].{}", i, name);
    std::string error;
    *slot = bound_value(**bound, o.unit, error);
    if (!*slot) {
      problems.push_back({(*bound)->loc, bound_key, error, ""});
      ok = false;
    } else if (o.unit == Unit::kRatio &&
               (**slot < 0 || ((*bound)->quantity.kind == QuantityKind::kNumber && **slot > 1))) {
      // max = 80 on a ratio would be 8000 %, min = 99.9 would fail forever. A share above 1 is
      // real (a utilisation of 120 %, a budget used 1.5 times), so a percentage may pass 100 %;
      // a bare number above 1 is ambiguous, and refused.
      const std::string& text = (*bound)->text;
      problems.push_back({(*bound)->loc, bound_key,
                          **slot < 0 ? fmt::format("'{}' is below zero, and the metric is a ratio", text)
                                     : fmt::format("'{}' is above 1 on a ratio: a fraction or a percentage?", text),
                          **slot < 0 ? "" : fmt::format("write a percentage, e.g. '{}%'", text)});
      ok = false;
    } else if (o.unit == Unit::kCount && **slot < 0) {
      problems.push_back({(*bound)->loc, bound_key,
                          fmt::format("'{}' is below zero, and the metric counts things", (*bound)->text),
                          ""});
      ok = false;
    }
  }
  if (ok && o.min && o.max && *o.min > *o.max) {
    problems.push_back({c.min->loc, fmt::format("check[{}].min", i),
                        fmt::format("min '{}' is above max '{}': no value could pass", c.min->text,
                                    c.max->text),
                        ""});
    ok = false;
  }
  if (!ok) return std::nullopt;
  return o;
}

}  // namespace

void require_analysis(const Model& model) {
  std::vector<std::string> sections;
  for (const Analysis& a : analyses()) {
    if (a.is_shared_result) continue;
    if (a.is_present(model)) return;
    sections.emplace_back(a.reads.substr(0, a.reads.find(',')));
  }
  throw Error::at(SourceLoc{model.source_path, 0, 0}, "",
                  fmt::format("nothing to analyse: the file has none of {}", fmt::join(sections, ", ")),
                  "see headroom.toml(5), or start from a file in examples/");
}

void validate_model(const Model& model) {
  std::vector<Diagnostic> problems;
  const Node doc = preview_report(model, problems);
  check_checks(model, doc, problems);
  if (!problems.empty()) throw Error::many(std::move(problems));
}

Node preview_report(const Model& model, std::vector<Diagnostic>& problems) {
  Node doc = Node::object();
  bool any = false;
  for (const Analysis& a : analyses()) {
    if (!a.is_present(model) || a.is_shared_result) continue;
    any = true;
    try {
      if (a.check) a.check(model);
      doc.add(std::string(a.name), a.preview(model).document);
    } catch (const Error& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
      doc.add(std::string(a.name), Node::object()).mark_open();  // its checks wait for a fix
    }
  }
  if (!any) {
    try {
      require_analysis(model);
    } catch (const Error& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  return doc;
}

bool has_targets(const Model& model) {
  for (const Analysis& a : analyses()) {
    if (!a.is_present(model) || a.is_shared_result) continue;
    try {
      if (!a.preview(model).targets.empty()) return true;
    } catch (const Error&) {
      // validate_model reports it; an analysis that refuses the model adds no target.
    }
  }
  return false;
}

void check_checks(const Model& model, const Node& doc, std::vector<Diagnostic>& problems) {
  std::optional<std::vector<std::string>> paths;
  for (size_t i = 0; i < model.checks.size(); ++i) resolve_check(model, doc, i, /*run=*/false, paths, problems);
}

double relative_change(double value, double baseline) {
  if (std::isnan(value) || std::isnan(baseline)) return std::numeric_limits<double>::quiet_NaN();
  if (value == baseline) return 0;
  if (baseline == 0) return value > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  return (value - baseline) / std::abs(baseline);
}

namespace {

// Each [[check]]'s baseline value and change, and its bounds on the change (outcomes[i] is
// model.checks[i]).
void apply_baseline(std::vector<CheckOutcome>& outcomes, const Model& model, const BaselineView* baseline) {
  std::vector<Diagnostic> problems;
  for (size_t i = 0; i < model.checks.size() && i < outcomes.size(); ++i) {
    const Check& c = model.checks[i];
    CheckOutcome& o = outcomes[i];
    const bool bounds_change = c.max_increase || c.max_decrease;
    if (c.max_increase) o.max_increase = c.max_increase->quantity.si_value;
    if (c.max_decrease) o.max_decrease = c.max_decrease->quantity.si_value;
    if (!baseline) {
      if (bounds_change) {
        problems.push_back({(c.max_increase ? c.max_increase : c.max_decrease)->loc,
                            fmt::format("check[{}].{}", i, c.max_increase ? "max_increase" : "max_decrease"),
                            fmt::format("the check bounds the change of {} from a baseline, and none is given",
                                        c.metric),
                            "give the previous report: --baseline OLD.json (from `headroom report FILE -f json`)"});
      }
      continue;
    }
    const Node* old = resolve_path(baseline->document, c.metric);
    const bool number = old && old->type() == Node::Type::kNumber;
    const bool boolean = old && old->type() == Node::Type::kBool;
    if (!number && !boolean && !(old && old->type() == Node::Type::kNull)) {
      if (bounds_change) {
        problems.push_back({c.metric_loc, fmt::format("check[{}].metric", i),
                            fmt::format("the baseline {} has no {}, so its change cannot be bounded", baseline->path,
                                        c.metric),
                            "make the baseline from a file that has it, or bound the value (min, max) until then"});
      }
      continue;
    }
    o.baseline = number ? old->as_number() : boolean ? (old->as_bool() ? 1.0 : 0.0) : std::nan("");
    o.change = o.value - *o.baseline;
    o.relative_change = relative_change(o.value, *o.baseline);
    // NaN (no value on either side) fails a bound on the change, as it fails min and max.
    if (o.max_increase && !(o.relative_change <= *o.max_increase)) o.passed = false;
    if (o.max_decrease && !(o.relative_change >= -*o.max_decrease)) o.passed = false;
  }
  if (!problems.empty()) throw Error::many(std::move(problems));
  // Targets bound no change; they show the baseline's value where it has one.
  for (size_t i = model.checks.size(); baseline && i < outcomes.size(); ++i) {
    CheckOutcome& o = outcomes[i];
    const Node* old = resolve_path(baseline->document, o.metric);
    if (!old || (old->type() != Node::Type::kNumber && old->type() != Node::Type::kNull)) continue;
    o.baseline = old->type() == Node::Type::kNumber ? old->as_number() : std::nan("");
    o.change = o.value - *o.baseline;
    o.relative_change = relative_change(o.value, *o.baseline);
  }
}

}  // namespace

std::vector<CheckOutcome> evaluate_checks(const Model& model, const AnalysisResult& report,
                                          const BaselineView* baseline) {
  std::vector<CheckOutcome> outcomes;
  std::vector<Diagnostic> problems;
  std::optional<std::vector<std::string>> paths;
  for (size_t i = 0; i < model.checks.size(); ++i) {
    std::optional<CheckOutcome> o = resolve_check(model, report.document, i, /*run=*/true, paths, problems);
    if (!o) continue;
    o->passed = (!o->min || o->value >= *o->min) && (!o->max || o->value <= *o->max);
    outcomes.push_back(std::move(*o));
  }
  if (!problems.empty()) throw Error::many(std::move(problems));

  for (const Target& t : report.targets) {
    const Node* node = resolve_path(report.document, t.metric);
    CheckOutcome o;
    o.metric = t.metric;
    o.is_target = true;
    o.loc = t.loc;
    o.min = t.min, o.max = t.max;
    // A target's metric with no finite value fails (NaN compares false), in the target's unit.
    const bool number = node && node->type() == Node::Type::kNumber;
    o.unit = t.unit;
    o.value = number ? node->as_number() : std::nan("");
    o.passed = number && (!o.min || o.value >= *o.min) && (!o.max || o.value <= *o.max);
    outcomes.push_back(o);
  }
  apply_baseline(outcomes, model, baseline);
  return outcomes;
}

Node checks_document(const std::vector<CheckOutcome>& outcomes) {
  Node doc = Node::object();
  doc.add("schema_version", Node::count(kSchemaVersion));
  size_t failed = 0;
  Node& checks = doc.add("checks", Node::array());
  for (const CheckOutcome& o : outcomes) {
    Node& n = checks.push(Node::object(), std::to_string(checks.items().size()));
    n.add("metric", Node::string(o.metric));
    n.add("source", Node::string(o.is_target ? "target" : "check"));
    n.add("unit", Node::string(std::string(unit_name(o.unit))));
    n.add("value", Node::number(o.value, o.unit));
    n.add("min", o.min ? Node::number(*o.min, o.unit) : Node::null());
    n.add("max", o.max ? Node::number(*o.max, o.unit) : Node::null());
    n.add("max_increase", o.max_increase ? Node::number(*o.max_increase, Unit::kRatio) : Node::null());
    n.add("max_decrease", o.max_decrease ? Node::number(*o.max_decrease, Unit::kRatio) : Node::null());
    // With --baseline: the baseline's value and the change from it (null without, and where
    // either side has no finite value).
    const bool known = o.baseline && std::isfinite(*o.baseline) && std::isfinite(o.value);
    n.add("baseline", o.baseline && std::isfinite(*o.baseline) ? Node::number(*o.baseline, o.unit) : Node::null());
    n.add("change", known ? Node::number(o.change, o.unit) : Node::null());
    n.add("relative_change", known && std::isfinite(o.relative_change) ? Node::number(o.relative_change, Unit::kRatio)
                                                                       : Node::null());
    n.add("status", Node::string(o.passed ? "PASS" : "FAIL"));
    failed += !o.passed;
  }
  doc.add("passed", Node::count(static_cast<double>(outcomes.size() - failed)));
  doc.add("failed", Node::count(static_cast<double>(failed)));
  return doc;
}

}  // namespace headroom::calc
