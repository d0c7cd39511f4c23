#!/usr/bin/env bash
# ketama key for key against the real clients (SPEC §3.4): libmemcached (KETAMA_WEIGHTED, via a
# small C driver), uhashring (Debian's python3-uhashring) and, when node and npm can install it,
# the npm hashring package. Server lists with weights, counts where the clients' point counts
# differ (7, 25, 61), port 11211 (libmemcached drops it from point names) and another port.
# Usage: ketama_clients.sh HEADROOM LIBMEMCACHED_DRIVER WORKDIR
set -u
bin=$1 driver=$2 work=$3
here=$(cd "$(dirname "$0")/../ring" && pwd)
mkdir -p "$work" && cd "$work" || exit 1
status=0 compared=0

# 20,000 ordinary keys, plus every point name of the first node, whose hashes sit exactly on a
# ring point (where "≥" and ">" lookups part).
seq -f "key:%.0f" 0 19999 > keys.txt
for i in $(seq 0 39); do echo "cache-1:11211-$i"; echo "cache-1-$i"; echo "cache-1:11212-$i"; done >> keys.txt

compare() {  # compare COMPAT N PORT WEIGHTED REFERENCE-COMMAND...
  local compat=$1 n=$2 port=$3 weighted=$4; shift 4
  local nodes="" specs=()
  for i in $(seq 1 "$n"); do
    local w=1
    [ "$weighted" = 1 ] && w=$(( (i % 3) + 1 ))
    nodes="$nodes{ name = \"cache-$i:$port\", weight = $w },"
    specs+=("cache-$i:$port:$w")
  done
  printf '[sharding]\ncompat = "%s"\nnode = [%s]\n' "$compat" "${nodes%,}" > model.toml
  "$@" "${specs[@]}" < keys.txt > expected.txt || { echo "FAIL: reference client failed: $*" >&2; status=1; return; }
  "$bin" ring map model.toml < keys.txt > got.txt || { echo "FAIL: headroom ring map failed" >&2; status=1; return; }
  local differ
  differ=$(diff expected.txt got.txt | grep -c '^>')
  compared=$((compared + 1))
  if [ "$differ" != 0 ]; then
    echo "FAIL: compat=$compat n=$n port=$port weighted=$weighted: $differ of $(wc -l < keys.txt) keys differ" >&2
    status=1
  fi
}

for n in 3 7 25 61; do
  for port in 11211 11212; do
    for weighted in 0 1; do
      compare libmemcached "$n" "$port" "$weighted" "$driver"
      compare uhashring "$n" "$port" "$weighted" /usr/bin/python3 "$here/uhashring_driver.py"
    done
  done
done

# The compat modes are not all the same thing: exact and libmemcached must disagree here.
compare exact 3 11211 0 "$driver" 2>/dev/null
if [ $status -eq 0 ]; then echo "FAIL: exact matched libmemcached on port 11211, which drops the port" >&2; status=1; else status=0; fi

if command -v node >/dev/null && command -v npm >/dev/null &&
   { [ -d npm/node_modules/hashring ] || npm install --silent --prefix npm hashring@3.2.0 >/dev/null 2>&1; }; then
  for n in 3 7 61; do
    for weighted in 0 1; do
      compare hashring "$n" 11211 "$weighted" env NODE_PATH=npm/node_modules node "$here/hashring_driver.js"
    done
  done
  expected_comparisons=39
elif [ -n "${HEADROOM_SKIP_HASHRING:-}" ]; then
  # Allowed only by name, with the reason, for a machine that cannot install the client.
  echo "skipped: npm hashring ($HEADROOM_SKIP_HASHRING); compared libmemcached and uhashring only"
  expected_comparisons=33
else
  echo "FAIL: the npm hashring client could not be installed (node and npm, and the npm" \
       "registry, are needed); set HEADROOM_SKIP_HASHRING='reason' to run without it" >&2
  status=1
  expected_comparisons=33
fi

# Every comparison ran: one that returned early has already failed, but count them too.
if [ "$compared" != "$expected_comparisons" ]; then
  echo "FAIL: $compared comparisons ran, expected $expected_comparisons" >&2
  status=1
fi
[ $status -eq 0 ] && echo "ketama clients: $compared server lists agree key for key"
exit $status
