// Encoders: WebP with libwebp and AVIF with libavif (aom), with the settings
// that match sharp's defaults. Library status codes stop here.
#pragma once

#include "imaging/image.hpp"

#include <string>
#include <vector>

namespace imaging {

struct EncodeSettings {
  int webp_quality = 80;     // lossy quality, as cwebp -q / sharp's webp({quality})
  int webp_method = 4;       // cwebp -m
  bool try_lossless = false; // also try lossless WebP (PNG sources): the smaller that passes the guard wins
  int avif_quality = 50;     // sharp's avif({quality}); 50 -> cq-level 32
  int avif_speed = 6;        // aom cpu-used
};

// The settings as one string, for cache keys.
std::string settings_key(const EncodeSettings& settings);

// The aom cq-level for a sharp-style quality 0-100 (50 -> 32).
int cq_level_for(int quality);

// One encoding of a picture, and whether it is exact (lossless: no need to measure it).
struct Candidate {
  std::string bytes;
  bool lossless = false;
};

// Encode `image`; throw DecodeError with a clear message when the encoder refuses.
// WebP lossy or lossless; AVIF 4:2:0, or 4:4:4 (the retry when 4:2:0 loses too much
// colour: small saturated pictures).
Candidate encode_webp(const Image& image, const EncodeSettings& settings, bool lossless);
Candidate encode_avif(const Image& image, const EncodeSettings& settings, bool yuv444);

// Decode `encoded` and return its PSNR (dB) against `source` over premultiplied RGBA;
// infinity when identical, 0 when it cannot be decoded back (quality.cpp).
double output_psnr(Format format, std::string_view encoded, const Image& source);

// The quality floor (dB) below which an output is not kept: at 30 dB a photo shows
// no visible difference at a glance; lossy WebP q80 / AVIF q50 of real photos scored
// 31-45 dB on the test corpus; wrong colours from chroma subsampling score ~13-20.
constexpr double k_default_min_psnr = 30.0;

// WebP's largest side.
constexpr std::uint32_t k_webp_max_dimension = 16383;

}  // namespace imaging
