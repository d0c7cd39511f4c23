#!/usr/bin/env bash
# The layers include only downwards: formulas ← calc ← cli (STYLE §1).
set -u
root=$1
status=0
if grep -rnE '#include [<"](toml\+\+|CLI|fmt|calc/|cli/)' "$root/formulas"; then
  echo "formulas/ must not include toml++, CLI11, fmt, calc/ or cli/" >&2; status=1
fi
if grep -rnE '#include [<"](CLI|cli/)' "$root/calc"; then
  echo "calc/ must not include CLI11 or cli/" >&2; status=1
fi
# toml++ and Eigen stay out of calc's public headers (table_reader.hpp is internal to calc).
if grep -lE '#include [<"](toml\+\+|Eigen)' "$root"/calc/*.hpp | grep -vE 'table_reader.hpp|section_loaders.hpp'; then
  echo "calc/ headers must not expose toml++ or Eigen" >&2; status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
