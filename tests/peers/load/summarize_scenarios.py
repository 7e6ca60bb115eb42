#!/usr/bin/env python3
"""Write the independent truth for tests/fixtures/load/scenarios/ (./record-scenarios).

    summarize_scenarios.py SCENARIOS_DIR

Reads the tools' own files and the server's own log of each run (runs.tsv lists them)
and writes expected.json, EXPECTED.md and MANIFEST.md beside them. Nothing comes from
perfgate or from a tool's console output. Percentiles over raw samples are nearest rank:
the value at 1-based rank ceil(p/100 * n) of the n sorted samples (checked against numpy's
method="inverted_cdf", which is the same definition).

Debian's /usr/bin/python3 with python3-numpy; nothing else.
"""
import csv
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import numpy as np

PCTS = (50, 90, 95, 99)
SLO_ERROR_RATE = 0.01
SLO_P95_MS = (500, 1000)


def nearest_rank(vals, p):
    """The value at rank ceil(p/100 * n) (1-based) of the sorted values; None when empty."""
    if not vals:
        return None
    s = sorted(vals)
    rank = max(1, -(-p * len(s) // 100))  # integer ceil(p * n / 100)
    v = s[rank - 1]
    check = np.percentile(np.asarray(s, dtype=float), p, method="inverted_cdf")
    assert float(check) == float(v), (p, len(s), v, check)
    return v


def r3(v):
    return None if v is None else round(float(v), 3)


def figures(vals):
    """count, min, p50/p90/p95/p99 (nearest rank), max, mean of a list of ms values."""
    d = {"count": len(vals)}
    d.update({f"p{p}": nearest_rank(vals, p) for p in PCTS})
    d["min"] = min(vals) if vals else None
    d["max"] = max(vals) if vals else None
    d["mean"] = r3(sum(vals) / len(vals)) if vals else None
    return d


def num(x):
    """A number from a Locust CSV cell as written (int when integral); None for N/A or empty."""
    if x in (None, "", "N/A"):
        return None
    v = float(x)
    return int(v) if v == int(v) and "." not in str(x) else v


# ---------------------------------------------------------------- server log

def server_rows(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    for r in rows:
        r["start"], r["end"] = float(r["start_unix"]), float(r["end_unix"])
        r["status"], r["lat"] = int(r["status"]), float(r["latency_ms"])
        r["queue"] = float(r.get("queue_ms") or 0)
    return rows


def server_block(rs):
    lats = [r["lat"] for r in rs]
    first, last = min(r["start"] for r in rs), max(r["end"] for r in rs)
    d = {
        "requests": len(rs),
        "http_5xx": sum(r["status"] >= 500 for r in rs),
        "status_counts": dict(sorted(Counter(str(r["status"]) for r in rs).items())),
        "notes": dict(sorted(Counter(r["note"] for r in rs).items())),
        "server_latency_ms": {f"p{p}": r3(nearest_rank(lats, p)) for p in (50, 95, 99)},
        "first_start_unix": round(first, 6), "last_end_unix": round(last, 6),
        "duration_s": round(last - first, 3),
        "throughput_rps": round(len(rs) / (last - first), 3) if last > first else None,
    }
    if any(r["queue"] for r in rs):
        q = [r["queue"] for r in rs]
        d["queue_ms"] = {"p50": r3(nearest_rank(q, 50)), "p95": r3(nearest_rank(q, 95)), "max": r3(max(q))}
    return d


def server_truth(path):
    rows = server_rows(path)
    per = defaultdict(list)
    for r in rows:
        per[f'{r["method"]} {r["template"]}'].append(r)
    total = server_block(rows)
    total["endpoints"] = {}
    for k, v in sorted(per.items()):
        e = server_block(v)
        for x in ("first_start_unix", "last_end_unix", "duration_s", "throughput_rps"):
            e.pop(x)
        total["endpoints"][k] = e
    return total, rows


# ---------------------------------------------------------------- JTL (CSV with a header row)

def jtl_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["ts"], r["ms"] = int(r["timeStamp"]), int(r["elapsed"])
        r["error"] = not (r["responseCode"].isdigit() and 200 <= int(r["responseCode"]) < 300) or r["success"] != "true"
    return rows


def path_template(label):
    """The OpenAPI-style path template of a raw-URL label: scheme, host, port and query
    string dropped, every path segment made only of decimal digits replaced by {id}
    (so /v1/patients/search stays itself)."""
    path = urlsplit(label).path
    return "/".join("{id}" if re.fullmatch(r"[0-9]+", s) else s for s in path.split("/"))


def block(rows):
    ms = [r["ms"] for r in rows]
    d = figures(ms)
    d = {"requests": d.pop("count"), "errors": sum(r["error"] for r in rows), **d}
    d["response_codes"] = dict(sorted(Counter(r["responseCode"] for r in rows).items()))
    return d


def rawurl_truth(d, run):
    rows = jtl_rows(os.path.join(d, run["run"] + ".jtl"))
    server, srows = server_truth(os.path.join(d, run["server_log"]))
    by_t = defaultdict(list)
    for r in rows:
        by_t[path_template(r["label"])].append(r)
    srv_by_t = defaultdict(Counter)
    for r in srows:
        srv_by_t[r["template"]][r["method"]] += 1
    templates = {}
    for t, rs in sorted(by_t.items()):
        e = block(rs)
        labels = Counter(r["label"] for r in rs)
        e["distinct_labels"] = len(labels)
        e["example_labels"] = sorted(labels)[:2]
        e["methods_from_server_log"] = dict(sorted(srv_by_t.get(t, {}).items()))
        e["server_requests"] = sum(srv_by_t.get(t, {}).values())
        e["server_count_matches"] = e["server_requests"] == e["requests"]
        templates[t] = e
    whole = block(rows)
    whole["distinct_labels"] = len({r["label"] for r in rows})
    first = min(r["ts"] for r in rows)
    last = max(r["ts"] + r["ms"] for r in rows)
    whole["span_s"] = round((last - first) / 1000, 3)
    whole["throughput_rps"] = round(len(rows) / ((last - first) / 1000), 3)
    whole["server_requests"] = server["requests"]
    whole["server_count_matches"] = server["requests"] == len(rows)
    whole["max_allThreads"] = max(int(r["allThreads"]) for r in rows)
    return {
        "jtl": run["run"] + ".jtl",
        "jtl_form": "CSV with a header row (print_field_names=true) and the URL column (jmeter.save.saveservice.url=true)",
        "columns": list(rows[0].keys())[:13] if rows else [],
        "label_equals_url_column": sum(r["label"] == r["URL"] for r in rows),
        "grouping": "path of the label (urlsplit), query string, scheme, host and port dropped; "
                    "a path segment of decimal digits only is {id}",
        "error_definition": "responseCode not 2xx, or success is not \"true\"",
        "percentile_definition": "nearest rank: rank ceil(p/100 * n), 1-based, over the sorted elapsed (ms)",
        "templates": templates,
        "all": whole,
        "unmatched_server_templates": sorted(set(srv_by_t) - set(by_t)),
        "server": server,
    }


# ---------------------------------------------------------------- Locust

def locust_truth(d, run):
    prefix = os.path.join(d, run["run"])
    eps, agg = {}, None
    with open(prefix + "_stats.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            e = {
                "type": r["Type"], "name": r["Name"],
                "requests": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                "p50": num(r["50%"]), "p95": num(r["95%"]), "p99": num(r["99%"]),
                "requests_per_s": r3(float(r["Requests/s"])),
                "failures_per_s": r3(float(r["Failures/s"])),
                "median_response_time_column": num(r["Median Response Time"]),
                "avg": r3(num(r["Average Response Time"])),
                "min": r3(num(r["Min Response Time"])), "max": r3(num(r["Max Response Time"])),
            }
            if r["Name"] == "Aggregated":
                agg = e
            else:
                eps[f'{r["Type"]} {r["Name"]}'] = e
    hist = list(csv.DictReader(open(prefix + "_stats_history.csv", encoding="utf-8")))
    agg_hist = [h for h in hist if h["Name"] == "Aggregated"]
    users = [int(h["User Count"]) for h in agg_hist]
    failures = {}
    with open(prefix + "_failures.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            failures[f'{r["Method"]} {r["Name"]}: {r["Error"]}'] = int(r["Occurrences"])
    m = re.search(r" -u (\d+) -r (\d+) -t (\S+)", run["command"])
    server, _ = server_truth(os.path.join(d, run["server_log"]))
    return {
        "files": [run["run"] + s for s in ("_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv", ".console.txt")],
        "users": int(m.group(1)), "spawn_rate": int(m.group(2)), "run_time": m.group(3),
        "percentiles_from": 'stats CSV columns "50%", "95%", "99%" (ms, as Locust wrote them: rounded to 2 significant digits above 100 ms)',
        "aggregated": agg, "endpoints": eps, "failures": failures,
        "history": {"rows_aggregated": len(agg_hist), "max_user_count": max(users) if users else None,
                    "last_user_count": users[-1] if users else None,
                    "last_timestamp": int(agg_hist[-1]["Timestamp"]) if agg_hist else None,
                    "first_timestamp": int(agg_hist[0]["Timestamp"]) if agg_hist else None},
        "server": server,
    }


# ---------------------------------------------------------------- ramp

def intervals(rows, key):
    """1-second intervals from t0 = the first request's start (min timeStamp); a request
    falls in interval floor((key(r) - t0) / 1000)."""
    t0 = min(r["ts"] for r in rows)
    bins = defaultdict(list)
    for r in rows:
        bins[(key(r) - t0) // 1000].append(r)
    out = []
    for i in range(0, max(bins) + 1):
        rs = bins.get(i, [])
        ms = [r["ms"] for r in rs]
        errs = sum(r["error"] for r in rs)
        thr = [int(r["allThreads"]) for r in rs]
        out.append({
            "interval": i, "from_s": i, "to_s": i + 1,
            "requests": len(rs),
            "allThreads_max": max(thr) if thr else None, "allThreads_min": min(thr) if thr else None,
            "p50": nearest_rank(ms, 50), "p95": nearest_rank(ms, 95), "max": max(ms) if ms else None,
            "errors": errs, "error_rate": r3(errs / len(rs)) if rs else None,
        })
    return t0, out


def breaking_point(ivs, p95_limit):
    def ok(j):
        if j < 0 or j >= len(ivs) or ivs[j]["requests"] == 0:
            return False
        return ivs[j]["p95"] < p95_limit and ivs[j]["errors"] / ivs[j]["requests"] < SLO_ERROR_RATE
    held = [iv for iv in ivs if ok(iv["interval"]) and ok(iv["interval"] - 1) and ok(iv["interval"] + 1)]
    if not held:
        return {"p95_below_ms": p95_limit, "interval": None}
    best = max(held, key=lambda iv: (iv["requests"], iv["allThreads_max"], iv["interval"]))
    last = held[-1]
    return {"p95_below_ms": p95_limit, "interval": best["interval"], "throughput_rps": best["requests"],
            "users_allThreads_max": best["allThreads_max"], "p95": best["p95"], "error_rate": best["error_rate"],
            "qualifying_intervals": [iv["interval"] for iv in held],
            "last_counting_interval": {"interval": last["interval"], "throughput_rps": last["requests"],
                                       "users_allThreads_max": last["allThreads_max"], "p95": last["p95"]},
            "first_interval_failing_condition": next((iv["interval"] for iv in ivs if iv["interval"] > 0 and not ok(iv["interval"])), None)}


def ramp_truth(d, run):
    rows = jtl_rows(os.path.join(d, run["run"] + ".jtl"))
    server, srows = server_truth(os.path.join(d, run["server_log"]))
    t0, by_end = intervals(rows, lambda r: r["ts"] + r["ms"])
    _, by_start = intervals(rows, lambda r: r["ts"])
    per_label = {lb: block([r for r in rows if r["label"] == lb]) for lb in sorted({r["label"] for r in rows})}
    # the server's view per second of the same clock (its start/end are unix seconds)
    srv_sec = defaultdict(list)
    for r in srows:
        srv_sec[int((r["end"] * 1000 - t0) // 1000)].append(r)
    server_intervals = [{"interval": i, "requests": len(srv_sec.get(i, [])),
                         "queue_ms_p95": r3(nearest_rank([r["queue"] for r in srv_sec.get(i, [])], 95)),
                         "queue_timeouts": sum(r["note"] == "queue_timeout" for r in srv_sec.get(i, []))}
                        for i in range(0, max(srv_sec) + 1) if i >= 0]
    return {
        "jtl": run["run"] + ".jtl",
        "t0_ms": t0,
        "interval_definition": "1-second intervals [t0 + i s, t0 + (i+1) s), t0 = the smallest timeStamp "
                               "(the first request's start); a request belongs to the interval of its END "
                               "time, timeStamp + elapsed (by_start_time: of its timeStamp). requests = "
                               "requests completed in the interval = throughput in req/s; allThreads_max/min "
                               "over the interval's rows; p95 nearest rank over their elapsed; error = "
                               "responseCode not 2xx or success not \"true\"; error_rate = errors / requests.",
        "breaking_point_definition": "an interval i holds when it has at least one request, its p95 < LIMIT ms "
                                     "and its error rate < 1 %; it counts (sustained) when intervals i-1, i and "
                                     "i+1 all hold (so the first and the last interval never count). The "
                                     "breaking point is the counting interval with the most requests "
                                     "(throughput); ties go to the larger allThreads_max, then to the later "
                                     "interval. Its users = that interval's allThreads_max. Also given: the "
                                     "last counting interval (the most load for which the condition was "
                                     "sustained), which tells the limits apart when throughput has levelled off.",
        "by_end_time": by_end,
        "breaking_point": {str(l): breaking_point(by_end, l) for l in SLO_P95_MS},
        "by_start_time": by_start,
        "breaking_point_by_start_time": {str(l): breaking_point(by_start, l) for l in SLO_P95_MS},
        "all": {**block(rows), "max_allThreads": max(int(r["allThreads"]) for r in rows),
                "server_requests": server["requests"], "server_count_matches": server["requests"] == len(rows)},
        "per_label": per_label,
        "server": server,
        "server_intervals_by_end_time": server_intervals,
    }


# ---------------------------------------------------------------- writing

def md_fig(v):
    return "–" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    runs = list(csv.DictReader(open(os.path.join(d, "runs.tsv"), encoding="utf-8"), delimiter="\t"))
    versions = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(d, "versions.tsv"), encoding="utf-8") if l.strip())
    truth = {"generated_by": "tests/peers/load/summarize_scenarios.py", "versions": versions, "runs": {}}
    for run in runs:
        if run["run"] == "jmeter-rawurl":
            t = rawurl_truth(d, run)
        elif run["tool"] == "locust":
            t = locust_truth(d, run)
        elif run["run"] == "ramp":
            t = ramp_truth(d, run)
        else:
            continue
        t["command"], t["server_command"], t["started_utc"] = run["command"], run["server_command"], run["started_utc"]
        truth["runs"][run["run"]] = t
    with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1, sort_keys=False)
        f.write("\n")
    write_expected_md(d, truth)
    write_manifest(d, truth, runs)


def write_expected_md(d, truth):
    R = truth["runs"]
    L = ["# Load-test scenarios: the truth", "",
         "Written by `tests/peers/load/summarize_scenarios.py` from the tools' own files and the server's",
         "own log of each run (`*.server.tsv`), independently of perfgate; `expected.json` has the same",
         "numbers and more. Times are milliseconds. Percentiles over raw samples are **nearest rank**: the",
         "value at 1-based rank ceil(p/100 · n) of the n sorted samples.", ""]
    # (1)
    t = R["jmeter-rawurl"]
    a = t["all"]
    L += ["## jmeter-rawurl: raw URLs as labels", "",
          "JMeter 2.13, `plan-rawurl.jmx` (18 + 2 threads, 12 s) against `sla_server.py`. Every sampler is named",
          "by its real request URL, e.g. `http://127.0.0.1:PORT/v1/patients/427?include=contacts`, the id",
          "drawn per request by `${__Random(1,999,id)}` in the path and read back as `${id}` in the name.",
          f"File `jmeter-rawurl.jtl`: {t['jtl_form']}; the `label` equals the `URL` column on "
          f"{t['label_equals_url_column']} of {a['requests']} rows.", "",
          "Grouping: the label's path (scheme, host, port and query string dropped), every segment of",
          "decimal digits only replaced by `{id}`. The JTL has no method column: GET and PUT",
          "`/v1/patients/{id}` are one template here, and GET and POST `/v1/appointments` another;",
          "the methods are the server's. Errors: responseCode not 2xx, or success not true.", "",
          "| template | methods (server log) | distinct labels | requests | errors | p50 | p90 | p95 | p99 | max | mean | server requests |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for k, e in t["templates"].items():
        meth = ", ".join(f"{m} {n}" for m, n in e["methods_from_server_log"].items())
        L.append(f"| `{k}` | {meth} | {e['distinct_labels']} | {e['requests']} | {e['errors']} | {e['p50']} | {e['p90']} | "
                 f"{e['p95']} | {e['p99']} | {e['max']} | {md_fig(e['mean'])} | {e['server_requests']} |")
    L.append(f"| **whole run** | | {a['distinct_labels']} | {a['requests']} | {a['errors']} | {a['p50']} | {a['p90']} | "
             f"{a['p95']} | {a['p99']} | {a['max']} | {md_fig(a['mean'])} | {a['server_requests']} |")
    mism = [k for k, e in t["templates"].items() if not e["server_count_matches"]]
    L += ["", f"Templates: {len(t['templates'])} (13 SLA endpoints, two pairs sharing a path). "
          f"Span {a['span_s']} s (first timeStamp to last timeStamp + elapsed), {a['throughput_rps']} req/s; "
          f"response codes {a['response_codes']} (the 503s are the server's seeded 2 % on POST /v1/billing/claims).",
          "Server check: " + ("the server's count per path template (its methods added up) equals JMeter's for "
                              "every template, and in total." if not mism and a["server_count_matches"] else
                              f"counts differ for {mism}; total JTL {a['requests']}, server {a['server_requests']}."), ""]
    # (2)
    L += ["## locust-steady and locust-spike: one API, two loads", "",
          "Locust 2.12.1, `locustfile.py` SlaUser (name= path templates) against `sla_server.py`.",
          "Figures as Locust wrote them in `*_stats.csv` (per-name rows and the Aggregated row; 50 %/95 %/99 % are",
          "Locust's rounded histogram values). Locust rewrites the CSV once a second and its last",
          "rewrite is before the run's end, so the CSV holds fewer requests than the server saw.", ""]
    for name in ("locust-steady", "locust-spike"):
        t = R[name]
        g = t["aggregated"]
        s = t["server"]
        L += [f"### {name}: {t['users']} users, spawn rate {t['spawn_rate']}/s, {t['run_time']}", "",
              "| Type Name | requests | failures | 50% | 95% | 99% | req/s |", "|---|---:|---:|---:|---:|---:|---:|"]
        for k, e in t["endpoints"].items():
            L.append(f"| {k} | {e['requests']} | {e['failures']} | {e['p50']} | {e['p95']} | {e['p99']} | {e['requests_per_s']} |")
        L.append(f"| **Aggregated** | {g['requests']} | {g['failures']} | {g['p50']} | {g['p95']} | {g['p99']} | {g['requests_per_s']} |")
        L += ["", f"History: {t['history']['rows_aggregated']} Aggregated rows, User Count up to {t['history']['max_user_count']}. "
              f"Failures: {t['failures'] or 'none'}. Server: {s['requests']} requests in {s['duration_s']} s "
              f"({s['throughput_rps']} req/s), server latency p50/p95/p99 {s['server_latency_ms']['p50']} / "
              f"{s['server_latency_ms']['p95']} / {s['server_latency_ms']['p99']}, status {s['status_counts']}, notes {s['notes']}.", ""]
    st, sp = R["locust-steady"], R["locust-spike"]
    L += ["Steady vs spike (Aggregated): requests/s "
          f"{st['aggregated']['requests_per_s']} → {sp['aggregated']['requests_per_s']}, p50 {st['aggregated']['p50']} → "
          f"{sp['aggregated']['p50']}, p95 {st['aggregated']['p95']} → {sp['aggregated']['p95']}, p99 "
          f"{st['aggregated']['p99']} → {sp['aggregated']['p99']}; server p95 {st['server']['server_latency_ms']['p95']} → "
          f"{sp['server']['server_latency_ms']['p95']}. `sla_server.py` sleeps a seeded latency per request in its own "
          "thread, so it does not degrade with concurrency; what moves is the mix (the Aggregated p99 sits on "
          "POST /v1/imaging, 1500–3000 ms) and the client's own overhead.", ""]
    # (3)
    t = R["ramp"]
    a = t["all"]
    L += ["## ramp: a stepped ramp to find a breaking point", "",
          "JMeter 2.13, `plan-ramp.jmx`: 10 thread groups of 6 threads, group i starting at 2(i−1) s, all",
          "ending at 20 s (6 → 60 threads, 2 s a step), 7 samplers (labels `METHOD /template`, no imaging, no",
          "claims) with 200–600 ms think time, against `sla_server_capacity.py --capacity=5 --queue-timeout=1`:",
          "5 workers, a request that waited 1 s for one answered 503 (note `queue_timeout` in the server log).",
          f"File `ramp.jtl`: CSV with a header row, allThreads per row. {a['requests']} requests, {a['errors']} errors "
          f"(codes {a['response_codes']}), server {a['server_requests']}"
          f" ({'equal' if a['server_count_matches'] else 'DIFFERENT'}).", "",
          "Intervals: " + t["interval_definition"], "",
          "| interval (s from t0) | requests (= req/s) | allThreads max | min | p50 | p95 | max | errors | error rate |",
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for iv in t["by_end_time"]:
        L.append(f"| {iv['from_s']}–{iv['to_s']} | {iv['requests']} | {md_fig(iv['allThreads_max'])} | {md_fig(iv['allThreads_min'])} | "
                 f"{md_fig(iv['p50'])} | {md_fig(iv['p95'])} | {md_fig(iv['max'])} | {iv['errors']} | {md_fig(iv['error_rate'])} |")
    L += ["", "Breaking point: " + t["breaking_point_definition"], "",
          "Throughput levels off near capacity (5 workers / about 120 ms mean service time ≈ 40 req/s) from about",
          "24 users on while p95 keeps climbing, so the highest-throughput interval is a peak in that plateau;",
          "the last counting interval is where each limit gives out.", ""]
    for lim, bp in t["breaking_point"].items():
        if bp["interval"] is None:
            L.append(f"- **p95 < {lim} ms**: no interval counts.")
        else:
            L.append(f"- **p95 < {lim} ms** and errors < 1 %: interval {bp['interval']}–{bp['interval'] + 1} s, "
                     f"**{bp['throughput_rps']} req/s at {bp['users_allThreads_max']} users** (allThreads max), p95 {bp['p95']}, "
                     f"error rate {bp['error_rate']}; counting intervals {bp['qualifying_intervals']}; the last counting "
                     f"interval, {bp['last_counting_interval']['interval']}, had {bp['last_counting_interval']['throughput_rps']} req/s at "
                     f"{bp['last_counting_interval']['users_allThreads_max']} users, p95 {bp['last_counting_interval']['p95']}.")
    L.append("")
    L.append("By start time (timeStamp) instead: " + "; ".join(
        f"p95 < {lim}: " + ("none" if bp["interval"] is None else
                            f"interval {bp['interval']}, {bp['throughput_rps']} req/s at {bp['users_allThreads_max']} users")
        for lim, bp in t["breaking_point_by_start_time"].items()) + ".")
    s = t["server"]
    L += ["", f"Server: {s['requests']} requests, notes {s['notes']}, queue wait p50/p95/max "
          f"{s.get('queue_ms', {}).get('p50')} / {s.get('queue_ms', {}).get('p95')} / {s.get('queue_ms', {}).get('max')} ms, "
          f"server latency p50/p95/p99 {s['server_latency_ms']['p50']} / {s['server_latency_ms']['p95']} / {s['server_latency_ms']['p99']}.", ""]
    L += ["| label | requests | errors | p50 | p90 | p95 | p99 | max | mean |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for k, e in t["per_label"].items():
        L.append(f"| {k} | {e['requests']} | {e['errors']} | {e['p50']} | {e['p90']} | {e['p95']} | {e['p99']} | {e['max']} | {md_fig(e['mean'])} |")
    L.append("")
    open(os.path.join(d, "EXPECTED.md"), "w", encoding="utf-8").write("\n".join(L))


EXERCISES = {
    "jmeter-rawurl": "a tool that names each request by its full URL (scheme, host, port, a random id per "
                     "request, query string): the labels must be matched to `{id}` path templates; 13 SLA "
                     "endpoints in 11 path templates (GET+PUT /v1/patients/{id}, GET+POST /v1/appointments); "
                     "503s on POST /v1/billing/claims; JTL CSV with a header row and the URL column",
    "locust-steady": "the API at 20 users (spawn rate 10, 15 s); name= path templates; 503s on claims",
    "locust-spike": "the same API at 60 users (spawn rate 60: all at once, 10 s): a second scenario of one API",
    "ramp": "a stepped ramp 6 → 60 threads (2 s steps, 20 s) against a server with 5 workers and a 1 s "
            "queue timeout: throughput levels off, p95 climbs, 503s at the top; one JTL row per request "
            "with allThreads, for per-second intervals and a breaking point",
}


def write_manifest(d, truth, runs):
    def files_of(run):
        n = run["run"]
        if run["tool"] == "locust":
            fs = [f"{n}_stats.csv", f"{n}_stats_history.csv", f"{n}_failures.csv", f"{n}_exceptions.csv", f"{n}.console.txt"]
        else:
            fs = [f"{n}.jtl", f"{n}.console.txt"]
        return fs + [run["server_log"]]
    L = ["# Load-test scenarios: manifest", "",
         "Real outputs of real load-test tools, made on this machine by `tests/peers/load/record-scenarios`",
         "against a server on 127.0.0.1 (a fresh one per run; its own log is the `*.server.tsv` beside each",
         "output). Nothing was edited after the tools wrote it. `expected.json` / `EXPECTED.md` hold the",
         "truth (`tests/peers/load/summarize_scenarios.py`, Python + numpy, not perfgate).", "",
         "## Versions", ""]
    L += [f"- {k}: {v}" for k, v in truth["versions"].items()]
    L += ["",
          "JMeter 2.13 is run through `tests/peers/load/JMeterXStreamOpen.java` (Debian 12's libxstream-java",
          "1.4.20 forbids every class JMeter 2.13 loads; see ../MANIFEST.md).", "",
          "Servers: `tests/peers/load/sla_server.py` (seeded latency per endpoint, 2 % 503 on POST",
          "/v1/billing/claims; never slower under load), and for `ramp` its copy",
          "`tests/peers/load/sla_server_capacity.py`, whose opt-in flags make it degrade:",
          "`--capacity=N` (N workers, first come first served; a request's latency is its queue wait plus",
          "its seeded latency; log column 10 `queue_ms`) and `--queue-timeout=S` (a request that waited S s",
          "for a worker is answered 503 at once, note `queue_timeout`). Its docstring has the details.", "",
          "Inputs: `tests/peers/load/plan-rawurl.jmx`, `locustfile.py`, `plan-ramp.jmx`.", "",
          "## Files", ""]
    total = 0
    for run in runs:
        L += [f"### {run['run']}", "",
              f"- tool: {'Locust 2.12.1 (Debian python3-locust)' if run['tool'] == 'locust' else 'Apache JMeter 2.13 (Debian jmeter 2.13-5)'}",
              f"- date (UTC): {run['started_utc']}",
              f"- command: `{run['command']}`",
              f"- server: `{run['server_command']}`",
              f"- exercises: {EXERCISES.get(run['run'], '')}"]
        for f in files_of(run):
            size = os.path.getsize(os.path.join(d, f))
            L.append(f"- `{f}` ({size} bytes)")
        L.append("")
    L += ["### Other files", "",
          "- `runs.tsv`, `versions.tsv`: what `record-scenarios` ran, read by `summarize_scenarios.py`",
          "- `expected.json`, `EXPECTED.md`: the truth; this `MANIFEST.md`", ""]
    for f in os.listdir(d):
        if f != "MANIFEST.md":
            total += os.path.getsize(os.path.join(d, f))
    L.append(f"Total size of the folder when written (without this file): {total} bytes.")
    open(os.path.join(d, "MANIFEST.md"), "w", encoding="utf-8").write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
