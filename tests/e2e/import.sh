#!/usr/bin/env bash
# Budgets written for other tools, read as they are (lhci's own verdicts are held
# in lhci_oracle_rc.sh; size-limit's own in peers_size_limit.sh): size-limit (kB = 1000 B, globs summed), bundlesize
# (kB = 1024 B, each file), package.json sections, Lighthouse budget.json (KiB),
# and what perfgate cannot honour refused by name.
source "$TESTS/e2e/lib.sh"
shop="$FIXTURES/webpack/shop"
lhr="$FIXTURES/lighthouse/lhr"
cd "$shop"
value() { python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["metric"]==sys.argv[2]]; print(int(r[0]["value"]), r[0]["status"])' "$OUT" "$1"; }

printf '[{"path": "dist/js/*.js", "limit": "570 kB", "gzip": true}, {"path": "./dist/css/*.css", "limit": "2 kB"}]' >"$WORK/.size-limit.json"
run check --budget "$WORK/.size-limit.json" --dist . --format json
expect_status 1 "size-limit config"
expect_eq "$(value "files:dist/js/*.js")" "560696 pass" "size-limit sums a glob's files; gzip: true is zlib -9 (560,696 B), kB = 1000 B"
expect_eq "$(value 'files:dist/css/*.css')" "2368 fail" "size-limit 11's default is brotli (2,013 + 218 + 137 B)"

printf '{"name": "shop", "size-limit": [{"path": "dist/js/main.*.js", "limit": "4 kB", "brotli": false}]}' >"$WORK/package.json"
run check --budget "$WORK/package.json" --dist . --format json
expect_eq "$(value 'files:dist/js/main.*.js')" "10016 fail" "package.json size-limit; brotli: false is no compression"

printf '{"files": [{"path": "./dist/js/4*.js", "maxSize": "81 kB"}, {"path": "dist/css/main.*.css", "maxSize": "2.2 kB"}]}' >"$WORK/bundlesize.config.json"
run check --budget "$WORK/bundlesize.config.json" --dist . --format json
expect_eq "$(value 'file:dist/js/437.a6044b6c.js')" "83684 fail" "bundlesize: 83,684 B > 81 kB = 82,944 B (kB = 1024 B)"
expect_eq "$(value 'file:dist/css/main.48dbedab.css')" "2281 fail" "bundlesize: 2,281 B > 2.2 kB = 2,252.8 B"

# Braces as fast-glob reads them (bundlesize's and size-limit's glob libraries).
printf '{"files": [{"path": "dist/js/{main,admin}.*.js", "maxSize": "20 kB"}]}' >"$WORK/bundlesize.config.json"
run check --budget "$WORK/bundlesize.config.json" --dist . --format json
expect_status 0 "bundlesize: a brace pattern matches its files"
expect_eq "$(python3 -c 'import json,sys; print(" ".join(sorted(r["metric"] for r in json.load(open(sys.argv[1]))["results"])))' "$OUT")" \
  "file:dist/js/admin.6baf7158.js file:dist/js/main.995e091e.js" "bundlesize: {main,admin} is both files, each on its own"

printf '{"bundlesize": [{"path": "dist/js/admin.*.js", "maxSize": "2 kB", "compression": "none"}]}' >"$WORK/package.json"
run check --budget "$WORK/package.json" --dist . --format json
expect_eq "$(value 'file:dist/js/admin.6baf7158.js')" "2222 fail" "package.json bundlesize, compression none"

# Lighthouse budget.json on its own: sizes in KiB, timings in ms.
run check --budget "$FIXTURES/lighthouse/budget.json" -l "$lhr/lean-mobile-*.json" --format json
expect_status 0 "Lighthouse budget.json on the lean page"
python3 - "$OUT" <<'PY' && ok "budget.json: resource sizes x1024, timings as written, optimistic" || not_ok "budget.json rules"
import json, sys
r = {x["metric"]: x for x in json.load(open(sys.argv[1]))["results"]}
assert r["resource-summary:script:size"]["limit"] == 512000 and r["resource-summary:total:size"]["limit"] == 1024000
assert r["first-contentful-paint"]["limit"] == 1500 and r["first-contentful-paint"]["aggregate"] == "optimistic"
PY

# Refused by name, exit 2, one line.
refuse() {
  printf '%s' "$2" >"$WORK/$1"
  run check --budget "$WORK/$1" -l "$lhr/lean-mobile-1.json" --dist .
  expect_status 2 "$1: $3"
  expect_stderr_line "$3" "$1 names what is not supported"
}
# What lhci silently ignores or always fails is refused, naming the fix (README, "Lighthouse CI").
refuse lighthouserc.json '{"ci": {"assert": {"assertions": {"firstContentfulPaint": "error"}}}}' 'write "first-contentful-paint"'
refuse lighthouserc.json '{"ci": {"assert": {"assertions": {"dom-size": ["error", {"maxLenght": 3}]}}}}' '"maxLenght" is not an lhci assertion option'
refuse lighthouserc.json '{"ci": {"assert": {"assertions": {"categories:performance": ["error", {"maxLength": 1}]}}}}' 'a category has no items'
refuse lighthouserc.json '{"ci": {"assert": {"preset": "lighthouse:fast"}}}' '"lighthouse:fast" is not an lhci preset'
refuse lighthouserc.json '{"ci": {"collect": {}}}' 'a lighthouserc without ci.assert'
refuse .size-limit.json '[{"path": "dist/js/*.js", "limit": "10 kB", "import": "{ a }"}]' 'size-limit.s "import" is not supported'
refuse bundlesize.config.json '{"files": [{"path": "dist/*.js", "maxSize": "ten"}]}' 'is not a size such as'
refuse package.json '{"name": "x"}' 'has no "size-limit", "bundlesize" or "bundlewatch" section'
# JavaScript configs are evaluated by Node, as the tools load them (size-limit's own
# verdicts on .size-limit.js and .mjs are in peers_size_limit.sh); without Node, or with
# a broken file, one line says so.
mkdir -p "$WORK/js" && cp -r dist "$WORK/js/" 2>/dev/null
printf 'module.exports = [{ path: "dist/js/admin.*.js", limit: "1 kB", gzip: true }];\n' >"$WORK/js/.size-limit.js"
(cd "$WORK/js" && PATH=/nonexistent "$PERFGATE" check --budget .size-limit.js --dist . >"$OUT" 2>"$ERR")
STATUS=$?
expect_status 2 "a JavaScript config without Node"
expect_stderr_line '\.size-limit\.js: a JavaScript config needs Node\.js' "says Node is needed and what else to do"
printf 'module.exports = [{ path: "dist/js/admin.*.js", limit: \n' >"$WORK/js/.size-limit.js"
(cd "$WORK/js" && "$PERFGATE" check --budget .size-limit.js --dist . >"$OUT" 2>"$ERR")
STATUS=$?
expect_status 2 "a JavaScript config that does not parse"
expect_stderr_line '\.size-limit\.js: Node could not evaluate the config: SyntaxError' "names the file and Node's error"
printf 'module.exports = { hello: 1 };\n' >"$WORK/js/other.js"
(cd "$WORK/js" && "$PERFGATE" check --budget other.js --dist . >"$OUT" 2>"$ERR")
STATUS=$?
expect_status 2 "a JavaScript file that is no known config"
# lighthouserc.js, as Lighthouse CI's own repository writes its config.
printf 'module.exports = {ci: {assert: {assertions: {"first-contentful-paint": ["error", {maxNumericValue: 100}]}}}};\n' >"$WORK/js/lighthouserc.js"
run check --budget "$WORK/js/lighthouserc.js" -l "$lhr/lean-mobile-1.json" --format json
expect_status 1 "lighthouserc.js evaluated by Node: FCP over 100 ms fails"
expect_grep '"metric": "first-contentful-paint"' "$OUT" "the assertion from the JavaScript config is checked"
finish
