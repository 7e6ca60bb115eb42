// The steps the bundle readers share (internal to tool/sources/bundles): the cache they
// use, a parsed stats file from the cache or the disk, and sizes into measurements.
#pragma once

#include "compress/sizes.hpp"
#include "sources/bundles/bundle.hpp"
#include "util/cache.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sources::bundles {

util::Cache cache_for(const BundleInputs& inputs);

// The stats of `file`, parsed (stats.hpp), from the cache when the file is unchanged.
BundleStats read_stats(const std::string& file, const util::Cache& cache);

// Add one measurement per variant (gzip, brotli when asked, raw) for `files` (sizes
// known), details largest first, then the async files (not counted).
void add_measurements(SourceResult& result, const std::string& metric, const std::string& subject,
                      const std::vector<std::pair<std::string, compression::Sizes>>& files,
                      const std::vector<std::string>& async, const std::string& origin, bool brotli,
                      const char* what = "initial files", bool async_unlinked = false);

}  // namespace sources::bundles
