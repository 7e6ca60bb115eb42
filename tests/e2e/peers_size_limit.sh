#!/usr/bin/env bash
# perfgate against the real size-limit 11.2.0 (npm size-limit + @size-limit/file): every
# case in tests/fixtures/peers/size-limit/cases/ is a .size-limit.json over the shop's
# built files; verdicts.tsv holds what size-limit itself printed for it (recorded by
# tests/peers/size-limit/record). perfgate must read each config with size-limit's
# current meaning (brotli by default since 11, "gzip": true, "brotli": false, numeric
# and lowercase limits, path arrays, braces, **) and give the same size and verdict.
source "$TESTS/e2e/lib.sh"
peers="$FIXTURES/peers/size-limit"
while IFS=$'\t' read -r name check size limit passed; do
  [[ "$name" == case ]] && continue
  dir="$WORK/$name"
  if [[ ! -d "$dir" ]]; then
    mkdir -p "$dir" && cp "$peers/cases/$name"/.size-limit.* "$peers/cases/$name/package.json" "$dir/"
    cp -r "$FIXTURES/webpack/shop/dist" "$dir/dist"
    config=$(cd "$dir" && ls .size-limit.* | head -1)
    (cd "$dir" && "$PERFGATE" check --budget "$config" --dist . --no-cache --format json >"$dir/result.json" 2>"$dir/stderr")
  fi
  # Brotli and raw sizes must be byte-exact. gzip within 1.5 %: size-limit gzips with
  # Node's zlib, a fork whose level-9 deflate differs from zlib's by a few bytes per
  # file (perfgate matches GNU gzip -9 and Python's zlib: see the webpack MANIFEST).
  got=$(python3 - "$dir/result.json" "$check" "$size" "$limit" "$passed" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rules = sorted({r["rule"] for r in results})
i, size, limit, passed = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "true"
mine = [r for r in results if r["rule"] == rules[i]] if i < len(rules) else []
if len(mine) != 1:
    print("no single result for this check"); sys.exit()
r = mine[0]
tolerance = 0.015 * size if r["compression"] == "gzip" else 0
problems = []
if abs(r["value"] - size) > tolerance: problems.append(f"size {int(r['value'])} vs {size} ({r['compression']})")
if int(r["limit"]) != limit: problems.append(f"limit {int(r['limit'])} vs {limit}")
if (r["status"] == "pass") != passed: problems.append(f"verdict {r['status']} vs passed={passed}")
print("; ".join(problems) or "same")
PY
)
  expect_eq "$got" "same" "size-limit $name[$check]: size, limit and verdict as size-limit's"
done <"$peers/verdicts.tsv"

# Before size-limit 11, gzip was the default: a project that depends on an older
# size-limit keeps that meaning (read from its package.json).
mkdir -p "$WORK/legacy" && cp -r "$FIXTURES/webpack/shop/dist" "$WORK/legacy/dist"
printf '[{"path": "dist/js/437.*.js", "limit": "75 kB"}]' >"$WORK/legacy/.size-limit.json"
printf '{"devDependencies": {"size-limit": "^8.2.6", "@size-limit/file": "^8.2.6"}}' >"$WORK/legacy/package.json"
(cd "$WORK/legacy" && "$PERFGATE" check --budget .size-limit.json --dist . --no-cache --format json >"$WORK/legacy.json")
STATUS=$?
expect_status 1 "size-limit 8: gzip by default (83,684 B > 75 kB), where 11 measures brotli (69,865 B)"
expect_grep '"compression": "gzip"' "$WORK/legacy.json" "size-limit 8: the result says gzip"
finish
