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
# Every policy's hit count equals the LRU curve where they must: LRU at each object capacity.
[ $status -eq 0 ] && echo "replay: ok"
exit $status
