#!/usr/bin/env bash
# perfgate init (issue 26): in real projects of the test fixtures (their own package.json,
# angular.json and build output), it writes perfgate.json (valid against the shipped
# schema), a GitHub workflow and the pre-commit hook; the perfgate.json it wrote then
# checks the build (exit 0 or 1, never 2: every budget selects something); the team's
# lighthouserc is included, not copied; nothing is ever written over.
source "$TESTS/e2e/lib.sh"
FW="$FIXTURES/frameworks"
ROOT=$(realpath "$TESTS/..")
cd "$WORK"
valid() { /usr/bin/python3 - "$ROOT/budgets/perfgate.schema.json" "$1" <<'PY'
import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))
PY
}

# project NAME FIXTURE BUILD-FROM BUILD-TO: a project folder with the fixture's package.json
# (and angular.json) and its build where the framework writes it.
project() {
  local name=$1 fixture=$2 from=$3 to=$4
  mkdir -p "$WORK/$name" && cd "$WORK/$name"
  cp "$FW/$fixture/app/package.json" .
  [[ -f "$FW/$fixture/app/angular.json" ]] && cp "$FW/$fixture/app/angular.json" .
  mkdir -p "$(dirname "$to")" && cp -r "$FW/$fixture/$from" "$to"
  git init -q .
}

for spec in "next next15-app build/.next .next Next.js" "angular angular-esbuild build dist/angapp Angular" \
            "sveltekit sveltekit build/.svelte-kit .svelte-kit SvelteKit" "nuxt nuxt build/.output .output Nuxt"; do
  read -r name fixture from to tool <<<"$spec"
  project "$name" "$fixture" "$from" "$to"
  run init
  expect_status 0 "$tool: perfgate init"
  expect_grep "^perfgate init: a $tool project" "$OUT" "$tool: it says what it found"
  expect_grep '^  wrote perfgate.json$' "$OUT" "$tool: ...and what it wrote"
  valid perfgate.json && ok "$tool: perfgate.json is valid against the shipped schema" || not_ok "$tool: perfgate.json invalid"
  [[ -f .github/workflows/perfgate.yml ]] && /usr/bin/python3 -c 'import sys,yaml; w=yaml.safe_load(open(sys.argv[1])); assert any("npx perfgate check" in s.get("run","") for s in w["jobs"]["perfgate"]["steps"])' .github/workflows/perfgate.yml &&
    ok "$tool: a workflow that runs perfgate check" || not_ok "$tool: workflow"
  [[ "$(readlink .git/hooks/pre-commit)" == "../../node_modules/perfgate/hooks/pre-commit" ]] && ok "$tool: the pre-commit hook linked" || not_ok "$tool: hook"
  # The next command it printed, with this perfgate: it checks the build.
  next=$(sed -n 's/^Next: .* && npx perfgate check //p' "$OUT")
  eval "run check $next"
  [[ $STATUS == 0 || $STATUS == 1 ]] && ok "$tool: the check it suggests runs on the real build with the perfgate.json it wrote (exit $STATUS)" ||
    not_ok "$tool: perfgate check $next" "exit $STATUS"
  expect_grep '"route:\*": "< 500 KB"' perfgate.json "$tool: route budgets"
  cd "$WORK"
done
expect_grep 'angular.json' "$WORK/angular/perfgate.json" "Angular: angular.json's budgets included"

# The team's lighthouserc is included, and the Lighthouse rows left to it.
project vite-rc next15-app build/.next .next
printf '{"ci": {"assert": {"assertions": {"categories:performance": ["error", {"minScore": 0.8}]}}}}\n' >lighthouserc.json
run init
expect_grep '"include": \[' perfgate.json "a lighthouserc is included..."
if grep -q 'largest-contentful-paint' perfgate.json; then not_ok "Lighthouse rows copied beside the lighthouserc"; else ok "...and its rules not duplicated"; fi

# Nothing written over; --force; --dry-run; a folder that is not a project.
before=$(sha256sum perfgate.json)
run init
expect_status 2 "a second init"
expect_stderr_line 'perfgate.json: exists; perfgate init never writes over a file' "...names the file"
expect_eq "$(sha256sum perfgate.json)" "$before" "...and leaves it as it was"
run init --force
expect_status 0 "--force writes over perfgate's own files"
mkdir "$WORK/dry" && cd "$WORK/dry" && cp "$FW/next15-app/app/package.json" .
run init --dry-run
expect_grep '^  would write perfgate.json$' "$OUT" "--dry-run says what it would write"
[[ ! -e perfgate.json && ! -e .github ]] && ok "...and writes nothing" || not_ok "--dry-run wrote"
mkdir "$WORK/empty" && cd "$WORK/empty"
run init
expect_status 2 "no package.json"
expect_stderr_line 'no package.json here' "...one line saying where to run it"

finish
