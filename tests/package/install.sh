#!/usr/bin/env bash
# The release artifacts (ci/package) installed where no build dependency exists: a bare
# Debian 12 root (debootstrap --variant=minbase, from Debian's archive) entered with
# chroot. In it: the portable tarball unpacked and run; the .deb installed with
# `apt-get install ./perfgate_*.deb` (its Depends fetched by apt); the npm tarballs
# installed into a fresh project with Debian's nodejs by the README's own line and run as
# `npx perfgate`. Each runs a real check whose JSON result must be byte-identical to the one
# the built binary gives, and carries its licence (and the launcher its schema, budgets and
# hooks).
#   PACKAGES=packages PERFGATE=build/tool/perfgate FIXTURES=tests/fixtures TESTS=tests bash tests/package/install.sh
# Needs root (chroot) and Debian's mirror; the roots are removed afterwards.
source "$(dirname "$0")/../e2e/lib.sh"
: "${PACKAGES:?set PACKAGES to the folder ci/package wrote}"
PACKAGES=$(realpath "$PACKAGES")
[[ $(id -u) -eq 0 ]] || { echo "tests/package/install.sh: needs root for chroot" >&2; exit 2; }
tarball=$(ls "$PACKAGES"/perfgate-*-linux-x64.tar.gz 2>/dev/null | head -1)
deb=$(ls "$PACKAGES"/perfgate_*_amd64.deb 2>/dev/null | head -1)
npm_launcher=$(ls "$PACKAGES"/perfgate-[0-9]*.tgz 2>/dev/null | head -1)
npm_platform=$(ls "$PACKAGES"/perfgate-linux-x64-*.tgz 2>/dev/null | head -1)
for f in tarball deb npm_launcher npm_platform; do
  [[ -n "${!f}" ]] || { echo "tests/package/install.sh: no $f in $PACKAGES (run ci/package)" >&2; exit 2; }
done

mirror=$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
mounted=()
cleanup() {
  local m
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m"; done
  # Never remove through a mount point that is still there.
  if mount | grep -q " $WORK/"; then
    echo "tests/package/install.sh: $WORK still has mounts; left in place" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# The check every install runs: a real webpack build over budget (exit 1) and real
# Lighthouse reports; JSON to compare byte for byte.
mkdir -p "$WORK/case"
cp -r "$FIXTURES/webpack/shop" "$WORK/case/shop"
cp "$FIXTURES"/lighthouse/lhr/lean-mobile-*.json "$WORK/case/"
mkdir -p "$WORK/case/img" && cp "$FIXTURES/images/coffee-rgb.png" "$WORK/case/img/"
# The release named on the command line and the reference run outside any repository: the
# JSON's identity (release, commit) is then the same in every root (issue 25).
check_args=(check --stats /case/shop/stats.json.gz --dist /case/shop/dist --lighthouse '/case/lean-mobile-*.json'
            --no-cache --release 9.9.9 --format json)
# The built binary's answer, with the same paths (a bind of the case at /case is not
# needed on the host: the paths are rewritten).
(cd "$WORK/case" && "$PERFGATE" check --stats "$WORK/case/shop/stats.json.gz" --dist "$WORK/case/shop/dist" \
  --lighthouse "$WORK/case/lean-mobile-*.json" --no-cache --release 9.9.9 --format json >"$WORK/expected.raw" 2>"$WORK/expected.err")
expected_status=$?
sed "s#$WORK/case#/case#g" "$WORK/expected.raw" >"$WORK/expected.json"
[[ $expected_status -eq 1 ]] && ok "the built binary: the shop's main entrypoint is over budget (exit 1)" \
  || not_ok "the built binary's verdict" "exit $expected_status: $(head -3 "$WORK/expected.err")"

start=$(date +%s)
if ! debootstrap --variant=minbase bookworm "$WORK/pristine" "$mirror" >"$WORK/debootstrap.log" 2>&1; then
  not_ok "debootstrap --variant=minbase bookworm from $mirror" "$(tail -3 "$WORK/debootstrap.log")"
  finish; exit
fi
ok "a bare Debian 12 root (debootstrap minbase, $(($(date +%s) - start)) s)"
# None of the libraries perfgate links is in it.
missing=$(for l in libavif.so.15 libwebp.so.7 libcurl.so.4 libsimdjson.so.14 liblcms2.so.2 libyaml-cpp.so.0.7 libpng16.so.16 libjpeg.so.62 libbrotlienc.so.1; do
  [[ -e "$WORK/pristine/usr/lib/x86_64-linux-gnu/$l" ]] || echo "$l"; done | wc -l)
expect_eq "$missing" 9 "none of perfgate's libraries (libavif, libwebp, libcurl, simdjson, lcms2, yaml-cpp, libpng, libjpeg, brotli) is in the bare root"

# new_root NAME: sets $r to a copy of the pristine root with the case at /case, /proc
# mounted and the host's resolver (apt needs both). Not in a subshell: the mount must be
# recorded for cleanup, which unmounts before anything is removed.
new_root() {
  r="$WORK/$1"
  cp -a "$WORK/pristine" "$r"
  cp -r "$WORK/case" "$r/case"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  mount -t proc proc "$r/proc" && mounted+=("$r/proc")
}

# avif_works ROOT NAME PERFGATE: libavif, which perfgate loads only when a run needs it
# (tool/util/library.hpp), is there too: bundled, or a Depends of the .deb.
avif_works() {
  chroot "$1" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
    "$3" images convert /case/img --out "/tmp/avif-$2" --to avif --no-cache >"$WORK/avif.out" 2>&1
  local status=$?
  [[ $status -eq 0 && -s "$1/tmp/avif-$2/coffee-rgb.avif" ]] && ok "$2: an AVIF conversion (libavif, loaded when needed)" \
    || not_ok "$2: AVIF conversion" "exit $status: $(head -3 "$WORK/avif.out")"
}

# same_verdict ROOT NAME COMMAND...: run the check in ROOT, compare with the built binary.
same_verdict() {
  local r=$1 name=$2
  shift 2
  chroot "$r" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root "$@" >"$WORK/got.json" 2>"$WORK/got.err"
  local status=$?
  if [[ $status -eq $expected_status ]] && cmp -s "$WORK/got.json" "$WORK/expected.json"; then
    ok "$name: the same verdict (exit $status) and byte-identical JSON as the built binary"
  else
    not_ok "$name: verdict" "exit $status (expected $expected_status); $(head -3 "$WORK/got.err"); $(diff "$WORK/expected.json" "$WORK/got.json" | head -5)"
  fi
}

# --- 1. the portable tarball
new_root tarball
start=$(date +%s%N)
tar xzf "$tarball" -C "$r/opt"
dir=$(basename "$tarball" .tar.gz)
echo "#    tarball: $(($(stat -c %s "$tarball") / 1024)) KB, unpacked in $((($(date +%s%N) - start) / 1000000)) ms"
version=$(chroot "$r" "/opt/$dir/bin/perfgate" --version 2>&1)
[[ "$version" == "perfgate $("$PERFGATE" --version | awk '{print $NF}')" ]] && ok "tarball: bin/perfgate --version runs in the bare root ($version)" \
  || not_ok "tarball: --version" "$version"
same_verdict "$r" "tarball" "/opt/$dir/bin/perfgate" "${check_args[@]}"
avif_works "$r" "tarball" "/opt/$dir/bin/perfgate"
[[ -f "$r/opt/$dir/share/perfgate/perfgate.schema.json" && -f "$r/opt/$dir/share/man/man1/perfgate.1" ]] \
  && ok "tarball: the schema and the man page are in share/" || not_ok "tarball: share/"
grep -q "glibc 2\.[0-9]* or newer" "$r/opt/$dir/INSTALL.txt" && ok "tarball: INSTALL.txt states the glibc floor" || not_ok "tarball: glibc floor"
notices="$r/opt/$dir/share/doc/perfgate/third-party"
cmp -s "$r/opt/$dir/LICENSE" "$TESTS/../LICENSE" && [[ -f "$r/opt/$dir/share/doc/perfgate/copyright" ]] \
  && ok "tarball: LICENSE and share/doc/perfgate/copyright" || not_ok "tarball: the licence"
# Every bundled library's Debian package (and CLI11's) has its copyright file there.
unlisted=$(for f in "$r/opt/$dir"/lib/perfgate/*; do grep -q " $(basename "$f")\( \|$\)" "$notices/README" || basename "$f"; done)
nocopy=$(awk 'NR > 4 {print $1}' "$notices/README" | while read -r p; do [[ -s "$notices/$p/copyright" ]] || echo "$p"; done)
[[ -z "$unlisted$nocopy" ]] && grep -q '^libcli11-dev ' "$notices/README" \
  && ok "tarball: each bundled library's licence and version in share/doc/perfgate/third-party/ ($(find "$notices" -mindepth 1 -maxdepth 1 -type d | wc -l) packages)" \
  || not_ok "tarball: third-party notices" "not listed: ${unlisted//$'\n'/ }; no copyright file: ${nocopy//$'\n'/ }"

# --- 2. the Debian package, with apt resolving its Depends
new_root deb
cp "$deb" "$r/tmp/"
start=$(date +%s)
if chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
     sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends /tmp/$(basename "$deb")" >"$WORK/apt.log" 2>&1; then
  ok "deb: apt-get install ./$(basename "$deb") in the bare root ($(($(date +%s) - start)) s, Depends fetched by apt)"
else
  not_ok "deb: apt-get install" "$(tail -5 "$WORK/apt.log")"
fi
chroot "$r" perfgate --version >/dev/null 2>&1 && ok "deb: perfgate is on PATH" || not_ok "deb: perfgate on PATH"
same_verdict "$r" "deb" perfgate "${check_args[@]}"
avif_works "$r" "deb" perfgate
[[ -f "$r/usr/share/perfgate/perfgate.schema.json" && -f "$r/usr/share/perfgate/default.json" && -f "$r/usr/share/man/man1/perfgate.1" ]] \
  && ok "deb: /usr/share/perfgate/perfgate.schema.json, default.json and the man page" || not_ok "deb: data files"
grep -q '^License: Expat' "$r/usr/share/doc/perfgate/copyright" 2>/dev/null \
  && ok "deb: /usr/share/doc/perfgate/copyright (MIT, as Expat)" || not_ok "deb: no /usr/share/doc/perfgate/copyright"

# --- 3. npm: a fresh project, the two tarballs, no install scripts, no download of perfgate
new_root npm
# The README's line, run as it is written, from the folder that holds the tarballs.
npm_line="npm install --save-dev ./$(basename "$npm_launcher") ./$(basename "$npm_platform")"
grep -qxF "$npm_line" "$TESTS/../README.md" && ok "README: its npm line names the tarballs ci/package made ($npm_line)" \
  || not_ok "README: no line '$npm_line'" "$(grep -m1 'npm install --save-dev \./' "$TESTS/../README.md")"
mkdir -p "$r/project" && cp "$npm_launcher" "$npm_platform" "$r/project/"
if chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
     sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm" >"$WORK/apt-node.log" 2>&1; then
  ok "npm: Debian's nodejs and npm in the bare root"
else
  not_ok "npm: nodejs from Debian" "$(tail -5 "$WORK/apt-node.log")"
fi
start=$(date +%s%N)
if chroot "$r" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root npm_config_audit=false npm_config_fund=false npm_config_offline=true \
     sh -c "cd /project && npm init -y >/dev/null && $npm_line" >"$WORK/npm.log" 2>&1; then
  ok "npm: npm install of both tarballs into a fresh project, offline ($((($(date +%s%N) - start) / 1000000)) ms)"
else
  not_ok "npm: npm install" "$(tail -5 "$WORK/npm.log")"
fi
grep -q '"install"\|"postinstall"\|"preinstall"' "$r/project/node_modules/perfgate/package.json" "$r/project/node_modules/@perfgate/linux-x64/package.json" \
  && not_ok "npm: an install script" || ok "npm: neither package has an install script"
same_verdict "$r" "npx perfgate" sh -c "cd /project && npx --offline perfgate $(printf "'%s' " "${check_args[@]}")"
# What the launcher carries at stable paths: the schema, the built-in budgets, the hooks.
nm="$r/project/node_modules/perfgate"
cmp -s "$nm/perfgate.schema.json" "$TESTS/../budgets/perfgate.schema.json" && cmp -s "$nm/budgets/default.json" "$TESTS/../budgets/default.json" \
  && [[ -f "$nm/budgets/perfgate.schema.json" && -f "$nm/budgets/api-sla.json" ]] \
  && ok "npm: node_modules/perfgate/perfgate.schema.json and budgets/" || not_ok "npm: the schema or the budgets"
[[ -x "$nm/hooks/pre-commit" && -x "$nm/hooks/perfgate-bundle" && -x "$nm/hooks/perfgate-images" ]] \
  && ok "npm: node_modules/perfgate/hooks/ (pre-commit, perfgate-bundle, perfgate-images), executable" || not_ok "npm: the hooks"
cmp -s "$nm/LICENSE" "$TESTS/../LICENSE" && cmp -s "$r/project/node_modules/@perfgate/linux-x64/LICENSE" "$TESTS/../LICENSE" \
  && grep -q '"license": "MIT"' "$nm/package.json" && grep -q '"license": "MIT"' "$r/project/node_modules/@perfgate/linux-x64/package.json" \
  && ok "npm: both packages say MIT and carry LICENSE" || not_ok "npm: the licence"
# Without the platform package, the launcher says what to do (exit 2, one line).
rm -rf "$r/project/node_modules/@perfgate"
chroot "$r" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root sh -c "cd /project && npx --offline perfgate --version" >"$WORK/out" 2>"$WORK/err"
status=$?
[[ $status -eq 2 ]] && grep -q "the platform package @perfgate/linux-x64 is not installed.*npm install --save-dev @perfgate/linux-x64@" "$WORK/err" \
  && ok "npm: without @perfgate/linux-x64 the launcher says how to install it (exit 2)" || not_ok "npm: missing platform package" "exit $status: $(cat "$WORK/err")"
finish
