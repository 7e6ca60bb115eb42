#!/usr/bin/env bash
# perfgate merge (issue 25): CI matrix jobs each check a share (the pages, the bundle);
# merged, their results are exactly those of one check of everything, in the same order,
# with the same exit code; a verdict two jobs disagree on, or results of two releases,
# are refused; nothing is written over a result being merged.
source "$TESTS/e2e/lib.sh"
F="$FIXTURES"
cd "$WORK"
lh=(--lighthouse "$F/lighthouse/lhr/lean-mobile-*.json")
st=(--stats "$F/webpack/shop/stats.json.gz" --dist "$F/webpack/shop/dist")
run check "${lh[@]}" --release 1.0 --format json=pages.json
run check "${st[@]}" --release 1.0 --format json=bundle.json
run check "${lh[@]}" "${st[@]}" --release 1.0 --format json=all.json
expect_status 1 "one check of everything: the bundle is over budget"
run merge pages.json bundle.json --format json=merged.json --format html=signoff.html
expect_status 1 "merged: the same exit code"
python3 - all.json merged.json <<'PY' && ok "merged results, errors and identity equal one check of everything, in its order" || not_ok "merged result differs"
import json, sys
a, m = (json.load(open(f)) for f in sys.argv[1:])
for k in ("results", "errors", "identity", "passed", "exit_code", "summary"):
    assert a[k] == m[k], (k, a[k], m[k])
PY
run merge bundle.json pages.json --format json=merged2.json
cmp -s merged.json merged2.json && ok "the files' order does not change the bytes" || not_ok "merge depends on the order of its files"
expect_grep '<div class="verdict fail" id="verdict">FAIL: 1 of 10 budgets exceeded</div>' signoff.html "one sign-off for the matrix"
run merge pages.json pages.json bundle.json --format json
expect_status 1 "a job's result given twice (a re-run job)"
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$OUT")" "10" "...counted once"

# Two jobs that checked the same thing differently.
python3 - bundle.json other.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["results"][0]["value"] += 1
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
run merge bundle.json other.json
expect_status 2 "a verdict two results disagree on"
expect_stderr_line 'other.json: entrypoint:.* is in bundle.json too, with another value or verdict' "...one line naming both files"
run check "${st[@]}" --release 2.0 --format json=bundle-2.json
run merge pages.json bundle-2.json
expect_status 2 "results of two releases"
expect_stderr_line 'bundle-2.json: is a result of release "2.0"' "...refused, naming the file"
# A job that could not check something: the merge could not either.
printf '{"lighthouseVersion": "12.0.0"' >cut.json
run check --lighthouse cut.json --release 1.0 --format json=broken.json
run merge pages.json broken.json --format json
expect_status 2 "a job with an input it could not read: exit 2 merged"
expect_grep 'cut.json' "$OUT" "...and the merged errors name it"
# Nothing written over an input; not a result; nothing to merge.
before=$(sha256sum pages.json)
run merge pages.json bundle.json --format json=pages.json
expect_status 2 "an output onto a result being merged"
expect_eq "$(sha256sum pages.json)" "$before" "...refused before anything is written"
run merge "$F/lighthouse/lhr/lean-mobile-1.json"
expect_status 2 "a Lighthouse report is not a result"
expect_stderr_line 'not a perfgate JSON result' "...one line saying what to give"
run merge
expect_status 2 "no results given"
# Results that hold no verdict and no error (emptied by hand, or by a job's script): a
# merge of them checked nothing, so it is no pass.
python3 - pages.json empty-1.json empty-2.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["results"], d["errors"] = [], []
for f in sys.argv[2:]:
    json.dump(d, open(f, "w"), indent=2)
PY
run merge empty-1.json empty-2.json --format json=nothing.json
expect_status 2 "results without a verdict or an error: exit 2, never a silent pass"
expect_stderr_line 'perfgate merge: the 2 results hold no verdict and no error: nothing was checked' "...one line saying so"
[[ ! -e nothing.json ]] && ok "...and no merged result written" || not_ok "a merged result of nothing was written"
run merge empty-1.json
expect_status 2 "one such result alone"
expect_stderr_line 'empty-1.json: holds no verdict and no error' "...named"

finish
