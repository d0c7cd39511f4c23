#include "formulas/mva.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace headroom::formulas {
namespace {

using Seq = std::vector<long double>;

// The product form's terms of a station, f(j) = D^j / Π_{l<=j} min(l, c), and their
// convolution with g, in O(n·c): past c the terms are geometric, f(j) = f(c)·(D/c)^(j−c), so
// the tail of the sum follows T(m) = f(c)·g(m − c) + (D/c)·T(m − 1).
// f(0 .. min(c, n)), each term carrying scale^j (see mva): demand·scale per server step.
Seq station_terms(double demand, int c, int n, long double scale) {
  const long double d = static_cast<long double>(demand) * scale;
  Seq f(static_cast<size_t>(std::min(c, n)) + 1);
  f[0] = 1;
  for (size_t j = 1; j < f.size(); ++j) f[j] = f[j - 1] * d / static_cast<long double>(j);
  return f;
}

Seq convolve_station(const Seq& g, double demand, int c, int n, long double scale) {
  const Seq f = station_terms(demand, c, n, scale);
  Seq out(static_cast<size_t>(n) + 1, 0.0L);
  const long double ratio = static_cast<long double>(demand) * scale / c;
  long double tail = 0;  // Σ_{j>=c} f(j)·g(m − j)
  for (int m = 0; m <= n; ++m) {
    long double sum = 0;
    for (int j = 0; j < c && j <= m; ++j) sum += f[j] * g[m - j];
    if (m >= c) tail = f[c] * g[m - c] + ratio * tail;
    out[m] = sum + tail;
  }
  return out;
}

// Σ_j j·f(j)·g(m − j) for m = 0 .. n, the station's mean-queue numerator, in O(n·c) too: past c,
// Σ_{j>=c} j·f(j)·g(m − j) = c·T(m) + f(c)·V(m) with T as above and V(m) = Σ_k k·r^k·g(m − c − k)
// = r·(V(m − 1) + T(m − 1)/f(c)): every term positive, nothing cancels.
Seq convolve_station_weighted(const Seq& g, double demand, int c, int n, long double scale) {
  const Seq f = station_terms(demand, c, n, scale);
  Seq out(static_cast<size_t>(n) + 1, 0.0L);
  const long double ratio = static_cast<long double>(demand) * scale / c;
  long double tail = 0, v = 0;  // T(m) and V(m)
  for (int m = 0; m <= n; ++m) {
    long double sum = 0;
    for (int j = 1; j < c && j <= m; ++j) sum += j * f[j] * g[m - j];
    if (m >= c) {
      v = ratio * (v + tail / f[c]);
      tail = f[c] * g[m - c] + ratio * tail;
      sum += c * tail + f[c] * v;
    }
    out[m] = sum;
  }
  return out;
}

// Delay stations together (and the think time): f(j) = (ΣD·scale)^j / j!.
Seq delay_terms(double demand, int n, long double scale) {
  Seq f(static_cast<size_t>(n) + 1);
  f[0] = 1;
  const long double d = static_cast<long double>(demand) * scale;
  for (int j = 1; j <= n; ++j) f[j] = f[j - 1] * d / j;
  return f;
}

bool usable(const Seq& g) {
  for (long double v : g)
    if (!std::isfinite(v) || v <= 0) return false;
  return true;
}

}  // namespace

std::vector<MvaPoint> mva(const std::vector<MvaStation>& stations, double think, int users,
                          const std::vector<int>& keep, std::vector<double>* response_by_users) {
  assert(users >= 1 && think >= 0);
  const size_t k = stations.size();
  const int n = users;
  double delay_demand = think, total_demand = 0, bottleneck = 0;
  std::vector<size_t> queues;  // stations that queue (not delays, fewer servers than users)
  for (size_t i = 0; i < k; ++i) {
    const MvaStation& s = stations[i];
    total_demand += s.demand;
    if (s.delay || s.servers >= n || s.demand == 0) {
      delay_demand += s.demand;  // a delay, or more servers than users: it never waits
    } else {
      queues.push_back(i);
      bottleneck = std::max(bottleneck, s.demand / s.servers);
    }
  }
  // Each term D^j is scaled by t^j (the product form is unchanged: every G(m) is multiplied by
  // t^m), with log t the mean over l <= n of the log of a guess at X(l), min(l/(D + Z), X_max):
  // log G(m)·t^m then starts and ends near 0 and bulges by about n/e in between, within long
  // double's e^±11356 up to some 30,000 users.
  double log_t = 0;
  for (int l = 1; l <= n; ++l) {
    const double guess = std::min(l / std::max(total_demand + think, 1e-300),
                                  bottleneck > 0 ? 1 / bottleneck : 1e300);
    log_t += std::log(guess) / n;
  }
  const long double scale = std::exp(static_cast<long double>(log_t));

  // prefix[t]: the delays and the first t queueing stations; prefix[Q] is the whole network.
  std::vector<Seq> prefix{delay_terms(delay_demand, n, scale)};
  for (size_t i : queues)
    prefix.push_back(convolve_station(prefix.back(), stations[i].demand, stations[i].servers, n, scale));
  const Seq& g = prefix.back();
  if (!usable(g)) {
    throw std::range_error("the product form's constants leave long double's range");
  }
  // suffix[t]: the queueing stations t .. Q − 1 alone; the network without station t is
  // prefix[t] ⊛ suffix[t + 1].
  std::vector<Seq> suffix(queues.size() + 1);
  suffix[queues.size()].assign(static_cast<size_t>(n) + 1, 0.0L);
  suffix[queues.size()][0] = 1;
  for (size_t t = queues.size(); t-- > 0;)
    suffix[t] = convolve_station(suffix[t + 1], stations[queues[t]].demand, stations[queues[t]].servers, n, scale);
  // X(m) = G(m − 1)/G(m) (unscaled): scaled, G(m − 1)/G(m)·scale.
  std::vector<double> x(static_cast<size_t>(n) + 1, 0.0);
  for (int m = 1; m <= n; ++m) x[m] = static_cast<double>(g[m - 1] / g[m] * scale);
  if (response_by_users) {
    response_by_users->clear();
    for (int m = 1; m <= n; ++m) response_by_users->push_back(m / x[m] - think);
  }

  std::vector<int> wanted = keep;
  wanted.push_back(n);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  wanted.erase(std::remove_if(wanted.begin(), wanted.end(), [&](int m) { return m < 1 || m > n; }),
               wanted.end());
  std::vector<MvaPoint> out;
  for (int m : wanted) {
    MvaPoint p;
    p.users = m;
    p.throughput = x[m];
    p.response = m / x[m] - think;
    p.residence.assign(k, 0.0);
    p.queue_length.assign(k, 0.0);
    p.utilization.assign(k, 0.0);
    out.push_back(std::move(p));
  }
  for (size_t i = 0; i < k; ++i) {
    const MvaStation& s = stations[i];
    if (std::find(queues.begin(), queues.end(), i) != queues.end()) continue;
    // A delay, or more servers than users: residence = demand.
    for (MvaPoint& p : out) {
      p.residence[i] = s.demand;
      p.queue_length[i] = p.throughput * s.demand;
      p.utilization[i] = s.delay ? 0.0 : p.throughput * s.demand / s.servers;
    }
  }
  // Q_i(m) = Σ_j j·f_i(j)·G_{−i}(m − j) / G(m) with G_{−i} = prefix ⊛ suffix: the weighted
  // terms convolved with the suffix, then with the prefix at each population wanted. One task
  // per queueing station, spread over the CPUs (each writes its own station's figures).
  auto queue_figures = [&](size_t t) {
    const size_t i = queues[t];
    const MvaStation& s = stations[i];
    const Seq weighted = convolve_station_weighted(suffix[t + 1], s.demand, s.servers, n, scale);
    const Seq& before = prefix[t];
    for (MvaPoint& p : out) {
      const int m = p.users;
      long double q = 0;
      for (int l = 0; l <= m; ++l) q += before[l] * weighted[m - l];
      p.queue_length[i] = static_cast<double>(q / g[m]);
      p.residence[i] = p.queue_length[i] / p.throughput;  // Little
      p.utilization[i] = p.throughput * s.demand / s.servers;
    }
  };
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t t; (t = next.fetch_add(1)) < queues.size();) queue_figures(t);
  };
  const unsigned threads = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()),
                                              static_cast<unsigned>(queues.size()));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return out;
}

}  // namespace headroom::formulas
