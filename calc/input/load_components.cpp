// Loads [components.*] and [groups.*], then checks names, references and cycles.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "calc/input/section_loaders.hpp"
#include "calc/base/spelling.hpp"

namespace headroom::calc {

const Names<RedundancyMode>& redundancy_mode_names() {
  static const Names<RedundancyMode> kNames = {{"active-active", RedundancyMode::kActiveActive},
                                               {"active-passive", RedundancyMode::kActivePassive}};
  return kNames;
}

const Names<Serves>& serves_names() {
  static const Names<Serves> kNames = {
      {"requests", Serves::kRequests}, {"reads", Serves::kReads}, {"writes", Serves::kWrites}};
  return kNames;
}

namespace {

// Beyond this, a block is a typo, not a system: the repair chain is O(n) (and replicas, k and
// the other counts stop at 10^6 in the schema, as the k-of-n sum is O(n)).
constexpr long long kMaxReplicasWithRepairCrews = 100'000;
// mtbf/(mtbf+mttr) and a given availability must agree this closely (SPEC §3.2).
constexpr double kAvailabilityAgreement = 1e-9;

struct NamedTable {
  toml::source_index line, column;  // where the table starts: the sort key, kept at hand
  std::string name;
  const toml::table* table;
};

// The tables under `key` ([components.*] or [groups.*]) in the order the file wrote them.
std::vector<NamedTable> tables_in_file_order(const toml::table& parent, const std::string& section,
                                             Diagnostics& diag) {
  std::vector<NamedTable> items;
  items.reserve(parent.size());
  for (auto&& [k, v] : parent) {
    if (!v.is_table()) {
      diag.error(v.source(), section + "." + std::string(k.str()),
                 fmt::format("expected a table [{}.{}], got {}", section, k.str(),
                             describe_node(v)));
      continue;
    }
    const auto& at = v.source().begin;
    items.push_back(NamedTable{at.line, at.column, std::string(k.str()), v.as_table()});
  }
  std::stable_sort(items.begin(), items.end(), [](const NamedTable& a, const NamedTable& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return items;
}

void load_reliability(TableReader& r, Component& c) {
  c.availability = r.availability("availability");
  c.mtbf = r.duration("mtbf");
  c.mttr = r.duration("mttr");
  const bool has_a = r.has("availability"), has_f = r.has("mtbf"), has_r = r.has("mttr");
  if (!c.availability && has_a) return;  // already reported
  if ((has_f && !c.mtbf) || (has_r && !c.mttr)) return;
  if (c.availability && c.mtbf && c.mttr) {
    const double derived = c.mtbf->value() / (c.mtbf->value() + c.mttr->value());
    if (std::fabs(derived - c.availability->up) > kAvailabilityAgreement) {
      r.error("availability",
              fmt::format("availability {} disagrees with mtbf/(mtbf+mttr) = {}",
                          c.availability->up, derived),
              "give two of availability, mtbf and mttr; the third follows");
    }
    c.availability = formulas::from_mtbf_mttr(*c.mtbf, *c.mttr);
  } else if (c.mtbf && c.mttr) {
    c.availability = formulas::from_mtbf_mttr(*c.mtbf, *c.mttr);
  } else if (c.availability && c.mtbf) {
    // A = f/(f+r)  =>  r = f(1−A)/A
    c.mttr = Duration(c.mtbf->value() * c.availability->down / c.availability->up);
  } else if (c.availability && c.mttr) {
    if (c.availability->down > 0) {
      c.mtbf = Duration(c.mttr->value() * c.availability->up / c.availability->down);
    }
  } else if (c.mtbf) {
    r.error("mtbf", "mtbf needs mttr (or availability) to give an availability",
            "e.g. mttr = \"30 min\"");
  } else if (c.mttr) {
    r.error("mttr", "mttr needs mtbf (or availability) to give an availability",
            "e.g. mtbf = \"1000 h\"");
  }
}

void load_redundancy(TableReader& r, Component& c) {
  if (auto n = r.integer("replicas")) c.replicas = static_cast<int>(*n);
  if (auto k = r.integer("min_healthy")) {
    if (*k > c.replicas) {
      r.error("min_healthy", fmt::format("min_healthy {} exceeds replicas {}", *k, c.replicas),
              "min_healthy is the k of k-of-n and must be at most replicas");
    } else {
      c.min_healthy = static_cast<int>(*k);
    }
  }
  if (auto mode = r.choice("mode", redundancy_mode_names())) c.mode = *mode;
  c.failover_time = r.duration("failover_time");
  if (c.mode == RedundancyMode::kActivePassive && c.replicas < 2) {
    r.error("mode", "active-passive needs at least 2 replicas", "set replicas = 2");
  }
  if (c.failover_time) {
    if (c.mode != RedundancyMode::kActivePassive) {
      r.error("failover_time", "failover_time applies only to mode = \"active-passive\"");
    } else if (!c.mtbf) {
      r.error("failover_time", "failover_time needs mtbf: every failure of the active replica "
                               "costs one fail-over",
              "give mtbf with mttr or availability");
    } else if (*c.failover_time >= *c.mtbf) {
      r.error("failover_time", "failover_time must be shorter than mtbf");
    }
  }
  if (auto crews = r.integer("repair_crews")) {
    if (*crews > c.replicas) {
      r.error("repair_crews", fmt::format("repair_crews {} exceeds replicas {}", *crews,
                                          c.replicas));
    } else if (c.replicas > kMaxReplicasWithRepairCrews) {
      r.error("repair_crews", fmt::format("the repair-crew model handles at most {} replicas",
                                          kMaxReplicasWithRepairCrews));
    } else if (!c.mtbf || !c.mttr || c.mttr->value() == 0) {
      r.error("repair_crews", "repair_crews needs a positive mtbf and mttr (failure and repair "
                              "rates)");
    } else {
      c.repair_crews = static_cast<int>(*crews);
    }
  }
}

void load_performance(TableReader& r, Component& c) {
  c.capacity = r.rate("capacity");
  c.service_time = r.duration("service_time");
  if (auto scv = r.number("service_scv")) c.service_scv = *scv;
  if (auto n = r.integer("concurrency")) c.concurrency = static_cast<int>(*n);
  if (auto serves = r.choice("serves", serves_names())) c.serves = *serves;
}

Component load_component(const std::string& name, const toml::table& t, Diagnostics& diag) {
  TableReader r(t, "components." + name, "components.*", diag);
  Component c;
  c.name = name;
  c.loc = r.loc();
  load_reliability(r, c);
  load_redundancy(r, c);
  load_performance(r, c);
  r.finish();
  return c;
}

Group load_group(const std::string& name, const toml::table& t, Diagnostics& diag,
                 std::vector<std::vector<SourceLoc>>& member_locs) {
  TableReader r(t, "groups." + name, "groups.*", diag);
  Group g;
  g.name = name;
  g.loc = r.loc();
  const int forms = r.has("any_of") + r.has("all_of") + (r.has("k") || r.has("of"));
  std::optional<std::vector<std::pair<std::string, SourceLoc>>> members;
  std::string members_key;
  if (forms != 1) {
    r.error("", forms == 0 ? "a group needs any_of, all_of, or k with of"
                           : "a group takes one of any_of, all_of, or k with of",
            "e.g. any_of = [\"db\", \"db_standby\"]");
  } else if (r.has("any_of")) {
    g.kind = GroupKind::kAnyOf;
    members = r.string_list("any_of"), members_key = "any_of";
  } else if (r.has("all_of")) {
    g.kind = GroupKind::kAllOf;
    members = r.string_list("all_of"), members_key = "all_of";
  } else {
    g.kind = GroupKind::kKOf;
    members = r.string_list("of"), members_key = "of";
    if (!r.has("of")) r.error("k", "k needs of, the list of members");
    if (!r.has("k")) r.error("of", "of needs k, the members that must be up");
    if (auto k = r.integer("k")) {
      if (members && static_cast<size_t>(*k) > members->size()) {
        r.error("k", fmt::format("k = {} but the group has only {} members", *k,
                                 members->size()));
      }
      g.k = static_cast<int>(*k);
    }
  }
  std::vector<SourceLoc> locs;
  if (members) {
    if (members->empty()) r.error(members_key, "a group needs at least one member");
    std::unordered_set<std::string> listed;
    for (auto& [member, loc] : *members) {
      if (!listed.insert(member).second) {
        diag.error(t.get(members_key)->source(), r.key_path(members_key),
                   fmt::format("'{}' is listed twice", member),
                   "members of a group must be distinct blocks");
      }
      g.members.push_back(member);
      locs.push_back(loc);
    }
  }
  member_locs.push_back(std::move(locs));
  r.finish();
  return g;
}

void report_at(const SourceLoc& loc, std::string key, std::string message, std::string hint,
               std::vector<Diagnostic>& out) {
  out.push_back(Diagnostic{loc, std::move(key), std::move(message), std::move(hint)});
}

// Unknown names, shared names and cycles.
std::vector<Diagnostic> check_references(const Model& model,
                                         const std::vector<std::vector<SourceLoc>>& member_locs) {
  std::vector<Diagnostic> out;
  std::vector<std::string> names;
  for (const Component& c : model.components) names.push_back(c.name);
  for (const Group& g : model.groups) {
    if (model.find_component(g.name)) {
      report_at(g.loc, "groups." + g.name,
                fmt::format("'{}' names both a component and a group", g.name),
                "rename one of them", out);
    }
    names.push_back(g.name);
  }
  auto check_name = [&](const std::string& name, const SourceLoc& loc, const std::string& key) {
    if (model.find_component(name) || model.find_group(name)) return true;
    report_at(loc, key, fmt::format("no component or group named '{}'", name),
              did_you_mean(name, names), out);
    return false;
  };
  for (size_t gi = 0; gi < model.groups.size(); ++gi) {
    const Group& g = model.groups[gi];
    for (size_t i = 0; i < g.members.size(); ++i)
      check_name(g.members[i], member_locs[gi][i], "groups." + g.name);
  }

  // Cycles: depth-first search with colours over group → member edges, iterative (groups may
  // nest 100,000 deep).
  const auto group_index = [&](const std::string& name) -> std::optional<size_t> {
    const Group* g = model.find_group(name);
    if (!g) return std::nullopt;
    return static_cast<size_t>(g - model.groups.data());
  };
  std::vector<int> colour(model.groups.size(), 0);  // 0 new, 1 on the stack, 2 done
  bool acyclic = true;
  const bool names_distinct = out.empty();  // a clash would make a name its own member
  for (size_t start = 0; start < model.groups.size() && names_distinct && acyclic; ++start) {
    if (colour[start] != 0) continue;
    std::vector<std::pair<size_t, size_t>> stack{{start, 0}};  // group, next member
    colour[start] = 1;
    while (!stack.empty() && acyclic) {
      auto& [gi, next] = stack.back();
      const Group& g = model.groups[gi];
      if (next == g.members.size()) {
        colour[gi] = 2;
        stack.pop_back();
        continue;
      }
      const std::string& m = g.members[next++];
      const std::optional<size_t> child = group_index(m);
      if (!child) continue;
      if (colour[*child] == 1) {
        std::string cycle;
        auto from = std::find_if(stack.begin(), stack.end(),
                                 [&](const auto& item) { return item.first == *child; });
        for (auto it = from; it != stack.end(); ++it) cycle += model.groups[it->first].name + " -> ";
        report_at(model.groups[*child].loc, "groups." + m,
                  fmt::format("groups form a cycle: {}{}", cycle, m),
                  "a group cannot contain itself", out);
        acyclic = false;
      } else if (colour[*child] == 0) {
        colour[*child] = 1;
        stack.emplace_back(*child, 0);
      }
    }
  }

  return out;
}

}  // namespace

void load_components(TableReader& root, Model& model, Diagnostics& diag) {
  if (const toml::table* t = root.table("components")) {
    model.components.reserve(t->size());
    for (const NamedTable& item : tables_in_file_order(*t, "components", diag))
      model.components.push_back(load_component(item.name, *item.table, diag));
  }
  std::vector<std::vector<SourceLoc>> member_locs;
  if (const toml::table* t = root.table("groups")) {
    model.groups.reserve(t->size());
    for (const NamedTable& item : tables_in_file_order(*t, "groups", diag))
      model.groups.push_back(load_group(item.name, *item.table, diag, member_locs));
  }
  model.index_blocks();
  for (Diagnostic& d : check_references(model, member_locs))
    diag.add(std::move(d));
}

}  // namespace headroom::calc
