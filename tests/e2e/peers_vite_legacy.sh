#!/usr/bin/env bash
# perfgate on real Vite 4-8 builds with @vitejs/plugin-legacy (tests/fixtures/vite/legacy/,
# made by tests/peers/vite-builds/record): for every HTML page, the modern entry and the
# legacy entry each measure exactly the files a browser of that kind loads, as worked out
# from the HTML Vite wrote (expected.json: <script type=module>, modulepreload, the
# stylesheet; nomodule polyfills + System.import'ed legacy entry), with Python's gzip -9
# and brotli 11 sums; the polyfills entry is not a page of its own; initial:total is what
# a modern browser loads over all pages (legacy files are loaded instead, not as well).
source "$TESTS/e2e/lib.sh"
printf '{"budgets": {"entrypoint:*": "< 500 KB", "initial:total": "< 1 MB"}}' >"$WORK/budget.json"
printf '{"budgets": {"entrypoint:*": {"limit": "< 500 KB", "compression": "brotli"}}}' >"$WORK/brotli.json"
for dir in "$FIXTURES"/vite/legacy/v*/; do
  v=$(basename "$dir")
  manifest=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifest"])' "$dir/expected.json")
  "$PERFGATE" check --budget "$WORK/budget.json" --stats "$dir/$manifest" --dist "$dir/dist" --no-cache --format json \
    >"$WORK/$v.json" 2>"$WORK/$v.err"
  STATUS=$?
  expect_status 0 "vite $v: every entry measured"
  "$PERFGATE" check --budget "$WORK/brotli.json" --stats "$dir/$manifest" --dist "$dir/dist" --no-cache --format json \
    >"$WORK/$v-br.json" 2>>"$WORK/$v.err"
  python3 - "$dir/expected.json" "$WORK/$v.json" "$WORK/$v-br.json" "$v" >"$WORK/$v.tap" <<'PY'
import json, sys
exp, gz, br, v = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), json.load(open(sys.argv[3])), sys.argv[4]
def by_subject(result):
    return {r["subject"]: r for r in result["results"]}
g, b = by_subject(gz), by_subject(br)
def ok(cond, name, detail=""):
    print(("ok   - " if cond else "FAIL - ") + f"vite {v}: {name}" + ("" if cond else f" {detail}"))
pages = exp["pages"]
keys = set()
for page, d in sorted(pages.items()):
    for side, key in (("modern", "modern_entry"), ("legacy", "legacy_entry")):
        entry = d["manifest_keys"][key][0]
        keys.add(entry)
        want = d[side]["initial"]
        got, got_br = g.get(entry), b.get(entry)
        if got is None:
            ok(False, f"{page} {side}: entrypoint {entry}", "missing")
            continue
        files = sorted(x["name"] for x in got["details"] if not x.get("note"))
        ok(files == sorted(f["file"] for f in want["files"]), f"{page} {side}: the files the HTML loads", files)
        ok(got["value"] == want["total"]["gzip"], f"{page} {side}: gzip {want['total']['gzip']}", got["value"])
        ok(got_br["value"] == want["total"]["brotli"], f"{page} {side}: brotli {want['total']['brotli']}", got_br["value"])
entries = {s for s in g if s != "all entrypoints"}
ok(entries == keys, "no entrypoint beyond the pages (the polyfills are part of each legacy page)", sorted(entries - keys))
modern = {}
for d in pages.values():
    for f in d["modern"]["initial"]["files"]:
        modern[f["file"]] = f["gzip"]
ok(g["all entrypoints"]["value"] == sum(modern.values()), f"initial:total = the modern pages' files ({sum(modern.values())})",
   g["all entrypoints"]["value"])
PY
  while IFS= read -r line; do
    case $line in
      ok*) ok "${line#ok   - }" ;;
      *) not_ok "${line#FAIL - }" ;;
    esac
  done <"$WORK/$v.tap"
done
finish
