#!/usr/bin/env bash
# Trace formats against the text trace as the reference: the CloudPhysics sample written as
# libCacheSim's oracleGeneral records (plain and zstd) and as Twitter's cache-trace CSV, by an
# independent writer (Python's struct), replays to the same hit ratios at every policy and
# capacity, in objects and in bytes; operations = "reads" equals the text trace without the
# writes; the format is detected from the name and the first bytes, and reported.
bin=$1
source "$(dirname "$0")/lib.sh"

zcat tests/data/cloudPhysicsIO.keysize.txt.gz >"$tmp/cp.txt"
/usr/bin/python3 - "$tmp" <<'PY' || fail "writing the traces"
import struct, sys
tmp = sys.argv[1]
lines = open(f"{tmp}/cp.txt").read().split("\n")
reqs = [(int(k), int(s)) for k, s in (l.split() for l in lines if l.strip())]
with open(f"{tmp}/cp.oracleGeneral", "wb") as f:
    for i, (k, s) in enumerate(reqs):
        f.write(struct.pack("<IQIq", i // 100, k, s, -1))
    f.write(struct.pack("<IQIq", 0, 99, 0, -1))  # a record of size 0: skipped, as libCacheSim does
with open(f"{tmp}/cp.twitter", "w") as f, open(f"{tmp}/cp-reads.txt", "w") as reads:
    for i, (k, s) in enumerate(reqs):
        op = "set" if i % 7 == 3 else "get"
        f.write(f"{i // 100},{k},10,{s - 10},{i % 5},{op},0\n")
        if op == "get":
            reads.write(f"{k} {s}\n")
PY
zstd -q "$tmp/cp.oracleGeneral" -o "$tmp/cp.oracleGeneral.zst" || fail "zstd"

model() {  # model FILE TRACE [MORE-TOML] > the model: every policy at four capacities (objects)
  printf '[cache]\ncapacities = [%s]\npolicies = ["fifo", "lifo", "lru", "mru", "lfu", "random", "clock", "arc", "sieve", "s3fifo"]\n[cache.workload]\ntrace = "%s"\n%s\n' \
    "${CAPS:-100, 1000, 5000, 20000}" "$2" "${3:-}" >"$1"
}
policies() {  # the policies and the curve of a cache document, without its workload
  /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)["cache"] if "cache" in json.load(open(sys.argv[1])) else json.load(open(sys.argv[1])); print(json.dumps([d["policies"], d.get("miss_ratio_curve")]))' "$1"
}
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workload"][sys.argv[2]])' "$1" "$2"; }

for caps in "100, 1000, 5000, 20000" '"1 MiB", "16 MiB", "64 MiB"'; do
  CAPS=$caps model "$tmp/text.toml" cp.txt 'trace_format = "key size"'
  "$bin" cache "$tmp/text.toml" -f json >"$tmp/text.json" || fail "text replay ($caps)"
  for trace in cp.oracleGeneral cp.oracleGeneral.zst cp.twitter; do
    CAPS=$caps model "$tmp/t.toml" "$trace"
    "$bin" cache "$tmp/t.toml" -f json >"$tmp/t.json" || { fail "$trace replay ($caps)"; continue; }
    [ "$(policies "$tmp/t.json")" = "$(policies "$tmp/text.json")" ] ||
      fail "$trace replays otherwise than the text trace at capacities $caps"
  done
done

# What each format was taken for, and from what.
check_format() {  # check_format TRACE FORMAT FROM [MORE-TOML]
  model "$tmp/f.toml" "$1" "${4:-}"
  "$bin" cache "$tmp/f.toml" -f json >"$tmp/f.json" || { fail "$1"; return; }
  [ "$(field "$tmp/f.json" trace_format)" = "$2" ] || fail "$1 taken for $(field "$tmp/f.json" trace_format), not $2"
  [ "$(field "$tmp/f.json" trace_format_from)" = "$3" ] || fail "$1: format from $(field "$tmp/f.json" trace_format_from), not $3"
}
check_format cp.oracleGeneral oracleGeneral "its name"
cp "$tmp/cp.oracleGeneral.zst" "$tmp/anonymous.bin.zst"
check_format anonymous.bin.zst oracleGeneral "its content"
check_format cp.twitter twitter "its content"
check_format cp.txt "key size" "its content"
printf 'key,size\na,10\nb,20\n' >"$tmp/small.csv"
check_format small.csv csv "its name"
printf 'a\nb\na\n' >"$tmp/keys.log"
check_format keys.log key "its content"
check_format cp.twitter twitter "the file" 'trace_format = "twitter"'
[ "$(field "$tmp/f.json" skipped_requests)" = 0 ] || fail "twitter, all operations, skipped some"
model "$tmp/o.toml" cp.oracleGeneral
"$bin" cache "$tmp/o.toml" -f json >"$tmp/o.json"
[ "$(field "$tmp/o.json" skipped_requests)" = 1 ] || fail "the record of size 0 was not skipped"
[ "$(field "$tmp/o.json" requests)" = 113872 ] || fail "oracleGeneral replayed $(field "$tmp/o.json" requests) requests"

# operations = "reads": the gets alone, as the text trace of the gets.
model "$tmp/r.toml" cp.twitter 'operations = "reads"'
"$bin" cache "$tmp/r.toml" -f json >"$tmp/r.json" || fail "twitter reads"
model "$tmp/rt.toml" cp-reads.txt
"$bin" cache "$tmp/rt.toml" -f json >"$tmp/rt.json" || fail "text reads"
[ "$(policies "$tmp/r.json")" = "$(policies "$tmp/rt.json")" ] || fail "twitter reads replay otherwise than the text of its gets"
[ "$(field "$tmp/r.json" skipped_requests)" = "$(( 113872 / 7 + (113872 % 7 > 3 ? 1 : 0) ))" ] ||
  fail "twitter reads skipped $(field "$tmp/r.json" skipped_requests) writes"

[ $status -eq 0 ] && echo "traces: ok"
exit $status
