#!/usr/bin/env bash
# libcurl, libavif and libpq are loaded when a run first needs them (tool/util/library.hpp):
# a Lighthouse check loads none of them; an AVIF conversion loads libavif and gives the
# same bytes as always; when the library is missing, the run that needs it stops with
# one line naming it and the package to install (exit 2), and a run that does not need
# it still works.
source "$TESTS/e2e/lib.sh"
F="$FIXTURES"
cd "$WORK"
loaded() { grep -Eo 'calling init: [^ ]*/lib(curl|avif|pq)\.so[^ ]*' "$1" | sed 's|.*/||' | sort -u | tr '\n' ' '; }

LD_DEBUG=libs "$PERFGATE" check --lighthouse "$F/lighthouse/lhr/lean-mobile-*.json" --format json >check.json 2>ld-check.txt
check_status=$?
expect_eq "$(loaded ld-check.txt)" "" "a Lighthouse check loads neither libcurl, libavif nor libpq"
grep -q 'calling init: .*libsimdjson' ld-check.txt && ok "...(LD_DEBUG saw the libraries it does load)" || not_ok "LD_DEBUG printed nothing"

mkdir src && cp "$F/images/coffee-rgb.png" src/
LD_DEBUG=libs "$PERFGATE" images convert src --out out --to avif --no-cache >/dev/null 2>ld-avif.txt
STATUS=$?
expect_status 0 "an AVIF conversion"
soname=$(ldconfig -p | grep -Eo 'libavif\.so\.[0-9]+' | head -1)
expect_eq "$(loaded ld-avif.txt)" "$soname " "...loads libavif ($soname), and only it"
[[ -s out/coffee-rgb.avif ]] && ok "...and writes the AVIF" || not_ok "no AVIF written"
run images convert src --out out2 --to avif --no-cache
cmp -s out/coffee-rgb.avif out2/coffee-rgb.avif && ok "...the same bytes on a second run" || not_ok "AVIF bytes differ between runs"

# The library missing: hidden in a private mount namespace (needs root, as CI runs).
avif=$(ldconfig -p | awk -v s="$soname" '$1 == s {print $NF; exit}')
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null && [[ -n "$avif" ]]; then
  hide() { unshare -m sh -c "mount --bind /dev/null $(realpath "$avif") && \"\$0\" \"\$@\"" "$@"; }
  hide "$PERFGATE" images convert src --out out3 --to avif --no-cache >stdout 2>stderr
  STATUS=$?
  ERR=stderr
  expect_status 2 "libavif missing: the conversion stops"
  expect_stderr_line "$soname: cannot be loaded, and writing or reading AVIF needs it \(.*\); install libavif" \
    "...with one line naming the library and the package"
  hide "$PERFGATE" check --lighthouse "$F/lighthouse/lhr/lean-mobile-*.json" --format json >stdout 2>stderr
  STATUS=$?
  expect_status "$check_status" "libavif missing: a Lighthouse check runs as always"
  cmp -s stdout check.json && ok "...with the same result, byte for byte" || not_ok "the check's result changed with libavif missing"
else
  not_ok "cannot hide libavif (needs root and unshare): the missing-library case is untested"
fi
finish
