#!/usr/bin/env python3
"""perfgate on real webpack stats of many shapes (tests/fixtures/webpack/shapes/: small apps
built here with webpack 1, 4 and 5 from npm, some through bundle-stats' and statoscope's
plugins; MANIFEST.md says how each was made and what makes it interesting; `record` rebuilds
them). Each <name>.expected.json is an independent reading of the stats
(tests/peers/vite-builds/stats_reader.py): per compiler and entrypoint, the initial files
and their sizes, and the async files. A scratch dist is generated with one file per initial
file of exactly its stated size, where webpack wrote it (a query string cut off; a
multi-compiler build's compilers in their folders under the common one), and perfgate's raw
entrypoint sums and file lists are held to the reading:
  - every entrypoint the reading finds is measured with the same files and raw total
    (dependOn entries included, as the README documents: the page loads them too), and
    lists the same async files (those of the whole build, with a note saying so, when the
    stats do not link async chunks to entrypoints);
  - stats the reading finds no entrypoint in are refused (exit 2), never passed;
  - a file an entrypoint names but assets[] lacks is an error naming it (exit 2).
Prints TAP-like lines; exit 1 on any failure."""
import hashlib, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, finish  # noqa: E402

perfgate = os.environ["PERFGATE"]
root = os.path.join(os.environ["FIXTURES"], "webpack", "shapes")


def fill(path, size):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data, block = bytearray(), hashlib.sha256(path.encode()).digest()
    while len(data) < size:
        block = hashlib.sha256(block).digest()
        data += block
    with open(path, "wb") as f:
        f.write(bytes(data[:size]))


for name in sorted(f[: -len(".expected.json")] for f in os.listdir(root) if f.endswith(".expected.json")):
    exp = json.load(open(os.path.join(root, name + ".expected.json")))
    compilers = exp["compilers"]
    multi = len(compilers) > 1
    # Where webpack wrote each compiler's files: a multi-compiler build whose compilers have
    # folders of their own (dist/site/, dist/admin/) is checked with --dist at their common
    # folder; an asset name's ?query is not part of the file name webpack writes.
    outs = [c.get("outputPath") for c in compilers]
    common = os.path.commonpath(outs) if multi and all(outs) else None
    with tempfile.TemporaryDirectory() as tmp:
        def on_disk(c, name):
            base = os.path.join(tmp, os.path.relpath(c["outputPath"], common)) if common else tmp
            return os.path.join(base, name.split("?")[0])
        missing = []
        for c in compilers:
            for e in c["entrypoints"].values():
                for f in e["initial"]:
                    if f["size"] is None:
                        missing.append(f["file"])
                    else:
                        fill(on_disk(c, f["file"]), f["size"])
                for f in (e.get("depend_on") or {}).get("files", []):
                    size = next((a["size"] for e2 in c["entrypoints"].values()
                                 for a in e2["initial"] if a["file"] == f and a["size"] is not None), None)
                    if size is not None:
                        fill(on_disk(c, f), size)
        budget = os.path.join(tmp, "budget.json")
        with open(budget, "w") as b:
            json.dump({"budgets": {"entrypoint:*": {"limit": "< 100 MB", "compression": "raw"}}}, b)
        p = subprocess.run([perfgate, "check", "--budget", budget, "--stats", os.path.join(root, name + ".json"),
                            "--dist", tmp, "--no-cache", "--format", "json"], capture_output=True, text=True)
    entrypoints = sum(len(c["entrypoints"]) for c in compilers)
    if entrypoints == 0:
        check(p.returncode == 2 and p.stderr.count("\n") >= 1 and "entrypoint" in p.stderr,
              f"{name}: no entrypoint in the stats: refused (exit 2)", f"exit {p.returncode}: {p.stderr.strip()}")
        continue
    if missing:
        check(p.returncode == 2 and all(m in p.stderr for m in missing),
              f"{name}: {', '.join(missing)} (not in assets[]) named, exit 2", f"exit {p.returncode}: {p.stderr.strip()}")
        continue
    check(p.returncode == 0, f"{name}: every entrypoint measured (exit 0)", f"exit {p.returncode}: {p.stderr.strip()}")
    results = {r["subject"]: r for r in json.loads(p.stdout)["results"]}
    for i, c in enumerate(compilers):
        prefix = ""
        if multi:
            prefix = (c["name"] or f"compiler-{i}") + "/"
        for ep, e in sorted(c["entrypoints"].items()):
            subject = prefix + ep
            r = results.get(subject)
            if r is None:
                check(False, f"{name}: {subject} measured", f"perfgate has {sorted(results)}")
                continue
            want_files = sorted(f.get("disk_name", f["file"]) for f in e["initial"])
            want_total = e["initial_total_js_css"]
            if e.get("depend_on"):
                want_files = sorted(set(want_files) | {f.split("?")[0] for f in e["depend_on"]["files"]})
                want_total = e["depend_on"]["initial_total_with_them"]
            got_files = sorted(d["name"] for d in r["details"] if not d.get("note"))
            # The reading keeps every initial file; perfgate counts JS and CSS only.
            want_files = [f for f in want_files if f.endswith((".js", ".mjs", ".css"))]
            check(got_files == want_files, f"{name}: {subject} initial files", f"perfgate {got_files} reading {want_files}")
            check(r["value"] == want_total, f"{name}: {subject} raw total {want_total}", f"perfgate {r['value']}")
            # Async chunks: attributed by their parents, not by a shared chunk's `children`;
            # stats without chunk relations (stats.chunkRelations or stats.ids false) cannot
            # say, and every async chunk of the build is listed, with a note saying so.
            unlinked = any("attribution not possible" in n or "cannot be attributed" in n for n in e["notes"])
            if unlinked:
                want_async = sorted({f.split("?")[0] for f in c["async_chunk_files"]})
            else:
                want_async = sorted({f["file"].split("?")[0] for f in e["async"]})
            got = [d for d in r["details"] if (d.get("note") or "").startswith("async")]
            got_async = sorted(d["name"] for d in got)
            what = "every async file of the build" if unlinked else "async files"
            check(got_async == want_async and all(("link" in d["note"]) == unlinked for d in got),
                  f"{name}: {subject} {what} {want_async}", f"perfgate {[(d['name'], d['note']) for d in got]}")

finish()
