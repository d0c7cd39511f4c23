#include "calc/cost/cost.hpp"

#include <cmath>
#include <fmt/format.h>

#include "calc/cache/section.hpp"
#include "calc/report/chain.hpp"

namespace headroom::calc {

CostResult analyse_cost(const Model& model, const SizeResult* size, const BudgetResult* budget) {
  const CostSection& s = *model.section<CostSection>();
  CostResult r;
  r.currency = s.currency;
  auto refuse = [&](std::string_view key, std::string message, std::string hint) {
    throw Error::at(s.loc, "cost." + std::string(key), std::move(message), std::move(hint));
  };
  for (const Component& c : model.components) {
    ComponentCost cc;
    cc.name = c.name;
    cc.replicas = c.replicas;
    cc.replicas_from = "replicas";
    if (size) {
      for (const ServerSizing& sz : size->servers)
        if (sz.name == c.name && sz.servers_needed > cc.replicas) cc.replicas = sz.servers_needed, cc.replicas_from = "size",
                                                               cc.replicas_metric = "size.servers." + path_step(c.name);
    }
    if (budget) {
      for (const StageBudget& st : budget->stages) {
        if (st.stage.component != c.name) continue;
        // A stage's servers are the component's workers: replicas × concurrency.
        const double replicas = std::ceil(st.servers_needed / std::max(1, c.concurrency) - 1e-9);
        if (replicas > cc.replicas) {
          cc.replicas = replicas, cc.replicas_from = "budget stage " + st.stage.name;
          cc.replicas_metric = "budget.stages." + path_step(st.stage.name) + ".servers_needed";
        }
      }
    }
    auto own = s.components.find(c.name);
    cc.price_per_replica_hour = own != s.components.end() ? own->second.per_replica_hour : s.replica_hour.value_or(0);
    cc.monthly = cc.replicas * cc.price_per_replica_hour * kHoursPerMonth;
    r.monthly_total += cc.monthly;
    r.explanation.push_back({"cost", fmt::format("{}: {} (from {}) × {} {}/replica-hour × {} h = {:.6g} {}", c.name,
                                        cc.replicas == 1 ? std::string("1 replica") : fmt::format("{} replicas", cc.replicas), cc.replicas_from, cc.price_per_replica_hour, s.currency,
                                        kHoursPerMonth, cc.monthly, s.currency)});
    r.components.push_back(std::move(cc));
  }
  if (s.storage_gb_month) {
    if (!size || !size->storage_total)
      refuse("storage_gb_month", "prices the storage held over the retention, and the file gives none",
             "give [storage] with object_size and retention, and [traffic] with its writes");
    r.storage_bytes = size->storage_total->value();
    r.storage_monthly = *r.storage_bytes / kBytesPerGb * *s.storage_gb_month;
    r.monthly_total += *r.storage_monthly;
    r.explanation.push_back({"cost", fmt::format("storage: {:.6g} GiB held × {} {}/GiB-month = {:.6g} {}",
                                        *r.storage_bytes / kBytesPerGb, *s.storage_gb_month, s.currency,
                                        *r.storage_monthly, s.currency)});
  }
  if (s.egress_gb) {
    if (!size || !size->egress)
      refuse("egress_gb", "prices the egress, and the file gives none", "give traffic.response_size");
    r.egress_bytes_per_month = size->egress->value() * kHoursPerMonth * 3600;
    r.egress_monthly = *r.egress_bytes_per_month / kBytesPerGb * *s.egress_gb;
    r.monthly_total += *r.egress_monthly;
    r.explanation.push_back({"cost", fmt::format("egress: {:.6g} B/s average × {} h × 3600 s = {:.6g} GiB × {} {}/GiB = {:.6g} {}",
                                        size->egress->value(), kHoursPerMonth, *r.egress_bytes_per_month / kBytesPerGb,
                                        *s.egress_gb, s.currency, *r.egress_monthly, s.currency)});
  }
  if (s.cache_gb_month) {
    const CacheSection* cache = model.section<CacheSection>();
    if (!cache || cache->capacities.empty() || !cache->capacities.front().bytes)
      refuse("cache_gb_month", "prices cache memory, and the file gives no [cache] capacity in bytes",
             "e.g. [cache] capacity = \"8 GiB\"");
    r.cache_bytes = cache->capacities.front().value;
    r.cache_monthly = *r.cache_bytes / kBytesPerGb * *s.cache_gb_month;
    r.monthly_total += *r.cache_monthly;
    r.explanation.push_back({"cost", fmt::format("cache: {:.6g} GiB × {} {}/GiB-month = {:.6g} {}", *r.cache_bytes / kBytesPerGb,
                                        *s.cache_gb_month, s.currency, *r.cache_monthly, s.currency)});
  }
  r.explanation.push_back({"cost", fmt::format("monthly total: {:.6g} {} (a month is 365.25 / 12 days, {} h)", r.monthly_total,
                                      s.currency, kHoursPerMonth)});
  return r;
}

AnalysisResult cost_document(const CostResult& r) {
  AnalysisResult out;
  Node& doc = out.document;
  doc.add("currency", Node::string(r.currency));
  doc.add("hours_per_month", Node::number(kHoursPerMonth));
  Node& components = doc.add("components", Node::array());
  for (const ComponentCost& c : r.components) {
    Node& n = components.push(Node::object(), c.name);
    n.add("name", Node::string(c.name));
    n.add("replicas", Node::count(c.replicas));
    n.add("replicas_from", Node::string(c.replicas_from));
    n.add("price_per_replica_hour", Node::number(c.price_per_replica_hour));
    n.add("monthly", Node::number(c.monthly));
  }
  auto priced = [&](std::string_view name, std::string_view amount, const std::optional<double>& quantity, Unit unit,
                    const std::optional<double>& monthly) {
    if (!monthly) {
      doc.add(std::string(name), Node::null());
      return;
    }
    Node& n = doc.add(std::string(name), Node::object());
    n.add(std::string(amount), Node::number(*quantity, unit));
    n.add("monthly", Node::number(*monthly));
  };
  priced("storage", "bytes", r.storage_bytes, Unit::kBytes, r.storage_monthly);
  priced("egress", "bytes_per_month", r.egress_bytes_per_month, Unit::kBytes, r.egress_monthly);
  priced("cache", "bytes", r.cache_bytes, Unit::kBytes, r.cache_monthly);
  doc.add("monthly_total", Node::number(r.monthly_total));
  for (const ComponentCost& c : r.components) {
    if (c.replicas_metric.empty()) continue;
    const std::string component = "cost.components." + path_step(c.name);
    out.chain.push_back({c.replicas_metric, component + ".replicas", c.replicas,
                         {component + ".monthly", "cost.monthly_total"}});
  }
  add_chained_inputs(out);
  out.explanation = r.explanation;
  return out;
}

}  // namespace headroom::calc
