// JPEG through libjpeg-turbo: baseline, progressive, greyscale and CMYK (Adobe's
// inverted CMYK / YCCK included), converted to RGBA through the embedded profile
// (colour.cpp); the EXIF orientation is applied to the pixels. libjpeg's errors longjmp back
// here and become DecodeError; its warnings (a truncated file) are errors too.
#include "imaging/image.hpp"

#include <cstdio>
#include <csetjmp>
#include <jpeglib.h>
#include <jerror.h>

namespace imaging {

namespace {

struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void on_error(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void on_warning(j_common_ptr cinfo, int level) {
  // Level -1 is a warning. Those that mean missing or damaged image data (a truncated
  // file above all) are errors, rather than a picture with a grey bottom half; the rest
  // (stray bytes between segments, a bad ICC marker sequence — the profile is then
  // dropped —, an unknown JFIF version or Adobe transform) cost nothing: djpeg and
  // browsers show those pictures in full.
  if (level >= 0) return;
  switch (cinfo->err->msg_code) {
    case JWRN_JPEG_EOF:           // Premature end of JPEG file
    case JWRN_HIT_MARKER:         // Corrupt JPEG data: premature end of data segment
    case JWRN_MUST_RESYNC:        // Corrupt JPEG data: found marker instead of RST
    case JWRN_HUFF_BAD_CODE:      // Corrupt JPEG data: bad Huffman code
    case JWRN_ARITH_BAD_CODE:     // Corrupt JPEG data: bad arithmetic code
    case JWRN_NOT_SEQUENTIAL:     // Invalid SOS parameters for sequential JPEG
    case JWRN_BOGUS_PROGRESSION:  // Inconsistent progression sequence
    case JWRN_TOO_MUCH_DATA:      // Application transferred too many scanlines
      on_error(cinfo);
    default:
      return;
  }
}

}  // namespace

Image decode_jpeg(std::string_view data, std::uint64_t max_pixels) {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.emit_message = on_warning;
  // Declared before setjmp, written only through their addresses after it: a longjmp
  // back leaves them in a state their destructors handle (no leak on a corrupt file).
  ColourTags tags;
  RawPixels raw;
  if (setjmp(err.jump)) {
    jpeg_destroy_decompress(&cinfo);
    // libjpeg-turbo 2.1 reads 8-bit lossy JPEG only: 12-bit and lossless files are
    // refused as what they are, not as corrupt.
    const std::string message = err.message;
    const bool unsupported = message.find("Unsupported") != std::string::npos;
    throw DecodeError{std::string(unsupported ? "unsupported JPEG (libjpeg: " : "corrupt or truncated JPEG (libjpeg: ") +
                      message + (unsupported ? "; 12-bit and lossless JPEG are not read)" : ")")};
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(data.data()), static_cast<unsigned long>(data.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);  // EXIF
  jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xffff);  // ICC
  jpeg_read_header(&cinfo, TRUE);
  const std::uint64_t pixels = std::uint64_t{cinfo.image_width} * cinfo.image_height;
  if (pixels > max_pixels) {
    jpeg_destroy_decompress(&cinfo);
    throw DecodeError{"JPEG is " + std::to_string(cinfo.image_width) + "x" + std::to_string(cinfo.image_height) +
                      " pixels, over the limit of " + std::to_string(max_pixels) + " (raise it with --max-pixels)"};
  }
  // The first APP1 that is EXIF: an XMP block (also APP1) often follows it.
  int orientation = 1;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next) {
    const std::string_view payload(reinterpret_cast<const char*>(m->data), m->data_length);
    if (m->marker == JPEG_APP0 + 1 && payload.substr(0, 6) == std::string_view("Exif\0\0", 6)) {
      orientation = exif_orientation(payload);
      break;
    }
  }
  JOCTET* icc = nullptr;
  unsigned int icc_size = 0;
  if (jpeg_read_icc_profile(&cinfo, &icc, &icc_size) && icc) {
    tags.icc.assign(icc, icc + icc_size);
    std::free(icc);
  }
  raw.cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  raw.grey = cinfo.jpeg_color_space == JCS_GRAYSCALE;
  // CMYK JPEGs store inverted values (Photoshop's convention, which nearly all of them
  // follow): browsers read every CMYK JPEG so, Adobe marker or not, and so does perfgate.
  raw.cmyk_inverted = raw.cmyk;
  cinfo.out_color_space = raw.cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress(&cinfo);
  raw.width = cinfo.output_width;
  raw.height = cinfo.output_height;
  raw.data8.resize(std::size_t{raw.width} * raw.height * 4);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rows[1] = {&raw.data8[std::size_t{cinfo.output_scanline} * raw.width * 4]};
    jpeg_read_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  Image image = manage_colour(std::move(raw), tags);
  apply_orientation(image, orientation);
  return image;
}

}  // namespace imaging
