#!/usr/bin/env python3
"""Hold `perfgate check` to what the real `lhci assert` (@lhci/cli 0.15.1) decided on every
case of tests/fixtures/lighthouse/oracle-rc/ (made by tests/peers/lhci/record: presets,
audit scores, maxLength, extends, YAML and JS configs, discovery, grouping, budgetsFile,
user timings, and the cases of lighthouse-ci's own assertions.test.js on real reports).

Each case is run as lhci ran it: its config files copied to a scratch folder, perfgate
started there with --budget <file> where lhci had --config, or with no --budget where lhci
discovered the file, and the case's real reports as --lighthouse inputs.

perfgate.tsv (beside the cases) says what perfgate must do with each case:
  agree            the same assertions (lhci's, passed and failed, per URL), the same
                   failing ones, the same aggregated values, and the same exit status —
                   except that an error-level assertion lhci fails for want of a value
                   ("Audit did not produce a value") is "could not check" in perfgate
                   (exit 2, naming it), never a pass;
  refuse <regex>   exit 2 with one stderr line matching <regex> (lhci itself refused the
                   config, or the README lists why perfgate refuses what lhci accepts);
  builtin          no lighthouserc is found where lhci looks (lhci: "No assertions to
                   use"): perfgate checks its built-in budget instead, and says so.
With budgetsFile, lhci drops includePassedAssertions (the budget replaces every option),
so only its failing assertions are known and compared.
Prints one line per check and 'N passed, N failed'."""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, finish  # noqa: E402

# perfgate runs in a scratch folder: make relative paths (PERFGATE=build/..., FIXTURES=tests/fixtures) absolute.
perfgate = os.environ["PERFGATE"]
if os.sep in perfgate:
    perfgate = os.path.abspath(perfgate)
root = os.path.join(os.path.abspath(os.environ["FIXTURES"]), "lighthouse")
cases_dir = os.path.join(root, "oracle-rc")
RESULT_FILES = re.compile(r"^(assertion-results.*\.json|exitcode.*|stdout.*|stderr.*|command\.txt|inputs\.txt)$")



def lhci_key(r):
    """perfgate's metric for one lhci assertion result."""
    audit, prop, name = r["auditId"], r.get("auditProperty"), r["name"]
    if name == "auditRan":
        return "auditRan " + audit + (":" + prop.replace(".", ":") if prop else "")
    if audit == "categories":
        return ("category-value:" if name == "maxNumericValue" else "categories:") + prop
    if audit in ("resource-summary", "user-timings") and prop:
        return audit + ":" + prop.replace(".", ":")
    return {"minScore": "audit-score:", "maxLength": "audit-items:", "maxNumericValue": ""}[name] + audit


def perfgate_key(v):
    if "(lhci: auditRan)" in v.get("note", ""):
        m = v["metric"]
        for p in ("audit-score:", "audit-items:"):
            if m.startswith(p):
                m = m[len(p):]
        return "auditRan " + m
    return v["metric"]


expectations = {}
for line in open(os.path.join(cases_dir, "perfgate.tsv")):
    if line.startswith("#") or not line.strip():
        continue
    case, what = line.rstrip("\n").split("\t", 1)
    expectations[case] = what

cases = sorted(d for d in os.listdir(cases_dir) if os.path.isdir(os.path.join(cases_dir, d)))
check(sorted(expectations) == cases, "perfgate.tsv names every case once",
      f"missing {sorted(set(cases) - set(expectations))}, stale {sorted(set(expectations) - set(cases))}")

agreed = refused = 0
for case in cases:
    d = os.path.join(cases_dir, case)
    command = open(os.path.join(d, "command.txt")).readline()
    config = re.search(r"--config=(\S+)", command)
    inputs = [line.split("<-")[1].strip() for line in open(os.path.join(d, "inputs.txt")) if "<-" in line]
    lhci_exit = int(open(os.path.join(d, "exitcode")).read())
    results_file = os.path.join(d, "assertion-results-with-passed.json")
    lhci = json.load(open(results_file)) if os.path.exists(results_file) else None
    with tempfile.TemporaryDirectory() as tmp:
        for dirpath, _, files in os.walk(d):
            rel = os.path.relpath(dirpath, d)
            for f in files:
                if rel == "." and RESULT_FILES.match(f):
                    continue
                os.makedirs(os.path.join(tmp, rel), exist_ok=True)
                shutil.copy(os.path.join(dirpath, f), os.path.join(tmp, rel, f))
        args = [perfgate, "check", "--format", "json", "--no-cache"]
        if config:
            args += ["--budget", config.group(1)]
        for i in inputs:
            args += ["--lighthouse", os.path.join(root, i)]
        # lhci ran in <scratch> or a folder below it ("cd <scratch>/sub").
        sub = re.match(r"cd <scratch>(/\S*)? ", command)
        cwd = os.path.join(tmp, sub.group(1).lstrip("/")) if sub and sub.group(1) else tmp
        os.makedirs(cwd, exist_ok=True)
        p = subprocess.run(args, capture_output=True, text=True, cwd=cwd)
    want = expectations.get(case, "agree")
    if want == "builtin":
        try:
            budget = json.loads(p.stdout)["budget"]
        except (ValueError, KeyError):
            budget = None
        check(budget == "(built-in default budget)" and p.returncode in (0, 1),
              f"{case}: no lighthouserc where lhci looks: the built-in budget", f"exit {p.returncode}, budget {budget}")
        continue
    if want.startswith("refuse"):
        pattern = want.split(" ", 1)[1] if " " in want else "."
        lines = p.stderr.strip().splitlines()
        check(p.returncode == 2 and len(lines) == 1 and re.search(pattern, lines[0]),
              f"{case}: refused, naming it (lhci exit {lhci_exit})", f"exit {p.returncode}: {p.stderr.strip()[:400]}")
        refused += 1
        continue
    if lhci is None:
        check(False, f"{case}: lhci refused this config (exit {lhci_exit}); perfgate.tsv must say refuse")
        continue
    try:
        ours = json.loads(p.stdout)
    except ValueError:
        check(False, f"{case}: perfgate printed its JSON result", f"exit {p.returncode}: {p.stderr.strip()[:400]}")
        continue
    theirs = {}
    for r in lhci:
        theirs[(r["url"], lhci_key(r))] = r
    mine = {}
    for v in ours["results"]:
        mine[(v["subject"], perfgate_key(v))] = v
    cannot = set()
    for e in ours["errors"]:
        m = re.search(r"cannot check (\S+):", e["message"])
        if m:
            cannot.add((e["subject"], m.group(1)))
    failures_only = "budgetsFile" in "".join(open(os.path.join(dp, f)).read() for dp, _, fs in os.walk(d)
                                             for f in fs if "lighthouserc" in f)
    if failures_only:
        mine = {k: v for k, v in mine.items() if v["status"] != "pass"}
    no_value = {k for k, r in theirs.items() if r["actual"] is None or (isinstance(r["actual"], float) and math.isnan(r["actual"]))}
    other_errors = [e for e in ours["errors"] if not re.search(r"cannot check \S+:", e["message"])]
    ok = True
    problems = []
    if set(theirs) != set(mine) | cannot:
        ok = False
        problems.append(f"assertions differ: lhci only {sorted(set(theirs) - set(mine) - cannot)[:6]}, "
                        f"perfgate only {sorted((set(mine) | cannot) - set(theirs))[:6]}")
    lhci_failed = {k for k, r in theirs.items() if not r["passed"]}
    our_failed = {k for k, v in mine.items() if v["status"] != "pass"} | cannot
    if lhci_failed != our_failed:
        ok = False
        problems.append(f"failing differ: lhci only {sorted(lhci_failed - our_failed)[:6]}, "
                        f"perfgate only {sorted(our_failed - lhci_failed)[:6]}")
    if not cannot <= no_value:
        ok = False
        problems.append(f"perfgate could not check what lhci measured: {sorted(cannot - no_value)[:6]}")
    if other_errors:
        ok = False
        problems.append("errors: " + "; ".join(e["message"] for e in other_errors)[:300])
    for k, r in theirs.items():
        if k in no_value or k not in mine or k[1].startswith("auditRan"):
            continue
        a, b = r["actual"], mine[k]["value"]
        if b is None or abs(a - b) > 1e-9 * max(1.0, abs(a)):
            ok = False
            problems.append(f"{k} lhci {a} perfgate {b}")
            break
    expected_exit = 2 if cannot else (1 if lhci_exit else 0)
    if p.returncode != expected_exit:
        ok = False
        problems.append(f"exit {p.returncode}, expected {expected_exit} (lhci {lhci_exit})")
    check(ok, f"{case}: {len(theirs)} assertions, {len(lhci_failed)} failing, as lhci", " | ".join(problems))
    agreed += ok

finish(f"{agreed} cases agree with lhci, {refused} refused by name; ")
