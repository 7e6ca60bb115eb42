#!/usr/bin/env python3
"""Write the independent truth for tests/fixtures/load/ramps/ (./record-ramps).

    summarize_ramps.py RAMPS_DIR

Reads the tools' own files (Locust's *_stats_history.csv, Artillery's --output report.json)
and the server's own log of each run (runs.tsv lists them) and writes expected.json,
EXPECTED.md and MANIFEST.md beside them: per run the time series perfgate should report
(per interval: throughput, active users, p95, error rate), the breaking point for each
pair of targets, and a cross-check of the tool's figures against the server's log. Nothing
comes from perfgate or from a tool's console output. Percentiles over the server's raw
latencies are nearest rank (rank ceil(p/100 * n), 1-based; checked against numpy's
method="inverted_cdf").

Debian's /usr/bin/python3 with python3-numpy; nothing else.
"""
import csv
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict

import numpy as np

# (p95 below, ms; error rate below, %). The first two are the targets asked for; the third
# is given for information: the first's p95 limit with a looser error limit.
TARGETS = ((500, 1), (1000, 5), (500, 5))


def target_key(p95, err):
    return f"p95<{p95}ms,errors<{err}%"


def nearest_rank(vals, p):
    """The value at rank ceil(p/100 * n) (1-based) of the sorted values; None when empty."""
    if not vals:
        return None
    s = sorted(vals)
    rank = max(1, -(-p * len(s) // 100))
    v = s[rank - 1]
    check = np.percentile(np.asarray(s, dtype=float), p, method="inverted_cdf")
    assert float(check) == float(v), (p, len(s), v, check)
    return v


def r3(v):
    return None if v is None else round(float(v), 3)


def locust_round(ms):
    """A response time as Locust stores it (stats.py _log_response_time): to 1 ms below 100 ms,
    10 ms below 1 s, 100 ms below 10 s, 1 s above."""
    for limit, digits in ((100, 0), (1000, -1), (10000, -2)):
        if ms < limit:
            return int(round(ms, digits))
    return int(round(ms, -3))


def locust_percentile(vals, percent):
    """Locust's rule (stats.py calculate_response_time_percentile) over raw values: rounded as
    Locust stores them, then, from the largest down, the first value at which the count of
    smaller ones is <= int(n * percent)."""
    if not vals:
        return None
    buckets = Counter(locust_round(v) for v in vals)
    n, num_of_request, processed = len(vals), int(len(vals) * percent), 0
    for v in sorted(buckets, reverse=True):
        processed += buckets[v]
        if n - processed <= num_of_request:
            return v
    return 0


def num(x):
    """A number from a Locust CSV cell (int when written as one); None for N/A or empty."""
    if x in (None, "", "N/A"):
        return None
    v = float(x)
    return int(v) if "." not in x and v == int(v) else v


# ---------------------------------------------------------------- the server's log

def server_rows(path):
    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    for r in rows:
        r["start"], r["end"] = float(r["start_unix"]), float(r["end_unix"])
        r["status"], r["lat"] = int(r["status"]), float(r["latency_ms"])
        r["queue"] = float(r.get("queue_ms") or 0)
    return rows


def server_summary(rows):
    lats = [r["lat"] for r in rows]
    first, last = min(r["start"] for r in rows), max(r["end"] for r in rows)
    return {
        "requests": len(rows),
        "http_5xx": sum(r["status"] >= 500 for r in rows),
        "status_counts": dict(sorted(Counter(str(r["status"]) for r in rows).items())),
        "notes": dict(sorted(Counter(r["note"] for r in rows).items())),
        "latency_ms": {f"p{p}": r3(nearest_rank(lats, p)) for p in (50, 95, 99)},
        "queue_ms": {"p50": r3(nearest_rank([r["queue"] for r in rows], 50)),
                     "p95": r3(nearest_rank([r["queue"] for r in rows], 95)),
                     "max": r3(max(r["queue"] for r in rows))},
        "first_start_unix": round(first, 6), "last_end_unix": round(last, 6),
        "duration_s": round(last - first, 3),
    }


def server_per_second(rows):
    """{unix second: (requests completed, 5xx completed)}: by floor(end_unix)."""
    done, bad = Counter(), Counter()
    for r in rows:
        s = int(math.floor(r["end"]))
        done[s] += 1
        bad[s] += r["status"] >= 500
    return done, bad


# ---------------------------------------------------------------- breaking point

def breaking_point(series, p95_limit, err_limit):
    """An interval holds when its p95 < p95_limit and its error rate < err_limit (%); it
    counts when the intervals just before and after it hold too (so the first and the last
    never count). The breaking point is the counting interval with the highest throughput;
    ties: more users, then the later interval."""
    def holds(iv):
        return iv["p95_ms"] is not None and iv["p95_ms"] < p95_limit and iv["error_rate_pct"] < err_limit
    h = [holds(iv) for iv in series]
    counting = [i for i in range(1, len(series) - 1) if h[i - 1] and h[i] and h[i + 1]]
    top = max(range(len(series)), key=lambda i: (series[i]["users"], i)) if series else None
    d = {"p95_below_ms": p95_limit, "error_rate_below_pct": err_limit,
         "holding": [i for i, x in enumerate(h) if x], "counting": counting,
         "first_not_holding": next((i for i, x in enumerate(h) if not x), None),
         "top_users_interval": top, "top_users_interval_holds": h[top] if series else None}
    if not counting:
        d.update({"index": None})
        return d
    b = max(counting, key=lambda i: (series[i]["throughput_rps"], series[i]["users"], i))
    iv = series[b]
    d.update({"index": b, "t_s": iv["t_s"], "throughput_rps": iv["throughput_rps"], "users": iv["users"],
              "p95_ms": iv["p95_ms"], "error_rate_pct": iv["error_rate_pct"]})
    return d


# ---------------------------------------------------------------- Locust

LOCUST_DEF = (
    'rows of PREFIX_stats_history.csv whose Name is "Aggregated" (Type is empty on them), in file '
    'order; leading rows whose "Requests/s" is 0 and whose "95%" is N/A or 0 are skipped (nothing '
    'measured yet), every row from the first with either nonzero is kept. t_s = Timestamp - the first '
    'kept row\'s Timestamp; users = "User Count"; throughput_rps = "Requests/s"; p95_ms = "95%"; '
    'error_rate_pct = 100 * "Failures/s" / "Requests/s" (0 when "Requests/s" is 0).')


def locust_series(d, run):
    prefix = os.path.join(d, run["run"])
    hist = list(csv.DictReader(open(prefix + "_stats_history.csv", encoding="utf-8")))
    agg = [h for h in hist if h["Name"] == "Aggregated"]
    kept, skipped = [], 0
    for h in agg:
        rps, p95 = float(h["Requests/s"]), num(h["95%"])
        if not kept and rps == 0 and not p95:
            skipped += 1
            continue
        kept.append(h)
    t0 = int(kept[0]["Timestamp"])
    series = []
    for i, h in enumerate(kept):
        rps, fps = float(h["Requests/s"]), float(h["Failures/s"])
        series.append({
            "index": i, "t_s": int(h["Timestamp"]) - t0, "timestamp": int(h["Timestamp"]),
            "users": int(h["User Count"]), "throughput_rps": r3(rps), "p95_ms": num(h["95%"]),
            "failures_per_s": r3(fps), "error_rate_pct": r3(100 * fps / rps) if rps else 0.0,
            "p50_ms": num(h["50%"]), "total_requests": int(h["Total Request Count"]),
            "total_failures": int(h["Total Failure Count"]),
        })
    names = Counter((h["Type"], h["Name"]) for h in hist if h["Name"] != "Aggregated")
    ts = [int(h["Timestamp"]) for h in agg]
    gaps = Counter(b - a for a, b in zip(ts, ts[1:]))
    history_info = {
        "columns": list(hist[0].keys()),
        "rows": len(hist), "aggregated_rows": len(agg), "aggregated_rows_skipped_at_start": skipped,
        "per_endpoint_rows": sum(names.values()),
        "per_endpoint_names": len(names),
        "aggregated_timestamp_steps": {str(k): v for k, v in sorted(gaps.items())},
        "first_aggregated_row": {k: agg[0][k] for k in ("Timestamp", "User Count", "Requests/s", "95%")},
    }
    return series, history_info, int(agg[0]["Timestamp"])


def locust_cross_check(series, srows, s0):
    """Per kept row (Timestamp T): what the server's log says for the same moments.
    server_rps_locust_window = the server's completed requests per second averaged over the
    seconds Locust's current_rps averages (range(max(T - 12, S0), T - 2), S0 = the first
    history row's Timestamp, T taken for int(last_request_timestamp)); server_rps_last_second
    = requests the server completed in second T - 1 (the last whole second); server_p95_*: the
    server's latency over requests that ended in [T - 9, T + 1) (Locust's "95%" is over the
    requests completed since its snapshot of the end of second T - 10, up to the write, within
    second T), by Locust's own percentile rule and by nearest rank;
    server_5xx_pct_locust_window = 100 * 5xx / completed over Locust's window."""
    done, bad = server_per_second(srows)
    by_end = sorted(srows, key=lambda r: r["end"])
    out = []
    for iv in series:
        T = iv["timestamp"]
        secs = list(range(max(T - 12, s0), T - 2))
        n = sum(done[s] for s in secs)
        f = sum(bad[s] for s in secs)
        lats = [r["lat"] for r in by_end if T - 9 <= r["end"] < T + 1]
        out.append({
            "index": iv["index"], "t_s": iv["t_s"], "timestamp": T,
            "window_seconds": [secs[0], secs[-1]] if secs else None,
            "locust_rps": iv["throughput_rps"],
            "server_rps_locust_window": r3(n / max(len(secs), 1)),
            "server_rps_last_second": done[T - 1],
            "locust_p95_ms": iv["p95_ms"],
            "server_p95_locust_rule_ms": locust_percentile(lats, 0.95),
            "server_p95_nearest_rank_ms": r3(nearest_rank(lats, 95)),
            "locust_error_rate_pct": iv["error_rate_pct"],
            "server_5xx_pct_locust_window": r3(100 * f / n) if n else 0.0,
        })
    return out


# ---------------------------------------------------------------- Artillery

ARTILLERY_DEF = (
    'one interval per entry of the report\'s "intermediate" array, sorted by int(period). t_s = '
    '(period - first period) / 1000; seconds = next period - this period, in s (the last: the same as '
    'the one before); requests = counters["http.requests"]; throughput_rps = requests / seconds; '
    'p95_ms = summaries["http.response_time"].p95; errors = the sum of the counters "http.codes.5xx" '
    '(every http.codes.5NN) and "errors.*"; error_rate_pct = 100 * errors / requests (0 when requests '
    'is 0); users = cumulative vusers.created - cumulative (vusers.completed + vusers.failed) at the '
    'end of the interval (virtual users still active).')


def artillery_series(d, run):
    rep = json.load(open(os.path.join(d, run["run"] + ".report.json"), encoding="utf-8"))
    ixs = sorted(rep["intermediate"], key=lambda x: int(x["period"]))
    periods = [int(x["period"]) for x in ixs]
    p0 = periods[0]
    created = done = 0
    series = []
    for i, x in enumerate(ixs):
        c = x.get("counters", {})
        if i + 1 < len(ixs):
            secs = (periods[i + 1] - periods[i]) / 1000
        else:
            secs = series[-1]["seconds"] if series else 10.0
        req = c.get("http.requests", 0)
        codes5 = {k: v for k, v in c.items() if k.startswith("http.codes.5")}
        errs = {k: v for k, v in c.items() if k.startswith("errors.")}
        nerr = sum(codes5.values()) + sum(errs.values())
        created += c.get("vusers.created", 0)
        done += c.get("vusers.completed", 0) + c.get("vusers.failed", 0)
        rt = x.get("summaries", {}).get("http.response_time")
        series.append({
            "index": i, "t_s": (periods[i] - p0) / 1000, "period": periods[i], "seconds": secs,
            "requests": req, "throughput_rps": r3(req / secs),
            "p95_ms": rt["p95"] if rt else None, "errors": nerr,
            "error_rate_pct": r3(100 * nerr / req) if req else 0.0,
            "users": created - done,
            "responses": c.get("http.responses", 0),
            "codes": {k[len("http.codes."):]: v for k, v in sorted(c.items()) if k.startswith("http.codes.")},
            "errors_by_name": errs,
            "vusers_created": c.get("vusers.created", 0), "vusers_completed": c.get("vusers.completed", 0),
            "vusers_failed": c.get("vusers.failed", 0),
            "arrivals_per_s": r3(c.get("vusers.created", 0) / secs),
            "response_time_count": rt["count"] if rt else 0,
            "p50_ms": rt["p50"] if rt else None,
            "firstMetricAt": x.get("firstMetricAt"), "lastMetricAt": x.get("lastMetricAt"),
            "metrics_span_s": r3((x["lastMetricAt"] - x["firstMetricAt"]) / 1000) if x.get("firstMetricAt") else None,
        })
    info = {
        "top_level_keys": sorted(rep.keys()),
        "intermediate_entries": len(ixs),
        "intermediate_keys": sorted(ixs[0].keys()),
        "period_json_type": type(ixs[0]["period"]).__name__,
        "period_steps_ms": sorted({b - a for a, b in zip(periods, periods[1:])}),
        "periods_on_10s_boundaries": all(p % 10000 == 0 for p in periods),
        "histograms_equal_summaries": all(x.get("histograms") == x.get("summaries") for x in ixs),
        "counter_names": sorted({k for x in ixs for k in x.get("counters", {}) if not k.startswith("plugins.")}),
        "plugin_counter_examples": sorted({k for x in ixs for k in x.get("counters", {}) if k.startswith("plugins.")})[:6],
        "summary_names": sorted({k for x in ixs for k in x.get("summaries", {}) if not k.startswith("plugins.")}),
        "rates_key": sorted({k for x in ixs for k in x.get("rates", {})}),
        "aggregate": {"requests": rep["aggregate"]["counters"].get("http.requests"),
                      "responses": rep["aggregate"]["counters"].get("http.responses"),
                      "vusers_created": rep["aggregate"]["counters"].get("vusers.created"),
                      "vusers_completed": rep["aggregate"]["counters"].get("vusers.completed"),
                      "vusers_failed": rep["aggregate"]["counters"].get("vusers.failed", 0),
                      "p95_ms": rep["aggregate"]["summaries"]["http.response_time"]["p95"],
                      "codes": {k[len("http.codes."):]: v for k, v in sorted(rep["aggregate"]["counters"].items())
                                if k.startswith("http.codes.")}},
    }
    return series, info


def artillery_phase(command):
    """The phase of the scenario named last on the command line (the repository's input file,
    read from the repository root), e.g. "arrivalRate 2 -> rampTo 15 over 35 s"."""
    yml = command.split()[-1]
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", yml)
    text = open(here, encoding="utf-8").read()
    get = lambda k: re.search(r"^\s*-?\s*" + k + r":\s*(\S+)", text, re.M).group(1)
    return f"arrivalRate {get('arrivalRate')} -> rampTo {get('rampTo')} over {get('duration')} s ({yml})"


def artillery_cross_check(series, srows):
    """Per interval [period, period + seconds): the server's requests by start_unix (when it
    had read the request line; Artillery counts http.requests when it sends one), by end_unix
    (Artillery counts a response when it arrives), 5xx by end_unix, and the nearest-rank p95 of
    its latency over the requests that ended in the interval."""
    out = []
    for iv in series:
        a, b = iv["period"] / 1000, iv["period"] / 1000 + iv["seconds"]
        started = [r for r in srows if a <= r["start"] < b]
        ended = [r for r in srows if a <= r["end"] < b]
        out.append({
            "index": iv["index"], "t_s": iv["t_s"],
            "artillery_requests": iv["requests"], "server_started": len(started),
            "artillery_responses": iv["responses"], "server_ended": len(ended),
            "artillery_5xx": sum(v for k, v in iv["codes"].items() if k.startswith("5")),
            "server_5xx_ended": sum(r["status"] >= 500 for r in ended),
            "artillery_p95_ms": iv["p95_ms"],
            "server_p95_ended_ms": r3(nearest_rank([r["lat"] for r in ended], 95)),
            "server_first_start_in_interval": r3(min((r["start"] for r in started), default=None) - a) if started else None,
            "server_last_end_in_interval": r3(max(r["end"] for r in ended) - a) if ended else None,
        })
    return out


# ---------------------------------------------------------------- writing

def fig(v):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def bp_line(bp, series):
    head = f"**p95 < {bp['p95_below_ms']} ms and errors < {bp['error_rate_below_pct']} %**"
    if bp["index"] is None:
        return (f"- {head}: no breaking point (no interval holds with both neighbours holding); "
                f"holding intervals {bp['holding']}")
    return (f"- {head}: interval **{bp['index']}** (t = {fig(bp['t_s'])} s), **{fig(bp['throughput_rps'])} req/s "
            f"at {bp['users']} users**, p95 {fig(bp['p95_ms'])} ms, error rate {fig(bp['error_rate_pct'])} %; "
            f"holding {bp['holding']}, counting {bp['counting']}; first interval not holding: "
            f"{bp['first_not_holding']}; the top (most users, interval {bp['top_users_interval']}) "
            f"{'holds' if bp['top_users_interval_holds'] else 'does not hold'}")


def write_expected_md(d, truth):
    L = ["# Ramp runs: the truth", "",
         "Written by `tests/peers/load/summarize_ramps.py` from the tools' own files and the server's own",
         "log of each run (`*.server.tsv`), independently of perfgate; `expected.json` has the same numbers",
         "and more (every interval's raw figures, the cross-checks in full). Times are milliseconds,",
         "throughput requests per second, error rates per cent.", "",
         "Breaking point, for targets p95 < P ms and error rate < E %: an interval **holds** when its p95 < P",
         "and its error rate < E; it **counts** when the intervals just before and after it hold too (so the",
         "first and the last interval never count); the breaking point is the counting interval with the",
         "highest throughput (ties: more users, then the later interval). Targets: p95 < 500 ms / errors",
         "< 1 % and p95 < 1000 ms / errors < 5 % (asked for), and p95 < 500 ms / errors < 5 % (for",
         "information: the first target's p95 with the second's error limit).", ""]
    for name, run in truth["runs"].items():
        s = run["series"]
        if run["tool"] == "locust":
            L += [f"## {name}: Locust, {run['users']} users at spawn rate {run['spawn_rate']}/s, {run['run_time']}", "",
                  "File `locust-ramp_stats_history.csv`. Series: " + LOCUST_DEF, "",
                  f"History: {run['history']['rows']} rows, {run['history']['aggregated_rows']} of them Aggregated "
                  f"({run['history']['aggregated_rows_skipped_at_start']} skipped at the start), "
                  f"{run['history']['per_endpoint_rows']} per-endpoint rows for {run['history']['per_endpoint_names']} "
                  f"(Type, Name) pairs; steps between Aggregated Timestamps (s: count) "
                  f"{run['history']['aggregated_timestamp_steps']}.", "",
                  "Server columns (see the cross-check below): `srv win` = the server's completed requests per",
                  "second over the seconds Locust's Requests/s averages (T−12 … T−3, not before the run's first",
                  "history second); `srv T−1` = completed in the last whole second; `srv p95` = p95 of the",
                  "server's latency over requests that ended in [T−9, T+1), by Locust's rule (rounded as Locust",
                  "stores times, its rank rule; `expected.json` also has it by nearest rank); `srv 5xx %` over",
                  "Locust's window.", "",
                  "| # | t (s) | users | Requests/s | p95 | Failures/s | error % | srv win | srv T−1 | srv p95 | srv 5xx % |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for iv, x in zip(s, run["cross_check"]):
                L.append(f"| {iv['index']} | {iv['t_s']} | {iv['users']} | {fig(iv['throughput_rps'])} | {fig(iv['p95_ms'])} | "
                         f"{fig(iv['failures_per_s'])} | {fig(iv['error_rate_pct'])} | {fig(x['server_rps_locust_window'])} | "
                         f"{x['server_rps_last_second']} | {fig(x['server_p95_locust_rule_ms'])} | {fig(x['server_5xx_pct_locust_window'])} |")
        else:
            L += [f"## {name}: Artillery, arrivals {run['phase']}", "",
                  "File `artillery-ramp.report.json`. Series: " + ARTILLERY_DEF, "",
                  "Server columns: `srv sent` = requests the server read in the interval (start_unix), `srv done`",
                  "= requests it answered in it (end_unix), `srv 5xx` of those, `srv p95` = nearest-rank p95 of its",
                  "latency over them. `span` = lastMetricAt − firstMetricAt of the entry (s): how much of the",
                  "interval had any measurement. `arrivals/s` = vusers.created / seconds (not part of the series",
                  "asked for: the open-loop load itself, for reading `users` beside it).", "",
                  "| # | t (s) | seconds | span | users | arrivals/s | requests | req/s | p95 | errors | error % | responses | srv sent | srv done | srv 5xx | srv p95 |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for iv, x in zip(s, run["cross_check"]):
                L.append(f"| {iv['index']} | {fig(iv['t_s'])} | {fig(iv['seconds'])} | {fig(iv['metrics_span_s'])} | {iv['users']} | {fig(iv['arrivals_per_s'])} | "
                         f"{iv['requests']} | {fig(iv['throughput_rps'])} | {fig(iv['p95_ms'])} | {iv['errors']} | "
                         f"{fig(iv['error_rate_pct'])} | {iv['responses']} | {x['server_started']} | {x['server_ended']} | "
                         f"{x['server_5xx_ended']} | {fig(x['server_p95_ended_ms'])} |")
        L += ["", "Breaking points:", ""]
        for k, bp in run["breaking_point"].items():
            L.append(bp_line(bp, s))
        L += ["", "Cross-check against the server's log:", ""]
        L += [f"- {line}" for line in run["cross_check_notes"]]
        srv = run["server"]
        L += ["", f"Server: {srv['requests']} requests, status {srv['status_counts']}, notes {srv['notes']}, "
                  f"queue wait p50/p95/max {srv['queue_ms']['p50']} / {srv['queue_ms']['p95']} / {srv['queue_ms']['max']} ms, "
                  f"latency p50/p95/p99 {srv['latency_ms']['p50']} / {srv['latency_ms']['p95']} / {srv['latency_ms']['p99']} ms, "
                  f"{srv['duration_s']} s.", ""]
    open(os.path.join(d, "EXPECTED.md"), "w", encoding="utf-8").write("\n".join(L))


def locust_notes(run):
    s, xs = run["series"], run["cross_check"]
    diffs = [abs(x["locust_rps"] - x["server_rps_locust_window"]) for x in xs]
    within = sum(dd <= 0.5 for dd in diffs)
    peak_srv = max(xs, key=lambda x: x["server_rps_last_second"])
    bp = run["breaking_point"][target_key(*TARGETS[0])]
    bp2 = run["breaking_point"][target_key(*TARGETS[1])]
    p_eq = sum(x["locust_p95_ms"] == x["server_p95_locust_rule_ms"] for x in xs)
    p_near = sum(x["server_p95_locust_rule_ms"] is not None and x["locust_p95_ms"] is not None and
                 abs(x["locust_p95_ms"] - x["server_p95_locust_rule_ms"]) <= max(10, 0.1 * x["locust_p95_ms"]) for x in xs)
    notes = [f"Locust's Requests/s is a trailing average, not the current second: on {within} of {len(xs)} rows it is "
             f"within 0.5 req/s of the server's completed requests averaged over the same seconds (T−12 … T−3; the "
             f"largest difference is {fig(r3(max(diffs)))} req/s), while the server's last whole second differs by up to "
             f"{fig(r3(max(abs(x['locust_rps'] - x['server_rps_last_second']) for x in xs)))} req/s. The server's busiest "
             f"second was {peak_srv['server_rps_last_second']} req/s (second before row {peak_srv['index']}, t = "
             f"{peak_srv['t_s']} s); Locust's highest Requests/s is {fig(max(iv['throughput_rps'] for iv in s))}.",
             f"Locust's \"95%\" equals the server's p95 over [T−9, T+1) by Locust's rule on {p_eq} of {len(xs)} rows and "
             f"is within one rounding step (10 %, or 10 ms) on {p_near} (Locust / server where they differ: " +
             ", ".join(f"row {x['index']} {x['locust_p95_ms']} / {x['server_p95_locust_rule_ms']}" for x in xs
                       if x["locust_p95_ms"] != x["server_p95_locust_rule_ms"]) +
             "; Locust times the whole request at the client, the server from the request line to the answer). "
             f"Failures/s ÷ Requests/s equals the server's 5xx share over Locust's window on "
             f"{sum(x['locust_error_rate_pct'] == x['server_5xx_pct_locust_window'] for x in xs)} of {len(xs)} rows."]
    for b in (bp, bp2):
        if b["index"] is None:
            continue
        x = xs[b["index"]]
        notes.append(f"At the breaking point for {target_key(b['p95_below_ms'], b['error_rate_below_pct'])} (row "
                     f"{b['index']}, t = {b['t_s']} s, {b['users']} users): Locust {fig(x['locust_rps'])} req/s, the server "
                     f"{fig(x['server_rps_locust_window'])} req/s over Locust's window and {x['server_rps_last_second']} in "
                     f"the last second; Locust's p95 {fig(x['locust_p95_ms'])} ms, the server's (Locust's rule, [T−9, T+1)) "
                     f"{fig(x['server_p95_locust_rule_ms'])} ms; error rate {fig(x['locust_error_rate_pct'])} % vs the "
                     f"server's 5xx {fig(x['server_5xx_pct_locust_window'])} % over Locust's window.")
    notes.append("Locust's window for Requests/s and Failures/s ends 2 s before the row (it leaves out the last two "
                 "seconds) and its \"95%\" covers roughly the last 10 s, so the series lags the load: a row's figures "
                 "describe the users of several seconds earlier, while User Count is the current one. Its percentiles are "
                 "of response times rounded to 2 significant digits (above 100 ms).")
    early = [iv for iv in s[:8] if iv["failures_per_s"] and iv["error_rate_pct"] >= 1]
    if early:
        notes.append(f"Early rows {[iv['index'] for iv in early]} fail the 1 % error limit on one or two 503s: the "
                     "server's seeded 503 on every 50th POST /v1/billing/claims (the first at the 10th claim) lands while "
                     "Locust's window holds only a few dozen requests, so one failure is over 1 %.")
    return notes


def artillery_notes(run):
    s, xs = run["series"], run["cross_check"]
    req_eq = sum(x["artillery_requests"] == x["server_started"] for x in xs)
    resp_eq = sum(x["artillery_responses"] == x["server_ended"] for x in xs)
    c5_eq = sum(x["artillery_5xx"] == x["server_5xx_ended"] for x in xs)
    notes = [f"Counts per window: http.requests equals the server's requests read in the window on {req_eq} of {len(xs)} "
             f"windows, http.responses the server's answers on {resp_eq}, the 5xx counters the server's 5xx on {c5_eq} "
             "(a request sent in the last milliseconds of a window is read by the server in the next one). The windows "
             "are the same 10 s of wall clock for both."]
    p = [(x["artillery_p95_ms"], x["server_p95_ended_ms"]) for x in xs if x["artillery_p95_ms"] is not None and x["server_p95_ended_ms"]]
    if p:
        notes.append("p95 per window, Artillery vs the server: " + ", ".join(f"{fig(a)} / {fig(b)}" for a, b in p) +
                     ". Artillery's http.response_time is the time to the first byte of the answer "
                     "(got's timings.phases.firstByte) and its p95 comes from a DDSketch (1 % relative accuracy), "
                     "the server's is its own latency, nearest rank.")
    part = [iv for iv in s if iv["metrics_span_s"] is not None and iv["metrics_span_s"] < 0.8 * iv["seconds"]]
    if part:
        notes.append("Partial windows: " + ", ".join(f"interval {iv['index']} has measurements over {fig(iv['metrics_span_s'])} s "
                                                       f"of its {fig(iv['seconds'])}" for iv in part) +
                     " (the run starts and ends inside a window), yet its throughput is divided by the full "
                     "period difference as defined; the first and last intervals never count for the breaking point.")
    notes.append("users (created − completed − failed) is the number of virtual users in flight at the end of the "
                 "window; with an open-loop arrival phase it is not the load's size (arrivals per second are), and "
                 "it grows when responses slow down.")
    return notes


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    d = sys.argv[1]
    runs = list(csv.DictReader(open(os.path.join(d, "runs.tsv"), encoding="utf-8"), delimiter="\t"))
    versions = dict(l.rstrip("\n").split("\t", 1) for l in open(os.path.join(d, "versions.tsv"), encoding="utf-8") if l.strip())
    truth = {"versions": versions,
             "targets": [{"p95_below_ms": p, "error_rate_below_pct": e, "key": target_key(p, e),
                          "asked_for": i < 2} for i, (p, e) in enumerate(TARGETS)],
             "breaking_point_definition": "an interval holds when its p95 < P ms and its error rate < E %; it counts "
                                          "when the intervals just before and after it hold too (the first and last "
                                          "never count); the breaking point is the counting interval with the highest "
                                          "throughput, ties to more users, then to the later interval",
             "runs": {}}
    for run in runs:
        srows = server_rows(os.path.join(d, run["server_log"]))
        if run["tool"] == "locust":
            series, hinfo, s0 = locust_series(d, run)
            parts = run["command"].split()
            r = {"tool": "locust", "command": run["command"], "server_command": run["server_command"],
                 "users": int(parts[parts.index("-u") + 1]), "spawn_rate": float(parts[parts.index("-r") + 1]),
                 "run_time": parts[parts.index("-t") + 1],
                 "files": [run["run"] + x for x in ("_stats.csv", "_stats_history.csv", "_failures.csv",
                                                   "_exceptions.csv", ".console.txt")] + [run["server_log"]],
                 "series_definition": LOCUST_DEF, "history": hinfo, "series": series}
            r["cross_check"] = locust_cross_check(series, srows, s0)
        else:
            series, ainfo = artillery_series(d, run)
            r = {"tool": "artillery", "command": run["command"], "server_command": run["server_command"],
                 "phase": artillery_phase(run["command"]),
                 "files": [run["run"] + ".report.json", run["run"] + ".console.txt", run["server_log"]],
                 "series_definition": ARTILLERY_DEF, "report": ainfo, "series": series}
            r["cross_check"] = artillery_cross_check(series, srows)
        r["breaking_point"] = {target_key(p, e): breaking_point(series, p, e) for p, e in TARGETS}
        r["server"] = server_summary(srows)
        r["cross_check_notes"] = locust_notes(r) if r["tool"] == "locust" else artillery_notes(r)
        truth["runs"][run["run"]] = r
    with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    write_expected_md(d, truth)
    write_manifest(d, truth, runs)


# ---------------------------------------------------------------- MANIFEST.md

SOURCES = """## Where the definitions come from

### Locust 2.12.1 (Debian python3-locust): `/usr/lib/python3/dist-packages/locust/stats.py`

- `--csv PREFIX` writes `PREFIX_stats.csv`, `PREFIX_stats_history.csv`, `PREFIX_failures.csv`,
  `PREFIX_exceptions.csv` (`StatsCSVFileWriter.__init__`); `stats_writer` rewrites the first,
  third and fourth and appends to the history every `CSV_STATS_INTERVAL_SEC = 1` s, flushing every
  `CSV_STATS_FLUSH_INTERVAL_SEC = 10` s.
- History columns (`stats_history_csv_columns`): `Timestamp` (int(time.time()) of the write, unix
  s), `User Count` (runner.user_count at the write), `Type` (the method; empty on "Aggregated"),
  `Name`, `Requests/s`, `Failures/s`, `50%` `66%` `75%` `80%` `90%` `95%` `98%` `99%` `99.9%`
  `99.99%` `100%`, `Total Request Count`, `Total Failure Count`, `Total Median Response Time`,
  `Total Average Response Time`, `Total Min Response Time`, `Total Max Response Time`,
  `Total Average Content Size`.
- `_stats_history_data_rows`: without `--csv-full-history` only the "Aggregated" row is written
  each second; with it, first one row per (method, name) entry seen so far, then "Aggregated".
  The percentile columns are `_percentile_fields(entry, use_current=self.full_history)`: with
  `--csv-full-history` they are the *current* (windowed) percentiles, without it the cumulative
  ones since the start -- the flag changes what "95%" means on the Aggregated row too.
  Entries with no request yet give `N/A`; a windowed percentile with no cached snapshot gives 0.
- `Requests/s` = `StatsEntry.current_rps`: the mean of `num_reqs_per_sec[t]` (requests counted
  by the whole unix second in which they completed, `_log_time_of_request`) over
  `t in range(max(int(last_request_timestamp) - 12, int(start_time)), int(last_request_timestamp) - 2)`:
  up to 10 whole seconds ending 2 s before the second of the last request (the two most recent
  seconds are left out), fewer at the start of the run (`avg` divides by max(len, 1), 0 when the
  range is empty). `Failures/s` = `current_fail_per_sec`, the same window over `num_fail_per_sec`.
- `95%` (with `--csv-full-history`) = `get_current_response_time_percentile(0.95)`:
  `CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW = 10`; the response-time histogram as cached for
  second t−10 (else the nearest cached of t−11, t−9, … t−18, t−2; `_cache_response_times`,
  which keeps 20 snapshots, each the state at the end of a second) is subtracted from the
  current one, so the percentile is over roughly the last 10 s of completed requests.
  `calculate_response_time_percentile`: walking the response-time buckets from the largest
  down, the first bucket where (requests − those counted) <= int(requests × 0.95). Response
  times are stored rounded (`_log_response_time`): to 1 ms below 100 ms, to 10 ms below 1 s,
  to 100 ms below 10 s, so the column has 2 significant digits above 100 ms.

### Artillery 2.0.21 (npm), `@artilleryio/int-core` (its engine)

- `node_modules/@artilleryio/int-core/lib/ssms.js`: every counter and histogram sample is kept
  with its timestamp (Date.now() when emitted) and bucketed by `normalizeTs(ts)` (windowSize
  10): the epoch milliseconds floored to the 10-second boundaries of the wall-clock minute
  (:00, :10, … :50). So an intermediate entry covers **10 s of wall clock, [period, period +
  10000) ms**, and **`period` is the start of that window in ms since the Unix epoch**
  (a *string* in the JSON: the bucket ids are object keys; `getMetrics(period)` sets
  `result.period = period`; the `aggregate`'s `period` is a number, the last window's start,
  as `SSMS.pack` takes the max). Windows are not aligned with the test's start: the first and the
  last are partial (`firstMetricAt`/`lastMetricAt` say when the first/last sample in the window
  was taken; the source itself notes "TODO: Include size of the window, for cases when it's
  not 10s"). `_aggregationIntervalSec = 5` is only how often the buckets are closed.
- `summarizeHistogram` (same file): `summaries[name]` = {min, max, count, mean, p50, median,
  p75, p90, p95, p99, p999}, each rounded to 0.1, from a DDSketch with relativeAccuracy 0.01.
- `node_modules/artillery/lib/platform/local/index.js` + `node_modules/artillery/lib/launch-platform.js`
  (`flushIntermediateMetrics`, `emitIntermediatesForPeriod`): the workers' buckets with the same
  period are merged (`SSMS.mergeBuckets`) and emitted as one `stats` event; `summaries` is added
  there. `node_modules/artillery/lib/cmds/run.js` collects every `stats` event into `intermediate`
  and writes `{aggregate, intermediate}` to `--output`; before writing it sets each entry's
  `histograms` to its `summaries` (so both keys hold the same summaries).
- Counter names: `node_modules/@artilleryio/int-core/lib/runner.js` -- `vusers.created` and
  `vusers.created_by_name.<scenario>` when a virtual user starts (`runScenario`);
  `vusers.completed` when its flow ends without error, `vusers.failed` (+1) when it ends with
  one (a successful one also adds `vusers.failed` 0, so the key is present with 0);
  `errors.<code>` for each error event (e.g. errors.ETIMEDOUT, errors.ECONNREFUSED).
  Virtual users active at the end of a window = cumulative created − cumulative (completed +
  failed). `node_modules/@artilleryio/int-core/lib/engine_http.js`: `http.requests` (+1 when the
  request is sent, the `request` event of got), `http.codes.<status>`, `http.responses` and the
  histogram `http.response_time` = `res.timings.phases.firstByte` (time from the request having
  been sent to the first byte of the answer) when a response arrives; `http.downloaded_bytes`;
  the rate `http.request_rate` (in `rates`: requests counted / max(last − first request in the
  window, 1 s), `_aggregateRates`). A 5xx answer is not an error to Artillery: it does not fail
  the virtual user. Quirk: every intermediate entry also has a top-level key
  `"http.request_rate": null` (`SSMS.mergeBuckets` writes `result[ts][name]` for each rate name,
  dividing an undefined value: NaN, which JSON.stringify writes as null); the rate is in
  `rates`.
- `node_modules/artillery-plugin-metrics-by-endpoint/index.js` adds per request name:
  `plugins.metrics-by-endpoint.<name>.codes.<status>`, `…<name>.errors.<code>` counters and the
  summaries `plugins.metrics-by-endpoint.response_time.<name>` (first byte, as above) and
  `plugins.metrics-by-endpoint.server-timing.<name>` (the `total;dur=` of the answer's
  Server-Timing header); the name is the request's `name:` with `useOnlyRequestNames: true`.
  None of its names starts with `http.` or `errors.`, so the series above does not count them
  twice.
"""


def write_manifest(d, truth, runs):
    L = ["# Ramp runs: manifest", "",
         "Real outputs of real load-test tools running a RAMP, made on this machine by",
         "`tests/peers/load/record-ramps` against `tests/peers/load/sla_server_capacity.py --capacity=5",
         "--queue-timeout=1` on 127.0.0.1 (5 workers, first come first served; a request that waited 1 s",
         "for a worker is answered 503 at once, note `queue_timeout`; log column 10 `queue_ms`), a fresh",
         "server per run whose own log is the `*.server.tsv` beside each output. Nothing was edited after",
         "the tools wrote it. `expected.json` / `EXPECTED.md` hold the truth",
         "(`tests/peers/load/summarize_ramps.py`, Python + numpy, not perfgate): per run the time series",
         "perfgate should report, breaking points and a cross-check against the server's log.", "",
         "## Versions", ""]
    L += [f"- {k}: {v}" for k, v in truth["versions"].items()]
    L += ["", "Inputs: `tests/peers/load/locustfile.py` (SlaUser, unchanged), `tests/peers/load/artillery-ramp.yml`",
          "(artillery.yml's browse and records flows and metrics-by-endpoint plugin, one ramp phase; its",
          "header says why billing and imaging are left out).", "",
          "## Files", ""]
    exercises = {
        "locust-ramp": "a closed-loop ramp 0 → 60 users at 3 users/s against 5 workers: Locust's per-second "
                       "history (windowed Requests/s, Failures/s and percentiles, User Count), per-endpoint rows "
                       "and Aggregated; throughput levels off, p95 climbs past 500 then 1000 ms, 503s at the top",
        "artillery-ramp": "an open-loop arrival ramp 2 → 15 new virtual users/s over 35 s against 5 workers: "
                          "Artillery's report.json with one `intermediate` entry per 10 s window of wall clock "
                          "(counters, summaries, partial first and last windows); p95 past 500 ms at the top, "
                          "then 503s",
    }
    total = 0
    for run in runs:
        r = truth["runs"][run["run"]]
        tool = ("Locust 2.12.1 (Debian python3-locust)" if run["tool"] == "locust" else
                "Artillery 2.0.21 (npm), run from an npm install as tests/peers/load/record does")
        L += [f"### {run['run']}", "", f"- tool: {tool}", f"- date (UTC): {run['started_utc']}",
              f"- command: `{run['command']}`", f"- server: `{run['server_command']}`",
              f"- exercises: {exercises.get(run['run'], '')}"]
        for f in r["files"]:
            L.append(f"- `{f}` ({os.path.getsize(os.path.join(d, f))} bytes)")
        L.append("")
    L += ["The Artillery run is started when the wall clock reaches :x3 (seconds mod 10 = 3), so that its",
          "first request falls a few seconds into a 10 s window: a short first window, three full ones, and",
          "a last one holding the top of the ramp and the drain.", "",
          "### Other files", "",
          "- `runs.tsv`, `versions.tsv`: what `record-ramps` ran (paths and the port made generic), read by",
          "  `summarize_ramps.py`",
          "- `expected.json`, `EXPECTED.md`: the truth; this `MANIFEST.md`", "",
          "## The series perfgate should report", "",
          "### Locust", "", LOCUST_DEF, "",
          "### Artillery", "", ARTILLERY_DEF, "",
          "### Breaking point", "",
          "For targets p95 < P ms and error rate < E % (P, E = 500, 1 and 1000, 5; 500, 5 for information): "
          + truth["breaking_point_definition"] + ". Reported: its index, t, throughput and users.", "",
          "These definitions were set for perfgate's series and breaking-point feature (issue #24); the",
          "tool-side meanings they rest on are below.", "",
          SOURCES]
    for f in os.listdir(d):
        if f != "MANIFEST.md":
            total += os.path.getsize(os.path.join(d, f))
    L.append(f"Total size of the folder when written (without this file): {total} bytes.")
    open(os.path.join(d, "MANIFEST.md"), "w", encoding="utf-8").write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
