// A decoded picture: 8-bit RGBA pixels, upright (EXIF orientation applied), with
// its ICC profile. What every decoder produces and every encoder consumes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace imaging {

enum class Format { unknown, png, jpeg, gif, webp, avif };

std::string_view format_name(Format format);

// Return the format of `data` from its magic bytes (never from a file name).
Format sniff_format(std::string_view data);

struct Image {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4
  bool has_alpha = false;          // any pixel not fully opaque
  std::vector<std::uint8_t> icc;   // the colour profile, if the source had one
};

// Why an image cannot be converted; the message names the problem for a person.
struct DecodeError {
  std::string message;
};

// Decode PNG or JPEG `data` into upright RGBA, refusing more than `max_pixels`
// before allocating. Throws DecodeError.
Image decode(std::string_view data, std::uint64_t max_pixels);

// Format-specific decoders (png_decoder.cpp, jpeg_decoder.cpp).
Image decode_png(std::string_view data, std::uint64_t max_pixels);
Image decode_jpeg(std::string_view data, std::uint64_t max_pixels);

// Return the EXIF orientation (1-8) in an APP1 Exif payload, or 1.
int exif_orientation(std::string_view app1);

// Rotate/mirror `image` so that EXIF orientation `orientation` becomes 1.
void apply_orientation(Image& image, int orientation);

}  // namespace imaging
