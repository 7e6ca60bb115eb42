// The metrics a budget can name, which source answers each, and what kind of
// quantity it is. Budget keys are matched against this table; a key that matches
// nothing is an error with a "did you mean".
#pragma once

#include "budget/threshold.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace budget {

struct MetricInfo {
  std::string_view pattern;  // a metric name, or a glob such as "categories:*"
  std::string_view source;   // "lighthouse", "bundle", "files", "images"
  Quantity quantity;
  // True when the metric applies to every subject of its source (each page for
  // a Lighthouse audit); false when the key itself names its subject
  // ("entrypoint:main", "file:**/*.js").
  bool per_subject;
  std::string_view title;  // human name for reports
  std::string_view also_source = {};  // a second source that answers it, if any
};

// Return whether measurements of `source` can answer `info`'s metric.
bool answers(const MetricInfo& info, std::string_view source);

// Return the entry for `key` (after aliases), or nullptr.
const MetricInfo* find_metric(std::string_view key);

// Return the canonical key for an alias ("lcp" -> "largest-contentful-paint"),
// or `key` unchanged.
std::string canonical_metric(std::string_view key);

// Whether budget key `pattern` ("api:GET /v1/patients/{id}:p95", "api:*:error-rate",
// "api:GET /v1/*:p99", "api:throughput") names load-test measurement `metric`: the
// statistic after the last ':' must be the same; in the endpoint, '*' matches any run of
// characters and nothing else is special ("{id}" is the path template as written).
bool api_key_matches(std::string_view pattern, std::string_view metric);

// Return every metric name and alias, for "did you mean".
std::vector<std::string> known_metric_names();

// Return a human title for `metric` ("Largest Contentful Paint"), or the key.
std::string metric_title(std::string_view metric);

// lhci's normalised user-timing name: camelCase split, every run of other than
// letters and digits one '-', trimmed, lower case ("Next.js-hydration" -> "next-js-hydration").
std::string user_timing_key(std::string_view name);

}  // namespace budget
