// HTTP response handling: a PageSpeed Insights answer, then the report inside it.
#include "net/psi.hpp"
#include "sources/lighthouse/lighthouse.hpp"
#include "targets.hpp"
#include "util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const std::string report = net::psi_lighthouse_report(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    (void)sources::parse_lighthouse_report(simdjson::padded_string(report), "fuzz");
  } catch (const util::Error&) {
  }
  return 0;
}
