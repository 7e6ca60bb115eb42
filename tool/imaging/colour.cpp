// Colour management with lcms2: what a browser does before it shows a picture,
// done once here so that the WebP/AVIF shows the same colours without asking the
// browser to. Sources in sRGB (untagged, sRGB chunk, an sRGB ICC profile) pass
// through untouched; tagged non-sRGB RGB profiles are kept and written into the
// outputs; everything else — PNG gamma/chromaticities/cICP, grey and CMYK profiles —
// is converted to sRGB pixels, from 16 bits where the source has them.
#include "imaging/image.hpp"

#include <lcms2.h>

#include <cmath>
#include <memory>

namespace imaging {

namespace {

struct ProfileCloser {
  void operator()(void* p) const { cmsCloseProfile(p); }
};
using Profile = std::unique_ptr<void, ProfileCloser>;

struct TransformDeleter {
  void operator()(void* t) const { cmsDeleteTransform(t); }
};
using Transform = std::unique_ptr<void, TransformDeleter>;

struct CurveDeleter {
  void operator()(cmsToneCurve* c) const { cmsFreeToneCurve(c); }
};
using Curve = std::unique_ptr<cmsToneCurve, CurveDeleter>;

constexpr Chromaticities k_srgb_primaries{0.3127, 0.3290, 0.64, 0.33, 0.30, 0.60, 0.15, 0.06};

// The transfer curves lcms2 describes parametrically (type 4: Y = (aX+b)^g above d,
// cX below). Decoding direction: file value -> linear light.
Curve srgb_curve() {
  const double p[5] = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};
  return Curve(cmsBuildParametricToneCurve(nullptr, 4, p));
}
Curve bt709_curve() {
  const double p[5] = {1 / 0.45, 1 / 1.099, 0.099 / 1.099, 1 / 4.5, 0.081};
  return Curve(cmsBuildParametricToneCurve(nullptr, 4, p));
}
Curve gamma_curve(double exponent) { return Curve(cmsBuildGamma(nullptr, exponent)); }

Profile rgb_profile(const Chromaticities& c, const Curve& curve) {
  const cmsCIExyY white{c.white_x, c.white_y, 1.0};
  const cmsCIExyYTRIPLE primaries{{c.red_x, c.red_y, 1.0}, {c.green_x, c.green_y, 1.0}, {c.blue_x, c.blue_y, 1.0}};
  cmsToneCurve* curves[3] = {curve.get(), curve.get(), curve.get()};
  return Profile(cmsCreateRGBProfile(&white, &primaries, curves));
}

// The source space a cICP chunk names (ITU-T H.273 code points). Null when Chrome would
// ignore the chunk (a YUV matrix, narrow range, code points it does not know) and fall
// back to iCCP/sRGB/gAMA; an error for HDR, which an 8-bit SDR WebP/AVIF cannot show.
Profile cicp_profile(const std::array<std::uint8_t, 4>& cicp) {
  const int primaries = cicp[0], transfer = cicp[1], matrix = cicp[2], full_range = cicp[3];
  if (transfer == 16 || transfer == 18) {
    throw DecodeError{"HDR PNG (cICP transfer " + std::string(transfer == 16 ? "PQ" : "HLG") +
                      "): perfgate writes 8-bit SDR WebP/AVIF, which would show it wrong; skipped (avifenc keeps HDR)"};
  }
  if (matrix != 0 || !full_range) return nullptr;
  Chromaticities c{};
  switch (primaries) {
    case 1: c = k_srgb_primaries; break;                                               // BT.709 / sRGB
    case 9: c = {0.3127, 0.3290, 0.708, 0.292, 0.170, 0.797, 0.131, 0.046}; break;      // BT.2020
    case 11: c = {0.314, 0.351, 0.680, 0.320, 0.265, 0.690, 0.150, 0.060}; break;       // DCI-P3
    case 12: c = {0.3127, 0.3290, 0.680, 0.320, 0.265, 0.690, 0.150, 0.060}; break;    // Display P3
    case 5: c = {0.3127, 0.3290, 0.64, 0.33, 0.29, 0.60, 0.15, 0.06}; break;            // BT.601 625
    case 6: c = {0.3127, 0.3290, 0.630, 0.340, 0.310, 0.595, 0.155, 0.070}; break;     // BT.601 525
    default: return nullptr;
  }
  Curve curve;
  switch (transfer) {
    case 13: curve = srgb_curve(); break;
    case 1: case 6: case 14: case 15: curve = bt709_curve(); break;
    case 4: curve = gamma_curve(2.2); break;
    case 5: curve = gamma_curve(2.8); break;
    case 8: curve = gamma_curve(1.0); break;
    default: return nullptr;
  }
  return rgb_profile(c, curve);
}

// cHRM as libpng and skcms accept it: every value in [0, 1], every y above 0, and x + y
// at most 1 (else the matrix is degenerate: a black or garbled picture).
bool valid_chrm(const std::optional<Chromaticities>& chrm) {
  if (!chrm) return false;
  const Chromaticities& c = *chrm;
  const double xy[4][2] = {{c.white_x, c.white_y}, {c.red_x, c.red_y}, {c.green_x, c.green_y}, {c.blue_x, c.blue_y}};
  for (const auto& p : xy) {
    if (!(p[0] >= 0 && p[0] <= 1 && p[1] > 0 && p[1] <= 1 && p[0] + p[1] <= 1)) return false;
  }
  return true;
}

// gAMA and cHRM as Chrome reads them (Skia's PNG codec): no gAMA, no conversion (cHRM
// alone is ignored); a gAMA within 5 % of 1/2.2 without cHRM is sRGB; otherwise a pure
// power curve 1/gamma, with cHRM's primaries when it has valid ones, else sRGB's.
bool gamma_applies(const ColourTags& tags) {
  if (!tags.gamma || !(*tags.gamma > 0) || *tags.gamma > 10) return false;
  if (valid_chrm(tags.chrm)) return true;
  return std::fabs(*tags.gamma - 1 / 2.2) > 0.05 / 2.2;
}


// Whether an RGB profile maps colours as sRGB does, within one level: a 9x9x9 grid
// through profile -> sRGB.
bool behaves_as_srgb(void* profile, void* srgb) {
  Transform t(cmsCreateTransform(profile, TYPE_RGB_8, srgb, TYPE_RGB_8, INTENT_RELATIVE_COLORIMETRIC, cmsFLAGS_NOCACHE));
  if (!t) return false;
  std::vector<std::uint8_t> grid, out(9 * 9 * 9 * 3);
  for (int r = 0; r < 9; ++r)
    for (int g = 0; g < 9; ++g)
      for (int b = 0; b < 9; ++b)
        for (int v : {r, g, b}) grid.push_back(static_cast<std::uint8_t>(std::min(255, v * 32)));
  cmsDoTransform(t.get(), grid.data(), out.data(), 9 * 9 * 9);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (std::abs(int{grid[i]} - int{out[i]}) > 2) return false;
  }
  return true;
}

// The source profile the tags describe, in the PNG spec's order of precedence, or
// null for sRGB. An ICC profile lcms2 cannot read is ignored, as browsers ignore it.
Profile source_profile(const ColourTags& tags, bool& from_icc) {
  from_icc = false;
  if (tags.cicp) {
    if (Profile p = cicp_profile(*tags.cicp)) return p;
  }
  if (!tags.icc.empty()) {
    Profile p(cmsOpenProfileFromMem(tags.icc.data(), static_cast<cmsUInt32Number>(tags.icc.size())));
    from_icc = p != nullptr;
    return p;
  }
  if (tags.srgb || !gamma_applies(tags)) return nullptr;
  return rgb_profile(valid_chrm(tags.chrm) ? *tags.chrm : k_srgb_primaries, gamma_curve(1 / *tags.gamma));
}

Image to_image(RawPixels& raw) {
  Image image;
  image.width = raw.width;
  image.height = raw.height;
  const std::size_t n = std::size_t{raw.width} * raw.height;
  if (raw.depth == 16) {
    image.rgba.resize(n * 4);
    for (std::size_t i = 0; i < n * 4; ++i) image.rgba[i] = static_cast<std::uint8_t>((raw.data16[i] * 255u + 32767u) / 65535u);
  } else {
    image.rgba = std::move(raw.data8);
  }
  return image;
}

}  // namespace

bool needs_conversion(const ColourTags& tags) {
  if (tags.cicp && !((*tags.cicp)[0] == 1 && (*tags.cicp)[1] == 13)) return true;
  if (!tags.icc.empty()) return true;  // may be a non-sRGB grey profile or a CMYK one: decided later
  if (tags.srgb) return false;
  return gamma_applies(tags);
}

Image manage_colour(RawPixels&& raw, const ColourTags& tags) {
  const std::size_t n = std::size_t{raw.width} * raw.height;
  bool from_icc = false;
  Profile source = source_profile(tags, from_icc);
  Profile srgb(cmsCreate_sRGBProfile());
  const cmsColorSpaceSignature space = source ? cmsGetColorSpace(source.get()) : cmsSigRgbData;

  if (raw.cmyk) {
    Image image;
    image.width = raw.width;
    image.height = raw.height;
    image.rgba.resize(n * 4);
    std::uint8_t* px = raw.data8.data();
    if (source && space == cmsSigCmykData) {
      // Adobe's inverted CMYK is lcms2's "reversed" flavour of CMYK.
      const cmsUInt32Number in = raw.cmyk_inverted ? TYPE_CMYK_8_REV : TYPE_CMYK_8;
      Transform t(cmsCreateTransform(source.get(), in, srgb.get(), TYPE_RGBA_8, INTENT_PERCEPTUAL, cmsFLAGS_NOCACHE));
      if (!t) throw DecodeError{"its CMYK colour profile cannot be applied (lcms2 refused it)"};
      cmsDoTransform(t.get(), px, image.rgba.data(), static_cast<cmsUInt32Number>(n));
    } else {
      // No usable profile: the naive conversion browsers use for untagged CMYK.
      for (std::size_t i = 0; i < n; ++i) {
        unsigned c = px[i * 4], m = px[i * 4 + 1], y = px[i * 4 + 2], k = px[i * 4 + 3];
        if (!raw.cmyk_inverted) {
          c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
        }
        image.rgba[i * 4] = static_cast<std::uint8_t>(c * k / 255);
        image.rgba[i * 4 + 1] = static_cast<std::uint8_t>(m * k / 255);
        image.rgba[i * 4 + 2] = static_cast<std::uint8_t>(y * k / 255);
      }
    }
    for (std::size_t i = 0; i < n; ++i) image.rgba[i * 4 + 3] = 255;
    return image;
  }

  // sRGB already (or a profile that does not fit the pixels — an RGB profile on a grey
  // source, a grey one on colour — which browsers ignore).
  const bool fits = (space == cmsSigRgbData && (!raw.grey || !from_icc)) || (space == cmsSigGrayData && raw.grey);
  if (!source || !fits || (space == cmsSigRgbData && behaves_as_srgb(source.get(), srgb.get()))) return to_image(raw);

  // A non-sRGB RGB ICC profile: kept, and written into the outputs, pixels untouched.
  if (from_icc && space == cmsSigRgbData) {
    Image image = to_image(raw);
    image.icc = tags.icc;
    return image;
  }

  // Everything else is converted to sRGB pixels: a grey profile (never copied into a
  // colour output), PNG gamma/chromaticities, cICP.
  Image image;
  image.width = raw.width;
  image.height = raw.height;
  image.rgba.resize(n * 4);
  const bool deep = raw.depth == 16;
  cmsUInt32Number in_format;
  if (space == cmsSigGrayData) {
    // Read the first of four channels as grey: R of the expanded RGBA.
    in_format = COLORSPACE_SH(PT_GRAY) | CHANNELS_SH(1) | EXTRA_SH(3) | BYTES_SH(deep ? 2 : 1);
  } else {
    in_format = deep ? TYPE_RGBA_16 : TYPE_RGBA_8;
  }
  Transform t(cmsCreateTransform(source.get(), in_format, srgb.get(), TYPE_RGBA_8, INTENT_PERCEPTUAL, cmsFLAGS_NOCACHE));
  if (!t) throw DecodeError{"its colour profile cannot be applied (lcms2 refused it)"};
  const void* in = deep ? static_cast<const void*>(raw.data16.data()) : static_cast<const void*>(raw.data8.data());
  cmsDoTransform(t.get(), in, image.rgba.data(), static_cast<cmsUInt32Number>(n));
  for (std::size_t i = 0; i < n; ++i) {
    image.rgba[i * 4 + 3] = deep ? static_cast<std::uint8_t>((raw.data16[i * 4 + 3] * 255u + 32767u) / 65535u)
                                 : raw.data8[i * 4 + 3];
  }
  return image;
}

}  // namespace imaging
