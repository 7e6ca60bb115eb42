// Lighthouse reports (and PageSpeed Insights responses), then their measurements.
#include "sources/lighthouse/lighthouse.hpp"
#include "targets.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const simdjson::padded_string json(reinterpret_cast<const char*>(data), size);
    auto report = sources::parse_lighthouse_report(json, "fuzz.json");
    (void)sources::lighthouse_measurements({report});
  } catch (const util::Error&) {
  }
  return 0;
}
