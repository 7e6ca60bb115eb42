#!/usr/bin/env bash
# Every hostile input gives exit 2 and exactly one line on stderr that names the
# file and the problem — no crash, no hang (each case runs under `timeout 10` and
# its wall time is printed), nothing written. Run under ASan+UBSan by ci/test too.
source "$TESTS/e2e/lib.sh"
h="$TESTS/hostile"
lhr="$FIXTURES/lighthouse/lhr"

# case FILE-OR-ARGS REGEX: perfgate check --lighthouse FILE must fail with one line matching REGEX.
lh_case() {
  local file=$1 regex=$2 start end
  start=$(date +%s%N)
  OUT="$WORK/stdout"; ERR="$WORK/stderr"
  timeout 10 "$PERFGATE" check --lighthouse "$file" >"$OUT" 2>"$ERR"
  STATUS=$?
  end=$(date +%s%N)
  local name
  name="$(basename "$file") ($(((end - start) / 1000000)) ms)"
  expect_status 2 "$name"
  local base_re
  base_re=$(basename "$file" | sed 's/[.*[]/\\&/g')
  expect_stderr_line "^perfgate: error: .*$base_re[:,] .*$regex" "$name names the file: /$regex/"
}

lh_case "$WORK/missing.json" "no such file"
mkdir -p "$WORK/dir.json"
lh_case "$WORK/dir.json" "directory holds no .json report"
lh_case "$h/empty.json" "is empty"
lh_case "$h/truncated.json" "(truncated|malformed|not closed)"
lh_case "$h/invalid.json" "JSON"
lh_case "$h/not-an-lhr.json" "not a Lighthouse report"
lh_case "$h/top-array.json" "not a Lighthouse report: the JSON is not an object"
lh_case "$h/top-number.json" "not a Lighthouse report"
lh_case "$h/top-string.json" "not a Lighthouse report"
lh_case "$h/nan.json" "at byte [0-9]+"
lh_case "$h/huge-number.json" "number .* at byte [0-9]+ \(in audits.first-contentful-paint.numericValue\)"
lh_case "$h/negative-huge.json" "number"
lh_case "$h/non-utf8.json" "not valid UTF-8"
run check --lighthouse "$h/bom.json"
expect_status 0 "a UTF-8 byte-order mark is ignored"
lh_case "$h/trailing-garbage.json" "content follows the end"
lh_case "$h/score-string.json" "wrong type .*\(in categories.performance.score\)"
lh_case "$h/audits-array.json" "wrong type .*\(in audits\)"
lh_case "$h/numeric-string.json" "wrong type .*\(in audits.largest-contentful-paint.numericValue\)"
lh_case "$h/formfactor-number.json" "wrong type .*configSettings.formFactor"
lh_case "$lhr/error-unreachable.json" "Lighthouse could not measure http://127.0.0.1:9/: CHROME_INTERSTITIAL_ERROR"
lh_case "$h/null-score.json" "cannot check categories:performance: the run has no value \(the performance score is null in the report\)"
lh_case "$h/missing-audit.json" "no \"largest-contentful-paint\" in the report"
lh_case "$WORK/nothing-*.json" "the pattern matches no file"

# Deep nesting in a part perfgate skips is harmless; the report is still checked.
run check --lighthouse "$h/deep-nesting.json"
expect_status 2 "10,000 levels of nesting: no crash, no stack overflow"
expect_stderr_line 'deep-nesting.json: a value has the wrong type .*\(in audits.x\)' "and a clear line"

# 50,000 audits: parsed in well under a second (time printed, not asserted).
python3 - "$lhr/lean-mobile-1.json" "$WORK/many-audits.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["audits"].update({f"x-{i}": {"numericValue": i, "numericUnit": "millisecond"} for i in range(50000)})
json.dump(d, open(sys.argv[2], "w"))
PY
start=$(date +%s%N); run check --lighthouse "$WORK/many-audits.json"; end=$(date +%s%N)
expect_status 0 "50,000 audits ($(((end - start) / 1000000)) ms)"

# Budget files with one mistake each.
for case in "budget-unknown-metric.json:unknown metric \"largest-contentfull-paint\" \(did you mean \"largest-contentful-paint\"\?\)" \
            "budget-bad-unit.json:unknown unit \"sec\"" \
            "budget-unknown-key.json:aggregation: unknown key \(did you mean \"aggregate\"\?\)" \
            "budget-wrong-type.json:budgets.lcp: is a number"; do
  file=${case%%:*}; regex=${case#*:}
  run check --budget "$h/$file" --lighthouse "$lhr/lean-mobile-1.json"
  expect_status 2 "$file"
  expect_stderr_line "^perfgate: error: .*$file: .*$regex" "$file: /$regex/"
done

# Ids from configs that name nothing (fuzzing found a SIGSEGV on an empty timing metric):
# one line naming the file and key, exit 2, for each place an id is looked up.
for f in regression-timing-empty-metric regression-resource-type-empty regression-assertion-empty-id; do
  cp "$TESTS/fuzz/corpus/import/$f.json" "$WORK/budget-$f.json"
  run check --budget "$WORK/budget-$f.json" --lighthouse "$lhr/lean-mobile-1.json"
  expect_status 2 "$f: no crash"
  expect_stderr_line "^perfgate: error: .*budget-$f.json: .*(not a Lighthouse|minScore|an empty assertion key)" "$f: names the file and the key"
done

# The same class in the bundle tools' configs: an empty path names no file.
mkdir -p "$WORK/peers"
cp "$TESTS/fuzz/corpus/import/regression-bundlesize-empty-path.json" "$WORK/peers/bundlesize.config.json"
cp "$TESTS/fuzz/corpus/import/regression-size-limit-empty-path.json" "$WORK/peers/.size-limit.json"
for f in bundlesize.config.json .size-limit.json; do
  run check --budget "$WORK/peers/$f" --dist "$FIXTURES/webpack/small/dist"
  expect_status 2 "$f with an empty path: no crash"
  expect_stderr_line "^perfgate: error: .*$f: .*(is not a file path or glob|needs a path)" "$f: names the file and the entry"
done

# Limits: each exceeded limit names itself and the option that raises it; raised, the input passes.
run --max-json-size 100000 check --lighthouse "$lhr/lean-mobile-1.json"
expect_status 2 "--max-json-size exceeded"
expect_stderr_line "lean-mobile-1.json: is [0-9]+ bytes, over the limit of 100000 \(raise it with --max-json-size\)" "names the limit and the option"
run --max-json-size 100000000 check --lighthouse "$lhr/lean-mobile-1.json"
expect_status 0 "raised, the same report passes"
gzip -c "$lhr/lean-mobile-1.json" >"$WORK/report.json.gz"
run --max-json-size 200000 check --lighthouse "$WORK/report.json.gz"
expect_stderr_line "report.json.gz: decompresses to more than 200000 bytes \(raise the limit with --max-json-size\)" "a gzip bomb is stopped while decompressing"

# Nothing is written by a failing check (no output file appears, none is clobbered).
echo "keep me" >"$WORK/out.json"
run check --lighthouse "$h/truncated.json" --format json="$WORK/new.json"
[[ "$(cat "$WORK/out.json")" == "keep me" ]] && ok "unrelated files untouched" || not_ok "unrelated files untouched"
finish
