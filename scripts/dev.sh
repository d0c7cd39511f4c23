#!/usr/bin/env bash
# Sets up, builds and runs headroom on a Debian 12 machine.
#   bash scripts/dev.sh demo    install what is missing, build, run `headroom report` on an example
#   bash scripts/dev.sh test    install what is missing, build, run every test, then again under
#                               AddressSanitizer + UndefinedBehaviorSanitizer
#   bash scripts/dev.sh build   install what is missing and build (build/headroom)
#   bash scripts/dev.sh bench   build and print the benchmark figures
set -euo pipefail
cd "$(dirname "$0")/.."

# Everything the build and the tests need, from Debian 12's archive.
PACKAGES=(ca-certificates g++ cmake make libcli11-dev libfmt-dev libtomlplusplus-dev libxxhash-dev
          zlib1g-dev libzstd-dev
          libeigen3-dev catch2 nlohmann-json3-dev diffutils time util-linux)
# And what only the tests need: the real ketama clients the ring tests compare against.
TEST_PACKAGES=(libmemcached-dev python3-uhashring)
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
    ;;
  bench)
    install_missing
    build build -DHEADROOM_TESTS=OFF
    bash bench/run.sh build/headroom
    ;;
  *)
    echo "usage: bash scripts/dev.sh demo|test|build|bench" >&2
    exit 2
    ;;
esac
