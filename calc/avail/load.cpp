// Loads [availability]: the request path and the target, then checks that every name on the
// path is a component or group and that every component it reaches has an availability.
#include <fmt/format.h>

#include "calc/avail/section.hpp"
#include "calc/base/spelling.hpp"
#include "calc/input/table_reader.hpp"

namespace headroom::calc {

const std::vector<KeySpec>& availability_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"availability", "path", T::kStringList, "components and groups a request needs, in order"}.eg(R"(["lb", "web", "db"])"),
      KeySpec{"availability", "target", T::kAvailability, "availability objective, e.g. \"99.95%\""}.eg(R"("99.95%")"),
  };
  return kKeys;
}

void load_availability(TableReader& r, Model& model, Diagnostics& diag) {
  AvailabilitySection a;
  a.loc = r.loc();
  std::vector<SourceLoc> path_locs;
  if (auto path = r.string_list("path")) {
    for (auto& [name, loc] : *path) a.path.push_back(name), path_locs.push_back(loc);
    if (path->empty()) r.error("path", "the path is empty", "list the blocks a request needs");
  } else if (!r.has("path")) {
    r.error("path", "[availability] needs path, the blocks a request passes in order",
            "e.g. path = [\"lb\", \"web\", \"db\"]");
  }
  if (auto target = r.availability("target")) {
    a.target = target;
    a.target_loc = r.loc_of("target");
  }
  r.finish();

  // The components and groups were loaded (and their references checked) before this section.
  const bool blocks_ok = !diag.has_errors();
  bool path_ok = true;
  std::vector<std::string> names;
  for (size_t i = 0; i < a.path.size(); ++i) {
    const std::string& name = a.path[i];
    if (model.find_component(name) || model.find_group(name)) continue;
    if (names.empty()) {
      for (const Component& c : model.components) names.push_back(c.name);
      for (const Group& g : model.groups) names.push_back(g.name);
    }
    diag.add(Diagnostic{path_locs[i], "availability.path",
                        fmt::format("no component or group named '{}'", name),
                        did_you_mean(name, names)});
    path_ok = false;
  }
  // Every component the path reaches needs an availability.
  if (blocks_ok && path_ok) {
    std::vector<bool> group_seen(model.groups.size(), false);
    std::vector<bool> component_seen(model.components.size(), false);
    std::vector<std::string_view> todo(a.path.rbegin(), a.path.rend());
    while (!todo.empty()) {
      const std::string_view name = todo.back();
      todo.pop_back();
      if (const Group* g = model.find_group(name)) {
        if (group_seen[g - model.groups.data()]) continue;
        group_seen[g - model.groups.data()] = true;
        for (auto it = g->members.rbegin(); it != g->members.rend(); ++it) todo.push_back(*it);
      } else if (const Component* c = model.find_component(name)) {
        if (component_seen[c - model.components.data()]) continue;
        component_seen[c - model.components.data()] = true;
        if (!c->availability) {
          diag.add(Diagnostic{c->loc, "components." + std::string(name),
                              "a component on the availability path needs availability, or mtbf "
                              "and mttr",
                              "e.g. availability = \"99.9%\""});
        }
      }
    }
  }
  model.set_section(std::move(a));
}

}  // namespace headroom::calc
