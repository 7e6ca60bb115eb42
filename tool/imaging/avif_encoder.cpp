// AVIF with libavif and aom, set as sharp sets it for quality 50: end-usage q,
// cq-level 32, quantizers 0-63, speed 6, lossy alpha. libavif 0.11's own defaults
// would be wrong here: quantizers 0 mean lossless (huge) and speed -1 the slowest.
// The pixels are upright already, so no irot/imir boxes and no EXIF are written.
#include "imaging/encode.hpp"

#include "imaging/avif_library.hpp"

#include <algorithm>
#include <memory>

namespace imaging {

PERFGATE_LIBRARY_LOADER(Avif, libavif, PERFGATE_SONAME_AVIF, "writing or reading AVIF", PERFGATE_PACKAGE_AVIF, PERFGATE_AVIF_FUNCTIONS)

int cq_level_for(int quality) {
  // sharp maps quality q to aom's cq-level as round(63 * (1 - q/100)) when q
  // comes from its 1-100 scale: 50 -> 32 (rounded from 31.5).
  const int q = std::clamp(quality, 0, 100);
  return (63 * (100 - q) + 50) / 100;
}

std::string settings_key(const EncodeSettings& s) {
  return "webp-q" + std::to_string(s.webp_quality) + "-m" + std::to_string(s.webp_method) +
         (s.try_lossless ? "-ll" : "") + "-avif-q" + std::to_string(s.avif_quality) + "-s" + std::to_string(s.avif_speed);
}

Candidate encode_avif(const Image& image, const EncodeSettings& settings, bool yuv444) {
  std::unique_ptr<avifImage, void (*)(avifImage*)> avif(
      libavif().avifImageCreate(image.width, image.height, 8, yuv444 ? AVIF_PIXEL_FORMAT_YUV444 : AVIF_PIXEL_FORMAT_YUV420),
      libavif().avifImageDestroy);
  if (!avif) throw DecodeError{"libavif: out of memory"};
  avif->yuvRange = AVIF_RANGE_FULL;
  if (!image.icc.empty()) {
    // libavif 1.x returns a status where 0.11 returned nothing (Debian 12 ships 0.11.1).
#if AVIF_VERSION_MAJOR >= 1
    if (libavif().avifImageSetProfileICC(avif.get(), image.icc.data(), image.icc.size()) != AVIF_RESULT_OK) {
      throw DecodeError{"libavif: out of memory"};
    }
#else
    libavif().avifImageSetProfileICC(avif.get(), image.icc.data(), image.icc.size());
#endif
  }
  avifRGBImage rgb;
  libavif().avifRGBImageSetDefaults(&rgb, avif.get());
  rgb.format = AVIF_RGB_FORMAT_RGBA;
  rgb.depth = 8;
  rgb.pixels = const_cast<std::uint8_t*>(image.rgba.data());
  rgb.rowBytes = image.width * 4;
  rgb.ignoreAlpha = image.has_alpha ? AVIF_FALSE : AVIF_TRUE;
  if (libavif().avifImageRGBToYUV(avif.get(), &rgb) != AVIF_RESULT_OK) throw DecodeError{"libavif: colour conversion failed"};
  std::unique_ptr<avifEncoder, void (*)(avifEncoder*)> encoder(libavif().avifEncoderCreate(), libavif().avifEncoderDestroy);
  if (!encoder) throw DecodeError{"libavif: out of memory"};
  // One thread: images are converted in parallel, and aom's output depends on its thread
  // count — an output must be the same bytes on every machine (perfgate's record of what
  // it wrote, committed siblings checked in CI).
  encoder->maxThreads = 1;
  encoder->speed = settings.avif_speed;
  encoder->minQuantizer = AVIF_QUANTIZER_BEST_QUALITY;
  encoder->maxQuantizer = AVIF_QUANTIZER_WORST_QUALITY;
  encoder->minQuantizerAlpha = AVIF_QUANTIZER_BEST_QUALITY;
  encoder->maxQuantizerAlpha = AVIF_QUANTIZER_WORST_QUALITY;
  const std::string cq = std::to_string(cq_level_for(settings.avif_quality));
#if AVIF_VERSION_MAJOR >= 1
  if (libavif().avifEncoderSetCodecSpecificOption(encoder.get(), "end-usage", "q") != AVIF_RESULT_OK ||
      libavif().avifEncoderSetCodecSpecificOption(encoder.get(), "cq-level", cq.c_str()) != AVIF_RESULT_OK) {
    throw DecodeError{"libavif: out of memory"};
  }
#else
  libavif().avifEncoderSetCodecSpecificOption(encoder.get(), "end-usage", "q");
  libavif().avifEncoderSetCodecSpecificOption(encoder.get(), "cq-level", cq.c_str());
#endif
  avifRWData output = AVIF_DATA_EMPTY;
  const avifResult result = libavif().avifEncoderWrite(encoder.get(), avif.get(), &output);
  if (result != AVIF_RESULT_OK) {
    libavif().avifRWDataFree(&output);
    throw DecodeError{std::string("libavif could not encode it: ") + libavif().avifResultToString(result)};
  }
  std::string out(reinterpret_cast<const char*>(output.data), output.size);
  libavif().avifRWDataFree(&output);
  return {std::move(out), false};
}

}  // namespace imaging
