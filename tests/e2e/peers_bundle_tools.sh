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

# A path that matches no file fails both tools; perfgate says so (exit 2), never passes —
# also for an entry without maxSize (which is otherwise only reported).
matches_nothing() {  # CONFIG-FILE JSON WHAT
  local dir="$WORK/none-$1"
  mkdir -p "$dir" && cp -r "$FIXTURES/webpack/shop/dist" "$dir/dist" && printf '%s' "$2" >"$dir/$1"
  (cd "$dir" && "$PERFGATE" check --budget "$1" --dist . --no-cache >/dev/null 2>"$dir/stderr")
  STATUS=$?
  expect_status 2 "$3"
  expect_grep 'dist/nomatch/\*\.js.*matched no file' "$dir/stderr" "$3: names the path"
}
matches_nothing bundlewatch.config.json '{"files": [{"path": "dist/nomatch/*.js", "maxSize": "1 kB"}]}' \
  "bundlewatch: a path matching no file is an error"
matches_nothing bundlesize.config.json '{"files": [{"path": "dist/nomatch/*.js"}]}' \
  "bundlesize: an entry without maxSize matching no file is an error"
# An entry without maxSize is reported (limit null), as both tools report it.
run_nomax="$WORK/bundlesize-no-max-size"
expect_eq "$(python3 -c '
import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"] if r["subject"].startswith("dist/js/main.")][0]
print(r["limit"], r["status"])' "$run_nomax/result.json")" "None pass" "bundlesize: no maxSize is reported with no limit"
finish
