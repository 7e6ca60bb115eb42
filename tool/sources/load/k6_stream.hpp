// k6's raw results (`k6 run --out json=points.json`, gzipped too): one JSON object a
// line, tens of millions of them for a soak test. Read streaming: blocks that end at a
// line break are parsed with simdjson's iterate_many on several threads at once, and
// only what a budget needs is kept — every http_req_duration sample (8 bytes each, for
// exact percentiles), its endpoint, error and time, and the highest vus. Memory is the
// samples plus a few blocks in flight, whatever the file's size; --max-json-size does
// not apply.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sources::k6 {

struct EndpointSamples {
  std::vector<double> ms;    // http_req_duration values, in the order read
  std::uint64_t errors = 0;       // status 5xx, and status 0 (no response: timeout, refused)
  std::uint64_t with_status = 0;  // samples with a status tag (k6 --system-tags may drop it)
};

struct Points {
  std::map<std::string, EndpointSamples> endpoints;  // "<method> <name tag>"
  std::optional<double> first, last;  // seconds since the epoch, of the first and last request
  std::optional<double> users;        // the highest vus value
  std::uint64_t lines = 0;
  std::uint64_t bytes = 0;            // read, after decompression
};

struct Options {
  unsigned jobs = 1;
  std::size_t block_bytes = std::size_t{8} << 20;
  bool progress = false;                        // a progress line on stderr
  std::uint64_t max_samples = 200'000'000;      // refuse (exit 2) beyond, never approximate
};

// Whether `head`, a file's first bytes (decompressed), is k6 points NDJSON.
bool looks_like_points(std::string_view head);

// Read the k6 points file at `path`. Throws util::Error naming the file (and the line)
// when it is unreadable, not k6 points, cut short, or has no http_req_duration point.
Points read_points(const std::string& path, const Options& options);

}  // namespace sources::k6
