#!/usr/bin/env bash
# Every Lighthouse report form a team has (README, "Lighthouse reports"): reports of
# Lighthouse 5 to 13 with renamed audits answered by their other name, an
# `lhci upload --target=filesystem` folder read through its manifest, user flows
# (navigation steps are page loads), and PageSpeed Insights error bodies.
# The 5.6.0/6.0.0 reports and the user flows were recorded on a local page with
# tests/peers/lighthouse-versions/record-old-reports and record-flows.
source "$TESTS/e2e/lib.sh"
lh="$FIXTURES/lighthouse"
cd "$WORK" || exit 1

# Lighthouse 5.6 calls server response time time-to-first-byte; the built-in budget's
# server-response-time row is checked with it (the same measure, renamed in 6.0).
lh5="$lh/renames/samples/lh-5.6.0-local.json"
run check -l "$lh5" --format json
expect_status 2 "Lighthouse 5.6 report with the built-in budget: LCP and CLS cannot be checked"
expect_grep 'no "largest-contentful-paint" in the report .*Lighthouse 6.0 added it; this report is older' "$ERR" "says why: 6.0 added LCP"
python3 - "$OUT" "$lh5" <<'PY' && ok "server-response-time read from 5.6's time-to-first-byte, noted" || not_ok "5.6 rename"
import json, sys
r = {v["metric"]: v for v in json.load(open(sys.argv[1]))["results"]}
lhr = json.load(open(sys.argv[2]))
assert lhr["lighthouseVersion"] == "5.6.0" and "server-response-time" not in lhr["audits"]
v = r["server-response-time"]
assert v["value"] == lhr["audits"]["time-to-first-byte"]["numericValue"], v
assert "calls it time-to-first-byte" in v["note"], v
# 5.6's uses-webp-images answers the image row: the page's one PNG hero
assert r["images:legacy-format"]["value"] == len(lhr["audits"]["uses-webp-images"]["details"]["items"]) == 1, r["images:legacy-format"]
PY
lh6="$lh/renames/samples/lh-6.0.0-local.json"
run check -l "$lh6" --format json
expect_status 1 "Lighthouse 6.0 report with the built-in budget: measured"
python3 - "$OUT" "$lh6" <<'PY' && ok "6.0: server-response-time, LCP, CLS, TBT read under their own names" || not_ok "6.0 names"
import json, sys
r = {v["metric"]: v for v in json.load(open(sys.argv[1]))["results"]}
lhr = json.load(open(sys.argv[2]))
a = lhr["audits"]
assert lhr["lighthouseVersion"] == "6.0.0" and "time-to-first-byte" not in a
assert r["server-response-time"]["value"] == a["server-response-time"]["numericValue"], r["server-response-time"]
assert "time-to-first-byte" not in r["server-response-time"].get("note", "")
for m in ("largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time"):
    assert r[m]["value"] == a[m]["numericValue"], (m, r[m])
assert r["largest-contentful-paint"]["status"] == "fail"  # 2.7 s (simulated slow 4G) over 2.5 s
PY
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

# User flows (Lighthouse 12.8.2 and 13.5.0 on a local page: navigation, timespan with a
# click, snapshot, navigation): the navigation steps are page loads; the timespan and
# snapshot steps are left out.
flow12="$lh/flows/flow-v12.8.2.json.gz"
run check -l "$flow12" --format json
expect_status 1 "a user flow: its navigation steps checked"
python3 - "$OUT" "$flow12" <<'PY' && ok "two navigation steps, two pages, each with its own step's values" || not_ok "flow steps"
import gzip, json, sys
d = json.load(open(sys.argv[1]))
flow = json.load(gzip.open(sys.argv[2]))
assert [s["lhr"]["gatherMode"] for s in flow["steps"]] == ["navigation", "timespan", "snapshot", "navigation"]
fcp = {v["subject"]: v for v in d["results"] if v["metric"] == "first-contentful-paint"}
assert sorted(fcp) == ["http://127.0.0.1:8902/ (mobile)", "http://127.0.0.1:8902/second.html (mobile)"], sorted(fcp)
nav = {s["lhr"]["requestedUrl"] + " (mobile)": s["lhr"]["audits"]["first-contentful-paint"]["numericValue"]
       for s in flow["steps"] if s["lhr"]["gatherMode"] == "navigation"}
for subject, v in fcp.items():
    assert v["values"] == [nav[subject]], (subject, v["values"], nav[subject])
assert not d["errors"], d["errors"]
PY
# 13.5.0's flow ends with a navigation to a page that answered HTTP 500: that step's LHR has
# runtimeError ERRORED_DOCUMENT_REQUEST and every metric in error: could not check, never a
# pass; the two pages before it are still checked.
flow13="$lh/flows/flow-v13.5.0.json.gz"
run check -l "$flow13" --format json
expect_status 2 "a flow whose last navigation errored: could not check"
expect_grep 'step 5 "Navigation report \(127.0.0.1/broken\)"\): Lighthouse could not measure http://127.0.0.1:8902/broken: ERRORED_DOCUMENT_REQUEST' "$ERR" "the step is named, with Lighthouse's error"
python3 - "$OUT" <<'PY' && ok "the errored step has no result; the two good pages are checked" || not_ok "flow with an errored step"
import json, sys
d = json.load(open(sys.argv[1]))
subjects = {v["subject"] for v in d["results"]}
assert subjects == {"http://127.0.0.1:8902/ (mobile)", "http://127.0.0.1:8902/second.html (mobile)"}, subjects
assert [e["subject"] for e in d["errors"]] == ["http://127.0.0.1:8902/broken (mobile)"], d["errors"]
PY

# The 12.8.2 flow without its navigation steps (timespan and snapshot only): an error.
python3 - "$flow12" no-nav.json <<'PY'
import gzip, json, sys
flow = json.load(gzip.open(sys.argv[1]))
flow["steps"] = [s for s in flow["steps"] if s["lhr"]["gatherMode"] != "navigation"]
json.dump(flow, open(sys.argv[2], "w"))
PY
run check -l no-nav.json
expect_status 2 "a user flow without a navigation step"
expect_stderr_line 'no-nav.json: a user flow without a navigation step' "names the file and says what to add"

# PageSpeed Insights error bodies: PSI's own message. No real PSI body can be recorded here,
# so the body is the PSI-shaped error answer of this suite's local server
# (tests/e2e/http_server.py, /psi-error), saved to a file.
python3 "$TESTS/e2e/http_server.py" "$WORK/port" "$lh/lhr/lean-mobile-1.json" "$WORK/hook.json" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do [[ -f "$WORK/port" ]] && break; sleep 0.1; done
python3 - "http://127.0.0.1:$(cat "$WORK/port")/psi-error" psi-error.json <<'PY'
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1])
    sys.exit("expected an HTTP error")
except urllib.error.HTTPError as e:
    open(sys.argv[2], "wb").write(e.read())
PY
run check -l psi-error.json
expect_status 2 "a PSI error body: an error, exit 2"
expect_stderr_line 'psi-error.json: PageSpeed Insights answered with an error, not a report: HTTP 400: API key not valid\.' "PSI's message"
finish
