#include "calc/lag/lag.hpp"
#include "calc/lag/quorum.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "calc/input/model_loader.hpp"
#include "calc/size/traffic.hpp"

using namespace headroom;
using namespace headroom::calc;

namespace {

LagResult lag_of(const std::string& toml) {
  const Model m = load_model(toml, "m.toml");
  const std::optional<TrafficSplit> t = m.traffic ? std::optional<TrafficSplit>(split_traffic(*m.traffic)) : std::nullopt;
  return analyse_lag(m, t ? &*t : nullptr);
}

std::string errors_of(const std::string& toml) {
  try {
    load_model(toml, "m.toml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an M/M/1 replica: exponential sojourn, catch-up, writes lost and egress in closed form", "[calc][lag]") {
  const LagResult r = lag_of(R"([replication]
write_rate = "2k/s"
write_size = "1 KiB"
outage = "10 min"
[[replication.replica]]
name = "r1"
apply_time = "300 us"
network_delay = "0.5 ms"
bandwidth = "1 Gbit/s"
)");
  REQUIRE(r.replicas.size() == 1);
  const ReplicaLag& x = r.replicas[0];
  const double lambda = 2000, mu = 1 / 300e-6, fixed = 0.5e-3 + 1024 / 125e6;
  CHECK(x.apply_utilization == Approx(0.6).epsilon(1e-12));
  REQUIRE(x.lag);
  // Sojourn of M/M/1 ~ Exp(μ − λ) (Kleinrock §3.2); the lag adds the constant hops.
  CHECK(x.lag->mean == Approx(fixed + 1 / (mu - lambda)).epsilon(1e-12));
  CHECK(x.lag->p50 == Approx(fixed + std::log(2.0) / (mu - lambda)).epsilon(1e-9));
  CHECK(x.lag->p99 == Approx(fixed + std::log(100.0) / (mu - lambda)).epsilon(1e-9));
  CHECK(x.lag->p999 == Approx(fixed + std::log(1000.0) / (mu - lambda)).epsilon(1e-9));
  CHECK(*x.catch_up == Approx(lambda * 600 / (mu - lambda)).epsilon(1e-12));
  CHECK(x.in_network == Approx(fixed).epsilon(1e-12));
  CHECK(*r.primary_egress == Approx(2000 * 1024.0).epsilon(1e-12));
  // Writes lost if it is promoted: λ × its lag (Little's law for the mean), split by where.
  const AnalysisResult doc = lag_document(r);
  CHECK(resolve_path(doc.document, "replicas.r1.writes_lost.mean")->as_number() == Approx(lambda * x.lag->mean).epsilon(1e-12));
  CHECK(resolve_path(doc.document, "replicas.r1.writes_lost.p99")->as_number() == Approx(lambda * x.lag->p99).epsilon(1e-12));
  CHECK(resolve_path(doc.document, "replicas.r1.writes_lost.in_network")->as_number() == Approx(lambda * fixed).epsilon(1e-12));
  CHECK(resolve_path(doc.document, "replicas.r1.writes_lost.at_replica")->as_number() ==
        Approx(lambda / (mu - lambda)).epsilon(1e-9));
  CHECK(resolve_path(doc.document, "writes_lost_on_failover")->as_number() == Approx(lambda * x.lag->mean).epsilon(1e-12));
  // Where the link is slower than the apply threads, it sets the catch-up: 20 MB/s of 10 KiB
  // writes is 1953/s, against 10,000/s of apply.
  const LagResult link = lag_of("[replication]\nwrite_rate = \"1k/s\"\nwrite_size = \"10 KiB\"\noutage = \"1 min\"\n"
                                "[[replication.replica]]\nname = \"r\"\napply_time = \"100 us\"\nbandwidth = \"20 MB/s\"\n");
  const double link_rate = 20e6 / 10240;
  CHECK(*link.replicas[0].catch_up == Approx(1000 * 60 / (link_rate - 1000)).epsilon(1e-12));
}

TEST_CASE("a high-variance apply time agrees with a discrete-event simulation within 4 standard errors", "[calc][lag]") {
  // Writes arrive as a Poisson stream; one thread applies them in order, each taking an H2 time
  // (the balanced-means fit of scv = 4). The lag of a write = its wait + its apply time.
  const LagResult r = lag_of(R"([replication]
write_rate = "700/s"
[[replication.replica]]
name = "r"
apply_time = "1 ms"
apply_scv = 4
)");
  const ReplicaLag& x = r.replicas[0];
  REQUIRE(x.lag);
  const double p1 = 0.5 * (1 + std::sqrt(3.0 / 5.0)), mu1 = 2 * p1 / 1e-3, mu2 = 2 * (1 - p1) / 1e-3;
  std::mt19937_64 rng(2026);
  std::exponential_distribution<double> gap(700);
  std::uniform_real_distribution<double> u(0, 1);
  constexpr int kBatches = 20, kPerBatch = 250'000;
  std::vector<double> means, p99s;
  double wait = 0;
  for (int warm = 0; warm < 100'000; ++warm) {
    const double s = std::exponential_distribution<double>(u(rng) < p1 ? mu1 : mu2)(rng);
    wait = std::max(0.0, wait + s - gap(rng));
  }
  for (int b = 0; b < kBatches; ++b) {
    std::vector<double> lag(kPerBatch);
    for (int i = 0; i < kPerBatch; ++i) {
      const double s = std::exponential_distribution<double>(u(rng) < p1 ? mu1 : mu2)(rng);
      lag[i] = wait + s;
      wait = std::max(0.0, wait + s - gap(rng));
    }
    double sum = 0;
    for (double v : lag) sum += v;
    means.push_back(sum / kPerBatch);
    std::nth_element(lag.begin(), lag.begin() + kPerBatch * 99 / 100, lag.end());
    p99s.push_back(lag[kPerBatch * 99 / 100]);
  }
  auto check_within = [](const std::vector<double>& v, double exact) {
    double mean = 0, var = 0;
    for (double x : v) mean += x / v.size();
    for (double x : v) var += (x - mean) * (x - mean) / (v.size() - 1);
    const double se = std::sqrt(var / v.size());
    CAPTURE(mean, exact, se);
    CHECK(std::abs(mean - exact) < 4 * se);
  };
  check_within(means, x.lag->mean);
  check_within(p99s, x.lag->p99);
}

TEST_CASE("an overloaded replica is unstable, with its growth; so is every replica copying it", "[calc][lag]") {
  const LagResult r = lag_of(R"([replication]
write_rate = "5k/s"
outage = "1 min"
[[replication.replica]]
name = "slow"
apply_time = "250 us"
read_capacity = "1k/s"
[[replication.replica]]
name = "downstream"
source = "slow"
apply_time = "10 us"
)");
  const ReplicaLag& slow = r.replicas[0];
  CHECK_FALSE(slow.stable);
  CHECK(slow.unstable_because == "apply");
  CHECK(slow.backlog_growth == Approx(5000 - 4000).epsilon(1e-12));
  CHECK(slow.lag_growth == Approx(0.25).epsilon(1e-12));  // λ/μ − 1
  CHECK_FALSE(slow.lag);
  CHECK_FALSE(slow.catch_up);
  CHECK(*slow.read_capacity_left == 0);
  CHECK_FALSE(r.replicas[1].stable);
  CHECK(r.replicas[1].unstable_because == "source");
  // The link can be the limit: 1k writes of 1 MiB over 1 Gbit/s.
  const LagResult link = lag_of("[replication]\nwrite_rate = \"1k/s\"\nwrite_size = \"1 MiB\"\n"
                                "[[replication.replica]]\nname = \"r\"\napply_time = \"10 us\"\nbandwidth = \"1 Gbit/s\"\n");
  CHECK(link.replicas[0].unstable_because == "link");
  CHECK(link.replicas[0].backlog_growth == Approx(1000 - 125e6 / 1048576).epsilon(1e-9));
}

TEST_CASE("semi-sync and sync add the round trip and lose nothing; read capacity left and replicas needed", "[calc][lag]") {
  const std::string replicas = R"([[replication.replica]]
name = "near"
apply_time = "100 us"
network_delay = "1 ms"
read_capacity = "10k/s"
[[replication.replica]]
name = "far"
apply_time = "100 us"
network_delay = "30 ms"
)";
  const LagResult semi = lag_of("[traffic]\nread_rate = \"4k/s\"\nwrite_rate = \"1k/s\"\n[replication]\nmode = \"semi-sync\"\n" + replicas);
  CHECK(semi.write_rate == Approx(1000));  // from [traffic]
  CHECK(semi.write_latency_added == Approx(2e-3).epsilon(1e-12));  // the nearer round trip
  // A replica next to the primary (no delay) listed first: its zero round trip is the nearest,
  // not a "none yet" that the next replica's round trip replaced.
  const LagResult local = lag_of("[replication]\nwrite_rate = \"1k/s\"\nmode = \"semi-sync\"\n"
                                 "[[replication.replica]]\nname = \"local\"\napply_time = \"100 us\"\n" + replicas);
  CHECK(local.write_latency_added == 0);
  const LagResult sync = lag_of("[replication]\nwrite_rate = \"1k/s\"\nmode = \"sync\"\n" + replicas);
  // The farther replica: 2 × 30 ms + its M/M/1 sojourn 1/(10k − 1k).
  CHECK(sync.write_latency_added == Approx(60e-3 + 1.0 / 9000).epsilon(1e-9));
  const ReplicaLag& near = semi.replicas[0];
  CHECK(*near.read_capacity_left == Approx(0.9 * 10000).epsilon(1e-12));
  CHECK(*near.read_replicas_needed == std::ceil(4000 / (9000 * 0.7)));
  const AnalysisResult doc = lag_document(semi);
  CHECK(resolve_path(doc.document, "writes_lost_on_failover")->as_number() == 0);
}

TEST_CASE("cascading replicas add their source's lag", "[calc][lag]") {
  const LagResult r = lag_of(R"([replication]
write_rate = "1k/s"
[[replication.replica]]
name = "b"
source = "a"
apply_time = "200 us"
network_delay = "5 ms"
[[replication.replica]]
name = "a"
apply_time = "500 us"
network_delay = "1 ms"
)");
  REQUIRE(r.replicas.size() == 2);
  CHECK(r.replicas[0].name == "a");  // sources first, whatever the file's order
  const double a = 1e-3 + 1 / (2000.0 - 1000), b = 5e-3 + 1 / (5000.0 - 1000);
  CHECK(r.replicas[1].lag->mean == Approx(a + b).epsilon(1e-12));
  // Two exponential stages with rates 1000 and 4000: the hypoexponential's p99 solves
  // (4000e^{−1000t} − 1000e^{−4000t})/3000 = 0.01.
  double lo = 0, hi = 1;
  for (int i = 0; i < 200; ++i) {
    const double t = (lo + hi) / 2;
    ((4000 * std::exp(-1000 * t) - 1000 * std::exp(-4000 * t)) / 3000 > 0.01 ? lo : hi) = t;
  }
  CHECK(r.replicas[1].lag->p99 == Approx(6e-3 + hi).epsilon(1e-9));
}

TEST_CASE("bad replication input is a positioned error", "[calc][lag]") {
  CHECK(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\nsource = \"b\"\napply_time = \"1 ms\"\n"
                  "[[replication.replica]]\nname = \"b\"\nsource = \"a\"\napply_time = \"1 ms\"\n") ==
        "m.toml:5:10: replication.replica[0].source: replica 'a' copies from a chain that leads back to it\n"
        "  hint: every chain of sources ends at \"primary\"");
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\nsource = \"replica-1\"\napply_time = \"1 ms\"\n"),
             Catch::Contains("m.toml:5:10: replication.replica[0].source: no replica named 'replica-1' to copy from"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\n"),
             Catch::Contains("replication.replica[0].apply_time: a replica needs apply_time"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\napply_time = \"0 s\"\n"),
             Catch::Contains("m.toml:5:14: replication.replica[0].apply_time:"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\napply_time = \"1 ms\"\n"
                       "[[replication.replica]]\nname = \"a\"\napply_time = \"1 ms\"\n"),
             Catch::Contains("a second replica named 'a'"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n"), Catch::Contains("needs at least one [[replication.replica]]"));
  // A cascade 17 deep (listed leaf first, then in order) is refused; 16 is not.
  auto cascade = [](int depth, bool leaf_first) {
    std::string text = "[replication]\nwrite_rate = \"1k/s\"\n";
    auto one = [&](int i) {
      text += "[[replication.replica]]\nname = \"r" + std::to_string(i) + "\"\napply_time = \"10 us\"\n";
      if (i > 0) text += "source = \"r" + std::to_string(i - 1) + "\"\n";
    };
    if (leaf_first) one(depth - 1);
    for (int i = 0; i < depth - (leaf_first ? 1 : 0); ++i) one(i);
    return text;
  };
  CHECK_THAT(errors_of(cascade(17, false)), Catch::Contains("is more than 16 hops from the primary"));
  CHECK_THAT(errors_of(cascade(17, true)), Catch::Contains("is more than 16 hops from the primary"));
  CHECK(errors_of(cascade(16, true)) == "no error");
  CHECK(lag_of(cascade(16, false)).replicas.back().lag->mean > 0);
  CHECK_THAT(errors_of("[[replication.replica]]\nname = \"a\"\napply_time = \"1 ms\"\n"),
             Catch::Contains("replication.write_rate: [replication] needs write_rate, or a [traffic]"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\n[[replication.replica]]\nname = \"a\"\napply_time = \"1 ms\"\nbandwidth = \"1 Gbit/s\"\n"),
             Catch::Contains("a bandwidth needs the size of a write"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"-1/s\"\nmode = \"asnyc\"\n[[replication.replica]]\nname = \"primary\"\napply_time = \"1 ms\"\napply_threads = 0\n"),
             Catch::Contains("replication.write_rate") && Catch::Contains("did you mean 'async'") &&
                 Catch::Contains("'primary' is the source") && Catch::Contains("apply_threads: 0 is out of range"));
}

namespace {

const char* kSsd = R"(write = { preset = "lnkd-ssd" }
ack = { preset = "lnkd-ssd" }
read = { preset = "lnkd-ssd" }
response = { preset = "lnkd-ssd" }
)";

}  // namespace

TEST_CASE("a quorum: consistency at each t from the WARS trials, t-visibility, k-staleness, the target", "[calc][lag][pbs]") {
  const Model m = load_model(std::string("[quorum]\nn = 3\nr = 1\nw = 1\ntrials = 200000\nt = [\"5 ms\", \"1 ms\"]\n"
                                         "min_consistency = { t = \"2 ms\", probability = 0.999 }\n") + kSsd, "m.toml");
  const QuorumResult r = analyse_quorum(*m.section<QuorumSection>(), RunOptions{});
  CHECK_FALSE(r.strict);
  CHECK(r.trials == 200000);
  REQUIRE(r.t == std::vector<double>{0.0, 1e-3, 2e-3, 5e-3});  // 0 first, sorted, with the target's t
  for (size_t i = 1; i < r.t.size(); ++i) CHECK(r.probability[i] >= r.probability[i - 1]);  // monotone in t
  CHECK(r.probability[0] == Approx(0.974).margin(0.004));  // the paper's LNKD-SSD figure
  CHECK(r.stderr_[0] == Approx(std::sqrt(r.probability[0] * (1 - r.probability[0]) / 200000)).epsilon(1e-12));
  CHECK(r.p999.value > r.p99.value);
  CHECK(r.k_staleness.size() == 3);
  AnalysisResult doc;
  add_quorum_document(doc, r);
  REQUIRE(doc.targets.size() == 1);
  CHECK(doc.targets[0].metric == "lag.quorum.consistent_probability.2ms.probability");
  CHECK(resolve_path(doc.document, "quorum.consistent_probability.2ms.probability")->as_number() == r.probability[2]);
  // The same seed gives the same counts; another seed other draws.
  CHECK(analyse_quorum(*m.section<QuorumSection>(), RunOptions{}).probability == r.probability);
  RunOptions other;
  other.seed = 99;
  CHECK(analyse_quorum(*m.section<QuorumSection>(), other).probability != r.probability);
  // r + w > n is strict, with no trials run.
  const Model strict = load_model(std::string("[quorum]\nn = 3\nr = 2\nw = 2\n") + kSsd, "m.toml");
  const QuorumResult s = analyse_quorum(*strict.section<QuorumSection>(), RunOptions{});
  CHECK(s.strict);
  CHECK(s.trials == 0);
  CHECK(s.probability[0] == 1.0);
}

TEST_CASE("latency tables: mixtures, lognormal by percentiles, empirical, wan", "[calc][lag][pbs]") {
  const Model m = load_model(R"([quorum]
n = 3
trials = 10000
write = { dist = "mixture", parts = [{ weight = 0.25, dist = "constant", value = "1 ms" }, { weight = 0.75, dist = "pareto", xm = "2 ms", alpha = 3 }] }
ack = { dist = "lognormal", p50 = "1 ms", p99 = "10 ms" }
read = { dist = "empirical", percentiles = { p50 = "1 ms", p99 = "4 ms" } }
response = { preset = "wan" }
)", "m.toml");
  const QuorumSection& q = *m.section<QuorumSection>();
  CHECK(q.write.mean() == Approx(0.25e-3 + 0.75 * 3e-3));
  CHECK(q.ack.quantile(0.99) == Approx(10e-3).epsilon(1e-6));
  CHECK(q.read.quantile(0.99) == Approx(4e-3));
  CHECK(q.remote_delay == 0.075);
  CHECK(q.response_from == "preset wan");
}

TEST_CASE("bad quorum input is a positioned error", "[calc][lag][pbs]") {
  CHECK_THAT(errors_of(std::string("[quorum]\nn = 3\nr = 4\nw = 0\n") + kSsd),
             Catch::Contains("m.toml:3:5: quorum.r: r = 4 is more than the n = 3 replicas") &&
                 Catch::Contains("quorum.w: 0 is out of range"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"gamma\", mean = \"1 ms\" }\n"),
             Catch::Contains("quorum.write.dist") && Catch::Contains("quorum.ack: [quorum] needs ack"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"mixture\", parts = [{ weight = 0.5, dist = \"constant\", value = \"1 ms\" }, "
                       "{ weight = 0.4, dist = \"constant\", value = \"2 ms\" }] }\n" + std::string(kSsd).substr(std::string(kSsd).find('\n') + 1)),
             Catch::Contains("quorum.write.parts: the weights sum to 0.9, not 1"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"empirical\", samples = [] }\n"), Catch::Contains("the list of samples is empty"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"empirical\", percentiles = { p50 = \"5 ms\", p99 = \"1 ms\" } }\n"),
             Catch::Contains("percentiles must not decrease"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"exponential\", mean = \"-1 ms\" }\n"), Catch::Contains("quorum.write.mean"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"pareto\", xm = \"1 ms\" }\n"), Catch::Contains("quorum.write.alpha: this distribution needs alpha"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { preset = \"lnkd-sdd\" }\n"), Catch::Contains("did you mean 'lnkd-ssd'"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { preset = \"ymmr\", mean = \"1 ms\" }\n"), Catch::Contains("a preset is the whole distribution"));
  CHECK_THAT(errors_of("[quorum]\nwrite = { dist = \"mixture\", parts = [{ weight = 1, dist = \"mixture\" }] }\n"),
             Catch::Contains("quorum.write.parts[0].dist: a part of a mixture cannot be a mixture itself"));
  CHECK_THAT(errors_of("[quorum]\nmin_consistency = { t = \"1 ms\", probability = 2 }\n"), Catch::Contains("quorum.min_consistency.probability"));
}

TEST_CASE("multi-primary: conflicts from the keys, their popularity and the delay between primaries", "[calc][lag]") {
  const LagResult r = lag_of(R"([replication]
mode = "multi-primary"
write_rate = "1k/s"
primaries = 3
keys = 10000
replication_delay = "20 ms"
)");
  REQUIRE(r.conflicts);
  // Uniform keys: 1 − exp(−2Dλ(P−1)/(P·K)).
  CHECK(*r.conflicts->fraction == Approx(-std::expm1(-2 * 0.02 * 1000 * (2.0 / 3) / 10000)).epsilon(1e-12));
  // Without replication_delay, the replicas' mean lag.
  const LagResult from_lag = lag_of("[replication]\nmode = \"multi-primary\"\nwrite_rate = \"1k/s\"\nkeys = 100\n"
                                    "[[replication.replica]]\nname = \"peer\"\napply_time = \"100 us\"\nnetwork_delay = \"10 ms\"\n");
  CHECK(*from_lag.conflicts->delay == Approx(from_lag.replicas[0].lag->mean));
  CHECK(from_lag.conflicts->delay_from == "the replicas' mean lag");
  CHECK_THAT(errors_of("[replication]\nmode = \"multi-primary\"\nwrite_rate = \"1k/s\"\n"),
             Catch::Contains("replication.keys: multi-primary needs keys") &&
                 Catch::Contains("multi-primary needs replication_delay, or replicas"));
  CHECK_THAT(errors_of("[replication]\nwrite_rate = \"1k/s\"\nprimaries = 2\n[[replication.replica]]\nname = \"a\"\napply_time = \"1 ms\"\n"),
             Catch::Contains("replication.primaries: primaries is for mode = \"multi-primary\""));
}
