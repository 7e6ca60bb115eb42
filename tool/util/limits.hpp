// Limits on untrusted input, so that hostile files give an error instead of
// exhausting memory or the stack. Each is documented in docs/limits.md.
#pragma once

#include <cstddef>
#include <cstdint>

namespace util {

struct Limits {
  // Largest JSON file read (Lighthouse report, stats, budget); --max-json-size.
  std::uint64_t max_json_bytes = std::uint64_t{1} << 30;  // 1 GiB (a file is read whole; a gzip bomb stops here)
  // Deepest JSON nesting accepted (simdjson's own limit is 1024).
  std::size_t max_json_depth = 256;
  // Largest image, in pixels, decoded; --max-pixels.
  std::uint64_t max_image_pixels = 268'402'689;  // 16383 x 16383
  // Largest HTTP response body accepted.
  std::uint64_t max_http_bytes = std::uint64_t{256} << 20;  // 256 MiB
};

// Return the process-wide limits (set once from the command line).
Limits& limits();

}  // namespace util
