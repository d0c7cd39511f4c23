#!/usr/bin/env bash
# Prints headroom's benchmark figures. Usage: bash bench/run.sh build/headroom
# Targets: issue 2, an analytic command under 20 ms as a whole process; issue 4, `ring map`
# over 10M keys at >= 6M keys/s on one core and >= 10M keys/s on two with ketama, >= 20M keys/s
# with an xxh64 ring, and a 10M-key analysis over 1,000 nodes x 160 vnodes under 3 s with
# memory independent of the key count; issue 3, on a 20M-request "key 1" trace (Zipf 1.0 over 2M
# objects, cache 1% and 10% of the distinct objects), LRU or FIFO alone >= 20M requests/s on one
# core, the six seed policies in one pass >= 6M requests/s, the exact LRU curve under 5 s, memory
# bounded by the cache and the working set; issue 8, avail on a 100,000-component path and a
# chain of 100,000 nested groups well under a second, and 16 shared blocks or a Fibonacci
# nesting without exponential time; issue 10, a lag analysis under 20 ms as a whole process,
# 10M WARS trials under 3 s on two cores and 100M under 30 s, memory independent of the trials.
# Issue 11: an analytic budget under 20 ms as a whole process, 10M Monte Carlo samples of the
# end-to-end latency under 2 s on two cores, exact MVA for 10,000 users over 20 stations under
# 100 ms, the reverse solve (the SLO's largest rate and fewest servers) under 200 ms.
# ONLY=lag runs the lag figures alone, ONLY=budget the budget figures, ONLY=whatif sweep and solve,
# ONLY=cache the cache replays (text and oracleGeneral).
set -euo pipefail
bin=$(realpath "${1:-build/headroom}")
zipf_trace=$(dirname "$bin")/zipf_trace
runs=${RUNS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() {  # wall seconds of one run of a command, stdin from $input
  local start end
  start=$(date +%s%N)
  "$@" < "${input:-/dev/null}" > /dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

per_run_ms() {  # mean wall time of one process, over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.2f", ns / n / 1e6 }'
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.1f", n / s / 1e6 }'; }

echo "headroom benchmarks (whole process, wall time; $(nproc) cores)"

lag_figures() {
  echo "lag ($runs runs each):"
  for example in examples/mysql-replicas.toml examples/two-primaries.toml; do
    printf '  lag    %-30s %7s ms/run\n' "$example" "$(per_run_ms "$bin" lag "$example" -f json)"
  done
  echo "PBS: WARS trials, N=3 R=W=1, LNKD-SSD legs (wall s, peak RSS):"
  for trials in 10M 100M; do
    sed "s/^trials = .*/trials = \"$trials\"/" examples/cassandra-quorum.toml > "$work/quorum.toml"
    for cpus in 0 0-1; do
      local start end rss
      start=$(date +%s%N)
      rss=$( { /usr/bin/time -f '%M' taskset -c "$cpus" "$bin" lag "$work/quorum.toml" -f json > "$work/q.json"; } 2>&1 | tail -1)
      end=$(date +%s%N)
      printf '  %-5s trials on cpus %-4s %7s s  %6s MB  p(t=0) %s\n' "$trials" "$cpus" \
        "$(awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }')" "$((rss / 1024))" \
        "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["quorum"]["consistent_probability"][0]["probability"])' "$work/q.json")"
    done
  done
}
if [ "${ONLY:-}" = lag ]; then lag_figures; exit 0; fi

budget_figures() {
  echo "budget ($runs runs each unless said):"
  # Analytic: the stages' closed forms, no SLO to solve and the fewest Monte Carlo draws.
  sed -e 's/^samples = .*/samples = 1000/' -e '/^slo = /d' examples/web-tiers.toml > "$work/analytic.toml"
  printf '  budget analytic (web-tiers, no SLO, 1,000 draws)   %7s ms/run\n' "$(per_run_ms "$bin" budget "$work/analytic.toml" -f json)"
  sed -e 's/^samples = .*/samples = 1000/' examples/web-tiers.toml > "$work/solve.toml"
  printf '  budget with the SLO solved (web-tiers, 1,000 draws) %7s ms/run\n' "$(per_run_ms "$bin" budget "$work/solve.toml" -f json)"
  printf '  budget closed (checkout-users, 2,000 users)         %7s ms/run\n' "$(per_run_ms "$bin" budget examples/checkout-users.toml -f json)"
  printf '  budget USL fit (load-test-usl)                      %7s ms/run\n' "$(per_run_ms "$bin" budget examples/load-test-usl.toml -f json)"
  sed -e 's/^samples = .*/samples = "10M"/' -e '/^slo = /d' examples/web-tiers.toml > "$work/mc.toml"
  for cpus in 0 0-1; do
    printf '  10M Monte Carlo draws (web-tiers) on cpus %-4s     %7s s\n' "$cpus" "$(seconds taskset -c "$cpus" "$bin" budget "$work/mc.toml" -f json)"
  done
  { printf '[budget]\nusers = 10000\nthink_time = "5 s"\n'
    for i in $(seq 0 19); do
      printf '[[budget.stage]]\nname = "s%d"\nservers = %d\nservice_time = "%d ms"\n' "$i" $((1 + (i * 5) % 33)) $((1 + i % 7))
    done; } > "$work/mva.toml"
  printf '  exact MVA, 10,000 users over 20 stations            %7s ms/run\n' "$(runs=10 per_run_ms "$bin" budget "$work/mva.toml" -f json)"
}
if [ "${ONLY:-}" = budget ]; then budget_figures; exit 0; fi

cache_figures() {
echo "cache replay, 20M requests (Zipf 1.0 over 2M objects, 'key 1' text, 131 MB):"
"$zipf_trace" 20000000 2000000 1.0 > "$work/trace.txt"
cache_run() {  # cache_run LABEL REQUESTS TOML-BODY [taskset...]; TRACE, FORMAT choose the trace
  local label=$1 requests=$2 body=$3; shift 3
  printf '[cache]\n%s\n[cache.workload]\ntrace = "%s"\ntrace_format = "%s"\n' "$body" "${TRACE:-trace.txt}" \
    "${FORMAT:-key size}" > "$work/cache.toml"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" "$bin" cache "$work/cache.toml" -q -f json > "$work/cache.json"
  read -r s kb < "$work/time"
  echo "  $label: ${s} s, $(rate "$requests" "$s") M requests/s, max RSS $((kb / 1024)) MiB"
}
for capacity in 15000 150000; do  # about 1% and 10% of the ~1.5M distinct objects
  cache_run "LRU alone, one core, capacity $capacity" 2e7 "capacity = $capacity
policies = [\"lru\"]
miss_ratio_curve = false" taskset -c 0
  cache_run "FIFO alone, one core, capacity $capacity" 2e7 "capacity = $capacity
policies = [\"fifo\"]
miss_ratio_curve = false" taskset -c 0
  cache_run "six seed policies, one pass, two cores, capacity $capacity" 2e7 "capacity = $capacity
miss_ratio_curve = false"
done
# The same requests as libCacheSim's oracleGeneral binary records (24 bytes each, 480 MB), and
# zstd-compressed when zstd is installed: the binary path against the text path above.
"$zipf_trace" 20000000 2000000 1.0 1 oracleGeneral > "$work/trace.oracleGeneral"
TRACE=trace.oracleGeneral FORMAT=oracleGeneral cache_run "LRU alone, one core, capacity 15000, oracleGeneral binary" 2e7 "capacity = 15000
policies = [\"lru\"]
miss_ratio_curve = false" taskset -c 0
if command -v zstd >/dev/null; then
  zstd -q -3 -T2 "$work/trace.oracleGeneral" -o "$work/trace.oracleGeneral.zst"
  TRACE=trace.oracleGeneral.zst FORMAT=oracleGeneral cache_run "LRU alone, one core, capacity 15000, oracleGeneral .zst" 2e7 "capacity = 15000
policies = [\"lru\"]
miss_ratio_curve = false" taskset -c 0
fi
rm -f "$work/trace.oracleGeneral" "$work/trace.oracleGeneral.zst"
# (an empty policies list is refused: the curve is measured beside LRU, the default pair)
cache_run "LRU with its exact curve (the default)" 2e7 "capacity = 15000
policies = [\"lru\"]"
cache_run "LRU with its exact curve, in bytes (every object 1 byte here)" 2e7 "capacity = \"15 kB\"
policies = [\"lru\"]"
head -n 2000000 "$work/trace.txt" > "$work/trace-2m.txt"
mv "$work/trace-2m.txt" "$work/trace.txt"
cache_run "LRU with its exact curve, first 2M requests (memory vs length)" 2e6 "capacity = 15000
policies = [\"lru\"]"
}
if [ "${ONLY:-}" = cache ]; then cache_figures; exit 0; fi

whatif_figures() {
  echo "what-if ($runs runs each unless said):"
  # photo-sharing: size and avail, closed forms (SPEC targets: a 100-point sweep under 0.5 s,
  # a solve under 100 ms, whole process).
  printf '  sweep, 100 points (photo-sharing, daily users)      %7s ms/run\n' \
    "$(per_run_ms "$bin" sweep examples/photo-sharing.toml --vary traffic.daily_active_users=1M..100M:100 -f json)"
  printf '  solve --max daily users (photo-sharing)             %7s ms/run\n' \
    "$(per_run_ms "$bin" solve examples/photo-sharing.toml --max traffic.daily_active_users -f json)"
  # A cache simulation of 10M requests in the file: a sweep over the db's servers replays it once.
  sed -e 's/^requests = .*/requests = "10M"/' -e 's/^samples = .*/samples = 1000/' examples/product-pages.toml > "$work/pp.toml"
  printf '  budget alone (product-pages, 10M cache requests)    %7s s\n' "$(seconds "$bin" budget "$work/pp.toml" -f json)"
  printf '  sweep of 8 db server counts, same file              %7s s\n' \
    "$(seconds "$bin" sweep "$work/pp.toml" --vary budget.stage.db.servers=8..15 -f json)"
}
if [ "${ONLY:-}" = whatif ]; then whatif_figures; exit 0; fi
echo "analytic commands ($runs runs each):"
for example in examples/payments-api.toml examples/photo-sharing.toml examples/url-shortener.toml; do
  printf '  avail  %-30s %7s ms/run\n' "$example" "$(per_run_ms "$bin" avail "$example" -f json)"
done
printf '  check  %-30s %7s ms/run\n' examples/photo-sharing.toml "$(per_run_ms "$bin" check examples/photo-sharing.toml)"

echo "large diagrams (avail -f json, one run each; validate alone is the load):"
awk 'BEGIN { n = 100000; for (i = 0; i < n; i++) printf "[components.c%d]\navailability = 0.9999999\n", i;
             printf "[availability]\npath = ["; for (i = 0; i < n; i++) printf "%s\"c%d\"", (i ? ", " : ""), i; print "]" }' > "$work/path.toml"
awk 'BEGIN { n = 100000; print "[components.c]\navailability = 0.999999\n[groups.g0]\nall_of = [\"c\"]";
             for (i = 1; i < n; i++) printf "[groups.g%d]\nany_of = [\"g%d\"]\n", i, i - 1;
             printf "[availability]\npath = [\"g%d\"]\n", n - 1 }' > "$work/chain.toml"
awk 'BEGIN { print "[components.x]\navailability = 0.9\n[components.y]\navailability = 0.8\n[groups.g1]\nall_of = [\"x\"]\n[groups.g2]\nall_of = [\"y\"]";
             for (i = 3; i <= 90; i++) printf "[groups.g%d]\nall_of = [\"g%d\", \"g%d\"]\n", i, i - 1, i - 2;
             print "[availability]\npath = [\"g90\"]" }' > "$work/fibonacci.toml"
for f in path chain fibonacci; do
  printf '  avail  %-24s %7s s   (validate %s s)\n' "$f" "$(seconds "$bin" avail "$work/$f.toml" -f json)" \
    "$(seconds "$bin" validate "$work/$f.toml")"
done

echo "ring map over 10M keys (key:0 .. key:9999999, 119 MB):"
seq -f "key:%.0f" 0 9999999 > "$work/keys.txt"
nodes='["cache-1:11211", "cache-2:11211", "cache-3:11211", "cache-4:11211"]'
printf '[sharding]\nnodes = %s\n' "$nodes" > "$work/ketama.toml"
printf '[sharding]\nalgorithm = "ring"\nhash = "xxh64"\nnodes = %s\n' "$nodes" > "$work/xxh64.toml"
input=$work/keys.txt
s=$(seconds "$bin" ring map "$work/ketama.toml"); echo "  ketama, two cores      ${s} s  $(rate 1e7 "$s") M keys/s"
s=$(seconds taskset -c 0 "$bin" ring map "$work/ketama.toml"); echo "  ketama, one core       ${s} s  $(rate 1e7 "$s") M keys/s"
s=$(seconds "$bin" ring map "$work/xxh64.toml"); echo "  xxh64 ring, two cores  ${s} s  $(rate 1e7 "$s") M keys/s"
input=/dev/null

echo "ring analysis, 1,000 nodes:"
{ printf '[sharding]\nalgorithm = "ring"\nhash = "xxh64"\nvnodes = 160\nkeys = "KEYS"\nnodes = ['
  for i in $(seq 1 1000); do printf '"node-%d",' "$i"; done; printf ']\n'; } > "$work/big.toml"
for keys in 1M 10M; do
  sed "s/KEYS/$keys/" "$work/big.toml" > "$work/big-$keys.toml"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" ring "$work/big-$keys.toml" -f json > /dev/null
  read -r s kb < "$work/time"
  echo "  ring x 160 vnodes, $keys keys: ${s} s, max RSS $((kb / 1024)) MiB"
done
sed 's/KEYS/10M/; s/algorithm = "ring"/algorithm = "ketama"/; /^hash/d; /^vnodes/d' "$work/big.toml" > "$work/bigk.toml"
/usr/bin/time -f "%e %M" -o "$work/time" "$bin" ring "$work/bigk.toml" -f json > /dev/null
read -r s kb < "$work/time"
echo "  ketama (160 points each), 10M keys: ${s} s, max RSS $((kb / 1024)) MiB"

cache_figures

if command -v valgrind >/dev/null; then
  instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" avail examples/payments-api.toml 2>&1 >/dev/null | awk '/Collected/ {print $4}')
  echo "avail examples/payments-api.toml: $instructions instructions (callgrind, repeatable)"
fi

lag_figures
budget_figures
whatif_figures
