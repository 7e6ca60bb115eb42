#!/usr/bin/env bash
# Every Lighthouse report form a team has (README, "Lighthouse reports"): reports of
# Lighthouse 5 to 13 with renamed audits answered by their other name, an
# `lhci upload --target=filesystem` folder read through its manifest, user flows
# (navigation steps are page loads), and PageSpeed Insights error bodies.
source "$TESTS/e2e/lib.sh"
lh="$FIXTURES/lighthouse"
cd "$WORK" || exit 1

# Lighthouse 5.6 calls server response time time-to-first-byte; the built-in budget's
# server-response-time row is checked with it (the same measure, renamed in 6.0).
run check -l "$lh/renames/samples/lh-5.6.0-sample_v2.json" --format json
expect_status 2 "Lighthouse 5.6 report with the built-in budget: LCP and CLS cannot be checked"
expect_grep 'no "largest-contentful-paint" in the report .*Lighthouse 6.0 added it; this report is older' "$ERR" "says why: 6.0 added LCP"
python3 - "$OUT" "$lh/renames/samples/lh-5.6.0-sample_v2.json" <<'PY' && ok "server-response-time read from 5.6's time-to-first-byte, noted" || not_ok "5.6 rename"
import json, sys
r = {v["metric"]: v for v in json.load(open(sys.argv[1]))["results"]}
lhr = json.load(open(sys.argv[2]))
v = r["server-response-time"]
assert v["value"] == lhr["audits"]["time-to-first-byte"]["numericValue"], v
assert "calls it time-to-first-byte" in v["note"], v
assert "images:legacy-format" in r  # 5.6's uses-webp-images answers the image row
PY
run check -l "$lh/renames/samples/lh-6.0.0-sample_v2.json" --format json
expect_status 1 "Lighthouse 6.0 report with the built-in budget: measured"
# A budget on an audit Lighthouse 13 replaced says so, naming the successor.
printf '{"budgets": {"render-blocking-resources": "< 100 ms"}}' >rb.json
run check --budget rb.json -l "$lh/lhr/lean-mobile-1.json"
expect_status 2 "an audit Lighthouse 13 replaced: could not check"
expect_grep 'render-blocking-resources.*Lighthouse 13.0 replaced it with render-blocking-insight' "$ERR" "names the successor"

# lhci upload --target=filesystem: the manifest's reports, found beside it when the
# folder has moved (its jsonPaths are absolute paths of where lhci ran).
mkdir -p upload && cp "$lh/lhci-upload/manifest.json" upload/
tail -n +2 "$lh/lhci-upload/sources.tsv" | while IFS=$'\t' read -r name lhr; do cp "$lh/lhr/$lhr" "upload/$name"; done
printf '{"junk": true}' >upload/notes.json
run check -l upload --format json
expect_status 1 "an lhci filesystem folder: its six reports checked"
python3 - "$OUT" <<'PY' && ok "two pages, three runs each, notes.json not read" || not_ok "lhci upload folder"
import json, sys
d = json.load(open(sys.argv[1]))
runs = {}
for v in d["results"]:
    if v["metric"] == "first-contentful-paint":
        runs[v["subject"]] = len(v["values"])
assert runs == {"http://127.0.0.1:8901/lean/ (mobile)": 3, "http://127.0.0.1:8901/heavy/ (desktop)": 3}, runs
assert not d["errors"], d["errors"]
PY
rm upload/127_0_0_1-lean_-2026_11_22_12_20_08.report.json
run check -l upload
expect_status 2 "a report the manifest lists is missing"
expect_grep 'manifest.json: \[4\].jsonPath: .*not there, nor beside the manifest' "$ERR" "names the entry"

mkdir -p notlhci && printf '{"reports": []}' >notlhci/manifest.json
run check -l notlhci
expect_status 2 "a manifest.json that is not lhci's"
expect_stderr_line 'notlhci/manifest.json: not an lhci manifest' "names the file"

# User flows (Lighthouse's own sample flows, 12.8.2 and 13.4.1): the navigation steps are
# page loads; the timespan and snapshot steps are left out.
run check -l "$lh/flows/sample-flow-v12.8.2.json.gz" --format json
expect_status 1 "a user flow: its navigation steps checked"
python3 - "$OUT" <<'PY' && ok "two navigation steps, two pages, steps named in the origin" || not_ok "flow steps"
import json, sys
d = json.load(open(sys.argv[1]))
fcp = {v["subject"]: v for v in d["results"] if v["metric"] == "first-contentful-paint"}
assert sorted(fcp) == ["https://www.mikescerealshack.co/ (desktop)", "https://www.mikescerealshack.co/corrections (desktop)"] or \
       sorted(fcp) == ["https://www.mikescerealshack.co/ (mobile)", "https://www.mikescerealshack.co/corrections (mobile)"], sorted(fcp)
assert abs(min(v["value"] for v in fcp.values()) - 767.7926658874512) < 1e-6
origins = [o for m in d.get("measured", []) for s in m.get("subjects", []) for o in s.get("origins", [])]
PY
# 13.4.1's sample has its navigation metrics in error: could not check, never a pass.
run check -l "$lh/flows/sample-flow-v13.4.1.json.gz"
expect_status 2 "a flow whose navigation metrics errored: could not check"
expect_grep 'step 1' "$ERR" "the step is named"

# The 12.8.2 flow without its navigation steps (timespan and snapshot only): an error.
python3 - "$lh/flows/sample-flow-v12.8.2.json.gz" no-nav.json <<'PY'
import gzip, json, sys
flow = json.load(gzip.open(sys.argv[1]))
flow["steps"] = [s for s in flow["steps"] if s["lhr"]["gatherMode"] != "navigation"]
json.dump(flow, open(sys.argv[2], "w"))
PY
run check -l no-nav.json
expect_status 2 "a user flow without a navigation step"
expect_stderr_line 'no-nav.json: a user flow without a navigation step' "names the file and says what to add"

# PageSpeed Insights error bodies: PSI's own message.
for f in "$lh"/renames/samples/psi-error-*.json; do
  run check -l "$f"
  expect_status 2 "$(basename "$f"): an error, exit 2"
  expect_stderr_line 'PageSpeed Insights answered with an error, not a report: HTTP (400|500): Lighthouse returned error: FAILED_DOCUMENT_REQUEST' "$(basename "$f"): PSI's message"
done
finish
