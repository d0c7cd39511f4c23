#include "calc/report/chain.hpp"

#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "calc/report/report.hpp"

namespace headroom::calc {

void add_chained_inputs(AnalysisResult& out) {
  if (out.chain.empty()) return;
  Node& inputs = out.document.add("chained_inputs", Node::array());
  for (const ChainLink& link : out.chain) {
    Node& n = inputs.push(Node::object(), link.to);
    n.add("input", Node::string(link.to));
    n.add("from", Node::string(link.from));
    n.add("value", std::isfinite(link.value) ? Node::number(link.value) : Node::null());
  }
}

namespace {

// The value at `path` in the report, as --explain prints numbers ("n/a" where none is known).
std::string value_at(const Model& model, const Node& report, const std::string& path) {
  std::optional<std::vector<std::string>> paths;
  std::vector<Diagnostic> problems;
  bool open = false;
  const Node* n = find_metric(model, report, path, SourceLoc{}, "", paths, problems, open);
  if (!n || n->type() != Node::Type::kNumber) return "n/a";
  return fmt::format("{:.6g}", n->as_number());
}

}  // namespace

Explanation flow_lines(const Model& model, const Node& report, const std::vector<ChainLink>& links) {
  std::set<std::string> produced;
  for (const ChainLink& l : links) {
    produced.insert(l.to);
    produced.insert(l.then.begin(), l.then.end());
  }
  Explanation lines;
  // Depth first from each root; a step is "path value". Links form no cycle (an analysis
  // reads only analyses before it), and each path is walked once per chain it starts.
  // `fresh`: the first step not yet followed (links leave from it or the steps after it).
  std::function<void(const std::vector<std::string>&, size_t)> walk = [&](const std::vector<std::string>& steps,
                                                                        size_t fresh) {
    bool extended = false;
    for (const ChainLink& l : links) {
      bool leaves = false;
      for (size_t i = fresh; i < steps.size() && !leaves; ++i) leaves = l.from == steps[i];
      if (!leaves) continue;
      std::vector<std::string> longer = steps;
      longer.push_back(l.to);
      longer.insert(longer.end(), l.then.begin(), l.then.end());
      if (longer.size() > 64) continue;  // a guard, not a limit any model reaches
      extended = true;
      walk(longer, steps.size());
    }
    if (extended || steps.size() < 2) return;
    std::string text = "flow: ";
    for (size_t i = 0; i < steps.size(); ++i)
      text += (i ? " → " : "") + steps[i] + " " + value_at(model, report, steps[i]);
    lines.push_back({"chain", std::move(text)});
  };
  std::set<std::string> roots;
  for (const ChainLink& l : links)
    if (!produced.count(l.from)) roots.insert(l.from);
  for (const std::string& root : roots) walk({root}, 0);
  return lines;
}

}  // namespace headroom::calc
