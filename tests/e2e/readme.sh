#!/usr/bin/env bash
# The README's "capacity review in five commands" stays true: every `$ headroom ...` line in
# that section runs (in a scratch directory where examples/ is the repository's), and prints
# exactly the lines shown under it.
set -u
bin=$1
source "$(dirname "$0")/lib.sh"
mkdir "$tmp/bin" "$tmp/run"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/bin/headroom"
ln -s "$PWD/examples" "$tmp/run/examples"

python3 - README.md "$tmp/cases" <<'PY' || exit 1
import os, sys
text = open(sys.argv[1]).read()
start = text.index("## A capacity review in five commands")
end = text.index("\n## ", start + 1)
lines, cases, in_block = text[start:end].split("\n"), [], False
for line in lines:
    if line.startswith("```"):
        in_block = not in_block
        continue
    if not in_block: continue
    if line.startswith("$ "): cases.append([line[2:], []])
    elif cases: cases[-1][1].append(line)
os.makedirs(sys.argv[2])
for i, (command, output) in enumerate(cases):
    open(f"{sys.argv[2]}/{i:02d}.cmd", "w").write(command + "\n")
    open(f"{sys.argv[2]}/{i:02d}.out", "w").write("".join(l + "\n" for l in output))
if len(cases) < 6: sys.exit(f"FAIL: only {len(cases)} commands in the walkthrough")
PY
for cmd in "$tmp"/cases/*.cmd; do
  command=$(cat "$cmd")
  (cd "$tmp/run" && PATH="$tmp/bin:$PATH" bash -c "$command") >"$tmp/got" 2>"$tmp/err"
  if ! diff -u "${cmd%.cmd}.out" "$tmp/got"; then fail "README: '$command' prints otherwise"; fi
  [ -s "$tmp/err" ] && { fail "README: '$command' wrote to stderr:"; cat "$tmp/err" >&2; }
done
[ -s "$tmp/run/users.svg" ] || fail "README: the sweep drew no users.svg"
[ $status -eq 0 ] && echo "readme: ok"
exit $status
