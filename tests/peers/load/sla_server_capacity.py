#!/usr/bin/env python3
"""sla_server.py with a capacity: a copy that degrades under load (opt-in).

    sla_server_capacity.py PORT LOGFILE [--faults] [--capacity=N [--queue-timeout=S]]

Without --capacity this is sla_server.py (below) unchanged, log format included, except
that the log has a tenth column, queue_ms (0 without --capacity). sla_server.py itself
never degrades with load: every request sleeps its own seeded latency in its own thread,
so 60 concurrent users see the same latencies as 1.

--capacity=N   at most N requests are served at once (N workers). A request whose route
               exists waits, first come first served, for a free worker once its request
               line and body have been read; its seeded latency (the table below) starts
               only when it has a worker, so its latency_ms = queue wait + that latency.
               While more than N requests are in flight the queueing delay grows with
               their number (a closed-loop client sees throughput level off at about
               N / mean latency and response times climb) -- the realistic saturation of
               a fixed worker pool. 404/405 answers take no worker.
--queue-timeout=S  (with --capacity) a request that has waited S seconds without a worker
               is answered at once with 503 {"error": "overloaded"} and Retry-After: 1,
               logged with note "queue_timeout"; it does not take a worker. It still used
               up its k (the route's per-request counter), as every request does on arrival.

queue_ms (the tenth log column) is the time a request waited for a worker.

What follows is sla_server.py's description, true here too.

A local HTTP server for the load-test fixtures: the SLA's endpoints with known
latency distributions and error rates, and its own log of every request.

    sla_server.py PORT LOGFILE [--faults]

Listens on 127.0.0.1:PORT only (ThreadingHTTPServer, HTTP/1.1 keep-alive) and writes
one tab-separated line per request to LOGFILE (a header line first):

    seq  start_unix  end_unix  method  template  path  status  latency_ms  note

seq is the server-wide request counter (0-based), start/end are time.time() when the
request line had been read and when the response had been written, latency_ms is
end - start (the server's own latency, sleep included), template is the route
("/v1/patients/{id}"; "-" for no route), path is the concrete path with its query,
note is "ok", "client_gone" (the response could not be written) or "dropped" (the
server closed the connection on purpose without answering; status 0).

Latency and errors are deterministic per request: the k-th request (0-based) to a
route gets its latency from random.Random(f"{method} {template}|{k}") and its status from k
alone, so a rerun gives the same distribution per route (which k lands on which
client request depends on the interleaving, so it is similar, not identical).

Routes, latency in ms (u = that request's uniform draw in [0, 1)):

    GET  /v1/patients/{id}               20 + 40 u            (20-60)
    GET  /v1/patients/search             80 + 320 u^3         (80-400, long tail)
    POST /v1/patients                    60 + 90 u
    PUT  /v1/patients/{id}               50 + 100 u
    GET  /v1/appointments                30 + 70 u
    POST /v1/appointments                70 + 130 u
    GET  /v1/patients/{id}/appointments  40 + 80 u
    GET  /v1/clinical/notes/{id}         25 + 50 u
    POST /v1/clinical/notes              80 + 120 u
    GET  /v1/treatment-plans/{id}        40 + 100 u
    POST /v1/imaging                     1500 + 1500 u        (SEEDED SLOW: p95 ~2925)
    POST /v1/billing/claims              100 + 150 u; 503 when k % 50 == 9 (2 %),
                                         and a 503 answers fast: 5 + 10 u
    POST /v1/insurance/verify            100 + 200 u

With --faults: POST /v1/billing/claims answers 503 when k % 5 == 2 (20 %), and
POST /v1/insurance/verify closes the connection without a response when
k % 10 == 3 (10 %, logged as status 0, note "dropped"). Everything else is the same.

Every answer carries "Server-Timing: total;dur=MS" (the server's time until the headers;
Artillery's metrics-by-endpoint plugin records the "total" entry, and only that name, as
plugins.metrics-by-endpoint.server-timing.NAME).
Anything else answers 404 (405 for a known path with another method) at once.
Stops on SIGTERM/SIGINT. Python standard library only.
"""
import collections
import json
import random
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ROUTES = [
    # method, template, regex, latency(u) in ms
    ("GET", "/v1/patients/search", r"/v1/patients/search", lambda u: 80 + 320 * u ** 3),
    ("GET", "/v1/patients/{id}/appointments", r"/v1/patients/[^/]+/appointments", lambda u: 40 + 80 * u),
    ("GET", "/v1/patients/{id}", r"/v1/patients/[^/]+", lambda u: 20 + 40 * u),
    ("PUT", "/v1/patients/{id}", r"/v1/patients/[^/]+", lambda u: 50 + 100 * u),
    ("POST", "/v1/patients", r"/v1/patients", lambda u: 60 + 90 * u),
    ("GET", "/v1/appointments", r"/v1/appointments", lambda u: 30 + 70 * u),
    ("POST", "/v1/appointments", r"/v1/appointments", lambda u: 70 + 130 * u),
    ("GET", "/v1/clinical/notes/{id}", r"/v1/clinical/notes/[^/]+", lambda u: 25 + 50 * u),
    ("POST", "/v1/clinical/notes", r"/v1/clinical/notes", lambda u: 80 + 120 * u),
    ("GET", "/v1/treatment-plans/{id}", r"/v1/treatment-plans/[^/]+", lambda u: 40 + 100 * u),
    ("POST", "/v1/imaging", r"/v1/imaging", lambda u: 1500 + 1500 * u),
    ("POST", "/v1/billing/claims", r"/v1/billing/claims", lambda u: 100 + 150 * u),
    ("POST", "/v1/insurance/verify", r"/v1/insurance/verify", lambda u: 100 + 200 * u),
]
COMPILED = [(m, t, re.compile(r + r"\Z"), f) for m, t, r, f in ROUTES]

FAULTS = False
CAPACITY = None       # --capacity=N: N workers (None: unlimited, as sla_server.py)
QUEUE_TIMEOUT = None  # --queue-timeout=S: give up waiting for a worker after S seconds
_lock = threading.Lock()
_seq = 0
_per_route = {}
_log = None


def next_counters(key):
    global _seq
    with _lock:
        seq = _seq
        _seq += 1
        k = _per_route.get(key, 0)
        _per_route[key] = k + 1
    return seq, k


class Workers:
    """N workers handed out first come, first served (a FIFO semaphore)."""

    def __init__(self, n):
        self.free = n
        self.cond = threading.Condition()
        self.waiting = collections.deque()

    def acquire(self, timeout):
        """True once a worker is ours; False when `timeout` seconds passed first."""
        me = object()
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.cond:
            self.waiting.append(me)
            while not (self.free > 0 and self.waiting[0] is me):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    self.waiting.remove(me)
                    self.cond.notify_all()
                    return False
                self.cond.wait(left)
            self.waiting.popleft()
            self.free -= 1
            self.cond.notify_all()
            return True

    def release(self):
        with self.cond:
            self.free += 1
            self.cond.notify_all()


_workers = None


def write_log(seq, start, end, method, template, path, status, note, queue_ms=0.0):
    line = "%d\t%.6f\t%.6f\t%s\t%s\t%s\t%d\t%.3f\t%s\t%.3f\n" % (
        seq, start, end, method, template, path.replace("\t", " "), status,
        (end - start) * 1000.0, note, queue_ms)
    with _lock:
        _log.write(line)
        _log.flush()


def decide(method, template, k, fn):
    """(status, latency_ms, drop) for the k-th request to this route."""
    u = random.Random(f"{method} {template}|{k}").random()
    if template == "/v1/billing/claims":
        fail = (k % 5 == 2) if FAULTS else (k % 50 == 9)
        if fail:
            return 503, 5 + 10 * u, False
    if template == "/v1/insurance/verify" and FAULTS and k % 10 == 3:
        return 0, fn(u), True
    return (201 if method == "POST" else 200), fn(u), False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server_version = "sla-server/1"

    def log_message(self, fmt, *args):  # our own log only
        pass

    def _handle(self):
        start = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = urlsplit(self.path).path
        template, fn, allowed = "-", None, False
        for m, t, rx, f in COMPILED:
            if rx.match(path):
                allowed = True
                if m == self.command:
                    template, fn = t, f
                    break
        note = "ok"
        queue_ms, worker, overloaded = 0.0, False, False
        if fn is None:
            status, latency, drop = (405 if allowed else 404), 0.0, False
            seq, _ = next_counters((self.command, "-"))
        else:
            seq, k = next_counters((self.command, template))
            status, latency, drop = decide(self.command, template, k, fn)
        served_from = start
        if fn is not None and _workers is not None:
            waited_from = time.time()
            worker = _workers.acquire(QUEUE_TIMEOUT)
            served_from = time.time()
            queue_ms = (served_from - waited_from) * 1000.0
            if not worker:
                status, latency, drop, overloaded = 503, 0.0, False, True
        try:
            remaining = latency / 1000.0 - (time.time() - served_from)
            if remaining > 0:
                time.sleep(remaining)
        finally:
            if worker:
                _workers.release()
        if drop:
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            write_log(seq, start, time.time(), self.command, template, self.path, 0, "dropped", queue_ms)
            return
        if overloaded:
            body = {"error": "overloaded", "seq": seq}
            note = "queue_timeout"
        elif status == 503:
            body = {"error": "upstream unavailable", "seq": seq}
        elif status >= 400:
            body = {"error": "no such route"}
        else:
            body = {"ok": True, "seq": seq, "route": template}
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Server-Timing", "total;dur=%.1f" % ((time.time() - start) * 1000.0))
            if status == 503:
                self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            note = "client_gone"
            self.close_connection = True
        write_log(seq, start, time.time(), self.command, template, self.path, status, note, queue_ms)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    global FAULTS, CAPACITY, QUEUE_TIMEOUT, _log, _workers
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    FAULTS = "--faults" in flags
    for f in flags:
        if f.startswith("--capacity="):
            CAPACITY = int(f.split("=", 1)[1])
        elif f.startswith("--queue-timeout="):
            QUEUE_TIMEOUT = float(f.split("=", 1)[1])
        elif f != "--faults":
            sys.exit(f"unknown flag {f}\n" + __doc__)
    if len(args) != 2 or (CAPACITY is not None and CAPACITY < 1) or (QUEUE_TIMEOUT is not None and CAPACITY is None):
        sys.exit(__doc__)
    if CAPACITY is not None:
        _workers = Workers(CAPACITY)
    port, logfile = int(args[0]), args[1]
    _log = open(logfile, "w", encoding="utf-8")
    _log.write("seq\tstart_unix\tend_unix\tmethod\ttemplate\tpath\tstatus\tlatency_ms\tnote\tqueue_ms\n")
    _log.flush()
    httpd = Server(("127.0.0.1", port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=httpd.shutdown).start())
    cap = "" if CAPACITY is None else f" (capacity {CAPACITY}" + ("" if QUEUE_TIMEOUT is None else f", queue timeout {QUEUE_TIMEOUT:g} s") + ")"
    print(f"sla_server_capacity listening on 127.0.0.1:{port}{' (faults)' if FAULTS else ''}{cap}", flush=True)
    try:
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    httpd.server_close()
    _log.close()


if __name__ == "__main__":
    main()
