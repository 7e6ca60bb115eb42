// libavif's functions, loaded the first time an AVIF is written or decoded
// (util/library.hpp says why).
#pragma once

#include <avif/avif.h>

#include "util/library.hpp"

#define PERFGATE_AVIF_FUNCTIONS(X)                                                                                \
  X(avifImageCreate) X(avifImageCreateEmpty) X(avifImageDestroy) X(avifImageSetProfileICC)                       \
  X(avifRGBImageSetDefaults) X(avifRGBImageAllocatePixels) X(avifRGBImageFreePixels) X(avifImageRGBToYUV)         \
  X(avifImageYUVToRGB) X(avifEncoderCreate) X(avifEncoderDestroy) X(avifEncoderSetCodecSpecificOption)           \
  X(avifEncoderWrite) X(avifRWDataFree) X(avifResultToString) X(avifDecoderCreate) X(avifDecoderDestroy)          \
  X(avifDecoderReadMemory)

namespace imaging {

struct Avif {
  PERFGATE_AVIF_FUNCTIONS(PERFGATE_LIBRARY_MEMBER)
};

// Return libavif's functions, loading it the first time; throws util::Error when it
// cannot be loaded.
const Avif& libavif();

}  // namespace imaging
