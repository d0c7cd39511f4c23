#!/usr/bin/env bash
# The Debian package: cpack builds headroom_<version>_amd64.deb from the build directory; its
# dependencies are the runtime libraries the binary links; lintian reports no error; extracted
# with dpkg-deb, it holds the binary, both man pages and the three completion scripts, and the
# extracted binary runs an example. `cmake --install` puts the same files under a prefix.
bin=$1 build=$2
source "$(dirname "$0")/lib.sh"

version=$("$bin" --version | sed -E 's/^headroom ([^ ]+).*/\1/')
cpack --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 || { cat "$tmp/cpack.log" >&2; fail "cpack"; }
deb="$tmp/pkg/headroom_${version}_amd64.deb"
[ -f "$deb" ] || fail "cpack made no $deb: $(ls "$tmp/pkg")"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libfmt9 libtomlplusplus3 libzstd1 zlib1g; do
  [[ $depends == *"$lib "* || $depends == *"$lib," || $depends == *"$lib" ]] || fail "Depends lacks $lib: $depends"
done
if lintian "$deb" >"$tmp/lintian.log" 2>&1; [ -s "$tmp/lintian.log" ] && grep -q '^E:' "$tmp/lintian.log"; then
  cat "$tmp/lintian.log" >&2
  fail "lintian reports errors"
fi

dpkg-deb -x "$deb" "$tmp/root"
for f in usr/bin/headroom usr/share/man/man1/headroom.1.gz usr/share/man/man5/headroom.toml.5.gz \
         usr/share/bash-completion/completions/headroom usr/share/zsh/vendor-completions/_headroom \
         usr/share/fish/vendor_completions.d/headroom.fish usr/share/doc/headroom/copyright \
         usr/share/doc/headroom/changelog.gz; do
  [ -s "$tmp/root/$f" ] || fail "the package has no $f"
done
"$tmp/root/usr/bin/headroom" --version | grep -q "^headroom $version (commit " || fail "the packaged --version"
"$tmp/root/usr/bin/headroom" report examples/photo-sharing.toml -f json >"$tmp/report.json" || fail "the packaged binary's report"
"$bin" report examples/photo-sharing.toml -f json | cmp -s - "$tmp/report.json" || fail "the packaged binary reports otherwise than the built one"
zcat "$tmp/root/usr/share/man/man1/headroom.1.gz" | cmp -s - man/headroom.1 || fail "the packaged man page is not man/headroom.1"
"$bin" completion bash | cmp -s - "$tmp/root/usr/share/bash-completion/completions/headroom" || fail "the packaged bash completion"

# cmake --install: the same files under a prefix.
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null || fail "cmake --install"
for f in bin/headroom share/man/man1/headroom.1.gz share/man/man5/headroom.toml.5.gz \
         share/bash-completion/completions/headroom share/zsh/vendor-completions/_headroom \
         share/fish/vendor_completions.d/headroom.fish; do
  [ -s "$tmp/prefix/$f" ] || fail "cmake --install put no $f"
done
[ $status -eq 0 ] && echo "package: $(basename "$deb") ok"
exit $status
