#include "formulas/pbs.hpp"
#include "formulas/splitmix.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>

namespace headroom::formulas {
namespace {

constexpr double kMinT = 1e-9;                 // the lower edge of bin 1, seconds
const double kLogStep = std::log1p(1e-4);      // bins 0.01 % wide

int bin_of(double t) {
  if (t <= 0) return 0;
  if (t <= kMinT) return 1;
  const double i = std::floor(std::log(t / kMinT) / kLogStep);
  return static_cast<int>(std::min<double>(kWarsBins - 1, 2 + i));
}
// The upper edge of bin b (b >= 1).
double upper_edge(int b) { return b <= 1 ? kMinT : kMinT * std::exp((b - 1) * kLogStep); }

}  // namespace

void WarsTally::merge(const WarsTally& other) {
  trials += other.trials;
  if (consistent_at.size() < other.consistent_at.size()) consistent_at.resize(other.consistent_at.size(), 0);
  for (size_t i = 0; i < other.consistent_at.size(); ++i) consistent_at[i] += other.consistent_at[i];
  if (histogram.size() < other.histogram.size()) histogram.resize(other.histogram.size(), 0);
  for (size_t i = 0; i < other.histogram.size(); ++i) histogram[i] += other.histogram[i];
}

WarsTally wars_block(const WarsModel& m, const std::vector<double>& t, std::uint64_t seed,
                     std::uint64_t trials) {
  assert(m.n >= 1 && m.r >= 1 && m.w >= 1 && m.r <= m.n && m.w <= m.n);
  WarsTally tally;
  tally.trials = trials;
  tally.consistent_at.assign(t.size(), 0);
  tally.histogram.assign(kWarsBins, 0);
  SplitMix rng{seed};
  const int n = m.n;
  std::vector<double> wv(n), rv(n), commit(n), read(n);
  std::vector<int> order(n);
  for (std::uint64_t trial = 0; trial < trials; ++trial) {
    for (int i = 0; i < n; ++i) {
      const double extra = i == 0 ? 0.0 : m.remote_delay;
      wv[i] = m.write.quantile(rng.uniform()) + extra;
      commit[i] = wv[i] + m.ack.quantile(rng.uniform()) + extra;
      rv[i] = m.read.quantile(rng.uniform()) + extra;
      read[i] = rv[i] + m.response.quantile(rng.uniform()) + extra;
    }
    std::nth_element(commit.begin(), commit.begin() + (m.w - 1), commit.end());
    const double c = commit[m.w - 1];
    // The first r responders: the r smallest R + S (ties broken by replica, as any order would).
    for (int i = 0; i < n; ++i) order[i] = i;
    if (m.r < n) {
      std::nth_element(order.begin(), order.begin() + (m.r - 1), order.end(),
                       [&](int a, int b) { return read[a] < read[b] || (read[a] == read[b] && a < b); });
    }
    double first = wv[order[0]] - rv[order[0]];
    for (int j = 1; j < m.r; ++j) first = std::min(first, wv[order[j]] - rv[order[j]]);
    const double t_star = std::max(0.0, first - c);
    ++tally.histogram[bin_of(t_star)];
    for (size_t k = 0; k < t.size(); ++k) tally.consistent_at[k] += t_star <= t[k] ? 1 : 0;
  }
  return tally;
}

QuantileEstimate wars_t_visibility(const WarsTally& tally, double q) {
  assert(tally.trials > 0 && q > 0 && q < 1);
  auto at = [&](double p) {
    const double want = std::clamp(p, 0.0, 1.0) * static_cast<double>(tally.trials);
    double seen = 0;
    for (int b = 0; b < static_cast<int>(tally.histogram.size()); ++b) {
      seen += static_cast<double>(tally.histogram[b]);
      if (seen >= want && seen > 0) return b == 0 ? 0.0 : upper_edge(b);
    }
    return upper_edge(kWarsBins - 1);
  };
  const double spread = std::sqrt(q * (1 - q) / static_cast<double>(tally.trials));
  return {at(q), (at(q + spread) - at(q - spread)) / 2};
}

double k_staleness(int n, int r, int w, int k) {
  assert(1 <= r && r <= n && 1 <= w && w <= n && k >= 1);
  if (r + w > n) return 1.0;
  // C(n − w, r) / C(n, r) = Π_{i=0}^{r−1} (n − w − i) / (n − i).
  double miss = 1.0;
  for (int i = 0; i < r; ++i) miss *= static_cast<double>(n - w - i) / static_cast<double>(n - i);
  return 1 - std::pow(miss, k);
}

}  // namespace headroom::formulas
