// The quality guard: an output is decoded again and compared with the picture it
// was made from. PSNR over premultiplied RGBA — colour hidden under full
// transparency does not count, as no viewer sees it.
#include "imaging/encode.hpp"

#include "imaging/avif_library.hpp"
#include <webp/decode.h>

#include <cmath>
#include <limits>
#include <memory>

namespace imaging {

namespace {

double psnr(const std::uint8_t* a, const std::uint8_t* b, std::size_t pixels) {
  double sum = 0;
  for (std::size_t i = 0; i < pixels; ++i) {
    const int alpha_a = a[i * 4 + 3], alpha_b = b[i * 4 + 3];
    for (int c = 0; c < 3; ++c) {
      const double d = (a[i * 4 + c] * alpha_a - b[i * 4 + c] * alpha_b) / 255.0;
      sum += d * d;
    }
    const double d = alpha_a - alpha_b;
    sum += d * d;
  }
  const double mse = sum / (static_cast<double>(pixels) * 4);
  return mse == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(255.0 * 255.0 / mse);
}

}  // namespace

double output_psnr(Format format, std::string_view encoded, const Image& source) {
  const std::size_t pixels = std::size_t{source.width} * source.height;
  if (format == Format::webp) {
    int w = 0, h = 0;
    std::unique_ptr<std::uint8_t, void (*)(void*)> rgba(
        WebPDecodeRGBA(reinterpret_cast<const std::uint8_t*>(encoded.data()), encoded.size(), &w, &h), WebPFree);
    if (!rgba || static_cast<std::uint32_t>(w) != source.width || static_cast<std::uint32_t>(h) != source.height) return 0;
    return psnr(rgba.get(), source.rgba.data(), pixels);
  }
  std::unique_ptr<avifDecoder, void (*)(avifDecoder*)> decoder(libavif().avifDecoderCreate(), libavif().avifDecoderDestroy);
  std::unique_ptr<avifImage, void (*)(avifImage*)> image(libavif().avifImageCreateEmpty(), libavif().avifImageDestroy);
  if (!decoder || !image) return 0;
  decoder->maxThreads = 1;
  if (libavif().avifDecoderReadMemory(decoder.get(), image.get(), reinterpret_cast<const std::uint8_t*>(encoded.data()),
                            encoded.size()) != AVIF_RESULT_OK ||
      image->width != source.width || image->height != source.height) {
    return 0;
  }
  avifRGBImage rgb;
  libavif().avifRGBImageSetDefaults(&rgb, image.get());
  rgb.format = AVIF_RGB_FORMAT_RGBA;
  rgb.depth = 8;
  // libavif 1.x reports an allocation failure; 0.11 aborts on one.
#if AVIF_VERSION_MAJOR >= 1
  if (libavif().avifRGBImageAllocatePixels(&rgb) != AVIF_RESULT_OK) return 0;
#else
  libavif().avifRGBImageAllocatePixels(&rgb);
#endif
  double result = 0;
  if (libavif().avifImageYUVToRGB(image.get(), &rgb) == AVIF_RESULT_OK) result = psnr(rgb.pixels, source.rgba.data(), pixels);
  libavif().avifRGBImageFreePixels(&rgb);
  return result;
}

}  // namespace imaging
