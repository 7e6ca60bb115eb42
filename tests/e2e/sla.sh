#!/usr/bin/env bash
# The SLA's summary at the top of the sign-off (issue 25): every row of the budget's "sla"
# with its measured value and status, or "not measured by perfgate" and what measures it;
# a row no input of the run measures, or no rule of the budget checks, is shown so, never
# left out. Expected statuses are worked out here from the reports themselves (the median
# of the runs against the SLA's targets), not from perfgate's verdicts.
source "$TESTS/e2e/lib.sh"
F="$FIXTURES"
cd "$WORK"
export SOURCE_DATE_EPOCH=1767225600

# The built-in budget: the heavy page's three mobile runs and the shop's webpack build.
run check --lighthouse "$F/lighthouse/lhr/heavy-mobile-*.json" --stats "$F/webpack/shop/stats.json.gz" \
  --dist "$F/webpack/shop/dist" --no-cache --release 4.2.0 --format json=r.json --format html=s.html --format markdown=s.md
expect_status 1 "the built-in budget on the heavy page and the shop: exceeded"
python3 - "$F/lighthouse/lhr" r.json <<'PY' && ok "each Lighthouse row's status is the median of the runs against the SLA's target" || not_ok "Lighthouse rows"
import json, statistics, sys, glob
lhr, result = sys.argv[1], json.load(open(sys.argv[2]))
runs = [json.load(open(f)) for f in sorted(glob.glob(lhr + "/heavy-mobile-*.json"))]
def median(audit):
    return statistics.median(r["audits"][audit]["numericValue"] for r in runs)
score = statistics.median(r["categories"]["performance"]["score"] for r in runs) * 100
expected = {
    "Page load time (initial), Lighthouse": median("interactive") < 2000,
    "Lighthouse Performance score": score > 90,
    "First Contentful Paint": median("first-contentful-paint") < 1500,
    "Largest Contentful Paint": median("largest-contentful-paint") < 2500,
    "Total Blocking Time": median("total-blocking-time") < 300,
    "Cumulative Layout Shift": median("cumulative-layout-shift") < 0.1,
    "Time to First Byte": median("server-response-time") < 300,
}
rows = {r["row"]: r for r in result["sla"]}
assert len(result["sla"]) == 16, len(result["sla"])
for row, met in expected.items():
    assert rows[row]["status"] == ("pass" if met else "fail"), (row, rows[row], met)
# The heavy page's interactive: 21 s against 2 s, so the new page-load row fails.
assert not expected["Page load time (initial), Lighthouse"]
assert rows["Page load time (initial), Lighthouse"]["measured"].startswith("21."), rows["Page load time (initial), Lighthouse"]
PY
python3 - r.json <<'PY' && ok "the bundle row is the worst entrypoint's; API rows: no load results, not measured; uptime, database, CDN: measured elsewhere" || not_ok "other rows"
import json, sys
result = json.load(open(sys.argv[1]))
rows = {r["row"]: r for r in result["sla"]}
entry = [v for v in result["results"] if v["metric"].startswith("entrypoint:")]
assert entry and rows["JavaScript bundle, gzipped"]["status"] == ("fail" if any(v["status"] == "fail" for v in entry) else "pass")
for row in ("API response time", "API error rate", "Throughput", "Concurrent users"):
    assert rows[row]["status"] == "not measured" and rows[row]["note"] == "no input of this run measures it", rows[row]
for row, what in (("Uptime", "uptime monitoring"), ("Database query time", "RDS Performance Insights"), ("CDN delivery (cache hit ratio)", "CloudFront")):
    assert rows[row]["status"] == "elsewhere" and what in rows[row]["note"] and "measured_by" in rows[row], rows[row]
PY
python3 - s.html <<'PY' && ok "HTML: the SLA table right under the verdict and the failures, 16 rows" || not_ok "HTML SLA table"
import re, sys
html = open(sys.argv[1]).read()
sla = html.index('<h2 id="sla">The SLA</h2>')
assert html.index('id="verdict"') < html.index('id="failures"') < sla < html.index('id="approval"')
table = html[sla:html.index("</table>", sla)]
assert table.count("<tr>") == 17, table.count("<tr>")
assert "not measured by perfgate" in table and "RDS Performance Insights" in table
PY
expect_grep '^<details><summary>The SLA: [0-9]+ of 16 rows met' s.md "Markdown: the SLA's rows, folded"
expect_eq "$(grep -c '^| .* | .* | .* | .* | .* |$' <(sed -n '/The SLA:/,/<\/details>/p' s.md))" "17" "...16 rows under a header"

# The API rows judged: the built-in budget with the API's (k6's real summary), no page.
run check --budget "$TESTS/../budgets/default.json" --budget "$TESTS/../budgets/api-sla.json" \
  --load "$F/load/k6/sla.summary-export.json" --no-cache --format json=api.json
python3 - api.json <<'PY' && ok "with api-sla.json the API rows are judged; the page rows say no input measured them" || not_ok "API rows"
import json, sys
result = json.load(open(sys.argv[1]))
rows = {r["row"]: r for r in result["sla"]}
assert len(result["sla"]) == 16  # api-sla.json's four rows are the default's, taken once
for row, key in (("API error rate", "api:error-rate"), ("Throughput", "api:throughput")):
    v = [x for x in result["results"] if x["metric"] == key]
    assert v and rows[row]["status"] == v[0]["status"], (row, rows[row], v)
for row in ("Largest Contentful Paint", "JavaScript bundle, gzipped"):
    assert rows[row]["status"] == "not measured" and rows[row]["note"] == "no input of this run measures it", rows[row]
PY

# A budget's own rows: one naming a key the budget lacks is shown "not checked".
cat >own.json <<'JSON'
{"budgets": {"largest-contentful-paint": "< 2.5 s"},
 "sla": [{"row": "LCP", "target": "< 2.5 s", "budgets": ["largest-contentful-paint"]},
         {"row": "Speed", "target": "< 3 s", "budgets": ["speed-index"]}]}
JSON
run check --budget own.json --lighthouse "$F/lighthouse/lhr/lean-mobile-*.json" --format json
python3 - "$OUT" <<'PY' && ok "a row whose key the budget lacks: not checked, naming the key" || not_ok "own rows"
import json, sys
rows = {r["row"]: r for r in json.load(open(sys.argv[1]))["sla"]}
assert rows["LCP"]["status"] == "pass", rows["LCP"]
assert rows["Speed"]["status"] == "not checked" and "speed-index" in rows["Speed"]["note"], rows["Speed"]
PY
for bad in '[{"row": "x"}]' '[{"row": "x", "budgets": ["interactive"], "measured_by": "y"}]' '[{"target": "< 1 s", "budgets": ["interactive"]}]' \
           '[{"row": "x", "budgets": []}]' '{"row": "x"}' '[{"row": "a", "measured_by": "b"}, {"row": "a", "measured_by": "c"}]'; do
  printf '{"budgets": {"interactive": "< 2 s"}, "sla": %s}\n' "$bad" >bad.json
  run check --budget bad.json --lighthouse "$F/lighthouse/lhr/lean-mobile-1.json"
  expect_status 2 "a malformed sla ($bad)"
  expect_stderr_line 'bad\.json: sla' "...one line naming the row"
done

# perfgate merge judges the rows again over the merged verdicts: as one check of all.
run check --lighthouse "$F/lighthouse/lhr/heavy-mobile-*.json" --no-cache --release 4.2.0 --format json=pages.json
run check --stats "$F/webpack/shop/stats.json.gz" --dist "$F/webpack/shop/dist" --no-cache --release 4.2.0 --format json=bundle.json
run merge pages.json bundle.json --format json=merged.json
python3 - r.json merged.json <<'PY' && ok "merge: the same SLA rows and statuses as one check of everything" || not_ok "merge SLA"
import json, sys
a, m = (json.load(open(f))["sla"] for f in sys.argv[1:])
assert a == m, [(x, y) for x, y in zip(a, m) if x != y][:2]
PY
finish
