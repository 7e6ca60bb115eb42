#!/usr/bin/env bash
# Integrity of a verdict: perfgate never passes (or silently mis-measures) what it
# did not really check. Ten classes, each a block below: nothing measured is exit 2;
# an entrypoint with no counted file is never 0 B; a tampered cache never changes a
# result; symlinked files are followed; misread budgets and baselines are refused;
# results are not lost when one output or the baseline fails; secrets in URLs never
# reach any output; names cannot inject workflow commands; special files, hostile
# regular expressions and silent servers cannot hang or crash it (HTTP deadline).
# Every run is under `timeout` and uses a private cache folder (never ~/.cache).
source "$TESTS/e2e/lib.sh"
TESTS=$(realpath "$TESTS")
wp="$FIXTURES/webpack"
lhr="$FIXTURES/lighthouse/lhr"
img="$FIXTURES/images"
# No perfgate.json from the caller's folder; no cache outside $WORK.
cd "$WORK" || exit 1
export PERFGATE_CACHE_DIR="$WORK/cache-default" XDG_CACHE_HOME="$WORK/xdg"

# prun ARGS...: run perfgate under `timeout 20`; sets $STATUS, $OUT, $ERR like lib.sh's run.
prun() {
  OUT="$WORK/stdout"
  ERR="$WORK/stderr"
  timeout 20 "$PERFGATE" "$@" </dev/null >"$OUT" 2>"$ERR"
  STATUS=$?
}
# expect_status_in "0 1" NAME
expect_status_in() {
  if [[ " $1 " == *" $STATUS "* ]]; then ok "$2 (exit $STATUS)"; else not_ok "$2" "expected exit in {$1}, got $STATUS"; fi
}
# expect_igrep REGEX FILE NAME: case-insensitive expect_grep.
expect_igrep() { if grep -Eiq -- "$1" "$2"; then ok "$3"; else not_ok "$3" "no /$1/i in $(basename "$2")"; fi; }
# gz FILE: the gzip size perfgate must report (zlib level 9, gzip container), as bundle.sh.
gz() { python3 -c 'import sys,zlib; c=zlib.compressobj(9, zlib.DEFLATED, 31); d=open(sys.argv[1],"rb").read(); print(len(c.compress(d)+c.flush()))' "$1"; }
# result_value METRIC: the value of the first JSON result (in $OUT) with that metric, or "none".
result_value() { python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["metric"]==sys.argv[2]]; print(int(r[0]["value"]) if r else "none")' "$OUT" "$1"; }

servers=()
trap 'for p in "${servers[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------
# Class 1: nothing measured is exit 2 ("nothing was checked"), never a pass.
# ---------------------------------------------------------------------------
prun check --dist "$wp/small/dist" --no-cache
expect_status 2 "nothing measured: --dist alone, built-in budget has no file: rule"
expect_igrep '[-]-dist .*no rule of the budget .*reads it' "$ERR" "nothing measured: --dist alone is an input no rule reads"

echo '{"budgets": {}}' >"$WORK/empty-budget.json"
prun check --budget "$WORK/empty-budget.json" --stats "$wp/small/stats.json" --dist "$wp/small/dist" --no-cache
expect_status 2 "nothing measured: {\"budgets\": {}}"
expect_igrep '(empty|nothing (was )?checked)' "$ERR" "nothing measured: empty budgets said so"

echo '{"budgets": {"file:**/*.nomatch": "< 10 kB"}}' >"$WORK/nomatch-file.json"
prun check --budget "$WORK/nomatch-file.json" --dist "$wp/small/dist" --no-cache
expect_status 2 "nothing measured: a file: rule that matches no file"
expect_grep 'file:\*\*/\*\.nomatch.*match(es|ed)? no file' "$ERR" "nothing measured: names file:**/*.nomatch and says it matched no file"

echo '{"budgets":{"largest-contentful-paint":{"limit":"< 2.5 s","url":"http://nomatch.example/*"}}}' >"$WORK/nomatch-url.json"
prun check --budget "$WORK/nomatch-url.json" -l "$lhr/lean-mobile-1.json"
expect_status 2 "nothing measured: a url filter that selects no page"
expect_grep 'largest-contentful-paint.*(no page|selects nothing)' "$ERR" "nothing measured: names the rule, says it selects no page"

echo '{"budgets":{"largest-contentful-paint":{"limit":"< 2.5 s","form_factor":"desktop"}}}' >"$WORK/desktop-only.json"
prun check --budget "$WORK/desktop-only.json" -l "$lhr/lean-mobile-1.json" -l "$lhr/lean-mobile-2.json"
expect_status 2 "nothing measured: form_factor desktop with mobile reports only"
expect_grep 'largest-contentful-paint.*(no page|selects nothing)' "$ERR" "nothing measured: desktop rule named, selects no page"

echo '{"budgets":{"largest-contentful-paint":"< 2.5 s","categories:performance":">= 90"}}' >"$WORK/lh-only.json"
prun check --budget "$WORK/lh-only.json" --stats "$wp/small/stats.json" --dist "$wp/small/dist" --no-cache
expect_status 2 "nothing measured: Lighthouse-only budget with --stats and --dist"
expect_igrep '[-]-stats .*no rule of the budget .*reads it' "$ERR" "nothing measured: Lighthouse-only budget says --stats is read by no rule"

mkdir -p "$WORK/esb" && cp -r "$FIXTURES/esbuild/dist-esbuild" "$WORK/esb/"
python3 - "$WORK/esb/dist-esbuild/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for o in m["outputs"].values():
    o.pop("entryPoint", None)
json.dump(m, open(sys.argv[1], "w"))
PY
prun check --stats "$WORK/esb/dist-esbuild/meta.json" --no-cache
expect_status 2 "nothing measured: esbuild metafile with outputs but no entryPoint"
expect_igrep '(nothing was checked|no entry ?points?)' "$ERR" "nothing measured: esbuild without entry points said so"

echo '{"children":[{"name":"a","entrypoints":{}},{"name":"b","entrypoints":{}}]}' >"$WORK/multi-empty.json"
prun check --stats "$WORK/multi-empty.json" --dist "$wp/small/dist" --no-cache
expect_status 2 "nothing measured: multi-compiler stats whose children have no entrypoints"
expect_igrep '(nothing was checked|no entry ?points?)' "$ERR" "nothing measured: empty multi-compiler said so"

# ---------------------------------------------------------------------------
# Class 2: an entrypoint with no counted files is never 0 B; query strings resolve.
# ---------------------------------------------------------------------------
mkdir -p "$WORK/e2dist" && cp "$wp/small/dist/main.74fe6600.js" "$WORK/e2dist/"
printf '{"version": 3, "sources": [], "mappings": ""}' >"$WORK/e2dist/main.74fe6600.js.map"
cp "$img/coffee-rgb.png" "$WORK/e2dist/logo.png"
cp "$wp/small/dist/main.74fe6600.js" "$WORK/e2dist/main.js"
python3 - "$wp/small/stats.json" "$WORK" <<'PY'
import copy, json, os, sys
s = json.load(open(sys.argv[1]))
out = sys.argv[2]
def entry(name, assets):
    e = copy.deepcopy(s["entrypoints"]["main"])
    e["name"], e["assets"], e["chunks"], e["auxiliaryAssets"] = name, assets, [], []
    return e
a = copy.deepcopy(s); a["entrypoints"]["ghost"] = entry("ghost", [])
json.dump(a, open(os.path.join(out, "stats-ghost.json"), "w"))
b = copy.deepcopy(s)
b["entrypoints"]["pictures"] = entry("pictures", [{"name": "main.74fe6600.js.map", "size": 52}, {"name": "logo.png", "size": 466706}])
json.dump(b, open(os.path.join(out, "stats-pictures.json"), "w"))
c = copy.deepcopy(s)
c["entrypoints"]["main"]["assets"] = [{"name": "main.js?v=abc123", "size": 12866}]
for ch in c.get("chunks", []):
    ch["files"] = ["main.js?v=abc123" if f == "main.74fe6600.js" else f for f in ch.get("files", [])]
c["assetsByChunkName"] = {"main": ["main.js?v=abc123"]}
for asset in c.get("assets", []):
    if asset.get("name") == "main.74fe6600.js":
        asset["name"] = "main.js?v=abc123"
json.dump(c, open(os.path.join(out, "stats-query.json"), "w"))
PY
no_zero_result() {  # ENTRY: no result for entrypoint:ENTRY in the JSON on $OUT
  python3 - "$OUT" "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert not [r for r in d["results"] if r["metric"] == "entrypoint:" + sys.argv[2]], "a result was given"
PY
}
prun check --stats "$WORK/stats-ghost.json" --dist "$WORK/e2dist" --no-cache --format json
expect_status 2 "entrypoint with \"assets\": [] is an error"
expect_grep 'ghost' "$ERR" "entrypoint with no assets: named on stderr"
no_zero_result ghost && ok "entrypoint with no assets: no 0 B result" || not_ok "entrypoint with no assets: no 0 B result"

prun check --stats "$WORK/stats-pictures.json" --dist "$WORK/e2dist" --no-cache --format json
expect_status 2 "entrypoint whose assets are only a .map and a .png is an error"
expect_grep 'pictures' "$ERR" "entrypoint with no JS/CSS: named on stderr"
no_zero_result pictures && ok "entrypoint with no JS/CSS: no 0 B result" || not_ok "entrypoint with no JS/CSS: no 0 B result"

want=$(gz "$WORK/e2dist/main.js")
prun check --stats "$WORK/stats-query.json" --dist "$WORK/e2dist" --no-cache --format json
expect_status_in "0 1" "asset name with a query string (main.js?v=abc123) is measured"
expect_eq "$(result_value entrypoint:main 2>/dev/null)" "$want" "query string: value is main.js's gzip size (zlib -9)"

# ---------------------------------------------------------------------------
# Class 3: cache integrity — a tampered, truncated or huge entry never changes a
# result (byte-identical JSON to a --no-cache run); `perfgate cache` shows/clears it.
# ---------------------------------------------------------------------------
# Gzip entrypoints plus raw .js files and gzip .css files: every cached number shows.
echo '{"budgets": {"entrypoint:*": "< 500 KB", "file:**/*.js": {"limit": "< 1 MB", "compression": "raw"}, "file:**/*.css": "< 50 KB"}}' >"$WORK/cache-budget.json"
shop_args=(check --budget "$WORK/cache-budget.json" --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json)
prun "${shop_args[@]}" --no-cache
cp "$OUT" "$WORK/ref.json"
expect_status 1 "cache: reference run without a cache (shop main over 500 KB)"
PERFGATE_CACHE_DIR="$WORK/cache" prun "${shop_args[@]}"
cmp -s "$OUT" "$WORK/ref.json" && ok "cache: cold run into the cache equals --no-cache" || not_ok "cache: cold run equals --no-cache"
PERFGATE_CACHE_DIR="$WORK/cache" prun "${shop_args[@]}"
cmp -s "$OUT" "$WORK/ref.json" && ok "cache: warm run equals --no-cache" || not_ok "cache: warm run equals --no-cache"
entries=$(find "$WORK/cache" -type f | wc -l)
[[ "$entries" -gt 0 ]] && ok "cache: the warm-up wrote $entries entries" || not_ok "cache: the warm-up wrote entries"

# tamper MODE DIR: rewrite every file under DIR.
tamper() {
  python3 - "$1" "$2" <<'PY'
import os, re, sys
mode, root = sys.argv[1], sys.argv[2]
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        data = open(p, "rb").read()
        if mode == "first-number":      # the first run of digits becomes 1
            data = re.sub(rb"[0-9]+", b"1", data, count=1)
        elif mode == "every-number":    # every digit shifted by one: numbers and hex keys change
            data = re.sub(rb"[0-9]", lambda m: bytes([48 + (m.group(0)[0] - 47) % 10]), data)
        elif mode == "drop-line":       # the middle line goes (the only line of a one-line entry)
            lines = data.splitlines(keepends=True)
            if lines:
                del lines[len(lines) // 2]
            data = b"".join(lines)
        elif mode == "empty":
            data = b""
        open(p, "wb").write(data)
PY
}
for mode in first-number every-number drop-line empty; do
  rm -rf "$WORK/cache-$mode" && cp -a "$WORK/cache" "$WORK/cache-$mode"
  tamper "$mode" "$WORK/cache-$mode"
  PERFGATE_CACHE_DIR="$WORK/cache-$mode" prun "${shop_args[@]}"
  expect_status 1 "cache tampered ($mode): same verdict"
  cmp -s "$OUT" "$WORK/ref.json" && ok "cache tampered ($mode): JSON identical to --no-cache" \
    || not_ok "cache tampered ($mode): JSON identical to --no-cache" "$(diff <(python3 -m json.tool "$WORK/ref.json") <(python3 -m json.tool "$OUT" 2>&1) | head -4 | tr '\n' ' ')"
done

# A 10 MB entry of "S<tab>" lines (each a nested stats header) must not crash.
small_args=(check --stats "$wp/small/stats.json" --dist "$wp/small/dist" --format json)
prun "${small_args[@]}" --no-cache
cp "$OUT" "$WORK/ref-small.json"
PERFGATE_CACHE_DIR="$WORK/cache-big" prun "${small_args[@]}"
python3 - "$WORK/cache-big" <<'PY'
import os, sys
blob = b"S\t\t\t\n" * (10 * 1024 * 1024 // 4)
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        open(os.path.join(d, f), "wb").write(blob)
PY
PERFGATE_CACHE_DIR="$WORK/cache-big" prun "${small_args[@]}"
expect_status 0 "cache: 10 MB entries of S<tab> lines: no crash, normal verdict"
cmp -s "$OUT" "$WORK/ref-small.json" && ok "cache: 10 MB entries: JSON identical to --no-cache" || not_ok "cache: 10 MB entries: JSON identical to --no-cache"

# perfgate cache: where, how many entries, how many bytes; perfgate cache clear empties it.
rm -rf "$WORK/cachecmd" && cp -a "$WORK/cache" "$WORK/cachecmd"
n=$(find "$WORK/cachecmd" -type f ! -name usage-v1 | wc -l)  # entries (usage-v1 is the size estimate)
prun cache --cache-dir "$WORK/cachecmd"
expect_status 0 "perfgate cache --cache-dir DIR"
grep -Fq -- "$WORK/cachecmd" "$OUT" && ok "perfgate cache: prints the folder" || not_ok "perfgate cache: prints the folder"
expect_grep "(^|[^0-9])$n([^0-9]|$)" "$OUT" "perfgate cache: prints the entry count ($n)"
expect_igrep 'entr' "$OUT" "perfgate cache: says entries"
expect_igrep '[0-9] ?(bytes|B|kB|KB|KiB|MB|MiB)([^a-z]|$)' "$OUT" "perfgate cache: prints the bytes"
PERFGATE_CACHE_DIR="$WORK/cachecmd" prun cache
expect_status 0 "perfgate cache with PERFGATE_CACHE_DIR"
grep -Fq -- "$WORK/cachecmd" "$OUT" && ok "perfgate cache (env): prints the folder" || not_ok "perfgate cache (env): prints the folder"
PERFGATE_CACHE_DIR="$WORK/cachecmd" prun cache clear
expect_status 0 "perfgate cache clear"
expect_eq "$(find "$WORK/cachecmd" -type f 2>/dev/null | wc -l)" "0" "perfgate cache clear: no entries left"
[[ -d "$WORK/cache" && "$(find "$WORK/cache" -type f | wc -l)" == "$entries" ]] \
  && ok "perfgate cache clear: another cache folder untouched" || not_ok "perfgate cache clear: another cache folder untouched"

# ---------------------------------------------------------------------------
# Class 4: symlinked files are followed (images, size, file: budgets).
# ---------------------------------------------------------------------------
mkdir -p "$WORK/symimg"
ln -s "$img/coffee-rgb.png" "$WORK/symimg/coffee-rgb.png"
ln -s "$img/camera-gray8.png" "$WORK/symimg/camera-gray8.png"
prun check --images "$WORK/symimg" --no-cache --format json
expect_status 1 "symlinks: linked PNGs are legacy images (built-in budget)"
python3 - "$OUT" <<'PY' && ok "symlinks: both linked PNGs listed by name" || not_ok "symlinks: both linked PNGs listed by name"
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["metric"] == "images:legacy-format"][0]
names = [d["name"] for d in r.get("details", [])]
assert r["value"] == 2 and any(n.endswith("coffee-rgb.png") for n in names) and any(n.endswith("camera-gray8.png") for n in names), (r["value"], names)
PY
prun check --images "$WORK/symimg" --no-cache
expect_grep 'coffee-rgb\.png' "$OUT" "symlinks: text output names the linked PNG"

mkdir -p "$WORK/symsize" "$WORK/elsewhere" && cp "$wp/small/dist/main.74fe6600.js" "$WORK/elsewhere/real.js"
ln -s "$WORK/elsewhere/real.js" "$WORK/symsize/linked.js"
prun size "$WORK/symsize" --no-cache --no-brotli
expect_status 0 "symlinks: perfgate size DIR"
expect_grep 'linked\.js' "$OUT" "symlinks: perfgate size lists the linked .js"

mkdir -p "$WORK/symdist/real" && cp "$wp/small/dist/main.74fe6600.js" "$WORK/symdist/real/app.js"
ln -s real/app.js "$WORK/symdist/app.js"
echo '{"budgets": {"file:*.js": "< 1 MB"}}' >"$WORK/symdist-budget.json"
prun check --budget "$WORK/symdist-budget.json" --dist "$WORK/symdist" --no-cache --format json
expect_status 0 "symlinks: file:*.js over a --dist whose .js is a link (inside the dist)"
expect_eq "$(result_value file:app.js 2>/dev/null)" "$(gz "$WORK/symdist/real/app.js")" "symlinks: the linked .js is measured (gzip size)"

# ---------------------------------------------------------------------------
# Class 5: other misreadings — unit mismatch, ambiguous score, duplicate keys,
# a baseline from another project.
# ---------------------------------------------------------------------------
echo '{"budgets":{"audit:largest-contentful-paint":"< 2 MB"}}' >"$WORK/unit-mismatch.json"
prun check --budget "$WORK/unit-mismatch.json" -l "$lhr/lean-mobile-1.json"
expect_status 2 "misreading: a size limit on a millisecond audit"
expect_stderr_line 'audit:largest-contentful-paint.*(unit|millisecond|ms)' "misreading: unit mismatch named"

echo '{"budgets":{"categories:performance":">= 1"}}' >"$WORK/score-1.json"
prun check --budget "$WORK/score-1.json" -l "$lhr/lean-mobile-1.json"
expect_status 2 "misreading: categories:performance >= 1 is ambiguous"
expect_igrep '(ambiguous|0[–-]100|>= ?100)' "$ERR" "misreading: says ambiguous / suggests the 0–100 scale"

echo '{"budgets":{"largest-contentful-paint":"< 2.5 s","largest-contentful-paint":"< 99 s"}}' >"$WORK/dup.json"
prun check --budget "$WORK/dup.json" -l "$lhr/lean-mobile-1.json"
expect_status 2 "misreading: a duplicate key in the budget"
expect_stderr_line 'duplicate key' "misreading: says duplicate key"

echo '{"budgets":{"largest-contentful-paint":{"limit":"< 2.5 s","max_increase":"10%"}}}' >"$WORK/regress.json"
echo '{"passed":true,"results":[],"errors":[]}' >"$WORK/base-empty.json"
prun check --budget "$WORK/regress.json" -l "$lhr/lean-mobile-1.json" --baseline "$WORK/base-empty.json"
expect_status 2 "misreading: an empty baseline with a max_increase rule"
expect_grep 'base-empty\.json.*(match(es|ed)? no (current )?results?|no results? match)' "$ERR" "misreading: names the empty baseline, says it matches no result"
cat >"$WORK/base-other.json" <<'JSON'
{"passed": true, "exit_code": 0, "budget": "perfgate.json", "summary": {"pass": 1, "warn": 0, "fail": 0, "error": 0},
 "results": [{"source": "lighthouse", "metric": "largest-contentful-paint", "subject": "https://other-project.example/ (mobile)",
              "value": 1200, "unit": "ms", "limit": 2500, "op": "<", "status": "pass", "severity": "error", "over": 0,
              "rule": "budgets.largest-contentful-paint"}],
 "errors": []}
JSON
prun check --budget "$WORK/regress.json" -l "$lhr/lean-mobile-1.json" --baseline "$WORK/base-other.json"
expect_status 2 "misreading: a baseline from another project with a max_increase rule"
expect_grep 'base-other\.json.*(match(es|ed)? no (current )?results?|no results? match)' "$ERR" "misreading: names the other baseline, says it matches no result"

# ---------------------------------------------------------------------------
# Class 6: lost results — one failed output or baseline does not lose the others.
# ---------------------------------------------------------------------------
prun check -l "$lhr/lean-mobile-1.json" --baseline "$WORK/missing.json" --format junit="$WORK/j.xml" --format json="$WORK/r.json"
expect_status 2 "lost results: missing baseline"
python3 -c 'import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$WORK/j.xml" 2>/dev/null \
  && ok "lost results: JUnit still written (well-formed)" || not_ok "lost results: JUnit still written"
python3 - "$WORK/r.json" <<'PY' 2>/dev/null && ok "lost results: JSON still written, the baseline problem under errors" || not_ok "lost results: JSON with the baseline error"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["results"], "no results"
assert any("missing.json" in (e.get("message", "") + e.get("file", "")) for e in d["errors"]), d["errors"]
PY

prun check -l "$lhr/lean-mobile-1.json" --format json=/nonexistent-dir/x.json --format junit="$WORK/j2.xml"
expect_status 2 "lost results: an output file that cannot be written"
[[ -s "$WORK/j2.xml" ]] && ok "lost results: the other output (JUnit) still written" || not_ok "lost results: the other output (JUnit) still written"
expect_grep '/nonexistent-dir/x\.json' "$ERR" "lost results: names /nonexistent-dir/x.json"

GITHUB_STEP_SUMMARY=/nonexistent-dir/s.md prun check -l "$lhr/lean-mobile-1.json" --format github --format json="$WORK/r2.json"
expect_status 2 "lost results: GITHUB_STEP_SUMMARY that cannot be written"
[[ -s "$WORK/r2.json" ]] && ok "lost results: JSON still written beside a failed step summary" || not_ok "lost results: JSON still written beside a failed step summary"
expect_grep '/nonexistent-dir/s\.md' "$ERR" "lost results: names the step summary"

timeout 20 "$PERFGATE" check -l "$lhr/lean-mobile-1.json" --format json </dev/null >/dev/full 2>"$WORK/stderr"
STATUS=$?
expect_status 2 "lost results: standard output is full (/dev/full)"

mkdir -p "$WORK/u8img"
cp "$img/coffee-rgb.png" "$WORK/u8img/$(printf 'bad\xff.png')"
prun check --images "$WORK/u8img" --no-cache --format json="$WORK/r3.json"
expect_status 1 "non-UTF-8 file name: a legacy image found"
python3 - "$WORK/r3.json" <<'PY' 2>/dev/null && ok "non-UTF-8 file name: JSON is valid UTF-8" || not_ok "non-UTF-8 file name: JSON is valid UTF-8"
import json, sys
json.loads(open(sys.argv[1], "rb").read().decode("utf-8", errors="strict"))
PY
prun check --images "$WORK/u8img" --no-cache --baseline "$WORK/r3.json"
expect_status 1 "non-UTF-8 file name: its JSON is accepted as --baseline"

# ---------------------------------------------------------------------------
# Class 7: secrets in URLs (query tokens, user:password) reach no output.
# ---------------------------------------------------------------------------
mkdir -p "$WORK/srv" "$WORK/sec"
python3 "$TESTS/e2e/http_server.py" "$WORK/srv/port" "$lhr/lean-mobile-1.json" "$WORK/srv/hook.json" &
servers+=($!)
for _ in $(seq 300); do [[ -f "$WORK/srv/port" ]] && break; sleep 0.1; done
port=$(cat "$WORK/srv/port" 2>/dev/null)
for path in 404 garbage; do
  PERFGATE_HTTP_RETRIES=0 PERFGATE_HTTP_TIMEOUT_MS=5000 GITHUB_STEP_SUMMARY="$WORK/sec/summary-$path.md" prun check \
    --lighthouse "http://127.0.0.1:$port/$path?token=SECRET123&x=1" \
    --baseline "http://user:pw123@127.0.0.1:$port/missing?api_key=SECRET456" \
    --format github --format json="$WORK/sec/r-$path.json" --format junit="$WORK/sec/j-$path.xml"
  expect_status 2 "secrets: /$path report and a 404 baseline"
  cp "$OUT" "$WORK/sec/stdout-$path"; cp "$ERR" "$WORK/sec/stderr-$path"
  leaks=$(grep -rlE 'SECRET123|SECRET456|pw123' "$WORK/sec" 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ')
  [[ -z "$leaks" ]] && ok "secrets (/$path): no token, key or password in stdout, stderr or any output file" \
    || not_ok "secrets (/$path): no token, key or password anywhere" "found in: $leaks"
  rm -f "$WORK/sec"/*
done

# ---------------------------------------------------------------------------
# Class 8: injection — names cannot start a GitHub workflow command line.
# ---------------------------------------------------------------------------
mkdir -p "$WORK/injimg"
cp "$img/coffee-rgb.png" "$WORK/injimg/"$'x\n::error::pwned.png'
for fmt in github text; do
  prun check --images "$WORK/injimg" --no-cache --format "$fmt"
  expect_status_in "1 2" "injection: image name with a newline (--format $fmt)"
  expect_no_grep '^::error::pwned' "$OUT" "injection: no ::error::pwned line on stdout ($fmt)"
  expect_no_grep '^::error::pwned' "$ERR" "injection: no ::error::pwned line on stderr ($fmt)"
  expect_no_grep '^::set-output' "$OUT" "injection: no ::set-output line on stdout ($fmt)"
done
python3 - "$wp/small/stats.json" "$WORK/stats-inject.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
name = "main\n::set-output name=x::y"
e = s["entrypoints"].pop("main")
e["name"] = name
s["entrypoints"][name] = e
json.dump(s, open(sys.argv[2], "w"))
PY
for fmt in github text; do
  prun check --stats "$WORK/stats-inject.json" --dist "$wp/small/dist" --no-cache --format "$fmt"
  expect_status_in "0 1 2" "injection: entrypoint name with a newline (--format $fmt)"
  expect_no_grep '^::set-output' "$OUT" "injection: no ::set-output line on stdout ($fmt)"
  expect_no_grep '^::set-output' "$ERR" "injection: no ::set-output line on stderr ($fmt)"
done

# ---------------------------------------------------------------------------
# Class 9: hangs and crashes — FIFOs and devices, a 32 KB URL against a
# backtracking pattern; lookahead patterns still work.
# ---------------------------------------------------------------------------
mkfifo "$WORK/fifo.json"
declare -A special=(
  [lighthouse]="check --lighthouse $WORK/fifo.json"
  [stats]="check --stats $WORK/fifo.json --dist $wp/small/dist --no-cache"
  [budget]="check --budget $WORK/fifo.json -l $lhr/lean-mobile-1.json"
  [baseline]="check -l $lhr/lean-mobile-1.json --baseline $WORK/fifo.json"
  [devzero]="check --lighthouse /dev/zero"
)
pids=()
for name in "${!special[@]}"; do
  # (paths here hold no spaces: $WORK is mktemp's, $FIXTURES the repository's)
  # shellcheck disable=SC2086
  ( start=$(date +%s%N)
    timeout 10 "$PERFGATE" ${special[$name]} </dev/null >"$WORK/sp-$name.out" 2>"$WORK/sp-$name.err"
    echo "$? $((($(date +%s%N) - start) / 1000000))" >"$WORK/sp-$name.rc" ) &
  pids+=($!)
done
wait "${pids[@]}"
for name in lighthouse stats budget baseline devzero; do
  read -r STATUS ms <"$WORK/sp-$name.rc"
  ERR="$WORK/sp-$name.err"; cp "$ERR" "$WORK/stderr"
  expect_status 2 "special file ($name): exit 2 in $ms ms, not a hang"
  if [[ $name == devzero ]]; then
    expect_grep '/dev/zero' "$ERR" "special file: /dev/zero named on stderr"
  else
    expect_igrep 'fifo\.json.*not a regular file' "$ERR" "special file: a FIFO as --$name is not a regular file"
  fi
done

python3 - "$lhr/lean-mobile-1.json" "$WORK/longurl.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
url = "http://127.0.0.1/" + "a" * 32768
for k in ("finalUrl", "finalDisplayedUrl", "requestedUrl", "mainDocumentUrl"):
    d[k] = url
json.dump(d, open(sys.argv[2], "w"))
PY
mkdir -p "$WORK/rc-redos" "$WORK/rc-look" "$WORK/rc-look-none"
echo '{"ci":{"assert":{"assertMatrix":[{"matchingUrlPattern":"(a|aa)+$","assertions":{"first-contentful-paint":["error",{"maxNumericValue":999999}]}}]}}}' >"$WORK/rc-redos/lighthouserc.json"
echo '{"ci":{"assert":{"assertMatrix":[{"matchingUrlPattern":"^(?!.*admin).*$","assertions":{"first-contentful-paint":["error",{"maxNumericValue":999999}]}}]}}}' >"$WORK/rc-look/lighthouserc.json"
echo '{"ci":{"assert":{"assertMatrix":[{"matchingUrlPattern":"^(?!.*lean).*$","assertions":{"first-contentful-paint":["error",{"maxNumericValue":999999}]}}]}}}' >"$WORK/rc-look-none/lighthouserc.json"
start=$(date +%s%N)
prun check --budget "$WORK/rc-redos/lighthouserc.json" -l "$WORK/longurl.json"
expect_status_in "0 1 2" "32 KB URL against (a|aa)+\$: no crash, no hang ($((($(date +%s%N) - start) / 1000000)) ms)"
prun check --budget "$WORK/rc-look/lighthouserc.json" -l "$lhr/lean-mobile-1.json" --format json
expect_status_in "0 1" "lookahead ^(?!.*admin).*\$ still works"
[[ "$(result_value first-contentful-paint 2>/dev/null)" =~ ^[0-9]+$ ]] && ok "lookahead: the page is selected (an FCP result)" \
  || not_ok "lookahead: the page is selected (an FCP result)"
prun check --budget "$WORK/rc-look-none/lighthouserc.json" -l "$lhr/lean-mobile-1.json"
expect_status 2 "lookahead ^(?!.*lean).*\$ excludes the only page: nothing checked"

# ---------------------------------------------------------------------------
# Class 10: HTTP deadline — PERFGATE_HTTP_DEADLINE (seconds) bounds all of a URL's
# time (connect, retries, a server that never answers or drips bytes).
# ---------------------------------------------------------------------------
cat >"$WORK/hang_server.py" <<'PY'
# 127.0.0.1, a free port (written to argv[1]): /hang reads the request and never
# answers; /drip sends headers, then one body byte every 0.2 s. Stops after 90 s.
import os, socket, sys, threading, time
def serve(conn):
    try:
        req = b""
        while b"\r\n\r\n" not in req:
            chunk = conn.recv(4096)
            if not chunk:
                return
            req += chunk
        if b" /drip" in req.split(b"\r\n", 1)[0]:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n")
            while True:
                conn.sendall(b" ")
                time.sleep(0.2)
        time.sleep(90)
    except OSError:
        pass
    finally:
        conn.close()
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(64)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(90, lambda: os._exit(0)).start()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
python3 "$WORK/hang_server.py" "$WORK/hang-port" &
servers+=($!)
for _ in $(seq 300); do [[ -f "$WORK/hang-port" ]] && break; sleep 0.1; done
hport=$(cat "$WORK/hang-port" 2>/dev/null)
pids=()
for path in hang drip; do
  ( start=$(date +%s%N)
    PERFGATE_HTTP_DEADLINE=3 timeout 30 "$PERFGATE" check --lighthouse "http://127.0.0.1:$hport/$path" </dev/null \
      >"$WORK/dl-$path.out" 2>"$WORK/dl-$path.err"
    echo "$? $((($(date +%s%N) - start) / 1000000))" >"$WORK/dl-$path.rc" ) &
  pids+=($!)
done
wait "${pids[@]}"
for path in hang drip; do
  read -r STATUS ms <"$WORK/dl-$path.rc"
  ERR="$WORK/dl-$path.err"; cp "$ERR" "$WORK/stderr"
  expect_status 2 "deadline: a server that ${path}s ($ms ms)"
  [[ "$ms" -lt 15000 ]] && ok "deadline: /$path given up in under 15 s ($ms ms)" || not_ok "deadline: /$path given up in under 15 s" "took $ms ms"
  expect_igrep '(deadline|timed? ?out)' "$ERR" "deadline: /$path says it ran out of time"
done
# ---------------------------------------------------------------------------
# Class 11: memory and files that change under a run.
# ---------------------------------------------------------------------------
# A 4 MB gzip bomb (4 GiB of zeros once inflated) stops at the limit with bounded memory.
python3 - "$WORK/bomb.json.gz" <<'PY'
import gzip, sys
with gzip.open(sys.argv[1], "wb", compresslevel=9) as f:
    block = b"\0" * (1 << 24)
    for _ in range(256):
        f.write(block)
PY
/usr/bin/time -f "%M" -o "$WORK/bomb.rss" timeout 60 "$PERFGATE" --max-json-size 268435456 check --lighthouse "$WORK/bomb.json.gz" \
  >"$WORK/stdout" 2>"$WORK/stderr"
STATUS=$?
expect_status 2 "gzip bomb: refused"
expect_grep 'decompresses to more than 268435456 bytes' "$WORK/stderr" "gzip bomb: names the limit"
rss_kb=$(tail -1 "$WORK/bomb.rss")
# Under ASan/UBSan (PERFGATE_SANITIZED) the allocator's redzones and quarantine add their own:
# the bound is then 600 MB, still far under the 4 GB the bomb decompresses to.
rss_cap=400000
[[ -n "${PERFGATE_SANITIZED:-}" ]] && rss_cap=600000
[[ "$rss_kb" -lt "$rss_cap" ]] && ok "gzip bomb: peak memory ${rss_kb} kB, under $((rss_cap / 1000)) MB for a 256 MiB limit (grown in place)" \
  || not_ok "gzip bomb: peak memory" "${rss_kb} kB"

# A stats file rewritten while perfgate reads it (a watch build): never a crash
# (SIGBUS from a mapped file that shrank), only a verdict or one error line.
python3 - "$wp/shop/stats.json.gz" "$WORK/watch/stats.json" <<'PY'
import gzip, json, os, sys
d = json.load(gzip.open(sys.argv[1]))
d["padding"] = ["x" * 1000] * 20000  # ~20 MB, so a read takes long enough to race
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
open(sys.argv[2], "w").write(json.dumps(d))
PY
cp "$WORK/watch/stats.json" "$WORK/watch/full.json"
( end=$((SECONDS + 4)); while ((SECONDS < end)); do
    : >"$WORK/watch/stats.json"; cat "$WORK/watch/full.json" >"$WORK/watch/stats.json"; done ) &
rewriter=$!
crashed=0
for _ in $(seq 8); do
  timeout 20 "$PERFGATE" check --stats "$WORK/watch/stats.json" --dist "$wp/shop/dist" --no-cache >/dev/null 2>&1
  rc=$?
  ((rc >= 124)) && crashed=$rc
done
wait "$rewriter"
expect_eq "$crashed" "0" "a stats file rewritten during 8 runs: no signal, no hang"
# ---------------------------------------------------------------------------
# Class 12: found by review of the first fixes (each failed before its fix).
# ---------------------------------------------------------------------------
mkdir -p "$WORK/rv" && cd "$WORK/rv" || exit 1
# A duplicate key inside a report: refused, not counted as another run.
python3 - "$lhr/lean-mobile-1.json" "$WORK/rv/dup-audit.json" <<'PY'
import sys
text = open(sys.argv[1]).read()
at = text.index('"audits"') + len('"audits"')
at = text.index("{", at) + 1
dup = '"largest-contentful-paint": {"id": "largest-contentful-paint", "numericValue": 100, "numericUnit": "millisecond"},'
open(sys.argv[2], "w").write(text[:at] + dup + text[at:])
PY
echo '{"budgets": {"largest-contentful-paint": "< 600 ms"}}' >lcp600.json
prun check --budget lcp600.json -l dup-audit.json
expect_status 2 "review: a duplicate audit in a report is refused"
expect_stderr_line 'dup-audit.json: duplicate key "largest-contentful-paint" in audits' "review: names the file and the key"

# A baseline with a duplicate "value": refused.
prun check -l "$lhr/lean-mobile-1.json" --format json="$WORK/rv/base.json"
python3 - base.json dup-base.json <<'PY'
import sys
text = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(text.replace('"value":', '"value": 99999, "value":', 1))
PY
prun check -l "$lhr/lean-mobile-1.json" --baseline dup-base.json
expect_status 2 "review: a baseline with a duplicate key is refused"
expect_grep 'duplicate key "value"' "$ERR" "review: the baseline's duplicate key is named"

# Baselines match pages whose URL carries a secret (stored redacted) and names that are not UTF-8.
python3 - "$lhr/lean-mobile-1.json" tok-1.json tok-2.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for key in ("requestedUrl", "finalUrl", "finalDisplayedUrl"):
    if key in d: d[key] = "http://127.0.0.1:8901/lean/?session=abc123"
json.dump(d, open(sys.argv[2], "w"))
d["audits"]["largest-contentful-paint"]["numericValue"] *= 1.3
json.dump(d, open(sys.argv[3], "w"))
PY
echo '{"budgets": {"largest-contentful-paint": {"limit": "< 25 s", "max_increase": "1%"}}}' >inc.json
prun check --budget inc.json -l tok-1.json --format json="$WORK/rv/tok-base.json"
expect_status 0 "review: first run with a secret in the URL"
expect_no_grep 'abc123' tok-base.json "review: the stored result hides the secret"
prun check --budget inc.json -l tok-2.json --baseline tok-base.json
expect_status 1 "review: +30% is found against a baseline whose URL was redacted"
expect_grep 'max_increase 1%' "$OUT" "review: the regression is named"

# A report whose network-requests audit ended in error (images:legacy-format counts the
# images the page loaded from it) is not "0 legacy images".
python3 - "$lhr/images-mobile-1.json" imgerr.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["audits"]["network-requests"]
a.update({"scoreDisplayMode": "error", "errorMessage": "Required DevtoolsLog gatherer did not run.", "details": None, "score": None})
json.dump(d, open(sys.argv[2], "w"))
PY
echo '{"budgets": {"images:legacy-format": "== 0"}}' >legacy0.json
prun check --budget legacy0.json -l imgerr.json
expect_status 2 "review: an errored network-requests audit cannot pass the legacy-format budget"
expect_grep 'no network-requests audit items: the images the page loaded are unknown' "$ERR" "review: says the loaded images are unknown"

# A name starting with "::" never reaches column 0 of a human-readable output.
mkdir -p inj && echo 'console.log(1)' >'inj/::error::pwned.js'
echo '{"budgets": {"file:*.js": "< 10 kB"}}' >js10.json
prun check --budget js10.json --dist inj
expect_status 0 "review: a file named ::error::pwned.js is checked"
expect_no_grep '^[[:space:]]*::' "$OUT" "review: check text output has no line starting with ::"
prun size inj --no-cache
expect_no_grep '^[[:space:]]*::' "$OUT" "review: size output has no line starting with ::"
printf 'x' >"inj/a
::warning::also.js"
prun size inj --no-cache
expect_no_grep '^[[:space:]]*::' "$OUT" "review: size: a name with a newline stays one line"

# Outputs onto links, FIFOs and devices: written through, never replaced.
echo 'old' >target.json && ln -s target.json link.json
prun check -l "$lhr/lean-mobile-1.json" --format json=link.json
[[ -L link.json ]] && grep -q '"results"' target.json && ok "review: --format json=LINK writes through the link" \
  || not_ok "review: --format json=LINK writes through the link"
mkfifo out.fifo
(cat out.fifo >fifo-read.json) &
reader=$!
prun check -l "$lhr/lean-mobile-1.json" --format json=out.fifo
wait $reader
[[ -p out.fifo ]] && grep -q '"results"' fifo-read.json && ok "review: --format json=FIFO (like >(jq)) is written, not replaced" \
  || not_ok "review: --format json=FIFO is written, not replaced"
if [[ $(id -u) -eq 0 ]]; then
  mknod full c 1 7
  prun check -l "$lhr/lean-mobile-1.json" --format json=full
  expect_status 2 "review: --format json=<a full device> fails"
  [[ -c full ]] && ok "review: the device is still a device" || not_ok "review: the device was replaced by a file"
fi
prun size inj --no-cache
timeout 20 "$PERFGATE" size "$wp/small/dist" --no-cache >/dev/full 2>"$WORK/stderr"; STATUS=$?
expect_status 2 "review: size > /dev/full"
timeout 20 "$PERFGATE" cache --cache-dir "$WORK/rv/c" >/dev/full 2>"$WORK/stderr"; STATUS=$?
expect_status 2 "review: cache > /dev/full"

# perfgate cache clear removes perfgate's entries only.
mkdir -p home/backup-v2/re home/node-v18/in home/sizes-v2/ab
echo keep >home/backup-v2/re/report.txt; echo keep >home/node-v18/in/index.js; echo keep >home/sizes-v2/ab/abnotes
prun cache clear --cache-dir home
expect_status 0 "review: cache clear on a folder that is not only a cache"
[[ -f home/backup-v2/re/report.txt && -f home/node-v18/in/index.js && -f home/sizes-v2/ab/abnotes ]] \
  && ok "review: files that are not perfgate's entries survive cache clear" || not_ok "review: cache clear removed foreign files"
PERFGATE_CACHE_MAX=99999999999GiB prun size "$wp/small/dist" --cache-dir home
expect_status 2 "review: an impossible PERFGATE_CACHE_MAX is an error"
expect_grep 'PERFGATE_CACHE_MAX' "$ERR" "review: names the variable"
PERFGATE_HTTP_DEADLINE=0 prun check -l "http://127.0.0.1:9/x.json"
expect_status 2 "review: PERFGATE_HTTP_DEADLINE=0"
expect_grep 'PERFGATE_HTTP_DEADLINE' "$ERR" "review: a bad deadline names the variable"

# lhci's budgetsFile is read like every input: a FIFO is refused at once.
mkfifo bfifo
echo '{"ci": {"assert": {"budgetsFile": "bfifo"}}}' >lighthouserc.json
prun check --budget lighthouserc.json -l "$lhr/lean-mobile-1.json"
expect_status 2 "review: a FIFO as budgetsFile is refused (no hang)"
expect_grep 'not a regular file' "$ERR" "review: budgetsFile FIFO named"
# (A lighthouserc in the working folder is the budget of every later run without
# --budget, as lhci finds it: this one is done with.)
rm -f lighthouserc.json bfifo

# size: an argument that names nothing is an error beside the others' sizes.
prun size "$wp/small/dist/main.74fe6600.js" 'nomatch/*.js' --no-cache
expect_status 2 "review: size with a glob that matches nothing"
expect_grep 'main\.74fe6600\.js' "$OUT" "review: the other file's sizes are still printed"
expect_grep 'nomatch/\*\.js: the pattern matches no file' "$ERR" "review: the empty glob is named"

# esbuild: a CSS entry point is an entrypoint, not skipped (a real esbuild 0.24 build).
prun check --stats "$FIXTURES/esbuild/css-entry/dist/meta.json" --dist "$FIXTURES/esbuild/css-entry" --format json --no-cache
expect_status 0 "review: esbuild CSS and JS entry points"
expect_grep '"entrypoint:src/site.css"' "$OUT" "review: the CSS entry point is measured"

# Images: an SVG-only folder is checked (and passes); a link to nothing is an error.
mkdir -p svg && printf '<svg xmlns="http://www.w3.org/2000/svg"/>' >svg/logo.svg
prun check --images svg
expect_status 0 "review: an SVG-only --images folder is measured, nothing legacy"
mkdir -p dangling && cp "$img/coffee-rgb.png" dangling/ && ln -s nowhere.png dangling/gone.png
prun check --images dangling
expect_status 2 "review: a link to nothing in --images"
expect_grep 'gone.png: a symbolic link to nothing' "$ERR" "review: the dangling link is named"
cd "$WORK" || exit 1
# The cache is bounded: past $PERFGATE_CACHE_MAX the least recently used entries go.
rm -rf "$WORK/capped"
PERFGATE_CACHE_MAX=3kB prun size "$wp/shop/dist" --cache-dir "$WORK/capped"
expect_status 0 "a run over a 3 kB cache cap"
capped=$(find "$WORK/capped" -path '*-v[0-9]/*' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')
[[ "$capped" -le 3000 && "$capped" -gt 0 ]] && ok "the cache was trimmed under its cap ($capped bytes of entries)" \
  || not_ok "the cache was trimmed under its cap" "$capped bytes"
PERFGATE_CACHE_MAX=3kB prun size "$wp/shop/dist" --cache-dir "$WORK/capped" --format json
expect_status 0 "a run on a trimmed cache"
expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["gzip"])' "$OUT")" \
  "$(timeout 20 "$PERFGATE" size "$wp/shop/dist" --no-cache --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"]["gzip"])')" \
  "a trimmed cache gives the same sizes"
finish
