#!/usr/bin/env bash
# Nothing lost, nothing ignored (issue 21): each example the issue names, as a user or an
# attacker would meet it. Outputs never write over an input (links and hard links
# followed) and never share a path; an input no rule reads is exit 2, and budgets combine
# (--budget twice, "include"); a found lighthouserc never swallows --stats or --images;
# load readers refuse figures they cannot trust (NaN, negative, "10ms", duplicate rows and
# keys) and read XML as XML (expat); JMeter transaction controllers counted as JMeter
# does; a cache entry copied under another key is a miss, and `cache clear` removes only
# what it can verify; a JavaScript config's leftover children are killed and its memory
# is capped; each error is printed once; lhci's string numbers are numbers.
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr"
load="$FIXTURES/load"
shop="$FIXTURES/webpack/shop"
export PERFGATE_CACHE_DIR="$WORK/cache"
cd "$WORK" || exit 1

# --- outputs ------------------------------------------------------------------------
cp "$lhr/lean-mobile-1.json" lhr.json && cp lhr.json lhr.orig
same() { cmp -s "$1" "$2"; }
run check -l lhr.json --format json=lhr.json
expect_status 2 "--format json=lhr.json over its own --lighthouse input"
expect_stderr_line 'lhr\.json: --format json=lhr\.json would write over an input \(--lighthouse lhr\.json\)' "names the output and the input"
same lhr.json lhr.orig && ok "the report is untouched" || not_ok "the Lighthouse report was replaced"

printf '{"budgets": {"largest-contentful-paint": "< 2.5 s"}}' >b.json && cp b.json b.orig
run check --budget b.json -l lhr.json --format markdown=b.json
expect_status 2 "--format markdown=b.json over the --budget file"
same b.json b.orig && ok "the budget is untouched" || not_ok "the budget was replaced"

ln -s lhr.json link.json
run check -l lhr.json --format json=link.json
expect_status 2 "an output through a symbolic link to the input"
same lhr.json lhr.orig && ok "the linked report is untouched" || not_ok "written through the link"
ln lhr.json hard.json
run check -l lhr.json --format json=hard.json
expect_status 2 "an output that is a hard link to the input (same device and inode)"
same lhr.json lhr.orig && ok "the hard-linked report is untouched" || not_ok "written over the hard link"
run check -l "$WORK/*.json" --format json=hard.json
expect_status 2 "an output among the files a --lighthouse glob reads"

run check -l lhr.json --format json=r.out --format html=r.out
expect_status 2 "two outputs on one path"
expect_grep 'r\.out: is the output of both --format json=r\.out and --format html=r\.out' "$ERR" "names both outputs"
[[ ! -e r.out ]] && ok "nothing was written" || not_ok "r.out was written"
GITHUB_STEP_SUMMARY="$WORK/summary.md" run check -l lhr.json --format github --format markdown=summary.md
expect_status 2 "the step summary and --format markdown on one path"
mkdir -p img && cp "$FIXTURES/images/coffee-rgb.png" img/
run check --images img --format json=img/result.json
expect_status 2 "an output inside an --images folder this run reads"
[[ ! -e img/result.json ]] && ok "nothing written into the folder" || not_ok "img/result.json was written"

# Files the run reads beyond those it was given are inputs too (found in review): the
# folder a stats file's outputPath names, Locust's history beside its stats, a
# lighthouserc's budgetsFile.
mkdir -p own && cp -r "$FIXTURES/webpack/small/." own/
sed -i "s#\"/builds/small/dist\"#\"$WORK/own/dist\"#g" own/stats.json
js=$(ls own/dist/*.js | head -1) && cp "$js" own.js.orig
run check --stats own/stats.json --format "json=$js"
expect_status 2 "an output onto a built file the stats' outputPath leads to"
same "$js" own.js.orig && ok "the built JS is untouched" || not_ok "the built JS was replaced"
cp "$load/locust/sla_stats.csv" "$load/locust/sla_stats_history.csv" . && cp sla_stats_history.csv history.orig
run check --budget "$TESTS/../budgets/api-sla.json" --load sla_stats.csv --format json=sla_stats_history.csv
expect_status 2 "an output onto Locust's history beside its stats"
same sla_stats_history.csv history.orig && ok "the history is untouched" || not_ok "the history was replaced"
cp "$lhr/heavy-lh10-budget.json" r1.json
printf '[{"path": "/*", "resourceSizes": [{"resourceType": "script", "budget": 5000}]}]' >lhbudget.json && cp lhbudget.json lhbudget.orig
printf '{"ci": {"assert": {"budgetsFile": "lhbudget.json"}}}' >rc-budgets.json
cp rc-budgets.json lighthouserc.json
run check --budget lighthouserc.json -l r1.json --format json=lhbudget.json
expect_status 2 "an output onto the budgetsFile a lighthouserc reads"
same lhbudget.json lhbudget.orig && ok "the budgetsFile is untouched" || not_ok "the budgetsFile was replaced"
rm -f lighthouserc.json
run check -l lhr.json --dist main=img
expect_status 2 "--dist NAME=DIR without --stats (it would never be measured)"

# --- inputs no rule reads, and budgets that combine -----------------------------------------
mkdir -p proj/lhci && cd proj || exit 1
cp "$lhr/heavy-desktop-1.json" lhci/
gunzip -c "$shop/stats.json.gz" >stats.json
mkdir -p public/img && cp "$FIXTURES/images/coffee-rgb.png" public/img/
printf '{"ci": {"assert": {"assertions": {"cumulative-layout-shift": ["error", {"maxNumericValue": 0.5}]}}}}' >lighthouserc.json
run check -l lhci --stats stats.json --dist "$shop/dist" --images public/img --format json
expect_status 1 "a found lighthouserc: the 545 kB entrypoint and the legacy image still fail"
python3 - "$OUT" <<'PY' && ok "found lighthouserc: CLS by lhci's rule, the entrypoint and images by the built-in budget" || not_ok "found lighthouserc: results"
import json, sys
r = {(x["metric"], x["status"]) for x in json.load(open(sys.argv[1]))["results"]}
assert ("cumulative-layout-shift", "pass") in r, r
assert ("entrypoint:main", "fail") in r, r
assert ("images:legacy-format", "fail") in r, r
assert not any(m == "largest-contentful-paint" for m, _ in r), r  # the reports: lhci's rules only
PY
run check --budget lighthouserc.json -l lhci --stats stats.json --dist "$shop/dist"
expect_status 2 "--budget lighthouserc.json with --stats: an input no rule reads"
expect_grep '[-]-stats stats\.json: no rule of the budget \(lighthouserc\.json \(Lighthouse CI\)\) reads it; add one' "$ERR" "names the input, the budget and the fix"
printf '{"budgets": {"entrypoint:*": "< 500 KB"}}' >bundles.json
run check --budget lighthouserc.json --budget bundles.json -l lhci --stats stats.json --dist "$shop/dist" --format json
expect_status 1 "--budget twice: the lighthouserc's CLS and the bundle rule both checked"
expect_eq "$(python3 -c 'import json,sys; print(sorted({x["metric"] for x in json.load(open(sys.argv[1]))["results"]}))' "$OUT")" \
  "['cumulative-layout-shift', 'entrypoint:admin', 'entrypoint:main']" "both budgets' rules gave verdicts"
printf '{"include": ["lighthouserc.json"], "budgets": {"entrypoint:*": "< 500 KB"}}' >perfgate.json
run check -l lhci --stats stats.json --dist "$shop/dist" --format json
expect_status 1 "perfgate.json including the lighthouserc"
expect_grep '"budget": "perfgate.json \+ lighthouserc.json \(Lighthouse CI\)"' "$OUT" "the result names both files"
printf '{"budgets": {"entrypoint:*": "< 400 KB"}}' >other.json
run check --budget bundles.json --budget other.json --stats stats.json --dist "$shop/dist"
expect_status 2 "the same rule twice with different limits"
expect_grep 'other\.json: budgets\.entrypoint:\*: "< 400 KB" \(error\) conflicts with bundles\.json: budgets\.entrypoint:\*: "< 500 KB"' "$ERR" "names both rules"
# A rule of one's own beside a bundlewatch config's: never merged into bundlewatch's
# (whose later entries take files from it), whatever the order of --budget.
mkdir -p bw && printf '{"files": [{"path": "dist/js/*.js", "maxSize": "1 kB"}, {"path": "dist/js/main.*.js", "maxSize": "100 kB"}]}' >bw/.bundlewatch.config.json
printf '{"budgets": {"file:dist/js/*.js": "<= 1 KiB"}}' >bw/own.json
cp -r "$shop/dist" bw/dist
(cd bw && "$PERFGATE" check --budget own.json --budget .bundlewatch.config.json --dist . --no-cache >/dev/null 2>&1); a=$?
(cd bw && "$PERFGATE" check --budget .bundlewatch.config.json --budget own.json --dist . --no-cache >/dev/null 2>&1); b=$?
expect_eq "$a $b" "1 1" "own rule beside bundlewatch's: the same verdict in either order"
printf '{"include": "loop.json", "budgets": {"entrypoint:*": "< 500 KB"}}' >loop.json
run check --budget loop.json --stats stats.json --dist "$shop/dist"
expect_status 2 "an include loop"
expect_grep 'included by itself \(an "include" loop\)' "$ERR" "says it is a loop"
cd "$WORK" || exit 1

# --- load readers: figures they cannot trust --------------------------------------------------
printf '{"budgets": {"api:p95": "< 1000 ms", "api:error-rate": "< 5 %%"}}' >api.json
bad_load() {  # FILE REGEX NAME
  run check --budget api.json --load "$1"
  expect_status 2 "$3"
  expect_grep "$2" "$ERR" "$3: names the file and the place"
}
jtl="$load/jmeter/sla-csv.jtl"
awk -F, 'BEGIN{OFS=","} NR==5{$2="NaN"} {print}' "$jtl" >nan.jtl
bad_load nan.jtl 'nan\.jtl: line 5, elapsed: "NaN" is not a finite number' "JMeter elapsed NaN"
awk -F, 'BEGIN{OFS=","} NR==5{$2="-9000"} {print}' "$jtl" >neg.jtl
bad_load neg.jtl 'neg\.jtl: line 5, elapsed: -9000 is negative' "JMeter elapsed -9000"
awk -F, 'BEGIN{OFS=","} NR==5{$2="10ms"} {print}' "$jtl" >unit.jtl
bad_load unit.jtl 'unit\.jtl: line 5, elapsed: "10ms" is not a number' "JMeter elapsed 10ms"
cp "$load/locust/sla_stats.csv" neg_stats.csv
python3 - neg_stats.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
rows[1][rows[0].index("95%")] = "-5"
csv.writer(open(sys.argv[1], "w", newline="")).writerows(rows)
PY
bad_load neg_stats.csv 'neg_stats\.csv: line 2, 95%: -5 is negative' "Locust 95% of -5"
{ cat "$load/locust/sla_stats.csv"; sed -n 2p "$load/locust/sla_stats.csv"; } >dup_stats.csv
bad_load dup_stats.csv 'dup_stats\.csv: line [0-9]+: "GET /v1/appointments" is in the file twice' "Locust: a row twice"
python3 - "$load/k6/sla.summary-export.json" <<'PY' >k6neg.json
import json, sys
d = json.load(open(sys.argv[1]))
d["metrics"]["http_req_duration"]["p(95)"] = "-1"
print(json.dumps(d))
PY
bad_load k6neg.json 'k6neg\.json: metrics\.http_req_duration\.p\(95\): -1 is negative' 'k6 summary "p(95)": "-1"'
sed '0,/"http_req_duration": {/s//"http_req_duration": {"avg": 1},\n        "http_req_duration": {/' "$load/k6/sla.summary-export.json" >k6dup.json
bad_load k6dup.json 'k6dup\.json: duplicate key "http_req_duration"' "k6 summary: http_req_duration twice"
sed '0,/"http.response_time": {/s//"http.response_time": {"p95": 1},\n        "http.response_time": {/' "$load/artillery/sla.report.json" >artdup.json
bad_load artdup.json 'artdup\.json: duplicate key "http\.response_time"' "Artillery: http.response_time twice"
python3 - "$load/k6/faults.points.ndjson" <<'PY' >k6pointdup.ndjson
import sys
done = False
for line in open(sys.argv[1]):
    if not done and '"metric":"http_req_duration","type":"Point"' in line:
        line = line.replace('"data":{"time"', '"data":{"value":1,"time"', 1)
        done = True
    sys.stdout.write(line)
PY
bad_load k6pointdup.ndjson 'k6pointdup\.ndjson: line [0-9]+: "value" twice' 'k6 points: "value" twice in a point'

# JMeter XML is XML: a comment, a character reference and single-quoted attributes read
# as expat reads them, with the same results as the file as JMeter wrote it.
xml="$load/jmeter/sla-xml.jtl"
python3 - "$xml" <<'PY' >xmlforms.jtl
import sys
text = open(sys.argv[1]).read()
text = text.replace("<testResults version=\"1.2\">", "<testResults version='1.2'>\n<!-- a comment <httpSample t=\"99999\"/> -->", 1)
text = text.replace('lb="GET /v1/patients/{id}"', "lb='GET &#47;v1/patients/{id}'")
print(text, end="")
PY
printf '{"budgets": {"api:*:p95": "< 100000 ms", "api:p95": "< 100000 ms"}}' >all.json
run check --budget all.json --load "$xml" --format json && cp "$OUT" xml-orig.json
run check --budget all.json --load xmlforms.jtl --format json
expect_status 0 "JMeter XML with a comment, a character reference and single quotes"
python3 - xml-orig.json "$OUT" <<'PY' && ok "the same figures as the file JMeter wrote" || not_ok "XML forms read differently"
import json, sys
a, b = (sorted((r["subject"], r["metric"], r["value"]) for r in json.load(open(f))["results"]) for f in sys.argv[1:3])
assert a == b, (a[:3], b[:3])
PY
head -c 5000 "$xml" >cut-xml.jtl
bad_load cut-xml.jtl 'cut-xml\.jtl: line [0-9]+, column [0-9]+: not well-formed XML \(.*truncated' "JMeter XML cut short"

# JMeter's transaction controllers (real JMeter 2.13 runs, subsamples/MANIFEST.md): the
# requests are the samplers', each once, as the server logged them; the controller is
# its own endpoint.
sub="$load/jmeter/subsamples"
printf '{"budgets": {"api:requests": ">= 0", "api:*:requests": ">= 0"}}' >req.json
for run_name in tc-noparent-csv tc-noparent-xml tc-parent-xml tc-nested-noparent-csv tc-nested-parent-xml; do
  run check --budget req.json --load "$sub/$run_name.jtl" --format json
  server=$(tail -n +2 "$sub/$run_name.server.tsv" | wc -l)
  got=$(python3 -c 'import json,sys; r={x["subject"]: x["value"] for x in json.load(open(sys.argv[1]))["results"]}; print(int(r["all requests"]), int(r.get("TC checkout", r.get("TC visit", -1))))' "$OUT")
  case $run_name in
    tc-nested*) want="$((server * 12 / 42)) 6" ;;  # a sampler with embedded resources is one request of the test (JMeter's count)
    *) want="$server 6" ;;
  esac
  expect_eq "$got" "$want" "JMeter $run_name: requests as JMeter counts its samplers, the controller as its own endpoint"
done
run check --budget req.json --load "$sub/tc-parent-csv.jtl"
expect_status 2 "a JMeter CSV of parent samples only"
expect_grep 'only Transaction Controller samples' "$ERR" "says why, and what to write instead"

# --- the cache ------------------------------------------------------------------------------
printf '{"budgets": {"file:**/*.js": "< 10 KB"}}' >files.json
run check --budget files.json --dist "$shop/dist" --no-cache --format json && cp "$OUT" nocache.json
run check --budget files.json --dist "$shop/dist" --format json
# Copy the smallest entry over every other: each copied entry answers for another key.
small=$(find cache/sizes-v3 -type f -printf '%s %p\n' | sort -n | head -1 | cut -d' ' -f2)
find cache/sizes-v3 -type f ! -path "$small" -exec cp "$small" {} \;
run check --budget files.json --dist "$shop/dist" --format json
same "$OUT" nocache.json && ok "entries copied under other keys are misses: the results of a --no-cache run" || not_ok "a copied cache entry was believed"
mkdir -p foreign/sizes-v3/a && echo "a user's notes" >foreign/usage-v1 && echo "laid out like an entry" >foreign/sizes-v3/a/abcd
run cache clear --cache-dir foreign
[[ -f foreign/usage-v1 && -f foreign/sizes-v3/a/abcd ]] && ok "cache clear leaves files it cannot verify as its own" || not_ok "cache clear removed a foreign file"

# --- JavaScript configs ---------------------------------------------------------------------
if command -v node >/dev/null; then
  mkdir -p js && cd js || exit 1
  cat >lighthouserc.js <<'JS'
const { spawn } = require("child_process");
const child = spawn("sleep", ["300"], { detached: true, stdio: ["ignore", "inherit", "inherit"] });
require("fs").writeFileSync("child.pid", String(child.pid));
module.exports = { ci: { assert: { assertions: { "cumulative-layout-shift": ["error", { maxNumericValue: 0.5 }] } } } };
JS
  run check --budget lighthouserc.js -l "$lhr/heavy-desktop-1.json"
  expect_status 0 "a lighthouserc.js that leaves a detached child holding its output is read"
  expect_no_grep 'did not finish' "$ERR" "perfgate does not wait for the child"
  pid=$(cat child.pid)
  sleep 0.2
  if kill -0 "$pid" 2>/dev/null && ! grep -q zombie "/proc/$pid/status" 2>/dev/null; then
    not_ok "the config's detached child is still running"; kill "$pid"
  else
    ok "the config's detached child was killed"
  fi
  # A background job perfgate inherited (`server & exec perfgate ...`) is not the
  # config's: it keeps running.
  bash -c 'sleep 300 & echo $! >bg.pid; exec "$0" check --budget lighthouserc.js -l "$1" >/dev/null 2>&1' "$PERFGATE" "$lhr/heavy-desktop-1.json"
  if kill -0 "$(cat bg.pid)" 2>/dev/null; then ok "an inherited background job survives the config's clean-up"; kill "$(cat bg.pid)"; else not_ok "perfgate killed a process it inherited"; fi
  printf 'const a = []; for (let i = 0; i < 64; i++) a.push(Buffer.alloc(0) && new Array(1 << 20).fill(i)); module.exports = {};\n' >.size-limit.js
  run check --budget .size-limit.js --dist "$shop/dist"
  expect_status 2 "a config that grows past Node's memory limit"
  expect_grep 'Node ran out of memory evaluating the config \(its heap is capped at 256 MB' "$ERR" "says the memory limit"
  cd "$WORK" || exit 1
fi

# --- each error printed once ----------------------------------------------------------------
"$PERFGATE" check --budget "$PWD/api.json" --load "$load/autocannon/patients-id.json" >both.txt 2>&1
grep -v '^ ' both.txt | grep -i 'error' | sort | uniq -d >dups.txt
expect_eq "$(wc -l <dups.txt)" 0 "stdout and stderr to one place: no error line twice"
grep -q 'could not be checked' both.txt && ok "the summary still counts them" || not_ok "no count of errors in the summary"

# --- configs as their tools read them --------------------------------------------------------
printf '{"ci": {"assert": {"assertions": {"largest-contentful-paint": ["error", {"maxNumericValue": "5200"}]}}}}' >lighthouserc.json
run check --budget lighthouserc.json -l "$lhr/heavy-desktop-1.json" --format json
expect_grep '"limit": 5200' "$OUT" 'lhci: maxNumericValue "5200" is the number 5200'
printf '{"ci": {"assert": {"assertions": {"largest-contentful-paint": ["error", {"maxNumericValue": "fast"}]}}}}' >lighthouserc.json
run check --budget lighthouserc.json -l "$lhr/heavy-desktop-1.json"
expect_status 2 'lhci: maxNumericValue "fast" (NaN in lhci, never failing) is refused'

finish
