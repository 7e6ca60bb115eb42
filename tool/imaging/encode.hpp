// Encoders: WebP with libwebp and AVIF with libavif (aom), with the settings
// that match sharp's defaults. Library status codes stop here.
#pragma once

#include "imaging/image.hpp"

#include <string>

namespace imaging {

struct EncodeSettings {
  int webp_quality = 80;     // lossy quality, as cwebp -q / sharp's webp({quality})
  int webp_method = 4;       // cwebp -m
  bool try_lossless = false; // also try lossless WebP and keep the smaller (PNG sources)
  int avif_quality = 50;     // sharp's avif({quality}); 50 -> cq-level 32
  int avif_speed = 6;        // aom cpu-used
};

// The settings as one string, for cache keys.
std::string settings_key(const EncodeSettings& settings);

// The aom cq-level for a sharp-style quality 0-100 (50 -> 32).
int cq_level_for(int quality);

// Encode `image`; throw DecodeError with a clear message when the encoder refuses.
std::string encode_webp(const Image& image, const EncodeSettings& settings);
std::string encode_avif(const Image& image, const EncodeSettings& settings);

// WebP's largest side.
constexpr std::uint32_t k_webp_max_dimension = 16383;

}  // namespace imaging
