#!/usr/bin/env bash
# Load-test scenarios and endpoint templates (issue 24), on real runs of one API by real
# tools (tests/fixtures/load, MANIFEST.md; expected figures from tests/peers/load/summarize.py,
# worked out from the tools' files and the server's log, not by perfgate): two result files
# of one API are two scenarios in one check, each held to its own targets; {id} templates
# match requests named by their URL; per-run keys say they are per run.
source "$TESTS/e2e/lib.sh"
L="$FIXTURES/load"
S="$L/scenarios"
cd "$WORK"
exp() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["runs"][sys.argv[2]]; v=d["aggregate"] if sys.argv[3]=="-" else d["endpoints"][sys.argv[3]]; print(v[sys.argv[4]])' "$L/expected.json" "$@"; }
got() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=[x for x in d["results"] if x["subject"]==sys.argv[2] and x["metric"]==sys.argv[3] and (len(sys.argv)<5 or x["rule"].endswith(sys.argv[4]))]; print(" ".join("%s:%s:%s" % (x["value"], x["status"], x.get("scenario","")) for x in r))' "$@"; }

# 1. Two runs of one API, two scenarios: the same endpoints in each, no longer refused.
cat >two.json <<'EOF'
{
  "budgets": { "api:p95": "< 300 ms", "api:GET /v1/patients/{id}:p95": "< 150 ms" },
  "scenarios": { "peak": { "api:p95": "< 3000 ms" } }
}
EOF
run check --budget two.json --load "steady=$L/locust/sla_stats.csv" --load "peak=$L/locust/faults_stats.csv" --format json
expect_status 0 "two Locust runs of one API as scenarios steady and peak"
cp "$OUT" two-out.json
expect_eq "$(got two-out.json 'steady: all requests' api:p95)" "$(exp locust-sla - p95):pass:steady" \
  "steady: all requests p95 is Locust's aggregate, held to the general 300 ms"
expect_eq "$(got two-out.json 'peak: all requests' api:p95)" "$(exp locust-faults - p95):pass:peak" \
  "peak: its p95 (1.8 s) held to its own 3000 ms, not the general 300 ms"
n=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["results"] if x["subject"]=="peak: all requests" and x["metric"]=="api:p95"))' two-out.json)
expect_eq "$n" "1" "a scoped rule wins: one verdict for peak's api:p95, not two"
expect_eq "$(got two-out.json 'steady: GET /v1/patients/{id}' 'api:GET /v1/patients/{id}:p95')" \
  "$(exp locust-sla 'GET /v1/patients/{id}' p95):pass:steady" "steady: the same endpoint in each scenario, each its figure"
run check --budget two.json --load "steady=$L/locust/sla_stats.csv" --load "peak=$L/locust/faults_stats.csv" --format markdown
expect_grep '^\| steady \| Locust' "$OUT" "the sign-off's scenario table: a row named steady"
expect_grep '^\| peak \| Locust' "$OUT" "the sign-off's scenario table: a row named peak"
req=$(exp locust-sla 'GET /v1/patients/{id}' requests)
expect_grep "^\\| steady: GET /v1/patients/\\{id\\} \\| ${req%.0} \\|" "$OUT" "the per-endpoint table of each scenario has its figures (requests $req)"
# Without names, each file's stem is its scenario.
run check --budget two.json --load "$L/locust/sla_stats.csv" --format json
expect_grep '"scenario": "sla"' "$OUT" "a file without NAME= is the scenario of its stem (Locust's sla_stats.csv: sla)"
run check --budget two.json --load "sla=$L/locust/sla_stats.csv" --load "sla=$L/artillery/sla.report.json" --format json
expect_status 2 "two runs under one NAME: the same endpoints twice in one scenario"
expect_grep 'in the same scenario \(sla\): give each endpoint once per scenario' "$ERR" "...and says to name the runs apart"
# A scenario the budget names that no --load gives.
printf '{"budgets":{"api:p95":"< 9000 ms"},"scenarios":{"soak":{"api:duration":">= 14400 s"}}}\n' >soak.json
run check --budget soak.json --load "steady=$L/locust/sla_stats.csv"
expect_status 2 "a budget's scenario that no --load gives"
expect_stderr_line 'scenario "soak" is not among the load results \(steady\); name a run so with --load soak=FILE' \
  "...named, with the scenarios read"
printf '{"scenarios":{"peak":{"largest-contentful-paint":"< 2 s"}}}\n' >bad.json
run check --budget bad.json --load "peak=$L/locust/sla_stats.csv"
expect_status 2 "a scenario with a rule that is not a load-test rule"
expect_stderr_line 'scenarios.peak.largest-contentful-paint: a scenario holds load-test rules' "...refused by name"

# 2. Per-run keys, per-endpoint asked: said so.
printf '{"budgets":{"api:GET /v1/patients/{id}:throughput":"> 10 /s"}}\n' >tp.json
run check --budget tp.json --load "$L/locust/sla_stats.csv"
expect_status 2 "throughput of one endpoint"
expect_stderr_line 'throughput is measured for the whole run, not per endpoint; write "api:throughput"' \
  "...says it is the whole run's"

# 3. The built-in budget: the SLA's overall rows only (its 54 per-endpoint rows name one API).
run check --load "$L/autocannon/patients-id.json" --format json
expect_no_grep 'matched no endpoint' "$ERR" "the built-in budget names no endpoint of any API"
expect_grep '"metric": "api:p50"' "$OUT" "the built-in budget's overall rows are checked"

# 4. Endpoint templates against requests named by their URL: a real JMeter 2.13 run whose
# samplers are labelled with their URL, ids and query strings included (331 distinct
# labels; tests/fixtures/load/scenarios/MANIFEST.md). Expected: the JTL grouped by path
# template with the scheme, host and query dropped, nearest rank, counts equal to the
# server's log (expected.json, tests/peers/load/summarize_scenarios.py).
python3 - "$S/expected.json" >tmpl.json <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["runs"]["jmeter-rawurl"]["templates"]
print(json.dumps({"budgets": {f"api:{k}:{s}": "< 100000 ms" for k in t for s in ("p50", "p95", "p99")}}))
PY
run check --budget tmpl.json --load "$S/jmeter-rawurl.jtl" --format json
expect_status 0 "{id} templates over 843 requests named by 331 raw URLs"
if python3 - "$S/expected.json" "$OUT" >tmpl.txt <<'PY'
import json, sys
exp = json.load(open(sys.argv[1]))["runs"]["jmeter-rawurl"]["templates"]
res = json.load(open(sys.argv[2]))["results"]
got = {(r["subject"], r["metric"].rsplit(":", 1)[1]): r["value"] for r in res}
bad = [(t, s, e[s], got.get((t, s))) for t, e in exp.items() for s in ("p50", "p95", "p99") if got.get((t, s)) != e[s]]
print(len(exp), "templates; mismatched:", bad)
sys.exit(1 if bad else 0)
PY
then ok "every template's p50/p95/p99 is the nearest rank over its raw URLs' samples ($(head -c 60 tmpl.txt))"
else not_ok "template percentiles" "$(cat tmpl.txt)"; fi
# The concrete /v1/patients/search is named too: it takes the search URLs from {id}, as OpenAPI matches.
printf '{"budgets":{"api:/v1/patients/{id}:requests":">= 0","api:/v1/patients/search:requests":">= 0","api:/v1/patients/{id}/appointments:requests":">= 0"}}\n' >req.json
run check --budget req.json --load "$S/jmeter-rawurl.jtl" --format json
want=$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["runs"]["jmeter-rawurl"]["templates"]; print(t["/v1/patients/{id}"]["requests"], t["/v1/patients/{id}/appointments"]["requests"])' "$S/expected.json")
have=$(python3 -c 'import json,sys; r={x["subject"]: x["value"] for x in json.load(open(sys.argv[1]))["results"]}; print(int(r["/v1/patients/{id}"]), int(r["/v1/patients/{id}/appointments"]))' "$OUT")
expect_eq "$have" "$want" "request counts per template equal the server's log (a longer path is another template)"
expect_grep '"note": "matched"' "$OUT" "the JSON lists the raw names a template took in"
# Two templates for one request: an error naming both.
printf '{"budgets":{"api:/v1/{a}/{id}:p95":"< 9 s","api:/v1/{b}/{id}:p95":"< 9 s"}}\n' >amb.json
run check --budget amb.json --load "$S/jmeter-rawurl.jtl"
expect_status 2 "a request two templates match"
expect_grep 'matches two endpoint templates alike, "/v1/\{a\}/\{id\}" and "/v1/\{b\}/\{id\}"' "$ERR" "...names both"
# A template nothing matches: the busiest endpoints listed, not every URL.
printf '{"budgets":{"api:GET /v2/nothing/{id}:p95":"< 9 s"}}\n' >none.json
run check --budget none.json --load "$S/jmeter-rawurl.jtl"
expect_status 2 "a template nothing matches"
n=$(grep -o 'http://' "$ERR" | wc -l)
[[ "$n" -le 10 ]] && ok "the error lists at most the 10 busiest endpoints ($n URLs), not all 331" || not_ok "listed $n URLs"
expect_grep 'and [0-9]+ more' "$ERR" "...and says how many more"

# 5. Two Locust runs of one API at 20 and 60 users, as the scenarios they are.
printf '{"budgets":{"api:p95":"< 3000 ms","api:requests":">= 1"}}\n' >plain.json
run check --budget plain.json --load "$S/locust-steady_stats.csv" --load "$S/locust-spike_stats.csv" --format json
cp "$OUT" ls.json
exp2() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][sys.argv[2]]["aggregated"][sys.argv[3]])' "$S/expected.json" "$@"; }
expect_eq "$(got ls.json 'locust-steady: all requests' api:requests | cut -d: -f1)" "$(exp2 locust-steady requests)" \
  "steady scenario (stem locust-steady): Locust's request count"
expect_eq "$(got ls.json 'locust-spike: all requests' api:requests | cut -d: -f1)" "$(exp2 locust-spike requests)" \
  "spike scenario: its own request count in the same check"
# 6. The breaking point of a ramping run (6 -> 60 JMeter threads against a server of 5
# workers that queues beyond them; tests/fixtures/load/scenarios/MANIFEST.md): the highest
# 1-second throughput whose p95 and error rate stay within the targets, sustained.
for limit in 500 1000; do
  printf '{"budgets":{"api:p95":"< %s ms","api:error-rate":"< 1 %%","api:capacity":">= 1000 /s","api:capacity-users":">= 500"}}\n' "$limit" >cap.json
  run check --budget cap.json --load "$S/ramp.jtl" --format json
  expect_status 1 "p95 < $limit ms: the SLA's 1,000 /s and 500 users are not reached by this server"
  if python3 - "$S/expected.json" "$OUT" "$limit" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["runs"]["ramp"]
bp = e["breaking_point"][sys.argv[3]]
r = {x["metric"]: x for x in json.load(open(sys.argv[2]))["results"]}
cap, users = r["api:capacity"]["value"], r["api:capacity-users"]["value"]
assert cap == bp["throughput_rps"] and users == bp["users_allThreads_max"], (cap, users, bp)
# Within one interval of the server's own log: the server completed as many requests in
# the same second or a neighbour.
server = {i["interval"]: i["requests"] for i in e["server_intervals_by_end_time"]}
assert any(server.get(bp["interval"] + d) == cap for d in (-1, 0, 1)), (cap, [server.get(bp["interval"] + d) for d in (-1, 0, 1)])
print(cap, users)
PY
  then ok "p95 < $limit ms: capacity and users are the breaking point worked out from the JTL, and the server log agrees within an interval"
  else not_ok "breaking point at $limit ms"; fi
done
expect_grep 'the breaking point: second 7 of the run, 48 requests/s at 30 users' "$OUT" "the note says where the breaking point is"
run check --budget cap.json --load "$L/k6/sla.summary-export.json"
expect_status 2 "capacity from a result with neither per-request times nor a history (k6's summary)"
expect_grep 'cannot check api:capacity: .*no per-request times or history.*Locust.*Artillery' "$ERR" "...says which results have them"

# 7. The run over time from the tools' own histories (tests/fixtures/load/ramps: Locust
# ramping 0 -> 60 users with --csv-full-history, Artillery ramping arrivals, both against
# the 5-worker server; expected series and breaking points by
# tests/peers/load/summarize_ramps.py from the tools' files, checked against the server's
# log). Each interval as the tool wrote it, and the breaking point found on them.
R="$L/ramps"
for target in "500 1" "1000 5"; do
  read -r p95 er <<<"$target"
  printf '{"budgets":{"api:p95":"< %s ms","api:error-rate":"< %s %%","api:capacity":">= 1000 /s","api:capacity-users":">= 500"}}\n' "$p95" "$er" >ramp.json
  for r in locust-ramp artillery-ramp; do
    f="$R/$r.report.json"; [[ $r == locust-ramp ]] && f="$R/${r}_stats.csv"
    run check --budget ramp.json --load "$f" --format json
    expect_status 1 "$r, p95 < $p95 ms, errors < $er %: the SLA's capacity is not reached by this server"
    if python3 - "$R/expected.json" "$OUT" "$r" "p95<${p95}ms,errors<${er}%" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][sys.argv[3]]
bp = run["breaking_point"][sys.argv[4]]
out = json.load(open(sys.argv[2]))
r = {x["metric"]: x for x in out["results"]}
assert r["api:capacity"]["value"] == bp["throughput_rps"] or abs(r["api:capacity"]["value"] - bp["throughput_rps"]) < 1e-3 * bp["throughput_rps"], (r["api:capacity"], bp)
assert r["api:capacity-users"]["value"] == bp["users"], (r["api:capacity-users"], bp)
(series,) = out["series"]
assert series["breaking_point"] == bp["index"], (series["breaking_point"], bp["index"])
want = run["series"]
assert len(series["intervals"]) == len(want), (len(series["intervals"]), len(want))
close = lambda a, b: abs(a - b) <= 1e-3 * max(1, abs(b))
for got, exp in zip(series["intervals"], want):
    assert close(got["start"], exp["t_s"]), (got, exp)
    assert close(got["throughput"], exp["throughput_rps"]), (got, exp)
    assert got["users"] == exp["users"], (got, exp)
    assert (got["p95"] or 0) == (exp["p95_ms"] or 0), (got, exp)
    assert close(got["error_rate"] if got["error_rate"] is not None else 0, exp["error_rate_pct"]), (got, exp)
print(len(want), "intervals")
PY
    then ok "$r, p95 < $p95 ms: every interval (time, throughput, users, p95, error rate) and the breaking point as worked out from the tool's files"
    else not_ok "$r series at p95 < $p95 ms"; fi
  done
done

# k6 points: 1-second intervals of end times (k6 stamps a sample when its request ended,
# lib/netext/httpext/tracer.go), worked out here from the points file alone.
run check --budget cap.json --load "$L/k6/sla.points.json.gz" --format json
if python3 - "$L/k6/sla.points.json.gz" "$OUT" <<'PY'
import gzip, json, math, sys
from datetime import datetime, timezone
def secs(t):
    main, frac = t.rstrip("Z").split(".")
    return datetime.fromisoformat(main).replace(tzinfo=timezone.utc).timestamp() + float("0." + frac)
reqs, vus = [], []
for line in gzip.open(sys.argv[1], "rt"):
    p = json.loads(line)
    if p.get("type") != "Point": continue
    d = p["data"]
    if p["metric"] == "http_req_duration":
        status = int(d["tags"].get("status", "0") or 0)
        reqs.append((secs(d["time"]), d["value"], status == 0 or status >= 500))
    elif p["metric"] == "vus":
        vus.append((secs(d["time"]), d["value"]))
t0 = min(end * 1000 - ms for end, ms, _ in reqs)
buckets = {}
for end, ms, err in reqs:
    buckets.setdefault(math.floor((end * 1000 - t0) / 1000), []).append((ms, err))
users = {}
for t, v in vus:
    i = math.floor((t * 1000 - t0) / 1000)
    users[i] = max(users.get(i, 0), v)
(series,) = json.load(open(sys.argv[2]))["series"]
got = series["intervals"]
assert len(got) == max(buckets) + 1, (len(got), max(buckets) + 1)
for i, g in enumerate(got):
    b = sorted(ms for ms, _ in buckets.get(i, []))
    assert g["requests"] == len(b), (i, g, len(b))
    if b:
        assert g["p95"] == b[max(1, math.ceil(0.95 * len(b))) - 1], (i, g)
        assert abs(g["error_rate"] - 100 * sum(e for _, e in buckets[i]) / len(b)) < 1e-9, (i, g)
    assert g["users"] == users.get(i), (i, g, users.get(i))
print(len(got), "intervals")
PY
then ok "k6 points: each second's requests, p95, error rate and VUs as worked out from the points file"
else not_ok "k6 points series"; fi

# 9. --openapi: the API's own description groups requests named by their URL. JMeter's
# raw-URL run against the server whose operations tests/peers/load/openapi.yaml describes
# (paths relative to a server URL whose path is /v1): each operation's request count is
# the count of requests the server's own log says that route served. JMeter's labels
# carry no method, so operations are grouped by path (GET and PUT /v1/patients/{id} as one).
printf '{"budgets":{"api:*:requests":">= 1"}}\n' >anyreq.json
run check --budget anyreq.json --load "$S/jmeter-rawurl.jtl" --openapi "$TESTS/peers/load/openapi.yaml" --format json
expect_status 0 "every operation of the OpenAPI document was called"
if python3 - "$S/jmeter-rawurl.server.tsv" "$OUT" <<'PY'
import csv, json, sys
log = {}
for row in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    log[row["template"]] = log.get(row["template"], 0) + 1
got = {x["subject"]: x["value"] for x in json.load(open(sys.argv[2]))["results"] if x["metric"].endswith(":requests")}
assert got == log, (got, log)
print(len(got), "paths")
PY
then ok "each path's requests equal the server log's count for its route"
else not_ok "--openapi grouping against the server log"; fi
# JSON too, and a document that is not OpenAPI, and --openapi without --load.
/usr/bin/python3 -c 'import json,sys,yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open("openapi.json","w"))' "$TESTS/peers/load/openapi.yaml" 2>/dev/null ||
  python3 -c 'import json; json.dump({"openapi":"3.0.3","info":{"title":"t","version":"1"},"servers":[{"url":"http://127.0.0.1:8080/v1"}],"paths":{"/patients/{id}":{"get":{},"put":{}},"/patients/search":{"get":{}},"/patients/{id}/appointments":{"get":{}},"/patients":{"post":{}},"/appointments":{"get":{},"post":{}},"/clinical/notes/{id}":{"get":{}},"/clinical/notes":{"post":{}},"/treatment-plans/{id}":{"get":{}},"/imaging":{"post":{}},"/billing/claims":{"post":{}},"/insurance/verify":{"post":{}}}}, open("openapi.json","w"))'
run check --budget anyreq.json --load "$S/jmeter-rawurl.jtl" --openapi openapi.json --format json
cp "$OUT" from-json.json
run check --budget anyreq.json --load "$S/jmeter-rawurl.jtl" --openapi "$TESTS/peers/load/openapi.yaml" --format json
cmp -s "$OUT" from-json.json && ok "the same document as JSON groups the same" || not_ok "YAML and JSON OpenAPI differ"
run check --budget anyreq.json --load "$S/jmeter-rawurl.jtl" --openapi "$L/expected.json"
expect_status 2 "--openapi given a JSON file that is not an OpenAPI document"
expect_grep 'expected.json: not an OpenAPI document' "$ERR" "...names it"
run check --budget anyreq.json --openapi "$TESTS/peers/load/openapi.yaml" --lighthouse "$FIXTURES/lighthouse/external/lh-10-1-0-coursehero-a.json"
expect_status 2 "--openapi without --load"
expect_grep 'no --load was given' "$ERR" "...says so"

# 8. The sign-off draws each run over time: inline SVG only, the breaking point marked,
# the same bytes twice (the sign-off's date fixed).
export SOURCE_DATE_EPOCH=1796601600
run check --budget cap.json --load "ramp=$S/ramp.jtl" --load "locust=$R/locust-ramp_stats.csv" \
  --load "artillery=$R/artillery-ramp.report.json" --format html=signoff.html
n=$(grep -c '<svg viewBox=' signoff.html || true)
expect_eq "$n" "9" "three charts a run (throughput and users, p95 over time, p95 against throughput) for three runs"
expect_grep 'aria-label="p95 latency against throughput of ramp"' signoff.html "the charts say what they show"
expect_grep '>breaking point: 48 req/s at 30 users, p95 339 ms<' signoff.html "JMeter's breaking point is marked with its figures"
expect_grep 'Locust&#39;s stats history|Locust.s stats history' signoff.html "Locust's chart says its figures are Locust's moving window"
if grep -Eq '<script|src="http|href="http|xlink:href' signoff.html; then not_ok "the sign-off loads or runs something"; else ok "no script and nothing fetched"; fi
cp signoff.html signoff1.html
run check --budget cap.json --load "ramp=$S/ramp.jtl" --load "locust=$R/locust-ramp_stats.csv" \
  --load "artillery=$R/artillery-ramp.report.json" --format html=signoff.html
cmp -s signoff.html signoff1.html && ok "same runs, same sign-off bytes" || not_ok "the sign-off differs between two runs"

finish
