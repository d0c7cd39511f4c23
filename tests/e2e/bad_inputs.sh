#!/usr/bin/env bash
# The bad-input corpus: every tests/bad/*.toml must exit 2 within 10 s, print nothing on stdout,
# and print exactly tests/bad/NAME.err on stderr. A line "# command: check" among the first two
# runs that command instead of validate; "# args: ..." adds arguments.
set -u
bin=$1
status=0 count=0
for input in tests/bad/*.toml; do
  count=$((count + 1))
  expected=${input%.toml}.err
  command=validate args=()
  while IFS= read -r line; do
    case "$line" in
      "# command: "*) command=${line#\# command: } ;;
      "# args: "*) read -r -a args <<<"${line#\# args: }" ;;
    esac
  done < <(head -n 2 "$input")
  out=$(mktemp) err=$(mktemp)
  timeout 10 "$bin" "$command" "$input" "${args[@]}" >"$out" 2>"$err" </dev/null
  code=$?
  if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$err" "$expected"; fi
  if [ "$code" != 2 ]; then
    echo "FAIL: $input exited $code, expected 2" >&2; cat "$err" >&2; status=1
  elif [ -s "$out" ]; then
    echo "FAIL: $input wrote to stdout" >&2; status=1
  elif ! diff -u "$expected" "$err"; then
    echo "FAIL: $input: stderr differs from $expected" >&2; status=1
  fi
  rm -f "$out" "$err"
done
[ "$count" -ge 30 ] || { echo "FAIL: only $count bad inputs; the corpus needs at least 30" >&2; status=1; }
[ $status -eq 0 ] && echo "bad inputs: $count ok"
exit $status
