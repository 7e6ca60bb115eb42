#!/usr/bin/env bash
# CI formats on real reports, read back by real consumers: JUnit XML by xmllint and
# junitparser (the library CI plugins in Python use), GitHub annotations and the job
# summary, Markdown tables.
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr"
inputs=(-l "$lhr/heavy-mobile-*.json" -l "$lhr/lean-desktop-*.json")

run check "${inputs[@]}" -l "$lhr/error-unreachable.json" --format junit="$WORK/perf.xml" \
  --format markdown="$WORK/perf.md" --format github
expect_status 2 "several formats in one run (with an input error)"
if xmllint --noout "$WORK/perf.xml" 2>"$WORK/xmllint.err"; then ok "JUnit XML is well-formed (xmllint)"; else not_ok "JUnit XML well-formed" "$(cat "$WORK/xmllint.err")"; fi
py=python3
python3 -c 'import junitparser' 2>/dev/null || py=/usr/bin/python3
if $py - "$WORK/perf.xml" <<'PY'; then ok "junitparser reads the counts, failures and errors"; else not_ok "junitparser"; fi
import sys
from junitparser import JUnitXml, Failure, Error
xml = JUnitXml.fromfile(sys.argv[1])
cases = [c for suite in xml for c in suite]
assert len(cases) == 17, len(cases)              # 16 budgets + 1 input error
failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
errors = [c for c in cases if any(isinstance(r, Error) for r in c.result)]
assert len(failures) == 7 and len(errors) == 1, (len(failures), len(errors))
lcp = [c for c in failures if c.name == "largest-contentful-paint"][0]
assert lcp.classname == "http://127.0.0.1:8901/heavy/ (mobile)"
assert "21.08 s, limit < 2.5 s, 18.58 s over" in lcp.result[0].message
assert "CHROME_INTERSTITIAL_ERROR" in errors[0].result[0].message
# The counts in <testsuite> and <testsuites> agree with the testcases.
for suite in xml:
    cs = list(suite)
    assert suite.tests == len(cs), (suite.name, suite.tests)
    assert suite.failures == sum(any(isinstance(r, Failure) for r in c.result) for c in cs)
    assert suite.errors == sum(any(isinstance(r, Error) for r in c.result) for c in cs)
xml.update_statistics()   # junitparser recounts from the suites
PY
python3 - "$WORK/perf.xml" <<'PY' && ok "<testsuites> totals are the sums of the suites" || not_ok "testsuites totals"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
for a in ("tests", "failures", "errors"):
    assert int(root.get(a)) == sum(int(s.get(a)) for s in root.findall("testsuite")), a
assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("17", "7", "1")
PY
expect_grep '^::error title=perfgate%3A largest-contentful-paint::http://127.0.0.1:8901/heavy/ \(mobile\): 21.08 s, limit < 2.5 s, 18.58 s over' "$OUT" "GitHub error annotation, properties escaped"
expect_grep '^::error file=.*error-unreachable.json,title=perfgate%3A could not check::' "$OUT" "input error annotated on the file"
expect_grep '^::notice title=perfgate::FAIL: 7 of 16 budgets exceeded, and 1 could not be checked$' "$OUT" "verdict notice: FAIL first (issue 25), saying what could not be checked"
expect_eq "$(grep -c '^::' "$OUT")" "9" "one annotation per failure and error, plus the verdict"

expect_grep '^### ❌ perfgate: FAIL: 7 of 16 budgets exceeded, and 1 could not be checked' "$WORK/perf.md" "Markdown: verdict first, FAIL first"
# tables.py FILE: each Markdown table (consecutive "|" rows) keeps its column count: the
# budgets' tables have 6 columns, the SLA's 5 (issue 25).
cat >"$WORK/tables.py" <<'PY'
import sys
tables, current = [], []
for l in open(sys.argv[1]):
    if l.startswith("|"):
        current.append(l.count("|") - l.count("\\|"))
    elif current:
        tables.append(current)
        current = []
if current:
    tables.append(current)
assert tables and all(len(set(t)) == 1 for t in tables), tables
assert sorted({t[0] for t in tables}) in ([7], [6, 7]), tables
PY
python3 "$WORK/tables.py" "$WORK/perf.md" && ok "Markdown tables have a constant column count" || not_ok "Markdown tables"
expect_grep '<details><summary>All 16 budgets</summary>' "$WORK/perf.md" "everything in a collapsed table"

# GITHUB_STEP_SUMMARY: appended to, never truncated.
echo "earlier step" >"$WORK/summary.md"
GITHUB_STEP_SUMMARY="$WORK/summary.md" "$PERFGATE" check "${inputs[@]}" --format github >/dev/null 2>&1
expect_eq "$(head -1 "$WORK/summary.md")" "earlier step" "step summary is appended to"
expect_grep '^### ❌ perfgate: FAIL: 7 of 16 budgets exceeded' "$WORK/summary.md" "step summary holds the Markdown"
printf 'a step that left no final newline' >"$WORK/summary2.md"
GITHUB_STEP_SUMMARY="$WORK/summary2.md" "$PERFGATE" check "${inputs[@]}" --format github >/dev/null 2>&1
expect_grep '^### ❌ perfgate: FAIL' "$WORK/summary2.md" "step summary: the heading starts its own line"

# Hostile text in a subject cannot break out of XML, annotations or tables.
python3 - "$lhr/lean-mobile-1.json" "$WORK/hostile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["finalUrl"] = "http://x/a|b<c>&\"d\"'e%0A\n::error::injected,f:g"
json.dump(d, open(sys.argv[2], "w"))
PY
run check -l "$WORK/hostile.json" --format junit="$WORK/h.xml" --format markdown="$WORK/h.md" --format github
xmllint --noout "$WORK/h.xml" 2>/dev/null && ok "hostile URL: JUnit stays well-formed" || not_ok "hostile URL JUnit"
expect_no_grep '^::error::injected' "$OUT" "hostile URL: no injected workflow command"
python3 "$WORK/tables.py" "$WORK/h.md" && ok "hostile URL: Markdown table intact" || not_ok "hostile URL Markdown"

# A file name may hold anything: bytes that are not UTF-8, control characters, "]]>".
mkdir -p "$WORK/dist"
head -c 3000 /dev/urandom >"$WORK/dist/$(printf 'bad\xff]]>\x01\x1b[31m|x\\|`*_.js')"
printf '{"budgets": {"file:*.js": "< 10 B"}}' >"$WORK/fb.json"
run check --budget "$WORK/fb.json" --dist "$WORK/dist" --format junit="$WORK/f.xml" --format markdown="$WORK/f.md" --format github
expect_status 1 "a file over budget"
xmllint --noout "$WORK/f.xml" 2>/dev/null && ok "odd file name: JUnit stays well-formed" || not_ok "odd file name JUnit"
$py - "$WORK/f.xml" <<'PY' && ok "odd file name: junitparser reads the failure, bad bytes and controls as visible escapes" || not_ok "odd file name junitparser"
import sys
from junitparser import JUnitXml
case = [c for suite in JUnitXml.fromfile(sys.argv[1]) for c in suite][0]
assert case.classname == "bad\\xff]]>\\x01\\x1b[31m|x\\|`*_.js", ascii(case.classname)
assert "limit < 10 B" in case.result[0].message
PY
python3 - "$WORK/f.md" <<'PY' && ok "odd file name: Markdown table keeps its columns" || not_ok "odd file name Markdown"
import re, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace") if l.startswith("|")]
# Split as GitHub does: a "|" preceded by an odd number of backslashes is text.
cols = lambda l: len(re.findall(r"(?<!\\)(?:\\\\)*\|", l))
assert rows and all(cols(l) == 7 for l in rows), [(cols(l), l) for l in rows]
PY
expect_eq "$(grep -c '^::' "$OUT")" "2" "odd file name: one annotation per line, nothing injected"

# A warning passes in JUnit (message in <system-out>) and is a ::warning on GitHub.
printf '{"budgets": {"largest-contentful-paint": {"limit": "< 500 ms", "severity": "warn"}}}' >"$WORK/warn.json"
run check --budget "$WORK/warn.json" -l "$lhr/lean-mobile-*.json" --format junit="$WORK/w.xml" --format github
expect_status 0 "a warning does not fail the run"
expect_grep '^::warning title=perfgate%3A largest-contentful-paint::http://127.0.0.1:8901/lean/ \(mobile\): 860 ms, limit < 500 ms, 360 ms over' \
  "$OUT" "GitHub ::warning for a warning"
$py - "$WORK/w.xml" <<'PY' && ok "JUnit: a warning is a passing testcase with the message in system-out" || not_ok "JUnit warning"
import sys
from junitparser import JUnitXml
case = [c for suite in JUnitXml.fromfile(sys.argv[1]) for c in suite][0]
assert case.is_passed and case.system_out.startswith("warning: 860 ms, limit < 500 ms"), case.system_out
PY

# Deterministic: the same inputs give the same bytes in every format.
for f in junit markdown github; do
  "$PERFGATE" check "${inputs[@]}" --format "$f" >"$WORK/a.$f" 2>/dev/null
  "$PERFGATE" check "${inputs[@]}" --format "$f" --jobs 1 >"$WORK/b.$f" 2>/dev/null
  cmp -s "$WORK/a.$f" "$WORK/b.$f" && ok "$f output is byte-identical across runs" || not_ok "$f deterministic"
done
finish
