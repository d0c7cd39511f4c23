#include "calc/whatif/optimise.hpp"

#include <cmath>

#include "calc/report/report.hpp"

namespace headroom::calc {

OptimiseResult optimise(Evaluator& evaluator, const Model& first, std::vector<Variation> keys, const std::string& metric,
                        bool maximise, unsigned jobs, const RunOptions::progress_type& progress) {
  OptimiseResult out;
  out.metric = metric;
  out.maximise = maximise;
  out.sweep = run_sweep(evaluator, first, std::move(keys), {metric}, jobs, kMaxSweepPoints, progress);
  out.unit = out.sweep.units.front();
  for (size_t i = 0; i < out.sweep.rows.size(); ++i) {
    const SweepRow& row = out.sweep.rows[i];
    if (!row.failed_checks.empty()) continue;
    ++out.passing;
    const std::optional<double>& v = row.values.front();
    if (!v || std::isnan(*v)) continue;  // passing, but no value to compare: never the best
    const std::optional<double>& best = out.best ? out.sweep.rows[*out.best].values.front() : std::nullopt;
    if (!best || (maximise ? *v > *best : *v < *best)) out.best = i;
  }
  return out;
}

Node optimise_document(const OptimiseResult& r) {
  Node doc = Node::object();
  doc.add("schema_version", Node::count(kSchemaVersion));
  Node& s = doc.add("solve", Node::object());
  s.add("metric", Node::string(r.metric));
  s.add("direction", Node::string(r.maximise ? "max" : "min"));
  s.add("found", Node::boolean(r.best.has_value()));
  s.add("metric_value", r.best ? Node::number(*r.sweep.rows[*r.best].values.front(), r.unit) : Node::null());
  Node& at = s.add("at", Node::map());
  for (size_t k = 0; k < r.sweep.keys.size(); ++k) {
    const Variation& v = r.sweep.keys[k];
    at.add(v.key, r.best ? Node::string(v.values[r.sweep.rows[*r.best].at[k]].label) : Node::null());
  }
  s.add("passing", Node::count(static_cast<double>(r.passing)));
  s.add("evaluations", Node::count(static_cast<double>(r.sweep.points)));
  return doc;
}

}  // namespace headroom::calc
