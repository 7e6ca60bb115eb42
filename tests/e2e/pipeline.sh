#!/usr/bin/env bash
# The pipeline files users copy: the YAML files parse and use perfgate as the
# README shows, and the git pre-commit hook converts staged images (staging the
# siblings) and blocks a commit of a build that is over budget — in a throwaway repo
# (tests/e2e/hooks.sh tests the hooks in depth).
source "$TESTS/e2e/lib.sh"
root=$(realpath "$TESTS/..")
py=python3
python3 -c 'import yaml' 2>/dev/null || py=/usr/bin/python3
for f in .pre-commit-hooks.yaml ci/github-actions.yml ci/gitlab-ci.yml; do
  if $py - "$root/$f" <<'PY'; then ok "$f parses and runs perfgate"; else not_ok "$f"; fi
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
text = open(sys.argv[1]).read()
assert doc and "perfgate check" in text or "perfgate images convert" in text
if sys.argv[1].endswith("pre-commit-hooks.yaml"):
    assert {h["id"] for h in doc} >= {"perfgate-images", "perfgate-bundle"} and all(h["language"] in ("system", "script", "node") for h in doc)
    assert all(h.get("additional_dependencies") for h in doc if h["language"] == "node")
if sys.argv[1].endswith("gitlab-ci.yml"):
    assert doc["performance-budgets"]["artifacts"]["reports"]["junit"] == "perf.xml"
PY
done

repo="$WORK/repo"
mkdir -p "$repo/img" && cd "$repo" && git init -q && git config user.email t@t && git config user.name t
cp "$root/ci/hooks/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
cp "$FIXTURES/images/coffee-rgb.png" "$FIXTURES/images/nasa-rocket-640x427.jpg" img/
git add img/coffee-rgb.png img/nasa-rocket-640x427.jpg
export PERFGATE PERFGATE_CACHE_DIR="$WORK/cache"
if git commit -qm "add images" >"$WORK/hook.out" 2>&1; then ok "commit with images passes the hook"; else not_ok "commit with images" "$(cat "$WORK/hook.out")"; fi
expect_eq "$(git show --name-only --format= HEAD | sort | tr '\n' ' ')" \
  "img/coffee-rgb.avif img/coffee-rgb.png img/coffee-rgb.webp img/nasa-rocket-640x427.avif img/nasa-rocket-640x427.jpg img/nasa-rocket-640x427.webp " \
  "the hook converted the staged images and committed the siblings"
cmp -s img/coffee-rgb.png "$FIXTURES/images/coffee-rgb.png" && ok "the staged source is unchanged" || not_ok "source unchanged"

mkdir -p dist && cp -r "$FIXTURES/webpack/shop/dist/." dist/ && gunzip -c "$FIXTURES/webpack/shop/stats.json.gz" >dist/stats.json
echo "change" >README && git add README dist
if git commit -qm "over budget" >"$WORK/hook2.out" 2>&1; then not_ok "a build over budget blocks the commit"; else ok "a build over budget blocks the commit"; fi
expect_grep 'entrypoint:main \(gzip\): 545.08 kB, limit < 500 KB' "$WORK/hook2.out" "and says why"
finish
