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
run check --budget cap.json --load "$L/locust/sla_stats.csv"
expect_status 2 "capacity from a result without per-request times"
expect_grep 'cannot check api:capacity: .*no per-request times' "$ERR" "...says which results have them"

finish
