#!/usr/bin/env bash
# The release artifacts (ci/package) installed where no build dependency exists, by the
# README's own lines: a bare Debian 12 root (debootstrap --variant=minbase, from Debian's
# archive) entered with chroot. The ```sh blocks of README.md's "## Install" are read by
# their headings (a block that is not found fails: a README edit cannot drop coverage) and
# each is run as it is written, as a shell script with `set -e`, from a folder that holds
# the release files, as the README says: "### Portable tarball" (tar xzf, then
# bin/perfgate --version), "### Debian package" (apt-get install ./perfgate_*.deb, its
# Depends fetched by apt; perfgate --version; man perfgate, with man-db installed first and
# MANPAGER=cat), "### npm, from the release tarballs" (npm install of both tarballs into a
# fresh project with Debian's nodejs, offline, then npx perfgate check --lighthouse
# .lighthouseci/). Only setup the README takes for granted is added: apt-get update (and
# APT::Get::Assume-Yes, as no one is there to answer), npm init, a .lighthouseci/ of real
# reports. The one npm line not run is the registry's `npm install --save-dev perfgate`,
# which must say "not yet"; the "### From source" lines are not run (no C++ build here):
# each must name what exists (ci/install-deps, executable) and the cmake lines must parse
# and be what ci/build and ci/package run. The versions in the lines must be the packages'.
# Then, in each root, a real check whose JSON result must be byte-identical to the one the
# built binary gives, and the licence (and the launcher's schema, budgets and hooks).
# Last, the glibc floor INSTALL.txt and the README state is the one the files ask for.
#   PACKAGES=packages PERFGATE=build/tool/perfgate FIXTURES=tests/fixtures TESTS=tests bash tests/package/install.sh
# Needs root (chroot) and Debian's mirror; the roots are removed afterwards.
source "$(dirname "$0")/../e2e/lib.sh" || exit 2
[[ -d "${WORK:-}" ]] || { echo "tests/package/install.sh: no scratch folder (tests/e2e/lib.sh)" >&2; exit 2; }
: "${PACKAGES:?set PACKAGES to the folder ci/package wrote}"
PACKAGES=$(realpath "$PACKAGES")
[[ $(id -u) -eq 0 ]] || { echo "tests/package/install.sh: needs root for chroot" >&2; exit 2; }
tarball=$(ls "$PACKAGES"/perfgate-*-linux-x64.tar.gz 2>/dev/null | head -1)
deb=$(ls "$PACKAGES"/perfgate_*_amd64.deb 2>/dev/null | head -1)
npm_launcher=$(ls "$PACKAGES"/perfgate-[0-9]*.tgz 2>/dev/null | head -1)
npm_platform=$(ls "$PACKAGES"/perfgate-linux-x64-*.tgz 2>/dev/null | head -1)
npm_platform_arm64=$(ls "$PACKAGES"/perfgate-linux-arm64-*.tgz 2>/dev/null | head -1)
for f in tarball deb npm_launcher npm_platform npm_platform_arm64; do
  [[ -n "${!f}" ]] || { echo "tests/package/install.sh: no $f in $PACKAGES (run ci/package)" >&2; exit 2; }
done

# --- The README's install lines: the ```sh blocks of "## Install", by their "###" heading.
root=$(cd "$TESTS/.." && pwd)
README=$root/README.md
pkg_version=$(basename "$tarball" | sed -n 's/^perfgate-\(.*\)-linux-x64\.tar\.gz$/\1/p')
# install_lines: "HEADING<TAB>LINE" for every line of a ```sh block in README.md's
# "## Install" section (HEADING: the "###" heading above it).
install_lines() {
  awk '/^```/ { if (fence) { fence = 0; next } fence = 1; lang = substr($0, 4); next }
       !fence && /^## / { install = ($0 == "## Install"); heading = ""; next }
       !fence && /^### / { heading = substr($0, 5); next }
       install && fence && lang == "sh" && $0 !~ /^[[:space:]]*(#|$)/ { print heading "\t" $0 }' "$README"
}
# readme_block HEADING: that heading's lines, as written; fails when there are none.
readme_block() {
  install_lines | awk -F'\t' -v h="$1" '$1 == h { sub(/^[^\t]*\t/, ""); print; n++ } END { exit n == 0 }'
}
# registry_npm LINE: an npm install of a package from the registry, not of files beside it.
registry_npm() {
  local words w
  read -ra words <<<"${1%%#*}"
  [[ "${words[0]:-}" == npm && "${words[1]:-}" =~ ^(install|i|add)$ ]] || return 1
  for w in "${words[@]:2}"; do [[ "$w" == -* || "$w" == ./* || "$w" == /* || "$w" == file:* ]] || return 0; done
  return 1
}
h_npm="npm, from the release tarballs" h_deb="Debian package" h_tar="Portable tarball" h_src="From source"
declare -A block=()
for h in "$h_npm" "$h_deb" "$h_tar" "$h_src"; do
  if block[$h]=$(readme_block "$h"); then
    ok "README: a \`\`\`sh block under \"### $h\" ($(wc -l <<<"${block[$h]}") lines)"
  else
    not_ok "README: no \`\`\`sh block under \"### $h\"" "this test runs the README's install lines by their headings: one not found is not run"
  fi
done
others=$(install_lines | awk -F'\t' -v a="$h_npm" -v b="$h_deb" -v c="$h_tar" -v d="$h_src" '$1 != a && $1 != b && $1 != c && $1 != d')
[[ -z "$others" ]] && ok "README: every \`\`\`sh line of \"## Install\" is under one of those four headings" \
  || not_ok "README: install lines this test does not know (neither run nor checked)" "${others//$'\n'/; }"
# The npm block's lines, less the registry's line: that one cannot work before publication.
npm_run="" npm_registry=""
while IFS= read -r line; do
  if registry_npm "$line"; then npm_registry+="$line"$'\n'; else npm_run+="$line"$'\n'; fi
done <<<"${block[$h_npm]:-}"
# Every npm/npx line of "## Install" that is not run: only the registry's one, saying why.
not_run=$(install_lines | cut -f2- | grep -E '^[[:space:]]*(npm|npx)[[:space:]]' | grep -vxF -f <(printf '%s' "$npm_run") )
if [[ $(grep -c . <<<"$not_run") -eq 1 && "$not_run" == "${npm_registry%$'\n'}" ]] && registry_npm "$not_run" \
   && [[ "$not_run" =~ \#.*not\ yet ]]; then
  ok "README: the one npm line not run is the registry's, and it says \"not yet\" ($not_run)"
else
  not_ok "README: npm lines not run" "expected only the registry's 'npm install --save-dev perfgate' with a 'not yet' comment; not run: ${not_run//$'\n'/; }"
fi
# The versions the lines name are the packages', and the files they name are ci/package's.
run_lines="${block[$h_tar]:-}"$'\n'"${block[$h_deb]:-}"$'\n'"$npm_run"
named_versions=$(sed 's/#.*//' <<<"$run_lines" | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | sort -u | paste -sd' ')
if [[ "$named_versions" == "$pkg_version" ]]; then
  ok "README: its install lines name $pkg_version, the built packages' version"
else
  not_ok "README names the wrong version: '$named_versions' in its install lines, the built packages are $pkg_version"
fi
missing_files=$(sed 's/#.*//' <<<"$run_lines" | tr -s ' \t' '\n\n' | grep -E '^(\./)?perfgate[-_][^/]*\.(tgz|deb|tar\.gz)$' | sed 's#^\./##' | sort -u |
  while read -r f; do [[ -f "$PACKAGES/$f" ]] || echo "$f"; done)
[[ -z "$missing_files" ]] && ok "README: each release file its lines name is one ci/package made" \
  || not_ok "README: its lines name files ci/package did not make" "${missing_files//$'\n'/ }"
# "### From source" is not run here (no C++ build in this test): its lines must parse, name
# a script that exists, and be what ci/build (configure with -G Ninja, build) and ci/package
# (cmake --install) run.
src_bad=()
bash -n <<<"${block[$h_src]:-}" 2>"$WORK/src.err" || src_bad+=("does not parse: $(head -1 "$WORK/src.err")")
cm_S="" cm_B="" cm_G="" cm_build="" cm_install="" cm_n=0
while IFS= read -r line; do
  IFS=$'\x01' read -ra cmds <<<"$(sed 's/#.*//; s/&&/\x01/g' <<<"$line")"
  for c in "${cmds[@]}"; do
    read -ra w <<<"$c"
    ((${#w[@]})) || continue
    case "${w[0]}" in
      */*) [[ -f "$root/${w[0]}" && -x "$root/${w[0]}" ]] || src_bad+=("${w[0]}: no such executable in the repository") ;;
      cmake)
        cm_n=$((cm_n + 1))
        for ((i = 1; i < ${#w[@]}; i += 2)); do
          case "${w[i]}" in
            -S) cm_S=${w[i + 1]:-} ;; -B) cm_B=${w[i + 1]:-} ;; -G) cm_G=${w[i + 1]:-} ;;
            --build) cm_build=${w[i + 1]:-} ;; --install) cm_install=${w[i + 1]:-} ;;
            *) src_bad+=("cmake: an option this test does not know: ${w[i]}") ;;
          esac
        done ;;
      *) src_bad+=("${w[0]}: a command this test does not know") ;;
    esac
  done
done <<<"${block[$h_src]:-}"
[[ $cm_n -eq 3 && -f "$root/$cm_S/CMakeLists.txt" && -n "$cm_B" && "$cm_build" == "$cm_B" && "$cm_install" == "$cm_B" ]] \
  || src_bad+=("expected cmake -S <source> -B <dir>, --build <dir>, --install <dir>; got $cm_n cmake commands, -S '$cm_S' -B '$cm_B' --build '$cm_build' --install '$cm_install'")
grep -qE "^cmake -S \. -B [^ ]+ -G $cm_G " "$root/ci/build" && grep -q '^ninja -C ' "$root/ci/build" \
  || src_bad+=("ci/build does not configure with -G '$cm_G' and build with ninja as the README's lines do")
# cmake --install: the install rules, which the release scripts run too.
installs=$(grep -lE '^[[:space:]]*cmake --install ' "$root"/ci/* 2>/dev/null | xargs -r -n1 basename | sed 's@^@ci/@' | paste -sd' ')
[[ -n "$installs" ]] && grep -q '^install(TARGETS perfgate ' "$root/tool/CMakeLists.txt" \
  || src_bad+=("no install rules (tool/CMakeLists.txt), or no script of ci/ runs cmake --install")
if ((${#src_bad[@]} == 0)); then
  ok "README \"### $h_src\": ci/install-deps is an executable script; the cmake lines parse (-S $cm_S -B $cm_B -G $cm_G, --build $cm_B, --install $cm_B): ci/build configures and builds so, and $installs runs cmake --install (not built here)"
else
  not_ok "README \"### $h_src\"" "$(printf '%s; ' "${src_bad[@]}")"
fi

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

# Assets older than the binary they are compared with are the likely cause of a difference.
stale=""
[[ "$tarball" -ot "$PERFGATE" ]] && stale=" (the packages in $PACKAGES are older than $PERFGATE: run ci/package again)"
# same_verdict ROOT NAME COMMAND...: run the check in ROOT, compare with the built binary.
same_verdict() {
  local r=$1 name=$2
  shift 2
  chroot "$r" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root "$@" >"$WORK/got.json" 2>"$WORK/got.err"
  local status=$?
  if [[ $status -eq $expected_status ]] && cmp -s "$WORK/got.json" "$WORK/expected.json"; then
    ok "$name: the same verdict (exit $status) and byte-identical JSON as the built binary"
  else
    not_ok "$name: verdict$stale" "exit $status (expected $expected_status); $(head -3 "$WORK/got.err"); $(diff "$WORK/expected.json" "$WORK/got.json" | head -5)"
  fi
}

# run_readme ROOT NAME HEADING DIR ENV...: the README's block under "### HEADING" (the npm
# one: less its registry line), as written, run in ROOT from DIR as a shell script with
# `set -e` (-x: the log says which line failed). Sets $status; stdout in $WORK/NAME.out,
# stderr in $WORK/NAME.err.
run_readme() {
  local r=$1 name=$2 heading=$3 dir=$4 lines
  shift 4
  lines=${block[$heading]:-}
  [[ "$heading" == "$h_npm" ]] && lines=$npm_run
  printf '#!/bin/sh\n# README.md, "### %s", as written\nset -ex\n%s\n' "$heading" "$lines" >"$r/tmp/readme-$name.sh"
  chroot "$r" /usr/bin/env -i PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@" \
    sh -c "cd '$dir' && exec sh /tmp/readme-$name.sh" >"$WORK/$name.out" 2>"$WORK/$name.err"
  status=$?
}
# release_folder ROOT: /release in ROOT, holding every file ci/package made.
release_folder() {
  mkdir -p "$1/release"
  cp "$PACKAGES"/* "$1/release/"
}
one_line() { sed 's/[[:space:]]*#.*//; /^$/d' <<<"$1" | paste -sd';' | sed 's/;/; /g'; }
want_version="perfgate $("$PERFGATE" --version | awk '{print $NF}')"

# --- 1. the portable tarball: the README's lines, from the folder that holds it
new_root tarball
release_folder "$r"
# The README's check of the downloads, in its table: `sha256sum -c SHA256SUMS`.
if grep -qF '`sha256sum -c SHA256SUMS`' "$README" && chroot "$r" sh -c 'cd /release && sha256sum -c SHA256SUMS' >"$WORK/sums.log" 2>&1; then
  ok "README: sha256sum -c SHA256SUMS, in the folder of the release files ($(grep -c ': OK$' "$WORK/sums.log") OK)"
else
  not_ok "README: sha256sum -c SHA256SUMS" "$(tail -3 "$WORK/sums.log")"
fi
start=$(date +%s%N)
run_readme "$r" tarball "$h_tar" /release
dir=/release/$(basename "$tarball" .tar.gz)
echo "#    tarball: $(($(stat -c %s "$tarball") / 1024)) KB; the README's lines ran in $((($(date +%s%N) - start) / 1000000)) ms"
if [[ $status -eq 0 ]] && grep -qxF "$want_version" "$WORK/tarball.out"; then
  ok "tarball: the README's lines run as written from /release, in the bare root ($(one_line "${block[$h_tar]}"): $want_version)"
else
  not_ok "tarball: the README's lines ($(one_line "${block[$h_tar]:-}"))" "exit $status: $(tail -3 "$WORK/tarball.err") $(head -2 "$WORK/tarball.out")"
fi
same_verdict "$r" "tarball" "$dir/bin/perfgate" "${check_args[@]}"
avif_works "$r" "tarball" "$dir/bin/perfgate"
[[ -f "$r$dir/share/perfgate/perfgate.schema.json" && -f "$r$dir/share/man/man1/perfgate.1" ]] \
  && ok "tarball: the schema and the man page are in share/" || not_ok "tarball: share/"
grep -q "glibc 2\.[0-9]* or newer" "$r$dir/INSTALL.txt" && ok "tarball: INSTALL.txt states the glibc floor" || not_ok "tarball: glibc floor"
notices="$r$dir/share/doc/perfgate/third-party"
cmp -s "$r$dir/LICENSE" "$TESTS/../LICENSE" && [[ -f "$r$dir/share/doc/perfgate/copyright" ]] \
  && ok "tarball: LICENSE and share/doc/perfgate/copyright" || not_ok "tarball: the licence"
# Every bundled library's Debian package (and CLI11's) has its copyright file there.
unlisted=$(for f in "$r$dir"/lib/perfgate/*; do grep -q " $(basename "$f")\( \|$\)" "$notices/README" || basename "$f"; done)
nocopy=$(awk 'NR > 4 {print $1}' "$notices/README" | while read -r p; do [[ -s "$notices/$p/copyright" ]] || echo "$p"; done)
[[ -z "$unlisted$nocopy" ]] && grep -q '^libcli11-dev ' "$notices/README" \
  && ok "tarball: each bundled library's licence and version in share/doc/perfgate/third-party/ ($(find "$notices" -mindepth 1 -maxdepth 1 -type d | wc -l) packages)" \
  || not_ok "tarball: third-party notices" "not listed: ${unlisted//$'\n'/ }; no copyright file: ${nocopy//$'\n'/ }"

# --- 2. the Debian package: the README's lines, apt resolving its Depends
new_root deb
release_folder "$r"
# What the README takes for granted: apt's package lists, and an answer to apt's "Do you
# want to continue?" (no one is at the terminal). `man perfgate` needs man (man-db), which
# a minbase root lacks: it is installed first, and its pager is cat.
echo 'APT::Get::Assume-Yes "true";' >"$r/etc/apt/apt.conf.d/90assume-yes"
if chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
     sh -c "apt-get update -qq && apt-get install -qq --no-install-recommends man-db" >"$WORK/apt-man.log" 2>&1; then
  ok "deb: apt's lists, and man-db for the README's \`man perfgate\`, in the bare root"
else
  not_ok "deb: apt-get update, man-db" "$(tail -5 "$WORK/apt-man.log")"
fi
start=$(date +%s)
run_readme "$r" deb "$h_deb" /release DEBIAN_FRONTEND=noninteractive MANPAGER=cat PAGER=cat MANWIDTH=80
if [[ $status -eq 0 ]] && grep -qxF "$want_version" "$WORK/deb.out" && grep -q '^ *perfgate - ' "$WORK/deb.out" \
   && grep -q '^Setting up perfgate ' "$WORK/deb.out"; then
  ok "deb: the README's lines run as written from /release, in the bare root ($(one_line "${block[$h_deb]}"); $(($(date +%s) - start)) s, Depends fetched by apt; $want_version; the man page's NAME: $(grep -m1 '^ *perfgate - ' "$WORK/deb.out" | sed 's/^ *//'))"
else
  not_ok "deb: the README's lines ($(one_line "${block[$h_deb]:-}"))" "exit $status: $(tail -5 "$WORK/deb.err")"
fi
chroot "$r" /usr/bin/env -i PATH=/usr/bin:/bin sh -c 'command -v perfgate' 2>/dev/null | grep -qx /usr/bin/perfgate \
  && ok "deb: perfgate is on PATH (/usr/bin/perfgate)" || not_ok "deb: perfgate on PATH"
same_verdict "$r" "deb" perfgate "${check_args[@]}"
avif_works "$r" "deb" perfgate
[[ -f "$r/usr/share/perfgate/perfgate.schema.json" && -f "$r/usr/share/perfgate/default.json" && -f "$r/usr/share/man/man1/perfgate.1" ]] \
  && ok "deb: /usr/share/perfgate/perfgate.schema.json, default.json and the man page" || not_ok "deb: data files"
grep -q '^License: Expat' "$r/usr/share/doc/perfgate/copyright" 2>/dev/null \
  && ok "deb: /usr/share/doc/perfgate/copyright (MIT, as Expat)" || not_ok "deb: no /usr/share/doc/perfgate/copyright"

# --- 3. npm: the README's lines in a fresh project that holds the two tarballs; no install
# scripts, no download of perfgate
new_root npm
mkdir -p "$r/project/.lighthouseci" && cp "$npm_launcher" "$npm_platform" "$npm_platform_arm64" "$r/project/"
# What `npx perfgate check --lighthouse .lighthouseci/` reads: the reports lhci leaves there
# (real ones, within the built-in budget: the README's line must pass).
cp "$FIXTURES"/lighthouse/lhr/lean-mobile-*.json "$r/project/.lighthouseci/"
if chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
     sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm" >"$WORK/apt-node.log" 2>&1; then
  ok "npm: Debian's nodejs and npm in the bare root"
else
  not_ok "npm: nodejs from Debian" "$(tail -5 "$WORK/apt-node.log")"
fi
chroot "$r" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root sh -c "cd /project && npm init -y" >"$WORK/npm-init.log" 2>&1 \
  || not_ok "npm: npm init -y" "$(tail -3 "$WORK/npm-init.log")"
start=$(date +%s%N)
run_readme "$r" npm "$h_npm" /project npm_config_audit=false npm_config_fund=false npm_config_offline=true
if [[ $status -eq 0 ]] && grep -q '^PASS ' "$WORK/npm.out"; then
  ok "npm: the README's lines run as written in a fresh project holding the tarballs, offline ($(one_line "$npm_run"); $((($(date +%s%N) - start) / 1000000)) ms; the check: $(grep -m1 '^PASS ' "$WORK/npm.out" | tr -s ' '))"
else
  not_ok "npm: the README's lines ($(one_line "$npm_run"))" "exit $status: $(tail -5 "$WORK/npm.err") $(tail -2 "$WORK/npm.out")"
fi
grep -q '"install"\|"postinstall"\|"preinstall"' "$r/project/node_modules/perfgate/package.json" "$r/project/node_modules/@perfgate/linux-x64/package.json" \
  && not_ok "npm: an install script" || ok "npm: neither package has an install script"
grep -qF "\"perfgate\": \"file:$(basename "$npm_launcher")\"" "$r/project/package.json" \
  && grep -qF "\"@perfgate/linux-x64\": \"file:$(basename "$npm_platform")\"" "$r/project/package.json" \
  && grep -qF "\"@perfgate/linux-arm64\": \"file:$(basename "$npm_platform_arm64")\"" "$r/project/package.json" \
  && [[ -d "$r/project/node_modules/@perfgate/linux-x64" && ! -e "$r/project/node_modules/@perfgate/linux-arm64" ]] \
  && ok "npm: the project's package.json names the three files, as the README says; only the x86-64 one is installed" \
  || not_ok "npm: package.json" "$(grep -A8 Dependencies "$r/project/package.json" | tr -s ' \n' ' ')"
# The lock file is in step with package.json: npm ci, as every CI job runs it, installs the same.
if chroot "$r" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root npm_config_audit=false npm_config_fund=false npm_config_offline=true \
     sh -c "cd /project && rm -rf node_modules && npm ci && npx --offline perfgate --version" >"$WORK/npm-ci.log" 2>&1 \
   && grep -qxF "$want_version" "$WORK/npm-ci.log"; then
  ok "npm: npm ci from the lock file the README's lines wrote, offline ($want_version)"
else
  not_ok "npm: npm ci" "$(grep -m3 'npm error' "$WORK/npm-ci.log")"
fi
same_verdict "$r" "npx perfgate" sh -c "cd /project && npx --offline perfgate $(printf "'%s' " "${check_args[@]}")"
# What the launcher carries at stable paths: the schema, the built-in budgets, the hooks.
nm="$r/project/node_modules/perfgate"
cmp -s "$nm/perfgate.schema.json" "$TESTS/../budgets/perfgate.schema.json" && cmp -s "$nm/budgets/default.json" "$TESTS/../budgets/default.json" \
  && [[ -f "$nm/budgets/perfgate.schema.json" && -f "$nm/budgets/api-sla.json" ]] \
  && ok "npm: node_modules/perfgate/perfgate.schema.json and budgets/" || not_ok "npm: the schema or the budgets differ from budgets/$stale"
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

# --- 4. the glibc floor INSTALL.txt and the README state is the one the files ask for.
floor=$(mkdir -p "$WORK/floor" && tar xzf "$tarball" -C "$WORK/floor" &&
  for f in "$WORK"/floor/*/bin/perfgate "$WORK"/floor/*/lib/perfgate/*; do readelf -V "$f"; done |
  grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
grep -q "glibc $floor or newer" "$WORK"/floor/*/INSTALL.txt && grep -q "It needs glibc $floor or newer" "$README" \
  && ok "tarball: INSTALL.txt and the README state the glibc its files ask for ($floor)" \
  || not_ok "tarball: the glibc floor" "the files ask for GLIBC_$floor; INSTALL.txt: $(head -1 "$WORK"/floor/*/INSTALL.txt)"
finish
