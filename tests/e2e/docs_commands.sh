#!/usr/bin/env bash
# Every command the documentation shows is run. Each line that starts with `perfgate `
# (or `npx perfgate `, run as perfgate; `NAME=value` prefixes kept) in a fenced sh, bash,
# shell or console block of README.md or docs/*.md — `\` continuations joined — is run in
# ONE scratch project laid out the way the docs name their paths: .lighthouseci/ and
# reports/ with real Lighthouse reports, dist/ with a real webpack build and its stats
# (plus a real Vite manifest and esbuild metafile beside it, and dist/my-app an Angular
# build), .next, .svelte-kit, .output and build/ real framework builds, public/img, src/assets and
# hero.jpg with real images, and perfgate.json = the example budget file of
# docs/budgets.md. URLs go to the suite's local server (tests/e2e/http_server.py).
# A command passes when the CLI accepts it and it runs: exit 0 or 1, or 2 only when it is
# on ALLOWED_EXIT_2 below (with the stderr line expected and the reason), and never a
# usage error on stderr. Every command found is run or listed in SKIPPED; the count is
# printed. The relative links of the pages are checked too.
source "$TESTS/e2e/lib.sh"
ROOT=$(realpath "$TESTS/..")
lhr="$FIXTURES/lighthouse/lhr"

# Commands allowed to exit 2, by their text (as the docs show it, comment dropped):
# "text stderr must contain<TAB>reason". An entry that is not found in the docs, or that
# exits 0 or 1, fails the test, so the list cannot go stale.
declare -A ALLOWED_EXIT_2=(
  ["perfgate check --stats dist/.vite/manifest.json"]=$'"entrypoint:admin" matched nothing in the bundle input\tthe example budget (docs/budgets.md, perfgate.json here) has entrypoint:admin, an entry of the webpack shop; the Vite build has no such entry, and a rule that selects nothing while its input was given is exit 2 (docs/exit-status.md)'
  ["perfgate check --load locust_stats.csv"]=$'--load locust_stats.csv: no rule of the budget (perfgate.json) reads it\tthe scratch project has a perfgate.json (the example of docs/budgets.md) without api: rules, so no rule reads the Locust results: exit 2, never a pass (without it, the built-in budget\'s overall API rows would read them)'
  ["perfgate check --load points.json.gz --format html=signoff.html"]=$'--load points.json.gz: no rule of the budget (perfgate.json) reads it\tas above: the scratch project\'s perfgate.json has no api: rules; the real k6 run is read (exit 2, never a pass)'
  ["perfgate check --budget budgets/api-sla.json --load results.jtl --format json=api.json"]=$'"api:POST /v1/billing/payments:p50" matched no endpoint of the load results\tbudgets/api-sla.json names all 18 endpoints; the recorded JMeter run (tests/fixtures/load) calls 13 of them: the missing ones are exit 2 (docs/load-tests.md)'
  ["perfgate check --stats dist/meta.json"]=$'"entrypoint:admin" matched nothing in the bundle input\tthe example budget (docs/budgets.md, perfgate.json here) has entrypoint:admin, an entry of the webpack shop; the esbuild build has no such entry, and a rule that selects nothing while its input was given is exit 2 (docs/exit-status.md)'
)
# Commands not run, by their text: "reason". None today: the network ones run against
# the local server.
declare -A SKIPPED=(
  ["npx perfgate init"]="writes perfgate.json, a workflow and a hook into the project: this scratch project has its perfgate.json already (init would rightly refuse), so tests/e2e/init.sh runs it in four real framework projects and then the check it prints"
)

# The local HTTP server of tests/e2e/http.sh: /report serves a real report, /psi a
# PageSpeed Insights answer wrapping it, /hook stores a POST body.
python3 "$TESTS/e2e/http_server.py" "$WORK/port" "$lhr/lean-mobile-1.json" "$WORK/hook.json" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do [[ -f "$WORK/port" ]] && break; sleep 0.1; done  # up to 30 s on a loaded machine
base="http://127.0.0.1:$(cat "$WORK/port")"
# Each URL the docs show, and where it is served here. A --psi argument is the page PSI
# measures, never contacted: PERFGATE_PSI_ENDPOINT below is.
url_map=$(printf '{"https://ci.example.com/artifacts/lhr-1.json": "%s/report", "https://hooks.example.com/perf": "%s/hook"}' "$base" "$base")

# --- The commands: location, key (the command as the docs write it, comment dropped), the
# command to run (`npx perfgate` run as perfgate, URLs mapped), or an ERROR line.
python3 - "$ROOT" "$url_map" >"$WORK/commands.tsv" <<'PY'
import json, pathlib, re, shlex, sys
root, url_map = pathlib.Path(sys.argv[1]), json.loads(sys.argv[2])
pages = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
fence_re = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)")
operators = set(";&|<>()")
for page in pages:
    rel = page.relative_to(root)
    lines = page.read_text().split("\n")
    fence = None  # (marker, language) while inside a block
    i = 0
    while i < len(lines):
        line = lines[i]
        m = fence_re.match(line)
        if fence is None:
            if m:
                fence = (m.group(1), m.group(2).lower())
            i += 1
            continue
        if m and m.group(1).startswith(fence[0]) and not m.group(2) and line.strip() == m.group(1):
            fence = None
            i += 1
            continue
        start = i + 1
        logical = line
        while logical.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            logical = logical.rstrip()[:-1] + " " + lines[i].strip()
        i += 1
        if fence[1] not in ("sh", "bash", "shell", "console"):
            continue
        text = logical.strip()
        if fence[1] == "console":
            if not text.startswith("$ "):
                continue  # output, not a command
            text = text[2:].strip()
        try:
            lex = shlex.shlex(text, posix=True, punctuation_chars=True)
            lex.whitespace_split = True
            tokens = list(lex)
        except ValueError as e:
            tokens = None
        words = tokens or []
        k = 0
        while k < len(words) and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[k]):
            k += 1
        rest = words[k:]
        npx = rest[:2] == ["npx", "perfgate"]
        if not (npx or rest[:1] == ["perfgate"]):
            continue
        loc = f"{rel}:{start}"
        if tokens is None:
            print(f"ERROR\t{loc}\tcannot be split into words: {text}")
            continue
        if any(t and set(t) <= operators for t in tokens):
            print(f"ERROR\t{loc}\tnot one plain perfgate command (shell operators): {text}")
            continue
        raw = shlex.shlex(text, posix=False)  # words as written, quotes kept, comment dropped
        raw.whitespace_split = True
        key = " ".join(raw)
        if npx:
            tokens = tokens[:k] + tokens[k + 1:]
            text = re.sub(r"\bnpx\s+perfgate\b", "perfgate", text, count=1)
        run = text
        bad = False
        for n, t in enumerate(tokens):
            for url in re.findall(r"https?://[^\s'\"]+", t):
                if url in url_map:
                    run = run.replace(url, url_map[url])
                elif n > 0 and tokens[n - 1] == "--psi":
                    pass
                else:
                    print(f"ERROR\t{loc}\tneeds the network and has no local route (add it to url_map): {url}")
                    bad = True
        if not bad:
            print(f"CMD\t{loc}\t{key}\t{run}")
    if fence is not None:
        print(f"ERROR\t{rel}\tends inside a fenced block")
PY

# --- The scratch project.
P="$WORK/project"
mkdir -p "$P/.lighthouseci" "$P/reports" "$P/dist" "$P/public/img" "$P/src/assets" "$WORK/bin" "$WORK/home"
n=1
for f in "$lhr"/heavy-mobile-{1,2,3}.json "$lhr"/lean-desktop-{1,2,3}.json; do
  cp "$f" "$P/.lighthouseci/lhr-$n.json"
  cp "$f" "$P/reports/"
  n=$((n + 1))
done
cp "$lhr/lean-mobile-2.json" "$P/psi.json"   # a saved report, as `perfgate fetch --psi` leaves one
# webpack: the shop build. Its stats' absolute outputPath was rewritten to /builds/...
# when the fixture was recorded (tests/fixtures/webpack/MANIFEST.md); a build in this
# project would have written this project's dist/.
cp -r "$FIXTURES/webpack/shop/dist/." "$P/dist/"
gzip -dc "$FIXTURES/webpack/shop/stats.json.gz" | sed "s#\"/builds/shop/dist\"#\"$P/dist\"#g" >"$P/dist/stats.json"
cp -r "$FIXTURES/vite/dist-vite/." "$P/dist/"                     # dist/.vite/manifest.json
# Framework builds (docs/frameworks.md), as each framework lays them out in a project.
fw="$FIXTURES/frameworks"
cp -r "$fw/next15-app/build/.next" "$P/.next"
cp -r "$fw/sveltekit/build/.svelte-kit" "$P/.svelte-kit"
cp -r "$fw/nuxt/build/.output" "$P/.output"
cp -r "$fw/react-router7/build" "$P/build"
mkdir -p "$P/dist/my-app" && cp -r "$fw/angular-esbuild/build/." "$P/dist/my-app/"
cp -r "$fw/astro/build/dist" "$P/out"                               # a static site (Astro)
cp "$fw/angular-esbuild/app/angular.json" "$P/angular.json"         # the Angular workspace of dist/my-app
cp "$FIXTURES/esbuild/css-entry/dist/"* "$P/dist/"                # dist/meta.json: outputs named dist/...
cp "$FIXTURES/images/"{icon-debian-32.png,spacefun-rocket-rgba.png,nasa-rocket-640x427.jpg} "$P/public/img/"
cp "$FIXTURES/images/"{moonlight-palette4.png,chessboard-rgb16.png} "$P/src/assets/"
cp "$FIXTURES/images/nasa-rocket-640x427.jpg" "$P/hero.jpg"
cp "$FIXTURES/load/locust/sla_stats.csv" "$P/locust_stats.csv"   # docs/load-tests.md
cp "$FIXTURES/load/jmeter/sla-csv.jtl" "$P/results.jtl"
cp "$FIXTURES/load/k6/sla.points.json.gz" "$P/points.json.gz"
cp "$FIXTURES/load/scenarios/jmeter-rawurl.jtl" "$P/run.jtl"           # a run whose requests are named by URL
cp "$ROOT/tests/peers/load/openapi.yaml" "$P/openapi.yaml"         # the API's OpenAPI document
echo '{"budgets": {"api:p95": "< 2 s", "api:/v1/patients/{id}:p95": "< 500 ms"}}' >"$P/sla-api.json"   # docs/load-tests.md, as it shows it
mkdir -p "$P/budgets" && cp "$ROOT/budgets/api-sla.json" "$P/budgets/"
# perfgate.json: the example budget file docs/budgets.md shows under "Budget files".
python3 - "$ROOT/docs/budgets.md" >"$P/perfgate.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
section = text.split("\n## Budget files\n", 1)[1]
block = re.search(r"```json\n(.*?)\n```", section, re.S).group(1)
json.loads(block)
print(block)
PY
[[ -s "$P/perfgate.json" ]] && ok "perfgate.json is the example budget of docs/budgets.md" || not_ok "no example budget found in docs/budgets.md"
ln -s "$PERFGATE" "$WORK/bin/perfgate"
# Nothing outside the scratch folders is read or written: not the user's cache (the docs
# run `perfgate cache clear`), not a CI job summary.
unset GITHUB_STEP_SUMMARY GITHUB_ACTIONS PERFGATE_CACHE_MAX XDG_CACHE_HOME
export HOME="$WORK/home" PERFGATE_CACHE_DIR="$WORK/cache" NO_COLOR=1 PATH="$WORK/bin:$PATH"
export PERFGATE_PSI_ENDPOINT="$base/psi" PERFGATE_HTTP_TIMEOUT_MS=10000 PERFGATE_HTTP_DEADLINE=20 \
  PERFGATE_HTTP_CONNECT_TIMEOUT_MS=2000 PERFGATE_HTTP_RETRIES=0
# main-perf.json: the JSON result of the project's main branch, for --baseline.
(cd "$P" && perfgate check --lighthouse reports/ --format json=main-perf.json >/dev/null 2>&1)
[[ -s "$P/main-perf.json" ]] && ok "main-perf.json made for --baseline" || not_ok "main-perf.json not made"

# --- Run them, in the order the pages show them (README first).
usage_re="Run 'perfgate --help'|was not expected|[Uu]nknown option|A subcommand is required|is required|required .* missing| not in \{|Usage:"
found=0 ran=0 skipped=0 exit0=0 exit1=0 exit2=0
declare -A seen=()
while IFS=$'\t' read -r kind loc key cmd; do
  if [[ "$kind" == ERROR ]]; then
    found=$((found + 1))
    rm -f "$WORK/stderr"
    not_ok "$loc: $key"
    continue
  fi
  found=$((found + 1))
  seen["$key"]=1
  if [[ -n "${SKIPPED[$key]+x}" ]]; then
    skipped=$((skipped + 1))
    echo "skip - $loc: $key (${SKIPPED[$key]})"
    continue
  fi
  ran=$((ran + 1))
  (cd "$P" && timeout 30 bash -c "$cmd") >"$WORK/stdout" 2>"$WORK/stderr"
  status=$?
  name="$loc: $key"
  if grep -Eq -- "$usage_re" "$WORK/stderr"; then
    not_ok "$name" "a usage error (exit $status)"
    continue
  fi
  case "$status" in
    0) exit0=$((exit0 + 1)); ok "$name (exit 0)" ;;
    1) exit1=$((exit1 + 1)); ok "$name (exit 1)" ;;
    2)
      if [[ -n "${ALLOWED_EXIT_2[$key]+x}" ]]; then
        IFS=$'\t' read -r want reason <<<"${ALLOWED_EXIT_2[$key]}"
        if grep -Fq -- "$want" "$WORK/stderr"; then
          exit2=$((exit2 + 1)); ok "$name (exit 2, allowed: $reason)"
        else
          not_ok "$name" "exit 2, but not the allowed failure: no '$want' on stderr"
        fi
      else
        not_ok "$name" "exit 2, and the docs do not say this command fails (ALLOWED_EXIT_2)"
      fi ;;
    *) not_ok "$name" "exit $status (crashed or timed out)" ;;
  esac
  if [[ "$status" != 2 && -n "${ALLOWED_EXIT_2[$key]+x}" ]]; then
    not_ok "$name: allowed to exit 2 but exited $status" "remove it from ALLOWED_EXIT_2"
  fi
done <"$WORK/commands.tsv"

rm -f "$WORK/stderr"
for key in "${!ALLOWED_EXIT_2[@]}" "${!SKIPPED[@]}"; do
  [[ -n "${seen[$key]+x}" ]] || not_ok "listed but not in the docs: $key" "remove it from ALLOWED_EXIT_2/SKIPPED"
done
if grep -q -- '--post' "$WORK/commands.tsv"; then
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "passed" in d and d["results"]' "$WORK/hook.json" 2>/dev/null \
    && ok "the --post command delivered the JSON result" || not_ok "the --post command delivered nothing"
fi
[[ "$ran" -gt 0 ]] && ok "commands found in README.md and docs/" || not_ok "no command found in README.md and docs/"

# --- The pages' relative links lead to a file here, and a #fragment to one of its headings.
python3 - "$ROOT" <<'PY' && ok "every relative link and anchor of README.md and docs/ resolves" || not_ok "broken links"
import pathlib, re, sys
root = pathlib.Path(sys.argv[1]).resolve()
pages = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
def anchors(path):
    out, fence = set(), False
    for line in path.read_text().split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if m:
            out.add(re.sub(r"[^\w\- ]", "", m.group(1).lower()).replace(" ", "-"))
    return out
bad = []
for page in pages:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, frag = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if root not in dest.parents and dest != root:
            continue  # outside this repository (../shared/DESIGN.md)
        if not dest.exists():
            bad.append(f"{page.relative_to(root)}: {target}: no such file")
        elif frag and frag not in anchors(dest):
            bad.append(f"{page.relative_to(root)}: {target}: no such heading")
docs = sorted(p.name for p in (root / "docs").glob("*.md") if p.name != "README.md")
for index, prefix in ((root / "README.md", "docs/"), (root / "docs" / "README.md", "")):
    for name in docs:
        if f"]({prefix}{name}" not in index.read_text():
            bad.append(f"{index.relative_to(root)} does not link {name}")
for b in bad:
    print("       " + b)
sys.exit(1 if bad else 0)
PY

echo "$found commands found in README.md and docs/*.md: $ran run ($exit0 exit 0, $exit1 exit 1, $exit2 exit 2 allowed), $skipped skipped"
finish
