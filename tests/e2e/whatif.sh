#!/usr/bin/env bash
# What-if commands end to end: `sweep` against its goldens (table, CSV, JSON), against a loop of
# `--set` runs point for point, the same bytes on 1 and 4 jobs, its plot, and bad --vary's.
# To update the goldens deliberately: UPDATE_GOLDEN=1 bash tests/e2e/whatif.sh build/headroom
set -u
bin=$1
source "$(dirname "$0")/lib.sh"


sweep=(sweep examples/web-tiers.toml --vary traffic.daily_active_users=1M..4M:7 --set budget.samples=20k)
golden web-tiers.sweep.txt "$bin" "${sweep[@]}"
golden web-tiers.sweep.csv "$bin" "${sweep[@]}" -f csv
golden web-tiers.sweep.json "$bin" "${sweep[@]}" -f json

# Point for point what --set gives, to the last digit, for every metric.
"$bin" "${sweep[@]}" -f csv | tail -n +2 | while IFS=, read -r users headroom mean p99 _; do
  one=$("$bin" report examples/web-tiers.toml --set budget.samples=20k \
        --set traffic.daily_active_users="$users" -f csv | grep -E '^budget\.(headroom|latency_seconds\.(mean|p99)),')
  want=$(printf 'budget.headroom,%s\nbudget.latency_seconds.mean,%s\nbudget.latency_seconds.p99,%s' "$headroom" "$mean" "$p99")
  got=$(echo "$one" | cut -d, -f1,2 | sort)
  [ "$got" = "$(echo "$want" | sort)" ] || fail "sweep at users=$users: $(echo "$want" | tr '\n' ' ') but --set gives $(echo "$got" | tr '\n' ' ')"
done

# The same bytes on one job and on four; the plot too.
grid=(sweep examples/product-pages.toml --vary cache.capacity=10k..80k:x2 --vary budget.stage.db.servers=[8,12]
      --metric budget.stages.db.utilization --metric budget.latency_seconds.p99 --set budget.samples=20k)
"$bin" "${grid[@]}" -f json -j 1 --plot "$tmp/one.svg" >"$tmp/one.json" || fail "grid sweep -j 1"
"$bin" "${grid[@]}" -f json -j 4 --plot "$tmp/four.svg" >"$tmp/four.json" || fail "grid sweep -j 4"
cmp -s "$tmp/one.json" "$tmp/four.json" || fail "sweep -j 1 and -j 4 differ"
cmp -s "$tmp/one.svg" "$tmp/four.svg" || fail "sweep --plot differs between -j 1 and -j 4"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['sweep']['points'])==8" "$tmp/one.json" \
  || fail "grid sweep JSON is not 8 points"
python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$tmp/one.svg" || fail "sweep --plot is not XML"
[ "$(grep -c '<polyline' "$tmp/one.svg")" -ge 2 ] || fail "sweep --plot has fewer than two lines"
# Values with XML's special characters are escaped in the plot.
"$bin" sweep examples/web-tiers.toml --vary 'system.name=["a&b", "<c>"]' --vary traffic.peak_to_average=2..3 \
  --set budget.samples=10k --plot "$tmp/names.svg" >/dev/null || fail "sweep over names"
python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$tmp/names.svg" || fail "sweep --plot with '&' and '<' is not XML"

# Bad input: exit 2, one clear line, nothing on stdout.
bad() {  # bad 'MESSAGE' ARGS...
  local want=$1; shift
  "$bin" sweep "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  [ "$code" = 2 ] || fail "sweep $* exited $code, not 2"
  [ -s "$tmp/out" ] && fail "sweep $* wrote to stdout"
  grep -qF -- "$want" "$tmp/err" || { fail "sweep $*: no '$want' in:"; cat "$tmp/err" >&2; }
}
bad "FROM '8' is above TO '2'" examples/web-tiers.toml --vary budget.stage.db.servers=8..2
bad "a step count of 0 gives no values" examples/web-tiers.toml --vary traffic.peak_to_average=1..3:0
bad "did you mean 'servers'?" examples/web-tiers.toml --vary budget.stage.db.servrs=1..3
bad "no [[budget.stage]] named 'dbx'" examples/web-tiers.toml --vary budget.stage.dbx.servers=1..3
bad "the key is not a number, so it takes a list" examples/web-tiers.toml --vary system.name=1..3
bad "20000 values, more than 10000" examples/web-tiers.toml --vary traffic.peak_to_average=1..20000
bad "40000 points in all, more than 10000" examples/web-tiers.toml --vary traffic.peak_to_average=1..200 --vary budget.stage.db.servers=1..200
bad "--vary budget.stage.db.servers=1.5: budget.stage[2].servers" examples/web-tiers.toml --vary budget.stage.db.servers=1.5..2.5:3
bad "no metric 'budget.latncy' in the report" examples/web-tiers.toml --vary budget.stage.db.servers=40..41 --metric budget.latncy
bad "--vary traffic.peak_to_average is given twice" examples/web-tiers.toml --vary traffic.peak_to_average=1..2 --vary traffic.peak_to_average=3..4

# solve: the answer passes when run alone, the value past it fails; exit 1 when nothing passes.
"$bin" solve examples/photo-sharing.toml --max traffic.daily_active_users -f json >"$tmp/solve.json" || fail "solve photo-sharing"
read -r answer past < <(python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['solve']; print(s['value_as_written'], s['next_value'])" "$tmp/solve.json")
"$bin" check examples/photo-sharing.toml --set traffic.daily_active_users="\"$answer\"" >/dev/null || fail "solve's answer $answer fails check"
"$bin" check examples/photo-sharing.toml --set traffic.daily_active_users="\"$past\"" >/dev/null && fail "the value past solve's answer, $past, passes check"
golden photo-sharing.solve.txt "$bin" solve examples/photo-sharing.toml --max traffic.daily_active_users
"$bin" solve examples/photo-sharing.toml --max traffic.daily_active_users --within 1G..2G >/dev/null 2>&1
[ $? = 1 ] || fail "solve with no passing value did not exit 1"
# solve --min METRIC --vary: the cheapest passing value, and check passes there and fails at
# every cheaper one (2 replicas miss the availability target; 3 is the file's).
golden photo-sharing.solve-cost.txt "$bin" solve examples/photo-sharing.toml --min cost.monthly_total \
  --vary components.metadata_db.replicas=2..6
"$bin" check examples/photo-sharing.toml --set components.metadata_db.replicas=3 >/dev/null || fail "solve --min cost's answer fails check"
"$bin" check examples/photo-sharing.toml --set components.metadata_db.replicas=2 >/dev/null && fail "a cheaper value than solve --min cost's passes"
"$bin" solve examples/photo-sharing.toml --min cost.monthly_total --vary components.metadata_db.replicas=2..6 --within 1..2 \
  >/dev/null 2>&1
[ $? = 2 ] || fail "solve --vary with --within is not refused"
"$bin" solve examples/photo-sharing.toml --min cost.nope --vary components.metadata_db.replicas=2..6 >/dev/null 2>&1
[ $? = 2 ] || fail "solve --min with an unknown metric is not refused"
"$bin" solve examples/photo-sharing.toml --max system.name >/dev/null 2>"$tmp/err"
[ $? = 2 ] && grep -q "not a number" "$tmp/err" || fail "solve on a name did not exit 2 with a reason"

[ $status -eq 0 ] && echo "whatif: ok"
exit $status
