#!/usr/bin/env bash
# Baselines end to end: every shipped example compared with its own report changes nothing and
# matches every number of its CSV by path; a pull request against main (twice the traffic,
# components reordered, one removed, one added) gives the hand-computed changes; check
# --baseline's table, JSON and markdown against goldens with its exit codes; every bad
# baseline is exit 2 with nothing on stdout.
# To update the goldens deliberately: UPDATE_GOLDEN=1 bash tests/e2e/baseline.sh build/headroom
set -u
bin=$1
source "$(dirname "$0")/lib.sh"

# Round trip: the report against itself.
for model in examples/*.toml; do
  "$bin" report "$model" -f json -q >"$tmp/base.json" || fail "report $model exited $?"
  "$bin" report "$model" -f json -q --baseline "$tmp/base.json" >"$tmp/same.json" || fail "report $model --baseline exited $?"
  "$bin" report "$model" -f csv -q >"$tmp/same.csv"
  python3 - "$tmp/same.json" "$tmp/same.csv" "$model" <<'PY' || status=1
import csv, json, sys
d = json.load(open(sys.argv[1]))["baseline"]
rows = list(csv.reader(open(sys.argv[2])))[1:]
numbers = []
for metric, value in rows:
    try: float(value)
    except ValueError: continue
    if metric not in ("schema_version", "seed"): numbers.append(metric)
got = [m["metric"] for m in d["metrics"]]
problems = []
if d["changed"] != 0: problems.append(f"{d['changed']} changed")
if d["added"] or d["removed"]: problems.append(f"added {d['added'][:3]} removed {d['removed'][:3]}")
if got != numbers: problems.append(f"paths differ from the CSV's: {sorted(set(got) ^ set(numbers))[:5]}")
for p in problems: print(f"FAIL: {sys.argv[3]} against its own report: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
PY
done

# A pull request against main, by hand: requests double; web needs ⌈4000/(200 × 0.7)⌉ + 11 = 40
# servers (main: ⌈2000/140⌉ + 11 = 26), db ⌈4000/350⌉ + 5 = 17 (main: 6 + 5 = 11).
data=tests/data/baseline
"$bin" report $data/main.toml -f json >"$tmp/main.json" || fail "report main.toml exited $?"
"$bin" report $data/pr.toml -f json --baseline "$tmp/main.json" >"$tmp/pr.json" || fail "report pr.toml --baseline exited $?"
python3 - "$tmp/pr.json" <<'PY' || status=1
import json, sys
d = json.load(open(sys.argv[1]))["baseline"]
m = {x["metric"]: x for x in d["metrics"]}
want = {"size.requests_per_second.average": (2000, 1000, 1000, 1.0), "size.servers.web": (40, 26, 14, 14 / 26),
        "size.servers.db": (17, 11, 6, 6 / 11), "size.components.db.replicas": (6, 6, 0, 0.0)}
bad = []
for metric, (value, base, change, rel) in want.items():
    x = m.get(metric)
    if not x or (x["value"], x["baseline"], x["change"]) != (value, base, change) or abs(x["relative_change"] - rel) > 1e-15:
        bad.append(f"{metric}: {x}")
if "size.servers.cache" not in d["added"]: bad.append("cache not added")
if "size.servers.search" not in d["removed"]: bad.append("search not removed")
if d["changed"] != sum(1 for x in d["metrics"] if x["change"] != 0): bad.append("changed miscounted")
for b in bad: print("FAIL: pr against main:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

# The baseline's path is the temporary file's: name it as the docs do.
golden_filter="s|$tmp/main.json|base.json|g"
# db's servers rise 54.5 % against a bound of 50 %: exit 1.
golden baseline.check.txt 1 "$bin" check $data/pr.toml --baseline "$tmp/main.json"
golden baseline.check.json 1 "$bin" check $data/pr.toml --baseline "$tmp/main.json" -f json
golden baseline.check.md 1 "$bin" check $data/pr.toml --baseline "$tmp/main.json" -f markdown
golden baseline.report.txt 0 "$bin" report $data/pr.toml --baseline "$tmp/main.json"
# With the db's bound at 60 % every check passes: exit 0.
"$bin" check $data/pr.toml --baseline "$tmp/main.json" --set 'check.2.max_increase="60%"' >/dev/null 2>&1
[ $? = 0 ] || fail "check with max_increase 60 % does not pass"
"$bin" check $data/pr.toml --baseline "$tmp/main.json" -f junit | python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.stdin)' \
  || fail "check --baseline -f junit is not XML"

# Bad baselines and bounds: exit 2, nothing on stdout, the message says why.
refused() {  # refused PATTERN COMMAND...
  local pattern=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local code=$?
  [ "$code" = 2 ] || fail "$* exited $code, expected 2"
  [ -s "$tmp/out" ] && fail "$* wrote to stdout"
  grep -q -- "$pattern" "$tmp/err" || { fail "$*: no '$pattern' in:"; cat "$tmp/err" >&2; }
}
echo 'not json' >"$tmp/bad.json"
refused "not JSON" "$bin" check $data/pr.toml --baseline "$tmp/bad.json"
"$bin" check $data/pr.toml --baseline "$tmp/main.json" -f json >"$tmp/check.json" 2>/dev/null
refused "the output of another command" "$bin" check $data/pr.toml --baseline "$tmp/check.json"
sed 's/"schema_version": 1/"schema_version": 2/' "$tmp/main.json" >"$tmp/v2.json"
refused "schema_version 2" "$bin" report $data/pr.toml --baseline "$tmp/v2.json"
echo '{"schema_version": 1, "name": "x"}' >"$tmp/other.json"
refused "none of the analyses" "$bin" report $data/pr.toml --baseline "$tmp/other.json"
python3 -c 'print("{\"schema_version\": 1, \"size\": " + "[" * 100000 + "]" * 100000 + "}")' >"$tmp/deep.json"
refused "nests deeper" "$bin" report $data/pr.toml --baseline "$tmp/deep.json"
refused "cannot open" "$bin" check $data/pr.toml --baseline "$tmp/missing.json"
refused "is a directory" "$bin" check $data/pr.toml --baseline "$tmp"
refused "not standard input" "$bin" check $data/pr.toml --baseline -
refused "none is given" "$bin" check $data/pr.toml
refused "has no size.servers.cache" "$bin" check $data/pr.toml --baseline "$tmp/main.json" --set 'check.0.metric="size.servers.cache"' \
  --set 'check.0.max=100'
refused "above 1: a fraction or a percentage" "$bin" validate $data/pr.toml --set 'check.0.max_increase=10'

[ $status -eq 0 ] && echo "baseline: ok"
exit $status
