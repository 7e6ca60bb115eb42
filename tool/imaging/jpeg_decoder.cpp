// JPEG through libjpeg-turbo: baseline, progressive, greyscale and CMYK (Adobe's
// inverted CMYK / YCCK included), converted to RGBA; the EXIF orientation is
// applied to the pixels and the ICC profile kept. libjpeg's errors longjmp back
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
  // Level -1 is a corrupt-data warning. Stray bytes between segments ("N extraneous
  // bytes before marker") cost nothing: libjpeg skips them, as djpeg and browsers show
  // the picture in full. Any other (a truncated file above all) is an error, rather
  // than a picture with a grey bottom half.
  if (level < 0 && cinfo->err->msg_code != JWRN_EXTRANEOUS_DATA) on_error(cinfo);
}

}  // namespace

Image decode_jpeg(std::string_view data, std::uint64_t max_pixels) {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  cinfo.err = jpeg_std_error(&err.base);
  err.base.error_exit = on_error;
  err.base.emit_message = on_warning;
  Image image;
  // `image` is written only through its address after setjmp, so a longjmp back
  // leaves it in a state its destructor can handle.
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
  int orientation = 1;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next) {
    if (m->marker == JPEG_APP0 + 1) {
      orientation = exif_orientation(std::string_view(reinterpret_cast<const char*>(m->data), m->data_length));
    }
  }
  JOCTET* icc = nullptr;
  unsigned int icc_size = 0;
  if (jpeg_read_icc_profile(&cinfo, &icc, &icc_size) && icc) {
    image.icc.assign(icc, icc + icc_size);
    std::free(icc);
  }
  const bool cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress(&cinfo);
  image.width = cinfo.output_width;
  image.height = cinfo.output_height;
  image.rgba.resize(std::size_t{image.width} * image.height * 4);
  // Adobe's CMYK JPEGs store inverted values (Photoshop's convention).
  const bool inverted = cmyk && cinfo.saw_Adobe_marker;
  while (cinfo.output_scanline < cinfo.output_height) {
    unsigned char* out = &image.rgba[std::size_t{cinfo.output_scanline} * image.width * 4];
    JSAMPROW rows[1] = {out};
    jpeg_read_scanlines(&cinfo, rows, 1);
    if (cmyk) {
      for (std::uint32_t x = 0; x < image.width; ++x) {
        unsigned c = out[x * 4], m = out[x * 4 + 1], y = out[x * 4 + 2], k = out[x * 4 + 3];
        if (!inverted) {
          c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
        }
        out[x * 4] = static_cast<unsigned char>(c * k / 255);
        out[x * 4 + 1] = static_cast<unsigned char>(m * k / 255);
        out[x * 4 + 2] = static_cast<unsigned char>(y * k / 255);
        out[x * 4 + 3] = 255;
      }
    }
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  // A CMYK profile does not describe the RGB pixels written out.
  if (cmyk) image.icc.clear();
  apply_orientation(image, orientation);
  return image;
}

}  // namespace imaging
