# What the end-to-end scripts share: sourced after `bin=$1`. Gives $tmp (removed at exit),
# fail MESSAGE (marks the run failed), and golden NAME [EXIT] COMMAND... (stdout equals
# tests/golden/NAME, the exit code is EXIT (0 when not given), nothing on stderr; with
# UPDATE_GOLDEN=1 the golden is written instead). `golden_filter`, a sed expression, is applied
# to stdout before the comparison (a temporary path named as the docs name it).
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
golden_filter=""

golden() {
  local name=$1 want=0; shift
  if [[ $1 =~ ^[0-9]+$ ]]; then want=$1; shift; fi
  "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  [ -n "$golden_filter" ] && sed -i "$golden_filter" "$tmp/out"
  if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$tmp/out" "tests/golden/$name"
  elif ! diff -u "tests/golden/$name" "$tmp/out"; then fail "$* differs from tests/golden/$name"; fi
  [ "$code" = "$want" ] || fail "$* exited $code, expected $want"
  [ -s "$tmp/err" ] && { fail "$* wrote to stderr:"; cat "$tmp/err" >&2; }
}
