// Bundles: webpack 4/5 stats.json, Vite/Rollup manifest.json and esbuild
// metafiles, resolved to each entrypoint's initial JS and CSS files, sized on
// disk (raw, gzip, brotli). Also per-file sizes under a dist folder.
#pragma once

#include "sources/bundles/stats.hpp"
#include "sources/measurement.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sources {

struct BundleInputs {
  std::vector<std::string> stats;   // --stats: stats.json, manifest.json or metafile
  std::optional<std::string> dist;  // --dist: where the built files are
  // --dist NAME=DIR: the folder of one compiler of a multi-compiler build
  // (NAME as webpack names it, or compiler-N for the N-th unnamed one).
  std::map<std::string, std::string> compiler_dist;
  unsigned jobs = 1;
  bool use_cache = true;
  std::string cache_dir;            // empty: the default cache folder
  bool brotli = false;              // also measure brotli (slow at quality 11)
  std::vector<std::string> file_globs;  // read_files: only files matching one of these ("" = all but maps)
};

// Measure every entrypoint named by the stats files (source "bundle").
SourceResult read_bundle(const BundleInputs& inputs);

// Return the parsed stats of a cache entry, or nullopt when it is not one this
// version wrote (exposed for tests and fuzzing).
std::optional<BundleStats> parse_stats_entry(std::string_view text);

// Measure every file under --dist (source "files"), for "file:<glob>" budgets.
SourceResult read_files(const BundleInputs& inputs);

}  // namespace sources
