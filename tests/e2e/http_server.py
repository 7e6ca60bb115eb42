#!/usr/bin/env python3
"""A local HTTP server for tests/e2e/http.sh, on 127.0.0.1 only (a free port,
written to the file given as argv[1]). Routes:
  /report          a real Lighthouse report (argv[2])
  /psi             a PageSpeed Insights v5 answer wrapping that report; records the query
  /psi-error       a PSI error answer
  /404             not found
  /flaky           500 the first time, then the report
  /busy            429 with Retry-After: 1 the first time, then the report
  /slow            the report after 5 s
  /garbage         200 with bytes that are not JSON
  /loop            a redirect to itself
  /big             a body of 2 MB
  /hook            POST: stores the body in argv[3]
  /hook-307        POST: a 307 redirect to /hook (a client must not re-send the body)
  /hook-500        POST: 500 every time; counts the bodies it got in argv[3].count-500
The server stops on SIGTERM or after 120 s, whichever comes first."""
import http.server, json, os, signal, socketserver, sys, threading, time

port_file, report_path, hook_file = sys.argv[1], sys.argv[2], sys.argv[3]
report = open(report_path, "rb").read()
hits = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test): expected

    def do_GET(self):
        path = self.path.split("?")[0]
        hits[path] = hits.get(path, 0) + 1
        if path == "/report":
            self.send(200, report)
        elif path == "/psi":
            open(hook_file + ".query", "w").write(self.path)
            self.send(200, b'{"id": "x", "lighthouseResult": ' + report + b', "analysisUTCTimestamp": "2026-11-22T00:00:00Z"}')
        elif path == "/psi-error":
            self.send(400, json.dumps({"error": {"code": 400, "message": "API key not valid."}}).encode())
        elif path == "/flaky":
            self.send(500, b"oops") if hits[path] == 1 else self.send(200, report)
        elif path == "/busy":
            self.send(429, b"slow down", [("Retry-After", "1")]) if hits[path] == 1 else self.send(200, report)
        elif path == "/slow":
            time.sleep(5)
            self.send(200, report)
        elif path == "/garbage":
            self.send(200, b"\x00\x01<html>not json")
        elif path == "/loop":
            self.send(302, b"", [("Location", "/loop")])
        elif path == "/big":
            self.send(200, b"[" + b"0," * 1_000_000 + b"0]")
        else:
            self.send(404, b"not found")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        if self.path == "/hook":
            open(hook_file, "wb").write(body)
            self.send(204)
        elif self.path == "/hook-307":
            self.send(307, b"", [("Location", "/hook")])
        elif self.path == "/hook-500":
            hits["post-500"] = hits.get("post-500", 0) + 1
            open(hook_file + ".count-500", "w").write(str(hits["post-500"]))
            self.send(500, b"oops")
        else:
            self.send(404)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
open(port_file + ".tmp", "w").write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
timer = threading.Timer(120, server.shutdown)
timer.daemon = True  # SIGTERM must end the process at once, not 120 s later
timer.start()
server.serve_forever()
