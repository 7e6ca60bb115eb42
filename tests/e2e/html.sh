#!/usr/bin/env bash
# The HTML sign-off report: one self-contained file that renders in headless
# Chromium (Debian's package): a screenshot is taken and the rendered DOM holds
# the verdict, every budget, the pages and the bundle composition.
source "$TESTS/e2e/lib.sh"
lhr="$FIXTURES/lighthouse/lhr"
shop="$FIXTURES/webpack/shop"

run check -l "$lhr/heavy-mobile-*.json" -l "$lhr/lean-desktop-*.json" --stats "$shop/stats.json.gz" \
  --dist "$shop/dist" --format html="$WORK/report.html" --format json="$WORK/report.json"
expect_status 1 "report written for a failing run"
expect_grep '<div class="verdict fail" id="verdict">FAIL: 8 of 18 budgets exceeded</div>' "$WORK/report.html" "verdict first"
expect_no_grep '(src|href)=' "$WORK/report.html" "self-contained: no src or href at all"
expect_no_grep '<script' "$WORK/report.html" "no scripts"
expect_eq "$(grep -c "<svg" "$WORK/report.html")" "20" "a bar per budget plus a composition chart per entrypoint"

# Against a baseline: the changes come first, regressions at the top; Lighthouse's
# legacy-format images are listed per page.
printf '{"budgets": {"largest-contentful-paint": {"limit": "< 2.5 s", "max_increase": "10%%"}, "images:legacy-format": "== 0"}}' >"$WORK/b.json"
"$PERFGATE" check --budget "$WORK/b.json" -l "$lhr/lean-mobile-1.json" -l "$lhr/images-mobile-1.json" --format json >"$WORK/base.json"
run check --budget "$WORK/b.json" -l "$lhr/lean-mobile-2.json" -l "$lhr/images-mobile-2.json" --baseline "$WORK/base.json" \
  --format html="$WORK/baseline.html"
expect_status 1 "a regression under the absolute limit fails"
expect_grep '<h2 id="baseline">Changes since the baseline</h2>' "$WORK/baseline.html" "a section of changes since the baseline"
expect_eq "$(grep -o '<tr class="chg">.*' "$WORK/baseline.html" | head -1 | grep -o 'largest-contentful-paint</td><td>[^<]*')" \
  "largest-contentful-paint</td><td>http://127.0.0.1:8901/lean/ (mobile)" "the regression is listed first"
expect_grep '<span class="regression">changed \+194 ms \(\+29.1%\) since the baseline, more than max_increase 10%</span>' \
  "$WORK/baseline.html" "with what the regression budget allowed"
expect_grep '<td>Images without WebP/AVIF</td><td>http://127.0.0.1:8901/images/ \(mobile\)</td><td>http://127.0.0.1:8901/images/img/coast.png</td>' \
  "$WORK/baseline.html" "Lighthouse's legacy-format images listed"

# Hostile text in a page URL is escaped, not markup.
python3 - "$lhr/lean-mobile-1.json" "$WORK/hostile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["finalUrl"] = "http://x/<script>alert(1)</script>&amp;\"'"
json.dump(d, open(sys.argv[2], "w"))
PY
run check -l "$WORK/hostile.json" --format html="$WORK/hostile.html"
expect_no_grep '<script' "$WORK/hostile.html" "hostile URL: no script element"
expect_grep 'http://x/&lt;script&gt;alert\(1\)&lt;/script&gt;&amp;amp;&quot;&#39;' "$WORK/hostile.html" "hostile URL: escaped"

# Deterministic: the same inputs give the same bytes — the date fixed, as a reproducible
# build fixes it (without, the sign-off's date is the time of the run and says so).
export SOURCE_DATE_EPOCH=1796601600
"$PERFGATE" check -l "$lhr/heavy-mobile-*.json" --stats "$shop/stats.json.gz" --dist "$shop/dist" --format html >"$WORK/a.html" 2>/dev/null
"$PERFGATE" check -l "$lhr/heavy-mobile-*.json" --stats "$shop/stats.json.gz" --dist "$shop/dist" --format html --jobs 1 >"$WORK/b.html" 2>/dev/null
cmp -s "$WORK/a.html" "$WORK/b.html" && ok "HTML is byte-identical across runs" || not_ok "HTML deterministic"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$chromium" ]]; then
  not_ok "chromium is installed (ci/install-deps --test installs it)"
  finish; exit
fi
profile="$WORK/profile"
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --disable-quic "--user-data-dir=$profile")
timeout 120 "$chromium" "${flags[@]}" --window-size=1280,2000 --screenshot="$WORK/report.png" "file://$WORK/report.html" >/dev/null 2>&1
if [[ -s "$WORK/report.png" ]] && python3 - "$WORK/report.png" <<'PY'; then ok "Chromium renders it: a 1280x2000 screenshot, not blank"; else not_ok "screenshot"; fi
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1280, 2000), (w, h)
# Decode enough of the image to see more than one colour (the verdict box is red).
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
assert len(set(raw[:200000])) > 20
PY
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$WORK/report.html" >"$WORK/dom.html" 2>/dev/null
expect_grep 'FAIL: 8 of 18 budgets exceeded' "$WORK/dom.html" "rendered DOM holds the verdict"
expect_grep 'entrypoint:main — 545.08 kB gzipped' "$WORK/dom.html" "bundle composition per entrypoint"
expect_grep '<b>Initial JS \+ CSS \(gzip\)</b> on main: 545.08 kB, limit &lt; 500 KB, 45.08 kB over' "$WORK/dom.html" \
  "what failed says what an entrypoint budget measures, not its key"
expect_grep 'http://127.0.0.1:8901/lean/ \(desktop\)' "$WORK/dom.html" "per-page Lighthouse metrics"
expect_eq "$(grep -o '<tr><td><span class="b ' "$WORK/dom.html" | wc -l)" \
  "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$WORK/report.json")" "a row per budget"
finish
