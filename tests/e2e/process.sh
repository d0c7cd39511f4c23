#!/usr/bin/env bash
# The binary as a process: pipes, environment, exit codes.
set -u
bin=$1
status=0
fail() { echo "FAIL: $*" >&2; status=1; }

# A closed pipe ends quietly.
err=$( { "$bin" report examples/photo-sharing.toml -f csv | head -n 1 >/dev/null; } 2>&1 )
[ -z "$err" ] || fail "closed pipe printed: $err"

# ring map stops quietly when its reader goes away, long before its input ends.
err=$( { seq 1 3000000 | "$bin" ring map examples/memcached-pool.toml | head -n 3 >/dev/null; } 2>&1 )
[ -z "$err" ] || fail "ring map on a closed pipe printed: $err"

# ring map answers each line as it arrives: fed slowly through a pipe, it prints a's node before
# b is written (within 5 s, where a block-at-a-time read would wait for the end).
fifos=$(mktemp -d)
mkfifo "$fifos/keys" "$fifos/nodes"
"$bin" ring map examples/memcached-pool.toml <"$fifos/keys" >"$fifos/nodes" &
map=$!
exec 7>"$fifos/keys" 8<"$fifos/nodes"
echo a >&7
if IFS= read -r -t 5 line <&8; then
  [[ $line == a$'\t'mc-* ]] || fail "ring map answered '$line' for the key a"
else
  fail "ring map held its answer to a slow pipe's first line"
fi
echo b >&7
exec 7>&-
IFS= read -r -t 5 line <&8 && [[ $line == b$'\t'mc-* ]] || fail "ring map's answer for b: '$line'"
wait $map || fail "ring map on a slow pipe exited $?"
exec 8<&-
rm -rf "$fifos"

# ring map refuses a line of a megabyte or more at once (copying it per block was quadratic).
err=$(head -c 50000000 /dev/zero | tr '\0' k | timeout 10 "$bin" ring map examples/memcached-pool.toml 2>&1 >/dev/null)
code=$?
[ "$code" = 2 ] || fail "ring map on one 50 MB line exited $code"
[ "$err" = "<stdin>:1:1: a line longer than 1048576 bytes: ring map reads one key per line" ] ||
  fail "ring map on one 50 MB line said: $err"

# NO_COLOR and a non-terminal stdout give plain text even with --color auto.
out=$(NO_COLOR=1 "$bin" report examples/photo-sharing.toml)
case "$out" in *$'\x1b['*) fail "colour with NO_COLOR" ;; esac
out=$("$bin" report examples/photo-sharing.toml --color always)
case "$out" in *$'\x1b['*) ;; *) fail "no colour with --color always" ;; esac

# stdin as '-'.
"$bin" avail - <examples/payments-api.toml >/dev/null || fail "avail - from stdin"

# Exit codes: 0 ok, 1 failed check, 2 bad usage.
"$bin" check examples/photo-sharing.toml >/dev/null; [ $? = 0 ] || fail "check photo-sharing not 0"
"$bin" check examples/payments-api.toml >/dev/null; [ $? = 1 ] || fail "check payments-api not 1"
"$bin" nosuchcommand 2>/dev/null; [ $? = 2 ] || fail "unknown command not 2"
"$bin" 2>/dev/null; [ $? = 2 ] || fail "no command not 2"
# --version: the version and the commit built from (this checkout's, when it is one).
version=$("$bin" --version)
[[ $version =~ ^headroom\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] ||
  fail "--version printed '$version'"
if head=$(git rev-parse --short=12 HEAD 2>/dev/null); then
  [[ $version == *"commit $head"* ]] || fail "--version '$version' does not name HEAD $head"
fi

# Binary input and an empty file are refused, not crashed on.
head -c 4096 "$bin" >"${TMPDIR:-/tmp}/headroom-binary.toml"
"$bin" validate "${TMPDIR:-/tmp}/headroom-binary.toml" >/dev/null 2>&1; [ $? = 2 ] || fail "binary input not 2"
: >"${TMPDIR:-/tmp}/headroom-empty.toml"
# A CI gate cannot pass by accident: an empty file, a directory, a file with nothing to analyse.
for command in validate check report; do
  "$bin" $command "${TMPDIR:-/tmp}/headroom-empty.toml" >/dev/null 2>&1; [ $? = 2 ] || fail "$command of an empty file not 2"
  "$bin" $command /dev/null >/dev/null 2>&1; [ $? = 2 ] || fail "$command of /dev/null not 2"
  err=$("$bin" $command "${TMPDIR:-/tmp}" 2>&1 >/dev/null); [ $? = 2 ] || fail "$command of a directory not 2"
  case $err in *"is a directory"*) ;; *) fail "$command of a directory: '$err'" ;; esac
done
# An option a command cannot honour is refused, not ignored.
"$bin" ring map examples/memcached-pool.toml --explain </dev/null >/dev/null 2>&1; [ $? = 2 ] || fail "ring map --explain not refused"
"$bin" ring examples/memcached-pool.toml --compare --strict >/dev/null 2>&1; [ $? = 2 ] || fail "ring --compare --strict not refused"
"$bin" validate examples/payments-api.toml --explain >/dev/null 2>&1; [ $? = 2 ] || fail "validate --explain not refused"

# Machine output stays machine output: --explain goes into JSON, and to stderr beside CSV/JUnit.
json_ok() { python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"; }
"$bin" report examples/payments-api.toml -f json --explain | json_ok 'len(d["explain"]) > 0' || fail "report -f json --explain is not JSON with an explain array"
"$bin" check examples/payments-api.toml -f json --explain | json_ok 'len(d["explain"]) > 0' || fail "check -f json --explain"
out=$("$bin" report examples/payments-api.toml -f csv --explain 2>/dev/null)
case $out in *"how these numbers"*) fail "report -f csv --explain wrote the explanation into the CSV" ;; esac
"$bin" report examples/payments-api.toml -f csv --explain 2>&1 >/dev/null | grep -q "how these numbers" || fail "csv --explain: no explanation on stderr"
"$bin" check examples/payments-api.toml -f junit --explain 2>/dev/null | python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.stdin)' || fail "junit --explain is not XML"
# validate -f json: every problem as data, and exit 2.
"$bin" validate tests/bad/99-check-ratio-bound-percent.toml -f json 2>/dev/null |
  json_ok 'd["valid"] is False and len(d["problems"]) == 2 and d["problems"][0]["line"] == 9' || fail "validate -f json problems"
[ "${PIPESTATUS[0]}" = 2 ] || fail "validate -f json of a bad file not 2"
"$bin" validate examples/payments-api.toml -f json | json_ok 'd["valid"] is True and d["problems"] == []' || fail "validate -f json of a good file"

# Deterministic bytes: every example gives the same JSON on one CPU as on all of them.
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
  for example in examples/*.toml; do
    for command in report check; do
      one=$(taskset -c 0 "$bin" $command "$example" -f json --seed 7 2>/dev/null | cksum)
      all=$("$bin" $command "$example" -f json --seed 7 2>/dev/null | cksum)
      [ "$one" = "$all" ] || fail "$command $example: one CPU and all CPUs differ"
    done
  done
else
  echo "process: taskset unavailable; determinism across CPU counts not checked" >&2
fi

[ $status -eq 0 ] && echo "process: ok"
exit $status
