#!/usr/bin/env python3
"""Writes site/hero.png: a 480x320 RGB gradient with a little deterministic noise, so PNG
stays large (~hundreds of KB) and Lighthouse finds savings in WebP/AVIF. Standard library only."""
import os, random, struct, zlib
w, h = 480, 320
rnd = random.Random(7)
rows = bytearray()
for y in range(h):
    rows.append(0)
    for x in range(w):
        n = rnd.randrange(24)
        rows += bytes(((x * 255 // w + n) & 255, (y * 255 // h + n) & 255, (128 + n) & 255))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "site", "hero.png")
open(out, "wb").write(png)
print(out, len(png))
