#!/usr/bin/env bash
# The shipped hooks in throwaway repositories (issue 12): the git hook converts what is
# staged (not the working file), follows renames, reports orphans, takes names that
# start with '-' or hold spaces, matches .JPG, and checks the bundle budget only when
# the commit touches the build; it finds perfgate in node_modules/.bin by itself (issue
# 26), reads a Vite or Angular build with --build when there is no stats file, and says
# in one line why it skipped the bundle check; the pre-commit framework's hooks
# (pre-commit from Debian) fail when they wrote a sibling, so that it is staged, and find
# an ignored build (a stats file, or a Vite build).
source "$TESTS/e2e/lib.sh"
root=$(cd "$TESTS/.." && pwd)
img="$FIXTURES/images"
export PERFGATE_CACHE_DIR="$WORK/cache" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
  GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home"
mkdir -p "$HOME"
shim="$WORK/bin" && mkdir -p "$shim" && ln -s "$PERFGATE" "$shim/perfgate"
export PATH="$shim:$PATH"

dims() { python3 -c 'import struct,sys; d=sys.stdin.buffer.read(); print(d[:4] == b"RIFF" and d[8:12] == b"WEBP")' ; }
webp_size() { dwebp -quiet -pam "$1" -o - 2>/dev/null | head -c 200 | awk '/^WIDTH/ {w=$2} /^HEIGHT/ {h=$2} END {print w "x" h}'; }

# --- the git hook -------------------------------------------------------------
repo="$WORK/repo"
git init -q "$repo" && cd "$repo" || exit 1
cp "$root/ci/hooks/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
echo "# site" >README.md && git add README.md && git commit -qm init

# Stage one picture, then overwrite the working file with another: the commit holds the
# staged picture, and its WebP is made from it.
cp "$img/coffee-rgb.png" photo.png && git add photo.png
cp "$img/icon-debian-32.png" photo.png
if git commit -qm "photo" 2>"$WORK/hook.err"; then ok "git hook: commit with a staged image"; else not_ok "git hook commit" "$(cat "$WORK/hook.err")"; fi
git show HEAD:photo.webp >"$WORK/committed.webp" 2>/dev/null
git show HEAD:photo.png >"$WORK/committed.png"
staged_dims=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$WORK/committed.png")
expect_eq "$(webp_size "$WORK/committed.webp")" "$staged_dims" "the committed WebP is made from the staged picture, not the edited working file"
git show HEAD:photo.avif >/dev/null 2>&1 && ok "the AVIF sibling is committed too" || not_ok "no committed photo.avif"
git checkout -q -- photo.png

# A rename: the siblings follow their source.
git mv photo.png picture.png
git commit -qm "rename" 2>"$WORK/hook.err"
expect_eq "$(git ls-tree --name-only HEAD | grep -E '^(photo|picture)\.' | sort | tr '\n' ' ')" \
  "picture.avif picture.png picture.webp " "git mv: the siblings follow their source, none orphaned"

# Names that start with '-', hold spaces, and upper-case extensions.
cp "$img/nasa-rocket-640x427.jpg" -- "-x.JPG" && cp "$img/icon-debian-32.png" "a b.png"
git add -- "-x.JPG" "a b.png"
if git commit -qm "odd names" 2>"$WORK/hook.err"; then ok "names starting with '-' and holding spaces"; else not_ok "odd names" "$(cat "$WORK/hook.err")"; fi
expect_eq "$(git ls-tree --name-only HEAD | grep -E '^(-x|a b)\.(webp|avif)$' | sort | tr '\n' ' ')" \
  "-x.avif -x.webp a b.avif a b.webp " ".JPG matched; every sibling committed"

# A deletion: the leftover siblings are reported.
git rm -q picture.png
git commit -qm "delete" 2>"$WORK/hook.err"
expect_grep 'picture.webp is left without its source' "$WORK/hook.err" "a deleted image's siblings are reported as orphans"

# A stale, over-budget build in an ignored dist/ does not block a README fix; a commit
# of the build itself (here: perfgate.json) is checked.
mkdir -p dist && cp "$FIXTURES/webpack/small/stats.json" dist/stats.json && cp "$FIXTURES"/webpack/small/dist/* dist/
echo "dist/" >.gitignore && git add .gitignore && git commit -qm ignore 2>/dev/null
printf '{"budgets": {"entrypoint:*": "< 1 KB"}}' >perfgate.json
echo "more" >>README.md && git add README.md
if git commit -qm "docs" 2>"$WORK/hook.err"; then ok "an over-budget ignored dist/ does not block a README fix"; else not_ok "README fix blocked" "$(cat "$WORK/hook.err")"; fi
git add perfgate.json
if git commit -qm "budget" 2>"$WORK/hook.err"; then not_ok "a commit of perfgate.json is checked against the build"; else ok "a commit of perfgate.json is checked against the build (over budget: blocked)"; fi
git reset -q perfgate.json && rm perfgate.json

# A picture replaced by one whose AVIF is not kept (random noise: too lossy): perfgate
# removes the old picture's AVIF, says so, and the hook stages the removal — the commit
# never ships the new PNG beside the old picture's AVIF.
cp "$img/coffee-rgb.png" hero.png && git add hero.png && git commit -qm hero 2>"$WORK/hook.err"
git cat-file -e HEAD:hero.avif 2>/dev/null && ok "hero.avif committed with the first picture" || not_ok "no hero.avif committed"
python3 "$TESTS/e2e/noise_png.py" hero.png 96 96 7 && git add hero.png
git commit -qm "new hero" 2>"$WORK/hook.err"  # (git gives a hook's output to stderr)
if git cat-file -e HEAD:hero.avif 2>/dev/null; then
  not_ok "the old picture's AVIF is still in the commit beside the new PNG"
else
  ok "git hook: the removed AVIF is staged removed with the new PNG"
fi
git cat-file -e HEAD:hero.webp 2>/dev/null && ok "the new picture's WebP is committed" || not_ok "no hero.webp in the commit"
expect_grep 'removed the old hero\.avif' "$WORK/hook.err" "perfgate's line names the AVIF it removed"
expect_eq "$(git status --porcelain -- hero.avif)" "" "nothing about hero.avif is left unstaged"

# A staged name with a newline: its siblings only — never an unrelated "b.webp" that a
# line-by-line reading would make of "a<newline>b.png".
nl=$'a\nb'
cp "$img/coffee-rgb.png" "$nl.png" && git add -- "$nl.png"
cp "$img/icon-debian-32.png" b.png && echo "not staged" >b.webp
git commit -qm "newline name" 2>"$WORK/hook.err"
if git cat-file -e HEAD:b.webp 2>/dev/null; then not_ok "the unrelated b.webp was committed"; else ok "git hook: a name with a newline stages only its own siblings"; fi
git cat-file -e "HEAD:$nl.webp" 2>/dev/null && ok "the newline-named picture's WebP is committed" || not_ok "no WebP for the newline-named picture"
rm -f b.png b.webp

# A name that is a glob to git ("a[1].png") reaches only its own siblings: never the
# tracked a1.webp / a1.avif (an unrelated edit staged, or a removal staged by mistake).
mkdir -p g && cp "$img/coffee-rgb.png" g/a1.png && git add g/a1.png && git commit -qm a1 2>"$WORK/hook.err"
echo "an unstaged edit" >>g/a1.webp
python3 "$TESTS/e2e/noise_png.py" 'g/a[1].png' 96 96 7 && git add -- 'g/a[1].png'
git commit -qm "glob name" 2>"$WORK/hook.err"
git cat-file -e HEAD:g/a1.avif 2>/dev/null && ok "git hook: a1.avif is not removed for 'a[1].png'" || not_ok "a1.avif was staged removed for 'a[1].png'"
expect_eq "$(git status --porcelain -- g/a1.webp)" " M g/a1.webp" "the unrelated edit to a1.webp stays unstaged"
git checkout -q -- g/a1.webp

# --- perfgate found by itself; a skipped bundle check said in one line (issue 26) ---
# PERFGATE unset and perfgate not on the PATH: the hook runs the project's own
# node_modules/.bin/perfgate (where npm puts it), found from the repository's top level.
bare_path=$(tr ':' '\n' <<<"$PATH" | grep -vxF "$shim" | paste -sd: -)
nm="$WORK/nm" && git init -q "$nm" && cd "$nm" || exit 1
cp "$root/ci/hooks/pre-commit" .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
mkdir -p node_modules/.bin
printf '#!/bin/sh\necho "$*" >>"%s/nm-calls"\nexec "%s" "$@"\n' "$WORK" "$PERFGATE" >node_modules/.bin/perfgate
chmod +x node_modules/.bin/perfgate
printf 'node_modules/\ndist/\n' >.gitignore
mkdir -p src && cp "$img/icon-debian-32.png" src/logo.png && git add .gitignore src/logo.png
if (cd src && env -u PERFGATE PATH="$bare_path" git commit -qm logo 2>"$WORK/nm.err"); then
  ok "git hook: a commit from a subfolder with PERFGATE unset and perfgate not on the PATH"
else
  not_ok "git hook with node_modules/.bin/perfgate" "$(cat "$WORK/nm.err")"
fi
expect_grep '^images convert' "$WORK/nm-calls" "the hook ran node_modules/.bin/perfgate at the repository's top level"
git cat-file -e HEAD:src/logo.webp 2>/dev/null && ok "and its WebP is committed" || not_ok "no src/logo.webp committed"
expect_eq "$(grep -c 'skipped the bundle check' "$WORK/nm.err")" 1 "no build: the skipped bundle check is said in one line"
expect_grep '^perfgate pre-commit: skipped the bundle check: no dist/stats.json and no build in \.next, \.svelte-kit, \.output, dist or build \(set PERFGATE_BUILD or PERFGATE_STATS\)$' \
  "$WORK/nm.err" "the line says what is missing and what to set"
# A .svelte-kit holding only `svelte-kit sync`'s types is not a build.
mkdir -p .svelte-kit/types && echo "# sync" >>.gitignore && git add .gitignore
env -u PERFGATE PATH="$bare_path" git commit -qm sync 2>"$WORK/nm.err"
expect_grep 'skipped the bundle check: no dist/stats.json and no build' "$WORK/nm.err" "a .svelte-kit without output/ is not taken for a build"
# A Vite build (dist/index.html, no stats file): read with --build dist; a commit that
# touches neither dist/ nor perfgate.json skips the check and says so; a commit of
# perfgate.json is checked.
mkdir -p dist && cp -r "$FIXTURES/vite/dist-vite/." dist/
: >"$WORK/nm-calls"
echo "# app" >README.md && git add README.md
env -u PERFGATE PATH="$bare_path" git commit -qm readme 2>"$WORK/nm.err"
expect_grep '^perfgate pre-commit: skipped the bundle check: this commit touches none of dist, perfgate\.json \(PERFGATE_BUNDLE_WHEN\)$' \
  "$WORK/nm.err" "a commit that does not touch the build: the skip is said in one line"
expect_no_grep '^check' "$WORK/nm-calls" "and perfgate check is not run"
printf '{"budgets": {"route:*": "< 1 KB"}}' >perfgate.json && git add perfgate.json
if env -u PERFGATE PATH="$bare_path" git commit -qm budget >"$WORK/nm.out" 2>&1; then
  not_ok "a Vite build over its route budget blocks the commit of perfgate.json" "$(tail -5 "$WORK/nm.out")"
else
  ok "a Vite build over its route budget blocks the commit of perfgate.json"
fi
expect_grep '^check --build dist$' "$WORK/nm-calls" "the Vite build is read with --build dist"
expect_grep 'route:/ \(gzip\): 6\.42 kB, limit < 1 KB' "$WORK/nm.out" "and the route over budget is named"
expect_no_grep 'skipped the bundle check' "$WORK/nm.out" "no skip line when the check ran"
git reset -q perfgate.json
# An Angular workspace's dist/<app> (application builder: browser/index.html).
rm -rf dist && mkdir dist && cp -r "$FIXTURES/frameworks/angular-esbuild/build" dist/my-app
: >"$WORK/nm-calls" && git add perfgate.json
if env -u PERFGATE PATH="$bare_path" git commit -qm "angular budget" >"$WORK/nm.out" 2>&1; then
  not_ok "an Angular build over its route budget blocks the commit" "$(tail -5 "$WORK/nm.out")"
else
  ok "an Angular build over its route budget blocks the commit"
fi
expect_grep '^check --build dist/my-app$' "$WORK/nm-calls" "Angular's only app is read with --build dist/my-app"
git reset -q perfgate.json && rm -rf dist perfgate.json
# PERFGATE_BUILD names a folder that is not there: said, not silent.
echo "again" >>README.md && git add README.md
env -u PERFGATE PATH="$bare_path" PERFGATE_BUILD=out git commit -qm again 2>"$WORK/nm.err"
expect_grep '^perfgate pre-commit: skipped the bundle check: no out folder \(PERFGATE_BUILD\): build first$' "$WORK/nm.err" \
  "PERFGATE_BUILD without its folder: said in one line"
# Nowhere to be found: the hook stops and says where it looked.
if [[ -z $(PATH="$bare_path" command -v perfgate) ]]; then
  mv node_modules/.bin/perfgate "$WORK/nm-perfgate"
  echo "once more" >>README.md && git add README.md
  if env -u PERFGATE PATH="$bare_path" git commit -qm once 2>"$WORK/nm.err"; then
    not_ok "without perfgate anywhere the hook stops the commit"
  else
    expect_grep '^perfgate pre-commit: perfgate is neither in node_modules/\.bin nor on the PATH' "$WORK/nm.err" \
      "without perfgate anywhere the hook stops the commit and says where it looked"
  fi
  mv "$WORK/nm-perfgate" node_modules/.bin/perfgate && git reset -q README.md
fi
# The pre-commit framework's bundle script, run as the framework runs it (from the top
# level): a Vite build read with --build; nothing built: one line, exit 0.
mkdir -p dist && cp -r "$FIXTURES/vite/dist-vite/." dist/
: >"$WORK/nm-calls"
env -u PERFGATE PATH="$bare_path" "$root/ci/hooks/perfgate-bundle" >"$WORK/nm.out" 2>&1
expect_eq "$?" 0 "perfgate-bundle: a Vite build within the built-in budget passes"
expect_grep '^check --build dist$' "$WORK/nm-calls" "perfgate-bundle reads the Vite build with --build dist, perfgate from node_modules/.bin"
rm -rf dist
env -u PERFGATE PATH="$bare_path" "$root/ci/hooks/perfgate-bundle" >"$WORK/nm.out" 2>"$WORK/nm.err"
status=$?
expect_eq "$status $(wc -l <"$WORK/nm.err")" "0 1" "perfgate-bundle without a build: exit 0 and one line"
expect_grep '^perfgate-bundle: skipped the bundle check: no dist/stats.json and no build' "$WORK/nm.err" "which says what is missing"

# --- the pre-commit framework ---------------------------------------------------
if command -v pre-commit >/dev/null; then
  hooks="$WORK/hooks-repo"
  mkdir -p "$hooks/ci" && cp -r "$root/ci/hooks" "$hooks/ci/" && cp "$root/.pre-commit-hooks.yaml" "$hooks/"
  git -C "$hooks" init -q && git -C "$hooks" add -A && git -C "$hooks" commit -qm hooks
  rev=$(git -C "$hooks" rev-parse HEAD)
  fw="$WORK/fw" && git init -q "$fw" && cd "$fw" || exit 1
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: perfgate-images\n      - id: perfgate-bundle\n' "$hooks" "$rev" \
    >.pre-commit-config.yaml
  echo "dist/" >.gitignore
  git add -A && git commit -qm init
  export PRE_COMMIT_HOME="$WORK/pre-commit-home"
  pre-commit install >/dev/null
  cp "$img/nasa-rocket-640x427.jpg" HERO.JPG && git add HERO.JPG
  if git commit -qm hero >"$WORK/fw.out" 2>&1; then
    not_ok "pre-commit framework: a hook that wrote siblings fails the commit" "$(tail -5 "$WORK/fw.out")"
  else
    ok "pre-commit framework: the commit stops when perfgate-images wrote siblings (.JPG matched)"
  fi
  expect_grep 'perfgate wrote these; stage them' "$WORK/fw.out" "says what to stage"
  git add HERO.webp HERO.avif
  if git commit -qm hero >"$WORK/fw.out" 2>&1; then ok "staged, the commit passes"; else not_ok "second commit" "$(tail -5 "$WORK/fw.out")"; fi
  expect_eq "$(git ls-tree --name-only HEAD | grep HERO | sort | tr '\n' ' ')" "HERO.JPG HERO.avif HERO.webp " "the siblings are in the commit"
  # The bundle hook finds an ignored build and checks it.
  mkdir -p dist && cp "$FIXTURES/webpack/small/stats.json" dist/stats.json && cp "$FIXTURES"/webpack/small/dist/* dist/
  printf '{"budgets": {"entrypoint:*": "< 1 KB"}}' >perfgate.json && git add perfgate.json
  if git commit -qm budget >"$WORK/fw.out" 2>&1; then
    not_ok "perfgate-bundle checks the ignored build" "$(tail -5 "$WORK/fw.out")"
  else
    ok "perfgate-bundle checks the ignored build (over budget: the commit stops)"
  fi
  expect_grep 'entrypoint:main' "$WORK/fw.out" "names the entrypoint over budget"
else
  not_ok "pre-commit (the framework) is not installed: ci/install-deps --test installs it"
fi
cd "$WORK" || exit 1
finish
