// Cache entries as they may be found on disk: truncated, edited, crafted. The
// parsers must refuse anything they did not write (a miss, never a wrong value)
// and never crash or recurse deeply; an entry they write must read back.
#include "sources/bundle.hpp"
#include "sources/file_sizes.hpp"
#include "targets.hpp"
#include "util/cache.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The envelope: header, length, checksum.
  const auto value = util::Cache::decode_entry(bytes);
  // Whatever decodes, and the raw bytes as if the envelope were gone, go to both value parsers.
  for (std::string_view text : {bytes, value ? std::string_view(*value) : bytes}) {
    (void)sources::parse_size_entry(text, true, 1000);
    (void)sources::parse_size_entry(text, false, 0);
    (void)sources::parse_stats_entry(text);
  }
  // Round trip: any value wrapped and unwrapped is itself.
  const auto back = util::Cache::decode_entry(util::Cache::encode_entry(bytes));
  if (!back || *back != bytes) std::abort();
  // A size entry that parses is one the writer could have written.
  if (auto sizes = sources::parse_size_entry(bytes, false, 1000)) {
    if (sizes->raw != 1000 || sizes->gzip == 0) std::abort();
  }
  return 0;
}
