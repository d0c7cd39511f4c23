#!/usr/bin/env bash
# `headroom explain` against the explanations: every --explain line of every shipped example
# (and of tests/data/explain/*.toml, which reach the formulas no example uses) names a topic
# `explain` knows, every topic is named by some line, every topic prints, the man page lists
# every topic, and an unknown topic is exit 2 with a suggestion. Plus the explain goldens.
# To update the goldens deliberately: UPDATE_GOLDEN=1 bash tests/e2e/explain.sh build/headroom
set -u
bin=$1
source "$(dirname "$0")/lib.sh"

"$bin" explain -f json >"$tmp/topics.json" || fail "explain -f json exited $?"
for model in examples/*.toml tests/data/explain/*.toml; do
  "$bin" report "$model" -f json --explain --quiet \
    >"$tmp/$(basename "$model").json" || fail "report $model --explain exited $?"
done
python3 - "$tmp" <<'PY' || status=1
import json, pathlib, sys
tmp = pathlib.Path(sys.argv[1])
ids = [t["id"] for t in json.loads((tmp / "topics.json").read_text())["topics"]]
used, bad = set(), []
for f in sorted(tmp.glob("*.toml.json")):
    for line in json.loads(f.read_text()).get("explain", []):
        used.add(line["topic"])
        if line["topic"] not in ids:
            bad.append(f"{f.name[:-5]}: [{line['topic']}] {line['text']}")
for b in bad: print("FAIL: no such topic:", b, file=sys.stderr)
# A topic's own example model counts as a use (the calc tests run those).
unused = [i for i in ids if i not in used]
for i in unused: print("FAIL: no --explain line names topic", i, file=sys.stderr)
sys.exit(1 if bad or unused else 0)
PY

page=$(cat man/headroom.1)
while read -r id; do
  "$bin" explain "$id" >"$tmp/one" 2>&1 || fail "explain $id exited $?"
  grep -q "^$id — " "$tmp/one" || fail "explain $id does not start with its id"
  grep -q "^references$" "$tmp/one" || fail "explain $id has no references"
  case $page in *".B ${id//-/\\-}"*) ;; *) fail "man/headroom.1 does not list topic $id (python3 scripts/man-topics.py $bin)" ;; esac
done < <(python3 -c 'import json,sys; [print(t["id"]) for t in json.load(open(sys.argv[1]))["topics"]]' "$tmp/topics.json")

"$bin" explain erlang >"$tmp/out" 2>"$tmp/err"
[ $? = 2 ] || fail "explain erlang: exit is not 2"
[ -s "$tmp/out" ] && fail "explain erlang wrote to stdout"
grep -q "did you mean 'erlang-c'" "$tmp/err" || fail "explain erlang: no suggestion"

golden explain.txt "$bin" explain
golden explain.erlang-c.txt "$bin" explain erlang-c
golden explain.k-of-n.json "$bin" explain k-of-n -f json

[ $status -eq 0 ] && echo "explain: ok"
exit $status
