#!/usr/bin/env bash
# The house (issue 22): the program links Debian's libexpat (JMeter XML) and libxxhash
# (cache keys and checksums) rather than hand-written copies; every input format has its
# own file in its family's folder; no source file of tool/sources is past ~600 lines; and
# every file the docs' layout table names exists.
source "$TESTS/e2e/lib.sh"
root=$(cd "$TESTS/.." && pwd)
libs=$(ldd "$PERFGATE")
grep -q 'libexpat\.so' <<<"$libs" && ok "ldd: libexpat" || not_ok "perfgate does not link libexpat"
grep -q 'libxxhash\.so' <<<"$libs" && ok "ldd: libxxhash" || not_ok "perfgate does not link libxxhash"
grep -q 'libgumbo\.so' <<<"$libs" && ok "ldd: libgumbo (built HTML, issue 23)" || not_ok "perfgate does not link libgumbo"
[[ ! -e "$root/tool/util/hash.cpp" ]] || ! grep -q 'k_p1\|PRIME64' "$root/tool/util/hash.cpp" && ok "no hand-written XXH64" || not_ok "a hand copy of XXH64 is still in util/hash.cpp"
for f in load/k6_points load/k6_summary load/artillery load/autocannon load/locust load/jmeter_csv load/jmeter_xml \
         load/recognise bundles/webpack bundles/vite bundles/esbuild bundles/recognise lighthouse/report \
         lighthouse/inputs lighthouse/measurements routes/next routes/sveltekit routes/nuxt routes/react_router \
         routes/angular routes/html_pages routes/recognise; do
  [[ -f "$root/tool/sources/$f.cpp" ]] && ok "reader file tool/sources/$f.cpp" || not_ok "no tool/sources/$f.cpp"
done
big=$(find "$root/tool/sources" -name '*.cpp' -exec wc -l {} + | awk '$2 != "total" && $1 > 600 {print $2 " (" $1 " lines)"}')
expect_eq "$big" "" "no file of tool/sources is over 600 lines"
# Every tool/sources path the docs name is there.
for p in $(grep -o 'tool/sources/[a-z_/]*\.\(cpp\|hpp\)' "$root/docs/how-it-works.md" | sort -u); do
  [[ -f "$root/$p" ]] || not_ok "docs/how-it-works.md names $p, which is not there"
done
ok "the paths docs/how-it-works.md names exist"
finish
