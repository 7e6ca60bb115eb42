#!/usr/bin/env bash
# --baseline: previous values and deltas on every result, regression budgets
# (max_increase) that fail a change still under the absolute limit, content-hashed
# asset names matched across builds, and a bad baseline refused with one line.
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr"
shop="$FIXTURES/webpack/shop"

# Baseline: run 1 of the lean page; current: run 2 (LCP 665.9 ms -> 859.5 ms, +29%).
"$PERFGATE" check -l "$lhr/lean-mobile-1.json" --format json >"$WORK/base.json"
cat >"$WORK/b.json" <<'JSON'
{"budgets": {"largest-contentful-paint": {"limit": "< 2.5 s", "max_increase": "10%"},
             "first-contentful-paint": {"limit": "< 1.5 s", "max_increase": "100 ms"},
             "categories:performance": {"limit": ">= 90", "max_increase": "5%"}}}
JSON
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" --baseline "$WORK/base.json" --format json
expect_status 1 "LCP +29% fails max_increase 10% while under 2.5 s"
python3 - "$OUT" <<'PY' && ok "baseline and delta on every result; only LCP regressed" || not_ok "baseline values"
import json, sys
r = {x["metric"]: x for x in json.load(open(sys.argv[1]))["results"]}
lcp = r["largest-contentful-paint"]
assert lcp["status"] == "fail" and lcp["value"] < lcp["limit"], lcp
assert abs(lcp["baseline"] - 665.90735) < 1e-9 and abs(lcp["delta"] - (859.5360000000001 - 665.90735)) < 1e-9
assert "more than max_increase 10%" in lcp["regression"]
assert r["first-contentful-paint"]["status"] == "pass"      # 665.9 -> 651.8 ms: faster
assert r["categories:performance"]["status"] == "pass"      # 0.99 -> 1: a higher score is no regression
PY
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" --baseline "$WORK/base.json"
expect_grep 'largest-contentful-paint .*\(\+194 ms since baseline\)' "$OUT" "text shows the change since the baseline"

# Hashed asset names: rename every shop file's hash, as the next build would.
mkdir -p "$WORK/next"
python3 - "$shop" "$WORK/next" <<'PY'
import gzip, json, os, re, shutil, sys
shop, out = sys.argv[1], sys.argv[2]
rename = lambda n: re.sub(r"\.([0-9a-f]{8})\.", lambda m: "." + m.group(1)[::-1] + ".", n)
s = json.loads(gzip.decompress(open(os.path.join(shop, "stats.json.gz"), "rb").read()))
for e in s["entrypoints"].values():
    for a in e["assets"]:
        a["name"] = rename(a["name"])
for root, _, files in os.walk(os.path.join(shop, "dist")):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), shop)
        dst = os.path.join(out, rename(rel))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy(os.path.join(root, f), dst)
json.dump(s, open(os.path.join(out, "stats.json"), "w"))
PY
printf '{"budgets": {"file:js/*.js": {"limit": "< 100 KB", "max_increase": "1 KB"}}}' >"$WORK/files.json"
"$PERFGATE" check --budget "$WORK/files.json" --dist "$shop/dist" --format json >"$WORK/files-base.json"
run check --budget "$WORK/files.json" --dist "$WORK/next/dist" --baseline "$WORK/files-base.json" --format json
expect_eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(sum("baseline" in x for x in r), len(r))' "$OUT")" "17 17" \
  "every renamed asset matched to its baseline by name without the hash"

# A baseline by URL (the last release's result, kept by a web server).
(cd "$WORK" && exec python3 -u -m http.server --bind 127.0.0.1 0 >"$WORK/server.log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do grep -q 'port [0-9]' "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$(grep -o 'port [0-9]*' "$WORK/server.log" | head -1 | cut -d' ' -f2)"
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" --baseline "$url/base.json" --format json
expect_status 1 "a baseline by URL: the same regression"
expect_eq "$(python3 -c 'import json,sys; print(next(r["baseline"] for r in json.load(open(sys.argv[1]))["results"] if r["metric"] == "largest-contentful-paint"))' "$OUT")" "665.90735" \
  "previous values read over HTTP"
PERFGATE_HTTP_RETRIES=0 run check -l "$lhr/lean-mobile-1.json" --baseline "$url/missing.json"
expect_status 2 "a baseline URL that answers 404"
expect_stderr_line "missing.json: the server answered HTTP 404" "says so in one line"

# Markdown and JUnit carry the regression too.
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" --baseline "$WORK/base.json" --format markdown
expect_grep '^\| ❌ \| largest-contentful-paint \| http://127.0.0.1:8901/lean/ \(mobile\) \| 860 ms \| &lt; 2.5 s \| changed \+194 ms \(\+29.1%\) since the baseline, more than max\\_increase 10% \| \+194 ms \|$' \
  "$OUT" "Markdown: the regression is why it failed, with the change since the baseline"
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" --baseline "$WORK/base.json" --format junit
expect_grep 'message="largest-contentful-paint on http://127.0.0.1:8901/lean/ \(mobile\): 860 ms, limit &lt; 2.5 s; changed \+194 ms' \
  "$OUT" "JUnit: the failure message names the regression, not an overage"

# Bad baselines: exit 2, one line naming the file.
run check -l "$lhr/lean-mobile-1.json" --baseline "$WORK/missing.json"
expect_status 2 "missing baseline"
expect_stderr_line 'missing.json: no such file' "names it"
echo '{"passed": true' >"$WORK/broken.json"
run check -l "$lhr/lean-mobile-1.json" --baseline "$WORK/broken.json"
expect_status 2 "truncated baseline"
expect_stderr_line 'broken.json: the baseline is not valid JSON' "says so"
run check -l "$lhr/lean-mobile-1.json" --baseline "$lhr/lean-mobile-2.json"
expect_status 2 "a Lighthouse report is not a baseline"
expect_stderr_line 'not a perfgate JSON result' "says what it expected"
finish
