#!/usr/bin/env bash
# perfgate check --stats/--dist on real webpack builds: entrypoint sizes equal an
# independent computation (Python's zlib at level 9, gzip container, per file,
# summed), the 500 KB budget fails shop/main with its top contributors, bad input
# gives exit 2 and one line, and two runs can share a cache folder.
source "$TESTS/e2e/lib.sh"
wp="$FIXTURES/webpack"
export PERFGATE_CACHE_DIR="$WORK/cache"

# Independent sizes: python's zlib (level 9, wbits 31 = gzip container) per initial file.
python3 - "$wp" >"$WORK/expected.txt" <<'PY'
import gzip, json, sys, zlib, os
wp = sys.argv[1]
def gz(data):
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return len(c.compress(data) + c.flush())
for stats, dist in (("shop/stats.json.gz", "shop/dist"), ("small/stats.json", "small/dist"),
                    ("small/stats-webpack4.json", "small/dist-webpack4")):
    raw = open(os.path.join(wp, stats), "rb").read()
    s = json.loads(gzip.decompress(raw) if stats.endswith(".gz") else raw)
    for name, e in sorted(s["entrypoints"].items()):
        files = [a if isinstance(a, str) else a["name"] for a in e["assets"]]
        files = [f for f in files if f.endswith((".js", ".css"))]
        total = sum(gz(open(os.path.join(wp, dist, f), "rb").read()) for f in files)
        print(stats, name, total)
PY
expect_grep '^shop/stats.json.gz main 545078$' "$WORK/expected.txt" "independent computation agrees with the fixture MANIFEST (main)"

size_of() { python3 -c 'import json,sys; print(int([r["value"] for r in json.load(open(sys.argv[1]))["results"] if r["metric"]==sys.argv[2]][0]))' "$OUT" "$2"; }
while read -r stats name expected; do
  dir=$(dirname "$stats"); dist="$wp/$dir/dist"; [[ "$stats" == *webpack4* ]] && dist="$wp/$dir/dist-webpack4"
  run check --stats "$wp/$stats" --dist "$dist" --format json
  expect_eq "$(size_of "$OUT" "entrypoint:$name")" "$expected" "$stats $name: gzip size equals zlib -9 per file, summed"
done <"$WORK/expected.txt"

run check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist"
expect_status 1 "shop main is over 500 KB"
expect_grep '✗ entrypoint:main \(gzip\): 545.08 kB, limit < 500 KB, 45.08 kB over \(14 initial files\)' "$OUT" "failure names size, limit, overage"
expect_grep '^    83.68 kB   js/437.a6044b6c.js$' "$OUT" "largest contributor listed first"
expect_eq "$(grep -c '^    [0-9.]* kB   js/' "$OUT")" "5" "top five contributors"
expect_grep 'pass  entrypoint:admin \(gzip\)' "$OUT" "admin passes"

run check --stats "$wp/small/stats.json" --dist "$wp/small/dist"
expect_status 0 "small app passes"

# Budgets: brotli per rule, a file glob, initial:total.
cat >"$WORK/b.json" <<'JSON'
{"budgets": {"entrypoint:main": {"limit": "< 500 KB", "compression": "brotli"},
             "file:js/*.js": "< 80 KB", "initial:total": {"limit": "< 700 KB", "severity": "warn"}}}
JSON
run check --budget "$WORK/b.json" --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json
expect_status 1 "file budget fails the 83.68 kB chunk"
python3 - "$OUT" <<'PY' && ok "brotli, file glob and initial:total results" || not_ok "brotli, file glob and initial:total results"
import json, sys
r = {(x["metric"], x.get("compression")): x for x in json.load(open(sys.argv[1]))["results"]}
assert r[("entrypoint:main", "brotli")]["status"] == "pass"          # brotli is smaller
assert r[("file:js/437.a6044b6c.js", "gzip")]["status"] == "fail"    # 83,684 B > 80 KB
assert r[("file:js/72.0e265313.js", "gzip")]["status"] == "pass"
assert not any(m.endswith(".map") for m, _ in r)                      # maps not measured
t = r[("initial:total", "gzip")]
# Files shared by main and admin (the runtime, vendor-react) count once.
assert t["status"] == "warn" or t["status"] == "pass"
assert t["value"] == sum(d["value"] for d in t["details"]) and len(t["details"]) == 16
assert t["value"] == 545078 + 1056 + 298  # plus admin.js and admin.css (sizes.tsv)
PY

# Vite manifest and esbuild metafile (real builds, tests/fixtures/vite/MANIFEST.md): the
# dist folder is found from the file's place; import() chunks are listed, not counted.
run check --stats "$FIXTURES/vite/dist-vite/.vite/manifest.json" --format json
expect_eq "$(size_of "$OUT" "entrypoint:index")" "6415" "Vite entry: JS + CSS, zlib -9 summed"
expect_grep '"note": "async, not counted"' "$OUT" "Vite import() chunk listed as async"
run check --stats "$FIXTURES/esbuild/dist-esbuild/meta.json" --format json
expect_eq "$(size_of "$OUT" "entrypoint:src/main.js")" "5625" "esbuild entry: JS + CSS bundle, zlib -9 summed"
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$OUT")" "1" "esbuild's import() chunk is not an entrypoint"

# Bad input: one line on stderr, exit 2, never counted as 0.
run check --stats "$wp/shop/stats.json.gz"
expect_status 2 "outputPath of another machine"
expect_stderr_line 'stats.json.gz: the stats.* outputPath "/builds/shop/dist" is not a folder here; give the built files with --dist' "says to pass --dist"

mkdir -p "$WORK/partial" && cp -r "$wp/shop/dist/." "$WORK/partial/" && rm "$WORK/partial/js/437.a6044b6c.js"
run check --stats "$wp/shop/stats.json.gz" --dist "$WORK/partial" --format json
expect_status 2 "a file the stats name but the disk lacks"
expect_grep 'entrypoint main needs .*437.a6044b6c.js, which cannot be read: no such file' "$ERR" "names the missing file"
expect_eq "$(python3 -c 'import json,sys; print([r["metric"] for r in json.load(open(sys.argv[1]))["results"]])' "$OUT")" "['entrypoint:admin']" "main is not counted with a file missing"

printf '{"lighthouseVersion": "13.0.0", "audits": {}}' >"$WORK/not-stats.json"
run check --stats "$WORK/not-stats.json" --dist "$wp/small/dist"
expect_status 2 "not a stats file"
expect_stderr_line 'not-stats.json: not a webpack stats file, Vite manifest or esbuild metafile' "says what it expected"

head -c 3000 "$wp/small/stats.json" >"$WORK/truncated.json"
run check --stats "$WORK/truncated.json" --dist "$wp/small/dist"
expect_status 2 "truncated stats"
expect_stderr_line 'truncated.json: .*JSON' "names the file"

head -c 100000 "$wp/shop/stats.json.gz" >"$WORK/truncated.json.gz"
run check --stats "$WORK/truncated.json.gz" --dist "$wp/shop/dist"
expect_status 2 "truncated gzip stats"
expect_stderr_line 'truncated.json.gz: is gzip-compressed but' "says it is truncated"

for evil in '../../../etc/passwd' '/etc/passwd'; do
  python3 - "$wp/small/stats.json" "$evil" >"$WORK/evil.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["entrypoints"]["main"]["assets"].append({"name": sys.argv[2] + ".js", "size": 1})
print(json.dumps(s))
PY
  run check --stats "$WORK/evil.json" --dist "$wp/small/dist"
  expect_status 2 "asset name $evil refused"
  expect_stderr_line 'refusing' "says it refuses $evil"
done
mkdir -p "$WORK/linked" && cp -r "$wp/small/dist/." "$WORK/linked/" && ln -sf /etc/hostname "$WORK/linked/$(ls "$wp/small/dist" | grep '\.js$' | head -1)"
run check --stats "$wp/small/stats.json" --dist "$WORK/linked"
expect_status 2 "an asset that links out of --dist"
expect_stderr_line 'link out of the dist folder' "refuses a link out"

mkdir -p "$WORK/loop/a" && ln -s .. "$WORK/loop/a/up" && cp "$wp/small/dist/"*.js "$WORK/loop/a/"
printf '{"budgets": {"file:**/*.js": "< 1 MB"}}' >"$WORK/files.json"
run check --budget "$WORK/files.json" --dist "$WORK/loop"
expect_status 0 "a symlink loop under --dist is not followed"

run check --stats "$WORK/nope.json" --dist "$wp/small/dist"
expect_status 2 "missing stats file"
expect_stderr_line 'nope.json: no such file' "names it"

# Cache: a warm run reads nothing new; two runs at once on one cache folder agree.
rm -rf "$WORK/cache"
"$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json >"$WORK/cold.json"
"$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json >"$WORK/warm.json"
cmp -s "$WORK/cold.json" "$WORK/warm.json" && ok "warm cache gives byte-identical results" || not_ok "warm cache results"
echo "garbage" >"$(find "$WORK/cache/stats-v2" -type f | head -1)"
"$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json >"$WORK/corrupt-stats.json"
cmp -s "$WORK/cold.json" "$WORK/corrupt-stats.json" && ok "a corrupt parsed-stats entry is parsed again" || not_ok "corrupt stats entry"
echo "garbage" >"$(find "$WORK/cache/sizes-v3" -type f | head -1)"
"$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json >"$WORK/corrupt.json"
cmp -s "$WORK/cold.json" "$WORK/corrupt.json" && ok "a corrupt cache entry is recomputed" || not_ok "corrupt cache entry"
for round in 1 2 3; do
  rm -rf "$WORK/cache"
  "$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json --jobs 1 >"$WORK/c1.json" &
  "$PERFGATE" check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --format json --jobs 1 >"$WORK/c2.json" &
  wait
  cmp -s "$WORK/c1.json" "$WORK/cold.json" && cmp -s "$WORK/c2.json" "$WORK/cold.json" \
    && ok "two concurrent runs on one cache folder agree (round $round)" || not_ok "concurrent runs (round $round)"
done
find "$WORK/cache" -name '*perfgate-tmp*' | grep -q . && not_ok "no temporary files left in the cache" || ok "no temporary files left in the cache"

# perfgate size
run size "$wp/shop/dist/js/437.a6044b6c.js" "$wp/shop/dist/css/main.48dbedab.css" --format json
expect_status 0 "size"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["files"][0]["gzip"], d["files"][0]["brotli"], d["total"]["raw"])' "$OUT")" "83684 69865 367522" "size: zlib -9 and Node's brotli figures"
run size "$wp/shop/dist/js"
expect_grep '^total \(17 files\)' "$OUT" "size of a folder, with a total"
run size "$WORK/none.js"
expect_status 2 "size of a missing file"
expect_stderr_line 'none.js: no such file' "names it"
# Multi-compiler builds as webpack writes them by default: unnamed compilers (told apart
# by their index), each in a folder of its own (rebased from the stats' outputPaths onto
# one --dist, or given one by one as --dist NAME=DIR). A real webpack 5.113 build.
multi="$FIXTURES/webpack/multi-unnamed"
gz() { python3 -c 'import sys,zlib; c=zlib.compressobj(9, zlib.DEFLATED, 31); print(len(c.compress(open(sys.argv[1],"rb").read())+c.flush()))' "$1"; }
want="compiler-0/main $(gz "$multi"/dist/app/main.*.js) compiler-1/main $(gz "$multi"/dist/admin/main.*.js)"
results() { python3 -c 'import json,sys; print(" ".join(r["subject"] + " " + str(int(r["value"])) for r in json.load(open(sys.argv[1]))["results"]))' "$OUT"; }
run check --stats "$multi/stats.json" --dist "$multi/dist" --no-cache --format json
expect_status 0 "unnamed multi-compiler build, one --dist"
expect_eq "$(results)" "$want" "both compilers measured, each from its own folder, named by index"
run check --stats "$multi/stats.json" --dist "compiler-0=$multi/dist/app" --dist "compiler-1=$multi/dist/admin" --no-cache --format json
expect_status 0 "--dist NAME=DIR per compiler"
expect_eq "$(results)" "$want" "the same sizes with a folder per compiler"
# (A copy whose outputPaths point nowhere, so that the machine it was built on does not matter.)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); [c.update(outputPath="/nonexistent/perfgate/" + str(i)) for i, c in enumerate(d["children"])]; json.dump(d, open(sys.argv[2], "w"))' \
  "$multi/stats.json" "$WORK/multi-moved.json"
run check --stats "$WORK/multi-moved.json" --dist "compiler-0=$multi/dist/app" --no-cache
expect_status 2 "a compiler whose folder is unknown is an error"
expect_grep 'NAME=DIR' "$ERR" "the message says how to give it"

# esbuild run in a folder beside its output folder (--outdir=../dist): a real esbuild 0.24 build.
run check --stats "$FIXTURES/esbuild/outdir-above/dist/meta.json" --no-cache --format json
expect_status 0 "esbuild --outdir=../dist: outputs found from the folder esbuild ran in"
expect_eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(len(r), r[0]["subject"], int(r[0]["value"]))' "$OUT")" \
  "1 src/main.js $(( $(gz "$FIXTURES"/esbuild/outdir-above/dist/main-*.js) + $(gz "$FIXTURES"/esbuild/outdir-above/dist/main-*.css) ))" \
  "the entry's JS and CSS, summed"
# Layouts from real builds where a wrong reading once passed or collided:
# webpack stats that cut an entrypoint's asset list (chunkGroupMaxAssets) — never 0 B;
# webpack still names the entrypoint's chunks, whose files are its assets: read from there.
fa="$FIXTURES/webpack/filtered-assets"
run check --stats "$fa/stats.json" --dist "$fa/dist" --no-cache --format json
expect_status 0 "webpack stats with filteredAssets: the entrypoint is measured from its chunks' files"
expect_eq "$(python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1]))["results"] if x["metric"]=="entrypoint:main"]; print(int(r[0]["value"]))' "$OUT")" \
  "$(( $(gz "$fa"/dist/runtime.*.js) + $(gz "$fa"/dist/main.*.js) ))" "filteredAssets: both initial files (runtime and main), gzipped, summed"
# and where the chunks cannot say (no chunks in the stats), the entrypoint is refused, never 0 B.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("chunks"); json.dump(d, open(sys.argv[2], "w"))' "$fa/stats.json" "$WORK/nochunks.json"
run check --stats "$WORK/nochunks.json" --dist "$fa/dist" --no-cache
expect_status 2 "webpack stats with filteredAssets and no chunks: the entrypoint cannot be measured"
expect_stderr_line 'entrypoint main: the stats left out 2 of its assets' "says the list was cut and how to write it whole"
# a Vite JS and CSS entry that share the name "app" (Laravel) — keyed by source path;
run check --stats "$FIXTURES/vite/shared-names/public/build/.vite/manifest.json" --no-cache --format json
expect_status 0 "Vite entries sharing a name"
expect_eq "$(python3 -c 'import json,sys; print(" ".join(sorted(r["subject"] for r in json.load(open(sys.argv[1]))["results"])))' "$OUT")" \
  "resources/css/app.css resources/js/app.js" "each entry measured under its source path"
# an image an esbuild entry imports with the file loader — not counted as JS.
fl="$FIXTURES/esbuild/file-loader"
run check --stats "$fl/dist/meta.json" --no-cache --format json
expect_status 0 "esbuild entry importing a PNG"
expect_eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(int(r["value"]), [d["name"] for d in r["details"] if not d.get("note")])' "$OUT")" \
  "$(gz "$fl"/dist/main-*.js) ['main-ENHG5ENE.js']" "only the JS is counted, not the imported PNG"
# rspack writes webpack-compatible stats (a real rspack 1.7 build): runtime + main
# initial, the import() chunk listed as async.
rs="$FIXTURES/rspack"
run check --stats "$rs/stats.json" --dist "$rs/dist" --no-cache --format json
expect_status 0 "rspack stats"
expect_eq "$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["subject"], int(r["value"]), sorted(d["name"] for d in r["details"] if d.get("note")))' "$OUT")" \
  "main $(( $(gz "$rs"/dist/runtime.*.js) + $(gz "$rs"/dist/main.*.js) )) ['438.147bbc17.chunk.js']" "rspack: runtime + main counted, the import() chunk async"
# Async chunks under the entrypoint that loads them (webpack's chunk graph): the shop's
# routes are import()ed by src/main/index.jsx only, so admin loads none of them.
run check --stats "$wp/shop/stats.json.gz" --dist "$wp/shop/dist" --no-cache --format json
expect_eq "$(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["subject"], sorted(d["name"] for d in r["details"] if d.get("note")))' "$OUT" | tr '\n' ';')" \
  "admin [];main ['css/route-reports.b998b52c.chunk.css', 'js/316.bcca6ae3.chunk.js', 'js/route-help.3c31423b.chunk.js', 'js/route-reports.0aeb1168.chunk.js'];" \
  "async chunks listed under the entrypoint that import()s them, none under admin"
# entry.dependOn: the page loads the entry it depends on first; both count (a real build).
dep="$FIXTURES/webpack/depend-on"
run check --stats "$dep/stats.json" --dist "$dep/dist" --no-cache --format json
expect_eq "$(python3 -c 'import json,sys; print(" ".join(r["subject"] + "=" + str(int(r["value"])) for r in json.load(open(sys.argv[1]))["results"]))' "$OUT")" \
  "page=$(( $(gz "$dep"/dist/shared.*.js) + $(gz "$dep"/dist/page.*.js) )) shared=$(gz "$dep"/dist/shared.*.js)" \
  "dependOn: page = its own file + the shared entry's; shared = its own"
# --dist twice without NAME= is a usage error, not a silent choice of one.
run check --stats "$multi/stats.json" --dist "$multi/dist/app" --dist "$multi/dist/admin" --no-cache
expect_status 2 "--dist given twice"
expect_stderr_line '^perfgate: error: --dist: given twice .*NAME=DIR' "says to use NAME=DIR"
finish
