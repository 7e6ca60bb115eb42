#!/usr/bin/env bash
# The history (issue 25): every check recorded in SQLite (a file) or PostgreSQL (a real
# server, made here with initdb in a temporary folder on a free port, stopped after);
# `perfgate history` lists the checks and a figure's series; --baseline
# history:last-release / history:branch:NAME takes the baseline from it; eight writers at
# once lose no run; a writer killed with SIGKILL leaves no half-written run; a file that
# is not perfgate's history is never written. Expected figures come from the Lighthouse
# reports themselves and from the databases read with their own clients (sqlite3, psql).
source "$TESTS/e2e/lib.sh"
LH="$FIXTURES/lighthouse/external"
A="$LH/lh-12-0-0-coursehero-a.json"
B="$LH/lh-12-0-0-coursehero-b.json"
cd "$WORK"
export SOURCE_DATE_EPOCH=1796601600
lcp() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["audits"]["largest-contentful-paint"]["numericValue"])' "$1"; }
printf '{"budgets": {"largest-contentful-paint": "< 2.5 s", "first-contentful-paint": "< 1.5 s"}}\n' >budget.json

# A repository on branch main, then a feature branch: the identity the history keeps.
mkdir repo && cd repo
git init -q -b main . && git config user.email t@example.com && git config user.name t && git commit -q --allow-empty -m one

# exercise DEST CLIENT: the same checks against one store; CLIENT runs SQL and prints rows.
exercise() {
  local dest=$1 client=$2 kind=$3
  run check --budget ../budget.json --lighthouse "$A" --release 1.0.0 --history "$dest"
  expect_status 1 "$kind: a check of release 1.0.0 recorded (over budget: exit 1 as without --history)"
  run check --budget ../budget.json --lighthouse "$B" --release 1.1.0 --history "$dest"
  git checkout -q -B feature
  run check --budget ../budget.json --lighthouse "$A" --release 1.1.0 --history "$dest"
  git checkout -q main
  run history --history "$dest" --format json
  expect_status 0 "$kind: perfgate history"
  if python3 - "$OUT" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["runs"]
assert [r["release"] for r in runs] == ["1.1.0", "1.1.0", "1.0.0"], runs
assert [r["branch"] for r in runs] == ["feature", "main", "main"], runs
assert all(r["exit_code"] == 1 and r["results"] == 2 for r in runs), runs
PY
  then ok "$kind: the checks newest first, with release, branch and verdict"; else not_ok "$kind: history listing"; fi
  expect_eq "$($client "SELECT count(*) FROM perfgate_runs")" "3" "$kind: its own client sees three runs"
  run history --history "$dest" --metric largest-contentful-paint --format json
  if python3 - "$OUT" "$(lcp "$A")" "$(lcp "$B")" <<'PY'
import json, sys
(series,) = json.load(open(sys.argv[1]))["series"]
a, b = float(sys.argv[2]), float(sys.argv[3])
assert [p["value"] for p in series["points"]] == [a, b, a], (series, a, b)
assert [p["release"] for p in series["points"]] == ["1.0.0", "1.1.0", "1.1.0"]
PY
  then ok "$kind: --metric: the series, oldest first, equal to each report's LCP"; else not_ok "$kind: metric series"; fi
  # The baseline of a 1.2.0 check: the last check of another release (1.1.0 on feature).
  run check --budget ../budget.json --lighthouse "$B" --release 1.2.0 --history "$dest" --baseline history:last-release --format json
  got=$(python3 -c 'import json,sys; print([r["baseline"] for r in json.load(open(sys.argv[1]))["results"] if r["metric"]=="largest-contentful-paint"][0])' "$OUT")
  expect_eq "$got" "$(lcp "$A")" "$kind: history:last-release is the last check of another release"
  run check --budget ../budget.json --lighthouse "$A" --release 1.2.0 --history "$dest" --baseline history:branch:main --format json
  got=$(python3 -c 'import json,sys; print([r["baseline"] for r in json.load(open(sys.argv[1]))["results"] if r["metric"]=="largest-contentful-paint"][0])' "$OUT")
  expect_eq "$got" "$(lcp "$B")" "$kind: history:branch:main is the last check on main (release 1.2.0 with B)"
  run check --budget ../budget.json --lighthouse "$A" --history "$dest" --baseline history:branch:nowhere
  expect_status 2 "$kind: a history baseline that matches no run"
  expect_grep 'has no such run \(on branch nowhere\)' "$ERR" "...says which"
  # Eight writers at once: eight more runs, each whole.
  local before after pids=()
  before=$($client "SELECT count(*) FROM perfgate_runs")
  for i in 1 2 3 4 5 6 7 8; do
    "$PERFGATE" check --budget ../budget.json --lighthouse "$A" --release "c$i" --history "$dest" >/dev/null 2>"c$i.err" &
    pids+=($!)
  done
  local bad=0
  for p in "${pids[@]}"; do wait "$p"; [[ $? == 1 ]] || bad=$((bad + 1)); done
  after=$($client "SELECT count(*) FROM perfgate_runs")
  [[ $bad == 0 && $after == $((before + 8)) ]] && ok "$kind: eight concurrent writers: eight runs recorded, each exit 1" ||
    not_ok "$kind: concurrent writers" "before $before, after $after, $bad bad exits: $(cat c*.err | head -3)"
  # Writers killed with SIGKILL at random moments: every run in the store is whole.
  for i in $(seq 12); do
    "$PERFGATE" check --budget ../budget.json --lighthouse "$A" --lighthouse "$B" --release "k$i" --history "$dest" >/dev/null 2>&1 &
    local pid=$!
    sleep "0.0$((RANDOM % 9))$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  expect_eq "$($client "SELECT count(*) FROM perfgate_runs u WHERE u.results <> (SELECT count(*) FROM perfgate_results r WHERE r.run_id = u.id)")" \
    "0" "$kind: after 12 writers killed with SIGKILL, no run is missing a result"
  run history --history "$dest"
  expect_status 0 "$kind: the history still reads"
}

# --- SQLite ---
sq() { sqlite3 -batch -noheader "$WORK/h.sqlite" "$1"; }
exercise "$WORK/h.sqlite" sq SQLite
expect_eq "$(sq 'PRAGMA integrity_check')" "ok" "SQLite: the file passes SQLite's own integrity check"

# The sign-off's trends: each budget's sparkline over the recorded checks, the last release
# ringed, the change since it, and the largest regressions since it under the verdict.
for r in 1.0.0 1.1.0; do run check --budget ../budget.json --lighthouse "$B" --release "$r" --history t.sqlite; done
run check --budget ../budget.json --lighthouse "$A" --release 2.0.0 --history t.sqlite --format html=t.html
expect_eq "$(grep -o '<svg class="spark"' t.html | wc -l)" "3" "a sparkline for each of the two budgets, and one for the regression listed"
if python3 - t.html "$(lcp "$A")" "$(lcp "$B")" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
a, b = float(sys.argv[2]) / 1000, float(sys.argv[3]) / 1000
section = html[html.index('id="regressions"'):html.index('id="budgets"')]
items = re.findall(r'<li><b>([^<]+)</b>.*?: ([0-9.]+) s, \+([0-9.]+) s since 1\.1\.0 <svg class="spark"', section)
assert [i[0] for i in items] == ["Largest Contentful Paint"], items   # FCP got no worse
assert abs(float(items[0][1]) - a) < 0.006 and abs(float(items[0][2]) - (a - b)) < 0.006, (items, a, b)
# Three points (1.0.0, 1.1.0, now), the 1.1.0 one ringed.
spark = re.search(r'<svg class="spark"[^>]*aria-label="the last 3 checks"><polyline[^>]*points="([^"]+)"/><circle cx="([0-9.]+)"', section)
assert spark and spark.group(1).split()[1].startswith(spark.group(2) + ","), spark and spark.groups()
PY
then ok "the largest regression since 1.1.0: LCP, by as much as the reports differ, the 1.1.0 point ringed"; else not_ok "trends in the sign-off"; fi

# A file perfgate did not write is never written.
cp "$A" report.json
before=$(sha256sum report.json)
run check --budget ../budget.json --lighthouse "$A" --history report.json
expect_status 2 "--history on a JSON file"
expect_stderr_line 'report.json: exists and is not a SQLite database' "...one line naming it"
expect_eq "$(sha256sum report.json)" "$before" "...and the file is unchanged"
: >empty.db
run check --budget ../budget.json --lighthouse "$A" --history empty.db
expect_status 2 "--history on an empty file"
[[ ! -s empty.db ]] && ok "...left empty" || not_ok "the empty file was written"
sqlite3 other.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
before=$(sha256sum other.db)
run check --budget ../budget.json --lighthouse "$A" --history other.db
expect_status 2 "--history on another application's SQLite database"
expect_grep 'not a perfgate history' "$ERR" "...says so"
expect_eq "$(sha256sum other.db)" "$before" "...and leaves it unchanged"
cp "$WORK/h.sqlite" newer.sqlite && sqlite3 newer.sqlite 'UPDATE perfgate_schema SET version = 99'
run history --history newer.sqlite
expect_status 2 "a history of a newer schema"
expect_grep 'schema 99, made by a newer perfgate' "$ERR" "...is refused, saying to upgrade"
run check --budget ../budget.json --lighthouse "$A" --baseline history:last-release
expect_status 2 "a history baseline without --history"
expect_grep 'needs --history' "$ERR" "...says so"
run history --history nothing.sqlite
expect_status 2 "perfgate history of a file that does not exist"
[[ ! -e nothing.sqlite ]] && ok "...does not create it" || not_ok "perfgate history created a file"

# --- PostgreSQL: a real server, ours alone ---
initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
if [[ -z "$initdb" ]]; then
  not_ok "PostgreSQL is not installed (ci/install-deps --test installs Debian's postgresql)"
  finish
fi
pgbin=$(dirname "$initdb")
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/perfgate-pg.XXXXXX")
as_pg=(env)
if [[ $(id -u) == 0 ]]; then chown postgres "$pgdir"; as_pg=(runuser -u postgres --); fi
cd /   # the server's user cannot enter this test's folder
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_pg() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"; rm -rf "$WORK"; }
trap stop_pg EXIT
"${as_pg[@]}" "$initdb" -D "$pgdir/data" -A trust -U perfgate >"$pgdir/initdb.log" 2>&1 || { not_ok "initdb" "$(tail -3 "$pgdir/initdb.log")"; finish; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 120 \
  -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null ||
  { not_ok "pg_ctl start" "$(tail -3 "$pgdir/server.log")"; finish; }
cd "$WORK/repo"
url="postgresql://perfgate@127.0.0.1:$port/postgres"
pg() { "$pgbin/psql" -X -q -t -A -h 127.0.0.1 -p "$port" -U perfgate -d postgres -c "$1"; }
exercise "$url" pg PostgreSQL
run check --budget ../budget.json --lighthouse "$A" --history "postgresql://perfgate:secret@127.0.0.1:1/postgres"
expect_status 2 "a PostgreSQL history that cannot be reached"
expect_stderr_line 'postgresql://\*\*\*@127.0.0.1:1/postgres: cannot connect to the history' "...one line, the credentials not shown"

finish
