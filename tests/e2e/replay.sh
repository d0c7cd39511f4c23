#!/usr/bin/env bash
# Golden replay of the CloudPhysics trace (tests/data) for every policy at several sizes, in
# table and JSON; and the same replay by bytes, where the object sizes matter.
# Update deliberately: UPDATE_GOLDEN=1 bash tests/e2e/replay.sh build/headroom
set -u
bin=$1
status=0
for format in table json; do
  expected=tests/golden/cloudphysics.cache.$format
  out=$(mktemp)
  "$bin" cache tests/data/cloudphysics.toml -f $format > "$out" 2>&1 || { echo "FAIL: exit $?" >&2; status=1; }
  if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$out" "$expected"
  elif ! diff -u "$expected" "$out"; then echo "FAIL: replay ($format) differs from $expected" >&2; status=1; fi
  rm -f "$out"
done
expected=tests/golden/cloudphysics.bytes.json
out=$(mktemp)
"$bin" cache tests/data/cloudphysics.toml -f json --set 'cache.capacities=["1 MiB", "16 MiB", "128 MiB"]' > "$out" 2>&1 || { echo "FAIL: bytes replay" >&2; status=1; }
if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$out" "$expected"
elif ! diff -u "$expected" "$out"; then echo "FAIL: replay by bytes differs from $expected" >&2; status=1; fi
rm -f "$out"
# LRU replayed at each object capacity must equal the one-pass LRU curve there (two independent
# computations: the policy simulation and Mattson's stack distances). In bytes this trace's keys
# change size, so the curve must mark itself inexact (tests/calc checks exact byte curves).
for doc in tests/golden/cloudphysics.cache.json tests/golden/cloudphysics.bytes.json; do
  out=$(mktemp)
  if [ "$doc" = tests/golden/cloudphysics.cache.json ]; then
    "$bin" cache tests/data/cloudphysics.toml -f json > "$out" 2>/dev/null
  else
    "$bin" cache tests/data/cloudphysics.toml -f json --set 'cache.capacities=["1 MiB", "16 MiB", "128 MiB"]' > "$out" 2>/dev/null
  fi
  if ! python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
curve = {p["capacity"]: p["miss_ratio"] for p in d["miss_ratio_curve"]}
lru = [p for p in d["policies"] if p["policy"] == "lru"]
assert lru, "no lru entries"
info = d["miss_ratio_curve_info"]
if not info.get("exact", True):
    # Keys of this trace change size, so no one-pass byte curve is exact: it must say so.
    assert info["resized_references"] > 0, "an inexact curve with no resized references"
    print("byte curve marked inexact, as its resized keys require")
    sys.exit(0)
for p in lru:
    c = p["capacity"]
    assert c in curve, f"the curve has no point at lru's capacity {c}"
    assert abs(curve[c] - p["miss_ratio"]) <= 1e-12, f"lru at {c}: {p['miss_ratio']} vs curve {curve[c]}"
print(f"lru = curve at {len(lru)} capacities")
PY
  then echo "FAIL: LRU and the miss-ratio curve disagree in $doc's run" >&2; status=1; fi
  rm -f "$out"
done
[ $status -eq 0 ] && echo "replay: ok"
exit $status
