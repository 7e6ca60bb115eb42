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
#include <utility>
#include <vector>

namespace sources::k6 {

struct EndpointSamples {
  std::vector<double> ms;    // http_req_duration values, in the order read
  std::uint64_t errors = 0;       // status 5xx, and status 0 (no response: timeout, refused)
  std::uint64_t with_status = 0;  // samples with a status tag (k6 --system-tags may drop it)
};

// One request in time (Options::timeline): k6 stamps a sample when the request ended.
struct TimedSample {
  double end_s = 0;  // seconds since the epoch
  double ms = 0;
  bool error = false;
};

struct Points {
  std::map<std::string, EndpointSamples> endpoints;  // "<method> <name tag>"
  std::vector<TimedSample> timeline;                 // with Options::timeline, in file order
  std::vector<std::pair<double, double>> vus;        // with Options::timeline: (seconds since the epoch, vus)
  std::optional<double> first, last;  // seconds since the epoch, of the first and last request
  std::optional<double> users;        // the highest vus value
  std::uint64_t lines = 0;
  std::uint64_t bytes = 0;            // read, after decompression
};

struct Options {
  unsigned jobs = 1;
  std::size_t block_bytes = std::size_t{8} << 20;
  bool progress = false;                        // a progress line on stderr
  bool timeline = false;                        // keep every request's time, and the vus over time
  std::uint64_t max_samples = 200'000'000;      // refuse (exit 2) beyond, never approximate
};

// Seconds since the epoch of an RFC 3339 time as k6 writes it
// ("2026-11-29T18:44:04.123456789+01:00"); nullopt when it is not one (k6_time.cpp).
std::optional<double> parse_time(std::string_view t);

// Whether `head`, a file's first bytes (decompressed), is k6 points NDJSON.
bool looks_like_points(std::string_view head);

// Read the k6 points file at `path`. Throws util::Error naming the file (and the line)
// when it is unreadable, not k6 points, cut short, or has no http_req_duration point.
Points read_points(const std::string& path, const Options& options);

}  // namespace sources::k6
