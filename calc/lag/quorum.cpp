#include "calc/lag/quorum.hpp"
#include "formulas/splitmix.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <thread>

#include "calc/base/helper_thread.hpp"

namespace headroom::calc {
namespace {

// The key of a time in consistent_probability: in the largest unit that writes it whole
// ("0s", "10ms", "250us"), else in seconds.
std::string point_key(double t) {
  if (t == 0) return "0s";
  for (auto [scale, unit] : {std::pair{1.0, "s"}, {1e3, "ms"}, {1e6, "us"}, {1e9, "ns"}}) {
    const double v = t * scale;
    if (std::abs(v - std::round(v)) < 1e-9 * std::max(1.0, v)) return fmt::format("{}{}", static_cast<long long>(std::llround(v)), unit);
  }
  return fmt::format("{:g}s", t);
}

}  // namespace

QuorumResult analyse_quorum(const QuorumSection& s, const RunOptions& options, bool preview) {
  QuorumResult r;
  r.n = s.n, r.r = s.r, r.w = s.w;
  r.strict = s.r + s.w > s.n;
  r.min_consistency = s.min_consistency;
  r.t = {0.0};
  for (double t : s.t) r.t.push_back(t);
  if (s.min_consistency) r.t.push_back(s.min_consistency->t);
  std::sort(r.t.begin(), r.t.end());
  r.t.erase(std::unique(r.t.begin(), r.t.end()), r.t.end());
  for (int k = 1; k <= s.k; ++k) r.k_staleness.push_back(formulas::k_staleness(s.n, s.r, s.w, k));
  r.legs = fmt::format("W {}, A {}, R {}, S {}{}", s.write_from, s.ack_from, s.read_from, s.response_from,
                       s.remote_delay > 0 ? fmt::format(", +{:g} ms to replicas 2..N", s.remote_delay * 1e3) : "");
  if (r.strict || preview) {
    r.probability.assign(r.t.size(), r.strict ? 1.0 : 0.0);
    r.stderr_.assign(r.t.size(), 0.0);
    return r;
  }
  formulas::WarsModel m;
  m.n = s.n, m.r = s.r, m.w = s.w;
  m.write = s.write, m.ack = s.ack, m.read = s.read, m.response = s.response;
  m.remote_delay = s.remote_delay;
  const std::uint64_t blocks = (s.trials + kTrialBlock - 1) / kTrialBlock;
  std::atomic<std::uint64_t> next{0}, done{0};
  // Each thread sums its blocks; integer counts make the total the same in any order.
  auto work = [&](formulas::WarsTally& mine, bool report) {
    for (std::uint64_t b = next++; b < blocks; b = next++) {
      const std::uint64_t trials = std::min(kTrialBlock, s.trials - b * kTrialBlock);
      mine.merge(formulas::wars_block(m, r.t, formulas::block_seed(options.seed, b), trials));
      ++done;
      if (report && options.progress) options.progress(done.load() * kTrialBlock, blocks * kTrialBlock);
    }
  };
  const unsigned helpers = std::min<std::uint64_t>(usable_cpus(), blocks) - 1;
  std::vector<formulas::WarsTally> tallies(helpers + 1);
  std::vector<std::thread> threads;
  for (unsigned i = 0; i < helpers; ++i) threads.emplace_back(work, std::ref(tallies[i + 1]), false);
  work(tallies[0], true);
  for (std::thread& t : threads) t.join();
  formulas::WarsTally total;
  for (const formulas::WarsTally& t : tallies) total.merge(t);
  r.trials = total.trials;
  for (size_t i = 0; i < r.t.size(); ++i) {
    const double p = static_cast<double>(total.consistent_at[i]) / static_cast<double>(total.trials);
    r.probability.push_back(p);
    r.stderr_.push_back(std::sqrt(p * (1 - p) / static_cast<double>(total.trials)));
  }
  r.p99 = formulas::wars_t_visibility(total, 0.99);
  r.p999 = formulas::wars_t_visibility(total, 0.999);
  return r;
}

void add_quorum_document(AnalysisResult& out, const QuorumResult& r) {
  Node& q = out.document.add("quorum", Node::object());
  q.add("n", Node::count(r.n));
  q.add("r", Node::count(r.r));
  q.add("w", Node::count(r.w));
  q.add("strict", Node::boolean(r.strict));
  q.add("trials", Node::count(static_cast<double>(r.trials)));
  Node& points = q.add("consistent_probability", Node::array());
  for (size_t i = 0; i < r.t.size(); ++i) {
    Node& p = points.push(Node::object(), point_key(r.t[i]));
    p.add("t_seconds", Node::number(r.t[i], Unit::kSeconds));
    p.add("probability", Node::number(r.probability[i], Unit::kRatio));
    p.add("stderr", Node::number(r.stderr_[i], Unit::kRatio));
  }
  Node vis = Node::object(), vis_se = Node::object();
  vis.add("p99", r.strict ? Node::number(0.0, Unit::kSeconds) : Node::number(r.p99.value, Unit::kSeconds));
  vis.add("p999", r.strict ? Node::number(0.0, Unit::kSeconds) : Node::number(r.p999.value, Unit::kSeconds));
  vis_se.add("p99", Node::number(r.p99.stderr_, Unit::kSeconds));
  vis_se.add("p999", Node::number(r.p999.stderr_, Unit::kSeconds));
  q.add("t_visibility_seconds", std::move(vis));
  q.add("t_visibility_stderr_seconds", std::move(vis_se));
  Node& ks = q.add("k_staleness", Node::array());
  for (size_t k = 0; k < r.k_staleness.size(); ++k) {
    Node& e = ks.push(Node::object(), fmt::format("k{}", k + 1));
    e.add("k", Node::count(static_cast<double>(k + 1)));
    e.add("probability", Node::number(r.k_staleness[k], Unit::kRatio));
  }
  if (r.min_consistency) {
    out.targets.push_back(Target{"lag.quorum.consistent_probability." + path_step(point_key(r.min_consistency->t)) + ".probability",
                                 r.min_consistency->probability, std::nullopt, r.min_consistency->loc, Unit::kRatio});
  }
  if (r.strict) {
    out.explanation.push_back({"strict-quorum", fmt::format("quorum: r + w = {} > n = {}: every read quorum meets every write quorum, "
                                          "so every read sees the last write (probability 1)", r.r + r.w, r.n)});
  } else {
    out.explanation.push_back({"pbs", fmt::format(
        "quorum: WARS Monte Carlo (Bailis et al. 2012), {} trials: the write commits at the {}th of W+A, a read t later "
        "waits for the first {} of R+S and is consistent when one of them had the write (W ≤ commit + t + R); legs: {}",
        r.trials, r.w, r.r, r.legs)});
  }
  out.explanation.push_back({"k-staleness", fmt::format("quorum: k-staleness = 1 − (C(n−w, r)/C(n, r))^k = {:.6g} at k = 1", r.k_staleness[0])});
}

}  // namespace headroom::calc
