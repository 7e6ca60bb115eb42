// Raw, gzip and brotli sizes of files on disk, computed in parallel and cached
// by content: a file whose path, size, mtime and inode are unchanged is not even
// read again; a file with known content (a copy, a renamed hashed asset) is
// read and hashed but not compressed again.
#pragma once

#include "compress/sizes.hpp"
#include "util/cache.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sources {

struct FileSize {
  std::string path;
  std::optional<compression::Sizes> sizes;  // nullopt: could not be read (see error)
  std::string error;
};

// Return a key for `path`'s identity (path, device, inode, size, mtime, ctime), or
// "" when it cannot be read: equal keys mean an unchanged file.
std::string file_identity(const std::string& path);

// Return the sizes in a cache entry ("raw gzip brotli\n", brotli "-" when not
// computed) if it is well formed, belongs to a file of `raw_size` bytes, and
// holds brotli when `brotli` is asked for; else nullopt (a miss).
std::optional<compression::Sizes> parse_size_entry(std::string_view text, bool brotli, std::uint64_t raw_size);

// Measure every file in `paths` on `jobs` threads, using `cache`; brotli too
// when `brotli` is set. Results are in the order of `paths`.
std::vector<FileSize> measure_files(const std::vector<std::string>& paths, unsigned jobs, const util::Cache& cache,
                                    bool brotli);

}  // namespace sources
