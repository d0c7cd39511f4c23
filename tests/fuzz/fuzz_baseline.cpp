// libFuzzer harness: --baseline's reader on any bytes, against a fixed report with keyed arrays
// (components, blocks, stages, cache policies at two capacities), then the comparison and the
// checks that bound a change. A bad baseline is an Error; never a crash, a hang or UB.
#include <cstdint>
#include <string_view>

#include "calc/base/error.hpp"
#include "calc/baseline/baseline.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/report/report.hpp"

namespace {

using namespace headroom;

const char* kModel = R"(
[traffic]
request_rate = "100/s"
[components.web]
capacity = "50/s"
replicas = 4
availability = "99.9%"
[components.db]
capacity = "80/s"
replicas = 2
availability = "99.95%"
[availability]
path = ["web", "db"]
[cache]
capacities = [10, 20]
policies = ["lru", "fifo"]
workload = { objects = 100, zipf = 0.8, requests = 500 }
[budget]
samples = 1000
[[budget.stage]]
name = "web"
servers = 4
service_time = "10 ms"
[[budget.stage]]
name = "db"
servers = 2
service_time = "5 ms"
visits = { cache = "lru" }
[[check]]
metric = "size.servers.web"
max_increase = "10%"
[[check]]
metric = "cache.policies.lru@10.hit_ratio"
max_decrease = "1%"
min = 0
[[check]]
metric = "budget.stages.db.utilization"
max = "90%"
)";

struct Fixture {
  calc::Model model = calc::load_model(kModel, "m.toml");
  calc::AnalysisResult report;
  Fixture() {
    calc::RunOptions options;
    options.explain = false;
    report = calc::run_report(model, options);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  static const Fixture fixture;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const calc::Baseline b = calc::read_baseline(text, "b.json", fixture.report.document);
    const calc::Comparison c = calc::compare_with_baseline(fixture.report.document, b);
    (void)calc::baseline_document(c, b, false);
    (void)calc::baseline_document(c, b, true);
    const calc::BaselineView view = b.view();
    (void)calc::checks_document(calc::evaluate_checks(fixture.model, fixture.report, &view));
  } catch (const Error&) {
    // A bad baseline, or a check's metric it lacks: refused with a message.
  }
  return 0;
}
