#!/usr/bin/env bash
# perfgate against the real bundlesize 0.18.2 and bundlewatch 0.4.2: every config in
# tests/fixtures/peers/bundle-tools/cases/<tool>/<case>/ over the shop's built files;
# verdicts.tsv holds each file's PASS/FAIL as the tool printed it (recorded by
# tests/peers/bundle-tools/record). perfgate must check the same files with the same
# verdicts: each file on its own, kB = 1024 B in any case, braces and **, the tools'
# default compressions (bundlewatch's defaultCompression), package.json sections.
source "$TESTS/e2e/lib.sh"
peers="$FIXTURES/peers/bundle-tools"
for dir in "$peers"/cases/*/*/; do
  tool=$(basename "$(dirname "$dir")")
  name=$(basename "$dir")
  run="$WORK/$tool-$name"
  mkdir -p "$run" && cp "$dir"/*.json "$run/" && cp -r "$FIXTURES/webpack/shop/dist" "$run/dist"
  config=$(cd "$run" && ls *.json | head -1)
  (cd "$run" && "$PERFGATE" check --budget "$config" --dist . --no-cache --format json >"$run/result.json" 2>"$run/stderr")
  got=$(python3 -c '
import json, sys
for r in sorted(json.load(open(sys.argv[1]))["results"], key=lambda r: r["subject"]):
    print(r["subject"] + "\t" + ("PASS" if r["status"] == "pass" else "FAIL"))' "$run/result.json")
  want=$(awk -F'\t' -v t="$tool" -v c="$name" '$1 == t && $2 == c { print $3 "\t" $4 }' "$peers/verdicts.tsv")
  expect_eq "$got" "$want" "$tool $name: the same files, each with $tool's verdict"
done

# A path that matches no file fails both tools; perfgate says so (exit 2), never passes.
mkdir -p "$WORK/none" && cp -r "$FIXTURES/webpack/shop/dist" "$WORK/none/dist"
printf '{"files": [{"path": "dist/nomatch/*.js", "maxSize": "1 kB"}]}' >"$WORK/none/bundlewatch.config.json"
(cd "$WORK/none" && "$PERFGATE" check --budget bundlewatch.config.json --dist . --no-cache >/dev/null 2>"$WORK/none/stderr")
STATUS=$?
expect_status 2 "bundlewatch: a path matching no file is an error"
expect_grep 'dist/nomatch/\*\.js.*matched no file' "$WORK/none/stderr" "names the path"
# An entry without maxSize is reported (limit null), as both tools report it; its path
# must still match: a maxSize-less entry matching nothing is an error, not a report.
run_nomax="$WORK/bundlesize-no-max-size"
expect_eq "$(python3 -c '
import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"] if r["subject"].startswith("dist/js/main.")][0]
print(r["limit"], r["status"])' "$run_nomax/result.json")" "None pass" "bundlesize: no maxSize is reported with no limit"
mkdir -p "$WORK/nomax-none" && cp -r "$FIXTURES/webpack/shop/dist" "$WORK/nomax-none/dist"
printf '{"files": [{"path": "dist/nomatch/*.js"}]}' >"$WORK/nomax-none/bundlesize.config.json"
(cd "$WORK/nomax-none" && "$PERFGATE" check --budget bundlesize.config.json --dist . --no-cache >/dev/null 2>"$WORK/nomax-none/stderr")
STATUS=$?
expect_status 2 "bundlesize: an entry without maxSize matching no file is an error"
expect_grep 'dist/nomatch/\*\.js.*matched no file' "$WORK/nomax-none/stderr" "names the path"
finish
