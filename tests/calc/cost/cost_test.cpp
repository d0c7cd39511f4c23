#include "calc/cost/cost.hpp"

#include <catch2/catch.hpp>

#include "calc/input/model_loader.hpp"
#include "calc/report/report.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

// 100 requests/s (peak 200/s), 10 KiB answers, 1 KiB stored per write (1 in 5) for 30 days,
// twice over; web at 50/s per replica; db's budget stage busy enough to want more servers.
const char* kPriced = R"(
[system]
target_utilization = 0.5
[traffic]
request_rate = "100/s"
read_write_ratio = 4
peak_to_average = 2
response_size = "10 KiB"
[storage]
object_size = "1 KiB"
retention = "30 d"
replication_factor = 2
[components.web]
availability = "99.9%"
replicas = 2
capacity = "50/s"
[components.db]
availability = "99.9%"
replicas = 1
concurrency = 4
[cache]
capacity = "2 GiB"
policies = ["lru"]
workload = { objects = "10k", zipf = 0.8, object_size = "100 KiB" }
[budget]
arrival_rate = "200/s"
[[budget.stage]]
name = "db"
component = "db"
service_time = "50 ms"
[cost]
currency = "EUR"
replica_hour = 0.25
storage_gb_month = 0.02
egress_gb = 0.08
cache_gb_month = 4
[cost.components]
db = 2
)";

std::string errors_of(const std::string& toml) {
  try {
    const Model m = load_model(toml, "c.toml");
    run_report(m, RunOptions{});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("cost: each sum by hand", "[calc][cost]") {
  const Model m = load_model(kPriced, "c.toml");
  const AnalysisResult r = run_report(m, RunOptions{});
  const Node& doc = r.document;
  const double hours = 365.25 * 24 / 12;  // 730.5
  // web: ⌈200/s / (50/s × 0.5)⌉ = 8 servers, plus replicas − min_healthy = 1 spare: 9 > 2.
  CHECK(resolve_path(doc, "cost.components.web.replicas")->as_number() == 9);
  CHECK(resolve_path(doc, "cost.components.web.replicas_from")->as_string() == "size");
  CHECK(resolve_path(doc, "cost.components.web.monthly")->as_number() == Approx(9 * 0.25 * hours));
  // db: 200/s × 50 ms = 10 busy workers; at 0.5 utilisation 20 workers, 4 a replica: 5 replicas.
  CHECK(resolve_path(doc, "budget.stages.db.servers_needed")->as_number() == 20);
  CHECK(resolve_path(doc, "cost.components.db.replicas")->as_number() == 5);
  CHECK(resolve_path(doc, "cost.components.db.replicas_from")->as_string() == "budget stage db");
  CHECK(resolve_path(doc, "cost.components.db.monthly")->as_number() == Approx(5 * 2.0 * hours));
  // Storage: 20 writes/s × 1 KiB × 30 days × 2 copies, by the GiB.
  const double stored = 20.0 * 1024 * 30 * 86400 * 2;
  CHECK(resolve_path(doc, "cost.storage.bytes")->as_number() == Approx(stored));
  CHECK(resolve_path(doc, "cost.storage.monthly")->as_number() == Approx(stored / (1 << 30) * 0.02));
  // Egress: 80 reads/s × 10 KiB, for 730.5 h.
  const double sent = 80.0 * 10240 * hours * 3600;
  CHECK(resolve_path(doc, "cost.egress.bytes_per_month")->as_number() == Approx(sent));
  CHECK(resolve_path(doc, "cost.egress.monthly")->as_number() == Approx(sent / (1 << 30) * 0.08));
  CHECK(resolve_path(doc, "cost.cache.monthly")->as_number() == Approx(2 * 4.0));
  CHECK(resolve_path(doc, "cost.monthly_total")->as_number() ==
        Approx(9 * 0.25 * hours + 5 * 2.0 * hours + stored / (1 << 30) * 0.02 + sent / (1 << 30) * 0.08 + 8));
  CHECK(resolve_path(doc, "cost.currency")->as_string() == "EUR");
  // The preview (validate) gives the same numbers: size and budget are closed forms here.
  CHECK_NOTHROW(validate_model(m));
  const AnalysisResult preview = find_analysis("cost")->preview(m);
  CHECK(resolve_path(preview.document, "monthly_total")->as_number() ==
        resolve_path(doc, "cost.monthly_total")->as_number());
}

TEST_CASE("cost: a price that is missing, misplaced or needs what the file lacks is an error", "[calc][cost]") {
  const std::string base = "[components.web]\navailability = \"99.9%\"\n[availability]\npath = [\"web\"]\n";
  CHECK(errors_of(base + "[cost]\nstorage_gb_month = 0.02\n") ==
        "c.toml:5:1: cost.replica_hour: component 'web' has no price: give cost.replica_hour, or cost.components.web");
  CHECK(errors_of(base + "[cost]\nreplica_hour = 1\n[cost.components]\nwbe = 2\n") ==
        "c.toml:8:7: cost.components.wbe: no component named 'wbe' in the file\n  hint: did you mean 'web'?");
  CHECK(errors_of(base + "[cost]\ncomponents = { web = -1 }\n") ==
        "c.toml:6:22: cost.components.web: -1 is out of range: expected 0 to 1e9");
  CHECK(errors_of(base + "[cost]\ncomponents = { web = \"1 USD\" }\n") ==
        "c.toml:6:22: cost.components.web: a price per replica-hour is a number\n  hint: e.g. db = 1.10");
  CHECK_THAT(errors_of(base + "[cost]\nreplica_hour = 1\nstorage_gb_month = 0.02\n"),
             Catch::Contains("cost.storage_gb_month: prices the storage held over the retention, and the file gives none"));
  CHECK_THAT(errors_of(base + "[cost]\nreplica_hour = 1\negress_gb = 0.02\n"),
             Catch::Contains("cost.egress_gb: prices the egress, and the file gives none"));
  CHECK_THAT(errors_of(base + "[cost]\nreplica_hour = 1\ncache_gb_month = 3\n"),
             Catch::Contains("cost.cache_gb_month: prices cache memory"));
  CHECK_THAT(errors_of(base + "[cost]\nreplica_hour = 1\nreplica_hours = 2\n"), Catch::Contains("did you mean 'replica_hour'?"));
}
