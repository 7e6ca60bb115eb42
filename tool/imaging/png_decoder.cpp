// PNG through libpng's simplified API, which turns every PNG flavour (palette,
// grey, 1-16 bit, tRNS, interlaced, alpha) into 8-bit RGBA. The chunk list is
// walked first, bounds-checked, to refuse animated PNGs and to keep the iCCP profile.
#include "imaging/image.hpp"

#include <png.h>
#include <zlib.h>

#include <cstring>

namespace imaging {

namespace {

std::uint32_t be32(const unsigned char* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

// Inflate a zlib stream of at most 16 MiB (an ICC profile is far smaller).
std::vector<std::uint8_t> inflate_small(const unsigned char* data, std::size_t size) {
  std::vector<std::uint8_t> out(1 << 16);
  z_stream s{};
  if (inflateInit(&s) != Z_OK) return {};
  s.next_in = const_cast<Bytef*>(data);
  s.avail_in = static_cast<uInt>(size);
  int status = Z_OK;
  while (status == Z_OK) {
    if (s.total_out == out.size()) {
      if (out.size() >= (16u << 20)) break;
      out.resize(out.size() * 2);
    }
    s.next_out = out.data() + s.total_out;
    s.avail_out = static_cast<uInt>(out.size() - s.total_out);
    status = inflate(&s, Z_NO_FLUSH);
  }
  const bool ok = status == Z_STREAM_END;
  out.resize(s.total_out);
  inflateEnd(&s);
  return ok ? out : std::vector<std::uint8_t>{};
}

// Walk every chunk: refuse APNG and chunks that claim more bytes than the file has,
// return the ICC profile. (libpng allocates a chunk's claimed length before it reads
// it: a 48-byte file claiming a 2 GB text chunk cost 2 GB of memory. Checked here,
// before libpng sees the file, the memory a PNG costs is bounded by its size.)
std::vector<std::uint8_t> scan_chunks(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t at = 8;
  std::vector<std::uint8_t> icc;
  bool image_data = false;
  while (at + 8 <= data.size()) {
    const std::uint32_t length = be32(p + at);
    const std::string_view type(data.data() + at + 4, 4);
    if (length > data.size() - at - 8) {
      throw DecodeError{"corrupt or truncated PNG: its " + std::string(type) + " chunk claims " + std::to_string(length) +
                        " bytes, and the file has " + std::to_string(data.size() - at - 8) + " left"};
    }
    if (type == "acTL") throw DecodeError{"animated PNG (APNG) is not converted: only its first frame would survive; skipped"};
    if (type == "iCCP" && !image_data) {
      const unsigned char* chunk = p + at + 8;
      const void* nul = std::memchr(chunk, 0, std::min<std::size_t>(length, 80));
      if (nul) {
        const std::size_t name_len = static_cast<std::size_t>(static_cast<const unsigned char*>(nul) - chunk);
        if (name_len + 2 <= length) icc = inflate_small(chunk + name_len + 2, length - name_len - 2);
      }
    }
    if (type == "IEND") break;
    image_data = image_data || type == "IDAT";
    at += std::size_t{12} + length;
  }
  return icc;
}

}  // namespace

Image decode_png(std::string_view data, std::uint64_t max_pixels) {
  Image image;
  image.icc = scan_chunks(data);
  png_image png{};
  png.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&png, data.data(), data.size())) {
    throw DecodeError{std::string("corrupt PNG (libpng: ") + png.message + ")"};
  }
  const std::uint64_t pixels = std::uint64_t{png.width} * png.height;
  if (pixels > max_pixels) {
    png_image_free(&png);
    throw DecodeError{"PNG header claims " + std::to_string(png.width) + "x" + std::to_string(png.height) +
                      " pixels, over the limit of " + std::to_string(max_pixels) + " (raise it with --max-pixels)"};
  }
  png.format = PNG_FORMAT_RGBA;
  image.width = png.width;
  image.height = png.height;
  image.rgba.resize(static_cast<std::size_t>(pixels) * 4);
  if (!png_image_finish_read(&png, nullptr, image.rgba.data(), 0, nullptr)) {
    const std::string message = png.message;
    png_image_free(&png);
    throw DecodeError{"corrupt or truncated PNG (libpng: " + message + ")"};
  }
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) {
    if (image.rgba[i] != 255) {
      image.has_alpha = true;
      break;
    }
  }
  return image;
}

}  // namespace imaging
