#!/usr/bin/env bash
# The sign-off a release manager signs (issue 25): it names the release, the commit, the
# date, what measured and the exact budgets (SHA-256); the verdict comes first and is
# FAIL whenever a budget is exceeded, even when something else could not be checked; the
# failures read as sentences; an approval block prints on A4. Every expected figure is
# worked out here from the inputs (git, sha256sum, the report's own fields), not by perfgate.
source "$TESTS/e2e/lib.sh"
LH="$FIXTURES/lighthouse/external/lh-11-4-0-coursehero-a.json"
cd "$WORK"

# A project as a team has it: a git repository (no git needed by perfgate; git makes it
# here) with a package.json version.
mkdir proj && cd proj
git init -q -b release/2.3 . && git config user.email t@example.com && git config user.name t
printf '{"name": "shop", "version": "2.3.4"}\n' >package.json
printf '{"budgets": {"largest-contentful-paint": "< 2.5 s", "categories:performance": "> 90", "first-contentful-paint": "< 1.5 s"}}\n' >perfgate.json
git add . && git commit -qm one
export SOURCE_DATE_EPOCH=1796601600
day=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
run check --budget perfgate.json --lighthouse "$LH" --format json=r.json --format html=s.html --format markdown=m.md
expect_status 1 "an over-budget report"
python3 - r.json "$LH" "$(git rev-parse HEAD)" "$(sha256sum perfgate.json | cut -d' ' -f1)" "$day" <<'PY' && ok "identity: release from package.json, git's commit and branch, the date of SOURCE_DATE_EPOCH, Lighthouse and Chrome versions, the budget's SHA-256" || not_ok "identity in JSON"
import json, re, sys
r = json.load(open(sys.argv[1]))["identity"]
lhr = json.load(open(sys.argv[2]))
assert r["release"] == "2.3.4" and r["release_from"] == "package.json", r
assert r["commit"] == sys.argv[3], (r["commit"], sys.argv[3])
assert r["branch"] == "release/2.3", r
assert r["date"] == sys.argv[5] and r["date_from"] == "SOURCE_DATE_EPOCH", r
env = {(e["name"], e["value"]) for e in r["environment"]}
chrome = re.search(r"Chrome/(\S+)", lhr["environment"]["hostUserAgent"]).group(1)
want = {("Lighthouse", lhr["lighthouseVersion"]), ("Chrome", chrome), ("form factor", lhr["configSettings"]["formFactor"]),
        ("throttling", lhr["configSettings"]["throttlingMethod"])}
assert want <= env, (want, env)
assert r["budgets"] == [{"file": "perfgate.json", "sha256": sys.argv[4]}], r["budgets"]
PY
expect_grep '<h1>Performance sign-off: 2\.3\.4</h1>' s.html "the sign-off's title names the release"
expect_grep "<code>$(git rev-parse HEAD)</code>" s.html "...and the commit"
expect_grep "$day <span class=\"note\">from SOURCE_DATE_EPOCH" s.html "...and the date, saying where it came from"
expect_grep "SHA-256 <code>$(sha256sum perfgate.json | cut -d' ' -f1)</code>" s.html "...and the budget file's SHA-256"
# The failures as sentences, with the metric's name, the value, the limit and how far over.
lcp=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["audits"]["largest-contentful-paint"]["numericValue"])' "$LH")
python3 - s.html "$lcp" <<'PY' && ok "What failed: Largest Contentful Paint as a sentence, value and overage from the report" || not_ok "failure sentence"
import re, sys
html = open(sys.argv[1]).read()
lcp = float(sys.argv[2]) / 1000
m = re.search(r'<li><b>Largest Contentful Paint</b> on https://\S+ \(mobile\): ([0-9.]+) s, limit &lt; 2\.5 s, ([0-9.]+) s over</li>', html)
assert m, "no sentence"
assert abs(float(m.group(1)) - lcp) < 0.06 and abs(float(m.group(2)) - (lcp - 2.5)) < 0.06, (m.groups(), lcp)
# The verdict first: the headline, then what failed, before every table.
assert html.index('id="verdict"') < html.index('id="failures"') < html.index('id="budgets"'), "order"
PY
expect_grep '<section class="approval" id="approval"><h2>Approval</h2>' s.html "an approval block"
expect_grep '@page\{size:A4' s.html "...that prints on A4"
expect_grep "release \`2.3.4\` · commit \`[0-9a-f]{12}\` \(release/2.3\) · $day" m.md "the Markdown names the release, commit and date too"

# FAIL first: a budget exceeded and an input that could not be read is FAIL (exit 2 still).
printf '{"lighthouseVersion": "12.0.0"' >cut.json
run check --budget perfgate.json --lighthouse "$LH" --lighthouse cut.json --format html=s2.html
expect_status 2 "something could not be checked: exit 2, the contract"
expect_grep '^FAIL  [0-9]+ budgets checked: 0 passed, 3 failed; 1 could not be checked' "$OUT" "the text verdict is FAIL, and says what could not be checked"
expect_grep '<div class="verdict fail" id="verdict">FAIL: 3 of 3 budgets exceeded, and 1 could not be checked</div>' s2.html "...and the sign-off's banner is red, FAIL, saying what could not be checked"
run check --budget perfgate.json --lighthouse cut.json
expect_grep '^ERROR  0 budgets checked' "$OUT" "ERROR only when nothing failed"

# --release and --date win; a --date that is not a date is refused.
run check --budget perfgate.json --lighthouse "$LH" --release "2.3.4-rc.1" --date 2026-12-24 --format json
expect_grep '"release": "2.3.4-rc.1"' "$OUT" "--release names the release"
expect_grep '"date": "2026-12-24"' "$OUT" "--date is the date"
run check --budget perfgate.json --lighthouse "$LH" --date "next friday"
expect_status 2 "--date that is not a date"
expect_stderr_line '--date: "next friday" is not a date' "...one line saying so"

# Without a given date: the time of the run, said so in the HTML and left out of the JSON
# (the same inputs, the same JSON bytes).
unset SOURCE_DATE_EPOCH
run check --budget perfgate.json --lighthouse "$LH" --format html=s3.html --format json=j1.json
run check --budget perfgate.json --lighthouse "$LH" --format json=j2.json
expect_grep 'the time of this run' s3.html "no date given: the sign-off says the date is the run's"
cmp -s j1.json j2.json && ok "...and the JSON carries no date: two runs, the same bytes" || not_ok "JSON differs between two runs"
if grep -q '"date"' j1.json; then not_ok "a date in the JSON nobody asked for"; else ok "no date in the JSON"; fi

# The repository read from its files: packed refs, a detached checkout.
git pack-refs --all
run check --budget perfgate.json --lighthouse "$LH" --format json
expect_grep "\"commit\": \"$(git rev-parse HEAD)\"" "$OUT" "a branch whose ref is packed"
git checkout -q --detach HEAD
GITHUB_REF_NAME= run check --budget perfgate.json --lighthouse "$LH" --format json
expect_grep "\"commit\": \"$(git rev-parse HEAD)\"" "$OUT" "a detached checkout: the commit"
if grep -q '"branch"' "$OUT"; then not_ok "a detached checkout named a branch"; else ok "...and no branch"; fi
GITHUB_REF_NAME=main run check --budget perfgate.json --lighthouse "$LH" --format json
expect_grep '"branch": "main"' "$OUT" "...CI's branch variable names it"

# Outside any repository and without package.json: said, not invented.
mkdir -p "$WORK/bare" && cd "$WORK/bare"
run check --budget "$WORK/proj/perfgate.json" --lighthouse "$LH" --format html=s.html
expect_grep 'not a git repository' s.html "no repository: the sign-off says so"
expect_grep 'give --release NAME' s.html "no release: the sign-off says how to name it"

finish
