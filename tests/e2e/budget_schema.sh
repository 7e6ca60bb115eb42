#!/usr/bin/env bash
# budgets/perfgate.schema.json describes what perfgate accepts: the shipped
# budgets validate, and files perfgate rejects are rejected by the schema too.
source "$TESTS/e2e/lib.sh"
root=$(realpath "$TESTS/..")
py=python3
python3 -c 'import jsonschema' 2>/dev/null || py=/usr/bin/python3
if ! $py -c 'import jsonschema' 2>/dev/null; then
  not_ok "a JSON Schema validator (python3-jsonschema) is installed"
  finish; exit
fi

validate() { $py -c '
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
jsonschema.validate(json.load(open(sys.argv[2])), schema)' "$root/budgets/perfgate.schema.json" "$1" 2>/dev/null; }

for f in "$root"/budgets/*.json; do
  [[ "$f" == *schema.json ]] && continue
  validate "$f" && ok "schema accepts $(basename "$f")" || not_ok "schema accepts $(basename "$f")"
done

good='{"aggregate": "median-run", "budgets": {"lcp": "< 2.5 s", "entrypoint:main": {"limit": "< 170 KB", "compression": "brotli", "max_increase": "5%"}}}'
echo "$good" >"$WORK/good.json"
validate "$WORK/good.json" && ok "schema accepts object rules" || not_ok "schema accepts object rules"
run check --budget "$WORK/good.json" --lighthouse "$FIXTURES/lighthouse/lhr/lean-mobile-1.json"
expect_status 0 "perfgate accepts it too"

i=0
for bad in \
  '{"budgets": {"lcp": "2.5 s"}}' \
  '{"budgets": {"lcp": "< 2.5 sec"}}' \
  '{"budgets": {"lcp": {"limit": "< 2 s", "severity": "fatal"}}}' \
  '{"budgets": {"lcp": {"limit": "< 2 s", "colour": "red"}}}' \
  '{"budgets": {"lcp": 2500}}' \
  '{"aggregate": "mean", "budgets": {}}' \
  '{"budget": {}}'; do
  i=$((i + 1))
  echo "$bad" >"$WORK/bad$i.json"
  validate "$WORK/bad$i.json" && not_ok "schema rejects bad budget $i: $bad" || ok "schema rejects bad budget $i"
  run check --budget "$WORK/bad$i.json" --lighthouse "$FIXTURES/lighthouse/lhr/lean-mobile-1.json"
  expect_status 2 "perfgate rejects bad budget $i"
  expect_stderr_line "^perfgate: error: .*bad$i.json: " "names the file"
done
finish
