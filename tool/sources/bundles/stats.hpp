// What a bundler says it built: entrypoints and the files each loads up front,
// from webpack 4/5 stats.json, a Vite/Rollup manifest.json or an esbuild
// metafile. The format is recognised by content, in one pass over the top level;
// webpack's `modules`, `reasons` and `source` (the bulk of a verbose stats file)
// are skipped unparsed.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sources {

struct BundleEntrypoint {
  std::string name;
  std::vector<std::string> initial;  // JS and CSS loaded with the entrypoint
  std::vector<std::string> async;    // loaded later (import()), not counted
  std::vector<std::string> other;    // named by the stats but not JS/CSS (maps, images): not counted
  std::uint64_t filtered = 0;        // assets the stats left out (webpack's filteredAssets): the list is incomplete
  bool async_unlinked = false;       // the stats do not say which async chunks this entrypoint loads: all are listed
  bool legacy = false;               // @vitejs/plugin-legacy's nomodule build: loaded instead of, not beside, the modern one
};

struct BundleStats {
  std::string kind;         // "webpack 5", "webpack 4", "vite", "esbuild"
  std::string compiler;     // a multi-compiler child's name, else ""
  std::string output_path;  // where the files were written, if the stats say
  std::vector<BundleEntrypoint> entrypoints;
  std::vector<BundleStats> children;  // a multi-compiler build's compilers
};

// Parse a webpack stats.json, Vite manifest.json or esbuild metafile. Throws
// util::Error naming `name` when it is none of them or is malformed.
BundleStats parse_bundle_stats(simdjson::padded_string_view json, const std::string& name);

// Return an asset name as the file it was written to: webpack keeps a query
// string of `filename` ("js/main.js?v=1a2b") in the stats and drops it on disk.
std::string asset_file(std::string_view name);

// Return whether `file` counts toward an initial download: JS or CSS, not a
// source map, hot update or extracted licence.
bool is_initial_asset(const std::string& file);

}  // namespace sources
