#!/usr/bin/env python3
"""Hold perfgate's verdicts on angular.json budgets to the Angular CLI's own (issue 23).

Usage: angular_budgets_check.py EXPECTED_JSON PERFGATE_JSON

EXPECTED_JSON is tests/fixtures/frameworks/angular-budgets/<setup>/expected.json: one
object per threshold check `ng build` made on the same build (Angular 20.3's
bundle-calculator, recorded from its output; see that folder's README). PERFGATE_JSON is
`perfgate check --budget <that angular.json> --build <the build> --format json`.

Each check must have perfgate's verdict with the same limit and the same outcome
(Angular's warning = perfgate's warn, error = fail); for anyScript/any, Angular names
only the files over a limit, so every other file must pass. Differences on purpose:
  - anyComponentStyle: component styles are compiled into the JS, so perfgate leaves
    them to ng build (and says so on stderr): no verdict expected;
  - a bundle budget whose name matches no chunk: Angular measures 0 and judges it,
    perfgate refuses it ("matched nothing", exit 2) - a budget that selects nothing
    is never judged.
Prints one "ok"/"FAIL" line per check; exits 1 on any failure.
"""
import json
import re
import sys

expected = json.load(open(sys.argv[1]))
result = json.load(open(sys.argv[2]))
failed = 0


def check(cond, name, detail=""):
    global failed
    if cond:
        print(f"ok   - {name}")
    else:
        failed += 1
        print(f"FAIL - {name}" + (f"\n       {detail}" if detail else ""))


verdicts = {}  # (budget index, threshold key, op) -> [verdicts]
for v in result["results"]:
    m = re.search(r'budgets\[(\d+)\] \([^,]*, (\w+) "', v.get("rule", ""))
    if not m:
        continue
    verdicts.setdefault((int(m.group(1)), m.group(2), v["op"]), []).append(v)
errors = [e.get("message", "") for e in result.get("errors", [])]
status_of = {"pass": "pass", "warning": "warn", "error": "fail"}

seen = set()
for e in expected:
    i, threshold, kind = e["budget_index"], e["threshold"], e["type"]
    op = "<=" if e["bound"] == "maximum" else ">="
    where = f"budget {i} ({kind}{' ' + e['name'] if e['name'] else ''}) {threshold} {op} {e['limit_bytes']}"
    if kind == "anyComponentStyle":
        continue
    got = verdicts.get((i, threshold, op), [])
    if kind == "bundle" and e["computed_size_bytes"] == 0:
        check(not got and any(f"angular:bundle:{e['name']}\" matched nothing" in m for m in errors),
              f"{where}: no chunk is named {e['name']}: refused (Angular measures 0)")
        continue
    if kind in ("anyScript", "any"):
        key = (i, threshold, op)
        if key in seen:
            pass
        seen.add(key)
        mine = [v for v in got if v["subject"] == e["label"]]
        check(len(mine) == 1 and mine[0]["value"] == e["computed_size_bytes"] and mine[0]["limit"] == e["limit_bytes"]
              and mine[0]["status"] == status_of[e["verdict"]],
              f"{where} on {e['label']}: {e['computed_size_bytes']} B, Angular says {e['verdict']}",
              f"perfgate: {[(v['subject'], v['value'], v['limit'], v['status']) for v in mine]}")
        continue
    check(len(got) == 1 and got[0]["value"] == e["computed_size_bytes"] and got[0]["limit"] == e["limit_bytes"]
          and got[0]["status"] == status_of[e["verdict"]],
          f"{where}: {e['computed_size_bytes']} B, Angular says {e['verdict']}",
          f"perfgate: {[(v['value'], v['limit'], v['status']) for v in got]}")

# anyScript/any: the files Angular did not name are within the limit.
named = {(e["budget_index"], e["threshold"], e["label"]) for e in expected if e["type"] in ("anyScript", "any")}
for (i, threshold, op), got in verdicts.items():
    kinds = {e["type"] for e in expected if e["budget_index"] == i}
    if not kinds & {"anyScript", "any"}:
        continue
    for v in got:
        if (i, threshold, v["subject"]) in named:
            continue
        check(v["status"] == "pass", f"budget {i} {threshold} on {v['subject']}: not named by Angular, so within it",
              f"perfgate: {v['value']} against {v['limit']}: {v['status']}")

print(f"{failed} failed")
sys.exit(1 if failed else 0)
