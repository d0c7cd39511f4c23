#include "calc/size/size.hpp"

#include <fmt/format.h>

#include "formulas/sizing.hpp"

namespace headroom::calc {
namespace {

namespace tc = formulas::time_constants;

}  // namespace

SizeResult analyse_size(const Model& model) {
  return analyse_size(model, split_traffic(*model.traffic));
}

SizeResult analyse_size(const Model& model, const TrafficSplit& s) {
  const TrafficSection& t = *model.traffic;
  SizeResult r;
  r.system = model.system_name();
  r.target_utilization = model.target_utilization();
  r.peak_to_average = t.peak_to_average;
  r.requests = s.total, r.reads = s.reads, r.writes = s.writes;
  r.explanation.push_back({"traffic", s.how});
  r.explanation.push_back({"traffic", fmt::format("peak = average × {}", t.peak_to_average)});

  if (t.request_size) {
    r.ingress = r.requests * *t.request_size;
    r.explanation.push_back({"bandwidth", fmt::format("ingress = {:.4g} requests/s × {} B = {:.4g} B/s",
                                        r.requests.value(), t.request_size->value(),
                                        r.ingress->value())});
  }
  if (t.response_size) {
    const Rate served = r.reads ? *r.reads : r.requests;
    r.egress = served * *t.response_size;
    r.explanation.push_back({"bandwidth", fmt::format("egress = {:.4g} {}/s × {} B = {:.4g} B/s",
                                        served.value(), r.reads ? "reads" : "requests",
                                        t.response_size->value(), r.egress->value())});
  }
  if (model.storage && r.writes) {
    const StorageSection& st = *model.storage;
    const Bytes per_day = st.object_size * (*r.writes * tc::kDay);
    r.storage_per_day = per_day;
    r.storage_per_month = per_day * (tc::kMonth / tc::kDay);
    r.storage_per_year = per_day * (tc::kYear / tc::kDay);
    r.explanation.push_back({"storage", fmt::format("storage per day = {:.4g} writes/s × 86400 s × {} B = "
                                        "{:.4g} B",
                                        r.writes->value(), st.object_size.value(),
                                        per_day.value())});
    if (st.retention) {
      r.storage_total =
          per_day * (*st.retention / tc::kDay) * st.replication_factor / st.compression_ratio;
      r.explanation.push_back({"storage", fmt::format(
          "storage total = per day × {:.6g} days × replication {} / compression {} = {:.4g} B",
          *st.retention / tc::kDay, st.replication_factor, st.compression_ratio,
          r.storage_total->value())});
    }
  }

  for (const Component& c : model.components) {
    if (!c.capacity) continue;
    ServerSizing z;
    z.name = c.name;
    z.serves = c.serves;
    z.capacity = *c.capacity;
    std::optional<Rate> load = c.serves == Serves::kReads    ? r.reads
                               : c.serves == Serves::kWrites ? r.writes
                                                             : std::optional(r.requests);
    if (!load) {
      throw Error::at(c.loc, "components." + c.name + ".serves",
                      "this component serves reads or writes, but the traffic does not split "
                      "into reads and writes",
                      "give traffic.read_write_ratio, or read_rate and write_rate");
    }
    z.peak_load = *load * t.peak_to_average;
    z.servers_for_load = formulas::servers_for_load(z.peak_load, z.capacity, r.target_utilization);
    z.spare = c.replicas - c.min_healthy;
    z.servers_needed = z.servers_for_load + z.spare;
    z.replicas = c.replicas;
    z.peak_utilization = z.peak_load / (z.capacity * c.replicas);
    z.worst_case_utilization = z.peak_load / (z.capacity * c.min_healthy);
    r.explanation.push_back({"servers-needed", fmt::format(
        "{}: ⌈{:.4g}/s / ({:.4g}/s × {})⌉ = {} for load, + {} spare (replicas − min_healthy) = {}",
        c.name, z.peak_load.value(), z.capacity.value(), r.target_utilization,
        z.servers_for_load, z.spare, z.servers_needed)});
    r.servers.push_back(z);
  }
  return r;
}

AnalysisResult size_document(const SizeResult& r) {
  AnalysisResult out;
  Node& doc = out.document;
  if (!r.system.empty()) doc.add("system", Node::string(r.system));
  auto rates = [&](Rate average) {
    Node n = Node::object();
    n.add("average", Node::number(average.value(), Unit::kPerSecond));
    n.add("peak", Node::number(average.value() * r.peak_to_average, Unit::kPerSecond));
    return n;
  };
  doc.add("requests_per_second", rates(r.requests));
  if (r.reads) doc.add("reads_per_second", rates(*r.reads));
  if (r.writes) doc.add("writes_per_second", rates(*r.writes));
  if (r.ingress) {
    doc.add("ingress_bytes_per_second", Node::number(r.ingress->value(), Unit::kBytesPerSecond));
    doc.add("peak_ingress_bytes_per_second",
            Node::number(r.ingress->value() * r.peak_to_average, Unit::kBytesPerSecond));
  }
  if (r.egress) {
    doc.add("egress_bytes_per_second", Node::number(r.egress->value(), Unit::kBytesPerSecond));
    doc.add("peak_egress_bytes_per_second",
            Node::number(r.egress->value() * r.peak_to_average, Unit::kBytesPerSecond));
  }
  if (r.storage_per_day) {
    Node s = Node::object();
    s.add("per_day", Node::number(r.storage_per_day->value(), Unit::kBytes));
    s.add("per_month", Node::number(r.storage_per_month->value(), Unit::kBytes));
    s.add("per_year", Node::number(r.storage_per_year->value(), Unit::kBytes));
    if (r.storage_total) s.add("total", Node::number(r.storage_total->value(), Unit::kBytes));
    doc.add("storage_bytes", std::move(s));
  }
  if (!r.servers.empty()) {
    doc.add("target_utilization", Node::number(r.target_utilization, Unit::kRatio));
    Node& servers = doc.add("servers", Node::map());
    for (const ServerSizing& z : r.servers) servers.add(z.name, Node::count(z.servers_needed));
    Node& details = doc.add("components", Node::array());
    for (const ServerSizing& z : r.servers) {
      Node& n = details.push(Node::object(), z.name);
      n.add("name", Node::string(z.name));
      n.add("serves", Node::string(name_of(serves_names(), z.serves)));
      n.add("capacity_per_second", Node::number(z.capacity.value(), Unit::kPerSecond));
      n.add("peak_load_per_second", Node::number(z.peak_load.value(), Unit::kPerSecond));
      n.add("servers_for_load", Node::count(z.servers_for_load));
      n.add("spare", Node::count(z.spare));
      n.add("servers_needed", Node::count(z.servers_needed));
      n.add("replicas", Node::count(z.replicas));
      n.add("enough_replicas", Node::boolean(z.replicas >= z.servers_needed));
      n.add("peak_utilization", Node::number(z.peak_utilization, Unit::kRatio));
      n.add("worst_case_utilization", Node::number(z.worst_case_utilization, Unit::kRatio));
    }
  }
  out.explanation = r.explanation;
  return out;
}

}  // namespace headroom::calc
