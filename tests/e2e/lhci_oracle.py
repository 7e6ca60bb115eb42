#!/usr/bin/env python3
"""Hold perfgate's verdicts against Lighthouse CI's on every oracle case.

tests/fixtures/lighthouse/oracle/<case>/ holds what `lhci assert` (@lhci/cli 0.15.1)
decided on real reports: config.json (the lighthouserc it ran), inputs.txt (its runs),
assertion-results-with-passed.json (every assertion, with the aggregated `actual`).
For each case this script writes the same assertions as a perfgate budget file
(lhci's operators: maxNumericValue is <=, minScore is >=; lhci's default
aggregation is optimistic), runs `perfgate check --format json`, and requires:
  - the same set of failing assertions,
  - the same aggregated value for every assertion (to 1e-9),
  - exit 1 where lhci failed, 0 where it passed; where lhci could not get a
    value at all (the unreachable page), perfgate exits 2 ("could not check").
With --lighthouserc, perfgate reads each case's config.json itself (its lighthouserc
importer, with budgetsFile resolved beside it), which covers the `*-budgets` cases too.
The one case asserting Lighthouse's own budget audits (performance-budget,
timing-budget) is refused by perfgate with a message (not supported), and checked so.
Prints 'N passed, N failed'.
"""
import json
import os
import subprocess
import sys
import tempfile

import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, finish  # noqa: E402

perfgate = os.environ["PERFGATE"]
use_rc = "--lighthouserc" in sys.argv
root = os.path.join(os.environ["FIXTURES"], "lighthouse")
oracle = os.path.join(root, "oracle")



def budget_for(config):
    a = config["ci"]["assert"]
    budgets = {}
    for key, spec in a["assertions"].items():
        level, opts = spec
        if "minScore" in opts:
            limit = f">= {opts['minScore'] * 100:g}"
        else:
            limit = f"<= {opts['maxNumericValue']:g}"
        budgets[key] = {"limit": limit, "severity": "warn" if level == "warn" else "error",
                        "aggregate": opts.get("aggregationMethod", a.get("aggregationMethod", "optimistic"))}
    return {"budgets": budgets}


def plain_assertions(config):
    """Cases whose assertions are [level, {minScore|maxNumericValue}] pairs."""
    a = config["ci"]["assert"].get("assertions")
    return a and all(isinstance(v, list) for v in a.values())


def lhci_key(r):
    if r["auditId"] == "categories":
        return "categories:" + r["auditProperty"]
    if r.get("auditProperty"):
        return r["auditId"] + ":" + r["auditProperty"].replace(".", ":")
    return r["auditId"]


for case in sorted(os.listdir(oracle)):
    d = os.path.join(oracle, case)
    config = json.load(open(os.path.join(d, "config.json")))
    if not use_rc and not plain_assertions(config):
        continue  # budgetsFile and budget-audit cases: run with --lighthouserc
    inputs = [line.split("<-")[1].strip() for line in open(os.path.join(d, "inputs.txt")) if "<-" in line]
    lhci = json.load(open(os.path.join(d, "assertion-results-with-passed.json")))
    lhci_exit = int(open(os.path.join(d, "exitcode")).read())
    with tempfile.TemporaryDirectory() as tmp:
        if use_rc:
            budget = os.path.join(tmp, "lighthouserc.json")
            shutil.copy(os.path.join(d, "config.json"), budget)
            shutil.copy(os.path.join(root, "budget.json"), os.path.join(tmp, "budget.json"))
        else:
            budget = os.path.join(tmp, "budget.json")
            with open(budget, "w") as f:
                json.dump(budget_for(config), f)
        args = [perfgate, "check", "--budget", budget, "--format", "json"]
        for i in inputs:
            args += ["--lighthouse", os.path.join(root, i)]
        # lhci reads budgetsFile relative to the folder it runs in: run there.
        p = subprocess.run(args, capture_output=True, text=True, cwd=tmp)
    if use_rc and "performance-budget" in json.dumps(config):
        check(p.returncode == 2 and "not supported" in p.stderr and p.stderr.count("\n") == 1,
              f"{case}: Lighthouse budget audits refused as not supported", p.stderr)
        continue
    result = json.loads(p.stdout)
    ours = {r["metric"]: r for r in result["results"]}
    lhci_failed = {lhci_key(r) for r in lhci if not r["passed"]}
    no_value = bool(lhci) and all(r["actual"] is None or r["actual"] != r["actual"] for r in lhci)  # NaN: no value
    if no_value:
        # lhci reports NaN for every assertion and exits 1; perfgate says it could not check.
        check(p.returncode == 2 and not result["results"] and result["errors"],
              f"{case}: could not check (exit 2), lhci failed everything", f"exit {p.returncode}")
        continue
    our_failed = {m for m, r in ours.items() if r["status"] == "fail"}
    check(our_failed == lhci_failed, f"{case}: failing set {sorted(lhci_failed)}",
          f"perfgate failed {sorted(our_failed)}")
    expected_exit = 1 if lhci_exit else 0
    check(p.returncode == expected_exit, f"{case}: exit {expected_exit}", f"got {p.returncode}: {p.stderr.strip()}")
    for r in lhci:
        key = lhci_key(r)
        mine = ours.get(key)
        same = mine is not None and abs(mine["value"] - r["actual"]) <= 1e-9 * max(1.0, abs(r["actual"]))
        check(same, f"{case}: {key} aggregated {r['actual']}",
              f"perfgate {None if mine is None else mine['value']}")

finish()
