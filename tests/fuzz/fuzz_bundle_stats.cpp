// webpack stats, Vite manifests and esbuild metafiles.
#include "sources/bundles/stats.hpp"
#include "targets.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const simdjson::padded_string json(reinterpret_cast<const char*>(data), size);
    (void)sources::parse_bundle_stats(json, "fuzz.json");
  } catch (const util::Error&) {
  }
  return 0;
}
