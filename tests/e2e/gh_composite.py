#!/usr/bin/env python3
"""A composite GitHub Action run as GitHub's runner runs it, for tests/e2e/recipes.sh and
tests/package/ci_examples.sh:
  python3 gh_composite.py ACTION_YML WORKSPACE TEMP INPUTS_JSON
Each `shell: bash` step runs as `bash --noprofile --norc -eo pipefail FILE` in its
working-directory, with its env and a fresh GITHUB_OUTPUT; `${{ inputs.x }}`,
`${{ steps.ID.outputs.x }}`, `${{ runner.temp }}` and `${{ github.workspace }}` are
substituted; the first failing step ends the action with its status. Writes
TEMP/action-outputs (the action's outputs, NAME=VALUE) and TEMP/step-outputs-ID (each
step's GITHUB_OUTPUT); exits with the action's status."""
import json, os, re, subprocess, sys, yaml
path, workspace, temp, given = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
action = yaml.safe_load(open(path))
assert action["runs"]["using"] == "composite", "not a composite action"
for name in given:
    assert name in action["inputs"], f"no input {name}"
inputs = {k: str(given.get(k, v.get("default", ""))) for k, v in action["inputs"].items()}
for k, v in action["inputs"].items():
    assert not v.get("required") or inputs[k], f"required input {k} not given"
steps = {}
def expand(text):
    def one(m):
        expr = m.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr[7:]]
        m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m2:
            return steps.get(m2.group(1), {}).get(m2.group(2), "")
        return {"runner.temp": temp, "github.workspace": workspace}[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))
def read_outputs(f):
    out, lines = {}, open(f).read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([\w-]+)<<(.+)$", line)
        if m:
            end = lines.index(m.group(2), i + 1)
            out[m.group(1)] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        if "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out
status = 0
for n, step in enumerate(action["runs"]["steps"]):
    assert "uses" not in step, f"step {n} uses an action: {step['uses']}"
    assert step.get("shell") == "bash", f"step {n}: shell is not bash"
    assert "${{" not in step["run"], f"step {n}: an expression in run: (inputs go through env)"
    sid = step.get("id", f"__step{n}")
    out = os.path.join(temp, f"step-outputs-{sid}")
    open(out, "w").close()
    env = {**os.environ, "RUNNER_TEMP": temp, "GITHUB_WORKSPACE": workspace, "GITHUB_OUTPUT": out,
           "GITHUB_ACTIONS": "true"}
    env.update({k: expand(v) for k, v in (step.get("env") or {}).items()})
    cwd = os.path.join(workspace, expand(step.get("working-directory", ".")))
    script = os.path.join(temp, f"step-{sid}.sh")
    with open(script, "w") as f:
        f.write(step["run"])
    status = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=env).returncode
    steps[sid] = read_outputs(out)
    if status != 0:
        break
with open(os.path.join(temp, "action-outputs"), "w") as f:
    for k, v in (action.get("outputs") or {}).items():
        f.write(f"{k}={expand(v['value'])}\n")
sys.exit(status)