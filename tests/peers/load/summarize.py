#!/usr/bin/env python3
"""Write the independent truth for the load-test fixtures.

    summarize.py FIXTURES_DIR            # tests/fixtures/load: runs recorded by ./record
    summarize.py --k6 K6_DIR             # a folder of public k6 output files (MANIFEST.md there)

For every tool output in FIXTURES_DIR (runs.tsv lists them) this reads the tool's own file
and the server's own log of the same run (sla_server.py's TSV) and writes expected.json,
EXPECTED.md and MANIFEST.md beside them. Nothing is taken from the tool's console output:
counts and percentiles are read from the result files as the tool wrote them, and the
server's numbers from its log. Where a tool keeps raw samples (JMeter's JTL, k6's NDJSON)
the percentiles are computed here with numpy, both nearest-rank (method="inverted_cdf")
and numpy's default linear interpolation.

Debian's /usr/bin/python3 with python3-numpy; nothing else.
"""
import csv
import json
import math
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from datetime import datetime

import numpy as np

PCTS = (50, 95, 99)


def num(x):
    """A number from a CSV cell (int when integral); None for N/A or empty."""
    if x in (None, "", "N/A"):
        return None
    v = float(x)
    return int(v) if v == int(v) and "." not in str(x) else v


def r3(v):
    return None if v is None else round(float(v), 3)


def nearest_rank(vals, p):
    return r3(np.percentile(np.asarray(vals, dtype=float), p, method="inverted_cdf")) if len(vals) else None


def linear(vals, p):
    return r3(np.percentile(np.asarray(vals, dtype=float), p)) if len(vals) else None


def both(vals):
    return {f"p{p}": {"nearest_rank": nearest_rank(vals, p), "linear": linear(vals, p)} for p in PCTS}


# ---------------------------------------------------------------- server log

def server_truth(path):
    """Counts, 5xx, drops, duration and throughput from sla_server.py's own log."""
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    per = defaultdict(list)
    for r in rows:
        r["start"], r["end"] = float(r["start_unix"]), float(r["end_unix"])
        r["status"], r["lat"] = int(r["status"]), float(r["latency_ms"])
        per[f'{r["method"]} {r["template"]}'].append(r)

    def block(rs):
        lats = [r["lat"] for r in rs]
        first, last = min(r["start"] for r in rs), max(r["end"] for r in rs)
        d = {
            "requests": len(rs),
            "http_5xx": sum(r["status"] >= 500 for r in rs),
            "dropped_without_response": sum(r["status"] == 0 for r in rs),
            "client_gone_before_response": sum(r["note"] == "client_gone" for r in rs),
            "status_counts": dict(sorted(Counter(str(r["status"]) for r in rs).items())),
            "server_latency_ms": {f"p{p}": nearest_rank(lats, p) for p in PCTS},
        }
        d["first_start_unix"], d["last_end_unix"] = round(first, 6), round(last, 6)
        d["duration_s"] = round(last - first, 3)
        d["throughput_rps"] = round(len(rs) / (last - first), 3) if last > first else None
        return d

    total = block(rows)
    total["endpoints"] = {k: block(v) for k, v in sorted(per.items())}
    for e in total["endpoints"].values():
        for k in ("first_start_unix", "last_end_unix", "duration_s", "throughput_rps"):
            e.pop(k)
    return total


# ---------------------------------------------------------------- tools

def locust_truth(prefix):
    eps, agg = {}, None
    with open(prefix + "_stats.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            key = f'{r["Type"]} {r["Name"]}' if r["Type"] else r["Name"]
            e = {
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50": num(r["50%"]), "p95": num(r["95%"]), "p99": num(r["99%"]),
                "median_response_time_column": num(r["Median Response Time"]),
                "min": r3(num(r["Min Response Time"])), "max": r3(num(r["Max Response Time"])),
                "avg": r3(num(r["Average Response Time"])),
            }
            if key == "Aggregated":
                agg = e
            else:
                eps[key] = e
    errors = defaultdict(dict)
    with open(prefix + "_failures.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            errors[f'{r["Method"]} {r["Name"]}'][r["Error"]] = int(r["Occurrences"])
    for key, e in eps.items():
        errs = errors.get(key, {})
        e["http_5xx"] = sum(n for msg, n in errs.items() if re.match(r"HTTPError\('5\d\d ", msg))
        e["errors"] = errs
    agg["http_5xx"] = sum(e["http_5xx"] for e in eps.values())
    return {"percentiles_from": 'stats CSV columns "50%", "95%", "99%" (ms, as written)',
            "endpoints": eps, "aggregate": agg}


def artillery_truth(path):
    rep = json.load(open(path, encoding="utf-8"))
    a = rep["aggregate"]
    pre = "plugins.metrics-by-endpoint."
    eps = defaultdict(lambda: {"codes": {}, "errors": {}})
    for k, v in a["counters"].items():
        m = re.match(re.escape(pre) + r"(.+)\.(codes|errors)\.([^.]+)$", k)
        if m:
            eps[m.group(1)][m.group(2)][m.group(3)] = v
    out = {}
    for name, e in sorted(eps.items()):
        s = a["summaries"].get(pre + "response_time." + name, {})
        st = a["summaries"].get(pre + "server-timing." + name)
        out[name] = {
            "requests": sum(e["codes"].values()) + sum(e["errors"].values()),
            "responses": sum(e["codes"].values()),
            "failures": sum(v for c, v in e["codes"].items() if not c.startswith(("2", "3"))) + sum(e["errors"].values()),
            "http_5xx": sum(v for c, v in e["codes"].items() if c.startswith("5")),
            "codes": e["codes"], "errors": e["errors"],
            "p50": s.get("p50"), "p95": s.get("p95"), "p99": s.get("p99"),
            "summary_count": s.get("count"), "min": s.get("min"), "max": s.get("max"),
            "server_timing": {k: st.get(k) for k in ("count", "p50", "p95", "p99")} if st else None,
        }
    c = a["counters"]
    s = a["summaries"].get("http.response_time", {})
    agg = {
        "requests": c.get("http.requests", 0), "responses": c.get("http.responses", 0),
        "http_5xx": sum(v for k, v in c.items() if re.match(r"http\.codes\.5\d\d$", k)),
        "errors": {k[len("errors."):]: v for k, v in c.items() if k.startswith("errors.")},
        "failures": sum(v for k, v in c.items() if re.match(r"http\.codes\.[45]\d\d$", k))
        + sum(v for k, v in c.items() if k.startswith("errors.")),
        "vusers_failed": c.get("vusers.failed", 0), "vusers_completed": c.get("vusers.completed", 0),
        "p50": s.get("p50"), "p95": s.get("p95"), "p99": s.get("p99"), "summary_count": s.get("count"),
        "request_rate": a.get("rates", {}).get("http.request_rate"),
        "first_metric_at_ms": a.get("firstMetricAt"), "last_metric_at_ms": a.get("lastMetricAt"),
        "intermediate_periods": len(rep.get("intermediate", [])),
    }
    return {"percentiles_from": "aggregate.summaries['plugins.metrics-by-endpoint.response_time.NAME'] p50/p95/p99 "
                                "(ms, as written); aggregate row: aggregate.summaries['http.response_time']",
            "endpoints": out, "aggregate": agg}


def autocannon_truth(path, endpoint):
    d = json.load(open(path, encoding="utf-8"))
    lat = d["latency"]
    e = {
        "url": d["url"],
        "requests": d["requests"]["total"], "requests_sent": d["requests"]["sent"],
        "2xx": d["2xx"], "non2xx": d["non2xx"], "http_5xx": d["5xx"],
        "errors": d["errors"], "timeouts": d["timeouts"], "resets": d["resets"], "mismatches": d["mismatches"],
        "failures": d["non2xx"] + d["errors"],
        "p50": lat["p50"], "p97_5": lat["p97_5"], "p99": lat["p99"], "p90": lat["p90"],
        "latency_count": lat["totalCount"], "min": lat["min"], "max": lat["max"], "mean": lat["mean"],
        "duration_s": d["duration"], "start": d["start"], "finish": d["finish"],
        "status_code_stats": {k: v["count"] for k, v in d["statusCodeStats"].items()},
    }
    return {"percentiles_from": "latency.p50 / p97_5 / p99 (ms, as written; autocannon has no p95)",
            "endpoints": {endpoint: e}, "aggregate": e}


JTL_CSV_FIELDS = ["timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName",
                  "dataType", "success", "bytes", "grpThreads", "allThreads", "Latency"]


def jmeter_samples(path):
    """(label, elapsed_ms, success, responseCode, timeStamp_ms) for every sample of a JTL."""
    with open(path, encoding="utf-8") as f:
        head = f.read(64)
    if head.lstrip().startswith("<"):
        out = []
        for el in ET.parse(path).getroot():
            if el.tag in ("httpSample", "sample"):
                out.append((el.get("lb"), int(el.get("t")), el.get("s") == "true", el.get("rc"), int(el.get("ts"))))
        return out, "xml"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if rows and rows[0][0] == "timeStamp":
        fields, rows, form = rows[0], rows[1:], "csv with header"
    else:
        fields, form = JTL_CSV_FIELDS, "csv without header (JMeter 2.13 default fields)"
    i = {k: fields.index(k) for k in ("label", "elapsed", "success", "responseCode", "timeStamp")}
    return [(r[i["label"]], int(r[i["elapsed"]]), r[i["success"]] == "true", r[i["responseCode"]], int(r[i["timeStamp"]]))
            for r in rows], form


def jmeter_truth(path):
    samples, form = jmeter_samples(path)
    per = defaultdict(list)
    for s in samples:
        per[s[0]].append(s)

    def block(ss):
        el = [s[1] for s in ss]
        ok = [s[1] for s in ss if s[2]]
        return {
            "requests": len(ss),
            "failures": sum(not s[2] for s in ss),
            "http_5xx": sum(bool(re.fullmatch(r"5\d\d", s[3])) for s in ss),
            "non_http_errors": dict(Counter(s[3] for s in ss if not re.fullmatch(r"\d{3}", s[3]))),
            "elapsed_ms_all_samples": both(el),
            "elapsed_ms_successful_samples": both(ok),
            "min": min(el), "max": max(el), "mean": r3(sum(el) / len(el)),
        }

    eps = {k: block(v) for k, v in sorted(per.items())}
    agg = block(samples)
    first = min(s[4] for s in samples)
    last = max(s[4] + s[1] for s in samples)
    agg["first_start_ms"], agg["last_end_ms"] = first, last
    agg["duration_s"] = round((last - first) / 1000, 3)
    agg["throughput_rps"] = round(len(samples) / ((last - first) / 1000), 3)
    return {"jtl_form": form,
            "percentiles_from": "computed here from the raw `elapsed` of every sample (no percentile is in a JTL)",
            "endpoints": eps, "aggregate": agg}


# ---------------------------------------------------------------- k6 (public files)

def k6_linear(vals, p):
    """k6's TrendSink.P (metrics/sink.go, v0.39-v2.2): linear between sorted values."""
    v = sorted(vals)
    if not v:
        return 0
    if len(v) == 1:
        return v[0]
    i = p / 100 * (len(v) - 1)
    j, k = v[math.floor(i)], v[math.ceil(i)]
    return j + (k - j) * (i - math.floor(i))


def k6_ndjson_truth(path):
    points = defaultdict(list)
    failed = Counter()
    times = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") != "Point":
                continue
            d, m = o["data"], o["metric"]
            tags = d.get("tags") or {}
            key = f'{tags.get("method", "")} {tags.get("name", "")}'.strip()
            if m == "http_req_duration":
                points[key].append((d["value"], tags.get("status"), tags.get("expected_response")))
                times.append(d["time"])
            elif m == "http_req_failed" and d["value"] != 0:
                failed[key] += 1

    def block(ps):
        vals = [p[0] for p in ps]
        return {
            "requests": len(ps),
            "http_req_failed_true": None,
            "http_5xx": sum(bool(re.fullmatch(r"5\d\d", p[1] or "")) for p in ps),
            "status_counts": dict(sorted(Counter(p[1] for p in ps).items())),
            "k6_formula": {"med": r3(k6_linear(vals, 50)), "p(90)": r3(k6_linear(vals, 90)),
                           "p(95)": r3(k6_linear(vals, 95)), "p(99)": r3(k6_linear(vals, 99))},
            "nearest_rank": {f"p{p}": nearest_rank(vals, p) for p in PCTS},
            "min": r3(min(vals)), "max": r3(max(vals)), "avg": r3(sum(vals) / len(vals)),
        }

    eps = {k: block(v) for k, v in sorted(points.items())}
    for k, e in eps.items():
        e["http_req_failed_true"] = failed[k]
    allp = [p for v in points.values() for p in v]
    agg = block(allp)
    agg["http_req_failed_true"] = sum(failed.values())
    t = sorted(times)
    agg["first_point_time"], agg["last_point_time"] = t[0], t[-1]
    return {"form": "k6 --out json (NDJSON)", "endpoints": eps, "aggregate": agg}


def k6_summary_truth(path):
    d = json.load(open(path, encoding="utf-8"))
    m = d["metrics"]
    handle = any(isinstance(v, dict) and "values" in v for v in m.values())
    pick = (lambda name: m[name]["values"]) if handle else (lambda name: {k: v for k, v in m[name].items() if k != "thresholds"})
    dur = pick("http_req_duration")
    failed = pick("http_req_failed") if "http_req_failed" in m else {}
    reqs = pick("http_reqs")
    thr = {name: v["thresholds"] for name, v in m.items() if isinstance(v, dict) and v.get("thresholds")}
    return {
        "form": "handleSummary() JSON (data object)" if handle else "--summary-export JSON (legacy)",
        "http_reqs_count": reqs["count"],
        "http_req_failed": failed,
        "failed_requests": failed.get("passes"),
        "http_req_duration": dur,
        "thresholds_as_written": thr,
        "threshold_failed": {f"{name}: {src}": (not v["ok"]) if isinstance(v, dict) else bool(v)
                             for name, t in thr.items() for src, v in t.items()},
    }


# ---------------------------------------------------------------- markdown

def fmt(v):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


TOOL_NOTES = {
    "locust": "Locust 2.12.1 (Debian python3-locust)",
    "artillery": "Artillery 2.0.21 (npm)",
    "autocannon": "autocannon 9.0.0 (npm)",
    "jmeter": "Apache JMeter 2.13 (Debian jmeter 2.13-5)",
}

RUN_FILES = {
    "locust": lambda run: [f"locust/{run}_stats.csv", f"locust/{run}_stats_history.csv", f"locust/{run}_failures.csv",
                           f"locust/{run}_exceptions.csv", f"locust/{run}.console.txt"],
    "artillery": lambda run: [f"artillery/{run}.report.json", f"artillery/{run}.console.txt"],
    "autocannon": lambda run: [f"autocannon/{run}.json"],
    "jmeter": lambda run: [f"jmeter/{run}.jtl", f"jmeter/{run}.console.txt"],
}

EXERCISES = {
    "locust-sla": "all 13 SLA endpoints, 20 users, name= path templates; 503s on POST /v1/billing/claims (2 %); "
                  "seeded-slow POST /v1/imaging",
    "locust-faults": "--faults server: 503 (20 %) on claims, connections closed without response (10 %) on "
                     "insurance/verify, 2 s client timeout on imaging",
    "artillery-sla": "all 13 endpoints in 4 weighted scenarios, metrics-by-endpoint with useOnlyRequestNames; "
                     "503s on claims; Server-Timing per endpoint",
    "artillery-faults": "--faults server with http.timeout 2 s: 503s, ECONNRESET, ETIMEDOUT; VUs that fail stop their flow",
    "autocannon-patients-id": "one URL, GET /v1/patients/123, 10 connections, 8 s",
    "autocannon-patients-search": "one URL, GET /v1/patients/search?q=a (long-tailed latency), 10 connections, 8 s",
    "autocannon-faults-claims": "POST /v1/billing/claims on the --faults server: 20 % 503",
    "autocannon-faults-verify": "POST /v1/insurance/verify on the --faults server: 10 % of connections closed "
                                "without a response",
    "autocannon-faults-imaging-timeout": "POST /v1/imaging (1.5-3 s) with a 2 s autocannon timeout",
    "jmeter-sla-csv": "12 SLA endpoints in a loop (8 threads) + POST /v1/imaging (2 threads), labels "
                      "\"METHOD /template\"; JTL CSV as JMeter 2.13 writes it by default (no header row)",
    "jmeter-sla-xml": "the same plan, JTL written as XML (jmeter.save.saveservice.output_format=xml)",
    "jmeter-faults-csv": "--faults server: 503s, NoHttpResponseException, SocketTimeoutException (2 s response "
                         "timeout); JTL CSV with a header row (print_field_names=true)",
}


def tool_table(tool, t):
    lines = []
    if tool == "jmeter":
        lines.append("| label | requests | failures | 5xx | other errors | p50 nr / lin | p95 nr / lin | p99 nr / lin |")
        lines.append("|---|---:|---:|---:|---|---:|---:|---:|")
        for name, e in list(t["endpoints"].items()) + [("**all samples**", t["aggregate"])]:
            p = e["elapsed_ms_all_samples"]
            other = ", ".join(f"{k}: {v}" for k, v in e["non_http_errors"].items()) or "–"
            lines.append(f"| {name} | {e['requests']} | {e['failures']} | {e['http_5xx']} | {other} | "
                         + " | ".join(f"{fmt(p[f'p{q}']['nearest_rank'])} / {fmt(p[f'p{q}']['linear'])}" for q in PCTS) + " |")
        return lines
    if tool == "autocannon":
        lines.append("| endpoint | responses (requests.total) | sent | 2xx | 5xx | errors | timeouts | p50 | p97_5 | p99 |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for name, e in t["endpoints"].items():
            lines.append(f"| {name} | {e['requests']} | {e['requests_sent']} | {e['2xx']} | {e['http_5xx']} | "
                         f"{e['errors']} | {e['timeouts']} | {e['p50']} | {e['p97_5']} | {e['p99']} |")
        return lines
    extra = "errors" if tool in ("locust", "artillery") else ""
    lines.append(f"| endpoint | requests | failures | 5xx | {extra} | p50 | p95 | p99 |")
    lines.append("|---|---:|---:|---:|---|---:|---:|---:|")
    for name, e in list(t["endpoints"].items()) + [("**aggregate**", t["aggregate"])]:
        errs = e.get("errors") or {}
        if tool == "locust":
            errs = {k: v for k, v in errs.items() if not k.startswith("HTTPError")}
        es = "; ".join(f"{k}: {v}" for k, v in errs.items()) or "–"
        lines.append(f"| {name} | {e['requests']} | {e['failures']} | {e['http_5xx']} | {es} | "
                     f"{fmt(e['p50'])} | {fmt(e['p95'])} | {fmt(e['p99'])} |")
    return lines


def server_table(s):
    lines = ["| server: METHOD template | requests | 5xx | dropped | client gone | server p50 | p95 | p99 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, e in s["endpoints"].items():
        p = e["server_latency_ms"]
        lines.append(f"| {name} | {e['requests']} | {e['http_5xx']} | {e['dropped_without_response']} | "
                     f"{e['client_gone_before_response']} | {fmt(p['p50'])} | {fmt(p['p95'])} | {fmt(p['p99'])} |")
    lines.append(f"| **all** | {s['requests']} | {s['http_5xx']} | {s['dropped_without_response']} | "
                 f"{s['client_gone_before_response']} | {fmt(s['server_latency_ms']['p50'])} | "
                 f"{fmt(s['server_latency_ms']['p95'])} | {fmt(s['server_latency_ms']['p99'])} |")
    return lines


def main_fixtures(out):
    here = os.path.dirname(os.path.abspath(__file__))
    runs = list(csv.DictReader(open(os.path.join(out, "runs.tsv"), encoding="utf-8"), delimiter="\t"))
    versions = dict(line.rstrip("\n").split("\t", 1) for line in open(os.path.join(out, "versions.tsv"), encoding="utf-8"))
    result = {"generated_by": "tests/peers/load/summarize.py (from the files below only)",
              "percentile_definitions": DEFINITIONS_SHORT, "runs": {}}
    for r in runs:
        run, tool = r["run"], r["tool"]
        name = run.split("-", 1)[1]
        if tool == "locust":
            t = locust_truth(os.path.join(out, "locust", name))
        elif tool == "artillery":
            t = artillery_truth(os.path.join(out, "artillery", name + ".report.json"))
        elif tool == "autocannon":
            srv = server_truth(os.path.join(out, r["server_log"]))
            t = autocannon_truth(os.path.join(out, "autocannon", name + ".json"), next(iter(srv["endpoints"])))
        else:
            t = jmeter_truth(os.path.join(out, "jmeter", name + ".jtl"))
        t["tool"] = tool
        t["files"] = RUN_FILES[tool](name)
        t["server_log"] = r["server_log"]
        t["server"] = server_truth(os.path.join(out, r["server_log"]))
        t["command"], t["started_utc"] = r["command"], r["started_utc"]
        result["runs"][run] = t
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=False)
        f.write("\n")
    write_expected_md(out, result)
    write_manifest(out, result, versions, here)


def write_expected_md(out, result):
    L = ["# Load-test fixtures: the truth", "",
         "Written by `tests/peers/load/summarize.py` from the result files and the server's own log",
         "of each run (`*.server.tsv`, one line per request: seq, start, end, method, template, path,",
         "status, server latency ms, note). `expected.json` holds the same numbers and more",
         "(min/max/avg, status counts, per-endpoint server latency). Times are milliseconds.", "",
         "Columns: *requests* and *failures* as the tool counts them; *5xx* the HTTP 5xx responses",
         "among them; *errors* what the tool counts that is not an HTTP status (timeouts, resets).",
         "Server: *dropped* = the server closed the connection without answering (`--faults`),",
         "*client gone* = the client had closed the connection before the server answered (a client",
         "timeout) or while it did; server percentiles are nearest-rank over the server's latency.",
         "Duration = first request start to last request end in the server log; throughput =",
         "server requests / duration.", ""]
    for run, t in result["runs"].items():
        s = t["server"]
        L += [f"## {run}", "", f"{TOOL_NOTES[t['tool']]}; files: " + ", ".join(f"`{x}`" for x in t["files"])
              + f"; server log `{t['server_log']}`.", f"Percentiles from: {t['percentiles_from']}.", ""]
        if t["tool"] == "jmeter":
            L += [f"JTL form: {t['jtl_form']}. *nr* = nearest-rank (numpy `method=\"inverted_cdf\"`), *lin* = numpy's",
                  "default linear interpolation, both over the raw `elapsed` of every sample of the label",
                  "(failed samples included; `expected.json` also has successful samples only). JMeter's own",
                  f"span: {t['aggregate']['duration_s']} s, {t['aggregate']['throughput_rps']} samples/s.", ""]
        L += tool_table(t["tool"], t) + [""] + server_table(s) + [""]
        L += [f"Server: {s['requests']} requests, {s['http_5xx']} × 5xx, {s['dropped_without_response']} dropped, "
              f"duration {s['duration_s']} s, throughput {s['throughput_rps']} req/s.", ""]
        agg = t["aggregate"]
        diff = s["requests"] - agg["requests"]
        if diff:
            L += [f"The tool counts {agg['requests']} requests, the server {s['requests']} ({diff:+d}): "
                  + NOTE_DIFF.get(t["tool"], "") , ""]
    L += [DEFINITIONS_MD, OBSERVATIONS_MD, *imaging_note(result)]
    with open(os.path.join(out, "EXPECTED.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L).rstrip() + "\n")


NOTE_DIFF = {
    "locust": "Locust rewrites its CSV files once a second while it runs and the last rewrite comes "
              "before the run's end, so `*_stats.csv` lacks about the last second (the console summary, "
              "`*.console.txt`, is printed later and has more); requests still in flight when `-t` "
              "ran out are killed and counted by neither (locustio/locust#1806, #2299).",
    "autocannon": "`requests.total` counts responses; `requests.sent` includes the requests in flight when "
                  "the duration ran out (the server still answered them), and a request that timed out "
                  "or whose connection the server closed.",
    "artillery": "",
    "jmeter": "",
}


DEFINITIONS_SHORT = {
    "locust": "response times rounded (<100 ms: round(); <1000: nearest 10; <10000: nearest 100; else nearest 1000); "
              "percentile p = rounded value at 0-based ascending index int(n*p) (max at p=1); "
              "'Median Response Time' column = value at index floor((n-1)/2), clamped to [min, max]",
    "artillery": "DDSketch (relative accuracy 1 %), not HdrHistogram: value at 0-based index floor(q*(n-1)), "
                 "reported as its log-bucket's representative value, rounded to 0.1 ms",
    "autocannon": "HdrHistogram (hdr-histogram-js WASM, 5 significant digits) of integer ms (truncated): "
                  "nearest rank, count = ceil(p/100*n), value = bucket's highest equivalent value",
    "k6": "TrendSink.P: sorted values, i = p*(n-1), linear interpolation between floor(i) and ceil(i) "
          "(= numpy 'linear'); n=1: the value",
    "jmeter": "no percentile in a JTL; computed here: nearest-rank (numpy inverted_cdf) and numpy linear",
    "server": "nearest-rank over the server's own latency (end - start of handling)",
}

DEFINITIONS_MD = """## How each tool computes its percentiles

**Locust 2.12.1** — [`locust/stats.py`](https://github.com/locustio/locust/blob/2.12.1/locust/stats.py)
(read in Debian's `/usr/lib/python3/dist-packages/locust/stats.py`). Each response time (ms, a
float from `time.perf_counter()` around the request, body read included) is kept exactly for
min/max/avg but counted for percentiles in a dict of *rounded* values, `StatsEntry._log_response_time`:
below 100 ms `round(t)`, below 1000 ms `round(t, -1)`, below 10000 ms `round(t, -2)`, else
`round(t, -3)` (Python's round-half-even). `calculate_response_time_percentile(p)` walks the
rounded values from the top and returns the first whose remaining count `n - processed <=
int(n*p)`: the rounded value at 0-based ascending index `int(n*p)` (one rank above nearest-rank
when `n*p` is an integer). The CSV column `"Median Response Time"` and the console's `Med`
come from another function, `median_from_dict`: the rounded value at index `floor((n-1)/2)`,
clamped to [min, max] — so it can differ from `"50%"` (lower vs upper median) and can be an
unrounded float such as a minimum. Failed requests (5xx, timeouts, dropped connections) are in
the request count, the failure count and the percentiles alike. `_stats_history.csv` rows are
cumulative totals once a second.

**Artillery 2.0.21** — not HdrHistogram: `@artilleryio/int-core` 2.16.0 `lib/ssms.js`
([artilleryio/artillery `packages/core/lib/ssms.js`](https://github.com/artilleryio/artillery/blob/main/packages/core/lib/ssms.js))
keeps every histogram as a DDSketch (`@artilleryio/sketches-js` 2.1.1, a fork of
[DataDog/sketches-js](https://github.com/DataDog/sketches-js/blob/master/src/ddsketch/DDSketch.ts))
with `relativeAccuracy: 0.01`, and summarizes it as `round(sketch.getValueAtQuantile(q), 1)`.
`getValueAtQuantile(q)`: `rank = q*(n-1)`, the bucket holding the element at 0-based index
`floor(rank)` (`DenseStore.keyAtRank`, lower), value = that log bucket's representative
`gamma^k * 2/(1+gamma)` with `gamma = 1.01/0.99` (within 1 % of the true value, so a p95 can
read 1863.5 for a true 1872.9). With few samples p95/p99 are *not* the maximum: for n = 10,
p95 and p99 are both the 9th value. The aggregate report merges the per-period (10 s)
sketches. What is recorded: `http.response_time` and the plugin's
`response_time.NAME` are `res.timings.phases.firstByte` (integer ms, request written → first
response byte; connection time excluded; `lib/engine_http.js`), for every response whatever
its status; requests that end in an error (ETIMEDOUT, ECONNRESET) are in no histogram.
metrics-by-endpoint 1.15.0 counts `NAME.codes.STATUS` and `NAME.errors.CODE` but no
per-endpoint request count (requests = codes + errors), and records `server-timing.NAME` only
from a `Server-Timing` entry named `total` (else -1).

**autocannon 9.0.0** — `lib/histUtil.js` builds the latency histogram with hdr-histogram-js
3.0.1 in WebAssembly (`lowestDiscernibleValue 1`, `highestTrackableValue 10000`, auto-resize,
5 significant digits); `lib/run.js` records each response's time (`process.hrtime` since the
request was queued on its connection) — 2xx only when `--excludeErrorStats`, every HTTP status
by default — and the WASM histogram stores it as an integer (1.9 ms → 1, checked here).
[`hdr-histogram-percentiles-obj` 3.0.0](https://github.com/GlenTiki/hdr-histogram-percentiles-obj)
reads `getValueAtPercentile(p)` for p in 0.001, 0.01, 0.1, 1, 2.5, 10, 25, 50, 75, 90, 97.5,
99, 99.9, 99.99, 99.999 (keys `p50`, `p97_5`, …; **no p95**): HdrHistogram's nearest rank,
`count = max(ceil(p/100*n), 1)`, value = the highest value equivalent to that bucket (exact
integers below 100000 ms with 5 digits). `mean` and `stddev` are rounded *up* to 0.01.
([HdrHistogramJS `JsHistogram.getValueAtPercentile`](https://github.com/HdrHistogram/HdrHistogramJS/blob/master/src/JsHistogram.ts))

**k6** (the public files; k6 could not be installed here) —
[`metrics/sink.go` `TrendSink.P`](https://github.com/grafana/k6/blob/v2.2.0/metrics/sink.go),
the same from v0.39.0 to v2.2.0: all values kept and sorted, `i = p*(n-1)`,
`v[floor(i)] + (v[ceil(i)] - v[floor(i)]) * (i - floor(i))` — numpy's default `linear`; one
value → that value; `med` = P(0.5). (An unmerged branch `hdr-dev`, commit 12c4eff 2025-03-10,
replaces the sink with an HDR histogram: a later k6 may approximate.) Rate metrics count
`passes` = samples ≠ 0 and `fails` = samples = 0, so for `http_req_failed` **`passes` are the
failed requests**. `--summary-export` (legacy, `internal/js/summary-wrapper.js`
`oldJSONSummary`) writes trend stats flat, a rate's `rate` as `value`, and each threshold as
`source: !ok` — **`true` means the threshold failed**; `handleSummary()` data keeps
`values: {...}` and `thresholds: {source: {ok: bool}}`.

**JMeter 2.13** — a JTL holds raw samples only (2.13 has no HTML dashboard); the truth above
computes nearest-rank (`numpy.percentile(method="inverted_cdf")`: the smallest sample with at
least p % of samples ≤ it) and numpy's default linear interpolation (as k6) over `elapsed`
(integer ms from just before the request is sent to the last response byte). `timeStamp` is
the sample's *start* (`sampleresult.timestamp.start=true` in this jmeter.properties). A failed
connection or timeout is a sample with `success=false`, `responseCode` "Non HTTP response
code: <exception class>", `Latency` 0 and `bytes` = the length of the stack trace JMeter stores
as the response.

**The server** — nearest-rank over `latency_ms` = end - start of the handler (request line
read → response written), so client-side times are larger by the network and client overhead.
"""

OBSERVATIONS_MD = """## What the fixtures show (timeouts, dropped connections, 5xx)

- **Locust**: a 503 is a failure `HTTPError('503 Server Error: …')`; a dropped connection is
  `RemoteDisconnected('Remote end closed connection without response')`; a client timeout is
  `ReadTimeout(…read timeout=2.0)`. All three are rows of `_failures.csv` (method, name, error,
  occurrences) and are in the stats rows' request and failure counts *and* percentiles (a
  timeout contributes its ~2000 ms). Only `HTTPError('5xx …')` tells a 5xx apart; the stats CSV
  has no status column. `"Median Response Time"` differs from `"50%"` on several rows and is
  written `130.0` (float) beside `68` (int) in the same file. `_stats_history.csv` is appended
  to and flushed only every 10 s (`CSV_STATS_FLUSH_INTERVAL_SEC`), and 2.12.1 never calls
  `close_files()`: the 8 s faults run's history kept only its t=0 row, the 15 s run's history
  ends about a second early.
- **Artillery**: a 503 is a response: `codes.503` counters and in `response_time` histograms.
  A dropped connection is `errors.ECONNRESET`, a timeout `errors.ETIMEDOUT`, both in
  `http.requests` but not in `http.responses` nor in any histogram, and the virtual user stops
  its scenario there (`vusers.failed`), so fewer requests follow.
- **autocannon**: a 503 counts in `non2xx` and `5xx` and its latency is in the histogram. A
  timeout counts in `timeouts` and `errors`, not in `requests.total` nor the latency. A
  connection the server closed without answering is **counted nowhere**: autocannon reconnects
  and sends the next request, the dropped one stays first in its per-connection queue, so every
  later response on that connection is timed from an earlier request's start — `errors`,
  `timeouts` and `resets` stay 0 (`resets` counts restarts of a request sequence, not TCP
  resets) and the latency percentiles grow (see `autocannon-faults-verify`).
- **JMeter**: a 503 is a sample with `responseCode` 503, `success=false`; a dropped connection
  is `Non HTTP response code: org.apache.http.NoHttpResponseException`, a timeout
  `Non HTTP response code: java.net.SocketTimeoutException` (elapsed ≈ the 2000 ms timeout),
  all in the JTL as ordinary samples.
- **The server's log** still shows a timed-out request as answered (201, note `client_gone`
  when the write failed), so server-side 5xx and error counts differ from every tool's failure
  count in the faults runs; counts differ too where a tool stops with requests in flight.
- Small samples: `POST /v1/imaging` is slow by design (its distribution's p95 is 2925 ms), but with ~10
  requests a run the tools' p95 ranges widely (Artillery's p95 is the 9th of 10 values).
"""


def imaging_note(result):
    """What each faults run says of POST /v1/imaging's p95 (the SLA asks < 2000 ms)."""
    key = "POST /v1/imaging"
    parts = []
    for run, t in result["runs"].items():
        e = t["endpoints"].get(key)
        if e is None or "faults" not in run:
            continue
        srv = t["server"]["endpoints"][key]["server_latency_ms"]["p95"]
        if t["tool"] == "jmeter":
            p95 = e["elapsed_ms_all_samples"]["p95"]["nearest_rank"]
            cut = sum(e["non_http_errors"].values())
            how = f"{cut} timeouts included as samples"
        elif t["tool"] == "autocannon":
            p95, cut = e["p97_5"], e["timeouts"]
            how = f"p97_5; {cut} timeouts left out"
        elif t["tool"] == "artillery":
            p95, cut = e["p95"], sum(e["errors"].values())
            how = f"{cut} ETIMEDOUT left out"
        else:
            p95 = e["p95"]
            cut = sum(e["errors"].values())
            how = f"{cut} ReadTimeout included at ~2000 ms"
        parts.append(f"- `{run}`: {fmt(p95)} ms ({how}; the server's p95 of the same requests: {fmt(srv)} ms)")
    if not parts:
        return []
    return ["", "With a 2 s client timeout, POST /v1/imaging's p95 (the SLA's limit is < 2000 ms) in this",
            "recording:", ""] + parts


def write_manifest(out, result, versions, here):
    def size(p):
        return os.path.getsize(os.path.join(out, p))
    L = ["# Load-test fixtures: manifest", "",
         "Real outputs of real load-test tools, made on this machine by `tests/peers/load/record`",
         "against `tests/peers/load/sla_server.py` on 127.0.0.1 (a fresh server per run; its log is",
         "the `*.server.tsv` beside each output). Nothing was edited after the tools wrote it.",
         "`expected.json` / `EXPECTED.md` hold the truth (`tests/peers/load/summarize.py`).", "",
         "## Versions", ""]
    L += [f"- {k}: {v}" for k, v in versions.items()]
    L += ["", "JMeter 2.13 as Debian 12 ships it cannot load a plan (libxstream-java 1.4.20 forbids every",
          "class: `ForbiddenClassException: org.apache.jmeter.save.ScriptWrapper`, exit 0);",
          "`tests/peers/load/JMeterXStreamOpen.java` runs the unchanged `org.apache.jmeter.JMeter` with",
          "XStream's allow-list opened.", "",
          "Inputs: `tests/peers/load/locustfile.py`, `artillery.yml`, `artillery-faults.yml`, `plan.jmx`,",
          "`plan-faults.jmx`. The `--faults` server answers 20 % of POST /v1/billing/claims with 503",
          "and closes 10 % of POST /v1/insurance/verify connections without a response.", "",
          "## Files", ""]
    for run, t in result["runs"].items():
        L += [f"### {run}", "", f"- tool: {TOOL_NOTES[t['tool']]}", f"- date (UTC): {t['started_utc']}",
              f"- command: `{t['command']}`", f"- exercises: {EXERCISES.get(run, '')}"]
        for fpath in t["files"] + [t["server_log"]]:
            L.append(f"- `{fpath}` ({size(fpath)} bytes)")
        L.append("")
    L += ["### Other files", "", "- `runs.tsv`, `versions.tsv`: what `record` ran, read by `summarize.py`",
          "- `expected.json`, `EXPECTED.md`: the truth; this `MANIFEST.md`", ""]
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    L += [f"Total size of the folder when written: {total} bytes.", ""]
    with open(os.path.join(out, "MANIFEST.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def main_k6(k6dir):
    result = {"generated_by": "tests/peers/load/summarize.py --k6", "files": {}}
    for dp, _, fs in sorted(os.walk(k6dir)):
        for fn in sorted(fs):
            p = os.path.join(dp, fn)
            rel = os.path.relpath(p, k6dir)
            if not fn.endswith(".json") or fn in ("expected.json",):
                continue
            with open(p, encoding="utf-8") as f:
                first = f.readline()
            try:
                head = json.loads(first)
            except ValueError:
                head = None
            if isinstance(head, dict) and head.get("type") in ("Metric", "Point"):
                result["files"][rel] = k6_ndjson_truth(p)
            else:
                result["files"][rel] = k6_summary_truth(p)
    with open(os.path.join(k6dir, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    L = ["# k6 files: the truth", "", "Written by `tests/peers/load/summarize.py --k6`. NDJSON: computed here from the",
         "`http_req_duration` points (k6's formula and nearest-rank); summaries: as written.", ""]
    for rel, t in result["files"].items():
        L += [f"## {rel}", "", f"Form: {t['form']}.", ""]
        if "endpoints" in t:
            L += ["| method name | requests | http_req_failed=1 | 5xx | med | p(90) | p(95) | p(99) | nearest-rank p95 |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for name, e in list(t["endpoints"].items()) + [("**all**", t["aggregate"])]:
                k = e["k6_formula"]
                L.append(f"| {name} | {e['requests']} | {e['http_req_failed_true']} | {e['http_5xx']} | {k['med']} | "
                         f"{k['p(90)']} | {k['p(95)']} | {k['p(99)']} | {e['nearest_rank']['p95']} |")
            L += ["", f"Points from {t['aggregate']['first_point_time']} to {t['aggregate']['last_point_time']}.", ""]
        else:
            d = t["http_req_duration"]
            L += [f"- http_reqs.count: {t['http_reqs_count']}; failed requests (`http_req_failed` passes): "
                  f"{t['failed_requests']}",
                  "- http_req_duration: " + ", ".join(f"{k} {fmt(v)}" for k, v in d.items()),
                  "- thresholds failed: " + (", ".join(f"`{k}` {v}" for k, v in t["threshold_failed"].items()) or "none"),
                  ""]
    with open(os.path.join(k6dir, "EXPECTED.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--k6":
        main_k6(sys.argv[2])
    elif len(sys.argv) == 2:
        main_fixtures(sys.argv[1])
    else:
        sys.exit(__doc__)
