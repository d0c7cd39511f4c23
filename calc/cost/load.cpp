#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "calc/base/spelling.hpp"
#include "calc/cost/section.hpp"
#include "calc/input/model.hpp"
#include "calc/input/table_reader.hpp"

namespace headroom::calc {

const std::vector<KeySpec>& cost_keys() {
  using T = ValueType;
  static const std::vector<KeySpec> kKeys = {
      KeySpec{"cost", "currency", T::kString, "the currency the prices are in, shown beside every cost"}.by_default(R"("USD")").eg(R"("EUR")"),
      KeySpec{"cost", "replica_hour", T::kNumber, "price of one replica for an hour, for a component without its own"}.in(0, 1e9).eg("0.20"),
      KeySpec{"cost", "storage_gb_month", T::kNumber, "price of one GiB stored for a month (the storage size says, over the retention)"}.in(0, 1e9).eg("0.023"),
      KeySpec{"cost", "egress_gb", T::kNumber, "price of one GiB sent out (the egress size says)"}.in(0, 1e9).eg("0.09"),
      KeySpec{"cost", "cache_gb_month", T::kNumber, "price of one GiB of cache memory for a month ([cache]'s first capacity in bytes)"}.in(0, 1e9).eg("3.0"),
      KeySpec{"cost", "components", T::kTable, "price per replica-hour of named components: { db = 1.10 }"}.each(T::kNumber).in(0, 1e9).eg("{ db = 1.10 }"),
  };
  return kKeys;
}

void load_cost(TableReader& r, Model& model, Diagnostics& diag) {
  CostSection s;
  s.loc = r.loc();
  if (auto c = r.string("currency")) s.currency = *c;
  s.replica_hour = r.number("replica_hour");
  s.storage_gb_month = r.number("storage_gb_month");
  s.egress_gb = r.number("egress_gb");
  s.cache_gb_month = r.number("cache_gb_month");
  if (const toml::table* t = r.table("components")) {
    // Keyed by component name: each value a price, checked here (the schema cannot list names).
    for (auto&& [key, value] : *t) {
      const std::string name(key.str());
      const std::string dotted = "cost.components." + name;
      s.named.push_back(name);
      std::optional<double> price;
      if (const auto* i = value.as_integer()) price = static_cast<double>(i->get());
      if (const auto* f = value.as_floating_point()) price = f->get();
      if (!price) {
        diag.error(value.source(), dotted, "a price per replica-hour is a number", "e.g. db = 1.10");
      } else if (!std::isfinite(*price) || *price < 0 || *price > 1e9) {
        diag.error(value.source(), dotted, fmt::format("{} is out of range: expected 0 to 1e9", *price));
      } else {
        s.components[name] = CostSection::Price{*price, diag.loc(value.source())};
      }
    }
  }
  r.finish();
  model.set_section(std::move(s));
}

void link_cost(const Model& model, Diagnostics& diag) {
  const CostSection& s = *model.section<CostSection>();
  std::vector<std::string> names;
  for (const Component& c : model.components) names.push_back(c.name);
  for (const auto& [name, price] : s.components) {
    if (model.find_component(name)) continue;
    diag.add(Diagnostic{price.loc, "cost.components." + name, fmt::format("no component named '{}' in the file", name),
                        did_you_mean(name, names)});
  }
  if (s.replica_hour) return;
  for (const Component& c : model.components) {
    if (std::find(s.named.begin(), s.named.end(), c.name) != s.named.end()) continue;
    // A total that left a component out would be a silent wrong number.
    diag.add(Diagnostic{s.loc, "cost.replica_hour",
                        fmt::format("component '{}' has no price: give cost.replica_hour, or cost.components.{}", c.name, c.name),
                        ""});
  }
}

}  // namespace headroom::calc
