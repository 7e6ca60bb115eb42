// A decoded picture: 8-bit RGBA pixels, upright (EXIF orientation applied), in
// sRGB unless it carries an RGB ICC profile for another space. What every decoder
// produces and every encoder consumes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
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
  // An RGB profile for a space other than sRGB (Display P3, Adobe RGB...), written
  // into the outputs. sRGB profiles are dropped (cwebp drops them; untagged is sRGB),
  // grey and CMYK profiles are applied to the pixels, never copied.
  std::vector<std::uint8_t> icc;
};

// How a source says what its numbers mean: PNG's cICP, iCCP, sRGB, gAMA and cHRM
// chunks, a JPEG's ICC profile. Nothing = sRGB, as browsers show it.
struct Chromaticities {
  double white_x, white_y, red_x, red_y, green_x, green_y, blue_x, blue_y;
};
struct ColourTags {
  std::optional<std::array<std::uint8_t, 4>> cicp;  // primaries, transfer, matrix, full range
  std::vector<std::uint8_t> icc;
  bool srgb = false;
  std::optional<double> gamma;  // PNG gAMA: the encoding exponent (0.45455 for ~sRGB)
  std::optional<Chromaticities> chrm;
};

// Pixels as a decoder read them, before colour management: RGBA at 8 or 16 bits
// (16 only when a colour conversion will use the precision), or CMYK at 8 bits.
struct RawPixels {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int depth = 8;                      // 8 or 16
  bool cmyk = false;                  // 4 channels of ink, 8-bit
  bool cmyk_inverted = false;         // Adobe's convention: 255 = no ink
  bool grey = false;                  // R = G = B (a grey source expanded)
  std::vector<std::uint8_t> data8;    // RGBA or CMYK, 8-bit
  std::vector<std::uint16_t> data16;  // RGBA, 16-bit, native order
};

// Turn decoded pixels into an sRGB (or RGB-profiled) 8-bit Image: PNG's precedence
// cICP > iCCP > sRGB > gAMA/cHRM; grey and CMYK profiles applied; the sRGB profile
// dropped. Throws DecodeError for what cannot be shown right (HDR transfer curves).
// colour.cpp, with lcms2.
Image manage_colour(RawPixels&& raw, const ColourTags& tags);

// Whether the colour step needs 16-bit pixels to be exact (it converts the values).
bool needs_conversion(const ColourTags& tags);

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

// Return the EXIF orientation (1-8) in an APP1 Exif payload ("Exif\0\0" then TIFF),
// or 1; exif_orientation_tiff reads a bare TIFF block (PNG's eXIf chunk).
int exif_orientation(std::string_view app1);
int exif_orientation_tiff(std::string_view tiff);

// Rotate/mirror `image` so that EXIF orientation `orientation` becomes 1.
void apply_orientation(Image& image, int orientation);

}  // namespace imaging
