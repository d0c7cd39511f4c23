#!/usr/bin/env bash
# Prints headroom's benchmark figures. Usage: bash bench/run.sh build/headroom
# Target (issue 2): an analytic command (`avail` on an example) under 20 ms as a whole process.
set -euo pipefail
bin=${1:-build/headroom}
runs=${RUNS:-200}

per_run_ms() {  # mean wall time of one process, over $runs runs
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.2f", ns / n / 1e6 }'
}

echo "headroom benchmarks ($runs runs each, whole process, wall time)"
for example in examples/*.toml; do
  printf '  avail  %-32s %6s ms/run\n' "$example" "$(per_run_ms "$bin" avail "$example" -f json)"
done
printf '  report %-32s %6s ms/run\n' examples/photo-sharing.toml "$(per_run_ms "$bin" report examples/photo-sharing.toml)"
printf '  check  %-32s %6s ms/run\n' examples/photo-sharing.toml "$(per_run_ms "$bin" check examples/photo-sharing.toml)"
if command -v valgrind >/dev/null; then
  instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" avail examples/payments-api.toml 2>&1 >/dev/null | awk '/Collected/ {print $4}')
  echo "  avail examples/payments-api.toml: $instructions instructions (callgrind, repeatable)"
fi
