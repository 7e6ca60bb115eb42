#!/usr/bin/env bash
# perfgate images convert on the real images (tests/fixtures/images/SOURCES.md):
# outputs decode with dwebp/avifdec at the right size and orientation, broken
# files are per-file errors, sources stay byte-identical (also when killed
# midway), outputs stay inside --out, and the image budget sees what is left.
source "$TESTS/e2e/lib.sh"
img="$FIXTURES/images"
export PERFGATE_CACHE_DIR="$WORK/cache"
dims() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }
sums() { (cd "$1" && find . -type f -name '*.*' ! -name '*.webp' ! -name '*.avif' -print0 | sort -z | xargs -0 sha256sum); }

mkdir -p "$WORK/src" && find "$img" -maxdepth 1 -type f -exec cp {} "$WORK/src/" \;  # not corpus/ (images_corpus.py)
sums "$WORK/src" >"$WORK/before.sha"
run images convert "$WORK/src" --out "$WORK/out"
expect_status 2 "a batch with broken files exits 2"
for bad in "broken-bomb-100000x100000.png: PNG header claims 100000x100000 pixels, over the limit of 268402689 \(raise it with --max-pixels\)" \
           "broken-empty.png: empty file" \
           "broken-text.jpg: not a PNG or JPEG image" \
           "broken-truncated.png: corrupt or truncated PNG"; do
  expect_grep "perfgate: error: .*$bad" "$ERR" "refused: ${bad%%:*}"
done
expect_eq "$(wc -l <"$ERR")" "4" "one line per broken file, nothing else"
expect_grep '^total .* — 15 images$' "$OUT" "the rest of the batch is converted"
sums "$WORK/src" >"$WORK/after.sha"
cmp -s "$WORK/before.sha" "$WORK/after.sha" && ok "sources byte-identical" || not_ok "sources byte-identical"
expect_eq "$(find "$WORK/src" -name '*.webp' -o -name '*.avif' | wc -l)" "0" "nothing written beside the sources with --out"

# Every output decodes with the reference decoders, at the displayed size.
declare -A want=([camera-gray8]=512x512 [chessboard-rgb16]=200x200 [coffee-rgb]=600x400 [icon-debian-32]=32x32
  [moonlight-palette4]=1920x1080 [nasa-rocket-640x427]=640x427 [photo-freshflower-progressive]=1600x1203
  [photo-greenmeadow-cmyk]=1280x1024 [photo-storm-exif-orient6]=1920x1280 [spacefun-rocket-rgba]=240x240
  [stripes-gray-alpha]=1920x1200)
for name in "${!want[@]}"; do
  for fmt in webp avif; do
    f="$WORK/out/$name.$fmt"
    [[ -f "$f" ]] || { not_ok "$name.$fmt written"; continue; }
    if [[ $fmt == webp ]]; then dwebp -quiet "$f" -o "$WORK/dec.png" 2>/dev/null; else avifdec "$f" "$WORK/dec.png" >/dev/null 2>&1; fi
    expect_eq "$(dims "$WORK/dec.png")" "${want[$name]}" "$name.$fmt decodes at ${want[$name]}"
  done
done
# The EXIF-6 photo is stored 1280x1920 sideways: upright means landscape, and no
# orientation box/tag is written (so no viewer rotates it twice).
avifdec --info "$WORK/out/photo-storm-exif-orient6.avif" >"$WORK/info.txt" 2>&1 || true
expect_grep 'Transformations: None' "$WORK/info.txt" "AVIF has no irot/imir box to rotate it again"
expect_grep 'Exif Metadata  : Absent' "$WORK/info.txt" "AVIF carries no EXIF orientation"
webpinfo "$WORK/out/photo-storm-exif-orient6.webp" >"$WORK/winfo.txt" 2>&1 || true
expect_no_grep 'EXIF' "$WORK/winfo.txt" "WebP has no EXIF chunk"
python3 - "$WORK/dec.png" "$WORK/out/photo-storm-exif-orient6.webp" <<'PY' && ok "the storm photo's sky is at the top (rotated, not mirrored)" || not_ok "orientation content"
import subprocess, sys, zlib, struct
subprocess.run(["dwebp", "-quiet", sys.argv[2], "-ppm", "-o", sys.argv[1] + ".ppm"], check=True)
data = open(sys.argv[1] + ".ppm", "rb").read()
header, w, h, maxval, rest = data.split(maxsplit=4)
w, h = int(w), int(h)
row = lambda y: sum(rest[(y * w) * 3:(y * w + w) * 3]) / (w * 3)
top, bottom = sum(row(y) for y in range(0, 100)) / 100, sum(row(y) for y in range(h - 100, h)) / 100
assert top > bottom + 20, (top, bottom)   # bright sky above a dark road
PY
# ICC profiles are kept (the camera JPEG's sRGB profile... where the source has one).
if python3 -c 'import sys; sys.exit(0 if b"ICC_PROFILE" in open(sys.argv[1],"rb").read() else 1)' "$img/nasa-rocket-640x427.jpg"; then
  webpinfo "$WORK/out/nasa-rocket-640x427.webp" | grep -q ICCP && ok "ICC profile kept in WebP" || not_ok "ICC profile kept"
fi

# Sizes within 2% of the peers run with the same settings, one file at a time.
for name in coffee-rgb nasa-rocket-640x427; do
  src=$(ls "$img/$name".*)
  cwebp -quiet -q 80 -m 4 -sharp_yuv -metadata icc "$src" -o "$WORK/peer.webp" 2>/dev/null
  python3 -c 'import os,sys; a,b=os.path.getsize(sys.argv[1]),os.path.getsize(sys.argv[2]); sys.exit(0 if abs(a-b) <= 0.02*b or a < b else 1)' \
    "$WORK/out/$name.webp" "$WORK/peer.webp" && ok "$name.webp within 2% of cwebp -q 80 -m 4 -sharp_yuv -metadata icc (or smaller)" \
    || not_ok "$name.webp size vs cwebp" "$(stat -c %s "$WORK/out/$name.webp") vs $(stat -c %s "$WORK/peer.webp")"
  avifenc -j 1 -s 6 -y 420 --min 0 --max 63 --minalpha 0 --maxalpha 63 -a end-usage=q -a cq-level=32 -r full "$src" "$WORK/peer.avif" >/dev/null 2>&1
  python3 -c 'import os,sys; a,b=os.path.getsize(sys.argv[1]),os.path.getsize(sys.argv[2]); sys.exit(0 if abs(a-b) <= 0.02*b else 1)' \
    "$WORK/out/$name.avif" "$WORK/peer.avif" && ok "$name.avif within 2% of avifenc -s 6 cq-level 32" \
    || not_ok "$name.avif size vs avifenc" "$(stat -c %s "$WORK/out/$name.avif") vs $(stat -c %s "$WORK/peer.avif")"
done

# A re-run over the unchanged folder does nothing: every output is up to date.
run images convert "$WORK/src" --out "$WORK/out"
expect_eq "$(grep -c 'up to date' "$OUT")" "11" "re-run: all 11 images up to date (cache)"

# Beside the source; --to; an output that is not smaller is not kept.
mkdir -p "$WORK/beside" && cp "$img/coffee-rgb.png" "$img/icon-debian-32.png" "$WORK/beside/"
run images convert "$WORK/beside" --to avif --avif-quality 100 --no-cache
expect_status 0 "beside the source"
expect_grep 'coffee-rgb.png .* avif [0-9.]+ kB \(-[0-9]+%\)' "$OUT" "coffee.avif written beside it"
expect_grep 'icon-debian-32.png .* avif not smaller, not kept' "$OUT" "says when an output is not smaller"
[[ -f "$WORK/beside/coffee-rgb.avif" && ! -f "$WORK/beside/icon-debian-32.avif" && ! -f "$WORK/beside/coffee-rgb.webp" ]] \
  && ok "only the smaller, requested output exists" || not_ok "outputs beside the source"

# Inputs refused one by one; the batch goes on.
python3 - "$WORK/edge" <<'PY'
# Hand-made edge cases (not real pictures): a PNG wider than WebP allows and an APNG.
import os, struct, sys, zlib
os.makedirs(sys.argv[1], exist_ok=True)
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
def png(w, h, extra=b""):
    raw = b"".join(b"\0" + os.urandom(w * 3) for _ in range(h))  # noise: AVIF comes out smaller
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open(os.path.join(sys.argv[1], "wide-16400x2.png"), "wb").write(png(16400, 2))
open(os.path.join(sys.argv[1], "anim.png"), "wb").write(png(4, 4, chunk(b"acTL", struct.pack(">II", 2, 0))))
PY
cp "$img/anim-no-time-for-that.gif" "$WORK/edge/"
# Noise: lossy AVIF cannot keep it, so the quality guard is off here (tested below).
run images convert "$WORK/edge/wide-16400x2.png" "$WORK/edge/anim.png" "$WORK/edge/anim-no-time-for-that.gif" --no-cache --min-psnr 0
expect_status 2 "edge cases are per-file errors"
expect_grep 'wide-16400x2.png: 16400x2 is larger than WebP allows \(16383 px a side\)' "$ERR" "too wide for WebP: said clearly"
[[ -f "$WORK/edge/wide-16400x2.avif" ]] && ok "AVIF still written for the too-wide image" || not_ok "AVIF for the too-wide image"
expect_grep 'anim.png: animated PNG \(APNG\) is not converted' "$ERR" "APNG skipped, not flattened"
expect_grep 'anim-no-time-for-that.gif: GIF is not converted' "$ERR" "animated GIF skipped"
run images convert "$WORK/edge/wide-16400x2.png" --max-pixels 1000 --no-cache --to avif
expect_grep 'over the limit of 1000 \(raise it with --max-pixels\)' "$ERR" "--max-pixels refuses before decoding"

# The quality guard: noise through lossy AVIF comes out far from the source (PSNR
# under the 30 dB floor): not kept, said with its figure, not an error; the cache
# remembers the verdict; --min-psnr 0 turns the guard off.
rm -f "$WORK/edge/wide-16400x2.avif"
run images convert "$WORK/edge/wide-16400x2.png" --to avif --cache-dir "$WORK/guard-cache"
expect_status 0 "an output under the quality floor is not an error"
expect_grep 'wide-16400x2.png .* avif too lossy \([0-9.]+ dB < 30\), not kept' "$OUT" "too lossy, with its PSNR"
[[ ! -f "$WORK/edge/wide-16400x2.avif" ]] && ok "the too-lossy AVIF is not written" || not_ok "too-lossy AVIF written"
run images convert "$WORK/edge/wide-16400x2.png" --to avif --cache-dir "$WORK/guard-cache" --format json
expect_grep '"note": "AVIF at [0-9.]+ dB PSNR against the source, under the floor of 30 dB \(--min-psnr\); not kept"' "$OUT" "cached: the same verdict, with its note"
run images convert "$WORK/edge/wide-16400x2.png" --to avif --cache-dir "$WORK/guard-cache" --min-psnr 0
[[ -f "$WORK/edge/wide-16400x2.avif" ]] && ok "--min-psnr 0 keeps it" || not_ok "--min-psnr 0 did not keep it"
rm -f "$WORK/edge/wide-16400x2.avif"

# Outputs never leave --out, even through a symlinked folder.
mkdir -p "$WORK/escape/src/sub" "$WORK/escape/out" "$WORK/elsewhere" && cp "$img/coffee-rgb.png" "$WORK/escape/src/sub/"
ln -s "$WORK/elsewhere" "$WORK/escape/out/sub"
run images convert "$WORK/escape/src" --out "$WORK/escape/out" --no-cache
expect_status 2 "a symlink out of --out"
expect_grep 'would land outside --out' "$ERR" "refused with a reason"
expect_eq "$(ls "$WORK/elsewhere" | wc -l)" "0" "nothing written through the link"

# Killed at random moments (SIGKILL): sources intact, no partial outputs; a re-run finishes.
mkdir -p "$WORK/kill" && cp "$img"/*.png "$img"/*.jpg "$WORK/kill/" && rm "$WORK/kill"/broken-*
sums "$WORK/kill" >"$WORK/kill-before.sha"
for i in $(seq 1 15); do
  "$PERFGATE" images convert "$WORK/kill" --no-cache >/dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
sums "$WORK/kill" >"$WORK/kill-after.sha"
cmp -s "$WORK/kill-before.sha" "$WORK/kill-after.sha" && ok "15 SIGKILLs: sources byte-identical" || not_ok "sources after SIGKILL"
for f in "$WORK"/kill/*.webp "$WORK"/kill/*.avif; do
  [[ -f "$f" ]] || continue
  if [[ $f == *.webp ]]; then dwebp -quiet "$f" -o /dev/null 2>/dev/null || not_ok "complete output after SIGKILL: $f"; fi
  if [[ $f == *.avif ]]; then avifdec "$f" "$WORK/k.png" >/dev/null 2>&1 || not_ok "complete output after SIGKILL: $f"; fi
done
ok "every output left by the killed runs decodes (no partial file)"
run images convert "$WORK/kill" --no-cache
expect_status 0 "a re-run completes the work"
expect_eq "$(ls -a "$WORK/kill" | grep -c perfgate-tmp)" "0" "the re-run removed the killed runs' temporary files"
expect_eq "$(ls "$WORK/kill" | grep -c '\.webp$')" "11" "all WebP outputs present"

# The image budget: legacy images without a sibling fail; converting fixes it.
mkdir -p "$WORK/site/img" && cp "$img/coffee-rgb.png" "$img/nasa-rocket-640x427.jpg" "$img/icon-debian-32.png" "$WORK/site/img/"
printf '{"budgets": {"images:legacy-format": "== 0", "images:total-size": "< 1 MB"}}' >"$WORK/img-budget.json"
run check --budget "$WORK/img-budget.json" --images "$WORK/site" --format json
expect_status 1 "legacy-only images fail images:legacy-format"
python3 - "$OUT" <<'PY' && ok "the two large legacy images are listed; the 960 B icon is under min_size" || not_ok "legacy list"
import json, sys
r = {x["metric"]: x for x in json.load(open(sys.argv[1]))["results"]}
legacy = r["images:legacy-format"]
assert legacy["value"] == 2 and [d["name"] for d in legacy["details"]] == ["img/coffee-rgb.png", "img/nasa-rocket-640x427.jpg"]
assert r["images:total-size"]["value"] == 466706 + 112525 + 960
PY
"$PERFGATE" images convert "$WORK/site" >/dev/null 2>&1
run check --images "$WORK/site"
expect_status 0 "after perfgate images convert, the budget passes"
echo "not an image" >"$WORK/site/img/fake.jpg"
run check --images "$WORK/site"
expect_status 2 "a text file named .jpg"
expect_stderr_line 'fake.jpg: not an image' "named, by content"
# No file is ever lost or mixed up (issue 12): files named on the command line keep
# their names under --out; two sources that would write one output are both refused,
# naming each other; an existing output perfgate has no record of writing is kept
# unless --force; --out is the same folder however it is spelt.
mkdir -p "$WORK/lost" && cd "$WORK/lost" || exit 1
export PERFGATE_CACHE_DIR="$WORK/lost-cache"
cp "$FIXTURES/images/coffee-rgb.png" a.png && cp "$FIXTURES/images/nasa-rocket-640x427.jpg" b.jpg
run images convert --out out a.png b.jpg --to webp
expect_status 0 "files named on the command line, relative, with --out"
expect_eq "$(ls out | tr '\n' ' ')" "a.webp b.webp " "each keeps its own name (never out/.webp)"
cp a.png logo.png && cp b.jpg logo.jpg
run images convert logo.png logo.jpg --to webp,avif
expect_status 2 "logo.png and logo.jpg: both would write logo.webp"
expect_grep 'logo.png: logo.jpg and logo.png would both be written to logo.webp; refused' "$ERR" "each is named"
[[ ! -e logo.webp && ! -e logo.avif ]] && ok "neither output written" || not_ok "a colliding output was written"
echo "made by hand" >a.webp
run images convert a.png --to webp
expect_status 2 "a hand-made a.webp beside a.png"
expect_grep 'a.webp exists and perfgate has no record of writing it.*--force replaces it' "$ERR" "says why and how"
expect_eq "$(cat a.webp)" "made by hand" "the hand-made file is untouched"
run images convert a.png --to webp --force
expect_status 0 "--force replaces it"
run images convert a.png --to webp
expect_status 0 "perfgate's own output is then replaced freely (it keeps a record)"
cp a.webp a.webp.mine && printf 'x' >>a.webp
run images convert a.png --to webp
expect_status 2 "an output edited since perfgate wrote it is refused too"
rm -f a.webp && mv a.webp.mine a.webp
for spelling in out/ out/. ./out "$WORK/lost/out/"; do
  run images convert --out "$spelling" a.png --to webp
  expect_status 0 "--out $spelling is the same folder (never 'outside --out')"
done
unset PERFGATE_CACHE_DIR
cd "$WORK" || exit 1
# A 48-byte PNG whose text chunk claims 2 GB: refused from the chunk list, in a few MB
# (libpng allocates a chunk's claimed length before reading it).
python3 - "$WORK/huge-chunk.png" <<'PY'
import struct, sys, zlib
def chunk(t, d, length=None):
    return struct.pack(">I", len(d) if length is None else length) + t + d + struct.pack(">I", zlib.crc32(t + d))
ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"zTXt", b"k\x00\x00", 0x7ffffff0))
PY
/usr/bin/time -f "%M" -o "$WORK/huge.rss" "$PERFGATE" images convert "$WORK/huge-chunk.png" --no-cache >/dev/null 2>"$ERR"
STATUS=$?
expect_status 2 "a PNG chunk claiming 2 GB"
expect_stderr_line 'huge-chunk.png: corrupt or truncated PNG: its zTXt chunk claims 2147483632 bytes' "named, with the chunk"
[[ $(tail -1 "$WORK/huge.rss") -lt 262144 ]] && ok "refused in under 256 MB of memory ($(tail -1 "$WORK/huge.rss") KB)" || not_ok "memory for the 2 GB chunk" "$(tail -1 "$WORK/huge.rss") KB"
# GIF: not converted, and not demanded by the default budget either.
mkdir -p "$WORK/gifs" && cp "$img/anim-no-time-for-that.gif" "$WORK/gifs/"
run check --images "$WORK/gifs"
expect_status 0 "a folder of GIFs passes the default images budget (perfgate cannot convert GIF)"
printf '{"images": {"legacy_formats": ["png", "jpeg", "gif"]}, "budgets": {"images:legacy-format": "== 0"}}' >"$WORK/gif-budget.json"
run check --budget "$WORK/gif-budget.json" --images "$WORK/gifs"
expect_status 1 "listing gif in legacy_formats flags it"
# JPEG as tolerant as libjpeg's tools: stray bytes after the start marker and garbage
# after the end are skipped (the same picture as the clean file); a truncated file stays
# an error (no grey bottom half).
mkdir -p "$WORK/jt" && python3 - "$img/nasa-rocket-640x427.jpg" "$WORK/jt" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
open(sys.argv[2] + "/clean.jpg", "wb").write(d)
open(sys.argv[2] + "/junk-after-soi.jpg", "wb").write(d[:2] + b"\x00junk\x00" + d[2:])
open(sys.argv[2] + "/trailing-garbage.jpg", "wb").write(d + b"\x00\x01garbage")
open(sys.argv[2] + "/truncated.jpg", "wb").write(d[: len(d) // 2])
PY
run images convert "$WORK/jt" --to webp --no-cache
expect_status 2 "JPEG tolerance: only the truncated file is an error"
expect_stderr_line 'truncated.jpg: corrupt or truncated JPEG \(libjpeg: Premature end of JPEG file\)' "the truncated file, named"
for f in junk-after-soi trailing-garbage; do
  cmp -s "$WORK/jt/$f.webp" "$WORK/jt/clean.webp" && ok "$f.jpg converts to the same WebP as the clean file" || not_ok "$f.jpg"
done
# PNG eXIf orientation (no public PNG in the corpus has one but 1): the coffee photo
# with an eXIf chunk saying "rotate 90" (6) before its image data is written upright
# (600x400 -> 400x600); the same chunk after the image data is ignored, as browsers
# ignore it.
mkdir -p "$WORK/exif" && python3 - "$img/coffee-rgb.png" "$WORK/exif" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
tiff = b"MM\0\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + b"\0\0\0\0"
idat = d.index(b"IDAT") - 4
iend = d.index(b"IEND") - 4
open(sys.argv[2] + "/before.png", "wb").write(d[:idat] + chunk(b"eXIf", tiff) + d[idat:])
open(sys.argv[2] + "/after.png", "wb").write(d[:iend] + chunk(b"eXIf", tiff) + d[iend:])
PY
run images convert "$WORK/exif" --to webp --no-cache
expect_status 0 "PNGs with eXIf convert"
dims() { dwebp "$1" -pam -o - 2>/dev/null | sed -n '2,3p' | tr '\n' ' '; }
[[ "$(dims "$WORK/exif/before.webp")" == "WIDTH 400 HEIGHT 600 " ]] && ok "eXIf orientation 6 before IDAT: written upright (400x600)" \
  || not_ok "eXIf before IDAT" "$(dims "$WORK/exif/before.webp")"
[[ "$(dims "$WORK/exif/after.webp")" == "WIDTH 600 HEIGHT 400 " ]] && ok "eXIf after IDAT: ignored, as browsers do (600x400)" \
  || not_ok "eXIf after IDAT" "$(dims "$WORK/exif/after.webp")"

# A name with a newline is one line in the report, not two.
mkdir -p "$WORK/nl" && cp "$img/coffee-rgb.png" "$WORK/nl/two
lines.png"
run images convert "$WORK/nl" --to webp --no-cache
expect_status 0 "a name with a newline converts"
[[ $(grep -c 'lines.png' "$OUT") -eq 1 && $(grep -c '^lines.png' "$OUT") -eq 0 ]] && ok "its name stays on one line of the report" \
  || not_ok "newline in a name" "$(cat "$OUT")"
# An output not kept this time never leaves an older one in place: a.png converted,
# then replaced by another picture whose outputs miss the quality floor: the old
# a.webp/a.avif (perfgate's) are removed, not shown for the new picture.
mkdir -p "$WORK/stale" && cp "$img/coffee-rgb.png" "$WORK/stale/a.png"
run images convert "$WORK/stale" --cache-dir "$WORK/stale-cache"
[[ -f "$WORK/stale/a.avif" ]] && ok "stale: the first picture's AVIF is written" || not_ok "stale: first AVIF"
cp "$img/nasa-rocket-640x427.jpg" "$WORK/stale/a.png.jpg" && mv "$WORK/stale/a.png.jpg" "$WORK/stale/b.jpg"
cp "$img/camera-gray8.png" "$WORK/stale/a.png"
run images convert "$WORK/stale" --cache-dir "$WORK/stale-cache" --min-psnr 99 --to avif
expect_grep 'a.png .* avif too lossy' "$OUT" "stale: the new picture's AVIF misses the floor"
[[ ! -f "$WORK/stale/a.avif" ]] && ok "stale: the old picture's AVIF is removed, not left as the new one's" || not_ok "stale: old AVIF left in place"
run images convert "$WORK/stale" --cache-dir "$WORK/stale-cache" --min-psnr 99 --to avif --format json
expect_no_grep 'was removed' "$OUT" "stale: a cached re-run does not claim to remove it again"

# The same bytes whatever the number of jobs (committed outputs are checked on machines
# with other core counts).
mkdir -p "$WORK/jobs"
for f in coffee-rgb.png nasa-rocket-640x427.jpg spacefun-rocket-rgba.png; do cp "$img/$f" "$WORK/jobs/"; done
run images convert "$WORK/jobs" --out "$WORK/jobs-1" --jobs 1 --no-cache
run images convert "$WORK/jobs" --out "$WORK/jobs-3" --jobs 3 --no-cache
diff -r "$WORK/jobs-1" "$WORK/jobs-3" >/dev/null && ok "--jobs 1 and --jobs 3 write the same bytes" || not_ok "outputs depend on --jobs"

# A degenerate cHRM (white point y = 0) is ignored, as libpng and browsers ignore it:
# the picture is the same as without the chunk, not black.
mkdir -p "$WORK/chrm" && python3 - "$img/coffee-rgb.png" "$WORK/chrm" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
idat = d.index(b"IDAT") - 4
bad = struct.pack(">8I", 31270, 0, 64000, 33000, 30000, 60000, 15000, 6000)
open(sys.argv[2] + "/plain.png", "wb").write(d)
open(sys.argv[2] + "/bad-chrm.png", "wb").write(d[:idat] + chunk(b"cHRM", bad) + chunk(b"gAMA", struct.pack(">I", 45455)) + d[idat:])
PY
run images convert "$WORK/chrm" --to webp --no-cache
cmp -s "$WORK/chrm/plain.webp" "$WORK/chrm/bad-chrm.webp" && ok "a cHRM with white y = 0 is ignored (same WebP as without it)" \
  || not_ok "degenerate cHRM changed the picture"
finish
