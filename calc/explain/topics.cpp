// The topics of `headroom explain`. Each worked example with a model is run by the tests
// (tests/calc/explain/topics_test.cpp), which also fail when an --explain line names a topic
// that is not here, or a topic names a key the schema does not have.
#include "calc/explain/topics.hpp"

#include <algorithm>

namespace headroom::calc {

namespace {

std::vector<Topic> build() {
  std::vector<Topic> t;

  // --- size ---------------------------------------------------------------------------------
  t.push_back({
      "traffic", "size", "requests per second from users, or given; the read/write split; the peak",
      "requests/s = daily_active_users × requests_per_user_per_day / 86,400 s (or request_rate, or "
      "read_rate + write_rate); reads = total × r/(r + 1), writes = total/(r + 1) for "
      "read_write_ratio r; peak = average × peak_to_average",
      "requests spread evenly over the day before the peak factor; the peak factor is the user's "
      "estimate of the busiest second against the average",
      "exact arithmetic on the inputs; how good it is depends on the peak factor",
      {"traffic.daily_active_users", "traffic.requests_per_user_per_day", "traffic.request_rate",
       "traffic.read_rate", "traffic.write_rate", "traffic.read_write_ratio", "traffic.peak_to_average",
       "budget.arrival_rate", "replication.write_rate"},
      "1,000,000 users × 86.4 requests/day / 86,400 s = 1,000 requests/s; with read_write_ratio = 4, "
      "800 reads/s and 200 writes/s; peak_to_average = 3 gives a peak of 3,000/s. budget and lag "
      "take this average as their arrival and write rate unless their own section gives one.",
      {"[traffic]\ndaily_active_users = 1000000\nrequests_per_user_per_day = 86.4\n"
       "read_write_ratio = 4\npeak_to_average = 3\n",
       "size.requests_per_second.peak", 3000},
      "Alex Xu, System Design Interview (2020), ch. 2 \"Back-of-the-envelope estimation\"; SPEC §3.1"});
  t.push_back({
      "bandwidth", "size", "ingress and egress bytes per second",
      "ingress = requests/s × request_size; egress = reads/s (or requests/s without a split) × "
      "response_size; peaks × peak_to_average",
      "every request carries request_size bytes in and every read response_size bytes out",
      "exact arithmetic on the inputs",
      {"traffic.request_size", "traffic.response_size"},
      "800 reads/s × 10 KB = 8 MB/s out; 1,000 requests/s × 2 KB = 2 MB/s in (KB = 1,000 B; KiB = "
      "1,024 B).",
      {"[traffic]\nrequest_rate = \"1000/s\"\nread_write_ratio = 4\nresponse_size = \"10 KB\"\n",
       "size.egress_bytes_per_second", 8e6},
      "SPEC §3.1"});
  t.push_back({
      "storage", "size", "storage written per day and held over the retention",
      "per day = writes/s × 86,400 s × object_size; total = per day × retention in days × "
      "replication_factor / compression_ratio",
      "every write stores one object of object_size; nothing is deleted before the retention",
      "exact arithmetic on the inputs",
      {"storage.object_size", "storage.retention", "storage.replication_factor", "storage.compression_ratio"},
      "200 writes/s × 86,400 s × 1 KB = 17.28 GB a day; over 365 days, 3 copies, compressed 2:1: "
      "17.28 GB × 365 × 3 / 2 = 9.4608 TB.",
      {"[traffic]\nwrite_rate = \"200/s\"\nread_rate = \"800/s\"\n[storage]\nobject_size = \"1 KB\"\n"
       "retention = \"365 d\"\nreplication_factor = 3\ncompression_ratio = 2\n",
       "size.storage_bytes.total", 9.4608e12},
      "SPEC §3.1"});
  t.push_back({
      "servers-needed", "size", "servers for the peak load at the target utilisation, plus spares",
      "servers = ⌈peak load / (capacity × target_utilization)⌉ + (replicas − min_healthy); peak "
      "utilisation = peak load / (capacity × replicas)",
      "a server serves `capacity` requests/s at 100 % busy, and load spreads evenly; the spares "
      "cover the replicas the file allows to be down",
      "exact (the ceiling is taken on the exact ratio, not a rounded one)",
      {"components.*.capacity", "components.*.serves", "components.*.replicas", "components.*.min_healthy",
       "system.target_utilization"},
      "3,000 requests/s at peak over 500/s per server at 70 %: ⌈3000 / 350⌉ = ⌈8.57⌉ = 9, plus 8 − 6 "
      "= 2 spares: 11 servers.",
      {"[traffic]\nrequest_rate = \"1000/s\"\npeak_to_average = 3\n[components.api]\ncapacity = \"500/s\"\n"
       "replicas = 8\nmin_healthy = 6\n",
       "size.servers.api", 11},
      "the utilization law U = X·S (Denning & Buzen, \"The operational analysis of queueing network "
      "models\", Computing Surveys 10(3), 1978); SPEC §3.1"});

  // --- avail --------------------------------------------------------------------------------
  t.push_back({
      "replica-availability", "avail", "one replica's availability: given, or from MTBF and MTTR",
      "A = mtbf / (mtbf + mttr), or the availability given",
      "alternating up and down periods with these means (steady state of a two-state renewal process)",
      "exact in steady state for any distributions of the up and down times",
      {"components.*.availability", "components.*.mtbf", "components.*.mttr"},
      "mtbf = 1,000 h, mttr = 1 h: A = 1000/1001 = 0.999000999.",
      {"[components.web]\nmtbf = \"1000 h\"\nmttr = \"1 h\"\n[availability]\npath = [\"web\"]\n",
       "avail.availability", 1000.0 / 1001.0},
      "K. S. Trivedi, Probability and Statistics with Reliability, Queuing, and Computer Science "
      "Applications, 2nd ed. (2016), §8.1"});
  t.push_back({
      "series", "avail", "blocks that must all be up: the path, all_of groups",
      "A = Π Aᵢ",
      "blocks fail independently (a block shared by two branches is handled by shared-blocks)",
      "exact for independent blocks",
      {"availability.path", "groups.*.all_of"},
      "dns 0.9999 × web 0.999997008 × db 0.999982333 = 0.999879343.",
      {"[components.dns]\navailability = \"99.99%\"\n[components.web]\navailability = \"99.9%\"\n"
       "[availability]\npath = [\"dns\", \"web\"]\n",
       "avail.availability", 0.9999 * 0.999},
      "Trivedi (2016), §3.5 (series systems)"});
  t.push_back({
      "parallel", "avail", "blocks of which any one up will do: any_of groups",
      "A = 1 − Π(1 − Aᵢ)",
      "blocks fail independently; switching between them is instant and perfect",
      "exact for independent blocks",
      {"groups.*.any_of"},
      "cdn 0.99 or origin 0.995: 1 − 0.01 × 0.005 = 0.99995.",
      {"[components.cdn]\navailability = \"99%\"\n[components.origin]\navailability = \"99.5%\"\n"
       "[groups.delivery]\nany_of = [\"cdn\", \"origin\"]\n[availability]\npath = [\"delivery\"]\n",
       "avail.availability", 0.99995},
      "Trivedi (2016), §3.5 (parallel systems)"});
  t.push_back({
      "k-of-n", "avail", "k of n replicas (or group members) up",
      "identical replicas: A = Σ_{i=k..n} C(n, i) aⁱ (1 − a)ⁿ⁻ⁱ; members with different "
      "availabilities (groups with k): the exact probability that at least k members are up, "
      "summed over the subsets on the diagram's decision diagram",
      "replicas fail and are repaired independently (each as many repairers as it needs; with "
      "fewer, see repair-crews)",
      "exact; the smaller of A and 1 − A is summed directly, so nines stay exact near 1",
      {"components.*.replicas", "components.*.min_healthy", "groups.*.k", "groups.*.of"},
      "3 replicas of a = 1000/1001, 2 needed: 3a²(1 − a) + a³ = 0.999997008.",
      {"[components.web]\nmtbf = \"1000 h\"\nmttr = \"1 h\"\nreplicas = 3\nmin_healthy = 2\n"
       "[availability]\npath = [\"web\"]\n",
       "avail.availability", 0.999997007985024},
      "Trivedi (2016), §3.6 (k-out-of-n systems)"});
  t.push_back({
      "failover", "avail", "active-passive: the time lost switching to the standby",
      "A = A_k-of-n × (1 − failover_time / mtbf)",
      "each failure of the active replica costs one failover_time of downtime; failures of the "
      "active come every mtbf on average",
      "an approximation: exact when the failover time is small against the MTBF and failures do "
      "not overlap a failover",
      {"components.*.mode", "components.*.failover_time", "components.*.mtbf"},
      "2 replicas at 99.9 %, either enough: 1 − 0.001² = 0.999999; failover 2 min against an MTBF "
      "of 2,000 h: × (1 − 120/7,200,000) = 0.999982333.",
      {"[components.db]\navailability = \"99.9%\"\nreplicas = 2\nmode = \"active-passive\"\n"
       "mtbf = \"2000 h\"\nfailover_time = \"2 min\"\n[availability]\npath = [\"db\"]\n",
       "avail.availability", 0.999999 * (1 - 120.0 / 7.2e6)},
      "SPEC §3.2"});
  t.push_back({
      "repair-crews", "avail", "k of n replicas with a limited number of repairers",
      "a birth–death chain on the number of failed replicas j: failure rate (n − j)λ, repair rate "
      "min(j, crews)·μ, λ = 1/mtbf, μ = 1/mttr; π_j = π_0 Π_{i<j} (n − i)λ / (min(i + 1, crews)μ); "
      "A = Σ_{j ≤ n − k} π_j",
      "exponential times to failure and to repair; failed replicas wait for a free crew",
      "exact (product form, no linear solve, so 60 replicas keep their tiny probabilities)",
      {"components.*.repair_crews", "components.*.mtbf", "components.*.mttr", "components.*.replicas",
       "components.*.min_healthy"},
      "3 replicas, 2 needed, λ = 0.01/h, μ = 0.1/h, one crew: π ∝ 1, 0.3, 0.06, 0.006, so "
      "A = 1.3/1.366 = 0.951684.",
      {"[components.db]\nmtbf = \"100 h\"\nmttr = \"10 h\"\nreplicas = 3\nmin_healthy = 2\nrepair_crews = 1\n"
       "[availability]\npath = [\"db\"]\n",
       "avail.availability", 1.3 / 1.366},
      "Trivedi (2016), §8.4 (availability models with repair); birth–death chains: L. Kleinrock, "
      "Queueing Systems vol. 1 (1975), §3.1"});
  t.push_back({
      "shared-blocks", "avail", "diagrams where a block appears in more than one place",
      "A = P(structure function = 1), computed on a binary decision diagram of the whole path: "
      "each shared block is a variable, conditioned on once (A = a·A|up + (1 − a)·A|down)",
      "blocks fail independently of each other; a block used twice is the same block both times",
      "exact; multiplying the branches as if independent would count the shared block twice",
      {"availability.path", "groups.*.all_of", "groups.*.any_of", "groups.*.of"},
      "g0 = all_of[a, b], g1 = all_of[g0, a], path = [g0, g1], a = 0.9, b = 0.8: the structure is a "
      "AND b, so A = 0.72, not 0.9 × 0.8 × 0.9 × 0.8 × 0.9.",
      {"[components.a]\navailability = \"90%\"\n[components.b]\navailability = \"80%\"\n"
       "[groups.g0]\nall_of = [\"a\", \"b\"]\n[groups.g1]\nall_of = [\"g0\", \"a\"]\n"
       "[availability]\npath = [\"g0\", \"g1\"]\n",
       "avail.availability", 0.72},
      "R. E. Bryant, \"Graph-based algorithms for Boolean function manipulation\", IEEE Trans. "
      "Computers C-35(8), 1986; A. Rauzy, \"New algorithms for fault trees analysis\", Reliability "
      "Engineering & System Safety 40, 1993"});
  t.push_back({
      "nines", "avail", "nines and downtime per year, month, week and day",
      "nines = −log₁₀(1 − A); downtime per period = (1 − A) × period (a year of 365.25 days, a "
      "month of a twelfth of it)",
      "A is the steady-state fraction of time up",
      "exact; a system that is never down has infinite nines",
      {"availability.target"},
      "A = 0.99995: 1 − A = 5e-5, nines = 4.30, downtime 5e-5 × 31,557,600 s = 1,577.88 s a year.",
      {"[components.cdn]\navailability = \"99%\"\n[components.origin]\navailability = \"99.5%\"\n"
       "[groups.delivery]\nany_of = [\"cdn\", \"origin\"]\n[availability]\npath = [\"delivery\"]\n",
       "avail.downtime_seconds.per_year", 1577.88},
      "B. Beyer et al., Site Reliability Engineering (2016), ch. 3 \"Embracing Risk\""});
  t.push_back({
      "birnbaum", "avail", "which block matters: Birnbaum importance and downtime saved",
      "importance I_B = A_sys(B always up) − A_sys(B always down); saved downtime = (A_sys(B "
      "always up) − A_sys) × a year",
      "blocks fail independently",
      "exact, on the whole diagram (shared blocks included), not I_B × (1 − A_B)",
      {"availability.path"},
      "cdn 0.99 or origin 0.995: the cdn's importance is 1 − 0.995 = 0.005, the origin's "
      "1 − 0.99 = 0.01.",
      {},
      "Z. W. Birnbaum, \"On the importance of different components in a multicomponent system\", "
      "Multivariate Analysis II (1969)"});

  // --- lag ----------------------------------------------------------------------------------
  t.push_back({
      "replication-lag", "lag", "a replica's lag: network, transmission, waiting to apply, applying",
      "lag = network_delay + write_size / bandwidth + wait + apply; the apply queue is M/G/c with "
      "λ = write rate, s = apply_time, c = apply_threads: M/M/1 exact (the sojourn is exponential "
      "with rate μ − λ), M/H2/1 or M/E/1 exact (phase-type, see phase-type), otherwise the "
      "Allen–Cunneen mean wait (see allen-cunneen); unstable when ρ = λs/c ≥ 1",
      "Poisson writes; apply times independent with the given mean and scv",
      "exact for one thread with exponential or two-phase apply times; an approximation otherwise",
      {"replication.write_rate", "replication.write_size", "replication.replica[].apply_time",
       "replication.replica[].apply_scv", "replication.replica[].apply_threads",
       "replication.replica[].network_delay", "replication.replica[].bandwidth",
       "replication.replica[].max_lag"},
      "100 writes/s applied in 5 ms on one thread: ρ = 0.5, mean sojourn 1/(200 − 100) = 10 ms, p99 "
      "= ln(100) × 10 ms = 46 ms, plus the network delay.",
      {},
      "L. Kleinrock, Queueing Systems vol. 1 (1975), §3.2 (M/M/1 sojourn); SPEC §3.3"});
  t.push_back({
      "catch-up", "lag", "how long a replica takes to catch up after an outage",
      "catch-up = λ · outage / (μ − λ), μ = apply_threads / apply_time",
      "the backlog of λ·outage writes drains at the spare apply rate while writes keep coming",
      "exact for the fluid (mean) backlog; queueing noise adds to it",
      {"replication.outage", "replication.write_rate", "replication.replica[].apply_time",
       "replication.replica[].apply_threads"},
      "100 writes/s, 60 s down, 200 writes/s of apply capacity: 100 × 60 / 100 = 60 s.",
      {},
      "SPEC §3.3"});
  t.push_back({
      "writes-lost", "lag", "writes lost when an asynchronous replica is promoted",
      "writes lost = λ × lag (its mean and percentiles)",
      "Little's law: the writes in flight to the replica are the write rate times their time in flight",
      "exact for the mean (Little's law holds for any distributions); percentiles scale the lag's",
      {"replication.mode", "replication.write_rate"},
      "100 writes/s and a mean lag of 10 ms: 1 write lost on average.",
      {},
      "J. D. C. Little, \"A proof for the queuing formula L = λW\", Operations Research 9(3), 1961"});
  t.push_back({
      "conflicts", "lag", "write conflicts between primaries",
      "a write conflicts when another primary writes its key within D (the replication delay) either "
      "side: fraction = Σ_k p_k (1 − exp(−2Dλ p_k (P − 1)/P)) over the keys' popularities p_k",
      "Poisson writes spread over P primaries evenly, keys drawn independently (uniform or Zipf)",
      "exact under these assumptions",
      {"replication.primaries", "replication.keys", "replication.popularity.zipf",
       "replication.replication_delay"},
      "2 primaries, 1,000 writes/s over 1,000,000 uniform keys, D = 100 ms: p = 1e-6, fraction ≈ "
      "1 − exp(−2 × 0.1 × 1000 × 1e-6 × 0.5) = 1.0e-4.",
      {},
      "SPEC §3.3"});
  t.push_back({
      "pbs", "lag", "probabilistically bounded staleness of partial quorums (WARS)",
      "the write commits when w of its n W + A legs return; a read t later sends n R legs and waits "
      "for r of the R + S; it is consistent when a replica it heard from had the write (its W ≤ "
      "commit + t + its R); estimated by Monte Carlo over the legs' distributions",
      "legs independent, with the given distributions (exponential, lognormal, Pareto, empirical "
      "percentiles, mixtures); reads and writes do not interfere",
      "an estimate with its standard error √(p(1 − p)/trials)",
      {"quorum.n", "quorum.r", "quorum.w", "quorum.write", "quorum.ack", "quorum.read", "quorum.response",
       "quorum.trials", "quorum.t"},
      "n = 3, r = w = 1, every leg exponential with a 1 ms mean: consistent right after the commit "
      "(t = 0) with probability about 0.75.",
      {},
      "P. Bailis, S. Venkataraman, M. J. Franklin, J. M. Hellerstein, I. Stoica, \"Probabilistically "
      "Bounded Staleness for Practical Partial Quorums\", PVLDB 5(8), 2012, §4"});
  t.push_back({
      "strict-quorum", "lag", "r + w > n: every read sees the last write",
      "every read quorum of r replicas meets every write quorum of w when r + w > n",
      "replicas apply writes before acknowledging them",
      "exact: the probability of a consistent read is 1",
      {"quorum.n", "quorum.r", "quorum.w"},
      "n = 3, r = 2, w = 2: 4 > 3, so any two replicas read include one of the two written.",
      {},
      "D. K. Gifford, \"Weighted voting for replicated data\", SOSP 1979"});
  t.push_back({
      "k-staleness", "lag", "the chance a read returns one of the last k versions",
      "P(within k versions) = 1 − (C(n − w, r) / C(n, r))^k",
      "each write lands on a uniformly random w of the n replicas and a read asks a uniformly random r",
      "exact under these assumptions (no propagation beyond the write quorum)",
      {"quorum.n", "quorum.r", "quorum.w", "quorum.k"},
      "n = 3, r = w = 1: C(2,1)/C(3,1) = 2/3, so k = 1 gives 1/3 and k = 2 gives 1 − 4/9 = 5/9.",
      {"[quorum]\nn = 3\nr = 1\nw = 1\nwrite = { dist = \"exponential\", mean = \"1 ms\" }\n"
       "ack = { dist = \"exponential\", mean = \"1 ms\" }\nread = { dist = \"exponential\", mean = \"1 ms\" }\n"
       "response = { dist = \"exponential\", mean = \"1 ms\" }\ntrials = 1000\n",
       "lag.quorum.k_staleness.k2.probability", 5.0 / 9.0},
      "Bailis et al., PVLDB 5(8), 2012, §3.2"});

  // --- budget -------------------------------------------------------------------------------
  t.push_back({
      "utilization", "budget", "a stage's arrival rate and utilisation",
      "λ_stage = λ × visits × fan-out × (1 + extra copies); ρ = λ_stage × service_time / servers",
      "the stage's servers share its load evenly",
      "exact (the utilization law); ρ ≥ 1 is reported as unstable, by how much it is over",
      {"budget.arrival_rate", "budget.stage[].visits", "budget.stage[].fanout", "budget.stage[].servers",
       "budget.stage[].service_time", "budget.stage[].component", "components.*.concurrency",
       "components.*.service_time"},
      "300 requests/s, 1 visit, 4 servers of 10 ms: ρ = 300 × 0.01 / 4 = 0.75.",
      {"[budget]\narrival_rate = \"300/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 4\n"
       "service_time = \"10 ms\"\n",
       "budget.stages.api.utilization", 0.75},
      "Denning & Buzen, Computing Surveys 10(3), 1978"});
  t.push_back({
      "erlang-c", "budget", "M/M/c: the chance of waiting and the wait",
      "P(wait) = C(c, a) with a = λ/μ, computed from Erlang B by B(0) = 1, B(k) = aB(k−1)/(k + "
      "aB(k−1)), C = B/(1 − ρ(1 − B)); mean wait = C / (cμ − λ); P(W > t) = C·e^{−(cμ − λ)t}",
      "Poisson arrivals, exponential service, c identical servers, one FCFS queue",
      "exact for M/M/c (the recurrence is stable for any c; no factorials)",
      {"budget.stage[].servers", "budget.stage[].service_time", "budget.stage[].service_scv",
       "budget.arrival_scv"},
      "λ = 300/s, c = 4, s = 10 ms (a = 3): C = 0.509434, mean wait = 0.509434 / (400 − 300) = 5.09 ms.",
      {"[budget]\narrival_rate = \"300/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 4\n"
       "service_time = \"10 ms\"\n",
       "budget.stages.api.wait_seconds.mean", 0.005094339622641509},
      "A. K. Erlang (1917); L. Kleinrock, Queueing Systems vol. 1 (1975), §3.5; the recurrence: D. L. "
      "Jagerman, \"Some properties of the Erlang loss function\", Bell System Technical Journal 53, 1974"});
  t.push_back({
      "phase-type", "budget", "M/G/1 with a two-phase service time: exact waits and percentiles",
      "service scv > 1: a two-phase hyperexponential H2 with balanced means, fitted to the stage's mean "
      "and scv; 1/64 ≤ scv < 1: a mixture of Erlang(k − 1) and Erlang(k) with a common rate; the "
      "M/PH/1 wait is phase-type again, with the Pollaczek–Khinchine mean λE[S²]/(2(1 − ρ))",
      "Poisson arrivals, one server, the service time is the fitted phase-type distribution",
      "exact for the fitted distribution (two moments of the real service time are matched)",
      {"budget.stage[].service_scv", "budget.stage[].servers", "replication.replica[].apply_scv"},
      "λ = 50/s, s = 10 ms, scv = 4, one server: ρ = 0.5, E[S²] = (1 + 4) × 0.01² = 5e-4, mean wait "
      "= 50 × 5e-4 / (2 × 0.5) = 25 ms.",
      {"[budget]\narrival_rate = \"50/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 1\n"
       "service_time = \"10 ms\"\nservice_scv = 4\n",
       "budget.stages.api.wait_seconds.mean", 0.025},
      "M. F. Neuts, Matrix-Geometric Solutions in Stochastic Models (1981), ch. 2; S. Asmussen, Applied "
      "Probability and Queues, 2nd ed. (2003), §VIII.5 (M/PH/1); H. C. Tijms, A First Course in "
      "Stochastic Models (2003), §2.4 (two-moment fits)"});
  t.push_back({
      "allen-cunneen", "budget", "G/G/c: the mean wait from the M/M/c one",
      "mean wait ≈ C(c, a)/(cμ − λ) × (ca² + cs²)/2, ca² the arrival scv, cs² the service scv",
      "renewal arrivals and independent service times described by their first two moments",
      "an approximation (exact when ca² = cs² = 1, and for M/G/1 by Pollaczek–Khinchine); labelled "
      "\"approx.\" in the method column",
      {"budget.arrival_scv", "budget.stage[].service_scv", "budget.stage[].servers",
       "budget.stage[].service_time"},
      "λ = 300/s, c = 4, s = 10 ms, scv 0.25: 5.09 ms × (1 + 0.25)/2 = 3.18 ms.",
      {"[budget]\narrival_rate = \"300/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 4\n"
       "service_time = \"10 ms\"\nservice_scv = 0.25\n",
       "budget.stages.api.wait_seconds.mean", 0.005094339622641509 * 0.625},
      "A. O. Allen, Probability, Statistics, and Queueing Theory, 2nd ed. (1990), §6.4; W. Whitt, "
      "\"Approximations for the GI/G/m queue\", Production and Operations Management 2(2), 1993"});
  t.push_back({
      "stage-percentiles", "budget", "a stage's response-time percentiles",
      "response = wait + service: M/M/c exactly (the wait is an atom at 0 of mass 1 − C plus an "
      "exponential of rate cμ − λ); otherwise the wait as that atom plus an exponential with the "
      "approximate mean, and the service as a phase-type fit of its mean and scv (scv below 1/64 is "
      "shaped as 1/64)",
      "as for the mean wait of the stage's method",
      "exact for M/M/c and M/PH/1; an approximation otherwise",
      {"budget.stage[].service_scv", "budget.stage[].latency"},
      "M/M/1 with λ = 50/s, μ = 100/s: the response is exponential with rate 50/s, so p99 = ln(100)/50 "
      "= 92.1 ms.",
      {"[budget]\narrival_rate = \"50/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 1\n"
       "service_time = \"10 ms\"\n",
       "budget.stages.api.response_seconds.p99", 0.09210340371976183},
      "Kleinrock (1975), §3.5 (the M/M/c waiting-time distribution)"});
  t.push_back({
      "end-to-end-latency", "budget", "a request's latency over every stage: mean and percentiles",
      "mean = Σ visits × (E[slowest of the fan-out calls] + latency); percentiles by Monte Carlo: each "
      "sample draws every stage's calls from its response distribution, the maximum of k draws for "
      "fan-out k, a random number of visits when visits is fractional; standard errors from the "
      "order statistics",
      "stages independent of each other; each stage at its steady state",
      "the mean is exact under the stage models; percentiles are estimates with standard errors",
      {"budget.samples", "budget.stage[].visits", "budget.stage[].fanout", "budget.stage[].latency",
       "budget.slo"},
      "two stages in series with exponential responses of means 10 ms and 20 ms: mean 30 ms; p99 about "
      "95 ms (the hypoexponential's, not 46 + 92 ms).",
      {},
      "J. Dean, L. A. Barroso, \"The Tail at Scale\", CACM 56(2), 2013 (fan-out and the tail)"});
  t.push_back({
      "bottleneck", "budget", "the stage that saturates first, the maximum throughput, headroom",
      "max rate of a stage = servers / (service_time × visits × fan-out × copies per call); the "
      "bottleneck is the stage with the smallest; headroom = max / λ − 1",
      "load grows in proportion at every stage",
      "exact (asymptotic bound of an open network)",
      {"budget.stage[].servers", "budget.stage[].service_time", "budget.stage[].visits",
       "budget.stage[].fanout"},
      "4 servers of 10 ms: 400 requests/s at most; at 300/s the headroom is 400/300 − 1 = 33 %.",
      {"[budget]\narrival_rate = \"300/s\"\nsamples = 1000\n[[budget.stage]]\nname = \"api\"\nservers = 4\n"
       "service_time = \"10 ms\"\n",
       "budget.headroom", 1.0 / 3.0},
      "E. D. Lazowska, J. Zahorjan, G. S. Graham, K. C. Sevcik, Quantitative System Performance "
      "(1984), ch. 5"});
  t.push_back({
      "slo-search", "budget", "servers for the SLO and the largest rate that meets it",
      "the SLO's statistic (mean exactly; a percentile on an 8,192-point grid of the latency "
      "distribution, rounded up) is solved for: the largest arrival rate by bisection; the fewest "
      "servers per stage by greedy marginal allocation (add a server where it cuts the statistic "
      "most) then lowered while the SLO holds; each answer verified by re-solving",
      "the statistic falls as servers are added and rises with the arrival rate",
      "exact on the grid; the search stops at a bound of evaluations and then says unknown",
      {"budget.slo", "budget.stage[].servers"},
      "an SLO of p99 ≤ 250 ms on a three-tier path gives each tier's servers_for_slo, and "
      "max_arrival_rate_for_slo with the stage that breaks first (slo_limited_by).",
      {},
      "B. Fox, \"Discrete optimization via marginal analysis\", Management Science 13(3), 1966"});
  t.push_back({
      "hedging", "budget", "hedged requests: a second copy after a delay, the first answer taken",
      "d = the pXX of one copy's response; P(L > t) = S(t) for t < d, S(t)·S(t − d) after; extra load "
      "= P(L₁ > d) = 1 − XX copies per call (copies are not cancelled)",
      "the two copies' responses independent, both from the stage's response distribution",
      "exact for that model (checked against the closed form for exponential legs); the extra "
      "load feeds back into the stage's utilisation",
      {"budget.stage[].hedge_after"},
      "hedge after p95: 5 % more calls; an exponential leg's p99 falls from ln(100)·m to the point "
      "where S(t)·S(t − d) = 0.01.",
      {},
      "Dean & Barroso, CACM 56(2), 2013"});
  t.push_back({
      "retries", "budget", "retries after a timeout",
      "retry after T, up to r times, the last attempt waited for: P(L > t) = p^j·S(t − jT) for jT ≤ t < "
      "(j + 1)T, p = S(T); extra load p + … + p^r copies per call, solved at the fixed point x = λ(1 + "
      "f(x)) because retries raise the load that makes them",
      "attempts independent; an attempt abandoned at T still costs its service",
      "exact for that model at the fixed point",
      {"budget.stage[].retry_after", "budget.stage[].retries"},
      "T = p90 of a call, one retry: 10 % more load, and the tail past T is the retry's.",
      {},
      "Dean & Barroso, CACM 56(2), 2013"});
  t.push_back({
      "cache-miss-visits", "budget", "a stage's visits from the cache's miss ratio",
      "visits = 1 − hit ratio of the named policy at the named capacity, from the cache analysis "
      "(simulated or replayed)",
      "every miss costs one call to the stage; hits cost none",
      "as exact as the cache's hit ratio",
      {"budget.stage[].visits.cache"},
      "an LRU of 10,000 objects hitting 88 %: the database stage gets 0.12 visits per request.",
      {},
      "SPEC §3.6"});
  t.push_back({
      "mva", "budget", "closed workloads: users who think between requests (exact MVA)",
      "R_i(n) = D_i (1 + Q_i(n − 1)) for one server (multi-server stations: load-dependent MVA with "
      "the marginal probabilities of j jobs present); X(n) = n / (Z + Σ R_i); Q_i(n) = X(n) R_i(n)",
      "a product-form closed network: FCFS stations with exponential service, think time of any "
      "distribution",
      "exact for product-form networks",
      {"budget.users", "budget.think_time", "budget.stage[].servers", "budget.stage[].service_time",
       "budget.stage[].visits"},
      "20 users, Z = 1 s, demands 40 ms and 20 ms: X(20) = 17.59/s, R = 137 ms.",
      {"[budget]\nusers = 20\nthink_time = \"1 s\"\n[[budget.stage]]\nname = \"app\"\nservers = 1\n"
       "service_time = \"40 ms\"\n[[budget.stage]]\nname = \"db\"\nservers = 1\nservice_time = \"20 ms\"\n",
       "budget.throughput_per_second", 17.590003111725615},
      "M. Reiser, S. S. Lavenberg, \"Mean-value analysis of closed multichain queuing networks\", "
      "JACM 27(2), 1980; Lazowska et al. (1984), ch. 6 and 20"});
  t.push_back({
      "asymptotic-bounds", "budget", "bounds of a closed workload",
      "X ≤ min(N/(D + Z), 1/max(D_i/c_i)); R ≥ D; N* = (D + Z)/max(D_i/c_i), D = Σ D_i",
      "none beyond the demands",
      "exact bounds (MVA gives the values between them)",
      {"budget.users", "budget.think_time"},
      "demands 40 ms and 20 ms, Z = 1 s: X ≤ 1/0.04 = 25/s, N* = 1.06/0.04 = 26.5 users.",
      {"[budget]\nusers = 20\nthink_time = \"1 s\"\n[[budget.stage]]\nname = \"app\"\nservers = 1\n"
       "service_time = \"40 ms\"\n[[budget.stage]]\nname = \"db\"\nservers = 1\nservice_time = \"20 ms\"\n",
       "budget.bounds.saturation_users", 26.5},
      "Lazowska et al. (1984), ch. 5"});
  t.push_back({
      "multiclass", "budget", "open workloads with several request classes",
      "each stage one FCFS queue of every class's calls: ρ = Σ_k λ_k·visits_k·fan-out·s_k / c; the "
      "service is the classes' mix (mean and second moment weighted by calls), the wait from the "
      "stage's method; a class's residence = visits × (slowest fan-out call + latency)",
      "Poisson arrivals per class; the classes share each stage's queue",
      "as for one class: exact for M/M/c with equal service means, an approximation otherwise",
      {"budget.class", "budget.class[].arrival_rate", "budget.class[].visits", "budget.class[].service_times"},
      "browse at 200/s and buy at 20/s on a shared database: the database's utilisation adds both "
      "classes' demands, and each class gets its own percentiles.",
      {},
      "Lazowska et al. (1984), ch. 7"});
  t.push_back({
      "multiclass-mva", "budget", "closed workloads with several classes (exact multiclass MVA)",
      "R_ik(N) = D_ik/c_i·[1 + Q_i(N − e_k) + Σ_{j≤c−2}(c − 1 − j)·P_i(j | N − e_k)], X_k = N_k/(Z_k + "
      "Σ_i R_ik), over every population vector",
      "a product-form closed network",
      "exact; the work grows with the product of the class populations (bounded by the loader)",
      {"budget.class[].users", "budget.class[].think_time"},
      "two classes of 10 users each: 121 population vectors are solved.",
      {},
      "Reiser & Lavenberg, JACM 27(2), 1980"});
  t.push_back({
      "usl", "budget", "the Universal Scalability Law fitted to a load test",
      "X(N) = γN / (1 + σ(N − 1) + κN(N − 1)) fitted by least squares with σ, κ ≥ 0; peak at N = "
      "√((1 − σ)/κ)",
      "throughput measured at steady state at each concurrency",
      "a fit: the standard errors and R² say how well it describes the measurements",
      {"scalability.measurements"},
      "σ = 0.05, κ = 0.001: the peak is at √(0.95/0.001) = 30.8 concurrent requests.",
      {},
      "N. J. Gunther, Guerrilla Capacity Planning (2007), ch. 4–6"});

  // --- ring ---------------------------------------------------------------------------------
  t.push_back({
      "ketama", "ring", "ketama consistent hashing, as memcached clients place keys",
      "each node gets ⌊40·n·w/W⌋ MD5 digests of \"name-i\", 4 points per digest; a key goes to the "
      "first point at or after the MD5-based hash of the key, wrapping around; compat reproduces "
      "libketama, libmemcached, node-hashring or uhashring key for key",
      "the client's exact rules (float rounding, port handling, ties)",
      "exact: every key is placed as the client would place it (tested against the real clients)",
      {"sharding.algorithm", "sharding.compat", "sharding.nodes", "sharding.node[].weight"},
      "3 nodes of weight 1: 40 digests each, 160 points each, 480 points on the ring.",
      {},
      "D. Karger et al., \"Consistent hashing and random trees\", STOC 1997; R. Jones, libketama "
      "(last.fm, 2007)"});
  t.push_back({
      "hash-ring", "ring", "a generic consistent-hash ring with virtual nodes",
      "round(vnodes × weight) points per node at hash(\"name-i\"); a key goes to the first point at "
      "or after its hash",
      "a uniform hash",
      "exact placement; balance improves as 1/√vnodes",
      {"sharding.algorithm", "sharding.vnodes", "sharding.hash"},
      "160 vnodes per node: the largest node's key share is typically within 10–20 % of fair for a "
      "few dozen nodes.",
      {},
      "Karger et al., STOC 1997"});
  t.push_back({
      "bounded-load", "ring", "consistent hashing with bounded loads",
      "a key goes to the first node clockwise whose load is under ⌈(1 + ε)·m·wᵢ/W⌉, m the keys placed "
      "so far including this one, 1 + ε = load_factor",
      "keys arrive in the given order",
      "exact placement; no node exceeds the bound",
      {"sharding.algorithm", "sharding.load_factor", "sharding.vnodes"},
      "load_factor 1.25: no node holds more than 25 % over its fair share of keys.",
      {},
      "V. Mirrokni, M. Thorup, M. Zadimoghaddam, \"Consistent Hashing with Bounded Loads\", SODA 2018"});
  t.push_back({
      "jump-hash", "ring", "jump consistent hash",
      "b = −1, j = 0; while j < n: b = j, k = k·2862933555777941757 + 1, j = ⌊(b + 1)·2³¹ / ((k >> "
      "33) + 1)⌋; the key goes to bucket b",
      "nodes are numbered buckets of equal weight, added and removed at the end",
      "exact placement; balance is near perfect and a change moves the minimum",
      {"sharding.algorithm", "sharding.hash"},
      "growing from 9 to 10 buckets moves 1/10 of the keys, all to the new bucket.",
      {},
      "J. Lamping, E. Veach, \"A Fast, Minimal Memory, Consistent Hash Algorithm\", arXiv:1406.2294, 2014"});
  t.push_back({
      "rendezvous", "ring", "rendezvous (highest random weight) hashing",
      "score = −w / ln(u), u uniform in (0, 1) from the key's and node's hashes; the highest score "
      "wins (logarithmic method for weights)",
      "a uniform hash",
      "exact placement; shares match weights in expectation",
      {"sharding.algorithm", "sharding.node[].weight"},
      "removing one of 10 nodes moves only that node's keys, spread over the other nine.",
      {},
      "D. Thaler, C. Ravishankar, \"Using name-based mappings to increase hit rates\", IEEE/ACM ToN "
      "6(1), 1998; C. Schindelhauer, G. Schomaker, \"Weighted distributed hash tables\", SPAA 2005"});
  t.push_back({
      "maglev", "ring", "Maglev hashing's lookup table",
      "each node walks its permutation offset + j·skip mod M of the M slots, claiming the first free "
      "one in turn (weighted: the node furthest below its share goes next); a key goes to slot "
      "hash mod M",
      "M prime and much larger than the nodes",
      "exact placement; shares differ from fair by at most about n/M",
      {"sharding.algorithm", "sharding.table_size"},
      "M = 65,537 and 10 nodes: each holds 6,553 or 6,554 slots.",
      {},
      "D. E. Eisenbud et al., \"Maglev: A Fast and Reliable Software Network Load Balancer\", NSDI "
      "2016, §3.4"});
  t.push_back({
      "modulo", "ring", "hash modulo the number of nodes",
      "node = hash(key) mod n",
      "a uniform hash",
      "exact placement; changing n moves about (1 − 1/n) of the keys",
      {"sharding.algorithm", "sharding.hash"},
      "from 4 to 5 nodes: about 80 % of the keys move.",
      {},
      "Karger et al., STOC 1997 (why consistent hashing replaces it)"});
  t.push_back({
      "ring-balance", "ring", "how evenly keys, load and hash space spread",
      "x_i = share_i / (w_i / W); imbalance = max x_i; standard deviation and coefficient of "
      "variation of x_i; arc share: each ring point owns the hash space back to the previous point, "
      "summed per node (exact, not sampled); load share weights keys by Zipf popularity",
      "keys as given (a file, a format, or counted) and the popularity given",
      "exact for the keys placed; the arc share is exact for the hash space",
      {"sharding.keys", "sharding.key_format", "sharding.key_file", "sharding.popularity.zipf",
       "sharding.max_imbalance"},
      "4 equal nodes, the largest holding 30 % of the keys: imbalance 0.30/0.25 = 1.2.",
      {},
      "SPEC §3.4"});
  t.push_back({
      "ring-change", "ring", "what a change of nodes moves",
      "moved fraction = keys whose node changed / keys; ideal = ½ Σ |fair share before − fair share "
      "after|; the moved arc fraction over the hash space",
      "the same keys before and after",
      "exact",
      {"sharding.change", "sharding.change.add", "sharding.change.remove", "sharding.change.reweight"},
      "4 equal nodes to 5: ideal ½ (4 × (0.25 − 0.2) + 0.2) = 0.2.",
      {},
      "SPEC §3.4"});
  t.push_back({
      "vnodes-needed", "ring", "virtual nodes for a target imbalance",
      "a generic ring built at doubling vnode counts then bisected until its exact arc imbalance ≤ "
      "target; rule of thumb (√(2 ln n) / (target − 1))²",
      "arc imbalance stands in for key imbalance with many keys",
      "exact for the arcs of that hash; the rule of thumb is a normal approximation",
      {"sharding.max_imbalance", "sharding.vnodes"},
      "10 nodes, target 1.1: (√(2 ln 10)/0.1)² = 460 vnodes by the rule of thumb.",
      {},
      "SPEC §3.4"});

  // --- cache --------------------------------------------------------------------------------
  t.push_back({
      "che", "cache", "LRU hit ratio by Che's approximation",
      "find T with Σ_i (1 − e^{−p_i T}) = C; hit ratio = Σ_i p_i (1 − e^{−p_i T})",
      "the independent reference model: requests drawn independently, object i with probability p_i "
      "(Zipf)",
      "an approximation, very accurate for caches of more than a few dozen objects",
      {"cache.capacity", "cache.capacities", "cache.workload.objects", "cache.workload.zipf"},
      "1,000,000 objects, Zipf 0.8, 10,000 slots: T solves the sum, and the hit ratio is within a "
      "fraction of a percent of the simulated one.",
      {},
      "H. Che, Y. Tung, Z. Wang, \"Hierarchical Web caching systems: modeling, design and experimental "
      "results\", IEEE JSAC 20(7), 2002; C. Fricker, P. Robert, J. Roberts, \"A versatile and accurate "
      "approximation for LRU cache performance\", ITC 2012"});
  t.push_back({
      "fifo-random", "cache", "FIFO and RANDOM hit ratio by the characteristic time",
      "find T with Σ_i p_i T / (1 + p_i T) = C; hit ratio = Σ_i p_i · p_i T / (1 + p_i T)",
      "the independent reference model",
      "an approximation (FIFO and RANDOM have the same hit ratio under IRM)",
      {"cache.capacity", "cache.workload.objects", "cache.workload.zipf"},
      "with the same T-equation as LRU but h = pT/(1 + pT), FIFO hits a little less than LRU.",
      {},
      "E. Gelenbe, \"A unified approach to the evaluation of a class of replacement algorithms\", IEEE "
      "Trans. Computers C-22(6), 1973; V. Martina, M. Garetto, E. Leonardi, \"A unified approach to the "
      "performance analysis of caching systems\", INFOCOM 2014"});
  t.push_back({
      "perfect-lfu", "cache", "LFU's hit ratio bound: the mass of the C most popular objects",
      "hit ratio = Σ_{i ≤ C} p_i",
      "the independent reference model; a perfect LFU knows the popularities",
      "exact for perfect LFU; an upper bound for real LFU and every policy under IRM",
      {"cache.capacity", "cache.workload.objects", "cache.workload.zipf"},
      "uniform popularity over 100 objects and 10 slots: 0.10.",
      {},
      "L. Breslau et al., \"Web caching and Zipf-like distributions\", INFOCOM 1999"});
  t.push_back({
      "lifo", "cache", "LIFO's hit ratio",
      "the first C − 1 distinct objects requested stay for ever and one slot churns: object i is among "
      "them with probability s_i = 1 − e^{−p_i t}, Σ s_i = C − 1 (Che's equation); the churning slot "
      "holds the last object missed, hit with probability Σ r_i p_i / Σ r_i, r_i = p_i (1 − s_i); "
      "h = Σ p_i s_i + that",
      "the independent reference model",
      "an approximation of the same kind as Che's",
      {"cache.capacity", "cache.workload.objects", "cache.workload.zipf"},
      "LIFO keeps its first objects: with Zipf popularity it does far worse than LRU.",
      {},
      "SPEC §3.5"});
  t.push_back({
      "mattson", "cache", "the LRU miss ratio curve from stack distances",
      "one pass over the trace: a reference's stack distance is the number of distinct objects (or "
      "bytes, with sizes) referenced since its last reference; miss ratio at C = (cold misses + "
      "references with distance ≥ C) / references",
      "LRU's inclusion property: a cache of C holds the C most recently used objects",
      "exact for every capacity in objects; in bytes, exact from the largest object up and with "
      "constant object sizes",
      {"cache.miss_ratio_curve", "cache.workload.trace"},
      "a trace a b a c b a: distances ∞ ∞ 1 ∞ 2 2; at C = 2 the misses are the three cold ones and "
      "the two of distance 2: 5/6.",
      {},
      "R. L. Mattson, J. Gecsei, D. R. Slutz, I. L. Traiger, \"Evaluation techniques for storage "
      "hierarchies\", IBM Systems Journal 9(2), 1970"});
  t.push_back({
      "shards", "cache", "SHARDS: the miss ratio curve from a spatial sample",
      "track only keys whose hash falls below R·2⁶⁴; scale their stack distances by 1/R; standard "
      "error √(m(1 − m)/sampled) per point",
      "the hash samples keys uniformly",
      "an estimate with its standard error (exact at sample_rate = 1)",
      {"cache.sample_rate"},
      "R = 0.01 on 100 M references tracks about 1 M of them at a hundredth of the memory.",
      {},
      "C. A. Waldspurger, N. Park, A. Garthwaite, I. Ahmad, \"Efficient MRC Construction with "
      "SHARDS\", FAST 2015"});
  t.push_back({
      "batch-means", "cache", "confidence intervals of simulated hit ratios",
      "the run cut into 20 batches; ci95 = t(0.975, 19) × s/√20, s the standard deviation of the "
      "batches' hit ratios",
      "batches long enough to be nearly independent",
      "an estimate; cold misses are counted unless cache.warmup excludes them",
      {"cache.workload.requests"},
      "batch hit ratios with s = 0.002: ci95 = 2.093 × 0.002/4.47 = 0.00094.",
      {},
      "A. M. Law, Simulation Modeling and Analysis, 5th ed. (2015), §9.5.3"});
  t.push_back({
      "warmup", "cache", "hit ratios counted after a warm-up",
      "hit ratio = hits / requests over the requests after the warm-up W: W = a count, ⌈share × N⌉ "
      "(a trace's N counted by a first pass), or for \"fill\" the request that fills each cache: "
      "before a cache's first eviction every policy holds every distinct object seen (each admits "
      "on a miss), so W is where the distinct objects' sizes first reach the capacity; cold "
      "figures count all N",
      "the warm-up requests still reach the caches, which start the counted part warm",
      "exact: a count of the simulated hits; with a warm-up, ci95 is taken over the batches that "
      "start after it, with Student's t for their number",
      {"cache.warmup"},
      "trace 1 2 1 3 1 2, LRU of 2, warmup = 2: requests 1 2 1 3 1 2 hit -,-,h,-,h,- ; counted "
      "from the third: 2 hits in 4 = 50%, cold 2 in 6 = 33.3%.",
      {},
      "A. M. Law, Simulation Modeling and Analysis, 5th ed. (2015), §9.5.1 (the initial transient "
      "and the warm-up period)"});

  // --- report: the chain ----------------------------------------------------------------------
  t.push_back({
      "chain", "report", "how one analysis's result becomes another's input",
      "size's peak requests/s → budget's arrival rate (without budget.arrival_rate) and lag's write "
      "rate (without replication.write_rate); a cache policy's miss ratio → the visits of a budget stage "
      "with visits = { cache = POLICY }; size's servers needed, and a budget stage's servers needed "
      "over its component's concurrency → cost's replicas (the most of these and the file's)",
      "each analysis runs once per report, after the analyses it reads",
      "exact: the value passed on is the one the earlier analysis reports; each analysis's JSON lists "
      "what it took as chained_inputs, and report --explain prints each chain as a flow line",
      {"budget.stage[].visits.cache", "budget.stage[].component", "budget.arrival_rate",
       "replication.write_rate", "cost.replica_hour"},
      "1,000 requests/s at a peak factor of 3 on servers of 500/s at 70 %: size needs 9, so cost "
      "prices 9 replicas: 9 × 0.10 × 730.5 h = 657.45 a month (flow: size.servers.api 9 → "
      "cost.components.api.replicas 9 → cost.components.api.monthly 657.45 → cost.monthly_total).",
      {"[traffic]\nrequest_rate = \"1000/s\"\npeak_to_average = 3\n[components.api]\ncapacity = \"500/s\"\n"
       "replicas = 2\nmin_healthy = 2\n[cost]\nreplica_hour = 0.1\n",
       "cost.monthly_total", 9 * 0.1 * 730.5},
      "SPEC §3.8"});

  // --- cost ---------------------------------------------------------------------------------
  t.push_back({
      "cost", "cost", "monthly cost per component and in total",
      "a component: replicas × price per replica-hour × 730.5 h (replicas = the most of the file's, "
      "size's servers needed and budget's servers needed over the concurrency); storage: GiB held × "
      "storage_gb_month; egress: average bytes/s × a month / 2³⁰ × egress_gb; cache: capacity in GiB "
      "× cache_gb_month",
      "prices are flat; a month is 365.25/12 days; GiB = 2³⁰ bytes",
      "exact arithmetic on the inputs",
      {"cost.currency", "cost.replica_hour", "cost.storage_gb_month", "cost.egress_gb",
       "cost.cache_gb_month", "cost.components"},
      "4 replicas at 0.10 USD an hour: 4 × 0.10 × 730.5 = 292.20 USD a month.",
      {"[components.api]\nreplicas = 4\n[cost]\ncurrency = \"USD\"\nreplica_hour = 0.1\n",
       "cost.monthly_total", 292.2},
      "SPEC §3.8"});
  return t;
}

}  // namespace

const std::vector<Topic>& topics() {
  static const std::vector<Topic> kTopics = build();
  return kTopics;
}

const Topic* find_topic(std::string_view id) {
  const std::vector<Topic>& all = topics();
  const auto it = std::find_if(all.begin(), all.end(), [&](const Topic& t) { return t.id == id; });
  return it == all.end() ? nullptr : &*it;
}

const KeySpec* topic_key(std::string_view path) {
  for (const KeySpec& k : schema()) {
    const bool top = k.table.empty();
    if (top ? path == k.key
            : path.size() == k.table.size() + 1 + k.key.size() && path.substr(0, k.table.size()) == k.table &&
                  path[k.table.size()] == '.' && path.substr(k.table.size() + 1) == k.key)
      return &k;
  }
  return nullptr;
}

}  // namespace headroom::calc
