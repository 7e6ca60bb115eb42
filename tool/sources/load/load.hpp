// Load-test results (--load): the API half of the SLA. Each file is recognised by its
// content — k6 (--out json points, --summary-export, handleSummary JSON), Locust (--csv
// stats), Artillery (--output report, with metrics-by-endpoint), autocannon (--json),
// JMeter JTL (CSV and XML) — and read into per-endpoint latency percentiles, error rate and
// request counts, plus the same for all requests together and the test's throughput.
#pragma once

#include "sources/measurement.hpp"

#include <string>
#include <vector>

namespace sources {

struct LoadOptions {
  unsigned jobs = 1;      // threads for k6 points files
  bool progress = false;  // a progress line on stderr while a large file is read
};

// Read `files` (source "load"). Endpoints are named as the tool groups them (k6's method
// and name tag, Locust's type and name, Artillery's request name, JMeter's label);
// "all requests" is the whole test.
SourceResult read_load(const std::vector<std::string>& files, const LoadOptions& options = {});

// The nearest-rank percentile of sorted `samples` (p in (0, 100]): the smallest value
// with at least p % of the samples at or below it.
double nearest_rank(const std::vector<double>& sorted, double p);

}  // namespace sources
