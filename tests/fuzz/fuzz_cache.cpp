// Cache entries as they may be found on disk: truncated, edited, crafted. The
// parsers must refuse anything they did not write (a miss, never a wrong value)
// and never crash or recurse deeply; an entry they write must read back.
#include "sources/bundles/bundle.hpp"
#include "sources/bundles/file_sizes.hpp"
#include "targets.hpp"
#include "util/cache.hpp"

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The envelope: header, length, checksum.
  // The key is the input's first bytes up to a NUL (if any), the entry the rest.
  const auto nul = bytes.find('\0');
  const std::string_view key = nul == std::string_view::npos ? std::string_view() : bytes.substr(0, nul);
  const std::string_view entry = nul == std::string_view::npos ? bytes : bytes.substr(nul + 1);
  const auto value = util::Cache::decode_entry("sizes-v3", key, entry);
  // Whatever decodes, and the raw bytes as if the envelope were gone, go to both value parsers.
  for (std::string_view text : {bytes, value ? std::string_view(*value) : bytes}) {
    (void)sources::parse_size_entry(text, true, 1000);
    (void)sources::parse_size_entry(text, false, 0);
    (void)sources::parse_stats_entry(text);
  }
  // Round trip: any value wrapped and unwrapped is itself.
  const auto back = util::Cache::decode_entry("sizes-v3", key, util::Cache::encode_entry("sizes-v3", key, entry));
  if (!back || *back != entry) std::abort();
  // ...and under any other key or space, it is a miss.
  if (util::Cache::decode_entry("sizes-v3", std::string(key) + "0", util::Cache::encode_entry("sizes-v3", key, entry))) std::abort();
  if (util::Cache::decode_entry("stat-v3", key, util::Cache::encode_entry("sizes-v3", key, entry))) std::abort();
  // A size entry that parses is one the writer could have written.
  if (auto sizes = sources::parse_size_entry(bytes, false, 1000)) {
    if (sizes->raw != 1000 || sizes->gzip == 0) std::abort();
  }
  return 0;
}
