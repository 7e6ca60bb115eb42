// Compressed sizes of a file's bytes, as the budget tools compute them:
// gzip = zlib level 9 in the gzip container (what gzip-size, bundlesize and
// size-limit report; Node's zlib fork can differ by a few bytes either way),
// brotli = quality 11, window 22, generic mode (Node's zlib.brotliCompressSync
// defaults). Only the size is kept; the compressed bytes are discarded.
#pragma once

#include <cstdint>
#include <string_view>

namespace compression {  // "compress" is taken by zlib

struct Sizes {
  std::uint64_t raw = 0;
  std::uint64_t gzip = 0;
  std::uint64_t brotli = 0;
  bool has_brotli = false;  // brotli at quality 11 is slow: computed only when asked for
};

// Return the gzip size of `data` at `level` (1-9).
std::uint64_t gzip_size(std::string_view data, int level = 9);

// Return the brotli size of `data` at `quality` (0-11).
std::uint64_t brotli_size(std::string_view data, int quality = 11);

// Return raw and gzip sizes of `data`, and brotli when `brotli` is set.
Sizes all_sizes(std::string_view data, bool brotli = true);

}  // namespace compression
