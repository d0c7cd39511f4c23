// The result document of `headroom avail` (SPEC §3.2 JSON keys).
#include <limits>
#include <fmt/format.h>

#include "calc/avail/avail.hpp"

namespace headroom::calc {
namespace {

namespace tc = formulas::time_constants;

Node downtime(const formulas::Availability& a) {
  Node d = Node::object();
  d.add("per_year", Node::number(formulas::expected_downtime(a, tc::kYear).value(), Unit::kSeconds));
  d.add("per_month", Node::number(formulas::expected_downtime(a, tc::kMonth).value(), Unit::kSeconds));
  d.add("per_week", Node::number(formulas::expected_downtime(a, tc::kWeek).value(), Unit::kSeconds));
  d.add("per_day", Node::number(formulas::expected_downtime(a, tc::kDay).value(), Unit::kSeconds));
  return d;
}

Node nines_node(const formulas::Availability& a) {
  // A block that is never down has infinitely many nines: JSON null, "∞" in a table, and a
  // check's min on it passes.
  return Node::number(a.down > 0 ? formulas::nines(a) : std::numeric_limits<double>::infinity(), Unit::kNines);
}

}  // namespace

AnalysisResult avail_document(const AvailResult& r) {
  AnalysisResult out;
  Node& doc = out.document;
  if (!r.system.empty()) doc.add("system", Node::string(r.system));
  doc.add("availability", Node::number(r.availability.up, Unit::kRatio));
  doc.add("unavailability", Node::number(r.availability.down, Unit::kRatio));
  doc.add("nines", nines_node(r.availability));
  doc.add("downtime_seconds", downtime(r.availability));
  if (r.target) {
    const double budget = r.target->down;
    doc.add("target", Node::number(r.target->up, Unit::kRatio));
    doc.add("meets_target", Node::boolean(r.availability.down <= r.target->down));
    Node b = Node::object();
    b.add("per_month", Node::number(budget * tc::kMonth.value(), Unit::kSeconds));
    b.add("per_year", Node::number(budget * tc::kYear.value(), Unit::kSeconds));
    doc.add("error_budget_seconds", std::move(b));
    // Expected downtime as a share of the budget: above 1, the target is missed on average.
    doc.add("error_budget_used", budget > 0 ? Node::number(r.availability.down / budget, Unit::kRatio)
                                            : Node::null());
    out.targets.push_back(Target{"avail.availability", r.target->up, std::nullopt, r.target_loc, Unit::kRatio});
  }
  Node& blocks = doc.add("blocks", Node::array());
  for (const BlockAvailability& b : r.blocks) {
    Node& n = blocks.push(Node::object(), b.name);
    n.add("name", Node::string(b.name));
    n.add("kind", Node::string(b.is_group ? "group" : "component"));
    n.add("on_path", Node::boolean(b.on_path));
    n.add("availability", Node::number(b.availability.up, Unit::kRatio));
    n.add("nines", nines_node(b.availability));
    n.add("importance", Node::number(b.importance, Unit::kNone));
    // What making this block perfect would buy: A_sys(block always up) − A_sys, solved on the
    // whole diagram (I_B × (1 − A_block) only when the block shares nothing with the rest).
    Node saved = Node::object();
    saved.add("per_year", Node::number(b.gain_if_perfect * tc::kYear.value(), Unit::kSeconds));
    n.add("saved_downtime_seconds", std::move(saved));
    if (r.explained)
      for (const ExplainLine& f : b.formulas) out.explanation.push_back({f.topic, b.name + ": " + f.text});
  }
  if (!r.explained) return out;
  std::string path_formula;
  for (const BlockAvailability& b : r.blocks)
    if (b.on_path) path_formula += (path_formula.empty() ? "" : " × ") + fmt::format("{:.9f}", b.availability.up);
  out.explanation.push_back({r.shared_blocks == 0 ? "series" : "shared-blocks",
                             fmt::format("path in series: {} = {:.9f}{}", path_formula,
                                        r.availability.up,
                                        r.shared_blocks == 0
                                            ? ""
                                            : " (conditioned on shared blocks, so each counts once)")});
  out.explanation.push_back({"nines", fmt::format(
      "nines = −log10(1 − A) = −log10({:.3e}); downtime per year = (1 − A) × 365.25 d", r.availability.down)});
  out.explanation.push_back(
      {"birnbaum", "importance (Birnbaum) = A_sys(block always up) − A_sys(block always down)"});
  return out;
}

}  // namespace headroom::calc
