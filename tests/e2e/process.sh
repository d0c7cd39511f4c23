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
"$bin" --version | grep -q '^headroom [0-9]' || fail "--version"

# Binary input and an empty file are refused, not crashed on.
head -c 4096 "$bin" >"${TMPDIR:-/tmp}/headroom-binary.toml"
"$bin" validate "${TMPDIR:-/tmp}/headroom-binary.toml" >/dev/null 2>&1; [ $? = 2 ] || fail "binary input not 2"
: >"${TMPDIR:-/tmp}/headroom-empty.toml"
"$bin" validate "${TMPDIR:-/tmp}/headroom-empty.toml" >/dev/null 2>&1; [ $? = 0 ] || fail "empty file is valid"
"$bin" report /dev/null >/dev/null 2>&1; [ $? = 0 ] || fail "report of an empty model"

[ $status -eq 0 ] && echo "process: ok"
exit $status
