#!/usr/bin/env bash
# The layers include only downwards: formulas ← calc ← cli (STYLE §1), and inside calc/ the
# folders do too: base ← input ← each analysis folder ← report (the registry and the runner)
# ← whatif (many runs of the runner: sweep, solve) and baseline (a previous report, read back).
set -u
root=$1
status=0
fail() { echo "layering: $*" >&2; status=1; }
if grep -rnE '#include [<"](toml\+\+|CLI|fmt|calc/|cli/)' "$root/formulas"; then
  fail "formulas/ must not include toml++, CLI11, fmt, calc/ or cli/"
fi
if grep -rnE '#include [<"](CLI|cli/)' "$root/calc"; then
  fail "calc/ must not include CLI11 or cli/"
fi
# calc/ is one level of folders; nothing sits at its top.
if find "$root/calc" -mindepth 1 -maxdepth 1 -type f | grep .; then
  fail "calc/ holds folders only (one per concern)"
fi
if find "$root/calc" -mindepth 2 -type d | grep .; then
  fail "calc/ folders are one level deep"
fi
# Which calc/ folders each folder may include, besides its own.
for dir in "$root"/calc/*/; do
  folder=$(basename "$dir")
  case $folder in
    base) allowed='base' ;;
    input) allowed='base|input' ;;
    report) allowed='[a-z_]+' ;;
    whatif) allowed='base|input|report|whatif' ;;
    baseline) allowed='base|input|report|baseline' ;;
    # An analysis reads the input, writes a document, and may use another analysis's results.
    *) allowed='base|input|report/(document|analysis)\.hpp|[a-z_]+/[a-z_]+\.hpp' ;;
  esac
  while IFS= read -r line; do
    inc=${line#*\"calc/}; inc=${inc%%\"*}
    if ! [[ $inc =~ ^($allowed)(/|$) || $inc =~ ^($allowed)$ || $inc == $folder/* ]]; then
      fail "calc/$folder/ must not include calc/$inc ($line)"
    fi
    if [[ $folder != report && $folder != whatif && $folder != baseline && $inc == report/report.hpp ]]; then
      fail "calc/$folder/ must not include the runner, calc/report/report.hpp"
    fi
  done < <(grep -rhE '#include "calc/' "$dir")
done
# toml++ and Eigen stay out of calc's public headers (the table reader is internal to calc).
if find "$root/calc" -name '*.hpp' -print0 | xargs -0 grep -lE '#include [<"](toml\+\+|Eigen)' |
     grep -vE 'input/(table_reader|section_loaders)\.hpp'; then
  fail "calc/ headers must not expose toml++ or Eigen"
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
