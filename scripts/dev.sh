#!/usr/bin/env bash
# Sets up, builds and runs headroom on a Debian 12 machine.
#   bash scripts/dev.sh demo    install what is missing, build, run `headroom report` on an example
#   bash scripts/dev.sh test    install what is missing, build, run every test, then again under
#                               AddressSanitizer + UndefinedBehaviorSanitizer
#   bash scripts/dev.sh build   install what is missing and build (build/headroom)
#   bash scripts/dev.sh bench   build and print the benchmark figures
#   bash scripts/dev.sh fuzz [SECONDS]
#                               build the libFuzzer harnesses (clang, ASan + UBSan) and run each
#                               for SECONDS (default 60) from its seed corpus; fails on a finding
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything the build and the tests need, from Debian 12's archive.
PACKAGES=(ca-certificates g++ cmake make libcli11-dev libfmt-dev libtomlplusplus-dev libxxhash-dev
          zlib1g-dev libzstd-dev
          libeigen3-dev catch2 nlohmann-json3-dev diffutils time util-linux)
# And what only the tests need: the real ketama clients the ring tests compare against, and
# groff for the man pages' lint, zsh and fish to syntax-check their completion scripts,
# python3-jsonschema to validate every example against `headroom schema`, and dpkg-dev (for
# dpkg-shlibdeps) with lintian to build and check the Debian package, zstd to compress test traces.
TEST_PACKAGES=(libmemcached-dev python3-uhashring groff-base zsh fish python3-jsonschema dpkg-dev lintian zstd)
# And the fuzzers': clang with its libFuzzer and sanitizer runtimes.
FUZZ_PACKAGES=(clang-14 libclang-rt-14-dev)
JOBS=${JOBS:-2}

install_missing() {  # install_missing [EXTRA-PACKAGE...]
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "headroom: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "headroom: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {  # build DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$dir" -j "$JOBS"
}

fuzz() {  # fuzz SECONDS: every harness from a copy of its corpus; a crash, leak, hang or
          # runaway memory is a finding and fails (artifacts in build-fuzz/findings/)
  local seconds=$1 status=0
  install_missing "${FUZZ_PACKAGES[@]}"
  build build-fuzz -DCMAKE_CXX_COMPILER=clang++-14 -DHEADROOM_FUZZ=ON -DHEADROOM_TESTS=OFF
  mkdir -p build-fuzz/findings
  for harness in quantity trace model baseline; do
    local work
    work=$(mktemp -d)
    cp -r "tests/fuzz/corpus/$harness/." "$work/"
    echo "fuzz: $harness for ${seconds} s" >&2
    if ! "./build-fuzz/tests/fuzz/fuzz_$harness" -max_total_time="$seconds" -timeout=10 \
         -rss_limit_mb=2048 -error_exitcode=77 -print_final_stats=1 \
         -artifact_prefix="build-fuzz/findings/$harness-" "$work" 2>"build-fuzz/fuzz_$harness.log"; then
      echo "fuzz: FINDING in $harness; see build-fuzz/fuzz_$harness.log and build-fuzz/findings/" >&2
      tail -n 40 "build-fuzz/fuzz_$harness.log" >&2
      status=1
    else
      grep -E '^stat::number_of_executed_units' "build-fuzz/fuzz_$harness.log" | sed "s/^/fuzz: $harness /" >&2
    fi
    rm -rf "$work"
  done
  return $status
}

case "${1:-}" in
  demo)
    install_missing
    build build -DHEADROOM_TESTS=OFF
    ./build/headroom report examples/photo-sharing.toml
    ;;
  build)
    install_missing "${TEST_PACKAGES[@]}"
    build build
    ;;
  test)
    install_missing "${TEST_PACKAGES[@]}"
    build build
    (cd build && ctest --output-on-failure -j "$JOBS")
    build build-asan -DHEADROOM_SANITIZE=ON
    (cd build-asan && ctest --output-on-failure -j "$JOBS")
    fuzz "${FUZZ_SECONDS:-60}"
    ;;
  fuzz)
    install_missing "${TEST_PACKAGES[@]}"
    fuzz "${2:-60}"
    ;;
  bench)
    install_missing
    build build -DHEADROOM_TESTS=OFF
    bash bench/run.sh build/headroom
    ;;
  *)
    echo "usage: bash scripts/dev.sh demo|test|build|bench|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
