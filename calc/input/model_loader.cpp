#include "calc/input/model_loader.hpp"

#include <fmt/format.h>
#include <sstream>
#define XXH_INLINE_ALL
#include <xxhash.h>

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
    for (auto [slot, key] : {std::pair{&check.max_increase, "max_increase"}, {&check.max_decrease, "max_decrease"}}) {
      *slot = r.quantity(key);
      if (!*slot) continue;
      const ParsedQuantity& q = (*slot)->quantity;
      // A change relative to the baseline: a fraction or a percentage. A bare number above 1
      // (10 for "10 %"?) is ambiguous, as on a ratio metric.
      if (q.kind != QuantityKind::kNumber && q.kind != QuantityKind::kPercent) {
        r.error(key, fmt::format("'{}' is not a ratio: a change is bounded relative to the baseline", (*slot)->text),
                "e.g. max_increase = \"10%\"");
        slot->reset();
      } else if (q.si_value < 0) {
        r.error(key, fmt::format("'{}' is below zero", (*slot)->text),
                std::string_view(key) == "max_increase" ? "a decrease is bounded by max_decrease"
                                                        : "an increase is bounded by max_increase");
        slot->reset();
      } else if (q.kind == QuantityKind::kNumber && q.si_value > 1) {
        r.error(key, fmt::format("'{}' is above 1: a fraction or a percentage?", (*slot)->text),
                fmt::format("write a percentage, e.g. '{}%'", (*slot)->text));
        slot->reset();
      }
    }
    if (!r.has("min") && !r.has("max") && !r.has("max_increase") && !r.has("max_decrease")) {
      r.error("min", "a check needs min, max, max_increase or max_decrease", "e.g. min = \"99.95%\"");
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

toml::table parse_text(std::string_view text, const std::string& display_path) {
  if (std::optional<Diagnostic> deep = key_depth_problem(text, display_path)) {
    throw Error::many({std::move(*deep)});
  }
  try {
    // No source path: toml++ would copy it into every node (a fifth of the parse on a file of
    // 100,000 tables); our positions name the file themselves (Diagnostics::loc).
    return toml::parse(text);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw Error::at(SourceLoc{display_path, static_cast<int>(src.begin.line),
                              static_cast<int>(src.begin.column)},
                    "", "syntax error: " + lowercase_first(e.description()));
  }
}

// A hash of a TOML value, exact: every bit of a float, every byte of a string, keys in order.
void hash_node(const toml::node& n, XXH3_state_t* state) {
  auto put = [state](const void* data, size_t size) { XXH3_64bits_update(state, data, size); };
  const auto type = static_cast<unsigned char>(n.type());
  put(&type, 1);
  if (const toml::table* t = n.as_table()) {
    const size_t size = t->size();
    put(&size, sizeof size);
    for (auto&& [k, v] : *t) {
      const size_t length = k.str().size();
      put(&length, sizeof length);
      put(k.str().data(), length);
      hash_node(v, state);
    }
  } else if (const toml::array* a = n.as_array()) {
    const size_t size = a->size();
    put(&size, sizeof size);
    for (const toml::node& v : *a) hash_node(v, state);
  } else if (const auto* str = n.as_string()) {
    const size_t length = str->get().size();
    put(&length, sizeof length);
    put(str->get().data(), length);
  } else if (const auto* i = n.as_integer()) {
    const std::int64_t v = i->get();
    put(&v, sizeof v);
  } else if (const auto* f = n.as_floating_point()) {
    const double v = f->get();
    put(&v, sizeof v);
  } else if (const auto* b = n.as_boolean()) {
    const unsigned char v = b->get() ? 1 : 0;
    put(&v, 1);
  } else {  // dates and times: their text is exact
    std::ostringstream text;
    n.visit([&text](auto&& v) { text << v; });
    const std::string t = text.str();
    put(t.data(), t.size());
  }
}

std::map<std::string, std::uint64_t, std::less<>> hash_tables(const toml::table& root) {
  std::map<std::string, std::uint64_t, std::less<>> out;
  XXH3_state_t* state = XXH3_createState();
  for (auto&& [k, v] : root) {
    XXH3_64bits_reset(state);
    hash_node(v, state);
    out.emplace(std::string(k.str()), XXH3_64bits_digest(state));
  }
  XXH3_freeState(state);
  return out;
}

Model load_root(toml::table root, const std::string& display_path,
                const std::vector<Override>& overrides, bool hash) {
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
  if (hash) model.input_hashes = hash_tables(root);
  return model;
}

}  // namespace

Model load_model(std::string_view text, const std::string& display_path,
                 const std::vector<Override>& overrides) {
  return load_root(parse_text(text, display_path), display_path, overrides, /*hash=*/false);
}

struct ParsedDocument::Root {
  toml::table table;
};

ParsedDocument::ParsedDocument(std::string_view text, std::string display_path)
    : root_(std::make_unique<Root>(Root{parse_text(text, display_path)})),
      display_path_(std::move(display_path)) {}
ParsedDocument::~ParsedDocument() = default;
ParsedDocument::ParsedDocument(ParsedDocument&&) noexcept = default;

std::optional<std::string> ParsedDocument::value_text(std::string_view key) const {
  const toml::node* node = &root_->table;
  size_t start = 0;
  while (node) {
    const size_t dot = key.find('.', start);
    const std::string part(key.substr(start, dot == std::string_view::npos ? key.npos : dot - start));
    if (const toml::table* t = node->as_table()) {
      node = t->get(part);
    } else if (const toml::array* a = node->as_array()) {
      const toml::node* found = nullptr;
      for (size_t i = 0; i < a->size(); ++i) {
        const toml::table* entry = a->get(i)->as_table();
        const auto* name = entry ? entry->get_as<std::string>("name") : nullptr;
        if ((name && name->get() == part) || std::to_string(i) == part) found = a->get(i);
      }
      node = found;
    } else {
      return std::nullopt;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (!node) return std::nullopt;
  if (const auto* v = node->as_string()) return v->get();
  if (const auto* v = node->as_integer()) return std::to_string(v->get());
  if (const auto* v = node->as_floating_point()) return fmt::format("{}", v->get());
  return std::nullopt;
}

Model ParsedDocument::load(const std::vector<Override>& overrides) const {
  return load_root(root_->table, display_path_, overrides, /*hash=*/true);
}

}  // namespace headroom::calc
