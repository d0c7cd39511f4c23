// libFuzzer harness: the model loader, then every analysis present, then every renderer, on any
// text. Work is kept small by clamping the sizes that set it (requests, keys, objects, vnodes)
// after a successful load; files named by the model are not read. A bad file is an Error;
// JSON output must parse; never a crash, a hang or UB.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "calc/report/analysis.hpp"
#include "calc/budget/section.hpp"
#include "calc/cache/section.hpp"
#include "calc/lag/section.hpp"
#include "calc/input/model_loader.hpp"
#include "calc/ring/section.hpp"
#include "calc/report/report.hpp"
#include "cli/render.hpp"

namespace {

using namespace headroom;

// Small limits: a run of one input stays well under a second.
void clamp(calc::Model& m) {
  if (m.section<calc::CacheSection>()) {
    calc::CacheWorkload& w = m.section<calc::CacheSection>()->workload;
    w.objects = std::min<std::uint64_t>(w.objects, 1000);
    w.requests = std::min<std::uint64_t>(w.requests, 2000);
    for (calc::CacheCapacity& c : m.section<calc::CacheSection>()->capacities) c.value = std::min(c.value, c.bytes ? 1e7 : 1500.0);
    if (m.section<calc::CacheSection>()->capacities.size() > 4) m.section<calc::CacheSection>()->capacities.resize(4);
  }
  if (calc::QuorumSection* q = m.section<calc::QuorumSection>()) {
    q->trials = std::min<std::uint64_t>(q->trials, 2000);
    q->k = std::min(q->k, 20);
  }
  if (m.section<calc::ShardingSection>()) {
    m.section<calc::ShardingSection>()->keys = std::min<std::uint64_t>(m.section<calc::ShardingSection>()->keys, 500);
    m.section<calc::ShardingSection>()->vnodes = std::min(m.section<calc::ShardingSection>()->vnodes, 100);
    if (m.section<calc::ShardingSection>()->nodes.size() > 20) m.section<calc::ShardingSection>()->nodes.resize(20);
    m.section<calc::ShardingSection>()->max_imbalance.reset();  // the vnode search builds rings of millions of points
    if (m.section<calc::ShardingSection>()->change) m.section<calc::ShardingSection>()->change.reset();
  }
  if (calc::BudgetSection* b = m.section<calc::BudgetSection>()) {
    b->samples = std::min<std::uint64_t>(b->samples, 2000);
    if (b->users) b->users = std::min<long long>(*b->users, 200);
    for (calc::BudgetClass& c : b->classes)
      if (c.users) c.users = std::min<long long>(*c.users, 6);
    for (calc::BudgetStage& st : b->stages) st.servers = std::min(st.servers, 1000);
  }
}

bool reads_files(const calc::Model& m) {
  return (m.section<calc::CacheSection>() && m.section<calc::CacheSection>()->workload.is_trace()) || (m.section<calc::ShardingSection>() && !m.section<calc::ShardingSection>()->key_file.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  calc::Model model;
  try {
    model = calc::load_model(text, "fuzz.toml");
  } catch (const Error&) {
    return 0;
  }
  if (reads_files(model)) return 0;
  clamp(model);
  calc::RunOptions options;
  for (const calc::Analysis& a : calc::analyses()) {
    if (!a.is_present(model) || a.is_shared_result) continue;
    calc::AnalysisResult r;
    try {
      if (a.check) a.check(model);
      r = calc::run_analysis(a, model, options);
    } catch (const Error&) {
      continue;
    }
    for (cli::Format f : {cli::Format::kTable, cli::Format::kJson, cli::Format::kCsv, cli::Format::kMarkdown}) {
      std::ostringstream out;
      cli::RenderOptions ro;
      ro.format = f;
      cli::render(r.document, ro, out);
      if (f == cli::Format::kJson && !nlohmann::json::accept(out.str())) std::abort();
    }
  }
  return 0;
}
