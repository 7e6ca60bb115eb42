#!/usr/bin/env python3
"""Do perfgate's WebP/AVIF outputs look like their source as a browser shows it?

Usage: images_corpus.py PERFGATE CORPUS_DIR SCRATCH_DIR
       (e.g. build/perfgate tests/fixtures/images/corpus /tmp/pg-corpus)

Runs under /usr/bin/python3 (Debian 12: PIL 9.4 with ImageCms, numpy 1.24) and needs
dwebp and avifdec (Debian's webp and libavif-bin); cwebp/avifenc are used, when present,
only to tell encoder loss from a wrong picture (see "Thresholds").

What it does
  1. Copies CORPUS_DIR to SCRATCH/src (SCRATCH/src, out, work are emptied first) and runs,
     once, `PERFGATE images convert --format json --out SCRATCH/out SCRATCH/src` with a
     fresh PERFGATE_CACHE_DIR (SCRATCH/cache).
  2. Checks every source is byte-identical afterwards, nothing was written beside
     the sources, every kept output exists and no output that was not kept does.
  3. Refusals (an "error"/"skipped" entry) are held against
     CORPUS_DIR/expected-refusals.tsv (file<TAB>substring of the reason): a refusal
     with no line, a line whose substring is not in the reason, and a file with a line
     that was converted anyway, all fail.
  4. Every kept output is decoded (dwebp -pam; avifdec -d 8 to PNG), colour-managed if
     it carries an ICC profile (WebP ICCP chunk, AVIF colr prof) or a non-sRGB AVIF nclx,
     and compared with a REFERENCE rendering of the source computed here, independently
     of perfgate, as a browser shows it:
       - orientation: JPEG: the first APP1 "Exif" segment before SOS, wherever it is
         among the other segments (an XMP APP1 after it does not reset it); PNG: an eXIf
         chunk before the first IDAT (browsers ignore one after the image data, and
         never read tEXt "Raw profile" EXIF or XMP tiff:Orientation). 0 or >8 = 1.
       - PNG colour, first that applies: cICP > iCCP > sRGB > gAMA/cHRM > untagged=sRGB.
         Colour chunks count only before the first IDAT. gAMA only: linear = v^(1/g),
         sRGB primaries, except within 5 % of 1/2.2: sRGB (as Chrome); cHRM only: ignored
         (as Chrome), and invalid chromaticities too; cHRM+gAMA: the
         RGB->XYZ matrix from the chromaticities, Bradford-adapted to D65, to linear sRGB,
         clipped, sRGB-encoded. cICP: primaries 1/2/4/5/6/7/8/9/11/12/22, transfer
         1/2/4/5/6/7/8/13/14/15 (PQ/HLG are not rendered here), full or narrow range.
         An iCCP profile of the wrong colour space for the colour type is ignored (as
         libpng and so the browsers do); one lcms cannot read is ignored too.
       - JPEG colour: an embedded ICC profile through ImageCms to sRGB (perceptual);
         CMYK (PIL undoes Adobe's inversion) through its profile, or, with none, the
         naive R = (255-C)(255-K)/255 browsers use.
       - 16-bit PNG: decoded here (PIL 9.4 truncates 16-bit RGB/RGBA/LA), reduced to
         8 bits by rounding v*255/65535; tRNS is matched on the 16-bit values. Where a
         colour conversion applies, both orders (reduce then convert, as Chrome does, or
         convert the 16-bit values then round) are accepted, the closer one reported.
       - Alpha: both pictures are composited over white and over black (in the encoded
         values, as browsers blend) and the alpha channel is compared too; the worst
         of the three is what is reported and judged.
  5. Prints one line per output: source name, format (webp lossless/lossy, avif), size,
     dims match, mean abs error, PSNR (dB), max error, verdict; on a wrong picture, the
     source's features and which naive rendering the output is closest to (colour
     unmanaged, orientation not applied, naive CMYK, 2.2-power gamma as libpng's
     simplified API, ...), which names the likely cause.

Thresholds (per output, on the worst of over-white / over-black / alpha)
  - lossless WebP (a VP8L bitstream): max abs error <= 1 (colour conversions are
    rounded in different places; exactly equal in the common case);
  - lossy (VP8 WebP, AVIF): PSNR >= 30 dB and mean abs error <= 4.
  Tuned, with evidence, for one case only: when a lossy output misses those, the
  reference pixels themselves are encoded by cwebp -q 80 -m 4 -sharp_yuv / avifenc
  -s 6 cq-level 32 (perfgate's settings); if that gets no better (perfgate's PSNR within
  1 dB of it and its mean error within 1 of it), the loss is the encoder's at these
  settings, not a wrong picture, and the output passes with a note. Needed because MAE
  <= 4 is more than real encoders give on detailed pictures: avifenc itself, on the
  reference, gets mean errors of 5.0-5.9 (PSNR 30.1-32.0) on the CMYK Wikimedia photo,
  the libjpeg-turbo monkey and sharp's Landscape_5, and cwebp 4.3 on the CMYK one.
  Thresholds alone can hide a systematic error under encoder noise, so an output is
  also WRONG when it is closer (by 0.25 mean error) to a naive rendering of the source
  (a colour description skipped, orientation not applied, CMYK profile ignored) than to
  the reference, where that naive rendering is itself >= 1.0 mean error from it.
  Not judged: outputs perfgate did not keep (not smaller, or under its --min-psnr floor).

Known limits of the reference
  - gAMA follows the PNG spec and the brief (decode v^(1/g), encode sRGB). That agrees
    with libavif's Chrome capture of an RGB gAMA 1/2.2 + cHRM PNG (within 1), but its
    Chrome capture of a GREY gAMA 1.6 PNG (kodim03_grayscale_gamma1.6) equals a 2.2-power
    encode instead (mean 0.97, max 9 from this reference); the lossy thresholds absorb that.
  - ICC transforms use lcms (perceptual intent), browsers skcms: LUT profiles (the SWOP
    CMYK one) can differ by a few levels.

Exit status: 0 all checks pass, 1 any fails (with a summary of the failures).
Runtime: 20-40 s on 2 cores for the 229-file corpus (perfgate itself about 12 s).
"""
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor

import warnings

import numpy as np
from PIL import Image, ImageCms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import check, finish  # noqa: E402

Image.MAX_IMAGE_PIXELS = None
warnings.filterwarnings("ignore", module="PIL")  # "Truncated File Read" on odd EXIF blocks
LOSSLESS_MAX = 1
LOSSY_PSNR = 30.0
LOSSY_MAE = 4.0
ALT_APART = 1.0   # a naive rendering counts when its mean error from the reference is >= this
ALT_MARGIN = 0.25  # ... and the output is closer to it than to the reference by this much

# ---------------------------------------------------------------- colour maths

SRGB_PRIMS = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
D65 = (0.3127, 0.3290)
BRADFORD = np.array([[0.8951, 0.2664, -0.1614], [-0.7502, 1.7135, 0.0367], [0.0389, -0.0685, 1.0296]])

# ITU-T H.273 colour primaries: (R, G, B), white.
CICP_PRIMARIES = {
    1: (SRGB_PRIMS, D65), 2: (SRGB_PRIMS, D65),
    4: (((0.67, 0.33), (0.21, 0.71), (0.14, 0.08)), (0.310, 0.316)),
    5: (((0.64, 0.33), (0.29, 0.60), (0.15, 0.06)), D65),
    6: (((0.630, 0.340), (0.310, 0.595), (0.155, 0.070)), D65),
    7: (((0.630, 0.340), (0.310, 0.595), (0.155, 0.070)), D65),
    8: (((0.681, 0.319), (0.243, 0.692), (0.145, 0.049)), (0.310, 0.316)),
    9: (((0.708, 0.292), (0.170, 0.797), (0.131, 0.046)), D65),
    11: (((0.680, 0.320), (0.265, 0.690), (0.150, 0.060)), (0.314, 0.351)),
    12: (((0.680, 0.320), (0.265, 0.690), (0.150, 0.060)), D65),
    22: (((0.630, 0.340), (0.295, 0.605), (0.155, 0.077)), D65),
}


def srgb_encode(lin):
    lin = np.clip(lin, 0.0, 1.0)
    return np.where(lin <= 0.0031308, 12.92 * lin, 1.055 * np.power(lin, 1 / 2.4) - 0.055)


def srgb_decode(v):
    return np.where(v <= 0.04045, v / 12.92, np.power((v + 0.055) / 1.055, 2.4))


def bt709_decode(v):
    return np.where(v < 0.081, v / 4.5, np.power((v + 0.099) / 1.099, 1 / 0.45))


def smpte240_decode(v):
    return np.where(v < 0.0913, v / 4.0, np.power((v + 0.1115) / 1.1115, 1 / 0.45))


CICP_TRANSFER = {
    1: bt709_decode, 6: bt709_decode, 14: bt709_decode, 15: bt709_decode,
    2: srgb_decode, 13: srgb_decode,
    4: lambda v: np.power(v, 2.2), 5: lambda v: np.power(v, 2.8),
    7: smpte240_decode, 8: lambda v: v,
}


def xy_to_xyz(x, y):
    return np.array([x / y, 1.0, (1 - x - y) / y])


def rgb_to_xyz(prims, white):
    m = np.stack([xy_to_xyz(*p) for p in prims], axis=1)
    s = np.linalg.solve(m, xy_to_xyz(*white))
    return m * s


def bradford(src_white, dst_white):
    ratio = (BRADFORD @ xy_to_xyz(*dst_white)) / (BRADFORD @ xy_to_xyz(*src_white))
    return np.linalg.inv(BRADFORD) @ np.diag(ratio) @ BRADFORD


XYZ_TO_SRGB = np.linalg.inv(rgb_to_xyz(SRGB_PRIMS, D65))


def gamut_matrix(prims, white):
    """Linear RGB in (prims, white) -> linear sRGB (D65, Bradford)."""
    return XYZ_TO_SRGB @ bradford(white, D65) @ rgb_to_xyz(prims, white)


def apply_matrix(lin, m):
    if np.allclose(m, np.eye(3), atol=1e-6):
        return lin
    return np.einsum("ij,hwj->hwi", m, lin)


def analytic_to_srgb(rgb01, decode, prims, white):
    """rgb01: float HxWx3 in [0,1] encoded values -> float HxWx3 sRGB-encoded 0..255."""
    lin = decode(np.clip(rgb01, 0, 1))
    lin = apply_matrix(lin, gamut_matrix(prims, white))
    return srgb_encode(lin) * 255.0


SRGB_PROFILE = ImageCms.createProfile("sRGB")


def icc_space(icc):
    return icc[16:20].decode("latin1", "replace").strip() if len(icc) >= 20 else "?"


def icc_name(icc):
    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc))).strip()
    except Exception:  # noqa: BLE001
        return "unreadable"


def icc_to_srgb(rgb_u8, icc, grey=False):
    """uint8 HxWx3 (or HxW for grey) through `icc` to sRGB: float HxWx3, or None if lcms refuses."""
    try:
        prof = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "L" if grey else "RGB"
        img = Image.fromarray(rgb_u8 if not grey else rgb_u8.astype(np.uint8), mode)
        out = ImageCms.profileToProfile(img, prof, SRGB_PROFILE, renderingIntent=0, outputMode="RGB")
        return np.asarray(out, dtype=np.float64)
    except Exception:  # noqa: BLE001
        return None


# ---------------------------------------------------------------- metadata parsing

def exif_orientation(tiff):
    """Orientation (1-8) in a TIFF-structured EXIF block, else 1."""
    if len(tiff) < 8 or tiff[:2] not in (b"II", b"MM"):
        return 1
    e = "<" if tiff[:2] == b"II" else ">"
    try:
        if struct.unpack(e + "H", tiff[2:4])[0] != 42:
            return 1
        ifd = struct.unpack(e + "I", tiff[4:8])[0]
        n = struct.unpack(e + "H", tiff[ifd:ifd + 2])[0]
        for i in range(n):
            at = ifd + 2 + 12 * i
            tag, typ = struct.unpack(e + "HH", tiff[at:at + 4])
            if tag == 0x0112:
                v = struct.unpack(e + "H", tiff[at + 8:at + 10])[0] if typ == 3 else \
                    struct.unpack(e + "I", tiff[at + 8:at + 12])[0]
                return v if 1 <= v <= 8 else 1
    except (struct.error, IndexError):
        return 1
    return 1


def jpeg_segments(data):
    """[(marker, payload)] up to SOS."""
    out, at = [], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            at += 1
            continue
        m = data[at + 1]
        if m == 0xFF:
            at += 1
            continue
        if m in (0xD8, 0x01) or 0xD0 <= m <= 0xD7:
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        out.append((m, data[at + 4:at + 2 + length]))
        if m == 0xDA:
            break
        at += 2 + length
    return out


def png_chunks(data):
    """[(type, payload, before_first_IDAT)] — stops at IEND or at a chunk overrunning the file."""
    out, at, seen_idat = [], 8, False
    while at + 8 <= len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        ctype = data[at + 4:at + 8].decode("latin1")
        if at + 12 + length > len(data):
            break
        # An ancillary chunk with a wrong CRC is dropped, as libpng (and so browsers) drop it.
        crc = struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0]
        if ctype[0].islower() and crc != zlib.crc32(data[at + 4:at + 8 + length]) & 0xFFFFFFFF:
            at += 12 + length
            continue
        if ctype == "IDAT":
            seen_idat = True
        out.append((ctype, data[at + 8:at + 8 + length], not seen_idat))
        if ctype == "IEND":
            break
        at += 12 + length
    return out


def orient(a, o):
    """Apply EXIF orientation `o` to an HxWxC array (result upright)."""
    if o == 2:
        return a[:, ::-1]
    if o == 3:
        return a[::-1, ::-1]
    if o == 4:
        return a[::-1]
    if o == 5:
        return a.swapaxes(0, 1)
    if o == 6:
        return np.rot90(a, -1)
    if o == 7:
        return np.rot90(a, 2).swapaxes(0, 1)
    if o == 8:
        return np.rot90(a, 1)
    return a


# ---------------------------------------------------------------- 16-bit PNG decoding

ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def unfilter(raw, pos, width, height, bpp):
    """Unfilter `height` scanlines of width*bpp bytes starting at raw[pos]: (HxW*bpp uint8, new pos)."""
    rowbytes = width * bpp
    out = np.zeros((height, rowbytes), np.uint8)
    prior = np.zeros(rowbytes, np.int64)
    for y in range(height):
        ft = raw[pos]
        line = np.frombuffer(raw, np.uint8, rowbytes, pos + 1).astype(np.int64)
        pos += rowbytes + 1
        if ft == 0:
            cur = line
        elif ft == 1:
            cur = np.cumsum(line.reshape(width, bpp), axis=0).reshape(-1) & 0xFF
        elif ft == 2:
            cur = (line + prior) & 0xFF
        elif ft in (3, 4):
            c, p = line.tolist(), prior.tolist()
            for i in range(rowbytes):
                a = c[i - bpp] if i >= bpp else 0
                b = p[i]
                if ft == 3:
                    c[i] = (c[i] + ((a + b) >> 1)) & 0xFF
                else:
                    cc = p[i - bpp] if i >= bpp else 0
                    pa, pb, pc = abs(b - cc), abs(a - cc), abs(a + b - 2 * cc)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else cc)
                    c[i] = (c[i] + pred) & 0xFF
            cur = np.array(c, np.int64)
        else:
            raise ValueError(f"bad filter type {ft}")
        out[y] = cur
        prior = cur
    return out, pos


def decode_png16(data, chunks, ihdr):
    """16-bit PNG -> uint16 HxWxC (C = 1, 2, 3 or 4 samples, as stored)."""
    w, h, depth, ctype, _, _, interlace = ihdr
    ch = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    bpp = ch * 2
    raw = zlib.decompress(b"".join(p for t, p, _ in chunks if t == "IDAT"))
    img = np.zeros((h, w, bpp), np.uint8)
    if not interlace:
        rows, _ = unfilter(raw, 0, w, h, bpp)
        img[:] = rows.reshape(h, w, bpp)
    else:
        pos = 0
        for x0, y0, dx, dy in ADAM7:
            pw, ph = (w - x0 + dx - 1) // dx, (h - y0 + dy - 1) // dy
            if pw <= 0 or ph <= 0:
                continue
            rows, pos = unfilter(raw, pos, pw, ph, bpp)
            img[y0::dy, x0::dx] = rows.reshape(ph, pw, bpp)
    return np.ascontiguousarray(img).view(">u2").reshape(h, w, ch).astype(np.uint16)


def round16(v):
    return ((v.astype(np.int64) * 255 + 32767) // 65535).astype(np.uint8)


# ---------------------------------------------------------------- the reference

class Ref:
    """A source rendered as a browser shows it.

    rgba: float HxWx4 (RGB sRGB-encoded 0..255, A 0..255) — the reference, unrounded;
    alts: {label: rgba} naive renderings, to name the cause of a wrong output;
    other: an equally valid reference (16-bit: the other order of rounding/conversion);
    features: what the source exercises, for the failure lines.
    """

    def __init__(self):
        self.rgba = None
        self.other = None
        self.alts = {}
        self.features = []


def colour_descs(chunks, ctype):
    """Every colour description of a PNG, by browser precedence: [(kind, value)], last ("untagged", None)."""
    pre = {}
    for t, p, before in chunks:
        if before and t not in pre:
            pre[t] = p
    out = []
    # cICP as Chrome uses it: RGB (matrix 0), full range, primaries and transfer it knows;
    # any other is ignored and the next description applies. (PQ/HLG: HDR, not rendered.)
    if "cICP" in pre and len(pre["cICP"]) == 4:
        cp, tc, mc, full = pre["cICP"]
        if mc == 0 and full and cp in (1, 5, 6, 9, 11, 12) and tc in (1, 4, 5, 6, 8, 13, 14, 15, 16, 18):
            out.append(("cicp", tuple(pre["cICP"])))
    if "iCCP" in pre:
        p = pre["iCCP"]
        nul = p.find(b"\0")
        try:
            icc = zlib.decompress(p[nul + 2:])
        except zlib.error:
            icc = None
        if icc:
            space = icc_space(icc)
            ok = (space == "GRAY") == (ctype in (0, 4)) and space in ("GRAY", "RGB")
            try:
                ImageCms.ImageCmsProfile(io.BytesIO(icc))
            except Exception:  # noqa: BLE001
                ok = False
            out.append(("icc" if ok else "icc-ignored", icc))
    if "sRGB" in pre:
        out.append(("srgb", None))
    gamma = None
    if "gAMA" in pre and len(pre["gAMA"]) == 4:
        g = struct.unpack(">I", pre["gAMA"])[0]
        gamma = g / 100000.0 if g else None
    chrm = None
    if "cHRM" in pre and len(pre["cHRM"]) == 32:
        v = [x / 100000.0 for x in struct.unpack(">8I", pre["cHRM"])]
        if all(v[i + 1] > 0 for i in range(0, 8, 2)):
            chrm = ((v[2], v[3]), (v[4], v[5]), (v[6], v[7])), (v[0], v[1])
    # As Chrome reads them (Skia's PNG codec, checked against Chromium's source): cHRM
    # without gAMA is ignored; a gAMA within 5 % of 1/2.2 without cHRM is sRGB.
    if chrm and not all(0 <= v[i] <= 1 and 0 < v[i + 1] <= 1 and v[i] + v[i + 1] <= 1 for i in range(0, 8, 2)):
        chrm = None
    if not gamma:
        chrm = None
    elif not chrm and abs(gamma - 1 / 2.2) <= 0.05 / 2.2:
        gamma = None
    if gamma or chrm:
        out.append(("gama", (gamma, chrm)))
    out.append(("untagged", None))
    return out


def describe(desc):
    kind, val = desc
    if kind == "cicp":
        return "cICP %d/%d/%d/%d" % val
    if kind in ("icc", "icc-ignored"):
        return f"ICC {icc_space(val)} '{icc_name(val)}'" + (" (ignored: wrong colour space or unreadable)" if kind == "icc-ignored" else "")
    if kind == "srgb":
        return "sRGB chunk"
    if kind == "gama":
        g, c = val
        return " ".join(x for x in (("gAMA %.5g" % g) if g else "", "cHRM" if c else "") if x)
    return "untagged"


def convert_colour(rgb, desc, grey):
    """rgb: uint8 HxWx3 (or float 0..1 when 16-bit precision is wanted) -> float sRGB 0..255,
    or None when the description is not rendered here (then the caller treats it as sRGB)."""
    kind, val = desc
    is_float = rgb.dtype != np.uint8
    v01 = rgb if is_float else rgb / 255.0
    if kind == "cicp":
        cp, tc, _, full = val
        if cp not in CICP_PRIMARIES or tc not in CICP_TRANSFER:
            return None
        if not full:
            v01 = (v01 * 255.0 - 16.0) / 219.0
        prims, white = CICP_PRIMARIES[cp]
        return analytic_to_srgb(v01, CICP_TRANSFER[tc], prims, white)
    if kind == "icc":
        u8 = rgb if not is_float else np.clip(np.rint(rgb * 255), 0, 255).astype(np.uint8)
        return icc_to_srgb(u8[..., 0] if grey else u8, val, grey=grey)
    if kind == "gama":
        gamma, chrm = val
        decode = (lambda x: np.power(x, 1.0 / gamma)) if gamma else srgb_decode
        prims, white = chrm if chrm else (SRGB_PRIMS, D65)
        return analytic_to_srgb(v01, decode, prims, white)
    return rgb * 255.0 if is_float else rgb.astype(np.float64)


def libpng_gamma(rgb_u8, desc):
    """What libpng's simplified API gives for gAMA: file gamma to a 2.2 power (no cHRM)."""
    kind, val = desc
    if kind != "gama" or not val[0]:
        return None
    lin = np.power(rgb_u8 / 255.0, 1.0 / val[0])
    return np.power(lin, 1 / 2.2) * 255.0


def with_alpha(rgb, alpha):
    return np.concatenate([np.asarray(rgb, np.float64), np.asarray(alpha, np.float64)[..., None]], axis=2)


def reference_png(data):
    ref = Ref()
    chunks = png_chunks(data)
    # PIL refuses a file with a bad ancillary CRC: give it the chunks libpng keeps.
    data = data[:8] + b"".join(struct.pack(">I", len(p)) + t.encode("latin1") + p +
                               struct.pack(">I", zlib.crc32(t.encode("latin1") + p) & 0xFFFFFFFF) for t, p, _ in chunks)
    ihdr = struct.unpack(">IIBBBBB", chunks[0][1][:13])
    w, h, depth, ctype, _, _, interlace = ihdr
    names = {0: "grey", 2: "RGB", 3: "palette", 4: "grey+alpha", 6: "RGBA"}
    ref.features.append(f"PNG {names.get(ctype, ctype)} {depth}-bit" + (" interlaced" if interlace else ""))
    trns = next((p for t, p, b in chunks if t == "tRNS" and b), None)
    if trns is not None:
        ref.features.append("tRNS")
    grey = ctype in (0, 4)
    rgb16 = None
    if depth == 16:
        s = decode_png16(data, chunks, ihdr)
        alpha16 = None
        if ctype == 0:
            rgb16, alpha16 = np.repeat(s, 3, axis=2), None
            if trns is not None and len(trns) >= 2:
                alpha16 = np.where(s[..., 0] == struct.unpack(">H", trns[:2])[0], 0, 65535)
        elif ctype == 2:
            rgb16 = s
            if trns is not None and len(trns) >= 6:
                key = np.array(struct.unpack(">3H", trns[:6]), np.uint16)
                alpha16 = np.where(np.all(s == key, axis=2), 0, 65535)
        elif ctype == 4:
            rgb16, alpha16 = np.repeat(s[..., :1], 3, axis=2), s[..., 1]
        else:
            rgb16, alpha16 = s[..., :3], s[..., 3]
        rgb = round16(rgb16)
        alpha = round16(alpha16) if alpha16 is not None else np.full((h, w), 255, np.uint8)
        # Self-check of the decoder above against PIL (which keeps the high byte, or all 16 for grey).
        im = Image.open(io.BytesIO(data))
        im.load()
        pil = np.asarray(im)
        mine = (s >> 8).astype(np.uint8)
        if im.mode in ("I", "I;16", "I;16B"):
            mine, pil = s[..., 0].astype(np.int64), pil.astype(np.int64)
        elif ctype == 4 and im.mode == "RGBA":
            pil = pil[..., [0, 3]]
        if pil.shape[:2] != mine.shape[:2] or not np.array_equal(pil.reshape(mine.shape), mine):
            raise RuntimeError("16-bit PNG decoder disagrees with PIL (checker bug)")
    else:
        im = Image.open(io.BytesIO(data))
        im.load()
        if ctype == 3:
            rgba = np.asarray(im.convert("RGBA"))
            rgb, alpha = rgba[..., :3], rgba[..., 3]
        elif ctype in (0, 2):
            base = np.asarray(im.convert("L" if ctype == 0 else "RGB"))
            if ctype == 0:
                raw = base // (255 // ((1 << depth) - 1))
                rgb = np.repeat(base[..., None], 3, axis=2)
                alpha = np.full((h, w), 255, np.uint8)
                if trns is not None and len(trns) >= 2:
                    alpha = np.where(raw == struct.unpack(">H", trns[:2])[0], 0, 255).astype(np.uint8)
            else:
                rgb = base
                alpha = np.full((h, w), 255, np.uint8)
                if trns is not None and len(trns) >= 6:
                    key = np.array(struct.unpack(">3H", trns[:6]))
                    alpha = np.where(np.all(base == key, axis=2), 0, 255).astype(np.uint8)
        else:
            rgba = np.asarray(im.convert("RGBA"))
            rgb, alpha = rgba[..., :3], rgba[..., 3]
    # Orientation: eXIf before the first IDAT only.
    o = 1
    for t, p, before in chunks:
        if t == "eXIf":
            if before:
                o = exif_orientation(p)
                ref.features.append(f"eXIf orientation {o}")
            else:
                ref.features.append(f"eXIf after IDAT (orientation {exif_orientation(p)}, ignored)")
            break
    if any(t in ("tEXt", "zTXt", "iTXt") and p.startswith((b"Raw profile type exif", b"Raw profile type APP1"))
           for t, p, _ in chunks):
        ref.features.append("EXIF in a text chunk (ignored)")
    if any(t == "iTXt" and p.startswith(b"XML:com.adobe.xmp") and b"Orientation" in p for t, p, _ in chunks):
        ref.features.append("XMP orientation (ignored)")
    descs = []
    for d in colour_descs(chunks, ctype):
        if d[0] == "icc-ignored":
            ref.features.append(describe(d))
        else:
            descs.append(d)
    desc = descs[0]
    if desc[0] != "untagged":
        ref.features.append(describe(desc))
    conv = convert_colour(rgb, desc, grey)
    if conv is None:
        ref.features.append("(not rendered here; taken as sRGB)")
        conv = rgb.astype(np.float64)
    ref.rgba = orient(with_alpha(conv, alpha), o)
    if rgb16 is not None and desc[0] in ("cicp", "gama", "icc"):
        conv16 = convert_colour(rgb16 / 65535.0, desc, grey)
        if conv16 is not None:
            ref.other = orient(with_alpha(conv16, alpha), o)
    if desc[0] not in ("untagged", "srgb"):
        # What a decoder that skips the winning description would show: the next one down.
        for lower in descs[1:]:
            alt = convert_colour(rgb, lower, grey)
            if alt is not None:
                label = f"{describe(desc)} ignored" + (f", {describe(lower)} used" if lower[0] not in ("untagged", "srgb") else "")
                ref.alts[label] = (orient(with_alpha(alt, alpha), o), True)
                break
        if descs[1][0] not in ("untagged", "srgb"):
            ref.alts["colour unmanaged"] = (orient(with_alpha(rgb, alpha), o), True)
        lp = libpng_gamma(rgb, next((d for d in descs if d[0] == "gama"), ("untagged", None)))
        if lp is not None:
            ref.alts["gAMA to a 2.2-power display, cHRM ignored (libpng simplified API)"] = (orient(with_alpha(lp, alpha), o), False)
    if o != 1:
        ref.alts["orientation not applied"] = (with_alpha(conv, alpha), True)
    return ref


def reference_jpeg(data):
    ref = Ref()
    segs = jpeg_segments(data)
    o, exif_seen, app1 = 1, False, []
    for m, p in segs:
        if m == 0xE1:
            if p.startswith(b"Exif\0\0"):
                app1.append("Exif")
                if not exif_seen:
                    o, exif_seen = exif_orientation(p[6:]), True
            else:
                app1.append("XMP" if b"adobe" in p[:64] else "APP1")
    if exif_seen:
        ref.features.append(f"EXIF orientation {o}")
    if len(app1) > 1:
        ref.features.append("APP1: " + ",".join(app1))
    im = Image.open(io.BytesIO(data))
    im.load()
    ref.features.append(f"JPEG {im.mode}" + (" progressive" if im.info.get("progressive") else ""))
    icc = im.info.get("icc_profile")
    adobe = any(m == 0xEE for m, _ in segs)
    if im.mode == "CMYK":
        if not adobe:
            # Browsers (Blink, Firefox, skcms) read every CMYK JPEG as Adobe-inverted;
            # PIL inverts only when the Adobe marker is there.
            im = Image.eval(im, lambda v: 255 - v)
        cmyk = np.asarray(im).astype(np.float64)
        naive = (255 - cmyk[..., :3]) * (255 - cmyk[..., 3:4]) / 255.0
        ref.features.append("CMYK" + (" (Adobe, inverted)" if adobe else ""))
        conv = None
        if icc and icc_space(icc) == "CMYK":
            ref.features.append(f"ICC CMYK '{icc_name(icc)}'")
            try:
                prof = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                conv = np.asarray(ImageCms.profileToProfile(im, prof, SRGB_PROFILE, renderingIntent=0,
                                                            outputMode="RGB"), np.float64)
            except Exception:  # noqa: BLE001
                conv = None
            if conv is not None:
                ref.alts["naive CMYK (profile ignored)"] = (orient(with_alpha(naive, np.full(naive.shape[:2], 255)), o), True)
        if conv is None:
            conv = naive
    else:
        grey = im.mode == "L"
        base = np.asarray(im.convert("RGB"))
        conv = None
        if icc:
            space = icc_space(icc)
            ref.features.append(f"ICC {space} '{icc_name(icc)}'")
            if (space == "GRAY") == grey and space in ("GRAY", "RGB"):
                conv = icc_to_srgb(np.asarray(im) if grey else base, icc, grey=grey)
            if conv is not None:
                ref.alts["ICC ignored"] = (orient(with_alpha(base, np.full(base.shape[:2], 255)), o), True)
        if conv is None:
            conv = base.astype(np.float64)
    alpha = np.full(conv.shape[:2], 255.0)
    ref.rgba = orient(with_alpha(conv, alpha), o)
    if o != 1:
        ref.alts["orientation not applied"] = (with_alpha(conv, alpha), True)
    return ref


def reference(path):
    data = open(path, "rb").read()
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return reference_png(data)
    if data[:2] == b"\xff\xd8":
        return reference_jpeg(data)
    raise ValueError("neither PNG nor JPEG")


# ---------------------------------------------------------------- the outputs

def riff_chunks(data):
    out, at = [], 12
    while at + 8 <= len(data):
        fourcc, size = data[at:at + 4].decode("latin1"), struct.unpack("<I", data[at + 4:at + 8])[0]
        out.append((fourcc, data[at + 8:at + 8 + size]))
        at += 8 + size + (size & 1)
    return out


def avif_meta(data):
    """(icc or None, nclx (cp, tc, mc, full) or None, transforms [..]) from an AVIF's meta box."""
    at, meta = 0, b""
    while at + 8 <= len(data):
        size, btype = struct.unpack(">I", data[at:at + 4])[0], data[at + 4:at + 8]
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
        elif size == 0:
            size = len(data) - at
        if btype == b"meta":
            meta = data[at:at + size]
            break
        at += max(size, 8)
    icc, nclx = None, None
    for m in re.finditer(b"colr", meta):
        i = m.start()
        size = struct.unpack(">I", meta[i - 4:i])[0]
        kind = meta[i + 4:i + 8]
        if kind in (b"prof", b"rICC") and icc is None:
            icc = meta[i + 8:i - 4 + size]
        elif kind == b"nclx" and nclx is None:
            cp, tc, mc = struct.unpack(">HHH", meta[i + 8:i + 14])
            nclx = (cp, tc, mc, meta[i + 14] >> 7)
    transforms = [t for t in ("irot", "imir") if t.encode() in meta]
    return icc, nclx, transforms


def decode_output(path, fmt, work):
    """-> (rgba float HxWx4 as displayed, info dict) ; info: lossless, notes, problems."""
    data = open(path, "rb").read()
    info = {"lossless": False, "notes": [], "problems": []}
    icc = None
    if fmt == "webp":
        chunks = riff_chunks(data)
        kinds = [c for c, _ in chunks]
        info["lossless"] = "VP8L" in kinds
        for c, p in chunks:
            if c == "ICCP":
                icc = p
            if c == "EXIF":
                o = exif_orientation(p[6:] if p.startswith(b"Exif\0\0") else p)
                if o != 1:
                    info["problems"].append(f"WebP carries EXIF orientation {o} (would be applied twice or not at all)")
        pam = os.path.join(work, os.path.basename(path) + ".pam")
        subprocess.run(["dwebp", "-quiet", "-pam", path, "-o", pam], check=True, capture_output=True)
        raw = open(pam, "rb").read()
        end = raw.index(b"ENDHDR\n") + 7
        hdr = dict(line.split(None, 1) for line in raw[:end].decode().splitlines()[1:-1])
        w, h, d = int(hdr["WIDTH"]), int(hdr["HEIGHT"]), int(hdr["DEPTH"])
        a = np.frombuffer(raw, np.uint8, w * h * d, end).reshape(h, w, d)
        rgb, alpha = a[..., :3], (a[..., 3] if d == 4 else np.full((h, w), 255, np.uint8))
        nclx = None
    else:
        icc, nclx, transforms = avif_meta(data)
        for t in transforms:
            info["problems"].append(f"AVIF carries an {t} transform (browsers apply it)")
        png = os.path.join(work, os.path.basename(path) + ".png")
        subprocess.run(["avifdec", "-d", "8", path, png], check=True, capture_output=True)
        im = Image.open(png)
        im.load()
        a = np.asarray(im.convert("RGBA"))
        rgb, alpha = a[..., :3], a[..., 3]
    conv = None
    if icc:
        space = icc_space(icc)
        info["notes"].append(f"output ICC {space} '{icc_name(icc)}'")
        if space != "RGB":
            info["problems"].append(f"output carries a {space} ICC profile on RGB pixels (browsers ignore it)")
        else:
            conv = icc_to_srgb(np.ascontiguousarray(rgb), icc)
            if conv is None:
                info["problems"].append("output ICC profile unreadable by lcms")
    elif nclx is not None:
        cp, tc, mc, full = nclx
        if not (cp in (1, 2) and tc in (2, 13)):
            info["notes"].append(f"output nclx {cp}/{tc}/{mc}")
            conv = convert_colour(rgb, ("cicp", (cp, tc, mc, 1)), False)
            if conv is None:
                info["problems"].append(f"output nclx {cp}/{tc}/{mc} not rendered here")
    if conv is None:
        conv = rgb.astype(np.float64)
    return with_alpha(conv, alpha), info


# ---------------------------------------------------------------- comparing

def metrics(out, ref):
    """Worst over (RGB over white, RGB over black, alpha): (mae, psnr, max, which)."""
    a_out, a_ref = out[..., 3:4] / 255.0, ref[..., 3:4] / 255.0
    parts = {}
    for bg_name, bg in (("over white", 255.0), ("over black", 0.0)):
        co = out[..., :3] * a_out + bg * (1 - a_out)
        cr = ref[..., :3] * a_ref + bg * (1 - a_ref)
        parts[bg_name] = np.rint(co) - np.rint(cr)
    parts["alpha"] = np.rint(out[..., 3]) - np.rint(ref[..., 3])
    worst = None
    for name, d in parts.items():
        d = np.abs(d)
        mse = float(np.mean(d * d))
        m = (float(np.mean(d)), 99.0 if mse == 0 else 10 * np.log10(255.0 ** 2 / mse), int(d.max()), name)
        if worst is None or (m[0], -m[1]) > (worst[0], -worst[1]):
            worst = m
    return worst


def judge(m, lossless):
    mae, psnr, mx, _ = m
    return mx <= LOSSLESS_MAX if lossless else (psnr >= LOSSY_PSNR and mae <= LOSSY_MAE)


def peer_baseline(ref_rgba, fmt, work, name):
    """Encode the reference pixels with cwebp/avifenc at perfgate's settings: its metrics, or None."""
    tool = "cwebp" if fmt == "webp" else "avifenc"
    if not shutil.which(tool):
        return None
    src = os.path.join(work, name + ".peer-src.png")
    enc = os.path.join(work, name + ".peer." + fmt)
    Image.fromarray(np.clip(np.rint(ref_rgba), 0, 255).astype(np.uint8), "RGBA").save(src)
    if fmt == "webp":
        cmd = ["cwebp", "-quiet", "-q", "80", "-m", "4", "-sharp_yuv", "-exact", src, "-o", enc]
    else:
        cmd = ["avifenc", "-j", "1", "-s", "6", "-y", "420", "--min", "0", "--max", "63", "--minalpha", "0",
               "--maxalpha", "63", "-a", "end-usage=q", "-a", "cq-level=32", "-r", "full", src, enc]
    if subprocess.run(cmd, capture_output=True).returncode != 0:
        return None
    dec, _ = decode_output(enc, fmt, work)
    return metrics(dec, ref_rgba)


def fmt_m(m):
    mae, psnr, mx, which = m
    return f"mae {mae:6.3f}  psnr {'  inf' if psnr >= 99 else f'{psnr:5.1f}'} dB  max {mx:3d} ({which})"


# ---------------------------------------------------------------- main

def sha_tree(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            out[os.path.relpath(p, root)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    perfgate, corpus, scratch = (os.path.abspath(a) for a in sys.argv[1:])
    src, out, work, cache = (os.path.join(scratch, d) for d in ("src", "out", "work", "cache"))
    for d in (src, out, work, cache):
        shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(corpus, src)
    os.makedirs(work)
    expected = {}
    for line in open(os.path.join(corpus, "expected-refusals.tsv"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            f, sub = line.rstrip("\n").split("\t", 1)
            expected[f] = sub
    before = sha_tree(src)

    env = dict(os.environ, PERFGATE_CACHE_DIR=cache)
    run = subprocess.run([perfgate, "images", "convert", "--format", "json", "--out", out, src],
                         capture_output=True, text=True, env=env)
    check(run.returncode in (0, 2), f"perfgate images convert exits 0 or 2 (got {run.returncode})", run.stderr[-2000:])
    try:
        report = json.loads(run.stdout)["images"]
    except (ValueError, KeyError) as e:
        check(False, "perfgate prints its JSON report", f"{e}: {run.stdout[:500]}")
        finish()
    check(sha_tree(src) == before, "sources byte-identical, nothing written beside them")
    by_name = {os.path.relpath(i["source"], src): i for i in report}
    sources = sorted(f for f in before if f.lower().endswith((".png", ".jpg", ".jpeg")))
    check(sorted(by_name) == sources, f"the report lists each of the {len(sources)} sources once",
          f"missing {sorted(set(sources) - set(by_name))} extra {sorted(set(by_name) - set(sources))}")

    # Refusals.
    refused = []
    for name in sources:
        item = by_name.get(name)
        if item is None:
            continue
        reason = item.get("error") or item.get("skipped")
        want = expected.get(name)
        if reason is not None:
            refused.append(name)
            if want is None:
                check(False, f"{name} refused: {reason}", "— not expected: a browser shows this file, so it should be converted")
            else:
                check(want in reason, f"{name} refused: {reason}", f"— expected a reason containing '{want}'")
        elif want is not None:
            check(False, f"{name} converted", f"— expected a refusal containing '{want}'")
    for name in expected:
        if name not in by_name:
            check(False, f"expected-refusals.tsv names {name}, which is not in the corpus")

    # Conversions.
    jobs = []
    for name in sources:
        item = by_name.get(name)
        if item is None or name in refused:
            continue
        for fmt in ("webp", "avif"):
            o = item.get(fmt)
            if o is None:
                check(False, f"{name} {fmt}: no entry in the report")
            elif o.get("kept"):
                jobs.append((name, fmt, o["path"]))
            elif "not kept" in o.get("note", ""):
                print(f"#    {name} {fmt}: {o['note']} — nothing to compare")
                if os.path.exists(o["path"]):
                    check(False, f"{name} {fmt}: not kept, yet {o['path']} exists")
            else:
                check(False, f"{name} {fmt}: failed: {o.get('note')}")

    # Profiles only where they belong: an RGB profile other than sRGB travels with the
    # pixels; sRGB profiles are dropped (as cwebp drops them: untagged is sRGB), grey and
    # CMYK profiles are applied, never copied into a colour output (avifdec refuses that).
    def source_icc(path):
        try:
            return Image.open(path).info.get("icc_profile")
        except Exception:  # noqa: BLE001
            return None

    def output_icc(path, fmt):
        data = open(path, "rb").read()
        if fmt == "webp":
            return next((body for fourcc, body in riff_chunks(data) if fourcc == "ICCP"), None)
        return avif_meta(data)[0]

    for name, fmt, path in jobs:
        icc = source_icc(os.path.join(src, name))
        if not icc or not os.path.exists(path):
            continue
        space, desc = icc_space(icc), icc_name(icc)
        grey_source = Image.open(os.path.join(src, name)).mode in ("1", "L", "LA", "I", "I;16", "I;16B")
        keep = space == "RGB" and "sRGB" not in desc and desc != "unreadable" and not grey_source
        got = output_icc(path, fmt)
        if keep:
            check(got == icc, f"{name} {fmt}: its {desc} profile is kept")
        else:
            check(got is None, f"{name} {fmt}: no profile written (the source's is {space} '{desc}')",
                  f"— the output carries {len(got or b'')} bytes of ICC")

    refs = {}

    def get_ref(name):
        if name not in refs:
            refs[name] = reference(os.path.join(src, name))
        return refs[name]

    def compare(job):
        name, fmt, path = job
        try:
            ref = get_ref(name)
            if not os.path.exists(path):
                return (False, f"{name} {fmt}: reported kept, but {path} is missing", "", None)
            dec, info = decode_output(path, fmt, work)
        except Exception as e:  # noqa: BLE001
            return (False, f"{name} {fmt}: could not be checked", f"{type(e).__name__}: {e}", "checker error")
        kind = "webp lossless" if info["lossless"] else ("webp lossy" if fmt == "webp" else "avif")
        h, w = ref.rgba.shape[:2]
        if dec.shape[:2] != (h, w):
            why = "orientation (transposed)" if dec.shape[:2] == (w, h) else "size"
            return (False, f"{name:44s} {kind:13s} {w}x{h} dims WRONG: {dec.shape[1]}x{dec.shape[0]}",
                    f"— cause: {why}; source: {', '.join(ref.features)}", "orientation" if "orient" in why else "dims")
        m = metrics(dec, ref.rgba)
        note = ""
        if ref.other is not None:
            m2 = metrics(dec, ref.other)
            if (m2[0], -m2[1]) < (m[0], -m[1]):
                m, note = m2, " (16-bit converted before rounding)"
        ok = judge(m, info["lossless"])
        extra = ""
        if not ok and not info["lossless"]:
            peer = peer_baseline(ref.rgba, fmt, work, name)
            if peer is not None and m[1] >= peer[1] - 1.0 and m[0] <= peer[0] + 1.0:
                ok, extra = True, f"; encoder-limited: {'cwebp' if fmt == 'webp' else 'avifenc'} on the reference gets {fmt_m(peer)}"
        # Which naive rendering is the output closest to? A decisive one (a skipped colour
        # description, orientation, CMYK profile) that is clearly apart from the reference
        # and closer to the output than the reference is makes the output wrong even when
        # the encoder's loss hides it under the thresholds.
        closest = []
        for label, (alt, decisive) in ref.alts.items():
            if alt.shape[:2] != dec.shape[:2]:
                continue
            ma = metrics(dec, alt)
            apart = metrics(alt, ref.rgba)[0]
            if ma[0] + ALT_MARGIN < m[0] and (apart >= ALT_APART or not ok):
                closest.append((ma[0], label, ma, decisive and apart >= ALT_APART))
        closest.sort()
        if any(c[3] for c in closest):
            ok = False
        ok = ok and not info["problems"]
        verdict = ("exact" if m[2] == 0 else "ok") if ok else "WRONG"
        line = f"{name:44s} {kind:13s} {w}x{h} dims ok  {fmt_m(m)}  {verdict}{note}{extra}"
        if info["notes"]:
            line += "  [" + "; ".join(info["notes"]) + "]"
        detail, cause = "", None
        if not ok:
            detail = "— " + "; ".join(info["problems"] + [f"source: {', '.join(ref.features)}"])
            if closest:
                detail += f"; the output is closer to '{closest[0][1]}' ({fmt_m(closest[0][2])})"
                cause = closest[0][1]
            elif info["problems"]:
                cause = info["problems"][0]
            else:
                cause = "unexplained: " + ", ".join(ref.features)
        return (ok, line, detail, cause)

    workers = max(2, os.cpu_count() or 2)
    # References first (one per source, shared by both outputs), then the comparisons.
    names = sorted({j[0] for j in jobs})
    with ThreadPoolExecutor(workers) as pool:
        errors = {}

        def prep(n):
            try:
                get_ref(n)
            except Exception as e:  # noqa: BLE001
                errors[n] = e
        list(pool.map(prep, names))
        results = list(pool.map(compare, jobs))
    failures = []
    for (name, fmt, _), (ok, line, detail, cause) in zip(jobs, results):
        check(ok, line, detail)
        if not ok:
            failures.append((name, fmt, cause))
    lossless = sum(1 for _, line, _, _ in results if "webp lossless" in line)
    print(f"# {len(sources)} sources: {len(refused)} refused, {len(jobs)} outputs compared "
          f"({lossless} lossless WebP), the rest not kept by perfgate (not smaller, or under its quality floor)")
    if failures:
        print("# wrong outputs by likely cause:")
        causes = {}
        for name, fmt, cause in failures:
            causes.setdefault(cause, []).append(f"{name} {fmt}")
        for cause, items in sorted(causes.items(), key=lambda kv: -len(kv[1])):
            print(f"#   {cause}: {len(items)}: {', '.join(items)}")
    finish("images corpus: ")


if __name__ == "__main__":
    main()
