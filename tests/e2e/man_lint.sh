#!/usr/bin/env bash
# The man pages render: groff (Debian's groff-base, what man uses) with every warning on prints
# nothing for either page — no unknown special character, no bad escape or request.
set -u
root=$1
status=0
for page in "$root"/man/headroom.1 "$root"/man/headroom.toml.5; do
  out=$(groff -ww -z -man "$page" 2>&1)
  if [ -n "$out" ]; then echo "FAIL: $page: groff warns:" >&2; echo "$out" >&2; status=1; fi
done
[ $status -eq 0 ] && echo "man lint: ok"
exit $status
