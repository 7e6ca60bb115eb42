#!/usr/bin/env bash
# The CI recipes per build tool (ci/recipes/<tool>/github-actions.yml and gitlab-ci.yml:
# webpack, vite, next, angular) and the composite GitHub Action (action.yml), run end to
# end on real builds of each tool from tests/fixtures, with this perfgate in place of
# `npx perfgate`. Nothing is copied from the YAML into this test: the steps are read from
# the files with PyYAML (Debian's python3-yaml).
# - Each recipe: the job installs (npm ci), builds with the tool's own command, then runs
#   perfgate on the folder that command writes, with GitHub annotations, the job summary,
#   JUnit and Markdown. Its perfgate step is run as the runner runs it (GitHub: bash -e,
#   with the job's env and GITHUB_STEP_SUMMARY; GitLab: the script line with the job's
#   variables) in a scratch project holding a real build of that tool (webpack: the shop;
#   Vite 7 and 8; Next 15 App and Pages Router, Next 16 Turbopack; Angular's application,
#   browser and prerendering builders): within budget exit 0, over budget exit 1 with an
#   ::error annotation and JUnit failures, no build exit 2 — perfgate's status is the step's.
# - action.yml: its composite steps' bash run under a simulated runner (RUNNER_TEMP,
#   GITHUB_OUTPUT per step, GITHUB_STEP_SUMMARY, `${{ inputs.x }}` and `${{ steps.… }}`
#   substituted): the summary gets the Markdown, the outputs markdown=, junit= and
#   exit-code=, and the step's status is perfgate's (0 / 1 / 2), from the project's
#   node_modules/.bin, from a portable tarball (package input), or not found (2).
# GitHub's own actions (checkout, setup-node, cache, upload-artifact), npm ci, the builds
# and the PR comment (GitHub's API) are not run here: tests/package/ci_examples.sh runs the
# webpack recipe's steps for real with npm, and the action with the npm tarballs.
source "$TESTS/e2e/lib.sh"
root=$(realpath "$TESTS/..")
py=python3
python3 -c 'import yaml' 2>/dev/null || py=/usr/bin/python3
if ! $py -c 'import yaml' 2>/dev/null; then
  not_ok "PyYAML" "no python3 with yaml (apt-get install -y python3-yaml)"
  finish
  exit
fi
F="$FIXTURES/frameworks"
export PERFGATE_CACHE_DIR="$WORK/cache" NO_COLOR=1
unset GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_ACTIONS RUNNER_TEMP

# --- The recipes' steps, read from the YAML.
cat >"$WORK/recipe.py" <<'PY'
"""recipe.py KIND FILE BUILD_CMD OUT_DIR PROJECT PERFGATE
Checks the job's shape and writes OUT_DIR/perfgate.sh: the job's perfgate step as the
runner runs it, `npx perfgate` replaced by PERFGATE; prints the job's env as NAME=VALUE."""
import os, re, shlex, sys, yaml
kind, path, build_cmd, out, project, perfgate = sys.argv[1:]
doc = yaml.safe_load(open(path))
def fail(msg):
    sys.exit(f"{os.path.basename(os.path.dirname(path))}/{os.path.basename(path)}: {msg}")
def perfgate_words(cmd):
    return shlex.split(cmd.replace("\\\n", " "))

if kind == "github":
    if doc.get(True, doc.get("on")) not in (["pull_request"], "pull_request", {"pull_request": None}):
        fail("not run on pull_request")
    jobs = doc["jobs"]
    if len(jobs) != 1:
        fail("one job expected")
    job = next(iter(jobs.values()))
    if job.get("runs-on") != "ubuntu-latest":
        fail("runs-on is not ubuntu-latest")
    ctx = {"github.workspace": project, "runner.os": "Linux", "github.sha": "0" * 40}
    def expand(text):
        def one(m):
            expr = m.group(1).strip()
            if expr not in ctx:
                fail(f"an expression this test cannot answer in a run step: ${{{{ {expr} }}}}")
            return ctx[expr]
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))
    env = {k: expand(v) for k, v in (job.get("env") or {}).items()}
    runs = [s for s in job["steps"] if "run" in s]
    uses = [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]
    third = [u for u in uses if not u.startswith("actions/")]
    if third:
        fail(f"third-party actions: {third}")
    cmds = [s["run"].strip() for s in runs]
    order = [next((i for i, c in enumerate(cmds) if c.startswith(want)), None)
             for want in ("npm ci", build_cmd, "npx perfgate check")]
    if None in order or order != sorted(order):
        fail(f"steps not in the order npm ci, {build_cmd}, npx perfgate check: {cmds}")
    step = runs[order[2]]
    words = perfgate_words(step["run"])
    for want in ("github", "junit=perf.xml", "markdown=perf.md"):
        if want not in words:
            fail(f"the perfgate step has no --format {want}")
    if not any("--body-file perf.md" in c for c in cmds):
        fail("no PR comment of perf.md")
    if any(re.search(r"\|\||; *true|set \+e", c) for c in cmds):
        fail("a step hides an exit status")
    step_env = {**env, **{k: expand(v) for k, v in (step.get("env") or {}).items()}}
    script = expand(step["run"])
else:
    jobs = {k: v for k, v in doc.items() if isinstance(v, dict) and "script" in v}
    if list(jobs) != ["performance-budgets"]:
        fail(f"one job, performance-budgets, expected: {list(jobs)}")
    job = jobs["performance-budgets"]
    if not job["image"].startswith("node:") or "alpine" in job["image"]:
        fail(f"image {job['image']}: a glibc Node image is needed (not Alpine)")
    cmds = [c.strip() for c in job.get("before_script", []) + job["script"]]
    order = [next((i for i, c in enumerate(cmds) if c.startswith(want)), None)
             for want in ("npm ci", build_cmd, "npx perfgate check")]
    if None in order or order != sorted(order):
        fail(f"script not in the order npm ci, {build_cmd}, npx perfgate check: {cmds}")
    words = perfgate_words(cmds[order[2]])
    junit = job["artifacts"]["reports"]["junit"]
    if f"junit={junit}" not in words:
        fail(f"artifacts:reports:junit is {junit}, not what perfgate writes")
    if job["artifacts"].get("when") != "always":
        fail("artifacts are not kept when the job fails")
    for p in job["artifacts"]["paths"]:
        if not any(w.endswith("=" + p) for w in words):
            fail(f"artifact {p} is not written by perfgate")
    step_env = {"CI_PROJECT_DIR": project}
    step_env.update({k: re.sub(r"\$CI_PROJECT_DIR|\$\{CI_PROJECT_DIR\}", project, str(v))
                     for k, v in (job.get("variables") or {}).items()})
    env = step_env
    script = cmds[order[2]]
if script.count("npx perfgate") != 1:
    fail("one `npx perfgate` expected in the perfgate step")
script = script.replace("npx perfgate", shlex.quote(perfgate))
with open(os.path.join(out, "perfgate.sh"), "w") as f:
    for k, v in step_env.items():
        f.write(f"export {k}={shlex.quote(str(v))}\n")
    f.write(script + "\n")
for k, v in env.items():
    print(f"{k}={v}")
PY

# lay_out FIXTURE DIR: a project holding FIXTURE's build where its tool writes it.
lay_out() {
  local fixture=$1 dir=$2
  rm -rf "$dir" && mkdir -p "$dir"
  case "$fixture" in
    webpack/shop)
      mkdir -p "$dir/dist" "$dir/.lighthouseci"
      cp -r "$FIXTURES/webpack/shop/dist/." "$dir/dist/"
      gzip -dc "$FIXTURES/webpack/shop/stats.json.gz" >"$dir/dist/stats.json"
      local n=1 f
      for f in "$FIXTURES"/lighthouse/lhr/lean-desktop-{1,2,3}.json; do cp "$f" "$dir/.lighthouseci/lhr-$n.json"; n=$((n + 1)); done ;;
    vite/dist-vite) cp -r "$FIXTURES/vite/dist-vite" "$dir/dist" ;;
    vite/legacy/v8) cp -r "$FIXTURES/vite/legacy/v8/dist" "$dir/dist" ;;
    next*) cp -r "$F/$fixture/build/.next" "$dir/.next" ;;
    angular*) mkdir -p "$dir/dist" && cp -r "$F/$fixture/build" "$dir/dist/$ANGULAR_APP" ;;
  esac
}
# reference_args FIXTURE KIND: the same build read by perfgate where the fixture keeps it
# (webpack: with the Lighthouse runs on GitHub, where the recipe runs lhci).
reference_args() {
  case "$1" in
    webpack/shop)
      echo "--stats $WORK/ref-stats.json --dist $FIXTURES/webpack/shop/dist"
      [[ $2 == github ]] && echo "--lighthouse $FIXTURES/lighthouse/lhr/lean-desktop-1.json --lighthouse $FIXTURES/lighthouse/lhr/lean-desktop-2.json --lighthouse $FIXTURES/lighthouse/lhr/lean-desktop-3.json" ;;
    vite/dist-vite) echo "--build $FIXTURES/vite/dist-vite" ;;
    vite/legacy/v8) echo "--build $FIXTURES/vite/legacy/v8/dist" ;;
    *) echo "--build $F/$1/build" ;;
  esac
}
gzip -dc "$FIXTURES/webpack/shop/stats.json.gz" >"$WORK/ref-stats.json"
# figures FILE: "subject metric value" per result of a JSON result, sorted.
figures() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join(sorted("%s %s %s" % (r.get("subject"), r["metric"], r.get("value")) for r in d["results"])))' "$1"
}
# Budgets: one every build meets, one every build exceeds (each reads every input given).
echo '{"budgets":{"route:*":"< 10 MB","entrypoint:*":"< 10 MB","categories:performance":">= 10"}}' >"$WORK/within.json"
echo '{"budgets":{"route:*":"< 5 KB","entrypoint:*":"< 5 KB","categories:performance":">= 10"}}' >"$WORK/over.json"

declare -A build_cmd=([webpack]="npx webpack --json=dist/stats.json" [vite]="npx vite build"
  [next]="npx next build" [angular]="npx ng build")
declare -A fixtures=([webpack]="webpack/shop" [vite]="vite/dist-vite vite/legacy/v8"
  [next]="next15-app next15-pages next16-turbopack" [angular]="angular-esbuild angular-webpack angular-ssg")
P="$WORK/project"
for tool in webpack vite next angular; do
  for kind in github gitlab; do
    case $kind in github) file=github-actions.yml ;; gitlab) file=gitlab-ci.yml ;; esac
    recipe="ci/recipes/$tool/$file"
    steps="$WORK/steps-$tool-$kind"
    mkdir -p "$steps"
    if ! $py "$WORK/recipe.py" "$kind" "$root/$recipe" "${build_cmd[$tool]}" "$steps" "$P" "$PERFGATE" >"$steps/env" 2>"$steps/err"; then
      rm -f "$WORK/stderr"
      not_ok "$recipe" "$(cat "$steps/err")"
      continue
    fi
    ok "$recipe: npm ci, ${build_cmd[$tool]}, then npx perfgate check with the reports its CI reads"
    ANGULAR_APP=$(sed -n 's/^ANGULAR_APP=//p' "$steps/env")
    [[ $tool == angular && -z "$ANGULAR_APP" ]] && not_ok "$recipe: no ANGULAR_APP in the job's environment"
    for fixture in ${fixtures[$tool]}; do
      name="$recipe on $fixture"
      # perfgate on the fixture where it is, for the figures the recipe must give.
      rm -f "$WORK/ref.json"
      # shellcheck disable=SC2046
      "$PERFGATE" check $(reference_args "$fixture" "$kind") --budget "$WORK/within.json" --no-cache \
        --format "json=$WORK/ref.json" >/dev/null 2>"$WORK/stderr"
      STATUS=$?
      [[ $STATUS == 0 ]] || not_ok "$fixture: perfgate on the fixture itself" "exit $STATUS"
      cases="within over"
      [[ $fixture == "${fixtures[$tool]%% *}" ]] && cases="within over missing"  # no build: once per recipe
      for case in $cases; do
        lay_out "$fixture" "$P"
        case $case in
          within) cp "$WORK/within.json" "$P/perfgate.json"; want=0; label="within budget" ;;
          over) cp "$WORK/over.json" "$P/perfgate.json"; want=1; label="over budget" ;;
          missing) cp "$WORK/within.json" "$P/perfgate.json"; rm -rf "$P/dist" "$P/.next"; want=2; label="no build" ;;
        esac
        summary="$WORK/summary.md"
        : >"$summary"
        if [[ $kind == github ]]; then
          (cd "$P" && GITHUB_STEP_SUMMARY="$summary" GITHUB_ACTIONS=true bash -e "$steps/perfgate.sh") >"$WORK/stdout" 2>"$WORK/stderr"
        else
          (cd "$P" && bash -e "$steps/perfgate.sh") >"$WORK/stdout" 2>"$WORK/stderr"
        fi
        STATUS=$?
        expect_status $want "$name, $label: the step's status is perfgate's"
        [[ $case == missing ]] && { expect_grep 'does not exist|no such file' "$WORK/stderr" "$name, no build: says why on stderr"; continue; }
        for f in perf.md perf.xml perf.html perf.json; do
          [[ -s "$P/$f" ]] || missing_out="${missing_out:-} $f"
        done
        [[ -z "${missing_out:-}" ]] && ok "$name, $label: perf.md, perf.xml, perf.html, perf.json written" || not_ok "$name, $label: not written:$missing_out"
        missing_out=
        if python3 - "$P/perf.xml" "$want" 2>/dev/null <<'PYX'; then ok "$name, $label: JUnit parses, failures match"; else not_ok "$name, $label: JUnit"; fi
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
failures, errors, tests = (int(root.get(k)) for k in ("failures", "errors", "tests"))
assert tests > 0 and errors == 0
assert (failures > 0) == (sys.argv[2] == "1"), (failures, sys.argv[2])
PYX
        if [[ $case == within ]]; then
          if [[ -s "$P/perf.json" && "$(figures "$P/perf.json")" == "$(figures "$WORK/ref.json")" ]]; then
            ok "$name: the same budgets and figures as perfgate on the fixture ($(figures "$P/perf.json" | wc -l) results)"
          else
            not_ok "$name: figures differ from the fixture's" "$(diff <(figures "$WORK/ref.json") <(figures "$P/perf.json") 2>&1 | head -4)"
          fi
        fi
        if [[ $kind == github ]]; then
          if [[ $want == 0 ]]; then
            expect_grep '^::notice title=perfgate::PASS' "$WORK/stdout" "$name, $label: a ::notice verdict"
            expect_grep '^### ✅ perfgate: PASS' "$summary" "$name, $label: the job summary has the Markdown"
          else
            expect_grep '^::error ' "$WORK/stdout" "$name, $label: an ::error annotation per failure"
            expect_grep '^### ❌ perfgate: FAIL' "$summary" "$name, $label: the job summary says FAIL"
          fi
          cmp -s <(tail -n +2 "$summary") "$P/perf.md" && ok "$name, $label: the PR comment (perf.md) is the job summary" \
            || not_ok "$name, $label: perf.md differs from the job summary"
        else
          expect_grep "^(PASS|FAIL) .*budgets checked" "$WORK/stdout" "$name, $label: the text report in the job log"
        fi
      done
    done
  done
done
# The old paths are the webpack recipes.
for f in github-actions.yml gitlab-ci.yml; do
  cmp -s "$root/ci/$f" "$root/ci/recipes/webpack/$f" && ok "ci/$f is the webpack recipe" || not_ok "ci/$f is not ci/recipes/webpack/$f"
done

# --- action.yml, under a simulated runner.

# run_action NAME WANT INPUTS_JSON [MODE]: run action.yml in $A (the workspace); checks the
# status, the outputs and the job summary. MODE: empty (perfgate writes its report),
# "noreport" (perfgate ran and wrote none: a usage error), or REGEX (the action could not
# run perfgate, and its ::error says REGEX).
A="$WORK/ws"
run_action() {
  local name=$1 want=$2 inputs=$3 temp="$WORK/runner-temp"
  rm -rf "$temp" && mkdir -p "$temp"
  : >"$WORK/summary.md"
  (cd "$A" && GITHUB_STEP_SUMMARY="$WORK/summary.md" $py "$TESTS/e2e/gh_composite.py" "$root/action.yml" "$A" "$temp" "$inputs") \
    >"$WORK/stdout" 2>"$WORK/stderr"
  STATUS=$?
  expect_status "$want" "action.yml, $name: the step's status is perfgate's"
  local out="$temp/step-outputs-check"
  expect_grep "^exit-code=$want\$" "$out" "action.yml, $name: GITHUB_OUTPUT has exit-code=$want"
  expect_grep "^exit-code=$want\$" "$temp/action-outputs" "action.yml, $name: the action's output exit-code is $want"
  if [[ "${4:-}" == noreport ]]; then
    expect_no_grep "^markdown=" "$out" "action.yml, $name: no markdown= output without a report"
    expect_grep "no report written" "$WORK/summary.md" "action.yml, $name: the job summary says no report was written"
    return
  elif [[ -n "${4:-}" ]]; then
    expect_grep "^::error title=perfgate::$4" "$WORK/stdout" "action.yml, $name: an ::error says why"
    expect_grep "^### ❌ perfgate: could not run" "$WORK/summary.md" "action.yml, $name: the job summary says why"
    return
  fi
  expect_grep "^markdown=$temp/perfgate.md\$" "$out" "action.yml, $name: GITHUB_OUTPUT has markdown=\$RUNNER_TEMP/perfgate.md"
  expect_grep "^markdown=$temp/perfgate.md\$" "$temp/action-outputs" "action.yml, $name: the action's output markdown"
  expect_grep "^junit=$temp/perfgate.xml\$" "$temp/action-outputs" "action.yml, $name: the action's output junit"
  if [[ -s "$temp/perfgate.md" ]] && cmp -s <(tail -n +2 "$WORK/summary.md") "$temp/perfgate.md"; then
    ok "action.yml, $name: the job summary got the Markdown report, once"
  else
    not_ok "action.yml, $name: the job summary is not the Markdown report" "$(head -3 "$WORK/summary.md")"
  fi
  case $want in
    0) expect_grep '^::notice title=perfgate::PASS' "$WORK/stdout" "action.yml, $name: annotations (--format github)" ;;
    1) expect_grep '^::error ' "$WORK/stdout" "action.yml, $name: an ::error annotation per failure" ;;
    2) expect_grep '^::error title=perfgate%3A could not check' "$WORK/stdout" "action.yml, $name: an ::error for what could not be checked" ;;
  esac
}
mkdir -p "$A/node_modules/.bin" "$A/app"
ln -s "$PERFGATE" "$A/node_modules/.bin/perfgate"   # what npm ci leaves for a project with perfgate
cp -r "$F/next15-app/build/.next" "$A/.next"
cp "$WORK/over.json" "$A/tight.json"
cp -r "$FIXTURES/vite/legacy/v8/dist" "$A/app/dist"
# A page in a subfolder: a shell's expansion of dist/**/*.html (no globstar) would be that
# page alone; perfgate's own glob is all three.
mkdir -p "$A/app/dist/blog" && cp "$A/app/dist/about.html" "$A/app/dist/blog/post.html"
run_action "--build .next, within the built-in budget" 0 '{"args": "--build .next"}'
run_action "budget: tight.json, over budget" 1 '{"args": "--build .next", "budget": "tight.json"}'
run_action "a build that is not there" 2 '{"args": "--build dist"}'
run_action "quoted glob, two lines, working-directory app (node_modules/.bin found above)" 0 \
  "{\"args\": \"--html 'dist/**/*.html'\\n--format json=$WORK/routes.json\", \"working-directory\": \"app\"}"
[[ "$(python3 -c 'import json,sys; print(" ".join(sorted(r["subject"] for r in json.load(open(sys.argv[1]))["results"])))' "$WORK/routes.json")" == "/ /about.html /blog/post.html" ]] \
  && ok "action.yml: the quoted glob reached perfgate unexpanded (the three pages of dist/)" || not_ok "action.yml: the glob was not perfgate's"
run_action "an unmatched quote in args" 2 '{"args": "--build '"'"'.next"}' "args: cannot be split"
run_action "an unknown option" 2 '{"args": "--build .next --frobnicate"}' noreport
# The package input: the portable tarball (its layout: perfgate-X-linux-x64/bin/perfgate).
rm -rf "$A/node_modules"
mkdir -p "$WORK/portable/perfgate-0.0.0-linux-x64/bin"
ln -s "$PERFGATE" "$WORK/portable/perfgate-0.0.0-linux-x64/bin/perfgate"
tar -czf "$A/perfgate-0.0.0-linux-x64.tar.gz" -C "$WORK/portable" perfgate-0.0.0-linux-x64
run_action "package: the portable tarball, over budget" 1 '{"args": "--build .next", "budget": "tight.json", "package": "perfgate-0.0.0-linux-x64.tar.gz"}'
run_action "package: a tarball that is not there" 2 '{"args": "--build .next", "package": "perfgate-9.9.9-linux-x64.tar.gz"}' "package: perfgate-9.9.9"
if command -v perfgate >/dev/null; then
  echo "#    perfgate is on this machine's PATH ($(command -v perfgate)): the not-installed case is not run"
else
  run_action "no perfgate in node_modules nor on the PATH" 2 '{"args": "--build .next"}' "perfgate is not installed"
fi
if command -v shellcheck >/dev/null; then
  $py - "$root/action.yml" "$WORK/sc" <<'PY'
import os, sys, yaml
os.makedirs(sys.argv[2], exist_ok=True)
for n, s in enumerate(yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]):
    open(f"{sys.argv[2]}/{n}.sh", "w").write(s["run"])
PY
  shellcheck -s bash "$WORK"/sc/*.sh >"$WORK/sc.out" 2>&1 && ok "action.yml: shellcheck finds nothing in its steps" || not_ok "action.yml: shellcheck" "$(head -5 "$WORK/sc.out")"
fi
finish
