#!/usr/bin/env python3
"""Serves site/ on 127.0.0.1:PORT (default 8902) for the record scripts; /broken answers
HTTP 500 (a page whose document request fails). Stops on SIGTERM."""
import functools, http.server, os, signal, sys, threading

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8902
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site")


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        if self.path.split("?")[0] == "/broken":
            body = b"<!doctype html><title>error</title><p>Internal Server Error</p>"
            self.send_response(500)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=root))
signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
server.serve_forever()
