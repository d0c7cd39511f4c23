#include "calc/budget/monte_carlo.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fmt/format.h>
#include <thread>

#include "calc/base/error.hpp"
#include "calc/base/helper_thread.hpp"
#include "formulas/splitmix.hpp"

namespace headroom::calc {
namespace {

// Draws per block: each block is seeded from (seed, block index), so the draws do not depend
// on how many threads share the blocks.
constexpr std::uint64_t kBlock = 65536;
// Exponential draws one run may take (phases × calls × samples): about a minute at most.
constexpr double kMaxDraws = 2e10;

// One request's latency.
double draw(const std::vector<StageSampler>& stages, formulas::SplitMix& rng) {
  auto uniform = [&rng] { return rng.uniform_open(); };
  double total = 0;
  for (const StageSampler& s : stages) {
    const int visits = static_cast<int>(s.whole_visits) + (s.extra_visit > 0 && rng.uniform() < s.extra_visit);
    for (int v = 0; v < visits; ++v) {
      double slowest = 0;
      for (int k = 0; k < s.fanout; ++k) slowest = std::max(slowest, s.call.sample(uniform));
      total += slowest + s.latency;
    }
  }
  return total;
}

}  // namespace

std::vector<Percentile> monte_carlo(const std::vector<StageSampler>& stages, std::uint64_t samples,
                                    std::uint64_t seed, const std::vector<double>& quantiles) {
  std::vector<double> x(samples);
  const std::uint64_t blocks = (samples + kBlock - 1) / kBlock;
  std::atomic<std::uint64_t> next{0};
  auto work = [&] {
    for (std::uint64_t b; (b = next.fetch_add(1)) < blocks;) {
      formulas::SplitMix rng{formulas::block_seed(seed, b)};
      const std::uint64_t end = std::min(samples, (b + 1) * kBlock);
      for (std::uint64_t i = b * kBlock; i < end; ++i) x[i] = draw(stages, rng);
    }
  };
  const unsigned threads = static_cast<unsigned>(std::min<std::uint64_t>(usable_cpus(), blocks));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  // The q-quantile is the ⌈nq⌉-th smallest draw; its standard error from the order statistics
  // √(nq(1 − q)) places either side (the binomial interval's half-width, about one σ).
  std::vector<Percentile> out;
  const double n = static_cast<double>(samples);
  auto nth = [&](double rank) {
    const auto i = static_cast<std::ptrdiff_t>(std::clamp(rank, 1.0, n) - 1);
    std::nth_element(x.begin(), x.begin() + i, x.end());
    return x[static_cast<size_t>(i)];
  };
  for (double q : quantiles) {
    Percentile p{q};
    p.value = nth(std::ceil(n * q));
    const double d = std::sqrt(n * q * (1 - q));
    p.standard_error = (nth(std::ceil(n * q + d)) - nth(std::ceil(n * q - d))) / 2;
    out.push_back(p);
  }
  return out;
}

void check_monte_carlo(const BudgetSection& section, double draws_per_sample, const RunOptions& options) {
  if (draws_per_sample * static_cast<double>(section.samples) > kMaxDraws) {
    throw Error::at(section.loc, "budget.samples",
                    fmt::format("{} samples of {:.0f} draws each is more work than headroom takes "
                                "on (at most {:.0e} draws)",
                                section.samples, draws_per_sample, kMaxDraws),
                    "lower samples, or the visits and fan-out of the stages");
  }
  const double memory = options.memory_budget > 0 ? options.memory_budget : default_memory_budget();
  if (memory > 0 && 8.0 * static_cast<double>(section.samples) > memory) {
    throw Error::at(section.loc, "budget.samples",
                    fmt::format("{} samples need {:.3g} GB, more than the {:.3g} GB allowed",
                                section.samples, 8e-9 * static_cast<double>(section.samples), memory / 1e9),
                    "lower samples");
  }
}

}  // namespace headroom::calc
