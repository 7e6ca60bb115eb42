# A PNG of random RGB noise (no image library needed): pictures no encoder can make
# smaller or keep above the quality floor, for "output not kept" cases.
# Usage: noise_png.py OUT WIDTH HEIGHT SEED
import random, struct, sys, zlib
def png(path, w, h, seed):
    random.seed(seed)
    raw = b"".join(b"\0" + bytes(random.randrange(256) for _ in range(w * 3)) for _ in range(h))
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                           chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
png(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
