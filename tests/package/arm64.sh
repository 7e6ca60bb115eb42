#!/usr/bin/env bash
# The arm64 release assets (ci/package: cross-compiled in a Debian 12 root by ci/portable)
# run for real under qemu-user-static, on an arm64 Debian 12 (its glibc, unpacked by
# `debootstrap --foreign --arch=arm64`): bin/perfgate is an aarch64 program that asks for no
# glibc newer than the x86-64 tree's and loads only the libraries beside it; the README
# names it; a real check (a webpack build over budget, Lighthouse reports) gives the same
# verdict and byte-identical JSON as the x86-64 build, an AVIF conversion works (libavif,
# loaded when needed), and the npm launcher picks @perfgate/linux-arm64 on an arm64 Node.
#   PACKAGES=packages PERFGATE=build/tool/perfgate FIXTURES=tests/fixtures TESTS=tests bash tests/package/arm64.sh
# Needs root (debootstrap), Debian's mirror and qemu-user-static (ci/install-deps --test).
source "$(dirname "$0")/../e2e/lib.sh" || exit 2
[[ -d "${WORK:-}" ]] || { echo "tests/package/arm64.sh: no scratch folder (tests/e2e/lib.sh)" >&2; exit 2; }
: "${PACKAGES:?set PACKAGES to the folder ci/package wrote}"
PACKAGES=$(realpath "$PACKAGES")
[[ $(id -u) -eq 0 ]] || { echo "tests/package/arm64.sh: needs root for debootstrap" >&2; exit 2; }
qemu=$(command -v qemu-aarch64-static) || { echo "tests/package/arm64.sh: no qemu-aarch64-static (apt-get install qemu-user-static)" >&2; exit 2; }
tarball=$(ls "$PACKAGES"/perfgate-*-linux-arm64.tar.gz 2>/dev/null | head -1)
npm_platform=$(ls "$PACKAGES"/perfgate-linux-arm64-*.tgz 2>/dev/null | head -1)
npm_launcher=$(ls "$PACKAGES"/perfgate-[0-9]*.tgz 2>/dev/null | head -1)
for f in tarball npm_platform npm_launcher; do
  [[ -n "${!f}" ]] || { echo "tests/package/arm64.sh: no $f in $PACKAGES (run ci/package)" >&2; exit 2; }
done
mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
version=$("$PERFGATE" --version | awk '{print $NF}')

# The README's tarball lines name the x64 file; the arm64 one is the same with arm64.
grep -q "^tar xzf perfgate-$version-linux-x64.tar.gz$" "$TESTS/../README.md" &&
  grep -q "perfgate-$version-linux-arm64.tar.gz" "$TESTS/../README.md" &&
  [[ "$(basename "$tarball")" == "perfgate-$version-linux-arm64.tar.gz" ]] &&
  ok "README: the tarball lines, and the arm64 file they say to use on arm64 ($(basename "$tarball"))" ||
  not_ok "README: the arm64 tarball" "the README must name perfgate-$version-linux-arm64.tar.gz"

# --- the files: aarch64, the x86-64 tree's glibc floor, every library they need either
# beside them or glibc's
tar xzf "$tarball" -C "$WORK"
tree=$WORK/$(basename "$tarball" .tar.gz)
machine=$(readelf -h "$tree/bin/perfgate" | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')
[[ "$machine" == AArch64 ]] && ok "tarball: bin/perfgate is an AArch64 program" || not_ok "tarball: machine" "'$machine'"
floor=$(for f in "$tree/bin/perfgate" "$tree"/lib/perfgate/*; do readelf -V "$f"; done |
  grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
x64_floor=$(tar xzOf "$(ls "$PACKAGES"/perfgate-*-linux-x64.tar.gz | head -1)" --wildcards '*/INSTALL.txt' | sed -n 's/.*glibc \([0-9.]*\) or newer.*/\1/p')
if [[ -n "$floor" && -n "$x64_floor" && "$(printf '%s\n%s\n' "$floor" "$x64_floor" | sort -V | tail -1)" == "$x64_floor" ]]; then
  ok "tarball: the newest glibc symbol version its files ask for is $floor (the x86-64 tree's floor: $x64_floor)"
else
  not_ok "tarball: glibc floor" "GLIBC_$floor (x86-64: $x64_floor)"
fi
grep -q "for Linux arm64 (aarch64): glibc $floor or newer" "$tree/INSTALL.txt" && ok "tarball: INSTALL.txt says arm64 and glibc $floor" \
  || not_ok "tarball: INSTALL.txt" "$(head -1 "$tree/INSTALL.txt")"
glibc_own='^(ld-linux-aarch64|libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl)\.so'
unresolved=$(for f in "$tree/bin/perfgate" "$tree"/lib/perfgate/*; do readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; done | sort -u |
  while read -r so; do [[ "$so" =~ $glibc_own || -e "$tree/lib/perfgate/$so" ]] || echo "$so"; done)
[[ -z "$unresolved" ]] && ok "tarball: every library its files need is in lib/perfgate/ or is glibc's ($(ls "$tree/lib/perfgate" | wc -l) bundled)" \
  || not_ok "tarball: libraries neither bundled nor glibc's" "${unresolved//$'\n'/ }"
[[ -f "$tree/share/man/man1/perfgate.1" && -f "$tree/share/perfgate/perfgate.schema.json" && -f "$tree/LICENSE" ]] &&
  grep -q '^libcli11-dev ' "$tree/share/doc/perfgate/third-party/README" &&
  ok "tarball: the man page, the schema, LICENSE and the third-party notices" || not_ok "tarball: share/ or the licences"

# --- an arm64 Debian 12: its packages unpacked (debootstrap's first stage runs nothing of
# the target), which is what qemu-user needs for the program's glibc.
start=$(date +%s)
if ! debootstrap --foreign --arch=arm64 --variant=minbase bookworm "$WORK/arm64" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
  not_ok "debootstrap --foreign --arch=arm64 bookworm from $mirror" "$(tail -3 "$WORK/debootstrap.log")"
  finish; exit
fi
libc=$(ls "$WORK"/arm64/usr/lib/aarch64-linux-gnu/libc.so.6 2>/dev/null | head -1)
ok "an arm64 Debian 12 root, unpacked ($(($(date +%s) - start)) s; $(basename "${libc:-no libc}"))"
# run ARGS...: the arm64 program under qemu, the root as its / for the loader and libraries
# (qemu-user looks a path up in the root first, then on this machine).
run() { "$qemu" -L "$WORK/arm64" "$@"; }
got=$(run "$tree/bin/perfgate" --version 2>&1)
[[ "$got" == "perfgate $version" ]] && ok "qemu: bin/perfgate --version ($got)" || not_ok "qemu: --version" "$got"

# The check install.sh runs, with the same paths (/case, looked up in the root).
mkdir -p "$WORK/arm64/case/img"
cp -r "$FIXTURES/webpack/shop" "$WORK/arm64/case/shop"
cp "$FIXTURES"/lighthouse/lhr/lean-mobile-*.json "$WORK/arm64/case/"
cp "$FIXTURES/images/coffee-rgb.png" "$WORK/arm64/case/img/"
check_args=(check --stats /case/shop/stats.json.gz --dist /case/shop/dist --lighthouse '/case/lean-mobile-*.json'
            --no-cache --release 9.9.9 --format json)
c=$WORK/arm64/case
(cd "$c" && "$PERFGATE" check --stats "$c/shop/stats.json.gz" --dist "$c/shop/dist" --lighthouse "$c/lean-mobile-*.json" \
  --no-cache --release 9.9.9 --format json >"$WORK/expected.raw" 2>"$WORK/expected.err")
expected_status=$?
sed "s#$c#/case#g" "$WORK/expected.raw" >"$WORK/expected.json"
start=$(date +%s%N)
(cd / && run "$tree/bin/perfgate" "${check_args[@]}" >"$WORK/got.json" 2>"$WORK/got.err")
status=$?
ms=$((($(date +%s%N) - start) / 1000000))
if [[ $expected_status -eq 1 && $status -eq $expected_status ]] && cmp -s "$WORK/got.json" "$WORK/expected.json"; then
  ok "qemu: the check gives the x86-64 build's verdict (exit $status) and byte-identical JSON ($(wc -c <"$WORK/got.json") bytes, $ms ms under emulation)"
else
  not_ok "qemu: the check" "exit $status (x86-64: $expected_status); $(head -3 "$WORK/got.err"); $(diff "$WORK/expected.json" "$WORK/got.json" | head -6)"
fi
# libavif, loaded when first needed, from lib/perfgate/.
# Written to a folder of this machine's (qemu-user looks up in the root only paths that are
# there: a file about to be created is not).
(cd / && run "$tree/bin/perfgate" images convert /case/img --out "$WORK/avif" --to avif,webp --no-cache >"$WORK/avif.out" 2>&1)
status=$?
[[ $status -eq 0 && -s "$WORK/avif/coffee-rgb.avif" ]] && ok "qemu: an AVIF conversion (libavif, loaded when needed)" \
  || not_ok "qemu: AVIF conversion" "exit $status: $(head -3 "$WORK/avif.out")"
# WebP is the same file as the x86-64 build writes; AVIF is not (libaom picks code for the
# CPU it runs on, and its x86 and Arm paths round differently): its size is shown.
"$PERFGATE" images convert "$WORK/arm64/case/img" --out "$WORK/avif-x64" --to avif,webp --no-cache >/dev/null 2>&1
cmp -s "$WORK/avif/coffee-rgb.webp" "$WORK/avif-x64/coffee-rgb.webp" \
  && ok "qemu: the WebP is byte-identical to the x86-64 build's (AVIF: $(stat -c %s "$WORK/avif/coffee-rgb.avif") bytes on arm64, $(stat -c %s "$WORK/avif-x64/coffee-rgb.avif" 2>/dev/null) on x86-64)" \
  || not_ok "qemu: WebP differs from the x86-64 build's"

# --- npm: the launcher picks the arm64 platform package by process.arch. Node itself is
# not run under emulation here: the launcher is asked which package it would load, with
# process.arch reported as arm64.
mkdir -p "$WORK/npm/node_modules/@perfgate"
tar xzf "$npm_launcher" -C "$WORK/npm" && mv "$WORK/npm/package" "$WORK/npm/node_modules/perfgate"
tar xzf "$npm_platform" -C "$WORK/npm" && mv "$WORK/npm/package" "$WORK/npm/node_modules/@perfgate/linux-arm64"
grep -q '"cpu": \["arm64"\]' "$WORK/npm/node_modules/@perfgate/linux-arm64/package.json" &&
  grep -q '"@perfgate/linux-arm64": "'"$version"'"' "$WORK/npm/node_modules/perfgate/package.json" &&
  ok "npm: @perfgate/linux-arm64 says cpu arm64, and the launcher lists it as an optional dependency" ||
  not_ok "npm: package.json of the arm64 package or the launcher"
cat >"$WORK/npm/which.js" <<'EOF'
// Run the launcher as an arm64 Node would, with spawnSync caught: print what it would run.
Object.defineProperty(process, 'arch', { value: 'arm64' });
const cp = require('child_process');
cp.spawnSync = (binary) => { console.log(binary); process.exit(0); };
process.argv = [process.argv[0], 'perfgate', '--version'];
require('./node_modules/perfgate/bin/perfgate.js');
EOF
picked=$(cd "$WORK/npm" && node which.js 2>&1)
[[ "$picked" == "$WORK/npm/node_modules/@perfgate/linux-arm64/bin/perfgate" ]] &&
  got=$(run "$picked" --version 2>&1) && [[ "$got" == "perfgate $version" ]] &&
  ok "npm: on arm64 the launcher runs node_modules/@perfgate/linux-arm64/bin/perfgate, which runs under qemu ($got)" ||
  not_ok "npm: the launcher on arm64" "picked '$picked'"
finish
