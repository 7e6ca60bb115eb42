#!/usr/bin/env bash
# HTTP through libcurl against a local server on 127.0.0.1 that this test starts
# and stops: reports by URL, retries, timeouts, bad answers, redirect loops, size
# caps, the webhook, and PageSpeed Insights (with its key never shown).
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr/lean-mobile-1.json"
python3 "$TESTS/e2e/http_server.py" "$WORK/port" "$lhr" "$WORK/hook.json" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do [[ -f "$WORK/port" ]] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$WORK/port")"
export PERFGATE_HTTP_TIMEOUT_MS=2000 PERFGATE_HTTP_CONNECT_TIMEOUT_MS=1000 PERFGATE_HTTP_BACKOFF_MS=50

run check --lighthouse "$base/report"
expect_status 0 "a report over HTTP"
expect_grep 'http://127.0.0.1:8901/lean/ \(mobile\)' "$OUT" "checked like a file"

run check --lighthouse "$base/flaky"
expect_status 0 "500 then success: retried"
run check --lighthouse "$base/busy"
expect_status 0 "429 with Retry-After: waited and retried"

run check --lighthouse "$base/404"
expect_status 2 "404"
expect_stderr_line "$base/404: the server answered HTTP 404" "says the server answered 404"
PERFGATE_HTTP_RETRIES=1 run check --lighthouse "$base/nothing-here-500"
expect_status 2 "not found is not retried"

start=$(date +%s%N)
PERFGATE_HTTP_RETRIES=0 run check --lighthouse "$base/slow"
end=$(date +%s%N)
expect_status 2 "a response slower than the timeout ($(((end - start) / 1000000)) ms)"
expect_stderr_line "$base/slow: timed out" "says it timed out"

run check --lighthouse "$base/garbage"
expect_status 2 "a garbage body"
expect_stderr_line "$base/garbage: .*" "names the URL"

run check --lighthouse "$base/loop"
expect_status 2 "a redirect loop"
expect_stderr_line "$base/loop: more than 5 redirects \(a redirect loop\?\)" "says it is a loop"

run --max-http-size 100000 check --lighthouse "$base/big"
expect_status 2 "an oversized body"
expect_stderr_line "$base/big: the response is larger than 100000 bytes \(raise the cap with --max-http-size\)" "says how to raise the cap"

PERFGATE_HTTP_RETRIES=0 run check --lighthouse "http://127.0.0.1:1/report"
expect_status 2 "connection refused"
expect_stderr_line "127.0.0.1:1/report: connection refused" "says it was refused"

# A POST body is never sent twice: not to where a 307 points, not again after a 500.
rm -f "$WORK/hook.json"
run check --lighthouse "$lhr" --post "$base/hook-307"
expect_status 2 "--post to a redirect: an error, not a silent re-send"
expect_grep 'HTTP 307 .*POST is not re-sent' "$ERR" "--post: the redirect is named"
[[ ! -e "$WORK/hook.json" ]] && ok "--post: the body did not follow the redirect" || not_ok "--post body followed a 307"
PERFGATE_HTTP_RETRIES=3 run check --lighthouse "$lhr" --post "$base/hook-500"
expect_status 2 "--post to a failing server"
expect_eq "$(cat "$WORK/hook.json.count-500")" "1" "--post: a 500 is not retried (the server may have taken it)"
[[ -s "$OUT" ]] && ok "--post failed, the text result is still printed" || not_ok "--post failure hid the result"

# The webhook gets the JSON result.
run check --lighthouse "$lhr" --post "$base/hook"
expect_status 0 "--post"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["passed"] and d["results"]' "$WORK/hook.json" \
  && ok "the webhook received the JSON result" || not_ok "webhook body"

# PageSpeed Insights: the report is saved and checks like any other; the key never shows.
export PERFGATE_PSI_ENDPOINT="$base/psi" PERFGATE_PSI_KEY="sekrit-key-123"
run fetch --psi "https://example.com/shop?a=1&b=2" --strategy desktop --out "$WORK/psi.json"
expect_status 0 "fetch --psi"
expect_grep 'url=https%3A%2F%2Fexample.com%2Fshop%3Fa%3D1%26b%3D2&strategy=desktop&category=performance&key=sekrit-key-123' "$WORK/hook.json.query" \
  "the API got the URL, strategy, category and key"
run check --lighthouse "$WORK/psi.json"
expect_status 0 "the saved report checks"
PERFGATE_PSI_ENDPOINT="$base/psi-error" run fetch --psi https://example.com/ --out "$WORK/psi2.json"
expect_status 2 "a PSI error"
expect_stderr_line 'key=REDACTED' "the URL is shown with the key redacted"
expect_stderr_line 'HTTP 400: API key not valid\.' "PSI's own message is shown"
grep -q sekrit "$OUT" "$ERR" && not_ok "the key never appears in the output" || ok "the key never appears in the output"
[[ -f "$WORK/psi2.json" ]] && not_ok "nothing saved on error" || ok "nothing saved on error"

# HTTPS: trusted through $PERFGATE_CA_BUNDLE, and never redirected down to plain HTTP.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
python3 - "$WORK/tls-port" "$WORK/cert.pem" "$WORK/key.pem" "$lhr" "$base" <<'PY' &
import http.server, os, ssl, sys, threading
port_file, cert, key, report, plain = sys.argv[1:6]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if self.path == "/report":
            body = open(report, "rb").read()
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
            self.wfile.write(body)
        else:  # /down: to the same report over plain HTTP
            self.send_response(302); self.send_header("Location", plain + "/report")
            self.send_header("Content-Length", "0"); self.end_headers()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
open(port_file + ".tmp", "w").write(str(server.server_address[1])); os.rename(port_file + ".tmp", port_file)
threading.Timer(60, server.shutdown).start()
server.serve_forever()
PY
tls_server=$!
for _ in $(seq 300); do [[ -f "$WORK/tls-port" ]] && break; sleep 0.1; done
tls="https://127.0.0.1:$(cat "$WORK/tls-port")"
PERFGATE_HTTP_RETRIES=0 run check --lighthouse "$tls/report"
expect_status 2 "HTTPS with an unknown CA: refused"
PERFGATE_CA_BUNDLE="$WORK/cert.pem" run check --lighthouse "$tls/report"
expect_status 0 "HTTPS trusted through PERFGATE_CA_BUNDLE"
PERFGATE_CA_BUNDLE="$WORK/cert.pem" PERFGATE_HTTP_RETRIES=0 run check --lighthouse "$tls/down"
expect_status 2 "a redirect from HTTPS to plain HTTP"
expect_stderr_line "$tls/down: a redirect from HTTPS .*refused" "the downgrade is refused and named"
kill $tls_server 2>/dev/null
finish
