#include "calc/input/model_loader.hpp"

#include <fmt/format.h>

#include "calc/input/section_loaders.hpp"
#include "calc/input/toml_limits.hpp"

namespace headroom::calc {

namespace {

template <typename T>
const T* find_by_name(const std::vector<T>& items, const NameIndex& index, std::string_view name) {
  // The index is trusted while the list has the size it was built for.
  if (index.size() != 0 && index.size() == items.size()) {
    const auto at = index.find(name, [&](size_t i) -> std::string_view { return items[i].name; });
    return at ? &items[*at] : nullptr;
  }
  for (const T& item : items)
    if (item.name == name) return &item;
  return nullptr;
}

template <typename T>
void build_index(const std::vector<T>& items, NameIndex& index) {
  // A name twice leaves the index empty: scan, so the first wins.
  index.build(items.size(), [&](size_t i) -> std::string_view { return items[i].name; });
}

}  // namespace

const Component* Model::find_component(std::string_view name) const {
  return find_by_name(components, component_index_, name);
}

const Group* Model::find_group(std::string_view name) const {
  return find_by_name(groups, group_index_, name);
}

void Model::index_blocks() {
  build_index(components, component_index_);
  build_index(groups, group_index_);
}

Override parse_override(std::string_view arg) {
  const size_t eq = arg.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw Error::usage(fmt::format("--set expects KEY=VALUE, got '{}'", arg),
                       "e.g. --set traffic.peak_to_average=4 or --set 'components.db.mttr=\"1 h\"'");
  }
  return Override{std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1))};
}

void load_checks(const toml::array& checks, Model& model, Diagnostics& diag) {
  size_t index = 0;
  for (const toml::node& n : checks) {
    const std::string dotted = fmt::format("check[{}]", index++);
    TableReader r(*n.as_table(), dotted, "check[]", diag);
    Check check;
    check.loc = r.loc();
    if (auto metric = r.string("metric")) {
      check.metric = *metric;
      check.metric_loc = r.loc_of("metric");
    } else if (!r.has("metric")) {
      r.error("metric", "a check needs a metric", "e.g. metric = \"avail.availability\"");
    }
    check.min = r.quantity("min");
    check.max = r.quantity("max");
    if (!r.has("min") && !r.has("max")) {
      r.error("min", "a check needs min, max or both", "e.g. min = \"99.95%\"");
    }
    r.finish();
    model.checks.push_back(std::move(check));
  }
}

namespace {

// toml++ starts its messages with a capital; headroom's start in lowercase.
std::string lowercase_first(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

}  // namespace

Model load_model(std::string_view text, const std::string& display_path,
                 const std::vector<Override>& overrides) {
  if (std::optional<Diagnostic> deep = key_depth_problem(text, display_path)) {
    throw Error::many({std::move(*deep)});
  }
  toml::table root;
  try {
    // No source path: toml++ would copy it into every node (a fifth of the parse on a file of
    // 100,000 tables); our positions name the file themselves (Diagnostics::loc).
    root = toml::parse(text);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw Error::at(SourceLoc{display_path, static_cast<int>(src.begin.line),
                              static_cast<int>(src.begin.column)},
                    "", "syntax error: " + lowercase_first(e.description()));
  }

  Diagnostics diag(display_path);
  apply_overrides(root, overrides, diag);

  Model model;
  model.source_path = display_path;
  TableReader top(root, "", "", diag);
  if (const toml::table* t = top.table("system")) {
    TableReader r(*t, "system", "system", diag);
    load_system(r, model);
  }
  if (const toml::table* t = top.table("traffic")) {
    TableReader r(*t, "traffic", "traffic", diag);
    load_traffic(r, model);
  }
  if (const toml::table* t = top.table("storage")) {
    TableReader r(*t, "storage", "storage", diag);
    load_storage(r, model);
  }
  load_components(top, model, diag);
  // Each analysis's own section, after the shared ones it may refer to.
  for (const SectionSpec& section : analysis_sections()) {
    if (const toml::table* t = top.table(section.name)) {
      TableReader r(*t, std::string(section.name), section.name, diag);
      section.load(r, model, diag);
    }
  }
  if (const toml::array* checks = top.table_array("check")) load_checks(*checks, model, diag);
  top.finish();
  for (const SectionSpec& section : analysis_sections())
    if (section.link && top.has(section.name)) section.link(model, diag);

  // Across sections: what `size` would refuse, validate refuses.
  if (model.traffic && !model.traffic->splits_reads_writes()) {
    for (const Component& c : model.components) {
      if (c.capacity && c.serves != Serves::kRequests) {
        diag.add(Diagnostic{c.loc, "components." + c.name + ".serves",
                            "this component serves reads or writes, but the traffic does not "
                            "split into reads and writes",
                            "give traffic.read_write_ratio, or read_rate and write_rate"});
      }
    }
  }

  if (diag.has_errors()) throw Error::many(diag.take_errors());
  model.warnings = diag.take_warnings();
  model.binary_sizes = diag.sizes_are_binary();
  return model;
}

}  // namespace headroom::calc
