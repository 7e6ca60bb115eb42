#!/usr/bin/env bash
# perfgate check on real Lighthouse reports: verdicts, exit codes 0/1/2,
# byte-identical JSON, FORMAT=FILE outputs, colour only when asked, --help.
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr"
lh="$FIXTURES/lighthouse"

run check --lighthouse "$lhr/lean-mobile-*.json"
expect_status 0 "lean page meets the SLA budget"
expect_grep '^PASS  8 budgets checked: 8 passed, 0 failed' "$OUT" "summary line for a pass"

run check --lighthouse "$lhr/lean-mobile-*.json" --lighthouse "$lhr/heavy-mobile-*.json"
expect_status 1 "heavy page exceeds the budget"
expect_grep '✗ Largest Contentful Paint on http://127.0.0.1:8901/heavy/ \(mobile\): 21.08 s, limit < 2.5 s, 18.58 s over \(median of 3 runs' "$OUT" \
  "failure names metric, page, form factor, value, limit, overage and runs"
expect_grep '✗ Performance score on .*heavy.*: 13, limit > 90, 77 points under' "$OUT" "score failure reads in points"
expect_grep '^FAIL  16 budgets checked: 9 passed, 7 failed' "$OUT" "summary line for a failure"
expect_no_grep $'\x1b\\[' "$OUT" "no colour when piped"
if [[ ! -s "$ERR" ]]; then ok "nothing on stderr when inputs are fine"; else not_ok "nothing on stderr when inputs are fine"; fi

run check --color always --lighthouse "$lhr/heavy-mobile-1.json"
expect_grep $'\x1b\\[31mFAIL' "$OUT" "--color always colours"

run check --lighthouse "$lhr/lean-mobile-1.json" --lighthouse "$lhr/error-unreachable.json"
expect_status 2 "a report with runtimeError: could not check (2 wins over pass)"
expect_stderr_line 'perfgate: error: .*error-unreachable.json: Lighthouse could not measure http://127.0.0.1:9/: CHROME_INTERSTITIAL_ERROR' "runtimeError named"

run check --lighthouse "$lhr/heavy-mobile-1.json" --lighthouse "$lhr/error-unreachable.json"
expect_status 2 "2 wins over 1"

# Mobile and desktop runs of one URL are different pages.
run check --lighthouse "$lhr/lean-*.json" --format json
expect_eq "$(python3 -c 'import json,sys; print(sorted({r["subject"] for r in json.load(open(sys.argv[1]))["results"]}))' "$OUT")" \
  "['http://127.0.0.1:8901/lean/ (desktop)', 'http://127.0.0.1:8901/lean/ (mobile)']" "grouped by URL and form factor"

# The JSON contract, byte-identical across runs and job counts.
"$PERFGATE" check -l "$lhr/*.json" -l "$FIXTURES/lighthouse/external/*.json" --format json --jobs 1 >"$WORK/a.json" 2>/dev/null
"$PERFGATE" check -l "$lhr/*.json" -l "$FIXTURES/lighthouse/external/*.json" --format json --jobs 2 >"$WORK/b.json" 2>/dev/null
if cmp -s "$WORK/a.json" "$WORK/b.json"; then ok "JSON byte-identical across runs and --jobs"; else not_ok "JSON byte-identical"; fi
python3 - "$WORK/a.json" <<'PY' && ok "JSON has the contract's fields, sorted" || not_ok "JSON contract"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["passed"] is False and isinstance(d["errors"], list) and d["errors"]
keys = {"source", "metric", "subject", "value", "unit", "limit", "op", "status"}
for r in d["results"]:
    assert keys <= r.keys(), r
    assert r["status"] in ("pass", "warn", "fail")
    assert r["unit"] in ("ms", "bytes", "unitless", "count")
order = [(r["source"], r["subject"], r["metric"]) for r in d["results"]]
assert order == sorted(order)
lcp = [r for r in d["results"] if r["metric"] == "largest-contentful-paint" and "heavy/ (mobile)" in r["subject"]][0]
assert lcp["limit"] == 2500 and lcp["op"] == "<" and lcp["unit"] == "ms"
PY

# Several formats in one run; files written whole.
run check -l "$lhr/heavy-desktop-*.json" --format json="$WORK/out.json" --format text
expect_status 1 "formats to files and stdout"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out.json" && ok "json=FILE is valid JSON" || not_ok "json=FILE"
expect_grep 'budgets checked' "$OUT" "text still on stdout"
ls -a "$WORK" | grep -q perfgate-tmp && not_ok "no temporary files left" || ok "no temporary files left"

# --aggregate overrides the budget.
run check -l "$lhr/heavy-desktop-*.json" --aggregate optimistic --format json
expect_eq "$(python3 -c 'import json,sys; print([r["value"] for r in json.load(open(sys.argv[1]))["results"] if r["metric"]=="total-blocking-time"][0])' "$OUT")" \
  "299" "optimistic takes the best run for a < budget"

# A budget file in the current directory is picked up.
mkdir -p "$WORK/proj" && printf '{"budgets": {"lcp": {"limit": "< 30 s", "severity": "warn"}}}' >"$WORK/proj/perfgate.json"
(cd "$WORK/proj" && "$PERFGATE" check -l "$lhr/heavy-mobile-1.json" >"$WORK/proj.out" 2>&1)
expect_eq "$?" "0" "./perfgate.json used when no --budget"
expect_grep 'budget: perfgate.json' "$WORK/proj.out" "summary names the budget file"

# Usage errors: one line, exit 2.
run check
expect_status 2 "nothing to check"
expect_stderr_line 'nothing to check' "says what to give"
run check -l "$lhr/lean-mobile-1.json" --format yaml
expect_status 2 "unknown format"
expect_stderr_line 'unknown format "yaml"' "names the format"
run check -l "$lhr/lean-mobile-1.json" --format json --format text
expect_status 2 "two formats on stdout"
run --help
expect_status 0 "--help"
expect_grep 'Examples:' "$OUT" "--help shows examples"
run check --help
expect_grep 'perfgate check --lighthouse' "$OUT" "check --help shows examples"
run --version
expect_grep '^perfgate [0-9]' "$OUT" "--version"

# images:legacy-format from a report counts the images the page loaded in a legacy
# format (network-requests: PNG/JPEG responses of at least 2 KB), whatever their URLs
# look like (image CDNs without extensions): the count is worked out here by Python from
# the report's own network requests.
python3 - "$lhr/images-mobile-1.json" "$WORK/cdn.json" >"$WORK/flagged" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items = d["audits"]["network-requests"]["details"]["items"]
legacy = [i for i in items if i.get("mimeType") in ("image/png", "image/jpeg") and i.get("resourceSize", 0) >= 2000
          and 200 <= i.get("statusCode", 200) < 300]
for n, i in enumerate(items):  # no extensions left: a CDN's URLs
    if i.get("resourceType") == "Image":
        i["url"] = f"https://cdn.example/img/{n:04x}"
json.dump(d, open(sys.argv[2], "w"))
print(len(legacy))
PY
printf '{"budgets": {"images:legacy-format": "== 0"}}' >"$WORK/legacy.json"
run check --budget "$WORK/legacy.json" -l "$WORK/cdn.json" --format json
expect_status 1 "images the page loaded as PNG/JPEG fail the legacy-format budget"
expect_eq "$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["results"][0]["value"]))' "$OUT")" \
  "$(cat "$WORK/flagged")" "every PNG/JPEG response counts, with no extension in any URL"
expect_eq "$(cat "$WORK/flagged")" 6 "the images page loads six PNG/JPEG pictures"

# The same page gives the same count on every Lighthouse version: the image audits' own
# flags changed with each (the heavy page under 10.4, 12.8 and 13.5; the flows of one
# site under 12.8.2 and 13.5.0), what the page loaded did not.
for f in "$lhr/heavy-lh10.json" "$lhr/heavy-lh12.json" "$lhr/heavy-mobile-1.json"; do
  run check --budget "$WORK/legacy.json" -l "$f" --format json
  python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["results"][0]["value"]))' "$OUT"
done >"$WORK/heavy-counts"
expect_eq "$(sort -u "$WORK/heavy-counts" | wc -l)" 1 "the heavy page: one legacy-image count on Lighthouse 10.4, 12.8 and 13.5"
for v in 12.8.2 13.5.0; do
  run check --budget "$WORK/legacy.json" -l "$lh/flows/flow-v$v.json.gz" --format json
  python3 -c 'import json,sys; print(sorted((r["subject"], r["value"]) for r in json.load(open(sys.argv[1]))["results"]))' "$OUT"
done >"$WORK/flow-counts"
expect_eq "$(sort -u "$WORK/flow-counts" | wc -l)" 1 "the flows of one site: the same counts on Lighthouse 12.8.2 and 13.5.0"

# A value just past its limit never prints equal to it: CLS 0.1004 against "< 0.1".
python3 - "$lhr/lean-mobile-1.json" "$WORK/cls.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["audits"]["cumulative-layout-shift"]["numericValue"] = 0.1004
json.dump(d, open(sys.argv[2], "w"))
PY
printf '{"budgets": {"cumulative-layout-shift": "< 0.1"}}' >"$WORK/cls-budget.json"
run check --budget "$WORK/cls-budget.json" -l "$WORK/cls.json" --format markdown=$WORK/cls.md
expect_status 1 "CLS 0.1004 fails < 0.1"
expect_grep 'cumulative-layout-shift +0\.1004 +< 0\.1 +0\.0004 over' "$OUT" "text: 0.1004 and 0.0004 over, not 0.1 and 0 over"
expect_grep '0\.1004' "$WORK/cls.md" "markdown: 0.1004"
finish
