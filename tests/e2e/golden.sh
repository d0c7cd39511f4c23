#!/usr/bin/env bash
# Golden tests: `report` and `check` on examples/NAME.toml, in table and JSON, must equal
# tests/golden/NAME.* byte for byte, with the exit code in NAME.check.exit.
# To update deliberately: UPDATE_GOLDEN=1 bash tests/e2e/golden.sh build/headroom NAME, then
# review the diff.
set -u
bin=$1 name=$2
example=examples/$name.toml
golden=tests/golden/$name
status=0
compare() {  # compare SUFFIX EXPECTED_EXIT COMMAND...
  local suffix=$1 want_exit=$2; shift 2
  local out err code
  out=$(mktemp) err=$(mktemp)
  "$@" >"$out" 2>"$err"
  code=$?
  if [ -n "${UPDATE_GOLDEN:-}" ]; then
    cp "$out" "$golden.$suffix"
  elif ! diff -u "$golden.$suffix" "$out"; then
    echo "FAIL: $* differs from $golden.$suffix" >&2; status=1
  fi
  if [ "$code" != "$want_exit" ]; then
    echo "FAIL: $* exited $code, expected $want_exit" >&2; cat "$err" >&2; status=1
  fi
  if [ -s "$err" ]; then
    echo "FAIL: $* wrote to stderr:" >&2; cat "$err" >&2; status=1
  fi
  rm -f "$out" "$err"
}
check_exit=0
[ -f "$golden.check.exit" ] && check_exit=$(cat "$golden.check.exit")
compare report.txt 0 "$bin" report "$example"
compare report.json 0 "$bin" report "$example" --format json
compare check.txt "$check_exit" "$bin" check "$example"
compare check.json "$check_exit" "$bin" check "$example" --format json
[ $status -eq 0 ] && echo "golden $name: ok"
exit $status
