// PNG through libpng: every flavour (palette, grey, 1-16 bit, tRNS, interlaced,
// alpha) into RGBA, then colour-managed as browsers show it (colour.cpp). The chunk
// list is walked first, bounds-checked, to refuse animated PNGs and read the colour
// and orientation chunks.
#include "imaging/image.hpp"

#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
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

// What the chunk walk finds besides the pixels.
struct ChunkInfo {
  ColourTags colour;
  int orientation = 1;
};

// Walk every chunk: refuse APNG and chunks that claim more bytes than the file has,
// and read the colour chunks (cICP, iCCP, sRGB, gAMA, cHRM) and eXIf: the first of
// each before the image data, as the spec places them. (libpng allocates a chunk's
// claimed length before it reads it: a 48-byte file claiming a 2 GB text chunk cost
// 2 GB of memory. Checked here, before libpng sees the file, the memory a PNG costs
// is bounded by its size.)
ChunkInfo scan_chunks(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  std::size_t at = 8;
  ChunkInfo info;
  bool image_data = false, seen_exif = false, one_frame_apng = false, frame_before_idat = false;
  while (at + 8 <= data.size()) {
    const std::uint32_t length = be32(p + at);
    const std::string_view type(data.data() + at + 4, 4);
    if (length > data.size() - at - 8) {
      throw DecodeError{"corrupt or truncated PNG: its " + std::string(type) + " chunk claims " + std::to_string(length) +
                        " bytes, and the file has " + std::to_string(data.size() - at - 8) + " left"};
    }
    const unsigned char* chunk = p + at + 8;
    // A chunk read here counts only with a right CRC, as libpng drops a damaged
    // ancillary chunk (a corrupt iCCP must not colour the picture).
    auto intact = [&] {
      const auto crc = static_cast<std::uint32_t>(crc32(crc32(0, p + at + 4, 4), chunk, static_cast<uInt>(length)));
      return at + 12 + length <= data.size() && be32(chunk + length) == crc;
    };
    // An animation (APNG): acTL before the image data with more than one frame. A
    // one-frame acTL, or one after the image data (not valid APNG), is a still picture
    // to browsers — unless no fcTL precedes the image data: then the image data is not
    // a frame, and browsers show the one fdAT frame instead.
    if (type == "acTL" && !image_data && length >= 4 && intact()) {
      if (be32(chunk) > 1) throw DecodeError{"animated PNG (APNG) is not converted: only its first frame would survive; skipped"};
      one_frame_apng = true;
    }
    if (type == "fcTL" && !image_data) frame_before_idat = true;
    if (type == "IDAT" && !image_data && one_frame_apng && !frame_before_idat) {
      throw DecodeError{"APNG whose one frame is not its default image (browsers show the frame; perfgate reads only "
                        "the default image); skipped"};
    }
    if (!image_data && (type == "iCCP" || type == "cICP" || type == "sRGB" || type == "gAMA" || type == "cHRM" ||
                        type == "eXIf") && !intact()) {
      at += std::size_t{12} + length;
      continue;
    }
    if (!image_data) {
      if (type == "iCCP" && info.colour.icc.empty()) {
        const void* nul = std::memchr(chunk, 0, std::min<std::size_t>(length, 80));
        if (nul) {
          const std::size_t name_len = static_cast<std::size_t>(static_cast<const unsigned char*>(nul) - chunk);
          if (name_len + 2 <= length) info.colour.icc = inflate_small(chunk + name_len + 2, length - name_len - 2);
        }
      } else if (type == "cICP" && length == 4 && !info.colour.cicp) {
        info.colour.cicp = std::array<std::uint8_t, 4>{chunk[0], chunk[1], chunk[2], chunk[3]};
      } else if (type == "sRGB" && length == 1) {
        info.colour.srgb = true;
      } else if (type == "gAMA" && length == 4 && !info.colour.gamma) {
        info.colour.gamma = be32(chunk) / 100000.0;
      } else if (type == "cHRM" && length == 32 && !info.colour.chrm) {
        auto v = [&](int i) { return be32(chunk + 4 * i) / 100000.0; };
        info.colour.chrm = Chromaticities{v(0), v(1), v(2), v(3), v(4), v(5), v(6), v(7)};
      }
    }
    // eXIf counts before the image data, as browsers read it (one after it is ignored).
    if (type == "eXIf" && !seen_exif && !image_data) {
      seen_exif = true;
      info.orientation = exif_orientation_tiff(std::string_view(reinterpret_cast<const char*>(chunk), length));
    }
    if (type == "IEND") break;
    image_data = image_data || type == "IDAT";
    at += std::size_t{12} + length;
  }
  return info;
}

struct ReadError {
  char message[200];
  std::jmp_buf jump;
};

[[noreturn]] void on_png_error(png_structp png, png_const_charp message) {
  auto* err = static_cast<ReadError*>(png_get_error_ptr(png));
  std::snprintf(err->message, sizeof err->message, "%s", message);
  std::longjmp(err->jump, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

struct MemoryReader {
  std::string_view data;
  std::size_t at = 0;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* r = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (length > r->data.size() - r->at) png_error(png, "unexpected end of file");
  std::memcpy(out, r->data.data() + r->at, length);
  r->at += length;
}

}  // namespace

// libpng's full API with transforms to RGBA: palettes and low bit depths expanded,
// tRNS to alpha, grey to RGB, interlaced passes combined by libpng. 16-bit samples
// are kept when the colour step converts them, else rounded to 8 (png_set_scale_16);
// no gamma transform: the colour step reads the chunks.
Image decode_png(std::string_view data, std::uint64_t max_pixels) {
  const ChunkInfo info = scan_chunks(data);
  ReadError err{};
  MemoryReader reader{data, 8};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &err, on_png_error, on_png_warning);
  if (!png) throw DecodeError{"libpng: out of memory"};
  png_infop info_ptr = png_create_info_struct(png);
  RawPixels raw;
  std::vector<png_bytep> rows;
  if (setjmp(err.jump)) {
    png_destroy_read_struct(&png, &info_ptr, nullptr);
    throw DecodeError{std::string("corrupt or truncated PNG (libpng: ") + err.message + ")"};
  }
  if (!info_ptr) png_error(png, "out of memory");
  png_set_read_fn(png, &reader, read_from_memory);
  png_set_sig_bytes(png, 8);
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
  png_set_chunk_malloc_max(png, data.size() + 1024);  // a chunk never exceeds the file (checked above)
  png_read_info(png, info_ptr);
  const png_uint_32 width = png_get_image_width(png, info_ptr), height = png_get_image_height(png, info_ptr);
  const std::uint64_t pixels = std::uint64_t{width} * height;
  if (pixels > max_pixels) {
    png_destroy_read_struct(&png, &info_ptr, nullptr);
    throw DecodeError{"PNG header claims " + std::to_string(width) + "x" + std::to_string(height) +
                      " pixels, over the limit of " + std::to_string(max_pixels) + " (raise it with --max-pixels)"};
  }
  const int colour_type = png_get_color_type(png, info_ptr);
  const bool deep = png_get_bit_depth(png, info_ptr) == 16 && needs_conversion(info.colour);
  raw.width = width;
  raw.height = height;
  raw.depth = deep ? 16 : 8;
  raw.grey = !(colour_type & PNG_COLOR_MASK_COLOR);
  png_set_expand(png);
  if (!deep) png_set_scale_16(png);
  if (raw.grey) png_set_gray_to_rgb(png);
  if (!(colour_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info_ptr, PNG_INFO_tRNS)) {
    png_set_filler(png, deep ? 0xffff : 0xff, PNG_FILLER_AFTER);
  }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  if (deep) png_set_swap(png);  // PNG is big-endian; lcms2 reads native uint16
#endif
  png_set_interlace_handling(png);
  png_read_update_info(png, info_ptr);
  rows.resize(height);
  if (deep) {
    raw.data16.resize(static_cast<std::size_t>(pixels) * 4);
    for (png_uint_32 y = 0; y < height; ++y) rows[y] = reinterpret_cast<png_bytep>(&raw.data16[std::size_t{y} * width * 4]);
  } else {
    raw.data8.resize(static_cast<std::size_t>(pixels) * 4);
    for (png_uint_32 y = 0; y < height; ++y) rows[y] = &raw.data8[std::size_t{y} * width * 4];
  }
  png_read_image(png, rows.data());
  // No png_read_end: what follows the image data (text, eXIf: read above) cannot
  // change the picture, and browsers show a file whose IEND is missing.
  png_destroy_read_struct(&png, &info_ptr, nullptr);

  Image image = manage_colour(std::move(raw), info.colour);
  for (std::size_t i = 3; i < image.rgba.size(); i += 4) {
    if (image.rgba[i] != 255) {
      image.has_alpha = true;
      break;
    }
  }
  apply_orientation(image, info.orientation);
  return image;
}

}  // namespace imaging
