#include "imaging/image.hpp"

#include <cstring>

namespace imaging {

std::string_view format_name(Format format) {
  switch (format) {
    case Format::png: return "png";
    case Format::jpeg: return "jpeg";
    case Format::gif: return "gif";
    case Format::webp: return "webp";
    case Format::avif: return "avif";
    case Format::unknown: return "unknown";
  }
  return "unknown";
}

Format sniff_format(std::string_view d) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return d.size() >= at + magic.size() && d.substr(at, magic.size()) == magic;
  };
  if (starts("\x89PNG\r\n\x1a\n")) return Format::png;
  if (starts("\xff\xd8")) return Format::jpeg;  // SOI; libjpeg skips stray bytes before the next marker
  if (starts("GIF87a") || starts("GIF89a")) return Format::gif;
  if (starts("RIFF") && starts("WEBP", 8)) return Format::webp;
  if (starts("ftyp", 4) && (starts("avif", 8) || starts("avis", 8))) return Format::avif;
  return Format::unknown;
}

Image decode(std::string_view data, std::uint64_t max_pixels) {
  if (data.empty()) throw DecodeError{"empty file"};
  switch (sniff_format(data)) {
    case Format::png: return decode_png(data, max_pixels);
    case Format::jpeg: return decode_jpeg(data, max_pixels);
    case Format::gif:
      throw DecodeError{"GIF is not converted (perfgate has no GIF decoder, and an animation cannot be flattened "
                        "safely: use gif2webp); not in the default legacy formats either; skipped"};
    case Format::webp:
    case Format::avif: throw DecodeError{"already WebP/AVIF; skipped"};
    case Format::unknown: break;
  }
  // A PNG whose 8-byte signature was damaged (a text-mode transfer adds or drops CR/LF
  // bytes): its header chunk is still where a PNG's is.
  if (data.substr(0, std::min<std::size_t>(data.size(), 24)).find("IHDR") != std::string_view::npos) {
    throw DecodeError{"corrupt PNG: its signature is damaged (a transfer in text mode changes line endings)"};
  }
  throw DecodeError{"not a PNG or JPEG image (unrecognised content)"};
}

namespace {

std::uint32_t read_u16(const unsigned char* p, bool little) {
  return little ? p[0] | (p[1] << 8) : (p[0] << 8) | p[1];
}

std::uint32_t read_u32(const unsigned char* p, bool little) {
  return little ? p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24)
                : (static_cast<std::uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

}  // namespace

int exif_orientation(std::string_view app1) {
  if (app1.size() < 14 || app1.substr(0, 6) != std::string_view("Exif\0\0", 6)) return 1;
  return exif_orientation_tiff(app1.substr(6));
}

int exif_orientation_tiff(std::string_view block) {
  // A TIFF header: byte order, 42, offset of IFD0.
  if (block.size() < 8) return 1;
  const auto* tiff = reinterpret_cast<const unsigned char*>(block.data());
  const std::size_t size = block.size();
  bool little;
  if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
  else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
  else return 1;
  if (read_u16(tiff + 2, little) != 42) return 1;
  const std::uint32_t ifd = read_u32(tiff + 4, little);
  if (ifd > size || size - ifd < 2) return 1;
  const std::uint32_t count = read_u16(tiff + ifd, little);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + std::size_t{12} * i;
    if (entry + 12 > size) return 1;
    if (read_u16(tiff + entry, little) == 0x0112) {
      const std::uint32_t value = read_u16(tiff + entry + 8, little);
      return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
  }
  return 1;
}

void apply_orientation(Image& image, int orientation) {
  if (orientation <= 1 || orientation > 8) return;
  const std::uint32_t w = image.width, h = image.height;
  const bool swap = orientation >= 5;
  const std::uint32_t nw = swap ? h : w, nh = swap ? w : h;
  std::vector<std::uint8_t> out(image.rgba.size());
  for (std::uint32_t y = 0; y < h; ++y) {
    for (std::uint32_t x = 0; x < w; ++x) {
      std::uint32_t nx = x, ny = y;
      switch (orientation) {
        case 2: nx = w - 1 - x; break;                      // mirror horizontal
        case 3: nx = w - 1 - x; ny = h - 1 - y; break;      // rotate 180
        case 4: ny = h - 1 - y; break;                      // mirror vertical
        case 5: nx = y; ny = x; break;                      // transpose
        case 6: nx = h - 1 - y; ny = x; break;              // rotate 90 clockwise
        case 7: nx = h - 1 - y; ny = w - 1 - x; break;      // transverse
        case 8: nx = y; ny = w - 1 - x; break;              // rotate 270 clockwise
      }
      std::memcpy(&out[(std::size_t{ny} * nw + nx) * 4], &image.rgba[(std::size_t{y} * w + x) * 4], 4);
    }
  }
  image.rgba = std::move(out);
  image.width = nw;
  image.height = nh;
}

}  // namespace imaging
