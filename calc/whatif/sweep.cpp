#include "calc/whatif/sweep.hpp"

#include <fmt/format.h>

namespace headroom::calc {

std::vector<Point> sweep_points(const std::vector<Variation>& keys, double max_points) {
  double total = 1;
  for (const Variation& v : keys) total *= static_cast<double>(v.values.size());
  if (total > max_points)
    throw Error::usage(fmt::format("--vary: {:.0f} points in all, more than {:.0f}", total, max_points),
                       max_points < kMaxForcedSweepPoints ? "use fewer values, or --force" : "use fewer values");
  std::vector<Point> points;
  for (size_t n = 0; n < static_cast<size_t>(total); ++n) {
    const std::vector<size_t> at = point_index(keys, n);
    Point p;
    for (size_t k = 0; k < keys.size(); ++k) {
      const VariedValue& v = keys[k].values[at[k]];
      p.push_back(Override{keys[k].key, v.toml, fmt::format("--vary {}={}", keys[k].key, v.label)});
    }
    points.push_back(std::move(p));
  }
  return points;
}

std::vector<size_t> point_index(const std::vector<Variation>& keys, size_t n) {
  std::vector<size_t> at(keys.size(), 0);
  for (size_t k = keys.size(); k-- > 0;) {  // the last key fastest
    at[k] = n % keys[k].values.size();
    n /= keys[k].values.size();
  }
  return at;
}

SweepResult run_sweep(Evaluator& evaluator, const Model& first, std::vector<Variation> keys,
                      std::vector<std::string> metrics, unsigned jobs, double max_points,
                      const RunOptions::progress_type& progress) {
  SweepResult out;
  const std::vector<Point> points = sweep_points(keys, max_points);
  out.points = points.size();
  // Every point loads (each refusal names its --vary) before any is computed.
  for (size_t i = 1; i < points.size(); ++i) evaluator.load(points[i]);
  // The metrics against the preview: a misspelt one is an error before the run.
  {
    std::vector<Diagnostic> problems;
    const Node preview = preview_report(first, problems);
    if (!problems.empty()) throw Error::many(std::move(problems));
    std::optional<std::vector<std::string>> paths;
    bool open = false;
    for (const std::string& m : metrics)
      find_metric(first, preview, m, SourceLoc{"--metric", 0, 0}, m, paths, problems, open);
    if (!problems.empty()) throw Error::many(std::move(problems));
  }
  std::vector<PointResult> results(points.size());
  // The first point alone: its shared results (a cache simulation) are then reused by the rest.
  results[0] = evaluator.evaluate(first);
  if (metrics.empty()) {
    for (const CheckOutcome& c : results[0].checks)
      if (std::find(metrics.begin(), metrics.end(), c.metric) == metrics.end()) metrics.push_back(c.metric);
    if (metrics.empty())
      throw Error::usage("sweep: no --metric, and the file has no [[check]] or target to follow",
                         "e.g. --metric budget.latency_seconds.p99");
  }
  for_each_point(points.size() - 1, jobs, [&](size_t i) { results[i + 1] = evaluator.evaluate(points[i + 1]); },
                 progress ? RunOptions::progress_type([&](std::uint64_t done, std::uint64_t total) { progress(done + 1, total + 1); })
                          : RunOptions::progress_type());
  out.units.assign(metrics.size(), Unit::kNone);
  std::vector<bool> unit_known(metrics.size(), false);
  for (size_t i = 0; i < points.size(); ++i) {
    SweepRow row;
    row.at = point_index(keys, i);
    for (size_t m = 0; m < metrics.size(); ++m) {
      const PathLookup found = lookup_path(results[i].report.document, metrics[m]);
      const Node* n = found.node;
      if (!n) throw Error::usage(fmt::format("--metric {}: not in the report at point {}", metrics[m], i + 1));
      if (n->type() == Node::Type::kNumber) {
        row.values.push_back(n->as_number());
        if (!unit_known[m]) out.units[m] = n->unit(), unit_known[m] = true;
      } else if (n->type() == Node::Type::kBool) {
        row.values.push_back(n->as_bool() ? 1.0 : 0.0);
      } else {
        row.values.push_back(std::nullopt);
      }
    }
    for (const CheckOutcome& c : results[i].checks)
      if (!c.passed) row.failed_checks.push_back(c.metric);
    out.rows.push_back(std::move(row));
  }
  out.keys = std::move(keys);
  out.metrics = std::move(metrics);
  out.analyses_run = evaluator.analyses_run();
  return out;
}

Node sweep_document(const SweepResult& r) {
  Node doc = Node::object();
  doc.add("schema_version", Node::count(kSchemaVersion));
  Node& sweep = doc.add("sweep", Node::object());
  Node& keys = sweep.add("keys", Node::array());
  for (const Variation& v : r.keys) keys.push(Node::string(v.key), std::to_string(keys.items().size()));
  Node& metrics = sweep.add("metrics", Node::array());
  for (const std::string& m : r.metrics) metrics.push(Node::string(m), std::to_string(metrics.items().size()));
  sweep.add("analysis_runs", Node::count(static_cast<double>(r.analyses_run)));
  Node& points = sweep.add("points", Node::array());
  for (const SweepRow& row : r.rows) {
    Node& p = points.push(Node::object(), std::to_string(points.items().size()));
    Node& values = p.add("values", Node::map());
    for (size_t k = 0; k < r.keys.size(); ++k) {
      const VariedValue& v = r.keys[k].values[row.at[k]];
      values.add(r.keys[k].key, v.si ? Node::number(*v.si) : Node::string(v.label));
    }
    Node& m = p.add("metrics", Node::map());
    for (size_t i = 0; i < r.metrics.size(); ++i)
      m.add(r.metrics[i], row.values[i] ? Node::number(*row.values[i], r.units[i]) : Node::null());
    Node& failed = p.add("failed_checks", Node::array());
    for (const std::string& f : row.failed_checks) failed.push(Node::string(f), std::to_string(failed.items().size()));
  }
  return doc;
}

}  // namespace headroom::calc
