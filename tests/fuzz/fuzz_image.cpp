// PNG and JPEG through perfgate's own decode path (limits, EXIF, CMYK, APNG
// detection), with a small pixel limit so that the fuzzer explores parsing, not
// allocation.
#include "imaging/image.hpp"
#include "targets.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)imaging::decode(std::string_view(reinterpret_cast<const char*>(data), size), 4'000'000);
  } catch (const imaging::DecodeError&) {
  }
  (void)imaging::exif_orientation(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
