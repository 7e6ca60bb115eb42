#!/usr/bin/env bash
# Routes, as visitors load them (issue 23): on real builds of twelve framework
# set-ups made here with npm (tests/fixtures/frameworks, with MANIFESTs), each
# route's first-load files equal what headless Chromium loaded, sizes within 1.5%
# of Node's zlib (raw exact); an over-budget route never exits 0; server builds
# and route frameworks' module manifests are refused naming the way in;
# hostile builds get one line and exit 2.
source "$TESTS/e2e/lib.sh"
F="$FIXTURES/frameworks"
CHECK="$TESTS/e2e/frameworks_check.py"
for c in gzip brotli raw; do
  printf '{"budgets":{"route:*":{"limit":"< 10 MB","compression":"%s"}}}\n' "$c" >"$WORK/all_$c.json"
done
all=(--budget "$WORK/all_gzip.json" --budget "$WORK/all_brotli.json" --budget "$WORK/all_raw.json")
setups=(next15-app next15-pages next16-turbopack angular-esbuild angular-webpack angular-ssg sveltekit nuxt astro
        react-router7 parcel rollup)

# 1. Every route of every set-up against the browser's record.
for s in "${setups[@]}"; do
  run check --build "$F/$s/build" "${all[@]}" --format "json=$WORK/$s.json" --no-cache
  expect_status 0 "$s: --build reads every route"
  if python3 "$CHECK" "$F/$s" "$WORK/$s.json" >"$WORK/check.txt"; then
    ok "$s: $(grep -c '^ok' "$WORK/check.txt") checks against the browser's record"
  else
    not_ok "$s: against the browser's record" "$(grep -A1 '^FAIL' "$WORK/check.txt" | head -8)"
  fi
done

# 2. The folder is recognised from the project, the framework's own folder, or --stats.
fig() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join("%s=%d" % (r["subject"], r["value"]) for r in d["results"] if r["compression"]=="gzip"))' "$1"; }
declare -A alt=(
  [next15-app]=build/.next [sveltekit]=build/.svelte-kit [react-router7]=build/client [nuxt]=build/.output
  [astro]=build/dist [parcel]=build/dist [angular-esbuild]=build
)
for s in "${!alt[@]}"; do
  [[ -e "$F/$s/${alt[$s]}" ]] || { not_ok "$s: no ${alt[$s]} in the fixture"; continue; }
  run check --build "$F/$s/${alt[$s]}" --budget "$WORK/all_gzip.json" --format "json=$WORK/alt.json" --no-cache
  if [[ "$STATUS" == 0 ]] && [[ "$(fig "$WORK/alt.json")" == "$(fig "$WORK/$s.json")" ]]; then
    ok "$s: --build ${alt[$s]} gives the same routes and figures"
  else
    not_ok "$s: --build ${alt[$s]}" "exit $STATUS"
  fi
done
run check --stats "$F/next15-pages/build/.next" --budget "$WORK/all_gzip.json" --format json --no-cache
expect_status 0 "--stats .next is read as --build"
expect_grep '"metric": "route:/blog/\[slug\]"' "$OUT" "--stats .next: route:/blog/[slug] measured"

# 3. --html: the universal reader, same figures as --build on a static site.
run check --html "$F/parcel/build/dist/**/*.html" --budget "$WORK/all_gzip.json" --format "json=$WORK/html.json" --no-cache
expect_status 0 "--html GLOB"
expect_eq "$(fig "$WORK/html.json")" "$(fig "$WORK/parcel.json")" "--html over Parcel's pages equals --build"
run check --html "$F/astro/build/dist/about/index.html" --budget "$WORK/all_gzip.json" --format json --no-cache
expect_status 0 "--html one page"
expect_grep '"metric": "route:/about"' "$OUT" "--html one page: the site root found above it (where its /_astro/ URLs are)"
run check --html "$WORK/nothing/*.html" --no-cache
expect_status 2 "--html matching nothing"
expect_grep 'matches no file' "$ERR" "--html matching nothing: says so"

# 4. An over-budget route never passes: the heaviest route of each set-up over a limit.
for s in "${setups[@]}"; do
  limit="100 KB"
  [[ "$s" == parcel || "$s" == rollup ]] && limit="50 KB"
  [[ "$s" == angular-esbuild || "$s" == angular-webpack ]] && limit="20 KB"  # SPA: the shell is "/"
  [[ "$s" == rollup ]] && limit="0.5 KB"
  printf '{"budgets":{"route:*":"< %s"}}\n' "$limit" >"$WORK/tight.json"
  run check --build "$F/$s/build" --budget "$WORK/tight.json" --no-cache
  expect_status 1 "$s: a route over $limit fails the build"
  expect_grep 'FAIL +/' "$OUT" "$s: the failing route is named in the routes table"
done
printf '{"budgets":{"route:/dashboard":"< 100 KB","route:/about":"< 100 KB"}}\n' >"$WORK/one.json"
run check --build "$F/sveltekit/build" --budget "$WORK/one.json" --format json --no-cache
expect_status 1 "route:/dashboard over 100 KB (SvelteKit: 108 kB)"
expect_grep '"subject": "/dashboard"' "$OUT" "route:/dashboard is its own verdict"
printf '{"budgets":{"route:/blog/[slug]":"< 39 KB"}}\n' >"$WORK/slug.json"
run check --build "$F/sveltekit/build" --budget "$WORK/slug.json" --no-cache
expect_status 1 "route:/blog/[slug]: brackets are the route's, not a glob class"
printf '{"budgets":{"route:/nope":"< 100 KB"}}\n' >"$WORK/nope.json"
run check --build "$F/sveltekit/build" --budget "$WORK/nope.json" --no-cache
expect_status 2 "a route budget that selects nothing"
expect_grep 'route:/nope.*matched nothing' "$ERR" "a route budget that selects nothing: says which"

# 5. The built-in budget holds every route to 500 KB; a budget with no route rule does not read --build.
run check --build "$F/next15-app/build" --no-cache
expect_status 0 "the built-in budget: route:* < 500 KB"
expect_grep 'pass +/dashboard' "$OUT" "the built-in budget checks each route"
printf '{"budgets":{"entrypoint:*":"< 100 KB"}}\n' >"$WORK/entry.json"
run check --build "$F/next15-app/build" --budget "$WORK/entry.json" --no-cache
expect_status 2 "--build with no route rule"
expect_grep '\-\-build .*no rule of the budget' "$ERR" "--build with no route rule: named"

# 6. Server builds and module manifests are refused, naming the client build.
run check --build "$F/sveltekit/build/.svelte-kit/output/server" --no-cache
expect_status 2 "SvelteKit's server output"
expect_stderr_line "server output; the client build is .*output/client" "SvelteKit's server output: names the client folder"
run check --stats "$F/sveltekit/build/.svelte-kit/output/server/.vite/manifest.json" --no-cache
expect_status 2 "SvelteKit's server manifest as --stats (it passed before)"
expect_stderr_line "SvelteKit's server manifest.*output/client.*--build" "SvelteKit's server manifest: names the client folder"
run check --stats "$F/sveltekit/build/.svelte-kit/output/client/.vite/manifest.json" --no-cache
expect_status 2 "SvelteKit's client manifest as --stats"
expect_stderr_line "modules, not routes; give --build" "SvelteKit's client manifest: points to --build"
run check --stats "$F/react-router7/build/server/.vite/manifest.json" --no-cache
expect_status 2 "React Router's server manifest as --stats"
expect_stderr_line "server manifest.*build/client" "React Router's server manifest: names the client folder"
run check --stats "$F/next15-app/build/.next/build-manifest.json" --no-cache
expect_status 2 "Next's build-manifest.json as --stats"
expect_stderr_line "Next.js's build-manifest.json.*--build .*\.next" "Next's build-manifest.json: points to --build .next"
run check --build "$F/next15-app/build/.next/server" --no-cache
expect_status 2 "Next's server folder"
expect_stderr_line "Next.js's server output; the client build is" "Next's server folder: names the client build"

# 7. Bad and hostile builds: one line, exit 2, nothing crashes.
run check --build "$WORK/missing" --no-cache
expect_status 2 "--build of a missing folder"
expect_stderr_line "missing: does not exist" "--build of a missing folder: one line"
run check --build "$F/next15-app/build/.next/build-manifest.json" --no-cache
expect_status 2 "--build of a file"
expect_stderr_line "is a file; --build takes the folder" "--build of a file: says what it takes"
cp -r "$F/sveltekit/build" "$WORK/sk"
head -c 600 "$F/sveltekit/build/.svelte-kit/output/server/manifest-full.js" >"$WORK/sk/.svelte-kit/output/server/manifest-full.js"
run check --build "$WORK/sk" --no-cache
expect_status 2 "a truncated SvelteKit manifest"
expect_stderr_line "manifest-full.js: " "a truncated SvelteKit manifest: names the file"
cp -r "$F/react-router7/build" "$WORK/rr"
rm "$WORK/rr"/client/assets/dashboard-*.js
run check --build "$WORK/rr" --no-cache
expect_status 2 "a route's file missing from the build"
expect_stderr_line "route /dashboard loads .*dashboard-.*\.js, which cannot be read" "a missing file: names the route and the file"
cp -r "$F/parcel/build/dist" "$WORK/site"
printf '<!doctype html><script type=module src="../../../../../../etc/passwd"></script><link rel=stylesheet href="/x.css">' >"$WORK/site/evil.html"
ln -s /etc/passwd "$WORK/site/x.css"
run check --build "$WORK/site" --no-cache
expect_status 2 "a page naming files outside its folder"
expect_grep 'route /evil.html loads .*x.css: it is outside the build folder' "$ERR" "a link out of the build is refused"
expect_no_grep 'root:' "$OUT" "nothing of /etc/passwd is read into the output"
printf '<!doctype html><script src="https://cdn.example.com/lib.js"></script><script nomodule src="legacy.js"></script>' >"$WORK/site/cdn.html"
rm "$WORK/site/evil.html" "$WORK/site/x.css"
run check --build "$WORK/site" --format json --no-cache
expect_status 0 "a page loading from another origin"
expect_grep 'another origin, not in this build' "$OUT" "another origin's script is listed, not counted"
cp -r "$F/nuxt/build" "$WORK/nx"
printf 'export default ({' >"$WORK/nx/.nuxt/dist/server/client.manifest.mjs"
run check --build "$WORK/nx" --no-cache
expect_status 2 "a truncated Nuxt manifest"
expect_stderr_line "client.manifest.mjs: cannot be read as data" "a truncated Nuxt manifest: one line naming it"

# 8. The routes table: largest first; with a baseline, the routes that grew first.
run check --build "$F/next15-pages/build" --budget "$WORK/all_gzip.json" --format "json=$WORK/base.json" --format "markdown=$WORK/pr.md" --no-cache
expect_grep '^\*\*Routes: first load\*\*' "$WORK/pr.md" "Markdown: a routes table"
first=$(grep -m1 '^| ✅ | `/' "$WORK/pr.md" | cut -d'`' -f2)
expect_eq "$first" "/dashboard" "Markdown: the largest route first"
python3 - "$WORK/base.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["results"]:
    if r["subject"] == "/about":
        r["value"] -= 2000
json.dump(d, open(sys.argv[1], "w"))
EOF
printf '{"budgets":{"route:*":{"limit":"< 10 MB","max_increase":"1%%"}}}\n' >"$WORK/grow.json"
run check --build "$F/next15-pages/build" --budget "$WORK/grow.json" --baseline "$WORK/base.json" --format markdown --no-cache
expect_status 1 "a route grown past max_increase"
expect_eq "$(grep -A4 'Routes: first load' "$OUT" | tail -1 | cut -d'`' -f2)" "/about" "Markdown: the route that grew first"

# 9. angular.json's budgets give the Angular CLI's verdicts (tests/fixtures/frameworks/angular-budgets:
# what `ng build` printed for 15 budgets of every type and threshold form, on the same builds).
for s in angular-esbuild angular-webpack; do
  run check --budget "$F/angular-budgets/$s/angular.json" --build "$F/$s/build" --format "json=$WORK/ng-$s.json" --no-cache
  want=1
  [[ "$s" == angular-webpack ]] && want=2  # its "dashboard" bundle budget names no chunk: refused, never judged
  expect_status "$want" "$s: angular.json budgets"
  expect_grep 'perfgate: note: .*budgets\[13\] \(anyComponentStyle\) is checked by ng build itself' "$ERR" \
    "$s: anyComponentStyle is said to be left to ng build"
  if python3 "$TESTS/e2e/angular_budgets_check.py" "$F/angular-budgets/$s/expected.json" "$WORK/ng-$s.json" >"$WORK/ng.txt"; then
    ok "$s: $(grep -c '^ok' "$WORK/ng.txt") threshold checks give the Angular CLI's verdict"
  else
    not_ok "$s: the Angular CLI's verdicts" "$(grep -A1 '^FAIL' "$WORK/ng.txt" | head -8)"
  fi
done
printf '{"projects":{"a":{"architect":{"build":{"configurations":{"production":{"budgets":[{"type":"initial","maximumError":"fast"}]}}}}}}}\n' \
  >"$WORK/angular.json"
run check --budget "$WORK/angular.json" --build "$F/angular-esbuild/build" --no-cache
expect_status 2 "angular.json: a size Angular would not read"
expect_stderr_line 'maximumError: "fast" is not a size Angular reads' "angular.json: names the budget and the value"

# 10. Nothing is written into a build that is read.
cp -r "$F/next15-pages/build" "$WORK/np"
run check --build "$WORK/np/.next" --format "json=$WORK/np/.next/perf.json" --no-cache
expect_status 2 "an output inside the --build folder"
[[ ! -e "$WORK/np/.next/perf.json" ]] && ok "nothing written into the build" || not_ok "perf.json was written into .next"
run check --html "$WORK/np/.next/server/pages/*.html" --format "markdown=$WORK/np/.next/server/pages/about.html" --no-cache
expect_status 2 "an output onto a page --html reads"
cmp -s "$WORK/np/.next/server/pages/about.html" "$F/next15-pages/build/.next/server/pages/about.html" &&
  ok "the page is untouched" || not_ok "the page read with --html was overwritten"

# 11. Same inputs, same bytes.
run check --build "$F/nuxt/build" "${all[@]}" --format json --no-cache
cp "$OUT" "$WORK/a.json"
run check --build "$F/nuxt/build" "${all[@]}" --format json
cmp -s "$OUT" "$WORK/a.json" && ok "same build, same JSON (cache or not)" || not_ok "the JSON differs between runs"
finish
