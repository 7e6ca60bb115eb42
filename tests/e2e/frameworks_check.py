#!/usr/bin/env python3
"""Hold perfgate's per-route figures against what a browser loaded (issue 23).

Usage: frameworks_check.py SETUP_DIR PERFGATE_JSON

SETUP_DIR is tests/fixtures/frameworks/<setup>: its expected.json was recorded
in headless Chromium (every script and stylesheet of a first visit) and sized
with Node's zlib, independently of perfgate. PERFGATE_JSON is the output of
`perfgate check --build SETUP_DIR/build --format json` with route:* rules in
gzip, brotli and raw. For each route of expected.json:
  - the set of files perfgate counts equals the browser's set, exactly;
  - raw bytes are equal; gzip and brotli are within 1.5 % (perfgate's zlib and
    brotli against Node's, at the same levels);
  - single-page apps (Angular's builders, the Rollup router) load a route's own
    chunk with import() at start-up: perfgate measures the shell the HTML loads
    ("/") and must list every other route's extra files as lazy, not drop them.
Prints one "ok"/"FAIL" line per check, exits 1 on any failure.
"""
import json
import os
import sys
from urllib.parse import urlsplit

setup_dir, result_file = sys.argv[1], sys.argv[2]
setup = os.path.basename(os.path.normpath(setup_dir))
expected = json.load(open(os.path.join(setup_dir, "expected.json")))
result = json.load(open(result_file))
failed = 0


def check(cond, name, detail=""):
    global failed
    if cond:
        print(f"ok   - {setup} {name}")
    else:
        failed += 1
        print(f"FAIL - {setup} {name}" + (f"\n       {detail}" if detail else ""))


by = {}
for r in result.get("results", []):
    if r["source"] == "routes":
        by[(r["subject"], r["compression"])] = r
subjects = sorted({s for s, _ in by})
for e in result.get("errors", []):
    check(False, "no error", e.get("message", str(e)))


def counted(r):
    return {d["name"] for d in r["details"] if d.get("note", "") in ("", "shared")}


def lazy(r):
    return {d["name"] for d in r["details"] if d.get("note", "").startswith("lazy")}


def norm(files):
    return {os.path.normpath(f) for f in files}


def url_route(url):
    path = urlsplit(url).path
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return path or "/"


spa = setup in ("angular-esbuild", "angular-webpack", "rollup")
shell = None
for route in expected["routes"]:
    name = route["route"]
    subject = name if (name, "gzip") in by else url_route(route["url"])
    if spa and subject != "/":
        continue
    if spa:
        # The shell: what the HTML and its static imports load (the browser adds the
        # route's chunk, checked as lazy below).
        route = dict(route, **{k: route["html_static"][k] for k in ("files", "gzip", "brotli", "raw")})
    g = by.get((subject, "gzip"))
    check(g is not None, f"{name}: measured (as {subject})", f"perfgate measured {subjects}")
    if g is None:
        continue
    want = norm(route["files"])
    got = counted(g)
    check(got == want, f"{name}: the browser's {len(want)} files, no more, no less",
          f"only perfgate: {sorted(got - want)}; only the browser: {sorted(want - got)}")
    raw = by.get((subject, "raw"))
    check(raw is not None and raw["value"] == route["raw"], f"{name}: raw {route['raw']} B",
          f"perfgate: {raw and raw['value']}")
    for variant in ("gzip", "brotli"):
        r = by.get((subject, variant))
        ref = route[variant]
        ok = r is not None and abs(r["value"] - ref) <= 0.015 * max(ref, 1)
        check(ok, f"{name}: {variant} {r and r['value']} B within 1.5% of Node's {ref} B")
    if not want:
        check("ships no JS or CSS" in g.get("note", ""), f"{name}: a route with no file says so", g.get("note", ""))
    if subject == "/":
        shell = (want, g)

if spa:
    check(shell is not None, "SPA: the shell is measured as /")
    if shell:
        want_shell, g = shell
        listed = lazy(g)
        for route in expected["routes"]:
            extra = norm(route["files"]) - want_shell
            check(extra <= listed, f"SPA {route['route']}: its {len(extra)} route chunk(s) listed as lazy",
                  f"not listed: {sorted(extra - listed)}")

# Where the framework prints its own figure, agree with it at its precision.
if setup == "next15-pages":
    # Next's Pages Router "First Load JS": gzip of the JS of /_app + page, 1000-byte kB, rounded.
    for route in expected["routes"]:
        g = by.get((route["route"], "gzip"))
        if g is None or not route.get("framework_printed"):
            continue
        js = sum(d["value"] for d in g["details"] if d.get("note", "") in ("", "shared") and d["name"].endswith(".js"))
        printed = float(route["framework_printed"].split()[0])
        check(abs(js / 1000 - printed) <= 0.5 + 0.005 * printed,
              f"{route['route']}: JS {js:.0f} B is Next's printed First Load JS {route['framework_printed']}")
if setup in ("angular-esbuild", "angular-webpack"):
    # Angular's "Initial total" raw size (1000-byte kB, two decimals) is the shell's raw bytes.
    import re
    text = open(os.path.join(setup_dir, "build-output.txt")).read()
    m = re.search(r"Initial total\s*\|\s*([0-9.]+) kB", text)
    raw = by.get(("/", "raw"))
    check(m is not None and raw is not None and abs(raw["value"] / 1000 - float(m.group(1))) <= 0.005,
          f"/: raw {raw and raw['value']} B is Angular's printed Initial total {m and m.group(1)} kB")

print(f"{setup}: {failed} failed")
sys.exit(1 if failed else 0)
