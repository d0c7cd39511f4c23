#include "calc/size/size.hpp"

#include <catch2/catch.hpp>

#include "calc/input/model_loader.hpp"

using namespace headroom::calc;

TEST_CASE("the system-design primer's Pastebin estimate", "[calc][size]") {
  // donnemartin/system-design-primer, "Design Pastebin.com": 10M writes and 100M reads a month,
  // 1.27 KB per paste → 12.7 GB of new content a month, ~4 writes/s and ~40 reads/s
  // (the primer rounds 3.8 and 38).
  const SizeResult r = analyse_size(load_model(R"(
[traffic]
write_rate = "10M/month"
read_rate = "100M/month"
[storage]
object_size = "1.27 KB"
retention = "3 y"
)", "m.toml"));
  const double month = 365.25 * 86400 / 12;
  CHECK(r.writes->value() == Approx(1e7 / month).epsilon(1e-12));
  CHECK(r.writes->value() == Approx(3.8).margin(0.01));
  CHECK(r.reads->value() == Approx(38.0).margin(0.1));
  CHECK(r.storage_per_month->value() == Approx(12.7e9).epsilon(1e-12));
  // The primer's 3-year total: 360M pastes × 1.27 KB = 457 GB.
  CHECK(r.storage_total->value() == Approx(457.2e9).epsilon(1e-9));
}

TEST_CASE("users × requests per user, split by the read/write ratio", "[calc][size]") {
  // SPEC §3.1: 10M users × 20 / 86400 = 2314.8/s; reads r/(r+1), writes 1/(r+1); peak ×3.
  const Model m = load_model(R"(
[traffic]
daily_active_users = "10M"
requests_per_user_per_day = 20
read_write_ratio = 10
peak_to_average = 3
request_size = "1 KiB"
response_size = "20 KiB"
[storage]
object_size = "200 KiB"
retention = "5 y"
replication_factor = 3
compression_ratio = 2
[components.web]
capacity = "2k/s"
replicas = 6
min_healthy = 4
)", "m.toml");
  const SizeResult r = analyse_size(m);
  const double total = 1e7 * 20 / 86400.0;
  CHECK(r.requests.value() == Approx(total).epsilon(1e-12));
  CHECK(r.reads->value() == Approx(total * 10 / 11).epsilon(1e-12));
  CHECK(r.writes->value() == Approx(total / 11).epsilon(1e-12));
  CHECK(r.ingress->value() == Approx(total * 1024).epsilon(1e-12));
  CHECK(r.egress->value() == Approx(total * 10 / 11 * 20480).epsilon(1e-12));
  const double per_day = total / 11 * 86400 * 204800;
  CHECK(r.storage_per_day->value() == Approx(per_day).epsilon(1e-12));
  CHECK(r.storage_total->value() == Approx(per_day * 5 * 365.25 * 3 / 2).epsilon(1e-12));
  REQUIRE(r.servers.size() == 1);
  // ⌈6944.4 / (2000 × 0.7)⌉ = 5 for load, + (6 − 4) spare = 7.
  CHECK(r.servers[0].servers_for_load == 5);
  CHECK(r.servers[0].servers_needed == 7);
  CHECK(r.servers[0].peak_utilization == Approx(total * 3 / 12000).epsilon(1e-12));
}

TEST_CASE("a component serving reads needs the split", "[calc][size]") {
  // The loader refuses it (so validate does), not only the size analysis.
  const std::string text = "[traffic]\nrequest_rate = \"1k/s\"\n[components.c]\ncapacity = "
                           "\"1k/s\"\nserves = \"reads\"\n";
  CHECK_THROWS_WITH(load_model(text, "m.toml"),
                    "m.toml:3:1: components.c.serves: this component serves reads or writes, but "
                    "the traffic does not split into reads and writes\n"
                    "  hint: give traffic.read_write_ratio, or read_rate and write_rate");
}
