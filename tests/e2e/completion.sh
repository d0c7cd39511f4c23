#!/usr/bin/env bash
# `headroom completion`: the bash script, sourced, completes commands, options, choices, topics
# and .toml files as the parser defines them; the zsh and fish scripts pass their shell's syntax
# check where that shell is installed (scripts/dev.sh installs zsh and fish for the tests).
set -u
bin=$1
source "$(dirname "$0")/lib.sh"

"$bin" completion bash >"$tmp/headroom.bash" || fail "completion bash exited $?"
bash -n "$tmp/headroom.bash" || fail "the bash script does not parse"
mkdir "$tmp/dir" && touch "$tmp/dir/a.toml" "$tmp/dir/b.txt" "$tmp/dir/c.toml"
complete_line() {  # complete_line WORD...: COMPREPLY for the last word, one per line, sorted
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _headroom; printf "%s\n" "${COMPREPLY[@]}" | sort' \
    _ "$tmp/headroom.bash" "$@"
}
expect() {  # expect WANT WORD...: the completions equal WANT (lines)
  local want=$1; shift
  local got
  got=$(cd "$tmp/dir" && complete_line "$@")
  [ "$got" = "$want" ] || fail "completing '$*': got [$got], want [$want]"
}
expect $'report\nring' headroom r
expect $'completion\ncost' headroom co
expect $'--format' headroom report --for
expect $'json\njunit' headroom check -f j
expect $'always\nauto' headroom avail --color a
expect $'erlang-c' headroom explain erla
expect $'a.toml\nc.toml' headroom report ''
expect $'bash' headroom completion ba
expect $'--max\n--min' headroom solve --m
# ring map takes no --format: its options are its own.
expect '' headroom ring map --for
# Every command the parser has is offered, and nothing else.
want=$("$bin" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | sort)
got=$(cd "$tmp/dir" && complete_line headroom '' | grep -v '^-')
[ "$got" = "$want" ] || fail "the commands offered differ from --help's: [$got] vs [$want]"

for shell in zsh fish; do
  if command -v $shell >/dev/null; then
    "$bin" completion $shell >"$tmp/script.$shell" || fail "completion $shell exited $?"
    $shell -n "$tmp/script.$shell" || fail "the $shell script does not parse"
  else
    echo "completion: $shell is not installed; its script is not syntax-checked" >&2
  fi
done
"$bin" completion tcsh >/dev/null 2>&1
[ $? = 2 ] || fail "completion tcsh is not refused"

[ $status -eq 0 ] && echo "completion: ok"
exit $status
